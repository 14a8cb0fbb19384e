/*
 * drivers/acpi/acpi.h - finding ACPI tables: RSDP, RSDT/XSDT, table headers.
 *
 * Formats from the ACPI Specification 6.5, chapter 5.2.  Tables may sit at
 * any byte address, so fields are read byte-wise (acpi_get*), never through
 * casts to packed structs.
 *
 * Portable: physical memory is reached only through the caller's map
 * function, so the host unit tests can serve tables from a buffer.
 */
#ifndef DRIVERS_ACPI_ACPI_H
#define DRIVERS_ACPI_ACPI_H

#include "kernel/types.h"

#define ACPI_HEADER_LEN         36
#define ACPI_RSDP_V1_LEN        20
#define ACPI_RSDP_V2_LEN        36
#define ACPI_MAX_KEPT           16      /* tables of the kept signatures */
#define ACPI_TABLE_MAX_LEN      (16u << 20)     /* sanity bound */

/* A table header, decoded. */
struct acpi_header {
	char signature[5];
	uint32_t length;
	uint8_t revision;
	uint8_t checksum;
	char oem_id[7];
	char oem_table_id[9];
	uint32_t oem_revision;
	char creator_id[5];
	uint32_t creator_revision;
};

struct acpi_rsdp {
	uint8_t revision;       /* 0: ACPI 1.0 (RSDT only); 2+: has an XSDT */
	char oem_id[7];
	uint32_t rsdt;
	uint64_t xsdt;
	uint32_t length;
};

/* One table the root table lists. */
struct acpi_table {
	struct acpi_header hdr;
	phys_addr_t phys;
	bool valid;             /* length and checksum verified */
};

/*
 * The root table's list, reduced to the tables the kernel reads.
 *
 * Servers list hundreds of tables (mostly SSDTs), so a fixed array of every
 * table would lose those listed after it fills - an SRAT after the 64th
 * entry once meant one node.  Every table is still mapped, checked and
 * logged, but only those whose signature is in ACPI_KEPT_SIGNATURES are
 * kept, in list order: a bound on copies of a few signatures, which
 * firmware lists once (Linux reads only the first SRAT), not on the list.
 */
#define ACPI_KEPT_SIGNATURES    "APIC", "SLIT", "SRAT"

struct acpi_tables {
	struct acpi_rsdp rsdp;
	phys_addr_t rsdp_phys;
	struct acpi_table root;         /* the RSDT or XSDT used */
	struct acpi_table t[ACPI_MAX_KEPT];     /* kept signatures only */
	unsigned int nr;
	unsigned int dropped;           /* kept signatures beyond ACPI_MAX_KEPT */
};

/* Return a pointer through which [pa, pa + len) can be read, or NULL. */
typedef const void *(*acpi_map_fn)(phys_addr_t pa, size_t len, void *ctx);

static inline uint16_t acpi_get16(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t acpi_get32(const void *p)
{
	const uint8_t *b = p;

	return b[0] | b[1] << 8 | b[2] << 16 | (uint32_t)b[3] << 24;
}

static inline uint64_t acpi_get64(const void *p)
{
	return acpi_get32(p) | (uint64_t)acpi_get32((const uint8_t *)p + 4) << 32;
}

/* The 8-bit sum of @len bytes: 0 for a valid table. */
uint8_t acpi_checksum(const void *p, size_t len);

/**
 * acpi_header_parse() - decode a table header.
 * @p:     the table, readable for @avail bytes (at least ACPI_HEADER_LEN)
 * Return: 0, or -EINVAL if @avail is too short or the length field is
 * shorter than a header or longer than ACPI_TABLE_MAX_LEN.
 */
int acpi_header_parse(struct acpi_header *h, const void *p, size_t avail);

/**
 * acpi_rsdp_parse() - check and decode a Root System Description Pointer.
 * @p:     "RSD PTR " and what follows, readable for @avail bytes
 *
 * The first 20 bytes must sum to 0; a revision 2+ RSDP must also be at
 * least 36 bytes long and sum to 0 over its stated length.
 * Return: 0, or -EINVAL with a log line saying what is wrong.
 */
int acpi_rsdp_parse(struct acpi_rsdp *r, const void *p, size_t avail);

/* Where an RSDP may be found: what the boot loader passed. */
struct acpi_rsdp_source {
	const void *copy_v2;            /* its copies of the ACPI 2.0+ RSDP */
	size_t copy_v2_len;             /* and of the 1.0 one; 0 if absent */
	const void *copy_v1;
	size_t copy_v1_len;
	bool uefi;                      /* else a BIOS */
	phys_addr_t efi_system_table;   /* under UEFI; 0 if unknown */
};

/**
 * acpi_rsdp_find() - the RSDP to use, and where it lies.
 * @r:     filled in
 * @pa:    set to the RSDP's physical address, 0 when only a boot loader's
 *         copy is known (used for the log only)
 *
 * In order: the boot loader's ACPI 2.0+ copy, its 1.0 copy, then the
 * firmware's own RSDP - under UEFI the first valid one the system table's
 * configuration table lists by the ACPI 2.0 GUID, else by the ACPI 1.0
 * GUID; under a BIOS the first valid one in the EBDA's first KiB, else in
 * 0xE0000-0xFFFFF, on 16-byte boundaries (ACPI 6.5, 5.2.5.1).  With a
 * valid copy, @pa is where the firmware keeps an RSDP identical to it.
 *
 * Return: 0, or -ENOENT (logged) when no valid RSDP is found.
 */
int acpi_rsdp_find(struct acpi_rsdp *r, phys_addr_t *pa, const struct acpi_rsdp_source *src,
		   acpi_map_fn map, void *ctx);

/**
 * acpi_tables_load() - walk the root table an RSDP points to.
 * @at:        filled in
 * @rsdp:      a valid RSDP (acpi_rsdp_parse)
 * @rsdp_phys: where it was found, for the log
 *
 * Uses the XSDT when the RSDP has one and it is valid, else the RSDT.
 * Every listed table is mapped, its length bounded and its checksum
 * verified, and logged as Linux does ("ACPI: SRAT 0x... 0000F0 (v01 ...)")
 * when valid.  Tables of the kept signatures whose header could be read
 * go to at->t, invalid ones with valid = false.
 *
 * Return: 0, or -EINVAL when neither root table is usable.
 */
int acpi_tables_load(struct acpi_tables *at, const struct acpi_rsdp *rsdp,
		     phys_addr_t rsdp_phys, acpi_map_fn map, void *ctx);

/**
 * acpi_table_find() - the @instance'th valid table with @signature.
 * @signature: one of ACPI_KEPT_SIGNATURES (BUG otherwise: add it there)
 * Return: the table, or NULL.
 */
const struct acpi_table *acpi_table_find(const struct acpi_tables *at,
					 const char *signature,
					 unsigned int instance);

/* How many tables (valid or not) carry @signature, one of
 * ACPI_KEPT_SIGNATURES. */
unsigned int acpi_table_count(const struct acpi_tables *at, const char *signature);

#endif
