/*
 * kernel/mm_init.h - the kernel's memory allocators, brought up in order
 * (kernel/mm_init.c).
 */
#ifndef KERNEL_MM_INIT_H
#define KERNEL_MM_INIT_H

#include "drivers/acpi/acpi.h"
#include "kernel/bootinfo.h"
#include "mm/bootmem.h"
#include "mm/numa.h"
#include "mm/page_alloc.h"

/**
 * bootmem_boot_setup() - register the node ranges of @t, reserve what the
 * boot loader and firmware left in RAM, and switch bootmem on.
 * Return: the kernel's bootmem instance (also bootmem_kernel).
 */
struct bootmem *bootmem_boot_setup(const struct boot_info *bi,
				   const struct numa_topology *t,
				   const struct acpi_tables *acpi);

/* Build the kernel's page tables (direct map of RAM, kernel image, kept
 * device regions) from bootmem, node-local, and switch to them. */
void paging_setup(void);

/**
 * page_alloc_setup() - page metadata and the buddy allocators; bootmem
 * hands every free page over and retires.  Checks that every page of RAM
 * is free in the buddy allocator or set aside for a named reason.
 * Return: whether it all adds up.
 */
bool page_alloc_setup(void);

/* Log the page allocator's state and the "Memory:" line. */
void mm_report(void);

/* The kernel's page allocator (for self-tests). */
struct page_alloc *page_alloc_kernel(void);

/* The topology the allocators were set up with. */
const struct numa_topology *mm_topology(void);

#endif
