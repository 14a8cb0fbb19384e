/*
 * kernel/paging.h - the early address space.
 *
 * boot/boot.asm identity-maps the low 4 GiB and maps the kernel image at
 * KERNEL_VMA.  Until the direct map exists, physical memory is reached
 * through the identity map: phys_to_virt() is the only way from a
 * phys_addr_t to a pointer, so that changes in one place later.
 */
#ifndef KERNEL_PAGING_H
#define KERNEL_PAGING_H

#include "kernel/compiler.h"
#include "kernel/types.h"

#define KERNEL_VMA      0xffffffff80000000UL

static inline void *phys_to_virt(phys_addr_t pa)
{
	uintptr_t va = (uintptr_t)pa;

	OPTIMIZER_HIDE_VAR(va);
	return (void *)va;
}

/* Physical address of a kernel image symbol (linked at KERNEL_VMA). */
static inline phys_addr_t kernel_virt_to_phys(const void *va)
{
	return (uintptr_t)va - KERNEL_VMA;
}

/**
 * early_map() - make sure [@pa, @pa + @size) is reachable by phys_to_virt().
 *
 * Ranges below 4 GiB already are; higher ones get 2 MiB identity mappings
 * from a small static pool of page tables.
 *
 * Return: false when the range lies beyond the CPU's physical address
 * width or the pool (EARLY_PT_POOL pages) is exhausted.
 */
bool early_map(phys_addr_t pa, uint64_t size);

/* The CPU's physical address width in bits (CPUID 0x80000008). */
unsigned int cpu_phys_bits(void);

#endif
