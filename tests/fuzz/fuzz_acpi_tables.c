/*
 * tests/fuzz/fuzz_acpi_tables.c - acpi_rsdp_parse() and acpi_tables_load()
 * over a fake physical memory.
 *
 * Input:  byte 0     bit 0: fix checksums (below); bit 1: the RSDP is the
 *                    boot loader's 64-byte copy, not memory up to the end
 *         byte 1...  physical memory from address 0: the RSDP at 0, and
 *                    whatever its pointers lead to
 *
 * Checksums would stop the fuzzer at the first byte it changes, so with
 * bit 0 set the harness corrects them: in the RSDP before it is parsed, and
 * in each mapping of exactly the length a table header states.  Without
 * bit 0 they are left as they are.
 *
 * Every map() call returns a fresh heap copy of exactly the bytes asked
 * for, so ASan reports a read past what the code mapped.  The result is
 * checked against this file's own reading of the memory: which root table
 * the RSDP leads to, which of its entries are tables of the kept
 * signatures, which of those are valid, and what their headers say.
 */
#include <stdlib.h>

#include "drivers/acpi/acpi.h"
#include "tests/fuzz/fuzz.h"

#define MAX_MAPS        512

static const uint8_t *mem;
static size_t mem_size;
static bool fix;
static void *maps[MAX_MAPS];
static unsigned int nmaps;
static struct acpi_tables at;
static const char kept_signatures[][5] = { ACPI_KEPT_SIGNATURES };

static void fix_sum(uint8_t *p, size_t len, size_t at_byte)
{
	uint8_t sum = 0;

	p[at_byte] = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	p[at_byte] = (uint8_t)-sum;
}

static const void *map(phys_addr_t pa, size_t len, void *ctx)
{
	uint8_t *p;

	FUZZ_CHECK(ctx == &at, "map() got the wrong context");
	FUZZ_CHECK(len >= 1 && len <= ACPI_TABLE_MAX_LEN, "map() of %zu bytes", len);
	FUZZ_CHECK(nmaps < MAX_MAPS, "more than %u map() calls", MAX_MAPS);
	if (pa >= mem_size || len > mem_size - pa)
		return NULL;
	p = maps[nmaps++] = fuzz_dup(mem + pa, len);
	if (fix && len >= ACPI_HEADER_LEN && len == fuzz_le32(p + 4))
		fix_sum(p, len, 9);
	return p;
}

/* This file's verdict on the table at @pa. */
static bool table_ok(uint64_t pa)
{
	uint32_t len;
	uint8_t sum = 0;

	if (pa >= mem_size || mem_size - pa < ACPI_HEADER_LEN)
		return false;
	len = fuzz_le32(mem + pa + 4);
	if (len < ACPI_HEADER_LEN || len > ACPI_TABLE_MAX_LEN || len > mem_size - pa)
		return false;
	for (uint32_t i = 0; i < len; i++)
		sum += mem[pa + i];
	return fix || sum == 0;
}

/* An ID as acpi_header_parse() keeps it: NULs end it, junk becomes '?'. */
static bool id_eq(const char *got, const uint8_t *raw, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char want = raw[i] && (raw[i] < 0x20 || raw[i] > 0x7e) ? '?' : (char)raw[i];

		if (got[i] != want)
			return false;
	}
	return got[n] == '\0';
}

static void check_header(const struct acpi_table *t)
{
	const uint8_t *h = mem + t->phys;

	FUZZ_CHECK(id_eq(t->hdr.signature, h, 4) && id_eq(t->hdr.oem_id, h + 10, 6) &&
		   id_eq(t->hdr.oem_table_id, h + 16, 8) && id_eq(t->hdr.creator_id, h + 28, 4),
		   "table at %#lx: IDs", t->phys);
	FUZZ_CHECK(t->hdr.length == fuzz_le32(h + 4) && t->hdr.revision == h[8] &&
		   t->hdr.oem_revision == fuzz_le32(h + 24) &&
		   t->hdr.creator_revision == fuzz_le32(h + 32),
		   "table at %#lx: header fields", t->phys);
}

/* Whether acpi_tables_load() must keep the table at @pa: its header can
 * be read and it has a kept signature. */
static bool kept(uint64_t pa)
{
	if (pa >= mem_size || mem_size - pa < ACPI_HEADER_LEN)
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(kept_signatures); i++)
		if (!memcmp(mem + pa, kept_signatures[i], 4))
			return true;
	return false;
}

static bool is_root(uint64_t pa, const char *sig)
{
	return table_ok(pa) && !memcmp(mem + pa, sig, 4);
}

static void check_tables(const struct acpi_rsdp *r, int err)
{
	bool xsdt = r->revision >= 2 && r->xsdt && is_root(r->xsdt, "XSDT");
	bool rsdt = !xsdt && r->rsdt && is_root(r->rsdt, "RSDT");
	size_t esize = xsdt ? 8 : 4, n;
	unsigned int k = 0, nonzero = 0, nkept = 0;

	FUZZ_CHECK(!err == (xsdt || rsdt), "acpi_tables_load() returned %d; XSDT %s, RSDT %s",
		   err, xsdt ? "usable" : "unusable", rsdt ? "usable" : "unusable");
	if (err)
		return;
	FUZZ_CHECK(at.root.valid && at.root.phys == (xsdt ? r->xsdt : r->rsdt),
		   "root table at %#lx, want the %s", at.root.phys, xsdt ? "XSDT" : "RSDT");
	check_header(&at.root);
	n = (at.root.hdr.length - ACPI_HEADER_LEN) / esize;
	FUZZ_CHECK(at.nr <= ACPI_MAX_KEPT, "%u tables", at.nr);
	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = mem + at.root.phys + ACPI_HEADER_LEN + i * esize;
		uint64_t pa = esize == 8 ? fuzz_le64(e) : fuzz_le32(e);
		const struct acpi_table *t = &at.t[k];

		if (!pa)
			continue;
		nonzero++;
		if (!kept(pa))
			continue;
		nkept++;
		if (k == at.nr)
			continue;
		k++;
		FUZZ_CHECK(t->phys == pa, "table %u at %#lx, want %#lx", k - 1, t->phys, pa);
		FUZZ_CHECK(t->valid == table_ok(pa), "table %u at %#lx: valid %d", k - 1, pa,
			   t->valid);
		if (t->valid) {
			const struct acpi_table *f = acpi_table_find(&at, t->hdr.signature, 0);

			check_header(t);
			FUZZ_CHECK(f && f->valid && !memcmp(f->hdr.signature, t->hdr.signature, 4) &&
				   f <= t, "acpi_table_find(\"%s\") misses table %u",
				   t->hdr.signature, k - 1);
			FUZZ_CHECK(acpi_table_count(&at, t->hdr.signature) >= 1, "count");
		}
	}
	FUZZ_CHECK(at.nr == MIN(nkept, (unsigned int)ACPI_MAX_KEPT) && at.nr + at.dropped == nkept,
		   "%u entries, %u of kept signatures: %u kept, %u dropped",
		   nonzero, nkept, at.nr, at.dropped);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct acpi_rsdp r;
	uint8_t *copy;
	size_t avail;

	if (size < 1)
		return 0;
	fix = data[0] & 1;
	mem = data + 1;
	mem_size = size - 1;
	avail = data[0] & 2 ? MIN(mem_size, (size_t)64) : mem_size;
	copy = fuzz_dup(mem, avail);
	if (fix && avail >= ACPI_RSDP_V1_LEN) {
		fix_sum(copy, ACPI_RSDP_V1_LEN, 8);
		if (copy[15] >= 2 && avail >= ACPI_RSDP_V2_LEN &&
		    fuzz_le32(copy + 20) >= ACPI_RSDP_V2_LEN && fuzz_le32(copy + 20) <= avail)
			fix_sum(copy, fuzz_le32(copy + 20), 32);
	}

	memset(&r, 0xa5, sizeof(r));
	if (acpi_rsdp_parse(&r, copy, avail) == 0) {
		FUZZ_CHECK(avail >= ACPI_RSDP_V1_LEN && !memcmp(copy, "RSD PTR ", 8) &&
			   r.revision == copy[15] && r.rsdt == fuzz_le32(copy + 16),
			   "RSDP fields");
		FUZZ_CHECK(r.revision < 2 ? r.xsdt == 0 && r.length == ACPI_RSDP_V1_LEN
					  : r.xsdt == fuzz_le64(copy + 24) &&
					    r.length == fuzz_le32(copy + 20) &&
					    r.length >= ACPI_RSDP_V2_LEN && r.length <= avail,
			   "RSDP revision %u: XSDT %#lx, length %u", r.revision, r.xsdt, r.length);
		nmaps = 0;
		check_tables(&r, acpi_tables_load(&at, &r, 0, map, &at));
		while (nmaps)
			free(maps[--nmaps]);
	}
	free(copy);
	return 0;
}
