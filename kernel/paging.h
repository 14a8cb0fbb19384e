/*
 * kernel/paging.h - the kernel's address space.
 *
 *   0xffff888000000000  PAGE_OFFSET: the direct map, physical address 0 up
 *   0xffffffff80000000  KERNEL_VMA: the kernel image (physical 0 up)
 *
 * boot/boot.asm maps the first 4 GiB of the direct map (and an identity
 * map for the switch to long mode); early_map() extends the direct map
 * as early code needs it.  phys_to_virt() is the only way from a
 * phys_addr_t to a pointer, virt_to_phys() the only way back.
 */
#ifndef KERNEL_PAGING_H
#define KERNEL_PAGING_H

#include "kernel/compiler.h"
#include "kernel/cpu.h"
#include "kernel/types.h"

#define KERNEL_VMA      0xffffffff80000000UL
#define PAGE_OFFSET     0xffff888000000000UL
#define DIRECT_MAP_MAX  (64UL << 40)    /* 64 TiB: PML4 slots 273-400 */

static inline void *phys_to_virt(phys_addr_t pa)
{
	uintptr_t va = (uintptr_t)pa + PAGE_OFFSET;

	OPTIMIZER_HIDE_VAR(va);
	return (void *)va;
}

/* Physical address of a direct-map pointer. */
static inline phys_addr_t virt_to_phys(const void *va)
{
	return (uintptr_t)va - PAGE_OFFSET;
}

/* Physical address of a kernel image symbol (linked at KERNEL_VMA). */
static inline phys_addr_t kernel_virt_to_phys(const void *va)
{
	return (uintptr_t)va - KERNEL_VMA;
}

/**
 * early_map() - make sure [@pa, @pa + @size) is reachable by phys_to_virt().
 *
 * Ranges below 4 GiB already are; higher ones get 2 MiB direct-map pages
 * from a small static pool of page tables.
 *
 * Return: false when the range wraps, lies beyond the CPU's physical
 * address width or the direct map (DIRECT_MAP_MAX), or no page-table page
 * is left (EARLY_PT_POOL before the switch, the allocators after it).
 */
bool early_map(phys_addr_t pa, uint64_t size);

/**
 * early_ioremap() - early_map() for a device region (framebuffer, VGA text)
 * that a driver keeps using: the kernel's own page tables map it too, with
 * memory type @type (write-combining for a framebuffer, uncached for
 * registers) and with pages that cover the region and nothing else.
 * Until paging_switch() the boot tables' write-back 2 MiB pages serve
 * (on a PC the MTRRs make them uncached).
 */
bool early_ioremap(phys_addr_t pa, uint64_t size, enum page_cache type);

/* The @i'th region early_ioremap() kept; false past the last. */
bool paging_kept_region(unsigned int i, phys_addr_t *start, phys_addr_t *end);

/* The page-table bits of its memory type (PTE_PWT, PTE_PCD). */
uint64_t paging_kept_prot(unsigned int i);

struct pgtable;

/**
 * paging_switch() - load the kernel's own page tables (@pt, which must map
 * the kernel image, the direct map of RAM and the kept regions).  From
 * then on early_map() maps into @pt, with 4 KiB pages.
 */
void paging_switch(struct pgtable *pt);

/* Has paging_switch() happened? */
bool paging_switched(void);

/* The tables paging_switch() loaded, or NULL before it. */
const struct pgtable *paging_kernel_pgtable(void);

/* The CPU's physical address width in bits (CPUID 0x80000008). */
unsigned int cpu_phys_bits(void);

/* CPU features the page tables use: NX (enabled in EFER by the boot
 * stub) and 1 GiB pages. */
bool cpu_has_nx(void);
bool cpu_has_gbpages(void);

#define VMEMMAP_START   0xffffea0000000000UL

#endif
