/*
 * drivers/acpi/slit.h - the System Locality Information Table.
 */
#ifndef DRIVERS_ACPI_SLIT_H
#define DRIVERS_ACPI_SLIT_H

#include "mm/numa.h"

/**
 * slit_parse() - read the distance matrix into @a->dist (by proximity
 * domain) and set @a->dist_nr.
 * @table: the whole table, header included, @len bytes (checksum verified)
 *
 * Linux's rule decides validity: every local distance is 10 and every
 * remote one larger than 10.  A table longer than its locality count
 * needs is fine (seen on X299 boards); a shorter one is not.
 *
 * Return: 0, or -EINVAL (logged, @a->dist_nr = 0: default distances).
 */
int slit_parse(struct numa_affinity *a, const void *table, size_t len);

#endif
