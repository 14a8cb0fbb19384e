/*
 * drivers/acpi/boot.h - the ACPI tables of the running machine.
 */
#ifndef DRIVERS_ACPI_BOOT_H
#define DRIVERS_ACPI_BOOT_H

#include "drivers/acpi/acpi.h"
#include "kernel/bootinfo.h"

/**
 * acpi_boot_init() - find the RSDP and list every table, logging each.
 * Return: the tables, or NULL (logged) when the machine has no usable ACPI.
 */
const struct acpi_tables *acpi_boot_init(const struct boot_info *bi);

/* A pointer to a listed table's bytes (hdr.length of them), or NULL. */
const void *acpi_table_map(const struct acpi_table *t);

#endif
