/*
 * tests/unit/drivers/acpi/madt_test.c - madt_parse() on crafted MADTs.
 *
 * The MADT (ACPI 6.5, 5.2.12), signature "APIC":
 *
 *   0        36             40          44
 *   +--------+--------------+-----------+-------------------------------
 *   | header | u32 LAPIC PA | u32 flags | subtables (type, length, ...)
 *   +--------+--------------+-----------+-------------------------------
 *
 *   type 0, 8 bytes:  uid, apic id, u32 flags (bit 0 enabled, 1 online-capable)
 *   type 9, 16 bytes: u16 rsvd, u32 x2apic id, u32 flags, u32 uid
 *   others (I/O APIC 1, ISO 2, NMI 4, x2APIC NMI 10, reserved 0x7F...):
 *   stepped over by length.
 *
 * Processors are listed disabled ones included; online-capable only for
 * a disabled entry (a hotplug slot).  Tables are parsed from heap blocks
 * of exactly their length, under alarm() against a looping parser.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "drivers/acpi/madt.h"
#include "kernel/errno.h"
#include "tests/unit/drivers/acpi/builder.h"
#include "tests/unit/stubs/stubs.h"

#define MADT_FIXED      8
#define LAPIC_LEN       8
#define X2APIC_LEN      16

#define ENABLED         (1u << 0)
#define ONLINE_CAPABLE  (1u << 1)

struct fixture {
	struct tb b;
	struct madt m;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	stub_log_reset();
	alarm(10);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	alarm(0);
	free(*state);
	return 0;
}

static void madt_begin(struct fixture *f)
{
	tb_begin(&f->b, "APIC", 3, MADT_FIXED);
	tb_put32(f->b.buf + TB_HEADER_LEN, 0xfee00000);
	tb_put32(f->b.buf + TB_HEADER_LEN + 4, 1);      /* PC-AT compatible */
}

static uint8_t *add_lapic(struct fixture *f, uint8_t uid, uint8_t apic, uint32_t flags)
{
	uint8_t *s = tb_sub(&f->b, 0, LAPIC_LEN);

	s[2] = uid;
	s[3] = apic;
	tb_put32(s + 4, flags);
	return s;
}

static uint8_t *add_x2apic(struct fixture *f, uint32_t uid, uint32_t apic, uint32_t flags)
{
	uint8_t *s = tb_sub(&f->b, 9, X2APIC_LEN);

	tb_put32(s + 4, apic);
	tb_put32(s + 8, flags);
	tb_put32(s + 12, uid);
	return s;
}

/* The I/O APIC, interrupt overrides and NMI entries of a QEMU MADT. */
static void add_others(struct fixture *f)
{
	uint8_t *s = tb_sub(&f->b, 1, 12);

	memset(s + 2, 0xee, 10);
	tb_sub(&f->b, 2, 10);
	tb_sub(&f->b, 4, 6);
	tb_sub(&f->b, 10, 12);
}

static int parse(struct fixture *f)
{
	uint8_t *t = tb_finish(&f->b);
	int rc = madt_parse(&f->m, t, f->b.len);

	free(t);
	return rc;
}

static void assert_cpu(const struct madt_cpu *c, uint32_t apic, uint32_t uid,
		       bool enabled, bool online_capable, bool x2apic)
{
	assert_int_equal(c->apic_id, apic);
	assert_int_equal(c->uid, uid);
	assert_int_equal(c->enabled, enabled);
	assert_int_equal(c->online_capable, online_capable);
	assert_int_equal(c->x2apic, x2apic);
}

static void assert_rejected(struct fixture *f, int rc, const char *why)
{
	assert_int_equal(rc, -EINVAL);
	assert_int_equal(f->m.cpu_nr, 0);
	assert_non_null(strstr(stub_log(), "MADT not used"));
	assert_non_null(strstr(stub_log(), why));
}

/* --- well-formed tables --------------------------------------------------- */

/* QEMU -smp 2,maxcpus=4: two present CPUs, two hotplug slots. */
static void test_qemu_cpus(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	add_lapic(f, 0, 0, ENABLED);
	add_lapic(f, 1, 1, ENABLED);
	add_lapic(f, 2, 2, 0);
	add_lapic(f, 3, 4, 0);
	add_others(f);
	assert_int_equal(parse(f), 0);

	assert_int_equal(f->m.lapic_addr, 0xfee00000);
	assert_int_equal(f->m.flags, 1);
	assert_int_equal(f->m.cpu_nr, 4);
	assert_cpu(&f->m.cpu[0], 0, 0, true, false, false);
	assert_cpu(&f->m.cpu[1], 1, 1, true, false, false);
	assert_cpu(&f->m.cpu[2], 2, 2, false, false, false);
	assert_cpu(&f->m.cpu[3], 4, 3, false, false, false);
	assert_int_equal(f->m.dropped, 0);
}

/* Online-capable (ACPI 6.3) means something only on a disabled entry. */
static void test_online_capable(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	add_lapic(f, 0, 0, ENABLED | ONLINE_CAPABLE);
	add_lapic(f, 1, 1, ONLINE_CAPABLE);
	add_x2apic(f, 2, 0x100, ONLINE_CAPABLE);
	add_x2apic(f, 3, 0x101, ENABLED | ONLINE_CAPABLE);
	assert_int_equal(parse(f), 0);
	assert_cpu(&f->m.cpu[0], 0, 0, true, false, false);
	assert_cpu(&f->m.cpu[1], 1, 1, false, true, false);
	assert_cpu(&f->m.cpu[2], 0x100, 2, false, true, true);
	assert_cpu(&f->m.cpu[3], 0x101, 3, true, false, true);
}

/* x2APIC entries: 32-bit ids and UIDs, in table order with the LAPICs
 * (X299's disabled 0xFFFFFFFF placeholders included). */
static void test_x2apic(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	add_lapic(f, 0xfe, 0xfe, ENABLED);
	add_x2apic(f, 0x12345678, 0x87654321, ENABLED);
	add_x2apic(f, 0, 0xffffffff, 0);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->m.cpu_nr, 3);
	assert_cpu(&f->m.cpu[0], 0xfe, 0xfe, true, false, false);
	assert_cpu(&f->m.cpu[1], 0x87654321, 0x12345678, true, false, true);
	assert_cpu(&f->m.cpu[2], 0xffffffff, 0, false, false, true);
}

/* Reserved type 0x7F entries (X299 boards), 12 bytes of junk each, and a
 * maximal 255-byte unknown entry are stepped over by length. */
static void test_skips_reserved_types(void **state)
{
	struct fixture *f = *state;
	uint8_t *s;

	madt_begin(f);
	for (int i = 0; i < 3; i++) {
		s = tb_sub(&f->b, 0x7f, 12);
		memset(s + 2, 0x09, 10);        /* looks like type 9 to a bad walk */
	}
	s = tb_sub(&f->b, 0xff, 255);
	memset(s + 2, 0x00, 253);
	tb_sub(&f->b, 0x80, 2);
	add_lapic(f, 7, 8, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->m.cpu_nr, 1);
	assert_cpu(&f->m.cpu[0], 8, 7, true, false, false);
}

/* Entries longer than their fixed size: read, then skipped whole. */
static void test_longer_entries(void **state)
{
	struct fixture *f = *state;
	uint8_t *s;

	madt_begin(f);
	s = tb_sub(&f->b, 0, LAPIC_LEN + 4);
	s[2] = 1;
	s[3] = 2;
	tb_put32(s + 4, ENABLED);
	memset(s + LAPIC_LEN, 0xff, 4);
	s = tb_sub(&f->b, 9, X2APIC_LEN + 8);
	tb_put32(s + 4, 0x300);
	tb_put32(s + 12, 3);
	add_lapic(f, 4, 5, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->m.cpu_nr, 3);
	assert_cpu(&f->m.cpu[0], 2, 1, true, false, false);
	assert_cpu(&f->m.cpu[1], 0x300, 3, false, false, true);
	assert_cpu(&f->m.cpu[2], 5, 4, true, false, false);
}

/* Header only: no processors, not an error. */
static void test_no_subtables(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->m.cpu_nr, 0);
}

/* More than MADT_CPU_MAX processors: the rest counted and reported. */
static void test_too_many_cpus(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	for (unsigned int i = 0; i < MADT_CPU_MAX + 2; i++)
		add_x2apic(f, i, i, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->m.cpu_nr, MADT_CPU_MAX);
	assert_int_equal(f->m.dropped, 2);
	assert_cpu(&f->m.cpu[MADT_CPU_MAX - 1], MADT_CPU_MAX - 1, MADT_CPU_MAX - 1,
		   true, false, true);
	assert_non_null(strstr(stub_log(), "MADT_CPU_MAX"));
}

/* A second parse starts afresh (counts of the first do not leak). */
static void test_reparse_resets(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	for (unsigned int i = 0; i < MADT_CPU_MAX + 1; i++)
		add_x2apic(f, i, i, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->m.dropped, 1);
	madt_begin(f);
	add_lapic(f, 0, 0, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->m.cpu_nr, 1);
	assert_int_equal(f->m.dropped, 0);
}

/* --- hostile tables ------------------------------------------------------- */

static void test_rejects_short_header(void **state)
{
	struct fixture *f = *state;
	static const size_t lens[] = { 0, TB_HEADER_LEN, TB_HEADER_LEN + MADT_FIXED - 1 };

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		madt_begin(f);
		f->b.len = lens[i];
		f->m.cpu_nr = 5;
		stub_log_reset();
		assert_rejected(f, parse(f), "shorter than its header");
	}
}

static void test_rejects_one_stray_byte(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	add_lapic(f, 0, 0, ENABLED);
	tb_add(&f->b, 1)[0] = 0;
	assert_rejected(f, parse(f), "truncated subtable header");
}

static void test_rejects_length_0(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	add_lapic(f, 0, 0, ENABLED);
	tb_sub(&f->b, 0, 0);
	add_lapic(f, 1, 1, ENABLED);
	assert_rejected(f, parse(f), "length below 2");
}

static void test_rejects_length_1(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	tb_sub(&f->b, 0x7f, 1);
	assert_rejected(f, parse(f), "length below 2");
}

static void test_rejects_length_past_end(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	add_lapic(f, 0, 0, ENABLED);
	add_x2apic(f, 1, 1, ENABLED);
	f->b.len -= 1;
	assert_rejected(f, parse(f), "runs past the end");
}

static void test_rejects_unknown_past_end(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	tb_sub(&f->b, 0x7f, 12)[1] = 13;
	assert_rejected(f, parse(f), "runs past the end");
}

static void test_rejects_short_lapic(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	tb_sub(&f->b, 0, LAPIC_LEN - 1);
	assert_rejected(f, parse(f), "shorter than 8 bytes");
}

static void test_rejects_short_x2apic(void **state)
{
	struct fixture *f = *state;

	madt_begin(f);
	tb_sub(&f->b, 9, X2APIC_LEN - 1);
	assert_rejected(f, parse(f), "shorter than 16 bytes");
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_qemu_cpus),
		TEST(test_online_capable),
		TEST(test_x2apic),
		TEST(test_skips_reserved_types),
		TEST(test_longer_entries),
		TEST(test_no_subtables),
		TEST(test_too_many_cpus),
		TEST(test_reparse_resets),
		TEST(test_rejects_short_header),
		TEST(test_rejects_one_stray_byte),
		TEST(test_rejects_length_0),
		TEST(test_rejects_length_1),
		TEST(test_rejects_length_past_end),
		TEST(test_rejects_unknown_past_end),
		TEST(test_rejects_short_lapic),
		TEST(test_rejects_short_x2apic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
