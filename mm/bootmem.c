/*
 * mm/bootmem.c - one bitmap for the page frames of all nodes.
 *
 * Layers, as in Linux 2.6.27's bootmem: the public calls check and trace
 * their arguments; mark() walks the ranges a request touches, which may
 * belong to several nodes; the bit helpers work a 64-bit word at a time.
 * "Initially all pages are reserved; RAM is freed explicitly."
 *
 * See mm/bootmem.h for the layout of the bitmap and the contract of each
 * call.  The invariants every function keeps:
 *   - ranges are sorted, disjoint, non-empty; touching ranges of one node
 *     are merged;
 *   - slice i's first bit is congruent to range i's first pfn mod 64, and
 *     is the previous slice's end bit exactly when the ranges touch;
 *   - padding bits and the bits past map_bits in the last word are set;
 *   - free_pages[n] counts the clear bits of node n's slices.
 */
#define pr_fmt(fmt) "bootmem: " fmt

#include "kernel/bitops.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/bootmem.h"

#define NONE            UINT64_MAX      /* "no page frame found" */
#define LOW_1M_PFN      (SZ_1M >> PAGE_SHIFT)
#define MIN_ALIGN       8

#define bm_trace(bm, fmt, ...)                                          \
	do {                                                            \
		if ((bm)->debug)                                        \
			pr_info(fmt, ##__VA_ARGS__);                    \
	} while (0)

/* --- bits -------------------------------------------------------------- */

static bool test_bit(const uint64_t *map, uint64_t b)
{
	return map[b / 64] >> (b % 64) & 1;
}

/* First set bit in [from, to), or @to. */
static uint64_t find_next_set(const uint64_t *map, uint64_t from, uint64_t to)
{
	while (from < to) {
		uint64_t w = map[from / 64] >> (from % 64);

		if (w)
			return MIN(to, from + (uint64_t)__ffs64(w));
		from = ALIGN_DOWN(from, 64) + 64;
	}
	return to;
}

/* First clear bit in [from, to), or @to. */
static uint64_t find_next_zero(const uint64_t *map, uint64_t from, uint64_t to)
{
	while (from < to) {
		uint64_t w = ~map[from / 64] >> (from % 64);

		if (w)
			return MIN(to, from + (uint64_t)__ffs64(w));
		from = ALIGN_DOWN(from, 64) + 64;
	}
	return to;
}

/* Mask of bits [lo, hi) within one word, 0 <= lo < hi <= 64. */
static uint64_t word_mask(unsigned int lo, unsigned int hi)
{
	uint64_t m = hi == 64 ? ~0ULL : (1ULL << hi) - 1;

	return m & ~((1ULL << lo) - 1);
}

/* Count the set bits of [from, to). */
static uint64_t count_set(const uint64_t *map, uint64_t from, uint64_t to)
{
	uint64_t n = 0;

	while (from < to) {
		unsigned int lo = from % 64;
		unsigned int hi = (unsigned int)MIN(64, lo + (to - from));

		n += hweight64(map[from / 64] & word_mask(lo, hi));
		from += hi - lo;
	}
	return n;
}

/* Set (or clear) bits [from, to). */
static void assign_bits(uint64_t *map, uint64_t from, uint64_t to, bool set)
{
	while (from < to) {
		unsigned int lo = from % 64;
		unsigned int hi = (unsigned int)MIN(64, lo + (to - from));
		uint64_t m = word_mask(lo, hi);

		map[from / 64] = set ? map[from / 64] | m : map[from / 64] & ~m;
		from += hi - lo;
	}
}

/* --- ranges ------------------------------------------------------------ */

static uint64_t bit_of(const struct bootmem_range *r, pfn_t pfn)
{
	return r->bit + (pfn - r->start);
}

/* Index of the range holding @pfn, or of the first range above it. */
static unsigned int range_at_or_after(const struct bootmem *bm, pfn_t pfn)
{
	unsigned int lo = 0, hi = bm->nr_ranges;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (bm->range[mid].end <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

static const struct bootmem_range *range_of(const struct bootmem *bm, pfn_t pfn)
{
	unsigned int i = range_at_or_after(bm, pfn);

	if (i < bm->nr_ranges && bm->range[i].start <= pfn)
		return &bm->range[i];
	return NULL;
}

static void check_live(const struct bootmem *bm, const char *what)
{
	if (bm->released)
		panic("bootmem: %s called after bootmem_release(): the page allocator owns memory now",
		      what);
}

int bootmem_pfn_nid(const struct bootmem *bm, pfn_t pfn)
{
	const struct bootmem_range *r;

	check_live(bm, "bootmem_pfn_nid");
	r = range_of(bm, pfn);
	return r ? r->nid : NUMA_NO_NODE;
}

bool bootmem_pfn_reserved(const struct bootmem *bm, pfn_t pfn)
{
	const struct bootmem_range *r;

	check_live(bm, "bootmem_pfn_reserved");
	r = range_of(bm, pfn);
	return r && bm->up && test_bit(bm->map, bit_of(r, pfn));
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
	unsigned int i;

	check_live(bm, "bootmem_add_range");
	if (bm->up)
		return -EBUSY;
	/* Page 0 never: its address would read as "nothing fits". */
	if (start == 0 || start >= end || nid < 0 || (unsigned int)nid >= bm->nr_nodes ||
	    end > (UINT64_MAX >> PAGE_SHIFT))
		return -EINVAL;
	i = range_at_or_after(bm, start);
	if (i < bm->nr_ranges && bm->range[i].start < end)
		return -EEXIST;

	/* Merge with a touching neighbour of the same node. */
	if (i > 0 && bm->range[i - 1].end == start && bm->range[i - 1].nid == nid) {
		bm->range[i - 1].end = end;
		if (i < bm->nr_ranges && bm->range[i].start == end && bm->range[i].nid == nid) {
			bm->range[i - 1].end = bm->range[i].end;
			memmove(&bm->range[i], &bm->range[i + 1],
				(bm->nr_ranges - i - 1) * sizeof(bm->range[0]));
			bm->nr_ranges--;
		}
		return 0;
	}
	if (i < bm->nr_ranges && bm->range[i].start == end && bm->range[i].nid == nid) {
		bm->range[i].start = start;
		return 0;
	}
	if (bm->nr_ranges == BOOTMEM_MAX_RANGES)
		return -ENOSPC;
	memmove(&bm->range[i + 1], &bm->range[i], (bm->nr_ranges - i) * sizeof(bm->range[0]));
	bm->range[i] = (struct bootmem_range){ .start = start, .end = end, .nid = nid };
	bm->nr_ranges++;
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

/*
 * Reserve (@set) or free page frames [start, end) of node @nid (or of any
 * node), range by range.  Frames outside registered RAM are skipped and
 * counted in *@absent.  With @exclusive, fail with -EBUSY, changing
 * nothing, if any frame is already reserved; when freeing, a frame that
 * is not reserved is a caller bug.
 */
static int mark(struct bootmem *bm, pfn_t start, pfn_t end, int nid, bool set,
		bool exclusive, uint64_t *absent)
{
	unsigned int first = range_at_or_after(bm, start), i;
	uint64_t covered = 0;

	if (exclusive || !set) {
		for (i = first; i < bm->nr_ranges && bm->range[i].start < end; i++) {
			const struct bootmem_range *r = &bm->range[i];
			pfn_t s = MAX(start, r->start), e = MIN(end, r->end);
			uint64_t n;

			if (nid != NUMA_ANY_NODE && r->nid != nid)
				continue;
			n = count_set(bm->map, bit_of(r, s), bit_of(r, e));
			if (set && n)
				return -EBUSY;
			if (!set && n != e - s)
				panic("bootmem: freeing [mem 0x%016lx-0x%016lx]: %lu pages of it are not reserved (double free?)",
				      PFN_PHYS(start), PFN_PHYS(end) - 1, (e - s) - n);
		}
	}
	for (i = first; i < bm->nr_ranges && bm->range[i].start < end; i++) {
		const struct bootmem_range *r = &bm->range[i];
		pfn_t s = MAX(start, r->start), e = MIN(end, r->end);
		uint64_t before;

		if (nid != NUMA_ANY_NODE && r->nid != nid)
			continue;
		covered += e - s;
		before = count_set(bm->map, bit_of(r, s), bit_of(r, e));
		assign_bits(bm->map, bit_of(r, s), bit_of(r, e), set);
		if (set)
			bm->free_pages[r->nid] -= (e - s) - before;
		else
			bm->free_pages[r->nid] += e - s;
		if (!set && bm->hint[r->nid] > s)
			bm->hint[r->nid] = s;
	}
	if (!set && bm->hint_any > start)
		bm->hint_any = start;
	if (absent)
		*absent = (end - start) - covered;
	return 0;
}

/* --- setup ------------------------------------------------------------- */

/* Give each range its slice; return the bits needed. */
static uint64_t lay_out_slices(struct bootmem *bm)
{
	uint64_t bit = 0;

	for (unsigned int i = 0; i < bm->nr_ranges; i++) {
		struct bootmem_range *r = &bm->range[i];

		if (i == 0 || bm->range[i - 1].end != r->start) {
			if (i > 0)
				bit++;                  /* at least one padding bit */
			bit += (r->start - bit) % 64;   /* bit = start (mod 64) */
		}
		r->bit = bit;
		bit += r->end - r->start;
	}
	return bit;
}

/* Does [s, e) (page frames) meet an early reservation?  Return its end
 * frame, or 0. */
static pfn_t early_conflict(const struct bootmem *bm, pfn_t s, pfn_t e)
{
	for (unsigned int i = 0; i < bm->nr_early; i++) {
		const struct bootmem_early_resv *x = &bm->early[i];

		if (PFN_DOWN(x->start) < e && s < PFN_UP(x->end))
			return PFN_UP(x->end);
	}
	return 0;
}

/* Lowest @n free frames of registered RAM at or above @floor. */
static pfn_t place_bitmap(const struct bootmem *bm, pfn_t n, pfn_t floor)
{
	for (unsigned int i = 0; i < bm->nr_ranges; i++) {
		const struct bootmem_range *r = &bm->range[i];
		pfn_t p = MAX(r->start, floor), past;

		while (p + n <= r->end) {
			past = early_conflict(bm, p, p + n);
			if (!past)
				return p;
			p = past;
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
	at = place_bitmap(bm, bytes >> PAGE_SHIFT, LOW_1M_PFN);
	if (at == NONE)
		at = place_bitmap(bm, bytes >> PAGE_SHIFT, 0);
	if (at == NONE || !bytes) {
		pr_err("no room for a %lu-byte bitmap in %u ranges of RAM\n", bytes, bm->nr_ranges);
		return -ENOMEM;
	}
	bm->map = bm->map_fn(PFN_PHYS(at), bytes);
	if (!bm->map)
		return -ENOMEM;
	bm->map_phys = PFN_PHYS(at);
	bm->map_bits = bits;
	bm->map_bytes = bytes;

	/* Everything reserved, then the registered RAM freed. */
	memset(bm->map, 0xff, bytes);
	for (unsigned int i = 0; i < bm->nr_ranges; i++) {
		const struct bootmem_range *r = &bm->range[i];

		assign_bits(bm->map, r->bit, bit_of(r, r->end), false);
		bm->free_pages[r->nid] += r->end - r->start;
	}
	bm->up = true;
	for (unsigned int i = 0; i < bm->nr_early; i++)
		mark(bm, PFN_DOWN(bm->early[i].start), PFN_UP(bm->early[i].end),
		     NUMA_ANY_NODE, true, false, NULL);
	mark(bm, at, at + (bytes >> PAGE_SHIFT), NUMA_ANY_NODE, true, false, NULL);
	return 0;
}

/* --- allocation -------------------------------------------------------- */

/*
 * First run of @n free frames, aligned to @a frames, inside [lo, hi) and
 * inside the ranges first..last, which must follow one another without
 * gaps in PFN and bit space (one "segment").  Returns the frame or NONE.
 */
static pfn_t search_segment(const struct bootmem *bm, unsigned int first,
			    unsigned int last, pfn_t lo, pfn_t hi, pfn_t n, pfn_t a)
{
	const struct bootmem_range *r = &bm->range[first];
	pfn_t end = MIN(hi, bm->range[last].end);
	pfn_t p = ALIGN_UP(MAX(lo, r->start), a);

	/* Within a segment, bit = r->bit + (pfn - r->start) throughout. */
	while (p < end && end - p >= n) {
		uint64_t b = bit_of(r, p);
		uint64_t set = find_next_set(bm->map, b, b + n);

		if (set == b + n)
			return p;
		p = r->start + (find_next_zero(bm->map, set + 1, bit_of(r, end)) - r->bit);
		p = ALIGN_UP(p, a);
	}
	return NONE;
}

/*
 * Search [lo, hi) for @n frames aligned to @a: in the ranges of @nid only,
 * or (NUMA_ANY_NODE) across touching ranges of any node.
 */
static pfn_t search(const struct bootmem *bm, int nid, pfn_t lo, pfn_t hi,
		    pfn_t n, pfn_t a)
{
	for (unsigned int i = range_at_or_after(bm, lo);
	     i < bm->nr_ranges && bm->range[i].start < hi; i++) {
		unsigned int j = i;
		pfn_t p;

		if (nid != NUMA_ANY_NODE) {
			if (bm->range[i].nid != nid)
				continue;
		} else {
			while (j + 1 < bm->nr_ranges && bm->range[j + 1].start == bm->range[j].end)
				j++;
		}
		p = search_segment(bm, i, j, lo, hi, n, a);
		if (p != NONE)
			return p;
		i = j;
	}
	return NONE;
}

/*
 * One node (or any), with the goal and hint rules of 2.6.27: start at the
 * hint when it lies above the start, fall back to the start, and drop the
 * goal when nothing fits above it.
 */
static pfn_t alloc_node(struct bootmem *bm, int nid, pfn_t n, pfn_t a,
			pfn_t goal, pfn_t lo, pfn_t hi)
{
	pfn_t start = MAX(goal, lo);
	pfn_t hint = nid == NUMA_ANY_NODE ? bm->hint_any : bm->hint[nid];
	pfn_t p = NONE;

	if (hint > start && hint < hi) {
		p = search(bm, nid, hint, hi, n, a);
		/* Below the hint: only runs that start there are new. */
		if (p == NONE)
			p = search(bm, nid, start, MIN(hi, hint + n + a), n, a);
	} else {
		p = search(bm, nid, start, hi, n, a);
	}
	if (p == NONE && start > lo)
		p = search(bm, nid, lo, hi, n, a);
	return p;
}

/* Nodes by distance from @nid, nearest first, ties by id; @nid excluded. */
static unsigned int nearest_nodes(const struct bootmem *bm, int nid, int *out)
{
	unsigned int k = 0;

	for (unsigned int n = 0; n < bm->nr_nodes; n++) {
		unsigned int d, j;

		if ((int)n == nid)
			continue;
		d = bm->distance ? bm->distance[nid][n] : REMOTE_DISTANCE;
		for (j = k; j > 0; j--) {
			int m = out[j - 1];
			unsigned int dm = bm->distance ? bm->distance[nid][m] : REMOTE_DISTANCE;

			if (dm <= d)
				break;
			out[j] = m;
		}
		out[j] = (int)n;
		k++;
	}
	return k;
}

/*
 * The partly used page the previous allocation ended in, if a request of
 * @size at @align fits there and the page suits @nid and [lo, hi): the
 * address to start at, else 0.  Only for requests that share that page
 * with the run found right after it (@p), as 2.6.27's bootmem did.
 */
static phys_addr_t merge_start(const struct bootmem *bm, pfn_t p, uint64_t size,
			       uint64_t align, int nid, phys_addr_t lo, phys_addr_t hi)
{
	phys_addr_t last = bm->last_end, start;
	pfn_t lp = PFN_DOWN(last);

	if (size >= PAGE_SIZE || !last || IS_ALIGNED(last, PAGE_SIZE) || lp + 1 != p)
		return 0;
	if (!bootmem_pfn_reserved(bm, lp) ||
	    (nid != NUMA_ANY_NODE && bootmem_pfn_nid(bm, lp) != nid))
		return 0;
	start = ALIGN_UP(last, align);
	if (PFN_DOWN(start) != lp || start < lo || (hi && start + size > hi))
		return 0;
	return start;
}

phys_addr_t bootmem_alloc_try_nid(struct bootmem *bm, uint64_t size, uint64_t align,
				  phys_addr_t min_addr, phys_addr_t max_addr,
				  int nid, unsigned int flags)
{
	int order[MAX_NUMNODES + 1];
	unsigned int tries = 0;
	pfn_t n, a, lo, hi, p = NONE;
	phys_addr_t start;
	int got = NUMA_ANY_NODE;

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
	lo = 0;
	hi = max_addr ? PFN_DOWN(max_addr) : NONE;
	if (min_addr >= (max_addr ? max_addr : UINT64_MAX))
		min_addr = 0;

	if (nid != NUMA_ANY_NODE) {
		order[tries++] = nid;
		if (!(flags & BOOTMEM_EXACT_NODE)) {
			tries += nearest_nodes(bm, nid, order + tries);
			order[tries++] = NUMA_ANY_NODE;
		}
	} else {
		order[tries++] = NUMA_ANY_NODE;
	}
	for (unsigned int t = 0; t < tries && p == NONE; t++) {
		got = order[t];
		p = alloc_node(bm, got, n, a, PFN_DOWN(min_addr), lo, hi);
	}
	bm_trace(bm, "alloc size=%#lx align=%#lx goal=%#lx limit=%#lx nid=%d%s -> %s %#lx\n",
		 size, align, min_addr, max_addr, nid,
		 flags & BOOTMEM_EXACT_NODE ? " exact" : "",
		 p == NONE ? "none" : "pfn", p == NONE ? 0 : p);
	if (p == NONE)
		return 0;

	/* The shared page must be on the node the run was found on. */
	start = merge_start(bm, p, size, align, got, min_addr, max_addr);
	if (start) {
		/* The new pages are those past the shared one. */
		mark(bm, p, PFN_UP(start + size), NUMA_ANY_NODE, true, false, NULL);
	} else {
		start = PFN_PHYS(p);
		mark(bm, p, p + n, NUMA_ANY_NODE, true, false, NULL);
	}
	bm->last_end = start + size;
	if (got != NUMA_ANY_NODE)
		bm->hint[got] = PFN_UP(start + size);
	bm->hint_any = PFN_UP(start + size);
	if (!(flags & BOOTMEM_RAW))
		memset(bm->map_fn(start, size), 0, size);
	return start;
}

void bootmem_free(struct bootmem *bm, phys_addr_t addr, uint64_t size)
{
	pfn_t s = PFN_UP(addr), e = PFN_DOWN(addr + size);
	uint64_t absent = 0;

	check_live(bm, "bootmem_free");
	BUG_ON(!bm->up);
	bm_trace(bm, "free [mem 0x%016lx-0x%016lx]\n", addr, addr + size - 1);
	if (s >= e)
		return;
	mark(bm, s, e, NUMA_ANY_NODE, false, false, &absent);
	if (absent)
		panic("bootmem: freeing [mem 0x%016lx-0x%016lx]: %lu pages of it are not RAM",
		      addr, addr + size - 1, absent);
	if (PFN_DOWN(bm->last_end) >= s && PFN_DOWN(bm->last_end) < e)
		bm->last_end = 0;
}

int bootmem_reserve(struct bootmem *bm, phys_addr_t addr, uint64_t size,
		    unsigned int flags)
{
	int err;

	check_live(bm, "bootmem_reserve");
	BUG_ON(!bm->up);
	err = mark(bm, PFN_DOWN(addr), PFN_UP(addr + size), NUMA_ANY_NODE, true,
		   flags & BOOTMEM_EXCLUSIVE, NULL);
	bm_trace(bm, "reserve [mem 0x%016lx-0x%016lx]%s -> %d\n", addr, addr + size - 1,
		 flags & BOOTMEM_EXCLUSIVE ? " exclusive" : "", err);
	return err;
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
	pfn_t map_e = map_s + (bm->map_bytes >> PAGE_SHIFT);
	uint64_t total = 0;

	check_live(bm, "bootmem_release");
	BUG_ON(!bm->up);
	for (unsigned int nid = 0; nid < bm->nr_nodes; nid++) {
		for (unsigned int i = 0; i < bm->nr_ranges; i++) {
			const struct bootmem_range *r = &bm->range[i];
			uint64_t b = r->bit, end = bit_of(r, r->end);

			if (r->nid != (int)nid)
				continue;
			while ((b = find_next_zero(bm->map, b, end)) < end) {
				uint64_t z = find_next_set(bm->map, b, end);

				total += give_blocks(r->start + (b - r->bit), r->start + (z - r->bit),
						     max_order, r->nid, give, ctx);
				b = z;
			}
		}
	}
	/* The bitmap's own pages last: it is not read any more. */
	for (pfn_t p = map_s; p < map_e;) {
		const struct bootmem_range *r = range_of(bm, p);
		pfn_t e = MIN(map_e, r->end);

		total += give_blocks(p, e, max_order, r->nid, give, ctx);
		p = e;
	}
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
		const struct bootmem_range *r = &bm->range[i];

		pr_info("  node %3d: [mem 0x%016lx-0x%016lx] bits %lu-%lu\n", r->nid,
			PFN_PHYS(r->start), PFN_PHYS(r->end) - 1, r->bit, bit_of(r, r->end) - 1);
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

static void *alloc_virt(int nid, uint64_t size, uint64_t align, phys_addr_t goal,
			phys_addr_t limit, bool nopanic, const char *what)
{
	phys_addr_t pa = bootmem_alloc_try_nid(bootmem_kernel, size, align, goal, limit, nid, 0);

	if (pa)
		return bootmem_kernel->map_fn(pa, size);
	if (!nopanic)
		panic("%s: out of memory: %lu bytes, align %#lx, goal %#lx, limit %#lx, node %d",
		      what, size, align, goal, limit, nid);
	return NULL;
}

void *__alloc_bootmem(uint64_t size, uint64_t align, phys_addr_t goal)
{
	return alloc_virt(NUMA_ANY_NODE, size, align, goal, 0, false, "alloc_bootmem");
}

void *__alloc_bootmem_nopanic(uint64_t size, uint64_t align, phys_addr_t goal)
{
	return alloc_virt(NUMA_ANY_NODE, size, align, goal, 0, true, "alloc_bootmem");
}

void *__alloc_bootmem_node(int nid, uint64_t size, uint64_t align, phys_addr_t goal)
{
	return alloc_virt(nid, size, align, goal, 0, false, "alloc_bootmem_node");
}

void *__alloc_bootmem_node_nopanic(int nid, uint64_t size, uint64_t align, phys_addr_t goal)
{
	return alloc_virt(nid, size, align, goal, 0, true, "alloc_bootmem_node");
}

void *__alloc_bootmem_low(uint64_t size, uint64_t align, phys_addr_t goal)
{
	return alloc_virt(NUMA_ANY_NODE, size, align, goal, BOOTMEM_LOW_LIMIT, false,
			  "alloc_bootmem_low");
}

void *__alloc_bootmem_low_node(int nid, uint64_t size, uint64_t align, phys_addr_t goal)
{
	return alloc_virt(nid, size, align, goal, BOOTMEM_LOW_LIMIT, false,
			  "alloc_bootmem_low_node");
}

void free_bootmem(phys_addr_t addr, uint64_t size)
{
	bootmem_free(bootmem_kernel, addr, size);
}

void free_bootmem_node(int nid, phys_addr_t addr, uint64_t size)
{
	pfn_t s = PFN_UP(addr), e = PFN_DOWN(addr + size);

	for (pfn_t p = s; p < e; p++)
		BUG_ON(bootmem_pfn_nid(bootmem_kernel, p) != nid);
	bootmem_free(bootmem_kernel, addr, size);
}

int reserve_bootmem(phys_addr_t addr, uint64_t size, unsigned int flags)
{
	return bootmem_reserve(bootmem_kernel, addr, size, flags);
}

int reserve_bootmem_node(int nid, phys_addr_t addr, uint64_t size, unsigned int flags)
{
	check_live(bootmem_kernel, "reserve_bootmem_node");
	BUG_ON(!bootmem_kernel->up);
	return mark(bootmem_kernel, PFN_DOWN(addr), PFN_UP(addr + size), nid, true,
		    flags & BOOTMEM_EXCLUSIVE, NULL);
}
