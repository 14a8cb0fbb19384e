/*
 * tests/fuzz/numa_check.h - what the SRAT and SLIT targets share: the RAM
 * maps numa_build() runs against, and a check of a numa_topology against
 * the contract in mm/numa.h.
 */
#ifndef TESTS_FUZZ_NUMA_CHECK_H
#define TESTS_FUZZ_NUMA_CHECK_H

#include "mm/memmap.h"
#include "mm/numa.h"

enum fuzz_ram {
	FUZZ_RAM_QEMU,          /* QEMU pc, 5 GiB: low RAM, PCI hole, high RAM */
	FUZZ_RAM_BIG,           /* 46-bit server: ragged, unaligned edges */
	FUZZ_RAM_TINY,          /* a few pages: the "< 1 MiB uncovered" path */
	FUZZ_RAM_FROM_SRAT,     /* the SRAT's own ranges, less the PC holes */
};

/*
 * Build the sanitized RAM map @which the way kernel/memory.c would
 * (cut at the CPU's physical address width, page 0 reserved).
 */
void fuzz_ram_map(struct memmap *m, enum fuzz_ram which,
		  const struct numa_affinity *a, unsigned int phys_bits);

/* Abort unless @t is what numa_build() promises for @ram and @a. */
void fuzz_check_build(const struct numa_topology *t, const struct memmap *ram,
		      const struct numa_affinity *a, unsigned int phys_bits);

/* Abort unless @t is one node holding exactly the RAM of @ram. */
void fuzz_check_single(const struct numa_topology *t, const struct memmap *ram);

#endif
