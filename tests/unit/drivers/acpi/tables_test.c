/*
 * tests/unit/drivers/acpi/tables_test.c - the RSDP, the root tables and
 * the table list (drivers/acpi/tables.c) on a fake physical memory, and
 * the search for the RSDP under UEFI.
 *
 * The fake memory is one buffer standing for physical addresses
 * [MEM_BASE, MEM_BASE + MEM_SIZE), where each test places an RSDP, an
 * XSDT and/or RSDT and the tables they list, and a UEFI system table with
 * its configuration table, at addresses it chooses.
 * The map function returns NULL for anything outside it and, inside it,
 * a fresh heap copy of exactly the bytes asked for: a read beyond what
 * tables.c mapped is then a heap overflow AddressSanitizer reports, even
 * though the fake memory goes on.  A QEMU 7.2 guest's layout:
 *
 *   MEM_BASE                                                  MEM_BASE + MEM_SIZE
 *   |  RSDP@+0x0  ...  FACP  APIC  SRAT  SLIT ... XSDT  RSDT  |
 *   0x7fe0000                                                 0x8000000
 *   outside: unmappable (a table listed there is logged, not kept)
 *
 * Standalone RSDPs and headers are parsed from heap blocks of exactly
 * their length.  Expected values come from the bytes placed, and the
 * table log line from Linux's on the same QEMU machine.
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

#include "drivers/acpi/acpi.h"
#include "kernel/errno.h"
#include "tests/unit/drivers/acpi/builder.h"
#include "tests/unit/stubs/stubs.h"

#define MEM_BASE        0x7fe0000ul
#define MEM_SIZE        0x20000ul
#define MAX_MAPS        1024
#define NR_SSDT         150     /* a server's SSDTs, listed before the SRAT */

/* Where tests put things (QEMU-like, inside the fake memory). */
#define RSDP_PA         (MEM_BASE + 0x0)
#define XSDT_PA         (MEM_BASE + 0x1000)
#define RSDT_PA         (MEM_BASE + 0x1800)
#define SRAT_PA         (MEM_BASE + 0x2000)
#define SLIT_PA         (MEM_BASE + 0x3000)
#define APIC_PA         (MEM_BASE + 0x4000)
#define SRAT2_PA        (MEM_BASE + 0x5000)
#define SSDT_PA         (MEM_BASE + 0x6000)
#define EFI_ST_PA       (MEM_BASE + 0x8000)     /* UEFI system table */
#define EFI_CT_PA       (MEM_BASE + 0x9000)     /* its configuration table */
#define RSDP1_PA        (MEM_BASE + 0xa000)     /* RSDPs it lists */
#define RSDP2_PA        (MEM_BASE + 0xa100)
#define OUTSIDE_PA      0x100000000ul   /* not in the fake memory */

struct fixture {
	uint8_t mem[MEM_SIZE];
	void *maps[MAX_MAPS];   /* copies handed out by fake_map() */
	unsigned int nr_maps;
	struct tb b;
	struct acpi_tables at;
	struct acpi_rsdp rsdp;
};

static const void *fake_map(phys_addr_t pa, size_t len, void *ctx)
{
	struct fixture *f = ctx;
	void *copy;

	if (pa < MEM_BASE || len > MEM_SIZE || pa - MEM_BASE > MEM_SIZE - len)
		return NULL;
	assert_true(f->nr_maps < MAX_MAPS);
	copy = malloc(len ? len : 1);
	assert_non_null(copy);
	memcpy(copy, f->mem + (pa - MEM_BASE), len);
	f->maps[f->nr_maps++] = copy;
	return copy;
}

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
	struct fixture *f = *state;

	alarm(0);
	for (unsigned int i = 0; i < f->nr_maps; i++)
		free(f->maps[i]);
	free(f);
	return 0;
}

/* Copy what the builder holds to @pa, length and checksum patched. */
static void place(struct fixture *f, phys_addr_t pa)
{
	uint8_t *t = tb_finish(&f->b);

	assert_true(pa >= MEM_BASE && pa - MEM_BASE + f->b.len <= MEM_SIZE);
	memcpy(f->mem + (pa - MEM_BASE), t, f->b.len);
	free(t);
}

/* A table of @len bytes (zeros after the header) at @pa. */
static void put_table(struct fixture *f, phys_addr_t pa, const char *sig, size_t len)
{
	tb_begin(&f->b, sig, 1, len - TB_HEADER_LEN);
	place(f, pa);
}

/* An XSDT (8-byte entries) or RSDT (4-byte entries) listing @pa. */
static void put_root(struct fixture *f, phys_addr_t at, const char *sig,
		     const phys_addr_t *pa, unsigned int n)
{
	size_t esize = !memcmp(sig, "XSDT", 4) ? 8 : 4;

	tb_begin(&f->b, sig, 1, n * esize);
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *e = f->b.buf + TB_HEADER_LEN + i * esize;

		if (esize == 8)
			tb_put64(e, pa[i]);
		else
			tb_put32(e, (uint32_t)pa[i]);
	}
	place(f, at);
}

/* An RSDP: revision 0 (20 bytes) or 2 (36 bytes), both checksums right. */
static void build_rsdp(uint8_t *p, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	uint8_t sum = 0;

	memset(p, 0, rev >= 2 ? ACPI_RSDP_V2_LEN : ACPI_RSDP_V1_LEN);
	memcpy(p, "RSD PTR ", 8);
	memcpy(p + 9, "BOCHS ", 6);
	p[15] = rev;
	tb_put32(p + 16, rsdt);
	for (int i = 0; i < ACPI_RSDP_V1_LEN; i++)
		sum += p[i];
	p[8] = (uint8_t)-sum;
	if (rev < 2)
		return;
	tb_put32(p + 20, ACPI_RSDP_V2_LEN);
	tb_put64(p + 24, xsdt);
	sum = 0;
	for (int i = 0; i < ACPI_RSDP_V2_LEN; i++)
		sum += p[i];
	p[32] = (uint8_t)-sum;
}

/* Place an RSDP at RSDP_PA and parse it into f->rsdp. */
static void put_rsdp(struct fixture *f, uint8_t rev, uint32_t rsdt, uint64_t xsdt)
{
	size_t len = rev >= 2 ? ACPI_RSDP_V2_LEN : ACPI_RSDP_V1_LEN;
	const void *p;

	build_rsdp(f->mem + (RSDP_PA - MEM_BASE), rev, rsdt, xsdt);
	p = fake_map(RSDP_PA, len, f);
	assert_int_equal(acpi_rsdp_parse(&f->rsdp, p, len), 0);
}

static int load(struct fixture *f)
{
	return acpi_tables_load(&f->at, &f->rsdp, RSDP_PA, fake_map, f);
}

/* Break a placed table's checksum. */
static void corrupt(struct fixture *f, phys_addr_t pa)
{
	f->mem[pa - MEM_BASE + 20] ^= 0x55;
}

static void assert_table(const struct acpi_table *t, const char *sig, phys_addr_t pa,
			 bool valid)
{
	assert_non_null(t);
	assert_string_equal(t->hdr.signature, sig);
	assert_int_equal(t->phys, pa);
	assert_int_equal(t->valid, valid);
}

/* --- checksum and header ---------------------------------------------------- */

static void test_checksum(void **state)
{
	static const uint8_t b[] = { 0x01, 0xff, 0x80, 0x80, 0x10 };

	(void)state;
	assert_int_equal(acpi_checksum(b, 0), 0);
	assert_int_equal(acpi_checksum(b, 2), 0);
	assert_int_equal(acpi_checksum(b, 4), 0);
	assert_int_equal(acpi_checksum(b, 5), 0x10);
}

/* Every header field, from a 36-byte block; IDs with junk bytes show it
 * as '?', and an ID stops at its first NUL. */
static void test_header_fields(void **state)
{
	struct fixture *f = *state;
	struct acpi_header h;
	uint8_t *t;

	tb_begin(&f->b, "SRAT", 3, 0);
	memcpy(f->b.buf + 10, "AB\001\377 Z", 6);
	memcpy(f->b.buf + 16, "TAB\0JUNK", 8);
	tb_put32(f->b.buf + 24, 0x20120202);
	memcpy(f->b.buf + 28, "\322\004\0\0", 4);      /* HP DL360 G7: binary */
	tb_put32(f->b.buf + 32, 0x162e);
	tb_set_length(&f->b, 0x570);
	t = tb_finish(&f->b);
	assert_int_equal(acpi_header_parse(&h, t, TB_HEADER_LEN), 0);
	assert_string_equal(h.signature, "SRAT");
	assert_int_equal(h.length, 0x570);
	assert_int_equal(h.revision, 3);
	assert_int_equal(h.checksum, t[9]);
	assert_string_equal(h.oem_id, "AB?? Z");
	assert_string_equal(h.oem_table_id, "TAB");
	assert_int_equal(h.oem_revision, 0x20120202);
	assert_string_equal(h.creator_id, "??");
	assert_int_equal(h.creator_revision, 0x162e);
	free(t);
}

/* The length field must lie in [36, ACPI_TABLE_MAX_LEN]. */
static void test_header_length_bounds(void **state)
{
	struct fixture *f = *state;
	static const struct { uint32_t length; int rc; } cases[] = {
		{ 0, -EINVAL },
		{ TB_HEADER_LEN - 1, -EINVAL },
		{ TB_HEADER_LEN, 0 },
		{ ACPI_TABLE_MAX_LEN, 0 },
		{ ACPI_TABLE_MAX_LEN + 1, -EINVAL },
		{ UINT32_MAX, -EINVAL },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct acpi_header h;
		uint8_t *t;

		tb_begin(&f->b, "SLIT", 1, 0);
		tb_set_length(&f->b, cases[i].length);
		t = tb_finish(&f->b);
		assert_int_equal(acpi_header_parse(&h, t, TB_HEADER_LEN), cases[i].rc);
		free(t);
	}
}

/* Fewer than 36 bytes available: rejected before any is read. */
static void test_header_short_avail(void **state)
{
	struct fixture *f = *state;
	struct acpi_header h;
	uint8_t *t;

	tb_begin(&f->b, "SRAT", 1, 0);
	f->b.len = TB_HEADER_LEN - 1;
	t = tb_finish(&f->b);
	assert_int_equal(acpi_header_parse(&h, t, TB_HEADER_LEN - 1), -EINVAL);
	free(t);
}

/* --- RSDP ------------------------------------------------------------------- */

/* Parse @len bytes of @p from a heap block of exactly that size. */
static int parse_rsdp(struct acpi_rsdp *r, const uint8_t *p, size_t len)
{
	uint8_t *copy = malloc(len ? len : 1);
	int rc;

	assert_non_null(copy);
	memcpy(copy, p, len);
	rc = acpi_rsdp_parse(r, copy, len);
	free(copy);
	return rc;
}

/* SeaBIOS: ACPI 1.0, 20 bytes, RSDT only. */
static void test_rsdp_v1(void **state)
{
	struct acpi_rsdp r;
	uint8_t p[ACPI_RSDP_V2_LEN];

	(void)state;
	build_rsdp(p, 0, 0x7fe2382, 0);
	assert_int_equal(parse_rsdp(&r, p, ACPI_RSDP_V1_LEN), 0);
	assert_int_equal(r.revision, 0);
	assert_string_equal(r.oem_id, "BOCHS ");
	assert_int_equal(r.rsdt, 0x7fe2382);
	assert_int_equal(r.xsdt, 0);
	assert_int_equal(r.length, ACPI_RSDP_V1_LEN);
}

/* OVMF: ACPI 2.0, 36 bytes, an XSDT (here above 4 GiB). */
static void test_rsdp_v2(void **state)
{
	struct acpi_rsdp r;
	uint8_t p[ACPI_RSDP_V2_LEN];

	(void)state;
	build_rsdp(p, 2, 0x7f77d0e8, 0x1234567f77d0e8);
	assert_int_equal(parse_rsdp(&r, p, ACPI_RSDP_V2_LEN), 0);
	assert_int_equal(r.revision, 2);
	assert_int_equal(r.rsdt, 0x7f77d0e8);
	assert_int_equal(r.xsdt, 0x1234567f77d0e8);
	assert_int_equal(r.length, ACPI_RSDP_V2_LEN);
}

/* A revision 2 RSDP whose stated length is larger than 36, all present. */
static void test_rsdp_v2_longer(void **state)
{
	struct acpi_rsdp r;
	uint8_t p[40];
	uint8_t sum = 0;

	(void)state;
	build_rsdp(p, 2, 1, 2);
	p[36] = p[37] = p[38] = p[39] = 0x11;
	tb_put32(p + 20, sizeof(p));
	p[32] = 0;
	for (size_t i = 0; i < sizeof(p); i++)
		sum += p[i];
	p[32] = (uint8_t)-sum;
	assert_int_equal(parse_rsdp(&r, p, sizeof(p)), 0);
	assert_int_equal(r.length, sizeof(p));
	assert_int_equal(r.xsdt, 2);
}

static void test_rsdp_bad_signature(void **state)
{
	struct acpi_rsdp r;
	uint8_t p[ACPI_RSDP_V2_LEN];

	(void)state;
	build_rsdp(p, 0, 1, 0);
	p[7] = '_';
	p[8] -= '_' - ' ';      /* checksum still right: only the signature is off */
	assert_int_equal(parse_rsdp(&r, p, ACPI_RSDP_V1_LEN), -EINVAL);
	assert_non_null(strstr(stub_log(), "signature"));
}

static void test_rsdp_too_short(void **state)
{
	struct acpi_rsdp r;
	uint8_t p[ACPI_RSDP_V2_LEN];

	(void)state;
	build_rsdp(p, 0, 1, 0);
	assert_int_equal(parse_rsdp(&r, p, ACPI_RSDP_V1_LEN - 1), -EINVAL);
	assert_int_equal(parse_rsdp(&r, p, 0), -EINVAL);
}

static void test_rsdp_bad_checksum(void **state)
{
	struct acpi_rsdp r;
	uint8_t p[ACPI_RSDP_V2_LEN];

	(void)state;
	build_rsdp(p, 0, 1, 0);
	p[16]++;
	assert_int_equal(parse_rsdp(&r, p, ACPI_RSDP_V1_LEN), -EINVAL);
	assert_non_null(strstr(stub_log(), "checksum of the first 20 bytes"));
}

/* Revision 2 claims 36 bytes, only 20 exist. */
static void test_rsdp_v2_in_20_bytes(void **state)
{
	struct acpi_rsdp r;
	uint8_t p[ACPI_RSDP_V2_LEN];

	(void)state;
	build_rsdp(p, 2, 1, 2);
	assert_int_equal(parse_rsdp(&r, p, ACPI_RSDP_V1_LEN), -EINVAL);
	assert_non_null(strstr(stub_log(), "revision 2 but only 20 bytes"));
}

/* First 20 bytes right, the extended checksum wrong. */
static void test_rsdp_v2_bad_extended_checksum(void **state)
{
	struct acpi_rsdp r;
	uint8_t p[ACPI_RSDP_V2_LEN];

	(void)state;
	build_rsdp(p, 2, 1, 2);
	p[24]++;                /* XSDT address: covered by the extended sum only */
	assert_int_equal(parse_rsdp(&r, p, ACPI_RSDP_V2_LEN), -EINVAL);
	assert_non_null(strstr(stub_log(), "extended"));
}

/* Extended length below 36, or beyond what is available. */
static void test_rsdp_v2_bad_length(void **state)
{
	static const uint32_t lens[] = { 0, ACPI_RSDP_V1_LEN, ACPI_RSDP_V2_LEN - 1,
					 ACPI_RSDP_V2_LEN + 1, UINT32_MAX };
	struct acpi_rsdp r;
	uint8_t p[ACPI_RSDP_V2_LEN];

	(void)state;
	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		uint8_t sum = 0;

		build_rsdp(p, 2, 1, 2);
		tb_put32(p + 20, lens[i]);
		p[32] = 0;
		for (int k = 0; k < ACPI_RSDP_V2_LEN; k++)
			sum += p[k];
		p[32] = (uint8_t)-sum;
		assert_int_equal(parse_rsdp(&r, p, ACPI_RSDP_V2_LEN), -EINVAL);
	}
}

/* --- loading the table list ------------------------------------------------- */

/* OVMF: an XSDT listing APIC, SRAT, SLIT; all valid, all found. */
static void test_load_xsdt(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { APIC_PA, SRAT_PA, SLIT_PA };

	put_table(f, APIC_PA, "APIC", 120);
	put_table(f, SRAT_PA, "SRAT", 240);
	put_table(f, SLIT_PA, "SLIT", 48);
	put_root(f, XSDT_PA, "XSDT", list, 3);
	put_root(f, RSDT_PA, "RSDT", list, 1);
	put_rsdp(f, 2, RSDT_PA, XSDT_PA);
	assert_int_equal(load(f), 0);

	assert_string_equal(f->at.root.hdr.signature, "XSDT");
	assert_int_equal(f->at.root.phys, XSDT_PA);
	assert_int_equal(f->at.nr, 3);
	assert_int_equal(f->at.dropped, 0);
	assert_table(&f->at.t[0], "APIC", APIC_PA, true);
	assert_table(&f->at.t[1], "SRAT", SRAT_PA, true);
	assert_table(&f->at.t[2], "SLIT", SLIT_PA, true);
	assert_int_equal(f->at.t[1].hdr.length, 240);
	assert_ptr_equal(acpi_table_find(&f->at, "SRAT", 0), &f->at.t[1]);
	assert_ptr_equal(acpi_table_find(&f->at, "SLIT", 0), &f->at.t[2]);
	assert_null(acpi_table_find(&f->at, "SRAT", 1));
	assert_int_equal(acpi_table_count(&f->at, "SRAT"), 1);
}

/* SeaBIOS: ACPI 1.0 RSDP, RSDT with 4-byte entries. */
static void test_load_rsdt(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { SRAT_PA, APIC_PA };

	put_table(f, SRAT_PA, "SRAT", 224);
	put_table(f, APIC_PA, "APIC", 120);
	put_root(f, RSDT_PA, "RSDT", list, 2);
	put_rsdp(f, 0, RSDT_PA, 0);
	assert_int_equal(load(f), 0);
	assert_string_equal(f->at.root.hdr.signature, "RSDT");
	assert_int_equal(f->at.nr, 2);
	assert_table(&f->at.t[0], "SRAT", SRAT_PA, true);
	assert_table(&f->at.t[1], "APIC", APIC_PA, true);
}

/* The log line of a table is Linux's, byte for byte: this SRAT is the one
 * Linux 6.1 printed for qemu72-q35-dimmpxm,
 * "ACPI: SRAT 0x0000000007FE18FA 000188 (v01 BOCHS  BXPC     00000001 BXPC 00000001)". */
static void test_log_line_as_linux(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { 0x7fe18fa };

	put_table(f, 0x7fe18fa, "SRAT", 0x188);
	put_root(f, RSDT_PA, "RSDT", list, 1);
	put_rsdp(f, 0, RSDT_PA, 0);
	assert_int_equal(load(f), 0);
	assert_non_null(strstr(stub_log(),
		"ACPI: SRAT 0x0000000007FE18FA 000188 (v01 BOCHS  BXPC     00000001 BXPC 00000001)\n"));
}

/* The XSDT's checksum is wrong: the RSDT's list is used instead. */
static void test_bad_xsdt_falls_back_to_rsdt(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t xlist[] = { SRAT_PA }, rlist[] = { SLIT_PA };

	put_table(f, SRAT_PA, "SRAT", 48);
	put_table(f, SLIT_PA, "SLIT", 48);
	put_root(f, XSDT_PA, "XSDT", xlist, 1);
	put_root(f, RSDT_PA, "RSDT", rlist, 1);
	corrupt(f, XSDT_PA);
	put_rsdp(f, 2, RSDT_PA, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_string_equal(f->at.root.hdr.signature, "RSDT");
	assert_int_equal(f->at.root.phys, RSDT_PA);
	assert_int_equal(f->at.nr, 1);
	assert_table(&f->at.t[0], "SLIT", SLIT_PA, true);
	assert_non_null(strstr(stub_log(), "falling back to the RSDT"));
}

/* The XSDT pointer leads to another table, or nowhere mappable. */
static void test_xsdt_wrong_signature_falls_back(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t rlist[] = { SLIT_PA };

	put_table(f, SLIT_PA, "SLIT", 48);
	put_root(f, RSDT_PA, "RSDT", rlist, 1);
	put_rsdp(f, 2, RSDT_PA, SLIT_PA);
	assert_int_equal(load(f), 0);
	assert_string_equal(f->at.root.hdr.signature, "RSDT");
	assert_non_null(strstr(stub_log(), "XSDT pointer leads to a SLIT table"));
}

static void test_xsdt_unmappable_falls_back(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t rlist[] = { SLIT_PA };

	put_table(f, SLIT_PA, "SLIT", 48);
	put_root(f, RSDT_PA, "RSDT", rlist, 1);
	put_rsdp(f, 2, RSDT_PA, OUTSIDE_PA);
	assert_int_equal(load(f), 0);
	assert_string_equal(f->at.root.hdr.signature, "RSDT");
	assert_int_equal(f->at.nr, 1);
}

/* A revision 2 RSDP with a zero XSDT address: the RSDT. */
static void test_rev2_without_xsdt(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t rlist[] = { SRAT_PA };

	put_table(f, SRAT_PA, "SRAT", 48);
	put_root(f, RSDT_PA, "RSDT", rlist, 1);
	put_rsdp(f, 2, RSDT_PA, 0);
	assert_int_equal(load(f), 0);
	assert_string_equal(f->at.root.hdr.signature, "RSDT");
}

/* Neither root table usable: -EINVAL. */
static void test_no_usable_root(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { SRAT_PA };

	put_table(f, SRAT_PA, "SRAT", 48);
	put_root(f, XSDT_PA, "XSDT", list, 1);
	put_root(f, RSDT_PA, "RSDT", list, 1);
	corrupt(f, XSDT_PA);
	corrupt(f, RSDT_PA);
	put_rsdp(f, 2, RSDT_PA, XSDT_PA);
	assert_int_equal(load(f), -EINVAL);
	assert_non_null(strstr(stub_log(), "no valid RSDT or XSDT"));
}

/* An RSDT pointer leading to an XSDT is no RSDT (entry sizes differ). */
static void test_rsdt_pointing_to_xsdt(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { SRAT_PA };

	put_table(f, SRAT_PA, "SRAT", 48);
	put_root(f, XSDT_PA, "XSDT", list, 1);
	put_rsdp(f, 0, XSDT_PA, 0);
	assert_int_equal(load(f), -EINVAL);
	assert_non_null(strstr(stub_log(), "RSDT pointer leads to a XSDT table"));
}

/* A root table with a length below 36: unusable. */
static void test_root_too_short(void **state)
{
	struct fixture *f = *state;

	tb_begin(&f->b, "RSDT", 1, 0);
	tb_set_length(&f->b, TB_HEADER_LEN - 4);
	place(f, RSDT_PA);
	put_rsdp(f, 0, RSDT_PA, 0);
	assert_int_equal(load(f), -EINVAL);
}

/* A listed table with a wrong checksum is kept, invalid, and not found;
 * acpi_table_count() still counts it. */
static void test_bad_table_checksum(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { SRAT_PA, SLIT_PA };

	put_table(f, SRAT_PA, "SRAT", 240);
	put_table(f, SLIT_PA, "SLIT", 48);
	corrupt(f, SRAT_PA);
	put_root(f, XSDT_PA, "XSDT", list, 2);
	put_rsdp(f, 2, 0, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->at.nr, 2);
	assert_table(&f->at.t[0], "SRAT", SRAT_PA, false);
	assert_table(&f->at.t[1], "SLIT", SLIT_PA, true);
	assert_null(acpi_table_find(&f->at, "SRAT", 0));
	assert_int_equal(acpi_table_count(&f->at, "SRAT"), 1);
	assert_non_null(strstr(stub_log(), "checksum is wrong"));
}

/* Listed tables whose length field is below 36, or above
 * ACPI_TABLE_MAX_LEN (only the header may be mapped then). */
static void test_table_length_implausible(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { SRAT_PA, SLIT_PA, APIC_PA };

	tb_begin(&f->b, "SRAT", 1, 0);
	tb_set_length(&f->b, TB_HEADER_LEN - 1);
	place(f, SRAT_PA);
	tb_begin(&f->b, "SLIT", 1, 0);
	tb_set_length(&f->b, ACPI_TABLE_MAX_LEN + 1);
	place(f, SLIT_PA);
	put_table(f, APIC_PA, "APIC", 44);
	put_root(f, XSDT_PA, "XSDT", list, 3);
	put_rsdp(f, 2, 0, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->at.nr, 3);
	assert_false(f->at.t[0].valid);
	assert_false(f->at.t[1].valid);
	assert_table(&f->at.t[2], "APIC", APIC_PA, true);
	assert_null(acpi_table_find(&f->at, "SRAT", 0));
	assert_null(acpi_table_find(&f->at, "SLIT", 0));
	assert_non_null(strstr(stub_log(), "not plausible"));
}

/* Entries pointing outside memory (no signature: logged, not kept), or
 * at a table running past its end (kept invalid, with its address). */
static void test_table_unmappable(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t at_end = MEM_BASE + MEM_SIZE - TB_HEADER_LEN;
	const phys_addr_t list[] = { OUTSIDE_PA, at_end, SRAT_PA };

	tb_begin(&f->b, "SLIT", 1, 0);
	tb_set_length(&f->b, 48);       /* 12 bytes past the fake memory */
	place(f, at_end);
	put_table(f, SRAT_PA, "SRAT", 48);
	put_root(f, XSDT_PA, "XSDT", list, 3);
	put_rsdp(f, 2, 0, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->at.nr, 2);
	assert_table(&f->at.t[0], "SLIT", at_end, false);
	assert_table(&f->at.t[1], "SRAT", SRAT_PA, true);
	assert_non_null(strstr(stub_log(), "cannot map a table at 0x0000000100000000"));
	assert_non_null(strstr(stub_log(), "cannot map SLIT"));
}

/* Zero entries are not tables; a partial last entry is not read. */
static void test_root_zero_and_partial_entries(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { 0, SRAT_PA, 0 };

	put_table(f, SRAT_PA, "SRAT", 48);
	tb_begin(&f->b, "XSDT", 1, 3 * 8 + 4);
	for (int i = 0; i < 3; i++)
		tb_put64(f->b.buf + TB_HEADER_LEN + i * 8, list[i]);
	tb_put32(f->b.buf + TB_HEADER_LEN + 24, (uint32_t)SLIT_PA);     /* 4 stray bytes */
	place(f, XSDT_PA);
	put_table(f, SLIT_PA, "SLIT", 48);
	put_rsdp(f, 2, 0, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->at.nr, 1);
	assert_table(&f->at.t[0], "SRAT", SRAT_PA, true);
}

/* 8-byte XSDT entries are read whole: an address above 4 GiB stays one
 * (and is not in the fake memory). */
static void test_xsdt_64bit_entries(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { OUTSIDE_PA | SRAT_PA };

	put_table(f, SRAT_PA, "SRAT", 48);
	put_root(f, XSDT_PA, "XSDT", list, 1);
	put_rsdp(f, 2, 0, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->at.nr, 0);
	assert_non_null(strstr(stub_log(), "cannot map a table at 0x0000000107fe2000"));
}

/*
 * Two SRATs (Linux uses the first): instances in list order, an invalid
 * first one skipped by acpi_table_find() but counted.
 */
static void test_two_srats(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { SRAT_PA, SLIT_PA, SRAT2_PA };

	put_table(f, SRAT_PA, "SRAT", 240);
	put_table(f, SLIT_PA, "SLIT", 48);
	put_table(f, SRAT2_PA, "SRAT", 280);
	put_root(f, XSDT_PA, "XSDT", list, 3);
	put_rsdp(f, 2, 0, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(acpi_table_count(&f->at, "SRAT"), 2);
	assert_table(acpi_table_find(&f->at, "SRAT", 0), "SRAT", SRAT_PA, true);
	assert_table(acpi_table_find(&f->at, "SRAT", 1), "SRAT", SRAT2_PA, true);
	assert_null(acpi_table_find(&f->at, "SRAT", 2));
	assert_int_equal(acpi_table_find(&f->at, "SRAT", 1)->hdr.length, 280);

	stub_log_reset();
	corrupt(f, SRAT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(acpi_table_count(&f->at, "SRAT"), 2);
	assert_table(acpi_table_find(&f->at, "SRAT", 0), "SRAT", SRAT2_PA, true);
	assert_null(acpi_table_find(&f->at, "SRAT", 1));
}

/*
 * A server's list: 150 SSDTs, then APIC, SLIT and SRAT (entries 150-152).
 * Every table is logged in list order; the three the kernel reads are kept
 * and found, however long the list before them.
 *
 *   XSDT: | SSDT x 150 (one table at SSDT_PA) | APIC | SLIT | SRAT |
 */
static void test_many_tables_srat_last(void **state)
{
	struct fixture *f = *state;
	static phys_addr_t list[NR_SSDT + 3];
	const char *log, *srat_line;

	for (unsigned int i = 0; i < NR_SSDT; i++)
		list[i] = SSDT_PA;
	list[NR_SSDT] = APIC_PA;
	list[NR_SSDT + 1] = SLIT_PA;
	list[NR_SSDT + 2] = SRAT_PA;
	put_table(f, SSDT_PA, "SSDT", 40);
	put_table(f, APIC_PA, "APIC", 120);
	put_table(f, SLIT_PA, "SLIT", 48);
	put_table(f, SRAT_PA, "SRAT", 240);
	put_root(f, XSDT_PA, "XSDT", list, NR_SSDT + 3);
	put_rsdp(f, 2, 0, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->at.nr, 3);
	assert_int_equal(f->at.dropped, 0);
	assert_table(acpi_table_find(&f->at, "APIC", 0), "APIC", APIC_PA, true);
	assert_table(acpi_table_find(&f->at, "SLIT", 0), "SLIT", SLIT_PA, true);
	assert_table(acpi_table_find(&f->at, "SRAT", 0), "SRAT", SRAT_PA, true);
	assert_int_equal(acpi_table_find(&f->at, "SRAT", 0)->hdr.length, 240);

	/* The log: NR_SSDT SSDT lines, then the SRAT's. */
	log = stub_log();
	srat_line = strstr(log, "ACPI: SRAT 0x0000000007FE2000");
	assert_non_null(srat_line);
	for (unsigned int i = 0; i < NR_SSDT; i++) {
		log = strstr(log, "ACPI: SSDT 0x0000000007FE6000 000028");
		assert_true(log && log < srat_line);
		log++;
	}
	assert_null(strstr(log, "ACPI: SSDT"));
}

/* More tables of the kept signatures than ACPI_MAX_KEPT: the rest
 * counted and reported, naming the limit. */
static void test_too_many_kept(void **state)
{
	struct fixture *f = *state;
	static phys_addr_t list[ACPI_MAX_KEPT + 3];

	for (unsigned int i = 0; i < ACPI_MAX_KEPT + 3; i++)
		list[i] = SRAT_PA;
	put_table(f, SRAT_PA, "SRAT", 48);
	put_root(f, XSDT_PA, "XSDT", list, ACPI_MAX_KEPT + 3);
	put_rsdp(f, 2, 0, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->at.nr, ACPI_MAX_KEPT);
	assert_int_equal(f->at.dropped, 3);
	assert_int_equal(acpi_table_count(&f->at, "SRAT"), ACPI_MAX_KEPT);
	assert_non_null(strstr(stub_log(), "3 tables of a kept signature beyond ACPI_MAX_KEPT (16) ignored; raise it"));
}

/* Looking up a signature that is not kept is a caller's bug: it would
 * never be found. */
static void test_find_unkept_signature_is_a_bug(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t list[] = { SSDT_PA };

	put_table(f, SSDT_PA, "SSDT", 40);
	put_root(f, XSDT_PA, "XSDT", list, 1);
	put_rsdp(f, 2, 0, XSDT_PA);
	assert_int_equal(load(f), 0);
	assert_int_equal(f->at.nr, 0);
	expect_assert_failure(acpi_table_find(&f->at, "SSDT", 0));
	assert_non_null(strstr(stub_panic_message(), "kept"));
	expect_assert_failure(acpi_table_count(&f->at, "HMAT"));
}

/* --- finding the RSDP under UEFI --------------------------------------------- */

static const uint8_t guid_acpi20[16] = {        /* 8868e871-e4f1-11d3-bc22-0080c73c8881 */
	0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,
	0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81,
};
static const uint8_t guid_acpi10[16] = {        /* eb9d2d30-2d88-11d3-9a16-0090273fc14d */
	0x30, 0x2d, 0x9d, 0xeb, 0x88, 0x2d, 0xd3, 0x11,
	0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d,
};
static const uint8_t guid_smbios3[16] = {       /* f2fd1544-9794-4a2c-992e-e5bbcf20e394 */
	0x44, 0x15, 0xfd, 0xf2, 0x94, 0x97, 0x2c, 0x4a,
	0x99, 0x2e, 0xe5, 0xbb, 0xcf, 0x20, 0xe3, 0x94,
};

struct ct_entry {
	const uint8_t *guid;
	phys_addr_t pa;
};

/* A UEFI system table at EFI_ST_PA ("IBI SYST", the entry count at 104,
 * the configuration table's address at 112) listing @n entries. */
static void put_efi(struct fixture *f, const struct ct_entry *e, unsigned int n)
{
	uint8_t *st = f->mem + (EFI_ST_PA - MEM_BASE);
	uint8_t *ct = f->mem + (EFI_CT_PA - MEM_BASE);

	memcpy(st, "IBI SYST", 8);
	tb_put64(st + 104, n);
	tb_put64(st + 112, EFI_CT_PA);
	for (unsigned int i = 0; i < n; i++) {
		memcpy(ct + 24 * i, e[i].guid, 16);
		tb_put64(ct + 24 * i + 16, e[i].pa);
	}
}

/* An RSDP in the fake memory at @pa. */
static void put_rsdp_at(struct fixture *f, phys_addr_t pa, uint8_t rev, uint32_t rsdt,
			uint64_t xsdt)
{
	build_rsdp(f->mem + (pa - MEM_BASE), rev, rsdt, xsdt);
}

/* GRUB's copies as the kernel gets them: a valid ACPI 2.0 RSDP pointing
 * at @xsdt, or one whose checksum is broken. */
struct grub_copies {
	uint8_t v2[ACPI_RSDP_V2_LEN];
	uint8_t v1[ACPI_RSDP_V1_LEN];
};

static struct acpi_rsdp_source efi_source(struct grub_copies *g, bool valid)
{
	uint8_t v1[ACPI_RSDP_V2_LEN];

	build_rsdp(g->v2, 2, RSDT_PA, XSDT_PA);
	build_rsdp(v1, 0, RSDT_PA, 0);
	memcpy(g->v1, v1, ACPI_RSDP_V1_LEN);
	if (!valid) {
		g->v2[8] ^= 1;
		g->v1[8] ^= 1;
	}
	return (struct acpi_rsdp_source){ .copy_v2 = g->v2, .copy_v2_len = sizeof(g->v2),
					  .copy_v1 = g->v1, .copy_v1_len = sizeof(g->v1),
					  .uefi = true, .efi_system_table = EFI_ST_PA };
}

static int find(struct fixture *f, const struct acpi_rsdp_source *src, phys_addr_t *pa)
{
	memset(&f->rsdp, 0xa5, sizeof(f->rsdp));
	*pa = 0xdead;
	return acpi_rsdp_find(&f->rsdp, pa, src, fake_map, f);
}

/*
 * GRUB's copies are invalid; the firmware lists an ACPI 1.0 RSDP by the
 * 1.0 GUID only (after an SMBIOS entry): it is found, and its RSDT used.
 *
 *   config table: | SMBIOS3 -> - | ACPI 1.0 -> RSDP1 (rev 0) -> RSDT -> SRAT |
 */
static void test_efi_fallback_acpi10_guid(void **state)
{
	struct fixture *f = *state;
	const struct ct_entry ct[] = { { guid_smbios3, SSDT_PA }, { guid_acpi10, RSDP1_PA } };
	const phys_addr_t list[] = { SRAT_PA };
	struct grub_copies g;
	struct acpi_rsdp_source src = efi_source(&g, false);
	phys_addr_t pa;

	put_table(f, SRAT_PA, "SRAT", 48);
	put_root(f, RSDT_PA, "RSDT", list, 1);
	put_rsdp_at(f, RSDP1_PA, 0, RSDT_PA, 0);
	put_efi(f, ct, 2);
	assert_int_equal(find(f, &src, &pa), 0);
	assert_int_equal(pa, RSDP1_PA);
	assert_int_equal(f->rsdp.revision, 0);
	assert_int_equal(f->rsdp.rsdt, RSDT_PA);
	assert_non_null(strstr(stub_log(), "the boot loader's RSDP copies are invalid"));
	assert_non_null(strstr(stub_log(), "RSDP from the UEFI configuration table (ACPI 1.0 GUID)"));
	assert_int_equal(acpi_tables_load(&f->at, &f->rsdp, pa, fake_map, f), 0);
	assert_table(acpi_table_find(&f->at, "SRAT", 0), "SRAT", SRAT_PA, true);
}

/*
 * GRUB's copies are invalid; the firmware lists an ACPI 2.0 RSDP by the
 * 2.0 GUID and an ACPI 1.0 one by the 1.0 GUID, the 1.0 entry first in
 * the table: the 2.0 one is preferred, and its XSDT used.
 */
static void test_efi_fallback_acpi20_guid(void **state)
{
	struct fixture *f = *state;
	const struct ct_entry ct[] = { { guid_acpi10, RSDP1_PA }, { guid_acpi20, RSDP2_PA } };
	const phys_addr_t list[] = { SLIT_PA };
	struct grub_copies g;
	struct acpi_rsdp_source src = efi_source(&g, false);
	phys_addr_t pa;

	put_table(f, SLIT_PA, "SLIT", 48);
	put_root(f, XSDT_PA, "XSDT", list, 1);
	put_rsdp_at(f, RSDP1_PA, 0, RSDT_PA, 0);
	put_rsdp_at(f, RSDP2_PA, 2, 0, XSDT_PA);
	put_efi(f, ct, 2);
	assert_int_equal(find(f, &src, &pa), 0);
	assert_int_equal(pa, RSDP2_PA);
	assert_int_equal(f->rsdp.revision, 2);
	assert_int_equal(f->rsdp.xsdt, XSDT_PA);
	assert_non_null(strstr(stub_log(), "(ACPI 2.0 GUID)"));
	assert_int_equal(acpi_tables_load(&f->at, &f->rsdp, pa, fake_map, f), 0);
	assert_string_equal(f->at.root.hdr.signature, "XSDT");
	assert_table(acpi_table_find(&f->at, "SLIT", 0), "SLIT", SLIT_PA, true);
}

/* The RSDP the 2.0 GUID leads to is invalid (extended checksum): the one
 * of the 1.0 GUID is taken. */
static void test_efi_fallback_bad_acpi20_entry(void **state)
{
	struct fixture *f = *state;
	const struct ct_entry ct[] = { { guid_acpi20, RSDP2_PA }, { guid_acpi10, RSDP1_PA } };
	struct grub_copies g;
	struct acpi_rsdp_source src = efi_source(&g, false);
	phys_addr_t pa;

	put_rsdp_at(f, RSDP1_PA, 0, RSDT_PA, 0);
	put_rsdp_at(f, RSDP2_PA, 2, 0, XSDT_PA);
	f->mem[RSDP2_PA - MEM_BASE + 24] ^= 1;  /* the XSDT address, under the extended sum */
	put_efi(f, ct, 2);
	assert_int_equal(find(f, &src, &pa), 0);
	assert_int_equal(pa, RSDP1_PA);
	assert_int_equal(f->rsdp.revision, 0);
	assert_non_null(strstr(stub_log(), "extended"));
	assert_non_null(strstr(stub_log(), "(ACPI 1.0 GUID)"));
}

/* A valid copy from GRUB is used as it is; the configuration table only
 * says where the firmware keeps it: the entry identical to it. */
static void test_efi_valid_copy_used(void **state)
{
	struct fixture *f = *state;
	const struct ct_entry ct[] = { { guid_acpi20, RSDP1_PA }, { guid_acpi20, RSDP2_PA } };
	struct grub_copies g;
	struct acpi_rsdp_source src = efi_source(&g, true);
	phys_addr_t pa;

	put_rsdp_at(f, RSDP1_PA, 2, 0, SLIT_PA);        /* a different one */
	put_rsdp_at(f, RSDP2_PA, 2, RSDT_PA, XSDT_PA);  /* GRUB's */
	put_efi(f, ct, 2);
	assert_int_equal(find(f, &src, &pa), 0);
	assert_int_equal(pa, RSDP2_PA);
	assert_int_equal(f->rsdp.xsdt, XSDT_PA);
	assert_null(strstr(stub_log(), "invalid"));
	assert_null(strstr(stub_log(), "configuration table ("));

	/* Not listed: the copy still serves, its address unknown. */
	put_efi(f, ct, 1);
	assert_int_equal(find(f, &src, &pa), 0);
	assert_int_equal(pa, 0);
	assert_int_equal(f->rsdp.xsdt, XSDT_PA);
}

/* Invalid copies and nothing valid from the firmware: -ENOENT, logged.
 * The system table missing, with a wrong signature, with a configuration
 * table out of reach, or listing no ACPI GUID. */
static void test_efi_nothing_valid(void **state)
{
	struct fixture *f = *state;
	const struct ct_entry ct[] = { { guid_smbios3, RSDP1_PA }, { guid_acpi20, OUTSIDE_PA },
				       { guid_acpi10, RSDP2_PA } };
	struct grub_copies g;
	struct acpi_rsdp_source src = efi_source(&g, false);
	phys_addr_t pa;

	put_rsdp_at(f, RSDP1_PA, 0, RSDT_PA, 0);        /* listed only by the SMBIOS GUID */
	put_efi(f, ct, 3);                              /* RSDP2_PA holds no RSDP */
	assert_int_equal(find(f, &src, &pa), -ENOENT);
	assert_non_null(strstr(stub_log(), "no RSDP found"));

	stub_log_reset();
	src.efi_system_table = 0;
	assert_int_equal(find(f, &src, &pa), -ENOENT);
	assert_non_null(strstr(stub_log(), "no UEFI system table"));

	src.efi_system_table = EFI_ST_PA;
	f->mem[EFI_ST_PA - MEM_BASE] = 'X';
	assert_int_equal(find(f, &src, &pa), -ENOENT);

	put_efi(f, ct, 3);
	tb_put64(f->mem + (EFI_ST_PA - MEM_BASE) + 112, OUTSIDE_PA);
	stub_log_reset();
	assert_int_equal(find(f, &src, &pa), -ENOENT);
	assert_non_null(strstr(stub_log(), "configuration table of 3 entries unreadable"));
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_checksum),
		TEST(test_header_fields),
		TEST(test_header_length_bounds),
		TEST(test_header_short_avail),
		TEST(test_rsdp_v1),
		TEST(test_rsdp_v2),
		TEST(test_rsdp_v2_longer),
		TEST(test_rsdp_bad_signature),
		TEST(test_rsdp_too_short),
		TEST(test_rsdp_bad_checksum),
		TEST(test_rsdp_v2_in_20_bytes),
		TEST(test_rsdp_v2_bad_extended_checksum),
		TEST(test_rsdp_v2_bad_length),
		TEST(test_load_xsdt),
		TEST(test_load_rsdt),
		TEST(test_log_line_as_linux),
		TEST(test_bad_xsdt_falls_back_to_rsdt),
		TEST(test_xsdt_wrong_signature_falls_back),
		TEST(test_xsdt_unmappable_falls_back),
		TEST(test_rev2_without_xsdt),
		TEST(test_no_usable_root),
		TEST(test_rsdt_pointing_to_xsdt),
		TEST(test_root_too_short),
		TEST(test_bad_table_checksum),
		TEST(test_table_length_implausible),
		TEST(test_table_unmappable),
		TEST(test_root_zero_and_partial_entries),
		TEST(test_xsdt_64bit_entries),
		TEST(test_two_srats),
		TEST(test_many_tables_srat_last),
		TEST(test_too_many_kept),
		TEST(test_find_unkept_signature_is_a_bug),
		TEST(test_efi_fallback_acpi10_guid),
		TEST(test_efi_fallback_acpi20_guid),
		TEST(test_efi_fallback_bad_acpi20_entry),
		TEST(test_efi_valid_copy_used),
		TEST(test_efi_nothing_valid),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
