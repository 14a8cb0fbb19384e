/*
 * mm/bootmem.h - the boot-time page allocator: one bitmap for the page
 * frames of all NUMA nodes.
 *
 * After Johannes Weiner's 2008 "bootmem2" proposal for Linux, with the
 * answers to the objections raised in its review:
 *
 *  - Register, then set up.  Every range of RAM is registered with its node
 *    (bootmem_add_range(), any number per node, nodes interleaved or not);
 *    bootmem_setup() then sizes the one bitmap, places it in RAM that no
 *    early reservation touches, marks everything reserved, frees the
 *    registered RAM, applies the early reservations and reserves itself.
 *  - Locality (Yinghai Lu): the registered ranges are kept as a sorted
 *    table of (start, end, nid); an allocation bound to a node searches
 *    only that node's ranges, so it returns memory of that node even when
 *    nodes interleave.  An allocation for any node may run from one range
 *    into the next where they touch in PFN space.
 *  - Placement (memblock): every search runs top-down, from the highest
 *    free page of the node down, so that boot allocations (page tables,
 *    page metadata, the bitmap itself) leave the DMA and DMA32 zones to
 *    the devices that need them.
 *  - Size (Linus Torvalds, Robin Holt): the bitmap covers registered RAM
 *    only.  Each range owns a slice of it; the slices follow one another,
 *    so the bitmap's size follows installed RAM, not the PFN span: 2 GiB of
 *    RAM spread over 1 TiB needs 64 KiB of bitmap (plus under 64 bits of
 *    padding per range), not 32 MiB.
 *
 * Bitmap layout.  A set bit is a reserved (or absent) page, a clear bit a
 * free page.  Range i's slice starts at bit b_i with b_i = start_i (mod 64),
 * so bit and page frame agree in their low 6 bits and searches run a
 * 64-bit word at a time over naturally aligned groups of 64 pages.  Where
 * range i starts exactly where range i-1 ends, its slice follows without a
 * gap; otherwise at least one padding bit, permanently set, separates them,
 * so a run of clear bits is always a run of contiguous page frames.
 *
 *      pfn:   [0x1 ... 0x9f)      [0x100 ....... 0x80000)[0x80000 .. 0xc0000)
 *      nid:          0                     0                      1
 *      bits:  |1|slice 0|pad 1s|  slice 1 ...............|slice 2 (no gap)..|
 *
 * Addresses are physical (phys_addr_t); memory is reached only through the
 * map function given to bootmem_init(), which lets the host unit tests run
 * this file on simulated physical memory.
 *
 * Portable: no firmware, no page tables; plain ranges in, pages out.
 */
#ifndef MM_BOOTMEM_H
#define MM_BOOTMEM_H

#include "kernel/types.h"
#include "mm/numa.h"

#define BOOTMEM_MAX_RANGES      MAX_NODE_RANGES
#define BOOTMEM_MAX_EARLY_RESV  64
#define BOOTMEM_MAX_ALIGN       SZ_1G

#define NUMA_ANY_NODE           NUMA_NO_NODE

/* Flags of bootmem_alloc_try_nid() and reserve_bootmem(). */
#define BOOTMEM_EXACT_NODE      (1u << 0)  /* only @nid: no fallback */
#define BOOTMEM_RAW             (1u << 1)  /* do not zero the memory */
#define BOOTMEM_EXCLUSIVE       (1u << 2)  /* reserve: -EBUSY if any page is taken */

/* max_addr of "anywhere" */
#define BOOTMEM_ALLOC_ANYWHERE  0
#define BOOTMEM_LOW_LIMIT       SZ_4G      /* alloc_bootmem_low(): below 4 GiB */
/* The goal of the alloc_bootmem macros: above the DMA zone, as 2.6.27's
 * __pa(MAX_DMA_ADDRESS). */
#define BOOTMEM_DEFAULT_GOAL    (16 * SZ_1M)

/* A range to reserve at setup: kernel image, boot information, ... */
struct bootmem_early_resv {
	phys_addr_t start, end;
	const char *name;
};

/* Make [pa, pa + size) reachable; return its address, or NULL. */
typedef void *(*bootmem_map_fn)(phys_addr_t pa, uint64_t size);

struct bootmem {
	bootmem_map_fn map_fn;

	/* sorted, disjoint; one spare row for a range that may yet merge */
	struct node_range range[BOOTMEM_MAX_RANGES + 1];
	uint64_t bit[BOOTMEM_MAX_RANGES];       /* each slice's first bit */
	unsigned int nr_ranges;
	struct bootmem_early_resv early[BOOTMEM_MAX_EARLY_RESV];
	unsigned int nr_early;

	uint64_t *map;          /* the bitmap, through map_fn */
	phys_addr_t map_phys;
	uint64_t map_bits;      /* bits in use, padding included */
	uint64_t map_bytes;     /* whole pages */

	/* Where the top-down search of each node (and of any node) starts:
	 * no page at or above it is free. */
	pfn_t top[MAX_NUMNODES];
	pfn_t top_any;

	uint64_t free_pages[MAX_NUMNODES];
	unsigned int nr_nodes;
	const uint8_t (*distance)[MAX_NUMNODES];  /* NULL: 10 local, 20 remote */

	bool up;                /* set up: allocations allowed */
	bool released;          /* handed over: any call is a bug */
	bool debug;             /* trace every call (bootmem_debug) */
};

/**
 * bootmem_init() - start an empty allocator.
 * @map:      how to reach physical memory
 * @nr_nodes: nodes that may appear in ranges (node ids below it)
 * @distance: node distance matrix (the SLIT's), or NULL
 */
void bootmem_init(struct bootmem *bm, bootmem_map_fn map, unsigned int nr_nodes,
		  const uint8_t (*distance)[MAX_NUMNODES]);

/**
 * bootmem_add_range() - register page frames [@start, @end) of node @nid.
 *
 * Ranges may come in any order; touching ranges of one node are merged.
 * Page frame 0 cannot be registered (its address is the failure value),
 * nor any frame from NUMA_PFN_LIMIT on.
 * Return: 0; -EBUSY after bootmem_setup(); -EINVAL for an empty or
 * inverted range, page frame 0 or NUMA_PFN_LIMIT, or a bad node; -EEXIST if it overlaps a
 * registered range; -ENOSPC beyond BOOTMEM_MAX_RANGES.  On error nothing
 * changes.
 */
int bootmem_add_range(struct bootmem *bm, pfn_t start, pfn_t end, int nid);

/**
 * bootmem_reserve_early() - before setup, name a range that must stay
 * reserved (and that the bitmap must not be placed on).  @name is kept
 * for the log and must stay valid.
 * Return: 0, -EBUSY after setup, -ENOSPC beyond BOOTMEM_MAX_EARLY_RESV.
 */
int bootmem_reserve_early(struct bootmem *bm, phys_addr_t start, phys_addr_t end,
			  const char *name);

/**
 * bootmem_setup() - size and place the bitmap, switch the allocator on.
 *
 * The bitmap goes in the highest free RAM that holds it whole within one
 * range and meets no early reservation (memblock places its own arrays
 * top-down too).
 * Return: 0, or -ENOMEM if there is nowhere to put it (the allocator
 * stays down; registration may go on).
 */
int bootmem_setup(struct bootmem *bm);

/**
 * bootmem_alloc_try_nid() - the core allocation.
 * @size:     bytes (> 0)
 * @align:    power of two up to BOOTMEM_MAX_ALIGN; 0 means 8 (SMP_CACHE
 *            bytes would be wasteful for sub-page requests)
 * @min_addr: goal: the memory starts at or above it if the node has room
 *            there; else the goal is dropped (memblock_alloc_try_nid()).
 *            Top-down, the node's highest fit always meets it.
 * @max_addr: hard limit: the memory ends at or below it; 0 for none
 * @nid:      node, or NUMA_ANY_NODE
 * @flags:    BOOTMEM_EXACT_NODE: @nid only.  Otherwise the other nodes are
 *            tried nearest first (by distance, ties by node id), then any
 *            memory.  A node with fewer free pages than the request is
 *            skipped unsearched.  BOOTMEM_RAW: leave the memory as it is
 *            (for large arrays the caller initializes itself); else it is
 *            zeroed.
 *
 * Each node is searched top-down: the highest run that fits wins.  Every
 * request takes whole pages (memblock dropped 2.6.27's sharing of a
 * partly used page: a later reservation inside it was not honoured).
 * Return: the physical address, or 0 when nothing fits (or map_fn cannot
 * reach the memory to zero it).
 */
phys_addr_t bootmem_alloc_try_nid(struct bootmem *bm, uint64_t size, uint64_t align,
				  phys_addr_t min_addr, phys_addr_t max_addr,
				  int nid, unsigned int flags);

/**
 * bootmem_free() - give back pages [@addr, @addr + @size), rounded inward
 * (only whole pages inside the range are freed).  Freeing a page that is
 * not reserved, is not RAM or holds the bitmap, or a range that wraps
 * past 2^64, is a caller bug (BUG).
 */
void bootmem_free(struct bootmem *bm, phys_addr_t addr, uint64_t size);

/**
 * bootmem_reserve() - take pages [@addr, @addr + @size), rounded outward.
 * Pages that are not registered RAM are ignored (firmware areas may be
 * reserved freely).  With BOOTMEM_EXCLUSIVE, if any page is already
 * reserved, nothing changes.
 * Return: 0, -EBUSY, or -EINVAL (nothing changes, logged) for a range
 * that wraps past 2^64.
 */
int bootmem_reserve(struct bootmem *bm, phys_addr_t addr, uint64_t size,
		    unsigned int flags);

/* The node of a registered page frame, or NUMA_NO_NODE; O(log ranges). */
int bootmem_pfn_nid(const struct bootmem *bm, pfn_t pfn);

/* Is registered page frame @pfn reserved? (false for unregistered ones) */
bool bootmem_pfn_reserved(const struct bootmem *bm, pfn_t pfn);

/**
 * bootmem_release() - hand every free page over, then retire.
 * @give:      called with each block of 2^order free pages, naturally
 *             aligned, order <= @max_order, node by node (ascending), in
 *             address order; the bitmap's own pages come last
 * @max_order: the largest block the receiver takes
 *
 * After it, any bootmem call is a BUG with a clear message.
 * Return: the number of pages handed over.
 */
uint64_t bootmem_release(struct bootmem *bm, unsigned int max_order,
			 void (*give)(void *ctx, pfn_t pfn, unsigned int order, int nid),
			 void *ctx);

/* Log the ranges, the bitmap and free/reserved pages per node. */
void bootmem_dump(const struct bootmem *bm);

/* Free pages of node @nid (NUMA_ANY_NODE: all nodes). */
uint64_t bootmem_free_pages(const struct bootmem *bm, int nid);

/*
 * The bootmem-compatible API of Linux 2.6.27, on the kernel's instance
 * (bootmem_kernel).  They return virtual addresses; the plain forms panic
 * with the request in the message when nothing fits, the _nopanic forms
 * return NULL.  A _node form prefers the node and falls back to the
 * nearest others; _low forms allocate below 4 GiB; _pages forms align to
 * a page.  @goal is where the search starts (see bootmem_alloc_try_nid).
 */
extern struct bootmem *bootmem_kernel;

/* All of them in one: memory of node @nid (or NUMA_ANY_NODE, with the
 * fallback of bootmem_alloc_try_nid()) below @limit (0: anywhere), zeroed,
 * as a virtual address; NULL, or a panic unless @nopanic, if none fits. */
void *bootmem_alloc_virt(int nid, uint64_t size, uint64_t align, phys_addr_t goal,
			 phys_addr_t limit, bool nopanic);

#define __alloc_bootmem(x, a, g)        bootmem_alloc_virt(NUMA_ANY_NODE, x, a, g, 0, false)
#define __alloc_bootmem_nopanic(x, a, g) bootmem_alloc_virt(NUMA_ANY_NODE, x, a, g, 0, true)
#define __alloc_bootmem_node(nid, x, a, g) bootmem_alloc_virt(nid, x, a, g, 0, false)
#define __alloc_bootmem_node_nopanic(nid, x, a, g) bootmem_alloc_virt(nid, x, a, g, 0, true)
#define __alloc_bootmem_low(x, a, g)    bootmem_alloc_virt(NUMA_ANY_NODE, x, a, g, BOOTMEM_LOW_LIMIT, false)
#define __alloc_bootmem_low_node(nid, x, a, g) bootmem_alloc_virt(nid, x, a, g, BOOTMEM_LOW_LIMIT, false)

#define alloc_bootmem(x)                __alloc_bootmem(x, 0, BOOTMEM_DEFAULT_GOAL)
#define alloc_bootmem_nopanic(x)        __alloc_bootmem_nopanic(x, 0, BOOTMEM_DEFAULT_GOAL)
#define alloc_bootmem_align(x, a)       __alloc_bootmem(x, a, BOOTMEM_DEFAULT_GOAL)
#define alloc_bootmem_pages(x)          __alloc_bootmem(x, PAGE_SIZE, BOOTMEM_DEFAULT_GOAL)
#define alloc_bootmem_pages_nopanic(x)  __alloc_bootmem_nopanic(x, PAGE_SIZE, BOOTMEM_DEFAULT_GOAL)
#define alloc_bootmem_node(nid, x)      __alloc_bootmem_node(nid, x, 0, BOOTMEM_DEFAULT_GOAL)
#define alloc_bootmem_node_nopanic(nid, x) __alloc_bootmem_node_nopanic(nid, x, 0, BOOTMEM_DEFAULT_GOAL)
#define alloc_bootmem_pages_node(nid, x) __alloc_bootmem_node(nid, x, PAGE_SIZE, BOOTMEM_DEFAULT_GOAL)
#define alloc_bootmem_low(x)            __alloc_bootmem_low(x, 0, 0)
#define alloc_bootmem_low_pages(x)      __alloc_bootmem_low(x, PAGE_SIZE, 0)
#define alloc_bootmem_low_pages_node(nid, x) __alloc_bootmem_low_node(nid, x, PAGE_SIZE, 0)

#define free_bootmem(addr, size)        bootmem_free(bootmem_kernel, addr, size)
#define reserve_bootmem(addr, size, flags) bootmem_reserve(bootmem_kernel, addr, size, flags)
/* As free_bootmem(), and every page freed must be of node @nid (BUG). */
void free_bootmem_node(int nid, phys_addr_t addr, uint64_t size);
int reserve_bootmem_node(int nid, phys_addr_t addr, uint64_t size, unsigned int flags);

#endif
