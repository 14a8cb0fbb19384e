/*
 * mm/range.h - tables of node ranges: page frames [start, end) of a node,
 * kept sorted by address.  One set of helpers for the three tables that
 * need them: the topology's node ranges (mm/numa.c), bootmem's registered
 * ranges (mm/bootmem.c) and the union of the early reservations
 * (kernel/mm_init.c).
 *
 * Tables are small (MAX_NODE_RANGES at most): sorting is an insertion
 * sort, lookups a binary search.  Portable.
 */
#ifndef MM_RANGE_H
#define MM_RANGE_H

#include "kernel/compiler.h"
#include "kernel/types.h"

/* RAM of one node: page frames [start, end). */
struct node_range {
	pfn_t start, end;
	int nid;
};

/* Index of the first range of sorted, disjoint @r[0..@nr) that ends above
 * @pfn: the range holding it, or the first one above it (@nr if none). */
static inline unsigned int range_index(const struct node_range *r, unsigned int nr, pfn_t pfn)
{
	unsigned int lo = 0, hi = nr;

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (r[mid].end <= pfn)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The range of sorted, disjoint @r[0..@nr) holding @pfn, or NULL. */
static inline const struct node_range *range_find(const struct node_range *r, unsigned int nr,
						  pfn_t pfn)
{
	unsigned int i = range_index(r, nr, pfn);

	return i < nr && r[i].start <= pfn ? &r[i] : NULL;
}

/* Sort @r[0..@nr) by start and merge ranges of one node that touch or
 * overlap; return the new count. */
static inline unsigned int range_sort_merge(struct node_range *r, unsigned int nr)
{
	unsigned int out = 0;

	for (unsigned int i = 1; i < nr; i++) {
		struct node_range x = r[i];
		unsigned int j = i;

		for (; j > 0 && r[j - 1].start > x.start; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
	for (unsigned int i = 0; i < nr; i++) {
		if (out && r[out - 1].nid == r[i].nid && r[i].start <= r[out - 1].end)
			r[out - 1].end = MAX(r[out - 1].end, r[i].end);
		else
			r[out++] = r[i];
	}
	return out;
}

/* Page frames of [@s, @e) that sorted, disjoint @r[0..@nr) hold. */
static inline uint64_t range_overlap(const struct node_range *r, unsigned int nr, pfn_t s, pfn_t e)
{
	uint64_t n = 0;

	for (unsigned int i = range_index(r, nr, s); i < nr && r[i].start < e; i++)
		n += MIN(e, r[i].end) - MAX(s, r[i].start);
	return n;
}

#endif
