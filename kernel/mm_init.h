/*
 * kernel/mm_init.h - the kernel's memory allocators, brought up in order.
 */
#ifndef KERNEL_MM_INIT_H
#define KERNEL_MM_INIT_H

#include "drivers/acpi/acpi.h"
#include "kernel/bootinfo.h"
#include "mm/bootmem.h"
#include "mm/numa.h"

#define BOOTMEM_RELEASE_MAX_ORDER 18    /* 1 GiB blocks */

/**
 * bootmem_boot_setup() - register the node ranges of @t, reserve what the
 * boot loader and firmware left in RAM, and switch bootmem on.
 * Return: the kernel's bootmem instance (also bootmem_kernel).
 */
struct bootmem *bootmem_boot_setup(const struct boot_info *bi,
				   const struct numa_topology *t,
				   const struct acpi_tables *acpi);

/**
 * bootmem_handover() - release every free page and check the accounting:
 * released pages = free pages + the bitmap's, each on its node.
 * Return: whether it all adds up.
 */
bool bootmem_handover(void);

#endif
