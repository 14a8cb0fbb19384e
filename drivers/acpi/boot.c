/*
 * drivers/acpi/boot.c - find the ACPI tables of the machine we booted on.
 *
 * The RSDP comes from GRUB's copies (multiboot2 tags 15 and 14) or, when
 * they are missing or invalid, from the firmware: the UEFI configuration
 * table or the BIOS areas (acpi_rsdp_find() in tables.c, which the host
 * tests cover).  Physical memory is reached through the early mappings.
 */
#include "drivers/acpi/acpi.h"
#include "drivers/acpi/boot.h"
#include "kernel/paging.h"

static struct acpi_tables tables;

static const void *map_phys(phys_addr_t pa, size_t len, void *ctx)
{
	(void)ctx;
	return early_map(pa, len) ? phys_to_virt(pa) : NULL;
}

const struct acpi_tables *acpi_boot_init(const struct boot_info *bi)
{
	const struct acpi_rsdp_source src = {
		.copy_v2 = bi->rsdp_v2,
		.copy_v2_len = bi->rsdp_v2_len,
		.copy_v1 = bi->rsdp_v1,
		.copy_v1_len = bi->rsdp_v1_len,
		.uefi = bi->firmware == BOOT_FW_UEFI,
		.efi_system_table = bi->efi_system_table,
	};
	struct acpi_rsdp rsdp;
	phys_addr_t pa;

	if (acpi_rsdp_find(&rsdp, &pa, &src, map_phys, NULL) ||
	    acpi_tables_load(&tables, &rsdp, pa, map_phys, NULL))
		return NULL;
	return &tables;
}

const void *acpi_table_map(const struct acpi_table *t)
{
	return map_phys(t->phys, t->hdr.length, NULL);
}
