/*
 * drivers/acpi/madt.h - the Multiple APIC Description Table ("APIC").
 */
#ifndef DRIVERS_ACPI_MADT_H
#define DRIVERS_ACPI_MADT_H

#include "kernel/types.h"

#define MADT_CPU_MAX    1024

struct madt_cpu {
	uint32_t apic_id;
	uint32_t uid;           /* ACPI processor UID */
	bool x2apic;
	bool enabled;           /* usable now */
	bool online_capable;    /* disabled, but may be brought online */
};

struct madt {
	uint8_t revision;       /* from 5: disabled, not online-capable = absent */
	uint32_t lapic_addr;
	uint32_t flags;
	struct madt_cpu cpu[MADT_CPU_MAX];
	unsigned int cpu_nr;
	unsigned int dropped;
};

/**
 * madt_parse() - list the processors of the MADT (ACPI 6.5, 5.2.12).
 * @table: the whole table, header included, @len bytes (checksum verified)
 *
 * Local APIC (type 0) and local x2APIC (type 9) entries are read, disabled
 * ones included (they are hotplug slots); every other type, reserved ones
 * such as 0x7F included, is stepped over by its length.
 *
 * Return: 0, or -EINVAL (logged) for a structurally broken table.
 */
int madt_parse(struct madt *m, const void *table, size_t len);

#endif
