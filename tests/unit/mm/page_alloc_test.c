/*
 * tests/unit/mm/page_alloc_test.c - the page allocator (mm/page_alloc.c):
 * per-node buddy allocators with zones, fallback orders, lazy metadata.
 *
 * Each case builds a struct numa_topology by hand (mm/numa.c is linked in
 * for numa_pfn_to_nid()), backs the vmemmap with host memory and feeds
 * free RAM with page_alloc_add_free() in naturally aligned blocks, the way
 * bootmem_release() does.  The vmemmap is mapped the way the kernel maps
 * it: readable only where RAM is (the host pages holding no RAM pfn's
 * struct page are PROT_NONE), and filled with 0x5a there, since real
 * machines do not hand out zeroed RAM and the allocator must only read
 * metadata it initialized.
 *
 * Expectations come from the input and from the rules the header and
 * mm/page_alloc.c document: a free block is a naturally aligned 2^k pages,
 * buddies merge when both are free and lie in one node and one zone;
 * zones end at 16 MiB (DMA) and 4 GiB (DMA32); fallback orders follow
 * Linux's find_next_best_node(), and on the QEMU machine of the firmware
 * corpus (/work/shared/firmware) they must equal Linux's own lines.
 *
 * Diagrams draw page frames left to right:
 *
 *   RAM     |=====|      RAM of a node (anything else is a hole)
 *   fed     [ o3  )      a block given with page_alloc_add_free(), order 3
 *   lists   [ o3  )      a free block on the lists afterwards
 *   taken   |x|          pages handed out
 *
 * The randomized test checks every step against a byte-per-page model;
 * set TEST_SEED to replay another run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cmocka.h>

#include "kernel/compiler.h"
#include "mm/numa.h"
#include "mm/page_alloc.h"
#include "tests/unit/stubs/stubs.h"

#define MIB(x)          ((pfn_t)(x) * (SZ_1M >> PAGE_SHIFT))  /* pfn of x MiB */
#define GIB(x)          ((pfn_t)(x) * (SZ_1G >> PAGE_SHIFT))  /* pfn of x GiB */
#define POISON          0x5a

/* --- fixtures -------------------------------------------------------------- */

struct fixture {
	struct numa_topology t;
	struct page_alloc pa;
	struct page *vmemmap;
	size_t vmemmap_bytes;
	uint64_t *chunk_init;
	pfn_t max_pfn;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	stub_log_reset();
	*state = f;
	return 0;
}

static void unmap(struct fixture *f)
{
	if (f->vmemmap)
		munmap(f->vmemmap, f->vmemmap_bytes);
	free(f->chunk_init);
	f->vmemmap = NULL;
	f->chunk_init = NULL;
}

static int teardown(void **state)
{
	unmap(*state);
	free(*state);
	return 0;
}

/* --- building the machine -------------------------------------------------- */

/* @n nodes, 10 to itself and 20 to the others, no CPUs, no RAM yet. */
static void nodes(struct fixture *f, unsigned int n)
{
	memset(&f->t, 0, sizeof(f->t));
	f->t.nr_nodes = n;
	for (unsigned int a = 0; a < n; a++)
		for (unsigned int b = 0; b < n; b++)
			f->t.distance[a][b] = a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

/* RAM [@s, @e) of node @nid; ranges are added in address order. */
static void ram(struct fixture *f, pfn_t s, pfn_t e, int nid)
{
	struct numa_topology *t = &f->t;

	assert_true(s < e && t->nr_ranges < MAX_NODE_RANGES);
	assert_true(!t->nr_ranges || t->range[t->nr_ranges - 1].end <= s);
	t->range[t->nr_ranges++] = (struct node_range){ s, e, nid };
}

/*
 * The vmemmap as the kernel maps it - host pages holding a RAM pfn's
 * struct page readable and poisoned, the rest PROT_NONE - a zeroed chunk
 * bitmap, and page_alloc_init().
 */
static void start(struct fixture *f)
{
	const struct numa_topology *t = &f->t;
	size_t host = (size_t)sysconf(_SC_PAGESIZE), words;

	unmap(f);
	f->max_pfn = t->range[t->nr_ranges - 1].end;
	f->vmemmap_bytes = ALIGN_UP(f->max_pfn * sizeof(struct page), host);
	f->vmemmap = mmap(NULL, f->vmemmap_bytes, PROT_NONE,
			  MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	assert_true(f->vmemmap != MAP_FAILED);
	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		uintptr_t s = (uintptr_t)(f->vmemmap + t->range[i].start);
		uintptr_t e = (uintptr_t)(f->vmemmap + t->range[i].end);
		uintptr_t hs = ALIGN_DOWN(s, host), he = ALIGN_UP(e, host);

		assert_int_equal(mprotect((void *)hs, he - hs, PROT_READ | PROT_WRITE), 0);
		memset((void *)s, POISON, e - s);
	}
	words = DIV_ROUND_UP(f->max_pfn, (pfn_t)VMEMMAP_CHUNK_PAGES * 64);
	f->chunk_init = calloc(words, sizeof(uint64_t));
	assert_non_null(f->chunk_init);
	page_alloc_init(&f->pa, t, f->vmemmap, f->chunk_init);
}

/* Give [s, e) to the allocator in naturally aligned blocks of at most
 * 2^MAX_ORDER pages, largest first, as bootmem_release() does. */
static void feed(struct fixture *f, pfn_t s, pfn_t e)
{
	while (s < e) {
		unsigned int order = s ? MIN((unsigned int)__builtin_ctzll(s), MAX_ORDER)
				       : MAX_ORDER;

		while (s + (1ULL << order) > e)
			order--;
		page_alloc_add_free(&f->pa, s, order);
		s += 1ULL << order;
	}
}

/* --- looking at the free lists --------------------------------------------- */

static pfn_t next_of(const struct page *p)
{
	return p->next_lo | (pfn_t)p->next_hi << 32;
}

static uint64_t nr_free(const struct fixture *f, int nid, int z, unsigned int order)
{
	return f->pa.node[nid].zones[z].area[order].nr_free;
}

/* Whether the block of 2^@order pages at @pfn is on its free list. */
static bool listed(const struct fixture *f, int nid, int z, pfn_t pfn, unsigned int order)
{
	for (pfn_t p = f->pa.node[nid].zones[z].area[order].head; p != PFN_NIL;
	     p = next_of(&f->vmemmap[p]))
		if (p == pfn)
			return true;
	return false;
}

/* Node @nid zone @z holds exactly the blocks @pfn[i] of order @ord[i]. */
static void assert_lists(const struct fixture *f, int nid, int z, const pfn_t *pfn,
			 const unsigned int *ord, unsigned int n)
{
	uint64_t want[NR_ORDERS] = { 0 };

	for (unsigned int i = 0; i < n; i++) {
		want[ord[i]]++;
		if (!listed(f, nid, z, pfn[i], ord[i]))
			fail_msg("node %d zone %d: no free block of order %u at pfn %#lx",
				 nid, z, ord[i], pfn[i]);
	}
	for (unsigned int o = 0; o < NR_ORDERS; o++)
		if (nr_free(f, nid, z, o) != want[o])
			fail_msg("node %d zone %d order %u: %lu free blocks, want %lu",
				 nid, z, o, nr_free(f, nid, z, o), want[o]);
}

#define LISTS(f, nid, z, ...)                                                   \
	do {                                                                    \
		const struct { pfn_t pfn; unsigned int order; } b_[] = { __VA_ARGS__ }; \
		pfn_t p_[ARRAY_SIZE(b_)];                                       \
		unsigned int o_[ARRAY_SIZE(b_)];                                \
		for (size_t i_ = 0; i_ < ARRAY_SIZE(b_); i_++) {                \
			p_[i_] = b_[i_].pfn;                                    \
			o_[i_] = b_[i_].order;                                  \
		}                                                               \
		assert_lists(f, nid, z, p_, o_, ARRAY_SIZE(b_));                \
	} while (0)

static void assert_healthy(struct fixture *f)
{
	stub_log_reset();
	if (page_alloc_check(&f->pa))
		fail_msg("page_alloc_check() found problems:\n%s", stub_log());
}

static pfn_t alloc_pfn(struct fixture *f, int nid, gfp_t gfp, unsigned int order)
{
	struct page *p = alloc_pages_node(&f->pa, nid, gfp, order);

	assert_non_null(p);
	return page_to_pfn(&f->pa, p);
}

static void free_pfn(struct fixture *f, pfn_t pfn, unsigned int order)
{
	__free_pages(&f->pa, pfn_to_page(&f->pa, pfn), order);
}

/* --- random numbers (splitmix64; TEST_SEED replays a run) ------------------- */

/* TEST_SEED, or a fixed seed so that `make test` is repeatable. */
static uint64_t base_seed(void)
{
	return stub_seed(0x62756464ULL);
}

/* --- split and merge ------------------------------------------------------- */

/*
 * For every order k, one block of 2^k pages is all the free memory:
 *
 *   RAM     |=============================================|  1 GiB, DMA32
 *   fed     [ ok )                                            at 1 GiB
 *   taken   |x|x|x|...|x|      2^k pages, one at a time, in address order
 *   freed   up; down; evens then odds; shuffled
 *   lists   [ ok )             after each way, one block again
 *
 * Then the block is taken as one block of each order k-1 .. 0 and one
 * more page, and these are freed in a random order.
 */
static void test_split_merge_every_order(void **state)
{
	struct fixture *f = *state;
	const pfn_t base = GIB(1);
	uint64_t seed = base_seed();
	static pfn_t got[1 << MAX_ORDER];
	unsigned int ord[MAX_ORDER + 2];

	nodes(f, 1);
	ram(f, base, base + (1ULL << MAX_ORDER), 0);
	for (unsigned int k = 0; k <= MAX_ORDER; k++) {
		pfn_t n = 1ULL << k;

		start(f);
		page_alloc_add_free(&f->pa, base, k);
		LISTS(f, 0, ZONE_DMA32, { base, k });
		for (unsigned int way = 0; way < 4; way++) {
			for (pfn_t i = 0; i < n; i++) {
				got[i] = alloc_pfn(f, 0, GFP_KERNEL, 0);
				assert_true(got[i] >= base && got[i] < base + n);
			}
			assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, 0));
			assert_int_equal(page_alloc_free_pages(&f->pa, 0, MAX_NR_ZONES), 0);
			/* Distinct pages: sort them (they are a permutation). */
			for (pfn_t i = 0; i < n; i++)
				while (got[i] != base + i) {
					pfn_t j = got[i] - base, tmp = got[j];

					assert_true(tmp != got[i]);
					got[j] = got[i];
					got[i] = tmp;
				}
			if (way == 1)
				for (pfn_t i = 0; i < n / 2; i++) {
					pfn_t tmp = got[i];

					got[i] = got[n - 1 - i];
					got[n - 1 - i] = tmp;
				}
			if (way == 2)
				for (pfn_t i = 0; i < n; i++)
					got[i] = base + (i < (n + 1) / 2 ? 2 * i : 2 * (i - (n + 1) / 2) + 1);
			if (way == 3)
				for (pfn_t i = n; i > 1; i--) {
					pfn_t j = stub_rnd(&seed) % i, tmp = got[i - 1];

					got[i - 1] = got[j];
					got[j] = tmp;
				}
			for (pfn_t i = 0; i < n; i++)
				free_pfn(f, got[i], 0);
			LISTS(f, 0, ZONE_DMA32, { base, k });
			assert_healthy(f);
		}

		/* One block of each order below k, and a page. */
		for (unsigned int o = 0; o < k; o++) {
			ord[o] = k - 1 - o;
			got[o] = alloc_pfn(f, 0, GFP_KERNEL, ord[o]);
			assert_true(IS_ALIGNED(got[o], 1ULL << ord[o]));
		}
		ord[k] = 0;
		got[k] = alloc_pfn(f, 0, GFP_KERNEL, 0);
		assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, 0));
		for (unsigned int i = k + 1; i > 1; i--) {
			unsigned int j = stub_rnd_below(&seed, i), to = ord[i - 1];
			pfn_t tp = got[i - 1];

			got[i - 1] = got[j];
			ord[i - 1] = ord[j];
			got[j] = tp;
			ord[j] = to;
		}
		for (unsigned int i = 0; i <= k; i++)
			free_pfn(f, got[i], ord[i]);
		LISTS(f, 0, ZONE_DMA32, { base, k });
		assert_healthy(f);
	}
}

/* --- zones ----------------------------------------------------------------- */

/*
 * A block fed across 16 MiB is split there, and the halves never merge:
 *
 *            0            16M          32M                      64M
 *   RAM      |=========================================================|
 *   fed      [                        o14                              )
 *   lists    [  o12 DMA   )[ o12 DMA32 )[          o13 DMA32           )
 *
 * __GFP_DMA takes only DMA pages; GFP_KERNEL and __GFP_DMA32 take DMA32
 * first and DMA only when DMA32 is used up.
 */
static void test_zone_dma(void **state)
{
	struct fixture *f = *state;
	const pfn_t dma = ZONE_DMA_END_PFN;
	pfn_t p;

	assert_int_equal(dma, MIB(16));
	nodes(f, 1);
	ram(f, 0, MIB(64), 0);
	start(f);
	feed(f, 0, MIB(64));
	LISTS(f, 0, ZONE_DMA, { 0, 12 });
	LISTS(f, 0, ZONE_DMA32, { dma, 12 }, { 2 * dma, 13 });
	assert_int_equal(page_alloc_free_pages(&f->pa, 0, ZONE_DMA), dma);
	assert_int_equal(page_alloc_free_pages(&f->pa, 0, ZONE_DMA32), 3 * dma);
	assert_int_equal(page_alloc_free_pages(&f->pa, 0, ZONE_NORMAL), 0);
	assert_int_equal(f->pa.node[0].zones[ZONE_DMA].managed, dma);
	assert_int_equal(f->pa.node[0].zones[ZONE_DMA32].managed, 3 * dma);
	assert_healthy(f);

	/* All of DMA, a page at a time, then nothing more for __GFP_DMA. */
	for (pfn_t i = 0; i < dma; i++)
		assert_true(alloc_pfn(f, 0, __GFP_DMA, 0) < dma);
	assert_null(alloc_pages_node(&f->pa, 0, __GFP_DMA, 0));
	assert_int_equal(page_alloc_free_pages(&f->pa, 0, ZONE_DMA32), 3 * dma);
	for (pfn_t i = 0; i < dma; i++)
		free_pfn(f, i, 0);
	LISTS(f, 0, ZONE_DMA, { 0, 12 });
	LISTS(f, 0, ZONE_DMA32, { dma, 12 }, { 2 * dma, 13 });

	/* No DMA block of order 13 exists, even though pages 0-8191 are free. */
	assert_null(alloc_pages_node(&f->pa, 0, __GFP_DMA, 13));

	/* GFP_KERNEL and __GFP_DMA32 keep DMA for last. */
	p = alloc_pfn(f, 0, GFP_KERNEL, 13);
	assert_int_equal(p, 2 * dma);
	p = alloc_pfn(f, 0, __GFP_DMA32, 12);
	assert_int_equal(p, dma);
	p = alloc_pfn(f, 0, __GFP_DMA32, 0);
	assert_true(p < dma);
	free_pfn(f, p, 0);
	free_pfn(f, dma, 12);
	free_pfn(f, 2 * dma, 13);
	LISTS(f, 0, ZONE_DMA, { 0, 12 });
	LISTS(f, 0, ZONE_DMA32, { dma, 12 }, { 2 * dma, 13 });
	assert_healthy(f);
}

/*
 * 4 GiB: no naturally aligned block of at most 2^MAX_ORDER pages can
 * straddle it (it is 2^20 pages), so feeding [3G, 5G) gives one 1 GiB
 * block on each side; and two 2 MiB blocks touching at 4 GiB:
 *
 *            3G                  4G                   5G
 *   RAM      |=======================================|
 *   lists    [     o18 DMA32     )[    o18 Normal     )
 *
 *            4G-2M     4G      4G+2M
 *   RAM      |=================|
 *   lists    [o9 DMA32)[o9 Nor )
 *
 * __GFP_DMA32 never gets a page at or above 4 GiB; GFP_KERNEL takes
 * Normal first.
 */
static void test_zone_dma32(void **state)
{
	struct fixture *f = *state;
	const pfn_t g4 = ZONE_DMA32_END_PFN;

	assert_int_equal(g4, GIB(4));
	nodes(f, 1);
	ram(f, GIB(3), GIB(5), 0);
	start(f);
	feed(f, GIB(3), GIB(5));
	LISTS(f, 0, ZONE_DMA32, { GIB(3), 18 });
	LISTS(f, 0, ZONE_NORMAL, { g4, 18 });
	assert_int_equal(alloc_pfn(f, 0, GFP_KERNEL, 18), g4);
	assert_null(alloc_pages_node(&f->pa, 0, __GFP_DMA, 0));
	assert_int_equal(alloc_pfn(f, 0, GFP_KERNEL, 18), GIB(3));
	assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, 0));
	free_pfn(f, g4, 18);
	assert_null(alloc_pages_node(&f->pa, 0, __GFP_DMA32, 0));
	free_pfn(f, GIB(3), 18);
	assert_true(alloc_pfn(f, 0, __GFP_DMA32, 5) < g4);
	assert_true(alloc_pfn(f, 0, GFP_KERNEL, 5) >= g4);

	nodes(f, 1);
	ram(f, g4 - MIB(2), g4 + MIB(2), 0);
	start(f);
	feed(f, g4 - MIB(2), g4 + MIB(2));
	LISTS(f, 0, ZONE_DMA32, { g4 - MIB(2), 9 });
	LISTS(f, 0, ZONE_NORMAL, { g4, 9 });
	for (pfn_t i = 0; i < MIB(2); i++)
		assert_true(alloc_pfn(f, 0, GFP_KERNEL, 0) >= g4);
	for (pfn_t i = 0; i < MIB(2); i++)
		assert_true(alloc_pfn(f, 0, GFP_KERNEL, 0) < g4);
	assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, 0));
	for (pfn_t p = g4 - MIB(2); p < g4 + MIB(2); p++)
		free_pfn(f, p, 0);
	LISTS(f, 0, ZONE_DMA32, { g4 - MIB(2), 9 });
	LISTS(f, 0, ZONE_NORMAL, { g4, 9 });
	assert_healthy(f);
}

/* --- nodes and holes ------------------------------------------------------- */

/*
 * Two nodes touching at a boundary that is not aligned to the blocks
 * around it; the o8 blocks at +0x200 and +0x300 are buddies, but of two
 * nodes, so they never merge (B = 32 MiB, in DMA32):
 *
 *   pfn      B              +0x200  +0x300  +0x400                 +0x800
 *   RAM      |======= node 0 =======|============ node 1 =============|
 *   fed      [      o9      )[  o8  )[  o8  )[          o10           )
 *
 * Everything is taken a page at a time from each node under
 * __GFP_THISNODE and given back; the lists are as fed.
 */
static void test_no_merge_across_nodes(void **state)
{
	struct fixture *f = *state;
	const pfn_t b = MIB(32);

	nodes(f, 2);
	ram(f, b, b + 0x300, 0);
	ram(f, b + 0x300, b + 0x800, 1);
	start(f);
	feed(f, b, b + 0x300);
	feed(f, b + 0x300, b + 0x800);
	LISTS(f, 0, ZONE_DMA32, { b, 9 }, { b + 0x200, 8 });
	LISTS(f, 1, ZONE_DMA32, { b + 0x300, 8 }, { b + 0x400, 10 });
	assert_int_equal(page_alloc_free_pages(&f->pa, 0, MAX_NR_ZONES), 0x300);
	assert_int_equal(page_alloc_free_pages(&f->pa, 1, MAX_NR_ZONES), 0x500);
	for (int nid = 0; nid < 2; nid++) {
		pfn_t s = nid ? b + 0x300 : b, e = nid ? b + 0x800 : b + 0x300;

		for (pfn_t i = s; i < e; i++) {
			pfn_t p = alloc_pfn(f, nid, __GFP_THISNODE, 0);

			assert_true(p >= s && p < e);
		}
		assert_null(alloc_pages_node(&f->pa, nid, __GFP_THISNODE, 0));
	}
	for (pfn_t p = b; p < b + 0x800; p++)
		free_pfn(f, p, 0);
	LISTS(f, 0, ZONE_DMA32, { b, 9 }, { b + 0x200, 8 });
	LISTS(f, 1, ZONE_DMA32, { b + 0x300, 8 }, { b + 0x400, 10 });
	assert_healthy(f);
}

/*
 * Holes: the buddy of the o8 block at +0x300 is the hole at +0x200 (whose
 * struct pages are not even mapped), the buddy of the o8 block at B is
 * the o7 block at +0x100, which ends at the hole (H = 32 MiB):
 *
 *   pfn      H       +0x100  +0x180          +0x300  +0x400
 *   RAM      |===============|               |=======|
 *   fed      [  o8   )[  o7  )     hole      [  o8   )
 */
static void test_no_merge_across_holes(void **state)
{
	struct fixture *f = *state;
	const pfn_t h = MIB(32);

	nodes(f, 1);
	ram(f, h, h + 0x180, 0);
	ram(f, h + 0x300, h + 0x400, 0);
	start(f);
	feed(f, h, h + 0x180);
	feed(f, h + 0x300, h + 0x400);
	LISTS(f, 0, ZONE_DMA32, { h, 8 }, { h + 0x100, 7 }, { h + 0x300, 8 });
	for (pfn_t i = 0; i < 0x280; i++) {
		pfn_t p = alloc_pfn(f, 0, GFP_KERNEL, 0);

		assert_true((p >= h && p < h + 0x180) || (p >= h + 0x300 && p < h + 0x400));
	}
	assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, 0));
	for (pfn_t p = h + 0x400; p-- > h;)
		if (p < h + 0x180 || p >= h + 0x300)
			free_pfn(f, p, 0);
	LISTS(f, 0, ZONE_DMA32, { h, 8 }, { h + 0x100, 7 }, { h + 0x300, 8 });
	assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, 9));
	assert_healthy(f);
}

/*
 * __GFP_THISNODE never falls back, not even for the zone the other node
 * has (node 0 holds no DMA):
 *
 *   pfn      0          16M        32M                 64M
 *   RAM      |== node 1 ==|== node 1 ==|===== node 0 =====|
 *   fed      [ o12 DMA    )[ o12 DMA32 )[    o13 DMA32    )
 */
static void test_thisnode(void **state)
{
	struct fixture *f = *state;

	nodes(f, 2);
	ram(f, 0, MIB(32), 1);
	ram(f, MIB(32), MIB(64), 0);
	start(f);
	feed(f, 0, MIB(32));
	feed(f, MIB(32), MIB(64));
	assert_null(alloc_pages_node(&f->pa, 0, __GFP_DMA | __GFP_THISNODE, 0));
	assert_true(alloc_pfn(f, 0, __GFP_DMA, 0) < MIB(16));
	assert_null(alloc_pages_node(&f->pa, 0, __GFP_THISNODE, 14));
	assert_int_equal(alloc_pfn(f, 0, __GFP_THISNODE, 13), MIB(32));
	assert_null(alloc_pages_node(&f->pa, 0, __GFP_THISNODE, 0));
	assert_null(alloc_pages_node(&f->pa, 0, __GFP_DMA32 | __GFP_THISNODE, 0));
	/* Without it, node 0 falls back to node 1, Normal to DMA32. */
	assert_int_equal(alloc_pfn(f, 0, GFP_KERNEL, 12), MIB(16));
	assert_int_equal(page_alloc_free_pages(&f->pa, 1, ZONE_DMA), MIB(16) - 1);
	assert_int_equal(page_alloc_free_pages(&f->pa, 1, ZONE_DMA32), 0);
	assert_int_equal(page_alloc_free_pages(&f->pa, 0, MAX_NR_ZONES), 0);
	assert_healthy(f);
}

/* --- fallback orders ------------------------------------------------------- */

/* Node @nid's fallback order is @want ("0 2 3"). */
static void assert_fallback(const struct fixture *f, int nid, const char *want)
{
	const struct pglist_data *pg = &f->pa.node[nid];
	char got[4 * MAX_NUMNODES] = "";
	size_t len = 0;

	for (unsigned int i = 0; i < pg->nr_fallback; i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%d", i ? " " : "",
					pg->fallback[i]);
	if (strcmp(got, want))
		fail_msg("fallback order for node %d: \"%s\", want \"%s\"", nid, got, want);
}

/* Each of @lines is a whole line of the log, in this order. */
static void assert_log_lines(const char *const *lines, unsigned int n)
{
	static char log[1 << 16];
	const char *at;
	char want[256];

	snprintf(log, sizeof(log), "\n%s", stub_log());
	at = log;
	for (unsigned int i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "\n%s\n", lines[i]);
		at = strstr(at, want);
		if (!at)
			fail_msg("log lacks the line \"%s\" (or has it out of order):\n%s",
				 lines[i], stub_log());
		at += strlen(want) - 1;
	}
}

/* The node of page frame @pfn, by the topology. */
static int nid_of(const struct fixture *f, pfn_t pfn)
{
	return numa_pfn_to_nid(&f->t, pfn);
}

/*
 * The QEMU 7.2 machine qemu72-q35-cpuless-memless-hp of the firmware
 * corpus, as Linux 6.1 numbered it: PXM0 -> node 0 (CPUs, 1 GiB), PXM2 ->
 * node 1 (CPUs, no memory), PXM1 -> node 2 (1 GiB), PXM3 -> node 3
 * (1 GiB, and a hotplug range without RAM).  Node ranges from Linux's
 * "Early memory node ranges" (dmesg-mem.txt), distances from the SLIT
 * by PXM (SOURCE.txt):
 *
 *          PXM0 PXM1 PXM2 PXM3
 *   PXM0    10   20   21   31
 *   PXM1    20   10   31   41
 *   PXM2    21   31   10   21
 *   PXM3    31   41   21   10
 *
 *   pfn      0x1   0x9f 0x100       0x40000       0x7ffdf  0x100000  0x140000
 *   RAM      |=0=|      |=====0=====|======2======|    ...   |====3====|
 *
 * Linux's lines must come out verbatim; node 1 (memoryless) then
 * allocates from node 3 (21 away), and from node 0 (21, +1 for being
 * below) for what node 3 lacks.
 */
static void test_fallback_qemu_memless(void **state)
{
	struct fixture *f = *state;
	static const uint8_t slit[4][4] = {
		{ 10, 20, 21, 31 }, { 20, 10, 31, 41 }, { 21, 31, 10, 21 }, { 31, 41, 21, 10 },
	};
	static const uint32_t pxm[4] = { 0, 2, 1, 3 };
	static const char *const linux_lines[] = {      /* dmesg-mem.txt */
		"Fallback order for Node 0: 0 2 3 ",
		"Fallback order for Node 1: 1 3 0 2 ",
		"Fallback order for Node 2: 2 0 3 ",
		"Fallback order for Node 3: 3 0 2 ",
	};
	pfn_t p;

	nodes(f, 4);
	for (int a = 0; a < 4; a++) {
		f->t.pxm[a] = pxm[a];
		for (int b = 0; b < 4; b++)
			f->t.distance[a][b] = slit[pxm[a]][pxm[b]];
	}
	f->t.nr_cpus[0] = f->t.nr_cpus[1] = 2;
	ram(f, PFN_DOWN(0x1000), PFN_DOWN(0x9f000), 0);
	ram(f, PFN_DOWN(0x100000), PFN_DOWN(0x40000000), 0);
	ram(f, PFN_DOWN(0x40000000), PFN_DOWN(0x7ffdf000), 2);
	ram(f, PFN_DOWN(0x100000000), PFN_DOWN(0x140000000), 3);
	start(f);
	stub_log_reset();
	page_alloc_print(&f->pa);
	assert_log_lines(linux_lines, ARRAY_SIZE(linux_lines));
	for (unsigned int i = 0; i < f->t.nr_ranges; i++)
		feed(f, f->t.range[i].start, f->t.range[i].end);

	/* Every node's own memory first, its highest zone first. */
	assert_int_equal(nid_of(f, alloc_pfn(f, 0, GFP_KERNEL, 0)), 0);
	assert_int_equal(nid_of(f, alloc_pfn(f, 2, GFP_KERNEL, 0)), 2);
	assert_int_equal(nid_of(f, alloc_pfn(f, 3, __GFP_DMA32, 0)), 0);
	/* The memoryless node: node 3, then node 0. */
	assert_null(alloc_pages_node(&f->pa, 1, __GFP_THISNODE, 0));
	p = alloc_pfn(f, 1, __GFP_DMA32, 0);
	assert_true(nid_of(f, p) == 0 && pfn_zone(p) == ZONE_DMA32);
	p = alloc_pfn(f, 1, __GFP_DMA, 0);
	assert_true(nid_of(f, p) == 0 && pfn_zone(p) == ZONE_DMA);
	assert_int_equal(alloc_pfn(f, 1, GFP_KERNEL, MAX_ORDER), GIB(4));
	p = alloc_pfn(f, 1, GFP_KERNEL, 0);
	assert_true(nid_of(f, p) == 0 && pfn_zone(p) == ZONE_DMA32);
	free_pfn(f, GIB(4), MAX_ORDER);
	assert_int_equal(nid_of(f, alloc_pfn(f, 1, GFP_KERNEL, 0)), 3);
	assert_healthy(f);
}

/*
 * Issue 9's machine (numa-3-cpus-on-0-1): three 1 GiB nodes, all 20
 * apart, CPUs on nodes 0 and 1 only.  Linux's boot-time rules ignore the
 * CPUs (next_best_node()):
 *
 *   node 0: 1: 20, 2: 20 -> 1 (tie, lower id; load1=1), 2      0 1 2
 *   node 1: 0: 20+1 = 21, 2: 20 -> 2 (load2=1), 0              1 2 0
 *   node 2: 0: 21*64+0, 1: 21*64+1 -> 0 (load0=1), 1           2 0 1
 *
 * A penalty for nodes with CPUs would make node 0's "0 2 1", which is
 * what we printed before: Linux 6.1 prints "0 1 2".
 */
static void test_fallback_cpuless(void **state)
{
	struct fixture *f = *state;

	nodes(f, 3);
	f->t.nr_cpus[0] = f->t.nr_cpus[1] = 1;
	for (int n = 0; n < 3; n++)
		ram(f, GIB(1) * (pfn_t)n, GIB(1) * (pfn_t)(n + 1), n);
	start(f);
	assert_fallback(f, 0, "0 1 2");
	assert_fallback(f, 1, "1 2 0");
	assert_fallback(f, 2, "2 0 1");
}

/*
 * A ring of four nodes, 512 MiB each (the boot matrix's
 * numa-4-ring-slit): neighbours 20 apart, opposite nodes 30.
 *
 *   0 --20-- 1        distance   0  1  2  3
 *   |        |            0     10 20 30 20
 *   20      20            1     20 10 20 30
 *   |        |            2     30 20 10 20
 *   3 --20-- 2            3     20 30 20 10
 *
 * By the rules of next_best_node(): the node itself first; then the
 * smallest (distance + 1 if below the node) * 64 + load, the lowest id
 * on a tie; the first node of each new distance gets load + 1 (loads
 * carry over from node to node, which are done in order):
 *
 *   node 0: 1: 20, 2: 30, 3: 20 -> 1 (tie with 3, lower id; load1=1),
 *           then 3 (20 < 30; same distance as 1, no load), then 2
 *           (distance 30, new: load2=1)                       0 1 3 2
 *   node 1: 0: 20+1 = 21, 2: 20, 3: 30 -> 2 (load2=2), 0, 3 (load3=1)
 *                                                             1 2 0 3
 *   node 2: 0: 30+1 = 31, 1: 21, 3: 20 -> 3 (load3=2), 1, 0 (load0=1)
 *                                                             2 3 1 0
 *   node 3: 0: 21*64+1 = 1345, 1: 31, 2: 21*64+2 = 1346 -> 0, then 2
 *           (1346 < 31*64), then 1                            3 0 2 1
 *
 * Where the CPUs are changes nothing (Linux's penalty for nodes with
 * CPUs sees no CPUs at boot): one on every node (as booted), or on nodes
 * 0 and 1 only, which with the penalty would make 0 3 1 2 for node 0.
 *
 * Each node's fallback is then seen at work: with one free page on each
 * node, four allocations take them in that order, the fifth fails.
 */
static void test_fallback_ring4(void **state)
{
	struct fixture *f = *state;
	static const struct {
		unsigned int cpus[4];
		const char *want[4];
	} cases[] = {
		{ { 1, 1, 1, 1 }, { "0 1 3 2", "1 2 0 3", "2 3 1 0", "3 0 2 1" } },
		{ { 1, 1, 0, 0 }, { "0 1 3 2", "1 2 0 3", "2 3 1 0", "3 0 2 1" } },
	};

	for (size_t c = 0; c < ARRAY_SIZE(cases); c++) {
		nodes(f, 4);
		for (int a = 0; a < 4; a++) {
			f->t.nr_cpus[a] = cases[c].cpus[a];
			for (int b = 0; b < 4; b++) {
				int hops = abs(a - b) < 4 - abs(a - b) ? abs(a - b) : 4 - abs(a - b);

				f->t.distance[a][b] = (uint8_t)(10 + 10 * hops);
			}
		}
		for (int n = 0; n < 4; n++)
			ram(f, MIB(512) * (pfn_t)n, MIB(512) * (pfn_t)(n + 1), n);
		start(f);
		for (int n = 0; n < 4; n++)
			assert_fallback(f, n, cases[c].want[n]);

		/* The last page of each node's RAM. */
		for (int n = 0; n < 4; n++)
			page_alloc_add_free(&f->pa, MIB(512) * (pfn_t)(n + 1) - 1, 0);
		for (int n = 0; n < 4; n++) {
			pfn_t got[4];

			for (int i = 0; i < 4; i++) {
				got[i] = alloc_pfn(f, n, GFP_KERNEL, 0);
				assert_int_equal(nid_of(f, got[i]), cases[c].want[n][2 * i] - '0');
			}
			assert_null(alloc_pages_node(&f->pa, n, GFP_KERNEL, 0));
			for (int i = 0; i < 4; i++)
				free_pfn(f, got[i], 0);
		}
		assert_healthy(f);
	}
}

/*
 * A ring of eight nodes, one CPU each (numa-8-ring-slit), where the
 * load decides between nodes at the same distance on the same side.
 *
 *   node 0: 1 and 7 (20, tie, lower id: 1; load1=1), 7; 2 and 6 (30:
 *           2, load2=1), 6; 3 (40, load3=1), 5; 4 (50, load4=1)
 *                                                     0 1 7 2 6 3 5 4
 *   node 1: 2 (20, load2=2), 0 (20+1 = 21); then 3 and 7 at distance
 *           30, both 30: 3 has load 1, 7 has 0 -> 7 (load7=1), 3; 4 and
 *           6 at 40, both 40: 4 has load 1, 6 has 0 -> 6 (load6=1), 4;
 *           5 at 50
 *                                                     1 2 0 7 3 6 4 5
 */
static void test_fallback_ring8_load(void **state)
{
	struct fixture *f = *state;

	nodes(f, 8);
	for (int a = 0; a < 8; a++) {
		f->t.nr_cpus[a] = 1;
		for (int b = 0; b < 8; b++) {
			int hops = abs(a - b) < 8 - abs(a - b) ? abs(a - b) : 8 - abs(a - b);

			f->t.distance[a][b] = (uint8_t)(10 + 10 * hops);
		}
		ram(f, MIB(256) * (pfn_t)a, MIB(256) * (pfn_t)(a + 1), a);
	}
	start(f);
	assert_fallback(f, 0, "0 1 7 2 6 3 5 4");
	assert_fallback(f, 1, "1 2 0 7 3 6 4 5");
}

/* --- what does not fit ----------------------------------------------------- */

/*
 * NULL when nothing fits: before anything is fed, above MAX_ORDER, and
 * when the free pages hold no aligned block of the order (1 GiB free at
 * 512 MiB - 1.5 GiB, but as two halves of two different 1 GiB blocks);
 * the 1 GiB-aligned block at 2 GiB is found:
 *
 *   pfn      512M        1G          1.5G    2G              3G
 *   RAM      |=======================|       |===============|
 *   fed      [    o17    )[    o17   )       [      o18      )
 */
static void test_gigantic_and_null(void **state)
{
	struct fixture *f = *state;

	nodes(f, 1);
	ram(f, MIB(512), MIB(1536), 0);
	ram(f, GIB(2), GIB(3), 0);
	start(f);
	for (unsigned int o = 0; o <= MAX_ORDER + 1; o++)
		assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, o));
	assert_int_equal(page_alloc_chunks_initialized(&f->pa), 0);
	feed(f, MIB(512), MIB(1536));
	feed(f, GIB(2), GIB(3));
	LISTS(f, 0, ZONE_DMA32, { MIB(512), 17 }, { GIB(1), 17 }, { GIB(2), 18 });
	assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, MAX_ORDER + 1));
	assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, 40));
	assert_int_equal(alloc_pfn(f, 0, GFP_KERNEL, MAX_ORDER), GIB(2));
	assert_null(alloc_pages_node(&f->pa, 0, GFP_KERNEL, MAX_ORDER));
	assert_null(alloc_pages_node(&f->pa, 0, __GFP_DMA, 0));
	assert_int_equal(page_alloc_free_pages(&f->pa, NUMA_NO_NODE, MAX_NR_ZONES), GIB(1));
	free_pfn(f, GIB(2), MAX_ORDER);
	LISTS(f, 0, ZONE_DMA32, { MIB(512), 17 }, { GIB(1), 17 }, { GIB(2), 18 });
	assert_healthy(f);
}

/* --- caller bugs ----------------------------------------------------------- */

/*
 * expect_assert_failure() that fails the test when nothing panics; the
 * panic's message stays in stub_panic_message().
 */
#define expect_panic(call)                                              \
	do {                                                            \
		if (!setjmp(global_expect_assert_env)) {                \
			global_expecting_assert = 1;                    \
			call;                                           \
			global_expecting_assert = 0;                    \
			fail_msg("no panic from %s", #call);            \
		}                                                       \
		global_expecting_assert = 0;                            \
	} while (0)

static void assert_panic_says(const char *what, pfn_t pfn)
{
	char name[32];

	snprintf(name, sizeof(name), "pfn %#lx", pfn);
	if (!strstr(stub_panic_message(), what) || !strstr(stub_panic_message(), name))
		fail_msg("panic message \"%s\" lacks \"%s\" or \"%s\"", stub_panic_message(), what, name);
}

/*
 * Bad frees are BUGs naming the page, and change nothing
 * (B = 32 MiB; RAM beyond +0x100 is reserved, never fed):
 *
 *   pfn      B   +4  +8         +0x100      +0x200            +0x400  +0x500
 *   RAM      |===========================================================|
 *   fed      [          o8         )
 *   taken    |a  |c  |      two buddies of order 2 (drawn at B; c freed
 *                             again); the split left free o3 .. o7 heads
 *   chunks   [  initialized               )[   never touched          )
 */
static void test_bad_free(void **state)
{
	struct fixture *f = *state;
	const pfn_t b = MIB(32);
	pfn_t a, c, h7, free_before;

	nodes(f, 1);
	ram(f, b, b + 0x500, 0);
	start(f);
	page_alloc_add_free(&f->pa, b, 8);
	a = alloc_pfn(f, 0, GFP_KERNEL, 2);
	c = alloc_pfn(f, 0, GFP_KERNEL, 2);
	assert_int_equal(a ^ c, 4);     /* buddies: freeing one cannot merge */
	free_pfn(f, c, 2);
	free_before = page_alloc_free_pages(&f->pa, 0, MAX_NR_ZONES);

	expect_panic(free_pfn(f, c, 2));
	assert_panic_says("double free", c);
	expect_panic(free_pfn(f, a, 1));
	assert_panic_says("as order 1, allocated as order 2", a);
	expect_panic(free_pfn(f, a, 3));
	assert_panic_says("as order 3, allocated as order 2", a);
	expect_panic(free_pfn(f, a + 1, 0));
	assert_panic_says("inside a block", a + 1);
	expect_panic(free_pfn(f, a + 3, 2));
	assert_panic_says("inside a block", a + 3);
	/* Never handed out: free (inside a free block), reserved in an
	 * initialized chunk, reserved in a chunk never touched, a hole. */
	h7 = ALIGN_DOWN(a, 0x80) ^ 0x80;                /* the free o7 left by the split */
	expect_panic(free_pfn(f, h7, 0));
	assert_panic_says("double free", h7);
	expect_panic(free_pfn(f, h7 + 1, 0));
	assert_panic_says("inside a block", h7 + 1);
	expect_panic(free_pfn(f, b + 0x180, 0));
	assert_panic_says("inside a block", b + 0x180);
	expect_panic(free_pfn(f, b + 0x400, 0));
	assert_panic_says("never handed out", b + 0x400);
	expect_panic(free_pfn(f, b - 1, 0));
	assert_panic_says("never handed out", b - 1);
	expect_panic(free_pfn(f, b + 0x500, 0));
	assert_panic_says("never handed out", b + 0x500);

	assert_int_equal(page_alloc_free_pages(&f->pa, 0, MAX_NR_ZONES), free_before);
	assert_healthy(f);
	free_pfn(f, a, 2);              /* merges with c, and on up to o8 */
	LISTS(f, 0, ZONE_DMA32, { b, 8 });
	/* Freed twice after merging: the head of a free block, or inside one
	 * (whose pages keep PG_reserved). */
	expect_panic(free_pfn(f, a, 2));
	assert_panic_says(a == b ? "double free" : "inside a block", a);
	expect_panic(free_pfn(f, c, 2));
	assert_panic_says(c == b ? "double free" : "inside a block", c);
	/* The same with the upper buddy freed last, so that it is the one
	 * merged into the lower. */
	a = alloc_pfn(f, 0, GFP_KERNEL, 2);
	c = alloc_pfn(f, 0, GFP_KERNEL, 2);
	assert_int_equal(a ^ c, 4);
	free_pfn(f, MIN(a, c), 2);
	free_pfn(f, MAX(a, c), 2);
	LISTS(f, 0, ZONE_DMA32, { b, 8 });
	expect_panic(free_pfn(f, MAX(a, c), 2));
	assert_panic_says("inside a block", MAX(a, c));
	assert_healthy(f);
	assert_int_equal(page_alloc_chunks_initialized(&f->pa), 1);
}

/* Blocks not naturally aligned, too big, not RAM or on two nodes, and
 * unknown nodes, are BUGs too. */
static void test_bad_calls(void **state)
{
	struct fixture *f = *state;
	const pfn_t b = MIB(32);

	nodes(f, 2);
	ram(f, b, b + 0x100, 0);
	ram(f, b + 0x100, b + 0x200, 1);
	start(f);
	expect_panic(page_alloc_add_free(&f->pa, b + 1, 1));
	expect_panic(page_alloc_add_free(&f->pa, b, MAX_ORDER + 1));
	expect_panic(page_alloc_add_free(&f->pa, b - 0x100, 8));
	expect_panic(page_alloc_add_free(&f->pa, b, 9));
	expect_panic(alloc_pages_node(&f->pa, 2, GFP_KERNEL, 0));
	expect_panic(alloc_pages_node(&f->pa, -1, GFP_KERNEL, 0));
	assert_int_equal(page_alloc_free_pages(&f->pa, NUMA_NO_NODE, MAX_NR_ZONES), 0);
	assert_healthy(f);
}

/* --- counters and checks --------------------------------------------------- */

/* page_alloc_free_pages() for every node and zone, and the totals, are
 * @want (two nodes). */
static void assert_counts(struct fixture *f, const uint64_t want[2][MAX_NR_ZONES])
{
	uint64_t all = 0;

	for (int n = 0; n < 2; n++) {
		uint64_t node = 0;

		for (int z = 0; z < MAX_NR_ZONES; z++) {
			assert_int_equal(page_alloc_free_pages(&f->pa, n, z), want[n][z]);
			assert_int_equal(page_alloc_free_pages(&f->pa, NUMA_NO_NODE, z),
					 want[0][z] + want[1][z]);
			node += want[n][z];
		}
		assert_int_equal(page_alloc_free_pages(&f->pa, n, MAX_NR_ZONES), node);
		all += node;
	}
	assert_int_equal(page_alloc_free_pages(&f->pa, NUMA_NO_NODE, MAX_NR_ZONES), all);
	assert_healthy(f);
}

/*
 * Free pages per node and zone; reserved RAM (never fed) is not counted:
 *
 *   pfn    0   1M        16M       32M   4G-8M   4G-4M  4G-3M   4G        4G+8M
 *   RAM    |======= node 0 ==========|     |============ node 1 =============|
 *   fed        [== DMA ==][== DMA32 ==)    [= DMA32 =)     [DMA32)[= Normal ==)
 *
 *   free     node 0: DMA 15M, DMA32 16M    node 1: DMA32 7M, Normal 8M
 */
static void test_free_pages_counts(void **state)
{
	struct fixture *f = *state;
	const pfn_t g4 = GIB(4);
	uint64_t want[2][MAX_NR_ZONES] = {
		{ MIB(15), MIB(16), 0 },
		{ 0, MIB(7), MIB(8) },
	};
	pfn_t a, c;

	nodes(f, 2);
	ram(f, 0, MIB(32), 0);
	ram(f, g4 - MIB(8), g4 + MIB(8), 1);
	start(f);
	feed(f, MIB(1), MIB(32));
	feed(f, g4 - MIB(8), g4 - MIB(4));
	feed(f, g4 - MIB(3), g4 + MIB(8));
	assert_counts(f, want);
	/* Node 1 Normal: 8 pages; node 0 DMA: 1 page. */
	a = alloc_pfn(f, 1, GFP_KERNEL, 3);
	c = alloc_pfn(f, 0, __GFP_DMA, 0);
	assert_true(a >= g4 && c < MIB(16));
	want[1][ZONE_NORMAL] -= 8;
	want[0][ZONE_DMA] -= 1;
	assert_counts(f, want);
	free_pfn(f, a, 3);
	free_pfn(f, c, 0);
	want[1][ZONE_NORMAL] += 8;
	want[0][ZONE_DMA] += 1;
	assert_counts(f, want);
	assert_int_equal(f->pa.node[1].zones[ZONE_DMA32].managed, MIB(7));
	assert_int_equal(f->pa.node[0].present, MIB(32));
	assert_int_equal(f->pa.node[1].present, MIB(16));
}

/* page_alloc_check() is not blind: each kind of damage is reported. */
static void test_check_finds_damage(void **state)
{
	struct fixture *f = *state;
	const pfn_t b = MIB(32);
	struct zone *z;
	struct page *p;
	struct page saved;

	nodes(f, 1);
	ram(f, b, b + 0x400, 0);
	start(f);
	feed(f, b, b + 0x400);
	free_pfn(f, alloc_pfn(f, 0, GFP_KERNEL, 0), 0);
	alloc_pfn(f, 0, GFP_KERNEL, 0);         /* a free block of each order 0 .. 9 */
	assert_healthy(f);
	z = &f->pa.node[0].zones[ZONE_DMA32];

	z->area[3].nr_free++;
	assert_true(page_alloc_check(&f->pa) > 0);
	z->area[3].nr_free--;
	z->free--;
	assert_true(page_alloc_check(&f->pa) > 0);
	z->free++;
	p = pfn_to_page(&f->pa, z->area[4].head);
	saved = *p;
	p->order = 5;
	assert_true(page_alloc_check(&f->pa) > 0);
	*p = saved;
	p->flags = PG_head;
	assert_true(page_alloc_check(&f->pa) > 0);
	*p = saved;
	p->nid = 1;
	assert_true(page_alloc_check(&f->pa) > 0);
	*p = saved;
	assert_healthy(f);
}

/* --- lazy metadata --------------------------------------------------------- */

/*
 * Metadata is set up a chunk (512 struct pages) at a time, when needed:
 * feeding a 1 GiB block touches its head's chunk only.  Taking one page p
 * splits it into free blocks of orders 17 .. 0, the buddies of the blocks
 * holding p, with heads at ALIGN_DOWN(p, 2^k) ^ 2^k; only the chunks of
 * those heads and of p may be set up.  Drawn for p = 1G, where the heads
 * are at 1G + 2^k, in chunks of their own for k >= 9 (2^k / 512 = 1, 2,
 * 4, ... 256): 1 + 9 chunks.  Giving the page back merges them without
 * touching more.
 *
 *   pfn      1G  +1 +2 +4 ...   +512  +1024 ...  +2^17        2G
 *   RAM      |==========================================================|
 *   lists    |p|o0|o1|o2 ...   |o9    |o10  ...  |o17                   |
 *   chunks   [0 ]              [1    ][2    ]    [256 ]
 */
static void test_lazy_metadata(void **state)
{
	struct fixture *f = *state;
	const uint64_t c0 = GIB(1) / VMEMMAP_CHUNK_PAGES, words = GIB(2) / VMEMMAP_CHUNK_PAGES / 64;
	uint64_t want[64] = { 0 }, nr_want = 0;
	pfn_t p;

	assert_true(words <= ARRAY_SIZE(want));
	nodes(f, 1);
	ram(f, GIB(1), GIB(2), 0);
	start(f);
	assert_int_equal(page_alloc_chunks_initialized(&f->pa), 0);
	page_alloc_add_free(&f->pa, GIB(1), MAX_ORDER);
	assert_int_equal(page_alloc_chunks_initialized(&f->pa), 1);
	assert_int_equal(f->chunk_init[c0 / 64], 1ULL << (c0 % 64));

	p = alloc_pfn(f, 0, GFP_KERNEL, 0);
	assert_true(p >= GIB(1) && p < GIB(2));
	want[c0 / 64] |= 1ULL << (c0 % 64);
	want[p / VMEMMAP_CHUNK_PAGES / 64] |= 1ULL << (p / VMEMMAP_CHUNK_PAGES % 64);
	for (unsigned int k = 0; k < MAX_ORDER; k++) {
		pfn_t head = ALIGN_DOWN(p, 1ULL << k) ^ (1ULL << k);
		uint64_t c = head / VMEMMAP_CHUNK_PAGES;

		assert_true(listed(f, 0, ZONE_DMA32, head, k));
		want[c / 64] |= 1ULL << (c % 64);
	}
	for (uint64_t w = 0; w < words; w++) {
		assert_int_equal(f->chunk_init[w], want[w]);
		nr_want += (uint64_t)__builtin_popcountll(want[w]);
	}
	assert_int_equal(page_alloc_chunks_initialized(&f->pa), nr_want);
	if (p == GIB(1))
		assert_int_equal(nr_want, 1 + MAX_ORDER - 9);
	free_pfn(f, p, 0);
	assert_int_equal(page_alloc_chunks_initialized(&f->pa), nr_want);
	LISTS(f, 0, ZONE_DMA32, { GIB(1), MAX_ORDER });
	assert_healthy(f);
}

/*
 * Uninitialized metadata is never believed, even when it looks like a
 * free head of just the right order: every struct page starts out as a
 * free order-9 head of node 0 with no links.  The block fed at +512 has
 * its buddy at +0 in a chunk nobody initialized:
 *
 *   pfn      B (32M)     +512        +1024
 *   RAM      |=======================|
 *   fed                  [    o9     )
 *   lists                [    o9     )      not [ o10 ) from B
 */
static void test_uninitialized_never_read(void **state)
{
	struct fixture *f = *state;
	const pfn_t b = MIB(32);

	nodes(f, 1);
	ram(f, b, b + 1024, 0);
	start(f);
	for (pfn_t p = b; p < b + 1024; p++)
		f->vmemmap[p] = (struct page){
			.next_lo = (uint32_t)PFN_NIL, .prev_lo = (uint32_t)PFN_NIL,
			.next_hi = (uint8_t)(PFN_NIL >> 32), .prev_hi = (uint8_t)(PFN_NIL >> 32),
			.flags = PG_buddy, .order = 9, .nid = 0,
		};
	page_alloc_add_free(&f->pa, b + 512, 9);
	LISTS(f, 0, ZONE_DMA32, { b + 512, 9 });
	assert_int_equal(page_alloc_chunks_initialized(&f->pa), 1);
	assert_healthy(f);
	free_pfn(f, alloc_pfn(f, 0, GFP_KERNEL, 0), 0);
	LISTS(f, 0, ZONE_DMA32, { b + 512, 9 });
	assert_int_equal(page_alloc_chunks_initialized(&f->pa), 1);
	expect_panic(free_pfn(f, b, 9));
	assert_panic_says("never handed out", b);
	assert_healthy(f);
}

/* --- randomized, against a page-by-page model ------------------------------ */

/*
 * A random machine of 1-3 nodes lives in two windows of page frames, one
 * around 16 MiB and one around 4 GiB, so that zones end inside it:
 *
 *   pfn      0         16M        32M         4G-16M       4G        4G+16M
 *   window   [====== W0 ==========)    ...    [======== W1 ==========)
 *   RAM      |=0=|  |==1==|=0=|=2==|          |=1==| |====0====|  |=2|
 *
 * Each window is cut at random points (some aligned, some not) into
 * pieces, each a hole or RAM of a random node; touching RAM of one node is
 * one range, as numa_build() makes it.  Random distances and CPUs.  Parts
 * of the RAM stay reserved; the rest is fed in naturally aligned blocks,
 * sometimes smaller than they could be, in random order.  Then random
 * alloc/free steps (orders 0-6, random node and gfp), each checked
 * against a byte per page:
 *
 *   - a block handed out is naturally aligned, was free page by page,
 *     lies in an allowed zone, on the asked node under __GFP_THISNODE;
 *   - it comes from the first node of the fallback order (worked out here
 *     from next_best_node()'s rules) and its highest allowed zone that has
 *     a free block big enough, from a smallest such block; NULL only when
 *     there is none;
 *   - the free counts of every node and zone are the model's;
 *   - the free lists are exactly the maximal buddy decomposition of the
 *     model's free pages: the largest naturally aligned blocks of at most
 *     2^MAX_ORDER pages within one run of free pages of one node, one zone
 *     and one RAM range (eager merging leaves no two free buddies, and
 *     that pins the decomposition down), so this holds after every step,
 *     and at the end, when everything is given back.
 */
#define WIN             (2 * ZONE_DMA_END_PFN)          /* pages in a window */
#define W1_START        (ZONE_DMA32_END_PFN - WIN / 2)
#define SLOTS           (2 * WIN)
#define TRIALS          16
#define STEPS           300

enum { M_NONE, M_RESERVED, M_FREE, M_TAKEN };

struct blk {
	pfn_t pfn;
	unsigned int order;
	int nid, zone;
};

struct model {
	uint8_t state[SLOTS];
	int nid[SLOTS];
	unsigned int nr_nodes;
	int fallback[MAX_NUMNODES][MAX_NUMNODES];
	unsigned int nr_fallback[MAX_NUMNODES];
	struct blk live[SLOTS];         /* blocks handed out */
	unsigned int nr_live;
	struct blk canon[SLOTS];        /* maximal buddy decomposition */
	unsigned int nr_canon;
	struct blk lists[SLOTS];        /* what the free lists hold */
	unsigned int nr_lists;
	struct blk fed[SLOTS];
	unsigned int nr_fed;
	uint64_t seed;
};

static struct model the_model;         /* too big for the stack */

static pfn_t slot_pfn(unsigned int i)
{
	return i < WIN ? i : W1_START + (i - WIN);
}

static unsigned int pfn_slot(pfn_t p)
{
	assert_true(p < WIN || (p >= W1_START && p < W1_START + WIN));
	return p < WIN ? (unsigned int)p : (unsigned int)(p - W1_START + WIN);
}

static void __printf(2, 3) fail_trial(const struct model *m, const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	fail_msg("%s (seed %#lx; TEST_SEED=%#lx replays it first)", why, m->seed, m->seed);
}

/* RAM [s, e) of @nid, merged with the range before it if that touches
 * it and is of the same node. */
static void ram_merge(struct fixture *f, pfn_t s, pfn_t e, int nid)
{
	struct numa_topology *t = &f->t;
	struct node_range *last = t->nr_ranges ? &t->range[t->nr_ranges - 1] : NULL;

	if (last && last->end == s && last->nid == nid)
		last->end = e;
	else
		ram(f, s, e, nid);
}

static void random_machine(struct fixture *f, struct model *m, uint64_t *s)
{
	static const uint8_t dist[] = { 12, 15, 20, 20, 21, 25, 30 };
	unsigned int nn = 1 + stub_rnd_below(s, 3);

	nodes(f, nn);
	for (unsigned int a = 0; a < nn; a++) {
		f->t.nr_cpus[a] = stub_rnd_below(s, 2);
		for (unsigned int b = 0; b < nn; b++)
			if (a != b)
				f->t.distance[a][b] = dist[stub_rnd_below(s, ARRAY_SIZE(dist))];
	}
	for (int w = 0; w < 2; w++) {
		pfn_t base = w ? W1_START : 0, cut[8];
		unsigned int ncut = stub_rnd_below(s, 8) < 2 ? 0 : stub_rnd_below(s, 6);

		cut[0] = 0;
		for (unsigned int i = 1; i <= ncut; i++) {
			cut[i] = stub_rnd_below(s, WIN);
			if (stub_rnd_below(s, 2))
				cut[i] = ALIGN_DOWN(cut[i], 1ULL << stub_rnd_below(s, 12));
		}
		cut[ncut + 1] = WIN;
		for (unsigned int i = 1; i <= ncut; i++)      /* sort */
			for (unsigned int j = i; j > 1 && cut[j - 1] > cut[j]; j--) {
				pfn_t tmp = cut[j];

				cut[j] = cut[j - 1];
				cut[j - 1] = tmp;
			}
		for (unsigned int i = 0; i <= ncut; i++) {
			int nid = (int)stub_rnd_below(s, nn + 1) - 1;        /* -1: a hole */

			if (!ncut)
				nid = (int)stub_rnd_below(s, nn);

			if (cut[i] < cut[i + 1] && nid >= 0)
				ram_merge(f, base + cut[i], base + cut[i + 1], nid);
		}
	}
	if (!f->t.nr_ranges)
		ram(f, W1_START, W1_START + WIN, 0);
	m->nr_nodes = nn;
	for (unsigned int i = 0; i < SLOTS; i++) {
		m->nid[i] = numa_pfn_to_nid(&f->t, slot_pfn(i));
		m->state[i] = m->nid[i] == NUMA_NO_NODE ? M_NONE : M_RESERVED;
	}
}

/*
 * The fallback orders by next_best_node()'s rules, written afresh: the
 * node itself, then nodes with memory by (distance to them, + 1 if below
 * the node), then by load, then by id; the first node of each new
 * distance has its load raised, loads kept from one node's order to the
 * next.  CPUs count for nothing (the machines give nodes random CPUs).
 */
static void model_fallback(const struct fixture *f, struct model *m)
{
	const struct numa_topology *t = &f->t;
	int load[MAX_NUMNODES] = { 0 };

	for (unsigned int local = 0; local < m->nr_nodes; local++) {
		bool used[MAX_NUMNODES] = { false };
		int prev = (int)local;

		m->nr_fallback[local] = 0;
		for (int n = (int)local; n >= 0;) {
			if (t->distance[local][n] != t->distance[local][prev])
				load[n]++;
			used[n] = true;
			m->fallback[local][m->nr_fallback[local]++] = n;
			prev = n;
			n = -1;
			for (unsigned int c = 0; c < m->nr_nodes; c++) {
				int key = t->distance[local][c] + (c < local);
				int best = n < 0 ? 0 : t->distance[local][n] + (n < (int)local);

				if (used[c] || !numa_node_pages(t, (int)c))
					continue;
				if (n < 0 || key < best || (key == best && load[c] < load[n]))
					n = (int)c;
			}
		}
	}
}

/* Give random parts of the RAM to the allocator, the rest reserved. */
static void random_feed(struct fixture *f, struct model *m, uint64_t *s)
{
	m->nr_fed = 0;
	for (unsigned int i = 0; i < f->t.nr_ranges; i++) {
		const struct node_range *r = &f->t.range[i];
		pfn_t a = r->start;

		/* A window of one node: now and then fed as one block, across
		 * 16 MiB (the allocator splits it there). */
		if (a == 0 && r->end == WIN && stub_rnd_below(s, 2)) {
			m->fed[m->nr_fed++] = (struct blk){ 0, __builtin_ctz(WIN), r->nid, 0 };
			a = WIN;
		}
		while (a < r->end) {
			pfn_t len = stub_rnd_below(s, 4) ? 1 + stub_rnd_below(s, WIN / 2) : r->end - a;
			pfn_t e = MIN(r->end, a + len);

			if (stub_rnd_below(s, 4) == 0) {     /* stays reserved */
				a = e;
				continue;
			}
			for (; a < e;) {
				unsigned int o = MIN((unsigned int)__builtin_ctzll(a | (1ULL << 40)),
						     MAX_ORDER);

				while (a + (1ULL << o) > e)
					o--;
				if (o && stub_rnd_below(s, 3) == 0)  /* smaller than it could be */
					o = stub_rnd_below(s, o);
				m->fed[m->nr_fed++] = (struct blk){ a, o, r->nid, 0 };
				a += 1ULL << o;
			}
		}
	}
	for (unsigned int i = m->nr_fed; i > 1; i--) {
		unsigned int j = stub_rnd_below(s, i);
		struct blk tmp = m->fed[i - 1];

		m->fed[i - 1] = m->fed[j];
		m->fed[j] = tmp;
	}
	for (unsigned int i = 0; i < m->nr_fed; i++) {
		page_alloc_add_free(&f->pa, m->fed[i].pfn, m->fed[i].order);
		for (pfn_t p = 0; p < 1ULL << m->fed[i].order; p++)
			m->state[pfn_slot(m->fed[i].pfn + p)] = M_FREE;
	}
}

static int blk_cmp(const void *a, const void *b)
{
	const struct blk *x = a, *y = b;

	return x->pfn < y->pfn ? -1 : x->pfn > y->pfn;
}

/* The maximal buddy decomposition of the model's free pages. */
static void model_canon(struct model *m)
{
	m->nr_canon = 0;
	for (unsigned int i = 0; i < SLOTS;) {
		unsigned int j = i + 1;
		pfn_t a = slot_pfn(i);

		if (m->state[i] != M_FREE) {
			i++;
			continue;
		}
		while (j < SLOTS && m->state[j] == M_FREE && m->nid[j] == m->nid[i] &&
		       slot_pfn(j) == slot_pfn(j - 1) + 1 && pfn_zone(slot_pfn(j)) == pfn_zone(a))
			j++;
		for (pfn_t e = a + (j - i); a < e;) {
			unsigned int o = MIN((unsigned int)__builtin_ctzll(a | (1ULL << 40)),
					     MAX_ORDER);

			while (a + (1ULL << o) > e)
				o--;
			m->canon[m->nr_canon++] = (struct blk){ a, o, m->nid[i], pfn_zone(a) };
			a += 1ULL << o;
		}
		i = j;
	}
}

/* Everything on the free lists, sorted. */
static void collect_lists(const struct fixture *f, struct model *m)
{
	m->nr_lists = 0;
	for (unsigned int n = 0; n < m->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			for (unsigned int o = 0; o < NR_ORDERS; o++) {
				const struct free_area *area = &f->pa.node[n].zones[z].area[o];
				uint64_t count = 0;

				for (pfn_t p = area->head; p != PFN_NIL; p = next_of(&f->vmemmap[p])) {
					if (++count > area->nr_free || m->nr_lists == SLOTS)
						fail_trial(m, "node %u zone %d order %u: list longer than %lu",
							   n, z, o, area->nr_free);
					m->lists[m->nr_lists++] = (struct blk){ p, o, (int)n, z };
				}
				if (count != area->nr_free)
					fail_trial(m, "node %u zone %d order %u: %lu listed, nr_free %lu",
						   n, z, o, count, area->nr_free);
			}
	qsort(m->lists, m->nr_lists, sizeof(m->lists[0]), blk_cmp);
}

/* The allocator agrees with the model: counts, lists, its own check. */
static void verify(struct fixture *f, struct model *m)
{
	uint64_t count[MAX_NUMNODES][MAX_NR_ZONES] = { { 0 } };

	for (unsigned int i = 0; i < SLOTS; i++)
		if (m->state[i] == M_FREE)
			count[m->nid[i]][pfn_zone(slot_pfn(i))]++;
	for (unsigned int n = 0; n < m->nr_nodes; n++)
		for (int z = 0; z < MAX_NR_ZONES; z++)
			if (page_alloc_free_pages(&f->pa, (int)n, z) != count[n][z])
				fail_trial(m, "node %u zone %d: %lu free pages, model %lu", n, z,
					   page_alloc_free_pages(&f->pa, (int)n, z), count[n][z]);
	model_canon(m);
	collect_lists(f, m);
	for (unsigned int i = 0; i < MAX(m->nr_canon, m->nr_lists); i++) {
		const struct blk *c = i < m->nr_canon ? &m->canon[i] : NULL;
		const struct blk *l = i < m->nr_lists ? &m->lists[i] : NULL;

		if (!c || !l || c->pfn != l->pfn || c->order != l->order || c->nid != l->nid ||
		    c->zone != l->zone)
			fail_trial(m, "free block %u: listed pfn %#lx order %u node %d zone %d, "
				   "model pfn %#lx order %u node %d zone %d", i,
				   l ? l->pfn : 0, l ? l->order : 0, l ? l->nid : -1, l ? l->zone : -1,
				   c ? c->pfn : 0, c ? c->order : 0, c ? c->nid : -1, c ? c->zone : -1);
	}
	stub_log_reset();
	if (page_alloc_check(&f->pa))
		fail_trial(m, "page_alloc_check(): %s", stub_log());
}

/* Where the model says an allocation must come from: a node, a zone and
 * the order of the smallest free block there; false if nothing fits.
 * The lists equal the model's decomposition (checked by the step before). */
static bool expect_from(const struct model *m, int nid, gfp_t gfp, unsigned int order,
			int *en, int *ez, unsigned int *eo)
{
	int top = gfp & __GFP_DMA ? ZONE_DMA : gfp & __GFP_DMA32 ? ZONE_DMA32 : ZONE_NORMAL;
	unsigned int tries = gfp & __GFP_THISNODE ? 1 : m->nr_fallback[nid];

	for (unsigned int i = 0; i < tries; i++) {
		int n = gfp & __GFP_THISNODE ? nid : m->fallback[nid][i];

		for (int z = top; z >= 0; z--) {
			unsigned int best = NR_ORDERS;

			for (unsigned int c = 0; c < m->nr_canon; c++)
				if (m->canon[c].nid == n && m->canon[c].zone == z &&
				    m->canon[c].order >= order && m->canon[c].order < best)
					best = m->canon[c].order;
			if (best < NR_ORDERS) {
				*en = n;
				*ez = z;
				*eo = best;
				return true;
			}
		}
	}
	return false;
}

static void random_alloc(struct fixture *f, struct model *m, uint64_t *s)
{
	static const gfp_t zone_gfp[] = { GFP_KERNEL, __GFP_DMA32, __GFP_DMA };
	unsigned int order = stub_rnd_below(s, 7), eo;
	int nid = (int)stub_rnd_below(s, m->nr_nodes), en, ez;
	gfp_t gfp = zone_gfp[stub_rnd_below(s, 3)] | (stub_rnd_below(s, 4) ? 0 : __GFP_THISNODE);
	bool fits;
	struct page *page;
	pfn_t p;

	if (stub_rnd_below(s, 2))
		order = stub_rnd_below(s, order + 1);
	fits = expect_from(m, nid, gfp, order, &en, &ez, &eo);
	page = alloc_pages_node(&f->pa, nid, gfp, order);
	if (!page) {
		if (fits)
			fail_trial(m, "node %d gfp %#x order %u: NULL, but node %d zone %d has an "
				   "order-%u block", nid, gfp, order, en, ez, eo);
		return;
	}
	p = page_to_pfn(&f->pa, page);
	if (!fits)
		fail_trial(m, "node %d gfp %#x order %u: got pfn %#lx, none expected",
			   nid, gfp, order, p);
	if (!IS_ALIGNED(p, 1ULL << order))
		fail_trial(m, "order %u block at pfn %#lx", order, p);
	for (pfn_t i = 0; i < 1ULL << order; i++)
		if (m->state[pfn_slot(p + i)] != M_FREE)
			fail_trial(m, "pfn %#lx handed out, state %d", p + i, m->state[pfn_slot(p + i)]);
	if (numa_pfn_to_nid(&f->t, p) != en || (int)pfn_zone(p) != ez)
		fail_trial(m, "node %d gfp %#x order %u: got pfn %#lx (node %d zone %d), "
			   "want node %d zone %d", nid, gfp, order, p, numa_pfn_to_nid(&f->t, p),
			   pfn_zone(p), en, ez);
	for (unsigned int c = 0; c < m->nr_canon; c++) {
		const struct blk *b = &m->canon[c];

		if (b->pfn <= p && p < b->pfn + (1ULL << b->order)) {
			if (b->order != eo)
				fail_trial(m, "order %u at pfn %#lx from an order-%u block, "
					   "an order-%u one was free", order, p, b->order, eo);
			break;
		}
	}
	for (pfn_t i = 0; i < 1ULL << order; i++)
		m->state[pfn_slot(p + i)] = M_TAKEN;
	m->live[m->nr_live++] = (struct blk){ p, order, en, ez };
}

static void random_free(struct fixture *f, struct model *m, unsigned int i)
{
	struct blk b = m->live[i];

	m->live[i] = m->live[--m->nr_live];
	free_pfn(f, b.pfn, b.order);
	for (pfn_t p = 0; p < 1ULL << b.order; p++)
		m->state[pfn_slot(b.pfn + p)] = M_FREE;
}

/*
 * Fallback orders of many random machines - up to 8 nodes, random and
 * asymmetric distances, CPUs here and there, memoryless nodes - against
 * the rules as model_fallback() writes them.
 */
static void test_fallback_random(void **state)
{
	struct fixture *f = *state;
	static const uint8_t dist[] = { 11, 12, 15, 20, 20, 21, 21, 25, 30, 40 };
	static struct page pages[8 * 16];
	static uint64_t chunks[1];
	uint64_t seed = base_seed() ^ 0xfa11bac6ULL;

	for (unsigned int trial = 0; trial < 3000; trial++) {
		uint64_t s = seed + trial;
		unsigned int nn = 1 + stub_rnd_below(&s, 8);

		memset(&the_model, 0, sizeof(the_model));
		the_model.seed = seed + trial;
		the_model.nr_nodes = nn;
		nodes(f, nn);
		for (unsigned int a = 0; a < nn; a++) {
			f->t.nr_cpus[a] = stub_rnd_below(&s, 3) == 0;
			for (unsigned int b = 0; b < nn; b++)
				if (a != b)
					f->t.distance[a][b] = dist[stub_rnd_below(&s, ARRAY_SIZE(dist))];
			if (stub_rnd_below(&s, 4))
				ram(f, 16 * a, 16 * a + 8, (int)a);
		}
		if (!f->t.nr_ranges)
			ram(f, 0, 8, 0);
		memset(chunks, 0, sizeof(chunks));
		page_alloc_init(&f->pa, &f->t, pages, chunks);
		model_fallback(f, &the_model);
		for (unsigned int n = 0; n < nn; n++) {
			const struct pglist_data *pg = &f->pa.node[n];

			if (pg->nr_fallback != the_model.nr_fallback[n] ||
			    memcmp(pg->fallback, the_model.fallback[n], pg->nr_fallback * sizeof(int)))
				fail_trial(&the_model, "%u nodes: node %u's fallback order differs from "
					   "the rules", nn, n);
		}
	}
}

static void run_trial(struct fixture *f, struct model *m, uint64_t seed)
{
	uint64_t s = seed;

	memset(m, 0, sizeof(*m));
	m->seed = seed;
	random_machine(f, m, &s);
	start(f);
	model_fallback(f, m);
	for (unsigned int n = 0; n < m->nr_nodes; n++) {
		const struct pglist_data *pg = &f->pa.node[n];

		if (pg->nr_fallback != m->nr_fallback[n] ||
		    memcmp(pg->fallback, m->fallback[n], pg->nr_fallback * sizeof(int)))
			fail_trial(m, "node %u: fallback order differs from the rules", n);
	}
	random_feed(f, m, &s);
	verify(f, m);
	for (unsigned int step = 0; step < STEPS; step++) {
		/* Alloc-heavy first, free-heavy last: exhaustion, then merging. */
		unsigned int alloc_pct = step < STEPS / 2 ? 75 : 35;

		if (!m->nr_live || stub_rnd_below(&s, 100) < alloc_pct)
			random_alloc(f, m, &s);
		else
			random_free(f, m, stub_rnd_below(&s, m->nr_live));
		verify(f, m);
	}
	while (m->nr_live)
		random_free(f, m, stub_rnd_below(&s, m->nr_live));
	verify(f, m);
}

static void test_random_model(void **state)
{
	struct fixture *f = *state;
	uint64_t seed = base_seed();

	print_message("random model: TEST_SEED=%#lx, %u trials of %u steps\n", seed, TRIALS, STEPS);
	for (unsigned int trial = 0; trial < TRIALS; trial++)
		run_trial(f, &the_model, seed + trial);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_split_merge_every_order),
		TEST(test_zone_dma),
		TEST(test_zone_dma32),
		TEST(test_no_merge_across_nodes),
		TEST(test_no_merge_across_holes),
		TEST(test_thisnode),
		TEST(test_fallback_qemu_memless),
		TEST(test_fallback_cpuless),
		TEST(test_fallback_ring4),
		TEST(test_fallback_ring8_load),
		TEST(test_gigantic_and_null),
		TEST(test_bad_free),
		TEST(test_bad_calls),
		TEST(test_free_pages_counts),
		TEST(test_check_finds_damage),
		TEST(test_lazy_metadata),
		TEST(test_uninitialized_never_read),
		TEST(test_fallback_random),
		TEST(test_random_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
