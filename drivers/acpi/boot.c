/*
 * drivers/acpi/boot.c - find the ACPI tables of the machine we booted on.
 *
 * The RSDP comes, in order of preference, from GRUB's copy of an ACPI 2.0+
 * RSDP (multiboot2 tag 15), its copy of an ACPI 1.0 RSDP (tag 14), or a
 * scan of the places the ACPI specification lists for BIOS machines (the
 * first KiB of the EBDA and 0xE0000-0xFFFFF, on 16-byte boundaries).
 * GRUB's copies do not say where the original lies; for the log we look it
 * up (UEFI: the system table's configuration table; BIOS: the same scan).
 */
#define pr_fmt(fmt) "ACPI: " fmt

#include "drivers/acpi/acpi.h"
#include "drivers/acpi/boot.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define EBDA_PTR        0x40e           /* BIOS data area: EBDA segment */
#define BIOS_ROM_START  0xe0000
#define BIOS_ROM_END    0x100000

/* UEFI system table: NumberOfTableEntries at 104, ConfigurationTable at 112;
 * each entry is a 16-byte GUID and an 8-byte pointer (UEFI 2.9, 4.3/4.6). */
#define EFI_ST_NR_TABLES 104
#define EFI_ST_TABLES   112
#define EFI_CT_ENTRY    24
#define EFI_CT_MAX      256
static const uint8_t efi_acpi20_guid[16] = {   /* 8868e871-e4f1-11d3-bc22-0080c73c8881 */
	0x71, 0xe8, 0x68, 0x88, 0xf1, 0xe4, 0xd3, 0x11,
	0xbc, 0x22, 0x00, 0x80, 0xc7, 0x3c, 0x88, 0x81,
};

static struct acpi_tables tables;

static const void *map_phys(phys_addr_t pa, size_t len, void *ctx)
{
	(void)ctx;
	return early_map(pa, len) ? phys_to_virt(pa) : NULL;
}

/* Scan [start, end) on 16-byte boundaries for a valid RSDP; 0 if none.
 * With @want, only an RSDP identical to its first @want_len bytes counts. */
static phys_addr_t scan(phys_addr_t start, phys_addr_t end, const uint8_t *want,
			size_t want_len)
{
	for (phys_addr_t pa = ALIGN_UP(start, 16); pa + ACPI_RSDP_V1_LEN <= end; pa += 16) {
		const uint8_t *p = phys_to_virt(pa);

		if (memcmp(p, "RSD PTR ", 8) || acpi_checksum(p, ACPI_RSDP_V1_LEN))
			continue;
		if (!want || (pa + want_len <= end && !memcmp(p, want, want_len)))
			return pa;
	}
	return 0;
}

/* The BIOS places: the EBDA's first KiB, then the BIOS ROM area. */
static phys_addr_t bios_find_rsdp(const uint8_t *want, size_t want_len)
{
	phys_addr_t ebda = (phys_addr_t)(*(const uint16_t *)phys_to_virt(EBDA_PTR)) << 4;
	phys_addr_t pa = 0;

	if (ebda >= 0x80000 && ebda < 0xa0000)
		pa = scan(ebda, ebda + 1024, want, want_len);
	return pa ? pa : scan(BIOS_ROM_START, BIOS_ROM_END, want, want_len);
}

/* Under UEFI: the RSDP address the firmware lists in its system table. */
static phys_addr_t efi_find_rsdp(phys_addr_t system_table)
{
	const uint8_t *st, *ct;
	uint64_t n;

	if (!system_table || !early_map(system_table, EFI_ST_TABLES + 8))
		return 0;
	st = phys_to_virt(system_table);
	if (memcmp(st, "IBI SYST", 8))  /* EFI_SYSTEM_TABLE_SIGNATURE */
		return 0;
	n = acpi_get64(st + EFI_ST_NR_TABLES);
	if (n > EFI_CT_MAX || !early_map(acpi_get64(st + EFI_ST_TABLES), n * EFI_CT_ENTRY))
		return 0;
	ct = phys_to_virt(acpi_get64(st + EFI_ST_TABLES));
	for (uint64_t i = 0; i < n; i++)
		if (!memcmp(ct + i * EFI_CT_ENTRY, efi_acpi20_guid, 16))
			return acpi_get64(ct + i * EFI_CT_ENTRY + 16);
	return 0;
}

const struct acpi_tables *acpi_boot_init(const struct boot_info *bi)
{
	struct acpi_rsdp rsdp;
	const uint8_t *copy = NULL;
	phys_addr_t pa = 0;

	/* GRUB's copies: the ACPI 2.0+ one first, then the 1.0 one. */
	if (bi->rsdp_v2_len && acpi_rsdp_parse(&rsdp, bi->rsdp_v2, bi->rsdp_v2_len) == 0)
		copy = bi->rsdp_v2;
	else if (bi->rsdp_v1_len && acpi_rsdp_parse(&rsdp, bi->rsdp_v1, bi->rsdp_v1_len) == 0)
		copy = bi->rsdp_v1;
	if (copy) {
		pa = bi->firmware == BOOT_FW_UEFI ? efi_find_rsdp(bi->efi_system_table)
						  : bios_find_rsdp(copy, ACPI_RSDP_V1_LEN);
	} else {
		if (bi->rsdp_v2_len || bi->rsdp_v1_len)
			pr_warn("the boot loader's RSDP copies are invalid; searching memory\n");
		pa = bi->firmware == BOOT_FW_BIOS ? bios_find_rsdp(NULL, 0) : 0;
		if (!pa || acpi_rsdp_parse(&rsdp, phys_to_virt(pa), BIOS_ROM_END - pa)) {
			pr_info("no RSDP found: no ACPI tables\n");
			return NULL;
		}
	}
	if (acpi_tables_load(&tables, &rsdp, pa, map_phys, NULL))
		return NULL;
	return &tables;
}

const void *acpi_table_map(const struct acpi_table *t)
{
	return map_phys(t->phys, t->hdr.length, NULL);
}
