/*
 * drivers/acpi/srat.h - the System Resource Affinity Table.
 */
#ifndef DRIVERS_ACPI_SRAT_H
#define DRIVERS_ACPI_SRAT_H

#include "mm/numa.h"

/**
 * srat_parse() - read the SRAT's processor and memory affinity entries.
 * @a:     its mem[] and cpu[] lists are filled, in table order, with the
 *         enabled entries (other fields untouched)
 * @table: the whole table, header included, @len bytes (its checksum
 *         already verified)
 *
 * Processor local APIC (type 0), memory (type 1) and processor x2APIC
 * (type 2) affinity are read; other types are stepped over by their
 * length.  As in Linux, with table revision 1 only the low 8 bits of a
 * memory proximity domain count, and processor domains use their high
 * 24 bits only from revision 2 on.
 *
 * Return: 0, or -EINVAL (logged) for a structurally broken table: a
 * subtable shorter than 2 bytes or than its type's fixed size, or one
 * running past the end.  Nothing is half-applied: on error @a's lists
 * are empty.
 */
int srat_parse(struct numa_affinity *a, const void *table, size_t len);

#endif
