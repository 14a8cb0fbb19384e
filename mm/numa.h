/*
 * mm/numa.h - NUMA topology: which node each range of RAM and each CPU
 * belongs to, and how far nodes are from each other.
 *
 * Input is what the firmware says (struct numa_affinity, filled from the
 * ACPI SRAT and SLIT by drivers/acpi, or made up by numa=fake); output is
 * struct numa_topology, whose node ranges are the RAM of the sanitized
 * memory map cut at node boundaries, in whole pages below NUMA_PFN_LIMIT,
 * sorted by address - any number of ranges per node, nodes interleaved or
 * not.
 *
 * Following FreeBSD's SRAT discipline, numa_build() checks everything
 * (overlaps between nodes, node count, coverage of RAM) before it commits
 * anything; on any failure it reports why and the caller falls back to a
 * single node.  Firmware data never panics.
 *
 * Portable: plain structs in, plain structs out; host unit tests drive it.
 */
#ifndef MM_NUMA_H
#define MM_NUMA_H

#include "kernel/types.h"
#include "mm/memmap.h"
#include "mm/range.h"

#define MAX_NUMNODES            64
#define NUMA_MEMBLK_MAX         256     /* memory affinity ranges */
#define NUMA_CPU_MAX            1024
#define MAX_NODE_RANGES         512
#define NUMA_NO_NODE            (-1)
#define MAX_PHYS_BITS           52      /* x86-64's architectural limit */
/* No page frame of RAM is at or above this one: the last page below 2^52
 * is left out, so that mm/page_alloc.h's PFN_NIL (40 bits of ones) can
 * never name a page. */
#define NUMA_PFN_LIMIT          ((1ULL << (MAX_PHYS_BITS - PAGE_SHIFT)) - 1)
#define LOCAL_DISTANCE          10
#define REMOTE_DISTANCE         20

/* A memory affinity range the firmware lists (enabled entries only). */
struct numa_memblk {
	phys_addr_t start, end;         /* [start, end); may be empty */
	uint32_t pxm;                   /* proximity domain */
	bool hotplug;
	bool nonvolatile;
};

/* A CPU the firmware places in a proximity domain (enabled only). */
struct numa_cpu {
	uint32_t apic_id;
	uint32_t pxm;
	bool x2apic;            /* from an x2APIC entry */
};

/* What the firmware says, in table order. */
struct numa_affinity {
	struct numa_memblk mem[NUMA_MEMBLK_MAX];
	unsigned int mem_nr;
	struct numa_cpu cpu[NUMA_CPU_MAX];
	unsigned int cpu_nr;
	unsigned int dropped;           /* entries beyond the arrays */
	/* SLIT: distances between proximity domains, if one was given. */
	unsigned int dist_nr;           /* 0: no SLIT */
	uint8_t dist[MAX_NUMNODES][MAX_NUMNODES];
};

struct numa_topology {
	unsigned int nr_nodes;
	uint32_t pxm[MAX_NUMNODES];             /* node -> proximity domain */
	struct node_range range[MAX_NODE_RANGES];
	unsigned int nr_ranges;
	uint8_t distance[MAX_NUMNODES][MAX_NUMNODES];
	unsigned int nr_cpus[MAX_NUMNODES];
	struct numa_cpu cpu[NUMA_CPU_MAX];      /* pxm replaced by node id */
	unsigned int cpu_nr;
	bool from_firmware;                     /* false: one node, or fake */
};

/**
 * numa_build() - node ranges from the firmware's affinity and the RAM map.
 * @t:         filled in on success; left unusable on failure
 * @ram:       the sanitized memory map (only MEMMAP_USABLE counts, in
 *             whole pages, page 0 excluded by the map itself)
 * @a:         the firmware's affinity, in table order
 * @phys_bits: the CPU's physical address width (above MAX_PHYS_BITS taken
 *             as MAX_PHYS_BITS): an affinity range beyond it is dropped on
 *             its own, one that crosses it is cut there, each with a warning
 *
 * Node ids are given to proximity domains in order of first appearance,
 * CPU entries before memory entries, as Linux does, so ids agree with
 * Linux's on the same machine.  RAM the affinity does not cover is not
 * tolerated beyond 1 MiB (Linux's rule); less than that goes to the node
 * of the range next to it.  Hotplug ranges holding no RAM are reported.
 *
 * Return: 0, or -EINVAL after logging why the affinity is not used.
 */
int numa_build(struct numa_topology *t, const struct memmap *ram,
	       const struct numa_affinity *a, unsigned int phys_bits);

/* One node holding all RAM: no SRAT, numa=off, or a rejected SRAT. */
void numa_single(struct numa_topology *t, const struct memmap *ram);

/**
 * numa_fake() - make up @nodes nodes (numa=fake=N[,interleave=SIZE]).
 * @interleave: 0 to split RAM into @nodes parts of equal size in address
 *              order; else deal address space out in chunks of this many
 *              bytes (a multiple of 2 MiB), chunk k to node k % @nodes -
 *              so nodes interleave as in the 2008 bootmem2 thread
 *              (node 0: 0-2G, 4-6G; node 1: 2-4G, 6-8G with 2G chunks).
 * Return: 0, or -EINVAL for impossible parameters (logged).
 */
int numa_fake(struct numa_topology *t, const struct memmap *ram,
	      unsigned int nodes, uint64_t interleave);

/* The node range holding page frame @pfn, or NULL if it is not RAM;
 * O(log ranges). */
const struct node_range *numa_range_of(const struct numa_topology *t, pfn_t pfn);

/* The node of page frame @pfn, or NUMA_NO_NODE if it is not RAM. */
int numa_pfn_to_nid(const struct numa_topology *t, pfn_t pfn);

/* Pages of RAM on node @nid. */
uint64_t numa_node_pages(const struct numa_topology *t, int nid);

/* Log the topology in Linux's shapes: "Zone ranges:", "Early memory node
 * ranges", "Initmem setup node", memoryless nodes, the distance table. */
void numa_print(const struct numa_topology *t);

#endif
