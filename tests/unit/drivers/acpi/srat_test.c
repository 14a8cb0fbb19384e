/*
 * tests/unit/drivers/acpi/srat_test.c - srat_parse() on crafted SRATs.
 *
 * Each test lays out an SRAT with tests/unit/drivers/acpi/builder.h, in a
 * heap block of exactly its length, and parses it.  Expected values come
 * from what the test laid out and the rules srat.h documents (Linux's):
 * enabled entries only; a memory proximity domain keeps only its low 8
 * bits in a revision 1 table; a processor (local APIC) domain gains its
 * high 24 bits from revision 2; an x2APIC domain is 32 bits always.
 *
 * The SRAT (ACPI 6.5, 5.2.16):
 *
 *   0        36           40         48
 *   +--------+------------+----------+-----------------------------------
 *   | header | u32 rsvd=1 | u64 rsvd | subtables (type, length, ...)
 *   +--------+------------+----------+-----------------------------------
 *
 *   type 0, 16 bytes: pxm[7:0], apic id, u32 flags, sapic eid, pxm[31:8], clock
 *   type 1, 40 bytes: u32 pxm, rsvd, u64 base, u64 length, rsvd, u32 flags, rsvd
 *   type 2, 24 bytes: rsvd, u32 pxm, u32 x2apic id, u32 flags, clock, rsvd
 *
 * Every test runs under alarm(): a parser looping on a zero-length
 * subtable is killed and counted as a failure, not a hang.
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

#include "drivers/acpi/srat.h"
#include "kernel/errno.h"
#include "tests/unit/drivers/acpi/builder.h"
#include "tests/unit/stubs/stubs.h"

#define SRAT_FIXED      12      /* u32 table revision + u64 reserved */
#define CPU_LEN         16
#define MEM_LEN         40
#define X2APIC_LEN      24

#define ENABLED         (1u << 0)
#define HOTPLUG         (1u << 1)
#define NONVOLATILE     (1u << 2)

struct fixture {
	struct tb b;
	struct numa_affinity a;
	size_t len;             /* of the last table parsed */
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

static void srat_begin(struct fixture *f, uint8_t rev)
{
	tb_begin(&f->b, "SRAT", rev, SRAT_FIXED);
	tb_put32(f->b.buf + TB_HEADER_LEN, 1);  /* "table revision", always 1 */
}

/* A processor local APIC affinity entry; @pxm's high 24 bits go into the
 * "Proximity Domain High" bytes that only revision 2+ reads. */
static uint8_t *add_cpu(struct fixture *f, uint8_t apic, uint32_t pxm, uint32_t flags)
{
	uint8_t *s = tb_sub(&f->b, 0, CPU_LEN);

	s[2] = (uint8_t)pxm;
	s[3] = apic;
	tb_put32(s + 4, flags);
	s[9] = (uint8_t)(pxm >> 8);
	s[10] = (uint8_t)(pxm >> 16);
	s[11] = (uint8_t)(pxm >> 24);
	return s;
}

static uint8_t *add_mem(struct fixture *f, uint32_t pxm, uint64_t base, uint64_t len,
			uint32_t flags)
{
	uint8_t *s = tb_sub(&f->b, 1, MEM_LEN);

	tb_put32(s + 2, pxm);
	tb_put64(s + 8, base);
	tb_put64(s + 16, len);
	tb_put32(s + 28, flags);
	return s;
}

static uint8_t *add_x2apic(struct fixture *f, uint32_t apic, uint32_t pxm, uint32_t flags)
{
	uint8_t *s = tb_sub(&f->b, 2, X2APIC_LEN);

	tb_put32(s + 4, pxm);
	tb_put32(s + 8, apic);
	tb_put32(s + 12, flags);
	return s;
}

/* Parse what the builder holds from a block of exactly its length. */
static int parse(struct fixture *f)
{
	uint8_t *t = tb_finish(&f->b);
	int rc;

	f->len = f->b.len;
	rc = srat_parse(&f->a, t, f->len);
	free(t);
	return rc;
}

static void assert_mem(const struct numa_memblk *m, uint64_t start, uint64_t end,
		       uint32_t pxm, bool hotplug, bool nonvolatile)
{
	assert_int_equal(m->start, start);
	assert_int_equal(m->end, end);
	assert_int_equal(m->pxm, pxm);
	assert_int_equal(m->hotplug, hotplug);
	assert_int_equal(m->nonvolatile, nonvolatile);
}

static void assert_cpu(const struct numa_cpu *c, uint32_t apic, uint32_t pxm)
{
	assert_int_equal(c->apic_id, apic);
	assert_int_equal(c->pxm, pxm);
}

/* A broken table: -EINVAL, a log line saying why, nothing kept. */
static void assert_rejected(struct fixture *f, int rc, const char *why)
{
	assert_int_equal(rc, -EINVAL);
	assert_int_equal(f->a.mem_nr, 0);
	assert_int_equal(f->a.cpu_nr, 0);
	assert_non_null(strstr(stub_log(), "SRAT not used"));
	assert_non_null(strstr(stub_log(), why));
}

/* --- well-formed tables --------------------------------------------------- */

/*
 * QEMU q35, 2 nodes x 2 GiB (the SRAT of qemu72-q35-ovmf-2node-4g):
 *
 *   0      640K 1M                2G          4G                6G
 *   |=PXM 0=|   |=====PXM 0=======|    hole   |=====PXM 1=======|
 *   plus two all-zero disabled padding entries, as QEMU writes them
 */
static void test_qemu_two_nodes(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 1);
	add_cpu(f, 0, 0, ENABLED);
	add_cpu(f, 1, 1, ENABLED);
	add_mem(f, 0, 0, 0xa0000, ENABLED);
	add_mem(f, 0, 0x100000, 0x7ff00000, ENABLED);
	add_mem(f, 1, 0x100000000, 0x80000000, ENABLED);
	add_mem(f, 0, 0, 0, 0);
	add_mem(f, 0, 0, 0, 0);
	assert_int_equal(parse(f), 0);

	assert_int_equal(f->a.mem_nr, 3);
	assert_mem(&f->a.mem[0], 0, 0xa0000, 0, false, false);
	assert_mem(&f->a.mem[1], 0x100000, 0x80000000, 0, false, false);
	assert_mem(&f->a.mem[2], 0x100000000, 0x180000000, 1, false, false);
	assert_int_equal(f->a.cpu_nr, 2);
	assert_cpu(&f->a.cpu[0], 0, 0);
	assert_cpu(&f->a.cpu[1], 1, 1);
	assert_int_equal(f->a.dropped, 0);
}

/* A header and nothing else: valid, and empty. */
static void test_no_subtables(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.mem_nr, 0);
	assert_int_equal(f->a.cpu_nr, 0);
}

/* Disabled entries of every kind are skipped, wherever they sit: the HP
 * DL360 G7's disabled hole [0xe0000000, 4G), its zero-length entries with
 * a non-zero base, disabled LAPIC and x2APIC placeholders (X299). */
static void test_skips_disabled(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	add_cpu(f, 0x10, 0, 0);
	add_cpu(f, 0x11, 0, ENABLED);
	add_x2apic(f, 0xffffffff, 0, 0);
	add_mem(f, 0, 0xe0000000, 0x20000000, 0);
	add_mem(f, 1, 0x3020000000, 0, HOTPLUG);        /* hotplug, but not enabled */
	add_mem(f, 0, 0, 0x80000000, ENABLED);
	add_cpu(f, 0x12, 1, HOTPLUG);                   /* bit 1 is not "enabled" */
	assert_int_equal(parse(f), 0);

	assert_int_equal(f->a.mem_nr, 1);
	assert_mem(&f->a.mem[0], 0, 0x80000000, 0, false, false);
	assert_int_equal(f->a.cpu_nr, 1);
	assert_cpu(&f->a.cpu[0], 0x11, 0);
}

/* Revision 1: a memory domain is its low 8 bits (Linux: "pxm &= 0xff"). */
static void test_rev1_memory_pxm_low_8_bits(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 1);
	add_mem(f, 0x12345678, 0, 0x1000, ENABLED);
	add_mem(f, 0x100, 0x1000, 0x1000, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.mem[0].pxm, 0x78);
	assert_int_equal(f->a.mem[1].pxm, 0);
}

/* Revision 0 (pre-ACPI 3.0 tables) counts as revision 1. */
static void test_rev0_memory_pxm_low_8_bits(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 0);
	add_mem(f, 0xabcd01, 0, 0x1000, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.mem[0].pxm, 0x01);
}

/* Revision 2 and later: all 32 bits of a memory domain. */
static void test_rev2_memory_pxm_32_bits(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 2);
	add_mem(f, 0x12345678, 0, 0x1000, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.mem[0].pxm, 0x12345678);
}

/* A local APIC domain: low 8 bits before revision 2, all 32 from it. */
static void test_cpu_pxm_high_bits_from_rev2(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 1);
	add_cpu(f, 3, 0xabcdef01, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_cpu(&f->a.cpu[0], 3, 0x01);

	srat_begin(f, 2);
	add_cpu(f, 3, 0xabcdef01, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_cpu(&f->a.cpu[0], 3, 0xabcdef01);
}

/* x2APIC entries: 32-bit ids and domains whatever the revision, in table
 * order with local APIC entries (QEMU with more than 255 CPUs). */
static void test_x2apic(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 1);
	add_cpu(f, 0xfe, 0, ENABLED);
	add_x2apic(f, 0x100, 0x12345678, ENABLED);
	add_cpu(f, 0x01, 1, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.cpu_nr, 3);
	assert_cpu(&f->a.cpu[0], 0xfe, 0);
	assert_cpu(&f->a.cpu[1], 0x100, 0x12345678);
	assert_cpu(&f->a.cpu[2], 0x01, 1);
}

/*
 * Flags of QEMU's dimmpxm case: an NVDIMM range inside another domain's
 * hotplug range - the parser keeps both as given; overlaps are numa.c's.
 *
 *   4G                4G+128M    4G+256M                    8G-128M
 *   |---- PXM 3 hotplug --[PXM 2 non-volatile)---------------|
 */
static void test_hotplug_and_nonvolatile(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 1);
	add_mem(f, 2, 0x108000000, 0x8000000, ENABLED | NONVOLATILE);
	add_mem(f, 3, 0x100000000, 0xf8000000, ENABLED | HOTPLUG);
	assert_int_equal(parse(f), 0);
	assert_mem(&f->a.mem[0], 0x108000000, 0x110000000, 2, false, true);
	assert_mem(&f->a.mem[1], 0x100000000, 0x1f8000000, 3, true, false);
}

/* An enabled zero-length range is kept (empty): Linux prints it too. */
static void test_zero_length_kept(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	add_mem(f, 0, 0x3020000000, 0, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.mem_nr, 1);
	assert_mem(&f->a.mem[0], 0x3020000000, 0x3020000000, 0, false, false);
}

/* The highest range that does not wrap: [2^64 - 8K, 2^64 - 4K). */
static void test_range_just_below_2_64(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	add_mem(f, 0, UINT64_MAX - 0x1fff, 0x1000, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_mem(&f->a.mem[0], UINT64_MAX - 0x1fff, UINT64_MAX - 0xfff, 0, false, false);
}

/* GICC (3, 76 bytes), GIC ITS (4, 12), generic initiator (5, 32) and a
 * reserved type are stepped over by their length, even longer than any
 * known type; entries after them are still read. */
static void test_skips_other_types_by_length(void **state)
{
	struct fixture *f = *state;
	uint8_t *s;

	srat_begin(f, 3);
	s = tb_sub(&f->b, 3, 76);
	memset(s + 2, 0xff, 74);        /* junk a parser must not read as ours */
	tb_sub(&f->b, 4, 12);
	tb_sub(&f->b, 5, 32);
	s = tb_sub(&f->b, 0x7f, 255);
	memset(s + 2, 0x01, 253);
	tb_sub(&f->b, 0x80, 2);         /* the shortest possible subtable */
	add_mem(f, 7, 0x1000, 0x1000, ENABLED);
	add_cpu(f, 9, 7, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.mem_nr, 1);
	assert_mem(&f->a.mem[0], 0x1000, 0x2000, 7, false, false);
	assert_int_equal(f->a.cpu_nr, 1);
	assert_cpu(&f->a.cpu[0], 9, 7);
}

/* Entries longer than their type's fixed size (a future revision's
 * fields): read, and the next entry found after the whole length. */
static void test_longer_entries(void **state)
{
	struct fixture *f = *state;
	uint8_t *s;

	srat_begin(f, 3);
	s = tb_sub(&f->b, 1, MEM_LEN + 8);
	tb_put32(s + 2, 1);
	tb_put64(s + 8, 0x200000);
	tb_put64(s + 16, 0x200000);
	tb_put32(s + 28, ENABLED);
	memset(s + MEM_LEN, 0xff, 8);
	s = tb_sub(&f->b, 0, CPU_LEN + 4);
	s[2] = 1;
	s[3] = 5;
	tb_put32(s + 4, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_mem(&f->a.mem[0], 0x200000, 0x400000, 1, false, false);
	assert_int_equal(f->a.cpu_nr, 1);
	assert_cpu(&f->a.cpu[0], 5, 1);
}

/* The lists end at their limits; the rest is counted and reported. */
static void test_too_many_entries(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	for (unsigned int i = 0; i < NUMA_MEMBLK_MAX + 2; i++)
		add_mem(f, i & 0xff, (uint64_t)i << 20, 1 << 20, ENABLED);
	for (unsigned int i = 0; i < NUMA_CPU_MAX + 3; i++)
		add_x2apic(f, i, 0, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.mem_nr, NUMA_MEMBLK_MAX);
	assert_int_equal(f->a.cpu_nr, NUMA_CPU_MAX);
	assert_int_equal(f->a.dropped, 5);
	assert_mem(&f->a.mem[NUMA_MEMBLK_MAX - 1], (uint64_t)(NUMA_MEMBLK_MAX - 1) << 20,
		   (uint64_t)NUMA_MEMBLK_MAX << 20, (NUMA_MEMBLK_MAX - 1) & 0xff, false, false);
	assert_cpu(&f->a.cpu[NUMA_CPU_MAX - 1], NUMA_CPU_MAX - 1, 0);
	assert_non_null(strstr(stub_log(), "raise them"));
}

/* The SLIT fields are not the SRAT parser's to touch. */
static void test_leaves_distances_alone(void **state)
{
	struct fixture *f = *state;

	f->a.dist_nr = 2;
	f->a.dist[0][1] = 21;
	srat_begin(f, 3);
	add_cpu(f, 0, 0, ENABLED);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.dist_nr, 2);
	assert_int_equal(f->a.dist[0][1], 21);
}

/* --- hostile tables ------------------------------------------------------- */

/* Shorter than the 48-byte SRAT header: 0, 36 and 47 bytes. */
static void test_rejects_short_header(void **state)
{
	struct fixture *f = *state;
	static const size_t lens[] = { 0, 1, TB_HEADER_LEN, TB_HEADER_LEN + SRAT_FIXED - 1 };

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		srat_begin(f, 3);
		f->b.len = lens[i];
		f->a.mem_nr = f->a.cpu_nr = 99;
		stub_log_reset();
		assert_rejected(f, parse(f), "shorter than its header");
	}
}

/* A good entry, then one byte: no room for a subtable header. */
static void test_rejects_one_stray_byte(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	add_cpu(f, 0, 0, ENABLED);
	tb_add(&f->b, 1)[0] = 1;
	assert_rejected(f, parse(f), "truncated subtable header");
}

/* Length 0 and 1 would never advance: rejected, not looped on. */
static void test_rejects_length_0(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	add_mem(f, 0, 0, 0x1000, ENABLED);
	tb_sub(&f->b, 1, 0);
	add_cpu(f, 0, 0, ENABLED);
	assert_rejected(f, parse(f), "length below 2");
}

static void test_rejects_length_1(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	tb_sub(&f->b, 0x7f, 1);
	assert_rejected(f, parse(f), "length below 2");
}

/* The last subtable says 40 bytes, the table ends 1 byte earlier. */
static void test_rejects_length_past_end(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	add_cpu(f, 0, 0, ENABLED);
	add_mem(f, 0, 0, 0x1000, ENABLED);
	f->b.len -= 1;
	assert_rejected(f, parse(f), "runs past the end");
}

/* An unknown type's length is bounded by the table too. */
static void test_rejects_unknown_type_past_end(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	tb_sub(&f->b, 5, 32);
	f->b.buf[f->b.len - 32 + 1] = 33;
	assert_rejected(f, parse(f), "runs past the end");
}

/* Each known type shorter than its fixed size, by one byte, with the
 * table ending right after it (so a read of the missing byte is caught). */
static void test_rejects_short_cpu(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	tb_sub(&f->b, 0, CPU_LEN - 1)[4] = ENABLED;
	assert_rejected(f, parse(f), "shorter than 16 bytes");
}

static void test_rejects_short_memory(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	tb_sub(&f->b, 1, MEM_LEN - 1);
	assert_rejected(f, parse(f), "shorter than 40 bytes");
}

static void test_rejects_short_x2apic(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	tb_sub(&f->b, 2, X2APIC_LEN - 1);
	assert_rejected(f, parse(f), "shorter than 24 bytes");
}

/* A short entry is broken even when disabled: its flags are unreadable. */
static void test_rejects_short_disabled_memory(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	tb_sub(&f->b, 1, 16);
	add_mem(f, 0, 0, 0x1000, ENABLED);
	assert_rejected(f, parse(f), "shorter than 40 bytes");
}

/*
 * base + length past 2^64:
 *
 *   2^64 - 4K                2^64
 *   [------------------------|-----> 4K more: wraps to 0x1000
 */
static void test_rejects_wrapping_range(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	add_mem(f, 0, 0, 0x1000, ENABLED);
	add_mem(f, 0, UINT64_MAX - 0xfff, 0x2000, ENABLED);
	assert_rejected(f, parse(f), "wraps past 2^64");
}

static void test_rejects_huge_length(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	add_mem(f, 0, 0x100000, UINT64_MAX, ENABLED);
	assert_rejected(f, parse(f), "wraps past 2^64");
}

/* A wrapping range that is disabled is skipped, not an error. */
static void test_disabled_wrapping_range_skipped(void **state)
{
	struct fixture *f = *state;

	srat_begin(f, 3);
	add_mem(f, 0, UINT64_MAX, UINT64_MAX, 0);
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.mem_nr, 0);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_qemu_two_nodes),
		TEST(test_no_subtables),
		TEST(test_skips_disabled),
		TEST(test_rev1_memory_pxm_low_8_bits),
		TEST(test_rev0_memory_pxm_low_8_bits),
		TEST(test_rev2_memory_pxm_32_bits),
		TEST(test_cpu_pxm_high_bits_from_rev2),
		TEST(test_x2apic),
		TEST(test_hotplug_and_nonvolatile),
		TEST(test_zero_length_kept),
		TEST(test_range_just_below_2_64),
		TEST(test_skips_other_types_by_length),
		TEST(test_longer_entries),
		TEST(test_too_many_entries),
		TEST(test_leaves_distances_alone),
		TEST(test_rejects_short_header),
		TEST(test_rejects_one_stray_byte),
		TEST(test_rejects_length_0),
		TEST(test_rejects_length_1),
		TEST(test_rejects_length_past_end),
		TEST(test_rejects_unknown_type_past_end),
		TEST(test_rejects_short_cpu),
		TEST(test_rejects_short_memory),
		TEST(test_rejects_short_x2apic),
		TEST(test_rejects_short_disabled_memory),
		TEST(test_rejects_wrapping_range),
		TEST(test_rejects_huge_length),
		TEST(test_disabled_wrapping_range_skipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
