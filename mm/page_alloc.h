/*
 * mm/page_alloc.h - the page allocator: per-node buddy allocators with zones.
 *
 * Each node has three zones - DMA (below 16 MiB), DMA32 (below 4 GiB) and
 * Normal - and each zone free lists of blocks of 2^order pages, order 0 to
 * MAX_ORDER (1 GiB blocks, so gigantic pages can be had at run time).
 * Freed blocks merge with their buddy when it is free too.  An allocation
 * that its node cannot serve falls back to the other nodes, nearest first,
 * in the order Linux's find_next_best_node() gives (so "Fallback order for
 * Node N" lines agree with Linux's on the same machine); memoryless nodes
 * allocate from their nearest nodes.
 *
 * Page metadata.  struct page is 16 bytes (Linux spends 64) and lives in a
 * virtually contiguous array indexed by page frame number (a "vmemmap"),
 * backed only where RAM is, by pages of the node that RAM belongs to.
 * Metadata is initialized lazily, a chunk of VMEMMAP_CHUNK_PAGES at a time,
 * the first time any page of the chunk is needed; a bitmap says which
 * chunks are initialized, so uninitialized bytes are never read (real
 * machines do not hand out zeroed RAM).  Booting a terabyte touches only
 * the metadata of the blocks on the free lists, not 4 GiB of it.
 *
 * Portable: the vmemmap and the chunk bitmap are given by the caller; the
 * host unit tests back them with host memory.
 */
#ifndef MM_PAGE_ALLOC_H
#define MM_PAGE_ALLOC_H

#include "kernel/types.h"
#include "mm/numa.h"
#include "mm/zone.h"

#define MAX_ORDER               18      /* 2^18 pages = 1 GiB */
#define NR_ORDERS               (MAX_ORDER + 1)
#define VMEMMAP_CHUNK_PAGES     512     /* metadata initialized 8 KiB at a time */


/* Allocation flags (a gfp_t, as Linux calls them). */
typedef unsigned int gfp_t;
#define GFP_KERNEL      0u
#define __GFP_DMA       (1u << 0)       /* from ZONE_DMA only */
#define __GFP_DMA32     (1u << 1)       /* from ZONE_DMA32 or below */
#define __GFP_THISNODE  (1u << 2)       /* from the asked node only */

/* Page states (struct page.flags). */
#define PG_reserved     (1u << 0)       /* not the allocator's, or inside a block */
#define PG_buddy        (1u << 1)       /* head of a free block */
#define PG_head         (1u << 2)       /* head of an allocated block */

#define PFN_NIL         ((pfn_t)0xffffffffffULL)   /* 40 bits of ones */

/*
 * struct page - metadata of one page frame, 16 bytes.
 * Free-list links are page frame numbers of 40 bits (4 PiB of physical
 * address space), split into 32 + 8 bits to keep the struct small.
 */
struct page {
	uint32_t next_lo, prev_lo;
	uint8_t next_hi, prev_hi;
	uint8_t order;          /* of a free (PG_buddy) or allocated (PG_head) block */
	uint8_t flags;
	uint16_t nid;
	uint16_t reserved0;
};

/* The budget: a quarter of Linux's 64 bytes. */
_Static_assert(sizeof(struct page) == 16, "struct page must stay 16 bytes");

struct free_area {
	pfn_t head;             /* first block, PFN_NIL if none */
	uint64_t nr_free;       /* blocks on the list */
};

struct zone {
	struct free_area area[NR_ORDERS];
	uint64_t managed;       /* pages given to this zone */
	uint64_t free;          /* of which free */
	pfn_t start, end;       /* span of the node's RAM in this zone */
};

struct pglist_data {
	struct zone zones[MAX_NR_ZONES];
	int fallback[MAX_NUMNODES];     /* nodes to allocate from, in order */
	unsigned int nr_fallback;
	uint64_t present;               /* RAM pages of the node */
};

struct page_alloc {
	struct page *vmemmap;           /* struct page of pfn p: vmemmap[p] */
	uint64_t *chunk_init;           /* bit c: metadata chunk c is initialized */
	const struct numa_topology *topo;
	struct pglist_data node[MAX_NUMNODES];
	unsigned int nr_nodes;
};

/**
 * page_alloc_init() - empty allocators for the nodes of @t.
 * @vmemmap:    struct pages, indexed by pfn, backed at least for every RAM
 *              pfn of @t (contents: anything)
 * @chunk_init: one zeroed bit per VMEMMAP_CHUNK_PAGES pfns up to the end
 *              of RAM
 *
 * Builds each node's fallback order (Linux's rules at boot: the node
 * itself, then nodes with memory by distance, a penalty for nodes below
 * it, and a load that spreads ties; which nodes have CPUs plays no
 * part, see next_best_node()).
 */
void page_alloc_init(struct page_alloc *pa, const struct numa_topology *t,
		     struct page *vmemmap, uint64_t *chunk_init);

/**
 * page_alloc_add_free() - take a block of free RAM (bootmem's release
 * callback): 2^@order pages at @pfn, naturally aligned, all on one node.
 * Blocks that straddle a zone boundary are split at it.
 */
void page_alloc_add_free(struct page_alloc *pa, pfn_t pfn, unsigned int order);

/**
 * alloc_pages_node() - 2^@order contiguous pages, naturally aligned.
 * @nid:  preferred node (for a memoryless node, its nearest ones)
 * @gfp:  __GFP_DMA, __GFP_DMA32 limit the zone; __GFP_THISNODE forbids
 *        other nodes
 * Return: the first page, or NULL when nothing fits (never blocks).
 */
struct page *alloc_pages_node(struct page_alloc *pa, int nid, gfp_t gfp, unsigned int order);

/**
 * __free_pages() - give back a block alloc_pages_node() returned.
 * Freeing a page that is not the head of an allocated block of that order
 * (a double free, a reserved page, a wrong order) is a BUG naming the page.
 */
void __free_pages(struct page_alloc *pa, struct page *page, unsigned int order);

static inline pfn_t page_to_pfn(const struct page_alloc *pa, const struct page *page)
{
	return (pfn_t)(page - pa->vmemmap);
}

static inline struct page *pfn_to_page(const struct page_alloc *pa, pfn_t pfn)
{
	return pa->vmemmap + pfn;
}

/* The zone a page frame belongs to. */
static inline enum zone_type pfn_zone(pfn_t pfn)
{
	return pfn < ZONE_DMA_END_PFN ? ZONE_DMA : pfn < ZONE_DMA32_END_PFN ? ZONE_DMA32
									 : ZONE_NORMAL;
}

/* The block after the free block at @pfn on its free list, or PFN_NIL. */
pfn_t page_alloc_next_free(const struct page_alloc *pa, pfn_t pfn);

/* Free pages of node @nid (NUMA_NO_NODE: all), zone @z (MAX_NR_ZONES: all). */
uint64_t page_alloc_free_pages(const struct page_alloc *pa, int nid, int z);

/* Chunks of metadata initialized so far (for the report and the bench). */
uint64_t page_alloc_chunks_initialized(const struct page_alloc *pa);

/**
 * page_alloc_check() - walk every free list and check it: each block a
 * free head of its order, of the list's node and zone, inside RAM, linked
 * both ways, counts matching.
 * Return: the number of problems found (each logged).
 */
unsigned int page_alloc_check(struct page_alloc *pa);

/* Log "On node N totalpages:", the fallback orders, and a /proc/buddyinfo
 * style table. */
void page_alloc_print(const struct page_alloc *pa);

#endif
