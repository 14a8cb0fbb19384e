/*
 * drivers/acpi/tables.c - from the boot loader's data to the RSDP, and from
 * the RSDP to the list of ACPI tables.
 *
 * Every length the firmware states is checked before it is used to read:
 * a root table's entry count comes from its verified length, and each
 * table is mapped first for its header only, then for the length the
 * header gives, bounded by ACPI_TABLE_MAX_LEN.
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include "drivers/acpi/acpi.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"

static const char kept_signatures[][5] = { ACPI_KEPT_SIGNATURES };

/* Where a BIOS keeps the RSDP (ACPI 6.5, 5.2.5.1). */
#define EBDA_PTR        0x40e           /* BIOS data area: EBDA segment */
#define EBDA_SCAN_LEN   1024
#define BIOS_ROM_START  0xe0000
#define BIOS_ROM_END    0x100000

/* The UEFI system table: NumberOfTableEntries at 104, ConfigurationTable at
 * 112; each entry a 16-byte GUID and an 8-byte pointer (UEFI 2.9, 4.3, 4.6). */
#define EFI_ST_SIGNATURE "IBI SYST"
#define EFI_ST_NR_TABLES 104
#define EFI_ST_TABLES   112
#define EFI_CT_ENTRY    24
#define EFI_CT_MAX      256
#define RSDP_MAP_MAX    256             /* bound on a stated RSDP length */

/* An ACPI 2.0+ RSDP is listed by the first GUID, an ACPI 1.0 one by the
 * second; firmware with ACPI 1.0 tables only lists the second (Linux's
 * EFI code also looks for both, preferring 2.0). */
static const struct {
	uint8_t guid[16];
	const char *name;
} efi_acpi_guids[] = {
	{ { 0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,     /* 8868e871-e4f1-11d3- */
	    0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81 },   /* bc22-0080c73c8881 */
	  "ACPI 2.0" },
	{ { 0x30, 0x2d, 0x9d, 0xeb, 0x88, 0x2d, 0xd3, 0x11,     /* eb9d2d30-2d88-11d3- */
	    0x9a, 0x16, 0x00, 0x90, 0x27, 0x3f, 0xc1, 0x4d },   /* 9a16-0090273fc14d */
	  "ACPI 1.0" },
};

uint8_t acpi_checksum(const void *p, size_t len)
{
	const uint8_t *b = p;
	uint8_t sum = 0;

	while (len--)
		sum += *b++;
	return sum;
}

static void copy_id(char *dst, const uint8_t *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n] = '\0';
	/* IDs are space-padded, but some firmware pads with NULs or junk. */
	for (size_t i = 0; i < n; i++)
		if (dst[i] && (dst[i] < 0x20 || dst[i] > 0x7e))
			dst[i] = '?';
}

int acpi_header_parse(struct acpi_header *h, const void *p, size_t avail)
{
	const uint8_t *b = p;

	if (avail < ACPI_HEADER_LEN)
		return -EINVAL;
	copy_id(h->signature, b, 4);
	h->length = acpi_get32(b + 4);
	h->revision = b[8];
	h->checksum = b[9];
	copy_id(h->oem_id, b + 10, 6);
	copy_id(h->oem_table_id, b + 16, 8);
	h->oem_revision = acpi_get32(b + 24);
	copy_id(h->creator_id, b + 28, 4);
	h->creator_revision = acpi_get32(b + 32);
	if (h->length < ACPI_HEADER_LEN || h->length > ACPI_TABLE_MAX_LEN)
		return -EINVAL;
	return 0;
}

int acpi_rsdp_parse(struct acpi_rsdp *r, const void *p, size_t avail)
{
	const uint8_t *b = p;

	if (avail < ACPI_RSDP_V1_LEN || memcmp(b, "RSD PTR ", 8)) {
		pr_err("RSDP: no \"RSD PTR \" signature\n");
		return -EINVAL;
	}
	if (acpi_checksum(b, ACPI_RSDP_V1_LEN)) {
		pr_err("RSDP: checksum of the first 20 bytes is wrong\n");
		return -EINVAL;
	}
	r->revision = b[15];
	copy_id(r->oem_id, b + 9, 6);
	r->rsdt = acpi_get32(b + 16);
	r->xsdt = 0;
	r->length = ACPI_RSDP_V1_LEN;
	if (r->revision < 2)
		return 0;
	if (avail < ACPI_RSDP_V2_LEN) {
		pr_err("RSDP: revision %u but only %zu bytes\n", r->revision, avail);
		return -EINVAL;
	}
	r->length = acpi_get32(b + 20);
	if (r->length < ACPI_RSDP_V2_LEN || r->length > avail ||
	    acpi_checksum(b, r->length)) {
		pr_err("RSDP: extended length %u or extended checksum is wrong\n",
		       r->length);
		return -EINVAL;
	}
	r->xsdt = acpi_get64(b + 24);
	return 0;
}

/*
 * Whether @p, readable for @avail bytes, is an RSDP the search accepts: its
 * signature and first checksum right, equal to @want's first 20 bytes if
 * @want is given, and wholly valid (parsed into @r) if @r is.
 */
static bool rsdp_ok(const uint8_t *p, size_t avail, const uint8_t *want,
		    struct acpi_rsdp *r)
{
	if (!p || avail < ACPI_RSDP_V1_LEN || memcmp(p, "RSD PTR ", 8) ||
	    acpi_checksum(p, ACPI_RSDP_V1_LEN))
		return false;
	if (want && memcmp(p, want, ACPI_RSDP_V1_LEN))
		return false;
	return !r || acpi_rsdp_parse(r, p, avail) == 0;
}

/* rsdp_ok() for the RSDP at @pa, mapped for the length it states. */
static bool rsdp_ok_at(phys_addr_t pa, const uint8_t *want, struct acpi_rsdp *r,
		       acpi_map_fn map, void *ctx)
{
	const uint8_t *p = map(pa, ACPI_RSDP_V1_LEN, ctx);
	size_t len = ACPI_RSDP_V1_LEN;

	if (p && p[15] >= 2) {          /* ACPI 2.0+: 36 bytes, or the length stated */
		len = ACPI_RSDP_V2_LEN;
		p = map(pa, len, ctx);
		if (p && acpi_get32(p + 20) > len) {
			len = MIN(acpi_get32(p + 20), RSDP_MAP_MAX);
			p = map(pa, len, ctx);
		}
	}
	return rsdp_ok(p, len, want, r);
}

/* The first accepted RSDP in [start, end), on 16-byte boundaries; 0 if none. */
static phys_addr_t bios_scan(phys_addr_t start, phys_addr_t end, const uint8_t *want,
			     struct acpi_rsdp *r, acpi_map_fn map, void *ctx)
{
	const uint8_t *base = map(start, end - start, ctx);

	for (phys_addr_t pa = start; base && pa + ACPI_RSDP_V1_LEN <= end; pa += 16)
		if (rsdp_ok(base + (pa - start), end - pa, want, r))
			return pa;
	return 0;
}

/* Under a BIOS: the EBDA's first KiB, then the BIOS ROM area. */
static phys_addr_t bios_rsdp(const uint8_t *want, struct acpi_rsdp *r,
			     acpi_map_fn map, void *ctx)
{
	const uint8_t *seg = map(EBDA_PTR, 2, ctx);
	phys_addr_t ebda = seg ? (phys_addr_t)acpi_get16(seg) << 4 : 0;
	phys_addr_t pa = 0;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		pa = bios_scan(ebda, ebda + EBDA_SCAN_LEN, want, r, map, ctx);
	return pa ? pa : bios_scan(BIOS_ROM_START, BIOS_ROM_END, want, r, map, ctx);
}

/* Under UEFI: the configuration table's entries, by the ACPI 2.0 GUID,
 * then by the ACPI 1.0 GUID. */
static phys_addr_t efi_rsdp(phys_addr_t system_table, const uint8_t *want,
			    struct acpi_rsdp *r, acpi_map_fn map, void *ctx)
{
	const uint8_t *st = system_table ? map(system_table, EFI_ST_TABLES + 8, ctx) : NULL;
	const uint8_t *ct;
	uint64_t n;

	if (!st || memcmp(st, EFI_ST_SIGNATURE, 8)) {
		pr_warn("no UEFI system table at 0x%016lx\n", system_table);
		return 0;
	}
	n = acpi_get64(st + EFI_ST_NR_TABLES);
	if (!n)
		return 0;
	ct = n <= EFI_CT_MAX ? map(acpi_get64(st + EFI_ST_TABLES), n * EFI_CT_ENTRY, ctx) : NULL;
	if (!ct) {
		pr_warn("UEFI configuration table of %lu entries unreadable\n", n);
		return 0;
	}
	for (size_t g = 0; g < ARRAY_SIZE(efi_acpi_guids); g++) {
		for (uint64_t i = 0; i < n; i++) {
			const uint8_t *e = ct + i * EFI_CT_ENTRY;
			phys_addr_t pa = acpi_get64(e + 16);

			if (memcmp(e, efi_acpi_guids[g].guid, 16) || !rsdp_ok_at(pa, want, r, map, ctx))
				continue;
			if (r)
				pr_info("RSDP from the UEFI configuration table (%s GUID)\n",
					efi_acpi_guids[g].name);
			return pa;
		}
	}
	return 0;
}

/* The firmware's own RSDP (see acpi_rsdp_find()); 0 if none is accepted. */
static phys_addr_t firmware_rsdp(const struct acpi_rsdp_source *src, const uint8_t *want,
				 struct acpi_rsdp *r, acpi_map_fn map, void *ctx)
{
	return src->uefi ? efi_rsdp(src->efi_system_table, want, r, map, ctx)
			 : bios_rsdp(want, r, map, ctx);
}

int acpi_rsdp_find(struct acpi_rsdp *r, phys_addr_t *pa, const struct acpi_rsdp_source *src,
		   acpi_map_fn map, void *ctx)
{
	const uint8_t *copy = NULL;

	if (src->copy_v2_len && acpi_rsdp_parse(r, src->copy_v2, src->copy_v2_len) == 0)
		copy = src->copy_v2;
	else if (src->copy_v1_len && acpi_rsdp_parse(r, src->copy_v1, src->copy_v1_len) == 0)
		copy = src->copy_v1;
	if (copy) {
		*pa = firmware_rsdp(src, copy, NULL, map, ctx);
		return 0;
	}
	if (src->copy_v2_len || src->copy_v1_len)
		pr_warn("the boot loader's RSDP copies are invalid; asking the firmware\n");
	*pa = firmware_rsdp(src, NULL, r, map, ctx);
	if (!*pa) {
		pr_info("no RSDP found: no ACPI tables\n");
		return -ENOENT;
	}
	return 0;
}

/* Map a whole table and check it; NULL (with a log line) if it is bad. */
static const uint8_t *map_table(struct acpi_table *t, phys_addr_t pa,
				acpi_map_fn map, void *ctx)
{
	const uint8_t *p = map(pa, ACPI_HEADER_LEN, ctx);

	memset(t, 0, sizeof(*t));
	t->phys = pa;
	if (!p) {
		pr_warn("cannot map a table at 0x%016lx\n", pa);
		return NULL;
	}
	if (acpi_header_parse(&t->hdr, p, ACPI_HEADER_LEN)) {
		pr_warn("%.4s at 0x%016lx: length %u is not plausible; ignored\n",
			t->hdr.signature, pa, t->hdr.length);
		return NULL;
	}
	p = map(pa, t->hdr.length, ctx);
	if (!p) {
		pr_warn("cannot map %s at 0x%016lx (%u bytes)\n", t->hdr.signature,
			pa, t->hdr.length);
		return NULL;
	}
	if (acpi_checksum(p, t->hdr.length)) {
		pr_warn("%s at 0x%016lx: checksum is wrong; table ignored\n",
			t->hdr.signature, pa);
		return NULL;
	}
	t->valid = true;
	return p;
}

/* Log a table the way Linux does, so the lines can be diffed. */
static void print_table(const struct acpi_table *t)
{
	const struct acpi_header *h = &t->hdr;

	pr_info("%-4.4s 0x%016lX %06X (v%02u %-6.6s %-8.8s %08X %-4.4s %08X)\n",
		h->signature, t->phys, h->length, h->revision, h->oem_id,
		h->oem_table_id, h->oem_revision, h->creator_id,
		h->creator_revision);
}

/* Whether tables with @signature are kept in struct acpi_tables. */
static bool kept(const char *signature)
{
	for (size_t i = 0; i < ARRAY_SIZE(kept_signatures); i++)
		if (!memcmp(signature, kept_signatures[i], 4))
			return true;
	return false;
}

/* Check and log each entry of the root table (4 or 8 bytes each); keep
 * those of the kept signatures in at->t. */
static void load_entries(struct acpi_tables *at, const uint8_t *root,
			 size_t entry_size, acpi_map_fn map, void *ctx)
{
	size_t n = (at->root.hdr.length - ACPI_HEADER_LEN) / entry_size;

	for (size_t i = 0; i < n; i++) {
		const uint8_t *e = root + ACPI_HEADER_LEN + i * entry_size;
		phys_addr_t pa = entry_size == 8 ? acpi_get64(e) : acpi_get32(e);
		struct acpi_table t;

		if (!pa)
			continue;
		if (map_table(&t, pa, map, ctx))
			print_table(&t);
		if (!kept(t.hdr.signature))
			continue;
		if (at->nr == ACPI_MAX_KEPT)
			at->dropped++;
		else
			at->t[at->nr++] = t;
	}
	if (at->dropped)
		pr_warn("%u tables of a kept signature beyond ACPI_MAX_KEPT (%u) ignored; raise it\n",
			at->dropped, ACPI_MAX_KEPT);
}

int acpi_tables_load(struct acpi_tables *at, const struct acpi_rsdp *rsdp,
		     phys_addr_t rsdp_phys, acpi_map_fn map, void *ctx)
{
	const uint8_t *root = NULL;
	size_t entry_size = 8;

	memset(at, 0, sizeof(*at));
	at->rsdp = *rsdp;
	at->rsdp_phys = rsdp_phys;
	pr_info("RSDP 0x%016lX %06X (v%02u %-6.6s)\n", rsdp_phys, rsdp->length,
		rsdp->revision, rsdp->oem_id);

	if (rsdp->revision >= 2 && rsdp->xsdt) {
		root = map_table(&at->root, rsdp->xsdt, map, ctx);
		if (root && memcmp(at->root.hdr.signature, "XSDT", 4)) {
			pr_warn("XSDT pointer leads to a %s table\n", at->root.hdr.signature);
			root = NULL;
		}
		if (!root)
			pr_warn("XSDT unusable; falling back to the RSDT\n");
	}
	if (!root && rsdp->rsdt) {
		entry_size = 4;
		root = map_table(&at->root, rsdp->rsdt, map, ctx);
		if (root && memcmp(at->root.hdr.signature, "RSDT", 4)) {
			pr_warn("RSDT pointer leads to a %s table\n", at->root.hdr.signature);
			root = NULL;
		}
	}
	if (!root) {
		pr_err("no valid RSDT or XSDT: ACPI tables not used\n");
		return -EINVAL;
	}
	print_table(&at->root);
	load_entries(at, root, entry_size, map, ctx);
	return 0;
}

const struct acpi_table *acpi_table_find(const struct acpi_tables *at,
					 const char *signature,
					 unsigned int instance)
{
	BUG_ON(!kept(signature));
	for (unsigned int i = 0; i < at->nr; i++) {
		const struct acpi_table *t = &at->t[i];

		if (t->valid && !memcmp(t->hdr.signature, signature, 4) &&
		    instance-- == 0)
			return t;
	}
	return NULL;
}

unsigned int acpi_table_count(const struct acpi_tables *at, const char *signature)
{
	unsigned int n = 0;

	BUG_ON(!kept(signature));
	for (unsigned int i = 0; i < at->nr; i++)
		n += !memcmp(at->t[i].hdr.signature, signature, 4);
	return n;
}
