/*
 * mm/pgtable.h - build x86-64 4-level page tables.
 *
 * A pgtable maps virtual ranges onto physical ones with the largest pages
 * the alignment allows: 1 GiB pages where the CPU has them (pdpe1gb),
 * 2 MiB pages, and 4 KiB pages at unaligned edges, so that exactly the
 * asked range is mapped and holes around RAM stay unmapped.  Table pages
 * come from the caller's allocator, with a node to allocate on, so the
 * tables that map a node's memory live on that node.
 *
 * Portable: tables are reached through the caller's map function; the host
 * unit tests build tables in simulated memory and walk them.
 */
#ifndef MM_PGTABLE_H
#define MM_PGTABLE_H

#include "kernel/types.h"

#define PTE_PRESENT     (1ULL << 0)
#define PTE_WRITE       (1ULL << 1)
#define PTE_PWT         (1ULL << 3)
#define PTE_PCD         (1ULL << 4)
#define PTE_HUGE        (1ULL << 7)     /* PS: 2 MiB or 1 GiB page */
#define PTE_GLOBAL      (1ULL << 8)
#define PTE_NX          (1ULL << 63)
#define PTE_ADDR        0x000ffffffffff000ULL

struct pgtable {
	phys_addr_t root;               /* the PML4 */
	/* A zeroed page for a table, preferably on @nid; 0 if none. */
	phys_addr_t (*alloc)(void *ctx, int nid);
	void *(*map)(phys_addr_t pa, uint64_t size);
	void *ctx;
	bool gbpages;                   /* 1 GiB pages allowed */
	bool nx;                        /* the NX bit may be used */
	uint64_t tables;                /* table pages allocated */
	uint64_t mapped[3];             /* bytes mapped with 4K, 2M, 1G pages */
};

/**
 * pgtable_init() - start empty tables.
 * Return: 0, or -ENOMEM if the root table cannot be allocated.
 */
int pgtable_init(struct pgtable *pt, phys_addr_t (*alloc)(void *ctx, int nid),
		 void *(*map)(phys_addr_t, uint64_t), void *ctx, bool gbpages, bool nx, int nid);

/**
 * pgtable_map() - map [@va, @va + @size) to [@pa, @pa + @size).
 * @prot: PTE_WRITE, PTE_NX (dropped if !pt->nx), PTE_GLOBAL, PTE_PCD...
 * @nid:  node to allocate new table pages on
 *
 * @va, @pa and @size must be page aligned, [@va, @va + @size) canonical
 * and not past the top of the address space, @pa within the 52-bit
 * physical address space, @prot only PTE_WRITE, PTE_PWT, PTE_PCD,
 * PTE_GLOBAL or PTE_NX, and the range not mapped already (caller bugs:
 * BUG).
 * Return: 0, or -ENOMEM when a table page cannot be had; what was mapped
 * before then stays mapped (the kernel treats it as fatal).
 */
int pgtable_map(struct pgtable *pt, uintptr_t va, phys_addr_t pa, uint64_t size,
		uint64_t prot, int nid);

/**
 * pgtable_lookup() - translate @va through the tables.
 * Return: true and the physical address and entry flags (of the last
 * level) in *@pa and *@flags, or false if @va is not mapped.
 */
bool pgtable_lookup(const struct pgtable *pt, uintptr_t va, phys_addr_t *pa, uint64_t *flags);

#endif
