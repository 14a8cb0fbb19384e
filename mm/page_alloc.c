/*
 * mm/page_alloc.c - per-node buddy allocators with zones.
 *
 * A free block of 2^k pages is a "head" page with PG_buddy and order k on
 * its zone's free list k; the pages inside it keep PG_reserved.  Its buddy
 * is the block at pfn ^ 2^k: when both are free they merge into one block
 * of order k + 1, as long as both lie in one node and one zone.
 *
 * Only initialized metadata is ever read: page_get() initializes a chunk
 * of struct pages on first use, and the merge test looks at a buddy only
 * if it is RAM and its chunk is initialized (an uninitialized chunk holds
 * no free head, by construction).
 */
#define pr_fmt(fmt) fmt

#include "kernel/bitmap.h"
#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/page_alloc.h"

static const char *const zone_names[MAX_NR_ZONES] = { "DMA", "DMA32", "Normal" };

/* --- metadata ----------------------------------------------------------- */

static bool chunk_ready(const struct page_alloc *pa, pfn_t pfn)
{
	return bitmap_test(pa->chunk_init, pfn / VMEMMAP_CHUNK_PAGES);
}

/* Initialize the struct pages of the RAM in @pfn's chunk: reserved, of
 * their node, unlinked. */
static void chunk_setup(struct page_alloc *pa, pfn_t pfn)
{
	const struct numa_topology *t = pa->topo;
	pfn_t cs = ALIGN_DOWN(pfn, VMEMMAP_CHUNK_PAGES), ce = cs + VMEMMAP_CHUNK_PAGES;
	uint64_t c = cs / VMEMMAP_CHUNK_PAGES;

	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		const struct node_range *r = &t->range[i];

		if (r->end <= cs || r->start >= ce)
			continue;
		for (pfn_t p = MAX(cs, r->start); p < MIN(ce, r->end); p++)
			pa->vmemmap[p] = (struct page){
				.next_lo = (uint32_t)PFN_NIL, .prev_lo = (uint32_t)PFN_NIL,
				.next_hi = (uint8_t)(PFN_NIL >> 32), .prev_hi = (uint8_t)(PFN_NIL >> 32),
				.flags = PG_reserved, .nid = (uint16_t)r->nid,
			};
	}
	bitmap_assign(pa->chunk_init, c, c + 1, true);
}

static bool pfn_ram(const struct page_alloc *pa, pfn_t pfn)
{
	return numa_pfn_to_nid(pa->topo, pfn) != NUMA_NO_NODE;
}

/* The struct page of a RAM pfn, initialized. */
static struct page *page_get(struct page_alloc *pa, pfn_t pfn)
{
	if (!chunk_ready(pa, pfn))
		chunk_setup(pa, pfn);
	return pa->vmemmap + pfn;
}

static pfn_t get_next(const struct page *p)
{
	return p->next_lo | (pfn_t)p->next_hi << 32;
}

static pfn_t get_prev(const struct page *p)
{
	return p->prev_lo | (pfn_t)p->prev_hi << 32;
}

static void set_next(struct page *p, pfn_t v)
{
	p->next_lo = (uint32_t)v;
	p->next_hi = (uint8_t)(v >> 32);
}

static void set_prev(struct page *p, pfn_t v)
{
	p->prev_lo = (uint32_t)v;
	p->prev_hi = (uint8_t)(v >> 32);
}

/* --- free lists --------------------------------------------------------- */

static void list_add(struct page_alloc *pa, struct free_area *area, pfn_t pfn)
{
	struct page *p = page_get(pa, pfn);

	set_next(p, area->head);
	set_prev(p, PFN_NIL);
	if (area->head != PFN_NIL)
		set_prev(page_get(pa, area->head), pfn);
	area->head = pfn;
	area->nr_free++;
}

static void list_del(struct page_alloc *pa, struct free_area *area, pfn_t pfn)
{
	struct page *p = page_get(pa, pfn);
	pfn_t next = get_next(p), prev = get_prev(p);

	if (prev == PFN_NIL)
		area->head = next;
	else
		set_next(page_get(pa, prev), next);
	if (next != PFN_NIL)
		set_prev(page_get(pa, next), prev);
	area->nr_free--;
}

/* Put a free block on its list, merging it with free buddies first. */
static void free_one(struct page_alloc *pa, pfn_t pfn, unsigned int order, int nid)
{
	struct zone *z = &pa->node[nid].zones[pfn_zone(pfn)];
	enum zone_type zt = pfn_zone(pfn);
	struct page *p;

	while (order < MAX_ORDER) {
		pfn_t buddy = pfn ^ (1ULL << order);
		struct page *b;

		if (pfn_zone(buddy) != zt || !pfn_ram(pa, buddy) || !chunk_ready(pa, buddy))
			break;
		b = pa->vmemmap + buddy;
		if (!(b->flags & PG_buddy) || b->order != order || b->nid != nid)
			break;
		list_del(pa, &z->area[order], buddy);
		b->flags = PG_reserved;
		pfn = MIN(pfn, buddy);
		order++;
	}
	p = page_get(pa, pfn);
	p->flags = PG_buddy;
	p->order = (uint8_t)order;
	list_add(pa, &z->area[order], pfn);
}

/* --- set-up ------------------------------------------------------------- */

/*
 * The next node of @local's fallback order, by the rules of Linux's
 * find_next_best_node() (its mm/page_alloc.c) as they play out when Linux
 * prints its "Fallback order for Node N" lines: the node itself first
 * (even without memory), then the nodes with memory by distance, + 1 for
 * a node below @local, then by load, then by id.
 *
 * Linux also adds 1 for a node whose CPU mask is not empty, to spare
 * nodes with CPUs, but at boot no mask holds any CPU yet, not even the
 * boot CPU's: x86 adds a CPU to its node's mask when it identifies the
 * CPU (identify_cpu() -> numa_add_cpu()), and start_kernel() builds the
 * zonelists before it identifies the boot CPU (arch_cpu_finalize_init(),
 * formerly check_bugs()).  Only a later rebuild (memory hotplug) would
 * see CPUs.  We build once, at boot, so the penalty never applies: with
 * three nodes and CPUs on nodes 0 and 1, Linux 6.1 prints "0 1 2" for
 * node 0, not "0 2 1" (tests/boot/cases.py has such machines, compared
 * with Linux by tests/linux/run.py).
 */
static int next_best_node(const struct page_alloc *pa, int local, bool *used,
			  const int *load)
{
	const struct numa_topology *t = pa->topo;
	int best = NUMA_NO_NODE, min = INT32_MAX;

	if (!used[local]) {
		used[local] = true;
		return local;
	}
	for (unsigned int n = 0; n < pa->nr_nodes; n++) {
		int val;

		if (used[n] || !pa->node[n].present)
			continue;       /* only nodes with memory */
		val = t->distance[local][n];
		val += (int)n < local;                  /* prefer the next node */
		val = val * MAX_NUMNODES + load[n];     /* then the less loaded */
		if (val < min) {
			min = val;
			best = (int)n;
		}
	}
	if (best != NUMA_NO_NODE)
		used[best] = true;
	return best;
}

static void build_fallback(struct page_alloc *pa)
{
	int load[MAX_NUMNODES] = { 0 };

	for (unsigned int local = 0; local < pa->nr_nodes; local++) {
		struct pglist_data *pg = &pa->node[local];
		bool used[MAX_NUMNODES] = { false };
		int prev = (int)local, n;

		pg->nr_fallback = 0;
		while ((n = next_best_node(pa, (int)local, used, load)) != NUMA_NO_NODE) {
			/* Spread nodes at equal distance: the first of each
			 * distance group gets a load penalty. */
			if (pa->topo->distance[local][n] != pa->topo->distance[local][prev])
				load[n]++;
			pg->fallback[pg->nr_fallback++] = n;
			prev = n;
		}
	}
}

void page_alloc_init(struct page_alloc *pa, const struct numa_topology *t,
		     struct page *vmemmap, uint64_t *chunk_init)
{
	memset(pa, 0, sizeof(*pa));
	pa->vmemmap = vmemmap;
	pa->chunk_init = chunk_init;
	pa->topo = t;
	pa->nr_nodes = t->nr_nodes;
	for (unsigned int n = 0; n < t->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			pa->node[n].zones[z].start = PFN_NIL;
			for (int o = 0; o < NR_ORDERS; o++)
				pa->node[n].zones[z].area[o].head = PFN_NIL;
		}
	}
	/* Zone spans: the node's RAM cut at the zone boundaries. */
	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		const struct node_range *r = &t->range[i];
		static const pfn_t bounds[MAX_NR_ZONES + 1] = {
			0, ZONE_DMA_END_PFN, ZONE_DMA32_END_PFN, UINT64_MAX,
		};

		pa->node[r->nid].present += r->end - r->start;
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pa->node[r->nid].zones[z];
			pfn_t s = MAX(r->start, bounds[z]), e = MIN(r->end, bounds[z + 1]);

			if (s >= e)
				continue;
			zone->start = MIN(zone->start, s);
			zone->end = MAX(zone->end, e);
		}
	}
	build_fallback(pa);
}

void page_alloc_add_free(struct page_alloc *pa, pfn_t pfn, unsigned int order)
{
	const struct node_range *r;
	pfn_t n = 1ULL << order;
	int nid;

	BUG_ON(order > MAX_ORDER || !IS_ALIGNED(pfn, n));
	/* A block may not straddle a zone boundary: split it there. */
	if (order && pfn_zone(pfn) != pfn_zone(pfn + n - 1)) {
		page_alloc_add_free(pa, pfn, order - 1);
		page_alloc_add_free(pa, pfn + n / 2, order - 1);
		return;
	}
	/* The whole block must be RAM of one range (so of one node). */
	r = numa_range_of(pa->topo, pfn);
	BUG_ON(!r || pfn + n > r->end);
	nid = r->nid;
	pa->node[nid].zones[pfn_zone(pfn)].managed += n;
	pa->node[nid].zones[pfn_zone(pfn)].free += n;
	free_one(pa, pfn, order, nid);
}

/* --- allocation --------------------------------------------------------- */

/* The smallest free block of at least @order in @z, split down to @order. */
static struct page *zone_alloc(struct page_alloc *pa, struct zone *z, int nid,
			       unsigned int order)
{
	unsigned int o = order;
	struct page *p;
	pfn_t pfn;

	while (o <= MAX_ORDER && z->area[o].head == PFN_NIL)
		o++;
	if (o > MAX_ORDER)
		return NULL;
	pfn = z->area[o].head;
	list_del(pa, &z->area[o], pfn);
	while (o > order) {
		struct page *b;

		o--;
		b = page_get(pa, pfn + (1ULL << o));
		b->flags = PG_buddy;
		b->order = (uint8_t)o;
		b->nid = (uint16_t)nid;
		list_add(pa, &z->area[o], pfn + (1ULL << o));
	}
	p = page_get(pa, pfn);
	p->flags = PG_head;
	p->order = (uint8_t)order;
	z->free -= 1ULL << order;
	return p;
}

struct page *alloc_pages_node(struct page_alloc *pa, int nid, gfp_t gfp, unsigned int order)
{
	int top = gfp & __GFP_DMA ? ZONE_DMA : gfp & __GFP_DMA32 ? ZONE_DMA32 : ZONE_NORMAL;
	const struct pglist_data *pg;
	unsigned int tries;

	BUG_ON(nid < 0 || (unsigned int)nid >= pa->nr_nodes);
	if (order > MAX_ORDER)
		return NULL;
	pg = &pa->node[nid];
	tries = gfp & __GFP_THISNODE ? 1 : pg->nr_fallback;
	/* Node by node in fallback order; in each, the highest allowed zone
	 * first, keeping the low zones for those who need them. */
	for (unsigned int i = 0; i < tries; i++) {
		int n = pg->fallback[i];

		for (int z = top; z >= 0; z--) {
			struct page *p = zone_alloc(pa, &pa->node[n].zones[z], n, order);

			if (p)
				return p;
		}
	}
	return NULL;
}

void __free_pages(struct page_alloc *pa, struct page *page, unsigned int order)
{
	pfn_t pfn = page_to_pfn(pa, page);
	struct page *p;

	if (!pfn_ram(pa, pfn) || !chunk_ready(pa, pfn))
		panic("page allocator: freeing pfn %#lx, which it never handed out", pfn);
	p = pa->vmemmap + pfn;
	if (p->flags & PG_buddy)
		panic("page allocator: double free of pfn %#lx (order %u)", pfn, order);
	if (!(p->flags & PG_head))
		panic("page allocator: freeing pfn %#lx, a reserved page or inside a block", pfn);
	if (p->order != order)
		panic("page allocator: freeing pfn %#lx as order %u, allocated as order %u",
		      pfn, order, p->order);
	p->flags = PG_reserved;
	pa->node[p->nid].zones[pfn_zone(pfn)].free += 1ULL << order;
	free_one(pa, pfn, order, p->nid);
}

/* --- introspection ------------------------------------------------------ */

pfn_t page_alloc_next_free(const struct page_alloc *pa, pfn_t pfn)
{
	const struct page *p = pa->vmemmap + pfn;

	BUG_ON(!chunk_ready(pa, pfn) || !(p->flags & PG_buddy));
	return get_next(p);
}

uint64_t page_alloc_free_pages(const struct page_alloc *pa, int nid, int zone)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < pa->nr_nodes; i++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if ((nid == NUMA_NO_NODE || nid == (int)i) && (zone == MAX_NR_ZONES || zone == z))
				n += pa->node[i].zones[z].free;
	return n;
}

uint64_t page_alloc_chunks_initialized(const struct page_alloc *pa)
{
	const struct numa_topology *t = pa->topo;
	uint64_t chunks = t->nr_ranges ? DIV_ROUND_UP(t->range[t->nr_ranges - 1].end,
						      VMEMMAP_CHUNK_PAGES) : 0;

	return bitmap_weight(pa->chunk_init, 0, chunks);
}

unsigned int page_alloc_check(struct page_alloc *pa)
{
	unsigned int bad = 0;

	for (unsigned int n = 0; n < pa->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			struct zone *zone = &pa->node[n].zones[z];
			uint64_t free = 0;

			for (unsigned int o = 0; o < NR_ORDERS; o++) {
				uint64_t count = 0;
				pfn_t prev = PFN_NIL;

				for (pfn_t pfn = zone->area[o].head; pfn != PFN_NIL; count++) {
					const struct page *p = pa->vmemmap + pfn;
					bool ok = pfn_ram(pa, pfn) && chunk_ready(pa, pfn) &&
						  p->flags == PG_buddy && p->order == o &&
						  p->nid == n && (int)pfn_zone(pfn) == z &&
						  get_prev(p) == prev && IS_ALIGNED(pfn, 1ULL << o) &&
						  count <= zone->area[o].nr_free;

					if (!ok) {
						pr_err("page allocator: node %u zone %s order %u: bad block at pfn %#lx\n",
						       n, zone_names[z], o, pfn);
						bad++;
						break;
					}
					prev = pfn;
					pfn = get_next(p);
				}
				if (count != zone->area[o].nr_free) {
					pr_err("page allocator: node %u zone %s order %u: %lu blocks listed, %lu counted\n",
					       n, zone_names[z], o, count, zone->area[o].nr_free);
					bad++;
				}
				free += count << o;
			}
			if (free != zone->free) {
				pr_err("page allocator: node %u zone %s: %lu free pages on the lists, %lu counted\n",
				       n, zone_names[z], free, zone->free);
				bad++;
			}
		}
	}
	return bad;
}

void page_alloc_print(const struct page_alloc *pa)
{
	for (unsigned int n = 0; n < pa->nr_nodes; n++) {
		const struct pglist_data *pg = &pa->node[n];

		pr_info("On node %u totalpages: %lu\n", n, pg->present);
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (pg->zones[z].managed)
				pr_info("  %s zone: %lu pages managed, span [mem 0x%016lx-0x%016lx]\n",
					zone_names[z], pg->zones[z].managed, PFN_PHYS(pg->zones[z].start),
					PFN_PHYS(pg->zones[z].end) - 1);
	}
	for (unsigned int n = 0; n < pa->nr_nodes; n++) {
		pr_info("Fallback order for Node %u: ", n);
		for (unsigned int i = 0; i < pa->node[n].nr_fallback; i++)
			pr_cont("%d ", pa->node[n].fallback[i]);
		pr_cont("\n");
	}
	pr_info("buddyinfo:%*s", 17, "");
	for (unsigned int o = 0; o < NR_ORDERS; o++)
		pr_cont(" %6u", o);
	pr_cont("\n");
	for (unsigned int n = 0; n < pa->nr_nodes; n++) {
		for (int z = 0; z < MAX_NR_ZONES; z++) {
			const struct zone *zone = &pa->node[n].zones[z];

			if (!zone->managed)
				continue;
			pr_info("Node %u, zone %8s", n, zone_names[z]);
			for (unsigned int o = 0; o < NR_ORDERS; o++)
				pr_cont(" %6lu", zone->area[o].nr_free);
			pr_cont("\n");
		}
	}
}
