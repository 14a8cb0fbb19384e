/*
 * tests/fuzz/numa_check.c - RAM maps for numa_build(), and the checks of
 * its result.
 *
 * The checks restate mm/numa.h, not mm/numa.c: node ranges are whole pages
 * of usable RAM, sorted, disjoint, one node's touching ranges merged; all
 * RAM is in exactly one range; a page whose first byte lies in an affinity
 * range (clipped at the address width, at most MAX_PHYS_BITS: an entry
 * crossing it keeps the part below, one starting at or above it is
 * ignored) is on that range's node; fewer than 1 MiB of pages lie in no
 * affinity range; node ids follow the order of first appearance, CPUs
 * first; distances come from the SLIT by proximity domain when it covers
 * every node, else 10/20.
 */
#include "kernel/compiler.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/numa_check.h"

#define SLACK_PAGES     (SZ_1M >> PAGE_SHIFT)

/* The end of the physical address space: numa_build() takes a width
 * above MAX_PHYS_BITS (a hypervisor's CPUID may say anything up to 255)
 * as MAX_PHYS_BITS, and so does the kernel's RAM map (cpu_phys_bits()). */
static uint64_t limit_of(unsigned int phys_bits)
{
	return 1ULL << MIN(phys_bits, MAX_PHYS_BITS);
}

void fuzz_ram_map(struct memmap *m, enum fuzz_ram which,
		  const struct numa_affinity *a, unsigned int phys_bits)
{
	memmap_init(m);
	switch (which) {
	case FUZZ_RAM_QEMU:
		memmap_add(m, 0, 0x9fc00, MEMMAP_USABLE);
		memmap_add(m, 0x9fc00, 0x400, MEMMAP_RESERVED);
		memmap_add(m, 0xf0000, 0x10000, MEMMAP_RESERVED);
		memmap_add(m, 0x100000, 0xbfee0000, MEMMAP_USABLE);
		memmap_add(m, 0xbffe0000, 0x20000, MEMMAP_RESERVED);
		memmap_add(m, 0xfeffc000, 0x4000, MEMMAP_RESERVED);
		memmap_add(m, 0xfffc0000, 0x40000, MEMMAP_RESERVED);
		memmap_add(m, 0x100000000, 0x80000000, MEMMAP_USABLE);
		break;
	case FUZZ_RAM_BIG:
		memmap_add(m, 0, 0x9d800, MEMMAP_USABLE);
		memmap_add(m, 0x100000, 0x7fe00123, MEMMAP_USABLE);
		memmap_add(m, 0x7ff00123, 0x1000, MEMMAP_ACPI);
		memmap_add(m, 0x7ff01200, 0x800ff000, MEMMAP_USABLE);
		memmap_add(m, 0x100000000, 0x380000000, MEMMAP_USABLE);
		memmap_add(m, 0x480000000, 0x1000, MEMMAP_UNUSABLE);
		memmap_add(m, 0x480001000, 0x3fffff000, MEMMAP_USABLE);
		memmap_add(m, 0x10000000000, 0x2000000000, MEMMAP_USABLE);
		memmap_add(m, 0x3fff00000000, 0xff000000, MEMMAP_USABLE);
		memmap_add(m, 0x3fffff000000, 0x1000000, MEMMAP_PMEM);
		break;
	case FUZZ_RAM_TINY:
		memmap_add(m, 0x1000, 0x3000, MEMMAP_USABLE);
		memmap_add(m, 0x10000, 0x800, MEMMAP_USABLE);
		memmap_add(m, 0x10800, 0x1000, MEMMAP_RESERVED);
		memmap_add(m, 0x11800, 0x2800, MEMMAP_USABLE);
		break;
	case FUZZ_RAM_FROM_SRAT:
		for (unsigned int i = 0; i < a->mem_nr; i++)
			if (!a->mem[i].hotplug && a->mem[i].end > a->mem[i].start)
				memmap_add(m, a->mem[i].start, a->mem[i].end - a->mem[i].start,
					   MEMMAP_USABLE);
		memmap_add(m, 0xa0000, 0x60000, MEMMAP_RESERVED);
		memmap_add(m, 0xc0000000, 0x40000000, MEMMAP_RESERVED);
		break;
	}
	memmap_sanitize(m);
	/* As kernel/memory.c: nothing past the address width, no page 0. */
	if (m->nr && m->e[m->nr - 1].end > limit_of(phys_bits))
		memmap_remove_above(m, limit_of(phys_bits), 0);
	if (m->nr && m->e[0].start == 0 && m->e[0].type == MEMMAP_USABLE)
		memmap_set(m, 0, PAGE_SIZE, MEMMAP_RESERVED);
}

/* Usable RAM of entry @i in whole pages below NUMA_PFN_LIMIT (mm/numa.h:
 * the last page below 2^52 is never in a node range); false if none. */
static bool ram_pfns(const struct memmap *ram, unsigned int i, pfn_t *s, pfn_t *e)
{
	const struct memmap_entry *m = &ram->e[i];

	if (m->type != MEMMAP_USABLE)
		return false;
	*s = PFN_UP(m->start);
	*e = MIN(PFN_DOWN(m->end), NUMA_PFN_LIMIT);
	return *s < *e;
}

/* Ranges sorted, disjoint, in RAM, covering all of it; ids in bounds. */
static void check_ranges(const struct numa_topology *t, const struct memmap *ram)
{
	uint64_t ram_pages = 0, range_pages = 0;
	pfn_t s, e;

	FUZZ_CHECK(t->nr_ranges <= MAX_NODE_RANGES, "%u ranges", t->nr_ranges);
	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		const struct node_range *r = &t->range[i];
		bool in_ram = false;

		FUZZ_CHECK(r->start < r->end, "range %u [%#lx, %#lx) is empty", i, r->start, r->end);
		FUZZ_CHECK(r->nid >= 0 && (unsigned int)r->nid < t->nr_nodes,
			   "range %u on node %d of %u", i, r->nid, t->nr_nodes);
		if (i) {
			const struct node_range *p = &t->range[i - 1];

			FUZZ_CHECK(p->end <= r->start, "ranges %u [%#lx, %#lx) and %u [%#lx, %#lx) "
				   "unsorted or overlapping", i - 1, p->start, p->end, i,
				   r->start, r->end);
			FUZZ_CHECK(p->end < r->start || p->nid != r->nid,
				   "ranges %u and %u of node %d touch but are not merged",
				   i - 1, i, r->nid);
		}
		for (unsigned int k = 0; k < ram->nr && !in_ram; k++)
			in_ram = ram_pfns(ram, k, &s, &e) && s <= r->start && r->end <= e;
		FUZZ_CHECK(in_ram, "range %u pfn [%#lx, %#lx) is not inside one RAM entry",
			   i, r->start, r->end);
		FUZZ_CHECK(numa_pfn_to_nid(t, r->start) == r->nid &&
			   numa_pfn_to_nid(t, r->end - 1) == r->nid,
			   "numa_pfn_to_nid() disagrees with range %u", i);
		if (!i || t->range[i - 1].end < r->start)
			FUZZ_CHECK(numa_pfn_to_nid(t, r->start - 1) == NUMA_NO_NODE,
				   "numa_pfn_to_nid() finds a node before range %u", i);
		range_pages += r->end - r->start;
	}
	for (unsigned int k = 0; k < ram->nr; k++)
		if (ram_pfns(ram, k, &s, &e))
			ram_pages += e - s;
	FUZZ_CHECK(range_pages == ram_pages, "node ranges hold %lu pages of %lu RAM pages",
		   range_pages, ram_pages);
}

void fuzz_check_single(const struct numa_topology *t, const struct memmap *ram)
{
	FUZZ_CHECK(t->nr_nodes == 1, "numa_single() made %u nodes", t->nr_nodes);
	check_ranges(t, ram);
}

/* The node a proximity domain got, or -1. */
static int node_of(const struct numa_topology *t, uint32_t pxm)
{
	for (unsigned int n = 0; n < t->nr_nodes; n++)
		if (t->pxm[n] == pxm)
			return (int)n;
	return -1;
}

void fuzz_check_build(const struct numa_topology *t, const struct memmap *ram,
		      const struct numa_affinity *a, unsigned int phys_bits)
{
	uint64_t limit = limit_of(phys_bits), uncovered = 0;
	unsigned int want_nodes = 0, cpus = 0;
	bool slit = a->dist_nr > 0;

	FUZZ_CHECK(t->from_firmware, "from_firmware not set");
	FUZZ_CHECK(t->nr_nodes >= 1 && t->nr_nodes <= MAX_NUMNODES, "%u nodes", t->nr_nodes);

	/* Node ids: domains in order of first appearance, CPUs first. */
	for (unsigned int i = 0; i < a->cpu_nr + a->mem_nr; i++) {
		uint32_t pxm = i < a->cpu_nr ? a->cpu[i].pxm : a->mem[i - a->cpu_nr].pxm;
		bool known = false;

		for (unsigned int n = 0; n < want_nodes && !known; n++)
			known = t->pxm[n] == pxm;
		if (known)
			continue;
		FUZZ_CHECK(want_nodes < t->nr_nodes && t->pxm[want_nodes] == pxm,
			   "node %u should be PXM %u", want_nodes, pxm);
		want_nodes++;
	}
	FUZZ_CHECK(want_nodes == t->nr_nodes, "%u nodes, want %u", t->nr_nodes, want_nodes);

	/* CPUs, with their domain replaced by their node. */
	FUZZ_CHECK(t->cpu_nr == a->cpu_nr, "%u CPUs of %u", t->cpu_nr, a->cpu_nr);
	for (unsigned int i = 0; i < t->cpu_nr; i++)
		FUZZ_CHECK(t->cpu[i].apic_id == a->cpu[i].apic_id &&
			   t->cpu[i].x2apic == a->cpu[i].x2apic &&
			   (int)t->cpu[i].pxm == node_of(t, a->cpu[i].pxm),
			   "CPU %u: APIC %#x node %u", i, t->cpu[i].apic_id, t->cpu[i].pxm);
	for (unsigned int n = 0; n < MAX_NUMNODES; n++)
		cpus += t->nr_cpus[n];
	FUZZ_CHECK(cpus == t->cpu_nr, "nr_cpus[] adds up to %u, not %u", cpus, t->cpu_nr);

	check_ranges(t, ram);

	/* Each page is on the node of the affinity range holding its first
	 * byte; pages in no range are few. */
	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		const struct node_range *r = &t->range[i];

		for (pfn_t p = r->start; p < r->end;) {
			pfn_t next = r->end;
			bool covered = false;

			for (unsigned int k = 0; k < a->mem_nr; k++) {
				const struct numa_memblk *m = &a->mem[k];
				pfn_t ms, me;

				/* Clipped at the limit (below 2^64: PFN_UP
				 * cannot wrap); nothing left of it, ignored. */
				if (m->start >= limit || m->start >= m->end)
					continue;
				ms = PFN_UP(m->start);
				me = PFN_UP(MIN(m->end, limit));
				if (ms <= p && p < me) {
					FUZZ_CHECK(r->nid == node_of(t, m->pxm),
						   "pfn %#lx is on node %d, but SRAT entry %u "
						   "[%#lx, %#lx) puts it on node %d (PXM %u)",
						   p, r->nid, k, m->start, m->end,
						   node_of(t, m->pxm), m->pxm);
					covered = true;
					next = MIN(next, me);
				} else if (ms > p) {
					next = MIN(next, ms);
				}
			}
			if (!covered)
				uncovered += next - p;
			p = next;
		}
	}
	FUZZ_CHECK(uncovered < SLACK_PAGES, "%lu pages of RAM in no SRAT range", uncovered);

	/* Distances. */
	for (unsigned int n = 0; n < t->nr_nodes; n++)
		slit = slit && t->pxm[n] < a->dist_nr;
	for (unsigned int i = 0; i < t->nr_nodes; i++) {
		for (unsigned int j = 0; j < t->nr_nodes; j++) {
			unsigned int want = slit ? a->dist[t->pxm[i]][t->pxm[j]]
					   : i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;

			FUZZ_CHECK(t->distance[i][j] == want, "distance %u -> %u is %u, want %u",
				   i, j, t->distance[i][j], want);
		}
	}
}
