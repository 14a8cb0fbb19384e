/*
 * kernel/topology.h - the machine's NUMA topology (kernel/topology.c).
 */
#ifndef KERNEL_TOPOLOGY_H
#define KERNEL_TOPOLOGY_H

#include "drivers/acpi/acpi.h"
#include "mm/numa.h"

/**
 * topology_setup() - node ranges, distances and CPUs per node, from the
 * SRAT/SLIT/MADT in @at (may be NULL) or the numa= option; logged in
 * Linux's shapes.  Never fails: anything wrong means one node.
 * Return: the topology, valid for the kernel's lifetime.
 */
const struct numa_topology *topology_setup(const struct memmap *ram,
					   const struct acpi_tables *at);

#endif
