/*
 * mm/bootmem.c - one bitmap for the page frames of all nodes.
 *
 * Layers, as in Linux 2.6.27's bootmem: the public calls check and trace
 * their arguments; reserve_frames() and free_frames() walk the ranges a
 * request touches, which may belong to several nodes; the bit ranges of
 * kernel/bitmap.c work a 64-bit word at a time.  "Initially all pages
 * are reserved; RAM is freed explicitly."  Searches run top-down, as
 * memblock's do.
 *
 * See mm/bootmem.h for the layout of the bitmap and the contract of each
 * call.  The invariants every function keeps:
 *   - ranges are sorted, disjoint, non-empty; touching ranges of one node
 *     are merged;
 *   - slice i's first bit is congruent to range i's first pfn mod 64, and
 *     is the previous slice's end bit exactly when the ranges touch;
 *   - padding bits and the bits past map_bits in the last word are set;
 *   - free_pages[n] counts the clear bits of node n's slices;
 *   - no page of node n at or above top[n] is free (nor of any node at or
 *     above top_any).
 */
#define pr_fmt(fmt) "bootmem: " fmt

#include "kernel/bitmap.h"
#include "kernel/bitops.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/bootmem.h"

#define NONE            UINT64_MAX      /* "no page frame found" */
#define MIN_ALIGN       8

#define bm_trace(bm, fmt, ...)                                          \
	do {                                                            \
		if ((bm)->debug)                                        \
			pr_info(fmt, ##__VA_ARGS__);                    \
	} while (0)

/* --- ranges ------------------------------------------------------------ */

static uint64_t bit_of(const struct bootmem *bm, unsigned int i, pfn_t pfn)
{
	return bm->bit[i] + (pfn - bm->range[i].start);
}

/* Each piece of frames [s, e) in a range of node @nid (or of any node):
 * range @i, frames [@ps, @pe). */
#define for_each_piece(bm, i, s, e, node, ps, pe)                                       \
	for (unsigned int i = range_index((bm)->range, (bm)->nr_ranges, s);             \
	     i < (bm)->nr_ranges && (bm)->range[i].start < (e); i++)                     \
		if (((node) == NUMA_ANY_NODE || (bm)->range[i].nid == (node)) &&         \
		    ((ps) = MAX(s, (bm)->range[i].start), (pe) = MIN(e, (bm)->range[i].end), true))

static void check_live(const struct bootmem *bm, const char *what)
{
	if (bm->released)
		panic("bootmem: %s called after bootmem_release(): the page allocator owns memory now",
		      what);
}

int bootmem_pfn_nid(const struct bootmem *bm, pfn_t pfn)
{
	const struct node_range *r;

	check_live(bm, "bootmem_pfn_nid");
	r = range_find(bm->range, bm->nr_ranges, pfn);
	return r ? r->nid : NUMA_NO_NODE;
}

bool bootmem_pfn_reserved(const struct bootmem *bm, pfn_t pfn)
{
	unsigned int i = range_index(bm->range, bm->nr_ranges, pfn);

	check_live(bm, "bootmem_pfn_reserved");
	return i < bm->nr_ranges && bm->range[i].start <= pfn && bm->up &&
	       bitmap_test(bm->map, bit_of(bm, i, pfn));
}

void bootmem_init(struct bootmem *bm, bootmem_map_fn map, unsigned int nr_nodes,
		  const uint8_t (*distance)[MAX_NUMNODES])
{
	memset(bm, 0, sizeof(*bm));
	BUG_ON(nr_nodes == 0 || nr_nodes > MAX_NUMNODES);
	bm->map_fn = map;
	bm->nr_nodes = nr_nodes;
	bm->distance = distance;
}

int bootmem_add_range(struct bootmem *bm, pfn_t start, pfn_t end, int nid)
{
	unsigned int i, nr;

	check_live(bm, "bootmem_add_range");
	if (bm->up)
		return -EBUSY;
	/* Page 0 never: its address would read as "nothing fits". */
	if (start == 0 || start >= end || end > NUMA_PFN_LIMIT || nid < 0 ||
	    (unsigned int)nid >= bm->nr_nodes)
		return -EINVAL;
	i = range_index(bm->range, bm->nr_ranges, start);
	if (i < bm->nr_ranges && bm->range[i].start < end)
		return -EEXIST;
	/* Into the spare row; it may join a neighbour of its node. */
	bm->range[bm->nr_ranges] = (struct node_range){ start, end, nid };
	nr = range_sort_merge(bm->range, bm->nr_ranges + 1);
	if (nr > BOOTMEM_MAX_RANGES) {
		memmove(&bm->range[i], &bm->range[i + 1], (nr - i - 1) * sizeof(bm->range[0]));
		bm->range[BOOTMEM_MAX_RANGES] = (struct node_range){ 0 };
		return -ENOSPC;
	}
	bm->nr_ranges = nr;
	return 0;
}

int bootmem_reserve_early(struct bootmem *bm, phys_addr_t start, phys_addr_t end,
			  const char *name)
{
	check_live(bm, "bootmem_reserve_early");
	if (bm->up)
		return -EBUSY;
	if (start >= end)
		return 0;
	if (bm->nr_early == BOOTMEM_MAX_EARLY_RESV) {
		pr_err("more than BOOTMEM_MAX_EARLY_RESV (%u) early reservations; raise it\n",
		       BOOTMEM_MAX_EARLY_RESV);
		return -ENOSPC;
	}
	bm->early[bm->nr_early++] = (struct bootmem_early_resv){ start, end, name };
	return 0;
}

/* --- marking ----------------------------------------------------------- */

/* Reserved frames of [s, e) on node @nid (or any). */
static uint64_t count_reserved(const struct bootmem *bm, pfn_t s, pfn_t e, int nid)
{
	uint64_t n = 0;
	pfn_t ps, pe;

	for_each_piece(bm, i, s, e, nid, ps, pe)
		n += bitmap_weight(bm->map, bit_of(bm, i, ps), bit_of(bm, i, pe));
	return n;
}

/* Reserve the frames of [s, e) on node @nid (or any) that are RAM. */
static void reserve_frames(struct bootmem *bm, pfn_t s, pfn_t e, int nid)
{
	pfn_t ps, pe;

	for_each_piece(bm, i, s, e, nid, ps, pe) {
		uint64_t b = bit_of(bm, i, ps), be = bit_of(bm, i, pe);

		bm->free_pages[bm->range[i].nid] -= (pe - ps) - bitmap_weight(bm->map, b, be);
		bitmap_assign(bm->map, b, be, true);
	}
}

/* Free the frames of [s, e) that are RAM, every one of them reserved (or
 * it is a double free: BUG); return how many were RAM. */
static uint64_t free_frames(struct bootmem *bm, pfn_t s, pfn_t e)
{
	uint64_t covered = 0;
	pfn_t ps, pe;

	for_each_piece(bm, i, s, e, NUMA_ANY_NODE, ps, pe) {
		uint64_t b = bit_of(bm, i, ps), be = bit_of(bm, i, pe);
		int nid = bm->range[i].nid;

		if (bitmap_weight(bm->map, b, be) != pe - ps)
			panic("bootmem: freeing [mem 0x%016lx-0x%016lx]: %lu pages of it are not reserved (double free?)",
			      PFN_PHYS(s), PFN_PHYS(e) - 1, (pe - ps) - bitmap_weight(bm->map, b, be));
		bitmap_assign(bm->map, b, be, false);
		bm->free_pages[nid] += pe - ps;
		bm->top[nid] = MAX(bm->top[nid], pe);
		covered += pe - ps;
	}
	bm->top_any = MAX(bm->top_any, e);
	return covered;
}

/* --- setup ------------------------------------------------------------- */

/* Give each range its slice; return the bits needed. */
static uint64_t lay_out_slices(struct bootmem *bm)
{
	uint64_t bit = 0;

	for (unsigned int i = 0; i < bm->nr_ranges; i++) {
		const struct node_range *r = &bm->range[i];

		if (i == 0 || bm->range[i - 1].end != r->start) {
			if (i > 0)
				bit++;                  /* at least one padding bit */
			bit += (r->start - bit) % 64;   /* bit = start (mod 64) */
		}
		bm->bit[i] = bit;
		bit += r->end - r->start;
	}
	return bit;
}

/* The lowest first frame of the early reservations that meet frames
 * [s, e), or NONE. */
static pfn_t early_conflict(const struct bootmem *bm, pfn_t s, pfn_t e)
{
	pfn_t low = NONE;

	for (unsigned int i = 0; i < bm->nr_early; i++) {
		const struct bootmem_early_resv *x = &bm->early[i];

		if (PFN_DOWN(x->start) < e && s < PFN_UP(x->end))
			low = MIN(low, PFN_DOWN(x->start));
	}
	return low;
}

/* The highest @n frames of one range that meet no early reservation. */
static pfn_t place_bitmap(const struct bootmem *bm, pfn_t n)
{
	for (unsigned int i = bm->nr_ranges; i-- > 0;) {
		const struct node_range *r = &bm->range[i];

		for (pfn_t p = r->end, x; p >= r->start + n; p = x) {
			x = early_conflict(bm, p - n, p);
			if (x == NONE)
				return p - n;
		}
	}
	return NONE;
}

int bootmem_setup(struct bootmem *bm)
{
	uint64_t bits, bytes;
	pfn_t at;

	check_live(bm, "bootmem_setup");
	BUG_ON(bm->up);
	bits = lay_out_slices(bm);
	bytes = ALIGN_UP(ALIGN_UP(bits, 64) / 8, PAGE_SIZE);
	at = bytes ? place_bitmap(bm, bytes >> PAGE_SHIFT) : NONE;
	if (at == NONE) {
		pr_err("no room for a %lu-byte bitmap in %u ranges of RAM\n", bytes, bm->nr_ranges);
		return -ENOMEM;
	}
	bm->map = bm->map_fn(PFN_PHYS(at), bytes);
	if (!bm->map)
		return -ENOMEM;
	bm->map_phys = PFN_PHYS(at);
	bm->map_bits = bits;
	bm->map_bytes = bytes;

	/* Everything reserved, then the registered RAM freed (which raises
	 * each node's top to its highest RAM). */
	memset(bm->map, 0xff, bytes);
	for (unsigned int i = 0; i < bm->nr_ranges; i++)
		free_frames(bm, bm->range[i].start, bm->range[i].end);
	bm->up = true;
	for (unsigned int i = 0; i < bm->nr_early; i++)
		reserve_frames(bm, PFN_DOWN(bm->early[i].start), PFN_UP(bm->early[i].end),
			       NUMA_ANY_NODE);
	reserve_frames(bm, at, at + (bytes >> PAGE_SHIFT), NUMA_ANY_NODE);
	return 0;
}

/* --- allocation -------------------------------------------------------- */

/*
 * The highest run of @n free frames, aligned to @a, inside [lo, hi) and
 * inside the ranges first..last, which follow one another without gaps
 * in PFN and bit space (one "segment").  *@highest, while NONE, becomes
 * the highest free frame met.  Return the run's first frame, or NONE.
 */
static pfn_t search_segment(const struct bootmem *bm, unsigned int first, unsigned int last,
			    pfn_t lo, pfn_t hi, pfn_t n, pfn_t a, pfn_t *highest)
{
	pfn_t bot = MAX(lo, bm->range[first].start), top = MIN(hi, bm->range[last].end);
	/* Within a segment, bit = base + pfn throughout (mod 2^64). */
	uint64_t base = bm->bit[first] - bm->range[first].start;

	while (top > bot) {
		uint64_t z = bitmap_find_last(bm->map, base + bot, base + top, false), s;
		pfn_t end, p;

		if (z == base + top)
			break;
		end = z - base + 1;
		if (*highest == NONE)
			*highest = end - 1;
		if (end - bot < n || (p = ALIGN_DOWN(end - n, a)) < bot)
			break;
		/* Only the candidate [p, end) is read, never the whole run below
		 * it: a fresh node's run is all of its RAM. */
		s = bitmap_find_last(bm->map, base + p, z, true);
		if (s == z)
			return p;
		top = s - base;
	}
	return NONE;
}

/*
 * Search [lo, hi) top-down for @n frames aligned to @a: in the ranges of
 * @nid only, or (NUMA_ANY_NODE) across touching ranges of any node.
 */
static pfn_t search(const struct bootmem *bm, int nid, pfn_t lo, pfn_t hi, pfn_t n,
		    pfn_t a, pfn_t *highest)
{
	unsigned int j;

	if (hi <= lo)
		return NONE;
	j = MIN(range_index(bm->range, bm->nr_ranges, hi - 1) + 1, bm->nr_ranges);
	while (j > 0 && bm->range[j - 1].end > lo) {
		unsigned int last = --j, first = j;
		pfn_t p;

		if (nid != NUMA_ANY_NODE && bm->range[last].nid != nid)
			continue;
		while (nid == NUMA_ANY_NODE && first > 0 &&
		       bm->range[first - 1].end == bm->range[first].start)
			first--;
		p = search_segment(bm, first, last, lo, hi, n, a, highest);
		if (p != NONE)
			return p;
		j = first;
	}
	return NONE;
}

/*
 * One node (or any) below @hi, from its top hint down.  A node with
 * fewer free pages than the request is not searched at all.  A search
 * that started at the hint lowers it to just above the highest free
 * frame it met: the next search skips what is all reserved.
 */
static pfn_t alloc_node(struct bootmem *bm, int nid, pfn_t n, pfn_t a, pfn_t hi)
{
	pfn_t *top = nid == NUMA_ANY_NODE ? &bm->top_any : &bm->top[nid];
	pfn_t highest = NONE, p;

	if (bootmem_free_pages(bm, nid) < n)
		return NONE;
	p = search(bm, nid, 0, MIN(hi, *top), n, a, &highest);
	if (hi >= *top)
		*top = highest != NONE ? highest + 1 : 0;
	return p;
}

/* Where node @m comes among the fallbacks of @nid: @nid first, then by
 * distance (the SLIT's, or 10 local and 20 remote), ties by id. */
static unsigned int rank(const struct bootmem *bm, int nid, int m)
{
	unsigned int d = bm->distance ? bm->distance[nid][m] : REMOTE_DISTANCE;

	return m == nid ? 0 : (d + 1) * MAX_NUMNODES + (unsigned int)m;
}

/* The node after @prev in @nid's fallback order, or NUMA_NO_NODE. */
static int next_fallback(const struct bootmem *bm, int nid, int prev)
{
	int next = NUMA_NO_NODE;

	for (int m = 0; m < (int)bm->nr_nodes; m++)
		if (rank(bm, nid, m) > rank(bm, nid, prev) &&
		    (next == NUMA_NO_NODE || rank(bm, nid, m) < rank(bm, nid, next)))
			next = m;
	return next;
}

phys_addr_t bootmem_alloc_try_nid(struct bootmem *bm, uint64_t size, uint64_t align,
				  phys_addr_t min_addr, phys_addr_t max_addr,
				  int nid, unsigned int flags)
{
	pfn_t n, a, hi, p;
	void *v;

	check_live(bm, "bootmem_alloc_try_nid");
	BUG_ON(!bm->up);
	BUG_ON(nid != NUMA_ANY_NODE && (nid < 0 || (unsigned int)nid >= bm->nr_nodes));
	if (!align)
		align = MIN_ALIGN;
	BUG_ON(align & (align - 1) || align > BOOTMEM_MAX_ALIGN);
	if (!size || size > (UINT64_MAX >> 1))
		return 0;

	n = PFN_UP(size);
	a = MAX(1, align >> PAGE_SHIFT);
	hi = max_addr ? PFN_DOWN(max_addr) : NONE;

	/* No need to search from the goal first: the highest fit of a node
	 * lies at or above any goal that has room. */
	p = alloc_node(bm, nid, n, a, hi);
	if (nid != NUMA_ANY_NODE && !(flags & BOOTMEM_EXACT_NODE)) {
		for (int m = next_fallback(bm, nid, nid); p == NONE && m != NUMA_NO_NODE;
		     m = next_fallback(bm, nid, m))
			p = alloc_node(bm, m, n, a, hi);
		if (p == NONE)
			p = alloc_node(bm, NUMA_ANY_NODE, n, a, hi);
	}
	bm_trace(bm, "alloc size=%#lx align=%#lx goal=%#lx limit=%#lx nid=%d%s -> %s %#lx\n",
		 size, align, min_addr, max_addr, nid,
		 flags & BOOTMEM_EXACT_NODE ? " exact" : "",
		 p == NONE ? "none" : "pfn", p == NONE ? 0 : p);
	if (p == NONE)
		return 0;
	reserve_frames(bm, p, p + n, NUMA_ANY_NODE);
	if (flags & BOOTMEM_RAW)
		return PFN_PHYS(p);
	v = bm->map_fn(PFN_PHYS(p), size);
	if (!v) {
		pr_err("cannot reach [mem 0x%016lx-0x%016lx] to zero it: allocation failed\n",
		       PFN_PHYS(p), PFN_PHYS(p) + size - 1);
		free_frames(bm, p, p + n);
		return 0;
	}
	memset(v, 0, size);
	return PFN_PHYS(p);
}

void bootmem_free(struct bootmem *bm, phys_addr_t addr, uint64_t size)
{
	pfn_t s = PFN_UP(addr), e = PFN_DOWN(addr + size);
	pfn_t map_s = PFN_DOWN(bm->map_phys), map_e = map_s + (bm->map_bytes >> PAGE_SHIFT);

	check_live(bm, "bootmem_free");
	BUG_ON(!bm->up);
	bm_trace(bm, "free [mem 0x%016lx-0x%016lx]\n", addr, addr + size - 1);
	if (addr + size < addr)
		panic("bootmem: freeing [mem 0x%016lx + %#lx]: the range wraps past 2^64", addr, size);
	if (s >= e)
		return;
	/* bootmem_release() hands the bitmap over last, whatever its bits say. */
	if (s < map_e && map_s < e)
		panic("bootmem: freeing [mem 0x%016lx-0x%016lx]: it holds bootmem's own bitmap",
		      addr, addr + size - 1);
	if (free_frames(bm, s, e) != e - s)
		panic("bootmem: freeing [mem 0x%016lx-0x%016lx]: %lu pages of it are not RAM",
		      addr, addr + size - 1, (e - s) - range_overlap(bm->range, bm->nr_ranges, s, e));
}

/* Reserve [addr, addr + size) on node @nid (or any), rounded outward. */
static int reserve(struct bootmem *bm, phys_addr_t addr, uint64_t size, int nid,
		   unsigned int flags)
{
	pfn_t s = PFN_DOWN(addr), e;
	int err = 0;

	check_live(bm, "bootmem_reserve");
	BUG_ON(!bm->up);
	if (addr + size < addr) {
		pr_err("reserve [mem 0x%016lx + %#lx]: the range wraps past 2^64; refused\n",
		       addr, size);
		return -EINVAL;
	}
	/* No RAM lies above NUMA_PFN_LIMIT; the cut keeps PFN_UP from wrapping. */
	e = PFN_UP(MIN(addr + size, PFN_PHYS(NUMA_PFN_LIMIT)));
	if ((flags & BOOTMEM_EXCLUSIVE) && count_reserved(bm, s, e, nid))
		err = -EBUSY;
	else
		reserve_frames(bm, s, e, nid);
	bm_trace(bm, "reserve [mem 0x%016lx-0x%016lx] node %d%s -> %d\n", addr, addr + size - 1,
		 nid, flags & BOOTMEM_EXCLUSIVE ? " exclusive" : "", err);
	return err;
}

int bootmem_reserve(struct bootmem *bm, phys_addr_t addr, uint64_t size,
		    unsigned int flags)
{
	return reserve(bm, addr, size, NUMA_ANY_NODE, flags);
}

/* --- release ----------------------------------------------------------- */

/* Hand [s, e) over in naturally aligned blocks of at most 2^max_order. */
static uint64_t give_blocks(pfn_t s, pfn_t e, unsigned int max_order, int nid,
			    void (*give)(void *, pfn_t, unsigned int, int), void *ctx)
{
	uint64_t n = e - s;

	while (s < e) {
		unsigned int order = s ? (unsigned int)__ffs64(s) : max_order;

		order = MIN(order, max_order);
		while (s + (1ULL << order) > e)
			order--;
		give(ctx, s, order, nid);
		s += 1ULL << order;
	}
	return n;
}

uint64_t bootmem_release(struct bootmem *bm, unsigned int max_order,
			 void (*give)(void *ctx, pfn_t pfn, unsigned int order, int nid),
			 void *ctx)
{
	pfn_t map_s = PFN_DOWN(bm->map_phys);
	pfn_t map_e = map_s + (bm->map_bytes >> PAGE_SHIFT), ps, pe;
	uint64_t total = 0;

	check_live(bm, "bootmem_release");
	BUG_ON(!bm->up);
	for (int nid = 0; nid < (int)bm->nr_nodes; nid++) {
		for (unsigned int i = 0; i < bm->nr_ranges; i++) {
			/* In a slice, bit = base + pfn (mod 2^64). */
			uint64_t base = bm->bit[i] - bm->range[i].start, b = bm->bit[i], z;
			uint64_t end = base + bm->range[i].end;

			if (bm->range[i].nid != nid)
				continue;
			while ((b = bitmap_find_first(bm->map, b, end, false)) < end) {
				z = bitmap_find_first(bm->map, b, end, true);
				total += give_blocks(b - base, z - base, max_order, nid, give, ctx);
				b = z;
			}
		}
	}
	/* The bitmap's own pages last: it is not read any more. */
	for_each_piece(bm, i, map_s, map_e, NUMA_ANY_NODE, ps, pe)
		total += give_blocks(ps, pe, max_order, bm->range[i].nid, give, ctx);
	bm->released = true;
	bm->up = false;
	return total;
}

/* --- introspection ----------------------------------------------------- */

uint64_t bootmem_free_pages(const struct bootmem *bm, int nid)
{
	uint64_t n = 0;

	check_live(bm, "bootmem_free_pages");
	if (nid != NUMA_ANY_NODE)
		return bm->free_pages[nid];
	for (unsigned int i = 0; i < bm->nr_nodes; i++)
		n += bm->free_pages[i];
	return n;
}

void bootmem_dump(const struct bootmem *bm)
{
	uint64_t span = 0;

	check_live(bm, "bootmem_dump");
	for (unsigned int i = 0; i < bm->nr_ranges; i++) {
		const struct node_range *r = &bm->range[i];

		pr_info("  node %3d: [mem 0x%016lx-0x%016lx] bits %lu-%lu\n", r->nid,
			PFN_PHYS(r->start), PFN_PHYS(r->end) - 1, bm->bit[i], bit_of(bm, i, r->end) - 1);
	}
	if (bm->nr_ranges)
		span = bm->range[bm->nr_ranges - 1].end - bm->range[0].start;
	pr_info("bitmap at [mem 0x%016lx-0x%016lx]: %lu bits, %lu bytes for %u ranges "
		"(a bitmap of the whole span would take %lu bytes)\n",
		bm->map_phys, bm->map_phys + bm->map_bytes - 1, bm->map_bits,
		bm->map_bytes, bm->nr_ranges, ALIGN_UP(span, 8) / 8);
	for (unsigned int nid = 0; nid < bm->nr_nodes; nid++) {
		uint64_t pages = 0;

		for (unsigned int i = 0; i < bm->nr_ranges; i++)
			if (bm->range[i].nid == (int)nid)
				pages += bm->range[i].end - bm->range[i].start;
		pr_info("node %u: %lu pages, %lu free, %lu reserved\n", nid, pages,
			bm->free_pages[nid], pages - bm->free_pages[nid]);
	}
}

/* --- the bootmem-compatible API ------------------------------------------- */

struct bootmem *bootmem_kernel;

void *bootmem_alloc_virt(int nid, uint64_t size, uint64_t align, phys_addr_t goal,
			 phys_addr_t limit, bool nopanic)
{
	phys_addr_t pa = bootmem_alloc_try_nid(bootmem_kernel, size, align, goal, limit, nid, 0);
	void *v = pa ? bootmem_kernel->map_fn(pa, size) : NULL;

	if (pa && !v)
		bootmem_free(bootmem_kernel, pa, PFN_PHYS(PFN_UP(size)));
	if (!v && !nopanic)
		panic("alloc_bootmem: out of memory: %lu bytes, align %#lx, goal %#lx, limit %#lx, node %d",
		      size, align, goal, limit, nid);
	return v;
}

void free_bootmem_node(int nid, phys_addr_t addr, uint64_t size)
{
	pfn_t s = PFN_UP(addr), e = PFN_DOWN(addr + size), ps, pe;
	uint64_t on_node = 0;

	for_each_piece(bootmem_kernel, i, s, e, nid, ps, pe)
		on_node += pe - ps;
	BUG_ON(s < e && on_node != e - s);
	bootmem_free(bootmem_kernel, addr, size);
}

int reserve_bootmem_node(int nid, phys_addr_t addr, uint64_t size, unsigned int flags)
{
	return reserve(bootmem_kernel, addr, size, nid, flags);
}
