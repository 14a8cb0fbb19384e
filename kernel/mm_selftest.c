/*
 * kernel/mm_selftest.c - self-tests of the memory allocators on the real
 * boot (KTAP, "selftest" option): the bootmem suite runs while bootmem is
 * up, the kernel suite with the page allocator.  Every check compares an
 * allocator's answer with the topology the firmware gave, not with the
 * allocator's own bookkeeping.
 */
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/mm_init.h"
#include "kernel/paging.h"
#include "kernel/string.h"

/* On every node, node-bound allocations of several sizes and alignments land
 * on that node, as the topology (not bootmem) says. */
KTEST_BOOTMEM(bootmem_node_local)
{
	static const struct { uint64_t size, align; } req[] = {
		{ 64, 0 }, { PAGE_SIZE, PAGE_SIZE }, { 64 * SZ_1K, PAGE_SIZE }, { SZ_2M, SZ_2M },
	};

	for (unsigned int nid = 0; nid < mm_topology()->nr_nodes; nid++) {
		if (!numa_node_pages(mm_topology(), (int)nid))
			continue;       /* memoryless */
		for (unsigned int i = 0; i < ARRAY_SIZE(req); i++) {
			phys_addr_t pa = bootmem_alloc_try_nid(bootmem_kernel, req[i].size, req[i].align,
							       0, 0, (int)nid, BOOTMEM_EXACT_NODE);

			if (!pa && bootmem_free_pages(bootmem_kernel, (int)nid) < 2 * PFN_UP(req[i].size))
				continue;       /* a small node may not hold it */
			KEXPECT(t, pa);
			KEXPECT(t, IS_ALIGNED(pa, req[i].align ? req[i].align : 8));
			KEXPECT_EQ(t, numa_pfn_to_nid(mm_topology(), PFN_DOWN(pa)), nid);
			KEXPECT_EQ(t, numa_pfn_to_nid(mm_topology(), PFN_DOWN(pa + req[i].size - 1)), nid);
			if (pa)
				bootmem_free(bootmem_kernel, ALIGN_DOWN(pa, PAGE_SIZE),
					     ALIGN_UP(pa + req[i].size, PAGE_SIZE) - ALIGN_DOWN(pa, PAGE_SIZE));
		}
	}
}

/* alloc_bootmem_low() memory lies below 4 GiB, goal or not. */
KTEST_BOOTMEM(bootmem_low)
{
	void *p = __alloc_bootmem_low(PAGE_SIZE, PAGE_SIZE, SZ_4G + SZ_1G);
	phys_addr_t pa = virt_to_phys(p);

	KEXPECT(t, p);
	KEXPECT(t, pa + PAGE_SIZE <= SZ_4G);
	if (p)
		free_bootmem(pa, PAGE_SIZE);
}

/* An exclusive reservation of a taken page fails and changes nothing;
 * of a free page it succeeds. */
KTEST_BOOTMEM(bootmem_exclusive_reserve)
{
	phys_addr_t pa = bootmem_alloc_try_nid(bootmem_kernel, 2 * PAGE_SIZE, PAGE_SIZE, 0, 0,
					       NUMA_ANY_NODE, 0);
	uint64_t before;

	KEXPECT(t, pa);
	if (!pa)
		return;
	bootmem_free(bootmem_kernel, pa + PAGE_SIZE, PAGE_SIZE);
	before = bootmem_free_pages(bootmem_kernel, NUMA_ANY_NODE);
	KEXPECT_EQ(t, reserve_bootmem(pa, 2 * PAGE_SIZE, BOOTMEM_EXCLUSIVE), -EBUSY);
	KEXPECT_EQ(t, bootmem_free_pages(bootmem_kernel, NUMA_ANY_NODE), before);
	KEXPECT(t, !bootmem_pfn_reserved(bootmem_kernel, PFN_DOWN(pa) + 1));
	KEXPECT_EQ(t, reserve_bootmem(pa + PAGE_SIZE, PAGE_SIZE, BOOTMEM_EXCLUSIVE), 0);
	KEXPECT_EQ(t, bootmem_free_pages(bootmem_kernel, NUMA_ANY_NODE), before - 1);
	bootmem_free(bootmem_kernel, pa, 2 * PAGE_SIZE);
}

/* Small allocations take whole pages of their own (memblock's rule: no
 * page shared with an earlier request); memory comes back zeroed even
 * where it held something before. */
KTEST_BOOTMEM(bootmem_subpage_whole_pages)
{
	phys_addr_t page = bootmem_alloc_try_nid(bootmem_kernel, PAGE_SIZE, PAGE_SIZE, 0, 0,
						 NUMA_ANY_NODE, BOOTMEM_RAW);
	uint8_t *a, *b;
	bool zero = true;

	KEXPECT(t, page);
	if (!page)
		return;
	memset(phys_to_virt(page), 0xa5, PAGE_SIZE);
	bootmem_free(bootmem_kernel, page, PAGE_SIZE);
	a = alloc_bootmem(100);
	b = alloc_bootmem(100);
	KEXPECT(t, IS_ALIGNED(virt_to_phys(a), PAGE_SIZE) && IS_ALIGNED(virt_to_phys(b), PAGE_SIZE));
	KEXPECT(t, a != b);
	for (int i = 0; i < 100; i++)
		zero &= a[i] == 0 && b[i] == 0;
	KEXPECT(t, zero);
	free_bootmem(virt_to_phys(a), PAGE_SIZE);
	free_bootmem(virt_to_phys(b), PAGE_SIZE);
}

/* As Linux since 5.13: every page of RAM in the first MiB is reserved,
 * and 640 KiB-1 MiB (the BIOS area) is not RAM at all. */
KTEST_BOOTMEM(bootmem_first_mib_reserved)
{
	for (pfn_t p = 0; p < PFN_DOWN(SZ_1M); p++) {
		bool ram = numa_pfn_to_nid(mm_topology(), p) != NUMA_NO_NODE;

		KEXPECT(t, !ram || bootmem_pfn_reserved(bootmem_kernel, p));
		KEXPECT(t, !ram || p < PFN_DOWN(0xa0000));
	}
}

/* --- the page allocator --------------------------------------------------- */

#define DRAIN_MAX_PAGES (SZ_4G >> PAGE_SHIFT)   /* larger nodes: too slow under TCG */

/* Free pages per node, zone and order: the state the tests restore. */
struct snapshot {
	uint64_t nr_free[MAX_NUMNODES][MAX_NR_ZONES][NR_ORDERS];
};

static void snap(const struct page_alloc *pa, struct snapshot *s)
{
	for (unsigned int n = 0; n < pa->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			for (int o = 0; o < NR_ORDERS; o++)
				s->nr_free[n][z][o] = pa->node[n].zones[z].area[o].nr_free;
}

static unsigned int order_for(uint64_t bytes)
{
	unsigned int o = 0;

	while ((PAGE_SIZE << o) < bytes)
		o++;
	return o;
}

/*
 * Drain node @nid at order 0 (this node only): every page must be of that
 * node, none handed out twice, as many as the node had free.  Then the
 * next allocation for @nid must come from the next node of its fallback
 * order.  Everything is freed again and the free lists must be exactly as
 * before.  The pages handed out are noted in a bitmap taken from the page
 * allocator itself.
 */
static void drain_node(struct ktest_ctx *t, struct page_alloc *pa, int nid)
{
	static struct snapshot before, after;
	const struct numa_topology *topo = mm_topology();
	pfn_t lo = UINT64_MAX, hi = 0;
	unsigned int border;
	struct page *bitmap_page, *p, *extra;
	uint64_t *seen, expect, got = 0, dup = 0, wrong = 0;

	for (unsigned int i = 0; i < topo->nr_ranges; i++) {
		if (topo->range[i].nid != nid)
			continue;
		lo = MIN(lo, topo->range[i].start);
		hi = MAX(hi, topo->range[i].end);
	}
	border = order_for(DIV_ROUND_UP(hi - lo, 8));
	/* The bitmap on another node if there is one: it must not count. */
	bitmap_page = alloc_pages_node(pa, pa->node[nid].nr_fallback > 1 ?
				       pa->node[nid].fallback[1] : nid, 0, border);
	KEXPECT(t, bitmap_page);
	if (!bitmap_page)
		return;
	seen = phys_to_virt(PFN_PHYS(page_to_pfn(pa, bitmap_page)));
	memset(seen, 0, PAGE_SIZE << border);
	snap(pa, &before);
	expect = page_alloc_free_pages(pa, nid, MAX_NR_ZONES);

	while ((p = alloc_pages_node(pa, nid, __GFP_THISNODE, 0))) {
		pfn_t pfn = page_to_pfn(pa, p), b = pfn - lo;

		got++;
		wrong += numa_pfn_to_nid(topo, pfn) != nid;
		dup += seen[b / 64] >> (b % 64) & 1;
		seen[b / 64] |= 1ULL << (b % 64);
	}
	KEXPECT_EQ(t, got, expect);
	KEXPECT_EQ(t, wrong, 0);
	KEXPECT_EQ(t, dup, 0);
	KEXPECT_EQ(t, page_alloc_free_pages(pa, nid, MAX_NR_ZONES), 0);

	/* An empty node: its allocations go to the next node of its order. */
	extra = pa->node[nid].nr_fallback > 1 ? alloc_pages_node(pa, nid, 0, 0) : NULL;
	if (pa->node[nid].nr_fallback > 1 && extra) {
		int want = NUMA_NO_NODE;

		/* The first node after @nid in its order that has free memory. */
		for (unsigned int i = 1; i < pa->node[nid].nr_fallback && want == NUMA_NO_NODE; i++)
			if (page_alloc_free_pages(pa, pa->node[nid].fallback[i], MAX_NR_ZONES) ||
			    pa->node[nid].fallback[i] == numa_pfn_to_nid(topo, page_to_pfn(pa, extra)))
				want = pa->node[nid].fallback[i];
		KEXPECT_EQ(t, numa_pfn_to_nid(topo, page_to_pfn(pa, extra)), want);
		__free_pages(pa, extra, 0);
	}

	for (pfn_t b = 0; b < hi - lo; b++)
		if (seen[b / 64] >> (b % 64) & 1)
			__free_pages(pa, pfn_to_page(pa, lo + b), 0);
	snap(pa, &after);
	KEXPECT(t, memcmp(&before, &after, sizeof(before)) == 0);
	__free_pages(pa, bitmap_page, border);
	KEXPECT_EQ(t, page_alloc_check(pa), 0);
}

KTEST(page_alloc_drain_every_node)
{
	struct page_alloc *pa = page_alloc_kernel();
	bool any = false;

	for (unsigned int n = 0; n < pa->nr_nodes; n++) {
		if (!pa->node[n].present || pa->node[n].present > DRAIN_MAX_PAGES)
			continue;
		drain_node(t, pa, (int)n);
		any = true;
	}
	if (!any)
		KTEST_SKIP(t, "no node small enough to drain under emulation");
}

/* A memoryless node allocates from the first node of its fallback order. */
KTEST(page_alloc_memoryless_fallback)
{
	struct page_alloc *pa = page_alloc_kernel();
	bool any = false;

	for (unsigned int n = 0; n < pa->nr_nodes; n++) {
		struct page *p;

		if (pa->node[n].present)
			continue;
		any = true;
		p = alloc_pages_node(pa, (int)n, 0, 0);
		KEXPECT(t, p);
		KEXPECT(t, pa->node[n].nr_fallback > 1 && pa->node[n].fallback[0] == (int)n);
		if (p && pa->node[n].nr_fallback > 1)
			KEXPECT_EQ(t, numa_pfn_to_nid(mm_topology(), page_to_pfn(pa, p)),
				   pa->node[n].fallback[1]);
		KEXPECT(t, !alloc_pages_node(pa, (int)n, __GFP_THISNODE, 0));
		if (p)
			__free_pages(pa, p, 0);
	}
	if (!any)
		KTEST_SKIP(t, "no memoryless node");
}

/* A 1 GiB block where a free one exists: aligned, on its node. */
KTEST(page_alloc_gigantic)
{
	struct page_alloc *pa = page_alloc_kernel();

	for (unsigned int n = 0; n < pa->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			uint64_t before = pa->node[n].zones[z].area[MAX_ORDER].nr_free;
			struct page *p;
			pfn_t pfn;

			if (!before)
				continue;
			p = alloc_pages_node(pa, (int)n, __GFP_THISNODE, MAX_ORDER);
			KEXPECT(t, p);
			if (!p)
				return;
			pfn = page_to_pfn(pa, p);
			KEXPECT(t, IS_ALIGNED(PFN_PHYS(pfn), SZ_1G));
			KEXPECT_EQ(t, numa_pfn_to_nid(mm_topology(), pfn), n);
			KEXPECT_EQ(t, numa_pfn_to_nid(mm_topology(), pfn + (1UL << MAX_ORDER) - 1), n);
			__free_pages(pa, p, MAX_ORDER);
			KEXPECT_EQ(t, pa->node[n].zones[z].area[MAX_ORDER].nr_free, before);
			return;
		}
	}
	KTEST_SKIP(t, "no 1 GiB-aligned free block");
}

/* Zone limits hold: __GFP_DMA below 16 MiB, __GFP_DMA32 below 4 GiB. */
KTEST(page_alloc_zone_limits)
{
	struct page_alloc *pa = page_alloc_kernel();
	struct page *dma = alloc_pages_node(pa, 0, __GFP_DMA, 0);
	struct page *dma32 = alloc_pages_node(pa, 0, __GFP_DMA32, 3);

	KEXPECT(t, dma && dma32);
	if (dma) {
		KEXPECT(t, page_to_pfn(pa, dma) < ZONE_DMA_END_PFN);
		__free_pages(pa, dma, 0);
	}
	if (dma32) {
		KEXPECT(t, page_to_pfn(pa, dma32) + 8 <= ZONE_DMA32_END_PFN);
		__free_pages(pa, dma32, 3);
	}
}

/*
 * Random allocations and frees on random nodes; each block is filled with
 * a pattern of its own and checked when freed, so two allocations that
 * overlap would show.
 */
KTEST(page_alloc_stress)
{
	static struct { struct page *p; unsigned int order; uint64_t tag; } live[256];
	struct page_alloc *pa = page_alloc_kernel();
	uint64_t seed = 0x9e3779b97f4a7c15ULL, bad = 0;
	unsigned int nlive = 0;

	for (unsigned int step = 0; step < 4000; step++) {
		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		if (nlive < ARRAY_SIZE(live) && (seed >> 60) < 9) {
			unsigned int order = (seed >> 33) % 6;
			int nid = (int)((seed >> 40) % pa->nr_nodes);
			struct page *p = alloc_pages_node(pa, nid, 0, order);
			uint64_t *w;

			if (!p)
				continue;
			w = phys_to_virt(PFN_PHYS(page_to_pfn(pa, p)));
			for (uint64_t i = 0; i < (PAGE_SIZE << order) / 8; i += 512)
				w[i] = seed ^ i;
			live[nlive].p = p;
			live[nlive].order = order;
			live[nlive++].tag = seed;
		} else if (nlive) {
			unsigned int k = (unsigned int)((seed >> 20) % nlive);
			uint64_t *w = phys_to_virt(PFN_PHYS(page_to_pfn(pa, live[k].p)));

			for (uint64_t i = 0; i < (PAGE_SIZE << live[k].order) / 8; i += 512)
				bad += w[i] != (live[k].tag ^ i);
			__free_pages(pa, live[k].p, live[k].order);
			live[k] = live[--nlive];
		}
	}
	while (nlive) {
		nlive--;
		__free_pages(pa, live[nlive].p, live[nlive].order);
	}
	KEXPECT_EQ(t, bad, 0);
	KEXPECT_EQ(t, page_alloc_check(pa), 0);
}
