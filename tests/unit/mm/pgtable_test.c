/*
 * tests/unit/mm/pgtable_test.c - x86-64 page tables (mm/pgtable.c).
 *
 * Table pages live in simulated physical memory: a host buffer of
 * SIM_PAGES pages at physical SIM_BASE, handed out zeroed by sim_alloc()
 * (which notes the node it was asked for and returns 0 past the fixture's
 * limit) and translated back by sim_map(), which fails the test for any
 * address that is not an allocated table page.  Leaf addresses are never
 * dereferenced, so the ranges mapped can point anywhere.
 *
 * check_tables() walks the tables on its own, without pgtable_lookup(),
 * and holds them to the ranges the case mapped:
 *
 *   - every leaf lies inside one range, translates by its offset, and
 *     maps a physical address aligned to its size;
 *   - each range is covered exactly (no byte more, no byte less);
 *   - each leaf is the largest page allowed at its address (va and pa
 *     aligned to it, the rest of the range at least as big; 1 GiB only
 *     with gbpages), which is what "largest pages the alignment allows"
 *     means for a left-to-right walk over the range;
 *   - leaf flags are the asked prot (less PTE_NX without nx) | PRESENT,
 *     plus PTE_HUGE on 2M/1G leaves; upper entries are PRESENT|WRITE;
 *   - mapped[] and tables agree with what the walk found, and every page
 *     the allocator handed out is linked exactly once;
 *
 * and then asks pgtable_lookup() one page before, at the first byte, at
 * the last page and byte, and one page past the end of every range.
 *
 * Diagrams draw virtual addresses left to right:
 *
 *   va   |--A--|        a range mapped (pa is given below it)
 *   4K   ||             leaves and their size, as the tables should hold them
 *   2M      |  |
 *
 * The randomized test maps random disjoint ranges at random va and pa and
 * checks them as above plus sampled pages; set TEST_SEED to replay a run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "mm/pgtable.h"
#include "tests/unit/stubs/stubs.h"

#define K(x)            ((uint64_t)(x) * SZ_1K)
#define M(x)            ((uint64_t)(x) * SZ_1M)
#define G(x)            ((uint64_t)(x) * SZ_1G)

#define SIM_BASE        G(64)   /* where the simulated table pages are */
#define SIM_PAGES       4096U   /* 16 MiB: room for 3 GiB of 4K leaves */
#define MAX_RANGES      16

#define DIRECT_MAP      0xffff888000000000ULL   /* Linux's page_offset_base */
#define KERNEL_IMAGE    0xffffffff80000000ULL   /* __START_KERNEL_map */
#define TOP_2M          0xffffffffffe00000ULL   /* the last 2 MiB of the space */

static const uint64_t page_size[3] = { SZ_1K * 4, SZ_2M, SZ_1G };

/* --- fixture: simulated memory and the ranges a case mapped -------------------- */

struct range {
	uintptr_t va;
	phys_addr_t pa;
	uint64_t size;
	uint64_t prot;
};

struct fixture {
	struct pgtable pt;
	uint8_t *mem;                   /* SIM_PAGES pages at SIM_BASE */
	unsigned int used;              /* pages handed out */
	unsigned int limit;             /* sim_alloc() returns 0 beyond this */
	int node[SIM_PAGES];            /* the node each page was asked for */
	bool seen[SIM_PAGES];           /* for the walk: page already reached */
	struct range r[MAX_RANGES];     /* what the case mapped */
	unsigned int nr;
};

/* sim_map() has no context argument. */
static struct fixture *sim;

/* Appended to every failure message: the seed of a randomized trial. */
static char note[128];

#define check(cond, fmt, ...)                                           \
	do {                                                            \
		if (!(cond))                                            \
			fail_msg(fmt "%s", ##__VA_ARGS__, note);        \
	} while (0)

static phys_addr_t sim_alloc(void *ctx, int nid)
{
	struct fixture *f = ctx;

	if (f->used >= f->limit)
		return 0;
	memset(f->mem + (size_t)f->used * PAGE_SIZE, 0, PAGE_SIZE);
	f->node[f->used] = nid;
	return SIM_BASE + (phys_addr_t)f->used++ * PAGE_SIZE;
}

/* The host address of [pa, pa + size), which must be allocated table pages. */
static void *sim_map(phys_addr_t pa, uint64_t size)
{
	phys_addr_t end = SIM_BASE + (phys_addr_t)sim->used * PAGE_SIZE;

	check(pa >= SIM_BASE && pa < end && size && size <= end - pa,
	      "map(%#lx, %#lx): not an allocated table page [%#lx-%#lx)", pa, size,
	      SIM_BASE, end);
	return sim->mem + (pa - SIM_BASE);
}

/* Table page @pa as the walk reads it, without the code under test. */
static const uint64_t *sim_table(const struct fixture *f, phys_addr_t pa)
{
	check(pa >= SIM_BASE && IS_ALIGNED(pa, PAGE_SIZE) &&
	      (pa - SIM_BASE) / PAGE_SIZE < f->used,
	      "entry points to %#lx, not to a table page", pa);
	return (const uint64_t *)(f->mem + (pa - SIM_BASE));
}

static unsigned int sim_index(phys_addr_t pa)
{
	return (unsigned int)((pa - SIM_BASE) / PAGE_SIZE);
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->mem = aligned_alloc(PAGE_SIZE, (size_t)SIM_PAGES * PAGE_SIZE);
	if (!f->mem) {
		free(f);
		return -1;
	}
	f->limit = SIM_PAGES;
	sim = f;
	note[0] = '\0';
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	free(f->mem);
	free(f);
	sim = NULL;
	return 0;
}

/* --- panics ---------------------------------------------------------------------- */

/* @call must BUG, in mm/pgtable.c (the message: stub_panic_message()). */
#define expect_bug(call)                                                \
	do {                                                            \
		if (setjmp(global_expect_assert_env)) {                 \
			global_expecting_assert = 0;                    \
			check(strstr(stub_panic_message(), "kernel BUG at") && \
			      strstr(stub_panic_message(), "mm/pgtable.c"), \
			      "%s: not a BUG of mm/pgtable.c: %s",      \
			      #call, stub_panic_message());             \
		} else {                                                \
			global_expecting_assert = 1;                    \
			call;                                           \
			global_expecting_assert = 0;                    \
			fail_msg("no BUG from %s", #call);              \
		}                                                       \
	} while (0)

/* pgtable_map(), with an unexpected panic failing the test with the seed. */
static int do_map(struct fixture *f, uintptr_t va, phys_addr_t pa, uint64_t size,
		  uint64_t prot, int nid)
{
	volatile int ret = 0;

	if (setjmp(global_expect_assert_env)) {
		global_expecting_assert = 0;
		fail_msg("pgtable_map(%#lx, %#lx, %#lx) panicked: %s%s", va, pa, size,
			 stub_panic_message(), note);
	}
	global_expecting_assert = 1;
	ret = pgtable_map(&f->pt, va, pa, size, prot, nid);
	global_expecting_assert = 0;
	return ret;
}

/* --- building ---------------------------------------------------------------------- */

/* Fresh, empty tables with the root on node 0 and all of memory available. */
static void start(struct fixture *f, bool gbpages, bool nx)
{
	f->used = 0;
	f->limit = SIM_PAGES;
	f->nr = 0;
	assert_int_equal(pgtable_init(&f->pt, sim_alloc, sim_map, f, gbpages, nx, 0), 0);
	assert_int_equal(f->pt.tables, 1);
}

/* Map a range that must succeed, and remember it for check_tables(). */
static void map(struct fixture *f, uintptr_t va, phys_addr_t pa, uint64_t size, uint64_t prot,
		int nid)
{
	int ret = do_map(f, va, pa, size, prot, nid);

	check(ret == 0, "pgtable_map(%#lx, %#lx, %#lx) = %d", va, pa, size, ret);
	assert_true(f->nr < MAX_RANGES);
	f->r[f->nr++] = (struct range){ va, pa, size, prot };
}

/* --- checks ------------------------------------------------------------------------- */

/* The range holding @va, or NULL. */
static const struct range *range_of(const struct fixture *f, uintptr_t va)
{
	for (unsigned int i = 0; i < f->nr; i++)
		if (va - f->r[i].va < f->r[i].size)
			return &f->r[i];
	return NULL;
}

/* The flags a leaf of @level mapping @r must carry. */
static uint64_t leaf_flags(const struct fixture *f, const struct range *r, int level)
{
	uint64_t prot = f->pt.nx ? r->prot : r->prot & ~PTE_NX;

	return prot | PTE_PRESENT | (level ? PTE_HUGE : 0);
}

/* A page of @level fits at @va of @r: va and pa aligned, enough left. */
static bool page_fits(const struct range *r, uintptr_t va, int level)
{
	uint64_t sz = page_size[level];

	return IS_ALIGNED(va | (r->pa + (va - r->va)), sz) && r->size - (va - r->va) >= sz;
}

struct walk {
	uint64_t bytes[3];              /* by page size */
	uint64_t covered[MAX_RANGES];   /* bytes of each range */
	unsigned int tables;            /* table pages reached, root included */
};

static void check_leaf(struct fixture *f, struct walk *w, uintptr_t va, uint64_t e, int level)
{
	uint64_t sz = page_size[level];
	const struct range *r = range_of(f, va);
	phys_addr_t pa = e & PTE_ADDR;

	check(level < 3, "PML4 entry %#lx for %#lx has PS", e, va);
	check(level < 2 || f->pt.gbpages, "1G page at %#lx without gbpages", va);
	check(r && va + sz - 1 - r->va < r->size,
	      "%#lx-byte page at %#lx is not inside one mapped range", sz, va);
	check(pa == r->pa + (va - r->va), "page at %#lx maps %#lx, not %#lx", va, pa,
	      r->pa + (va - r->va));
	check(IS_ALIGNED(pa, sz), "%#lx-byte page at %#lx maps unaligned %#lx", sz, va, pa);
	check((e & ~PTE_ADDR) == leaf_flags(f, r, level), "page at %#lx has flags %#lx, not %#lx",
	      va, e & ~PTE_ADDR, leaf_flags(f, r, level));
	check(level == (f->pt.gbpages ? 2 : 1) || !page_fits(r, va, level + 1),
	      "%#lx-byte page at %#lx where a %#lx-byte one fits", sz, va, page_size[level + 1]);
	w->bytes[level] += sz;
	w->covered[r - f->r] += sz;
}

/* Walk the table at @pa of @level (3: PML4) that maps from @base. */
static void walk_table(struct fixture *f, struct walk *w, phys_addr_t pa, int level, uintptr_t base)
{
	const uint64_t *t = sim_table(f, pa);

	check(!f->seen[sim_index(pa)], "table %#lx is linked twice", pa);
	f->seen[sim_index(pa)] = true;
	w->tables++;
	for (unsigned int i = 0; i < 512; i++) {
		uint64_t e = t[i];
		uintptr_t va = base | (uintptr_t)i << (12 + 9 * level);

		if (level == 3 && i >= 256)
			va |= 0xffff000000000000ULL;            /* canonical: sign-extended */
		if (!(e & PTE_PRESENT)) {
			check(e == 0, "non-present entry %#lx for %#lx", e, va);
			continue;
		}
		if (level == 0 || (e & PTE_HUGE)) {
			check_leaf(f, w, va, e, level);
			continue;
		}
		check((e & ~PTE_ADDR) == (PTE_PRESENT | PTE_WRITE),
		      "level-%d entry for %#lx has flags %#lx, not PRESENT|WRITE", level, va,
		      e & ~PTE_ADDR);
		walk_table(f, w, e & PTE_ADDR, level - 1, va);
	}
}

/* pgtable_lookup(@va) agrees with the ranges. */
static void probe(struct fixture *f, uintptr_t va)
{
	const struct range *r = range_of(f, va);
	phys_addr_t pa = 0;
	uint64_t flags = 0;
	bool found = pgtable_lookup(&f->pt, va, &pa, &flags);

	if (!r) {
		check(!found, "%#lx is mapped (to %#lx) outside every range", va, pa);
		return;
	}
	check(found, "%#lx is not mapped", va);
	check(pa == r->pa + (va - r->va), "%#lx translates to %#lx, not %#lx", va, pa,
	      r->pa + (va - r->va));
	check((flags & ~PTE_HUGE) == leaf_flags(f, r, 0), "%#lx has flags %#lx, not %#lx(|HUGE)",
	      va, flags, leaf_flags(f, r, 0));
}

/* The tables map exactly f->r[] as the file comment says. */
static void check_tables(struct fixture *f)
{
	struct walk w = { 0 };

	memset(f->seen, 0, sizeof(f->seen));
	walk_table(f, &w, f->pt.root, 3, 0);
	for (unsigned int i = 0; i < f->nr; i++)
		check(w.covered[i] == f->r[i].size,
		      "range %#lx+%#lx: %#lx bytes mapped", f->r[i].va, f->r[i].size, w.covered[i]);
	for (int l = 0; l < 3; l++)
		check(w.bytes[l] == f->pt.mapped[l], "mapped[%d] = %#lx, the tables hold %#lx", l,
		      f->pt.mapped[l], w.bytes[l]);
	check(w.tables == f->pt.tables && w.tables == f->used,
	      "%u table pages linked, %lu counted, %u allocated", w.tables, f->pt.tables, f->used);
	for (unsigned int i = 0; i < f->nr; i++) {
		const struct range *r = &f->r[i];

		probe(f, r->va - PAGE_SIZE);
		probe(f, r->va);
		probe(f, r->va + r->size - PAGE_SIZE);
		probe(f, r->va + r->size - 1);
		probe(f, r->va + r->size);
	}
}

/* mapped[] holds @n4k, @n2m and @n1g pages. */
static void check_pages(const struct fixture *f, uint64_t n4k, uint64_t n2m, uint64_t n1g)
{
	assert_int_equal(f->pt.mapped[0], n4k * page_size[0]);
	assert_int_equal(f->pt.mapped[1], n2m * page_size[1]);
	assert_int_equal(f->pt.mapped[2], n1g * page_size[2]);
}

/* --- init --------------------------------------------------------------------------- */

/* Empty tables: a zeroed root on the asked node, nothing mapped. */
static void test_init(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(pgtable_init(&f->pt, sim_alloc, sim_map, f, true, true, 3), 0);
	assert_int_equal(f->pt.root, SIM_BASE);
	assert_int_equal(f->node[0], 3);
	assert_int_equal(f->pt.tables, 1);
	assert_true(f->pt.gbpages && f->pt.nx);
	check_pages(f, 0, 0, 0);
	check_tables(f);
	probe(f, 0);
	probe(f, DIRECT_MAP);
	probe(f, KERNEL_IMAGE);
	probe(f, ~(uintptr_t)0);
}

/* No page for the root: -ENOMEM. */
static void test_init_nomem(void **state)
{
	struct fixture *f = *state;

	f->limit = 0;
	assert_int_equal(pgtable_init(&f->pt, sim_alloc, sim_map, f, true, true, 0), -ENOMEM);
}

/* --- page sizes --------------------------------------------------------------------- */

/*
 * One page, va != pa.
 *
 *        0x1000  0x2000
 *   va     |--A--|          pa 0x5000
 *   4K     |     |
 */
static void test_4k_page(void **state)
{
	struct fixture *f = *state;

	start(f, true, true);
	map(f, K(4), K(20), K(4), PTE_WRITE, 0);
	check_pages(f, 1, 0, 0);
	assert_int_equal(f->pt.tables, 4);                  /* root, PDPT, PD, PT */
	check_tables(f);
}

/*
 * Exactly one 2M page, and exactly one 1G page.
 *
 *        2M     4M          1G          2G
 *   va   |--A--|            |-----B----|        pa: A 4M, B 3G
 *   2M   |     |
 *   1G                      |          |
 */
static void test_exact_large(void **state)
{
	struct fixture *f = *state;

	start(f, true, true);
	map(f, M(2), M(4), M(2), PTE_WRITE, 0);
	map(f, G(1), G(3), G(1), PTE_WRITE, 0);
	check_pages(f, 0, 1, 1);
	assert_int_equal(f->pt.tables, 3);                  /* root, PDPT, one PD */
	check_tables(f);
}

/*
 * Unaligned edges get 4K pages, the aligned middle 2M pages.
 *
 *        2M-8K  2M          6M  6M+12K
 *   va     |----+-----A-----+---|          pa = va + 1G
 *   4K     |x2 |             |x3 |
 *   2M          |    x2     |
 */
static void test_4k_edges(void **state)
{
	struct fixture *f = *state;

	start(f, true, true);
	map(f, M(2) - K(8), G(1) + M(2) - K(8), K(8) + M(4) + K(12), PTE_WRITE, 0);
	check_pages(f, 5, 2, 0);
	check_tables(f);
}

/*
 * 4K, 2M and 1G pages in one range, with and without gbpages.
 *
 *        1G-2M-4K       1G              2G    2G+2M+4K
 *   va     |--+---------+-------A-------+----+--|        pa = va + 4G
 *   4K     |  |                                 |  |
 *   2M        |         |               |    |
 *   1G                  |               |                (gbpages)
 *   2M                  |     x512      |                (no gbpages)
 */
static void test_1g_pages(void **state)
{
	struct fixture *f = *state;
	uintptr_t va = G(1) - M(2) - K(4);
	uint64_t size = K(4) + M(2) + G(1) + M(2) + K(4);

	start(f, true, true);
	map(f, va, va + G(4), size, PTE_WRITE, 0);
	check_pages(f, 2, 2, 1);
	check_tables(f);

	start(f, false, true);
	map(f, va, va + G(4), size, PTE_WRITE, 0);
	check_pages(f, 2, 514, 0);
	check_tables(f);
}

/*
 * A range 2M-aligned in va but not in pa (or the other way) gets no
 * large pages; one 2M-aligned in both but only 1G-aligned in va gets no
 * 1G page.
 *
 *        4M          8M
 *   va   |-----A-----|        pa 6M+4K: 1024 x 4K
 *   va   |-----B-----|+4K     va 4M+4K, pa 6M: 1024 x 4K
 *        1G          2G
 *   va   |-----C-----|        pa 2G+2M: 512 x 2M
 */
static void test_misaligned_pa(void **state)
{
	struct fixture *f = *state;

	start(f, true, true);
	map(f, M(4), M(6) + K(4), M(4), PTE_WRITE, 0);
	check_pages(f, 1024, 0, 0);
	check_tables(f);

	start(f, true, true);
	map(f, M(4) + K(4), M(6), M(4), PTE_WRITE, 0);
	check_pages(f, 1024, 0, 0);
	check_tables(f);

	start(f, true, true);
	map(f, G(1), G(2) + M(2), G(1), PTE_WRITE, 0);
	check_pages(f, 0, 512, 0);
	check_tables(f);
}

/*
 * One page short of a large page: no large page.
 *
 *        2M            4M-4K              1G             2G-4K
 *   va   |-----A-------|                  |------B-------|
 *   4K   |    x511     |                  2M x511, 4K x511
 */
static void test_one_page_short(void **state)
{
	struct fixture *f = *state;

	start(f, true, true);
	map(f, M(2), M(2), M(2) - K(4), PTE_WRITE, 0);
	check_pages(f, 511, 0, 0);
	check_tables(f);

	start(f, true, true);
	map(f, G(1), G(1), G(1) - K(4), PTE_WRITE, 0);
	check_pages(f, 511, 511, 0);
	check_tables(f);
}

/*
 * Ranges that touch: both map, the edge between them is exact.
 *
 *        0x1000 0x3000  2M     4M  4M+4K
 *   va     |--A--|--B--|  ...  |--C--|--D--|        pa of each far from the others
 */
static void test_touching(void **state)
{
	struct fixture *f = *state;

	start(f, true, true);
	map(f, K(4), G(7), K(8), PTE_WRITE, 0);
	map(f, K(12), G(9), M(2) - K(12), 0, 0);
	map(f, M(2), M(2), M(2), PTE_WRITE | PTE_NX, 0);
	map(f, M(4), G(5) + K(4), K(4), PTE_GLOBAL, 0);
	check_pages(f, 512, 1, 0);
	check_tables(f);
}

/* --- high canonical addresses --------------------------------------------------------- */

/*
 * The direct map and the kernel image, in the upper half; and the last
 * 2M of the address space, whose end wraps to 0.
 *
 *   0xffff888000000000                      +4G  +2M  +4K
 *   va   |--------------direct map--------------|----|--|     pa 0
 *   1G   |   x4                                 |
 *   0xffffffff80000000       +10M  +12K   0xffffffffffe00000   2^64
 *   va   |--kernel image------|----|      |-------top--------|   pa 16M, 4G
 *   2M   |   x5               |           |                  |
 */
static void test_high_canonical(void **state)
{
	struct fixture *f = *state;
	const uint64_t *pml4;

	start(f, true, true);
	map(f, DIRECT_MAP, 0, G(4) + M(2) + K(4), PTE_WRITE | PTE_NX | PTE_GLOBAL, 0);
	map(f, KERNEL_IMAGE, M(16), M(10) + K(12), PTE_GLOBAL, 0);
	map(f, TOP_2M, G(4), M(2), PTE_WRITE | PTE_NX, 0);
	check_pages(f, 1 + 3, 1 + 5 + 1, 4);
	check_tables(f);

	/* Two PML4 slots used: 273 (direct map), 511 (image and top). */
	pml4 = sim_table(f, f->pt.root);
	for (unsigned int i = 0; i < 512; i++)
		check(!!pml4[i] == (i == 273 || i == 511), "PML4[%u] = %#lx", i, pml4[i]);
	probe(f, 0);
	probe(f, KERNEL_IMAGE - M(2));
}

/* --- flags ---------------------------------------------------------------------------- */

/*
 * The asked prot on every leaf, PTE_NX only with nx, PTE_HUGE on large
 * leaves only; upper levels PRESENT|WRITE whatever the leaf says.
 *
 *        2M-4K  2M     4M  4M+4K
 *   va     |----+--A---+----|        pa = va
 *   4K     |    |      |    |
 *   2M          |      |
 */
static void test_flags(void **state)
{
	static const uint64_t prots[] = {
		0, PTE_WRITE, PTE_GLOBAL, PTE_NX, PTE_WRITE | PTE_NX | PTE_GLOBAL,
		PTE_PCD | PTE_PWT, PTE_WRITE | PTE_PCD | PTE_NX,
	};
	struct fixture *f = *state;

	for (int nx = 0; nx <= 1; nx++) {
		for (unsigned int i = 0; i < ARRAY_SIZE(prots); i++) {
			uint64_t want = nx ? prots[i] : prots[i] & ~PTE_NX;
			phys_addr_t pa;
			uint64_t flags;

			start(f, true, nx);
			map(f, M(2) - K(4), M(2) - K(4), M(2) + K(8), prots[i], 0);
			check_pages(f, 2, 1, 0);
			check_tables(f);

			assert_true(pgtable_lookup(&f->pt, M(2) - K(4), &pa, &flags));
			assert_int_equal(flags, want | PTE_PRESENT);
			assert_true(pgtable_lookup(&f->pt, M(3) + 5, &pa, &flags));
			assert_int_equal(pa, M(3) + 5);
			assert_int_equal(flags, want | PTE_PRESENT | PTE_HUGE);
			assert_true(pgtable_lookup(&f->pt, M(4), &pa, &flags));
			assert_int_equal(flags, want | PTE_PRESENT);
		}
	}
}

/* --- counters and nodes ------------------------------------------------------------------ */

/*
 * mapped[] adds up over calls, by page size; tables counts the table
 * pages as they are made and not when they are shared.
 *
 *        0   4K 8K    2M    4M     1G    1G+4K  1G+2M      512G  +4K
 *   va   |-A-|-B|     |--C--|      |--D--|      ...E(1G)    |--F--|
 */
static void test_counters(void **state)
{
	struct fixture *f = *state;

	start(f, true, true);
	map(f, 0, 0, K(4), PTE_WRITE, 0);
	assert_int_equal(f->pt.tables, 4);
	map(f, K(4), K(4), K(4), PTE_WRITE, 0);
	assert_int_equal(f->pt.tables, 4);
	map(f, M(2), M(2), M(2), PTE_WRITE, 0);
	assert_int_equal(f->pt.tables, 4);
	map(f, G(1), G(1), K(4), PTE_WRITE, 0);
	assert_int_equal(f->pt.tables, 6);                  /* a PD and a PT */
	map(f, G(2), G(2), G(1), PTE_WRITE, 0);
	assert_int_equal(f->pt.tables, 6);
	map(f, G(512), G(512), K(4), PTE_WRITE, 0);
	assert_int_equal(f->pt.tables, 9);                  /* a PDPT, a PD, a PT */
	map(f, G(600), G(600), 0, PTE_WRITE, 0);            /* nothing */
	assert_int_equal(f->pt.tables, 9);
	check_pages(f, 4, 1, 1);
	check_tables(f);
}

/*
 * Table pages come from the node the call names; tables already there
 * are shared whatever node they are on.
 *
 *        0   4K     8K        1G   1G+4K     512G  512G+2M
 *   va   |-A-|      |-C-|     |-B--|          |--D--|
 *   nid    1          5         2                4
 */
static void test_nodes(void **state)
{
	struct fixture *f = *state;

	f->nr = 0;
	assert_int_equal(pgtable_init(&f->pt, sim_alloc, sim_map, f, true, true, 3), 0);
	map(f, 0, 0, K(4), PTE_WRITE, 1);
	map(f, G(1), G(1), K(4), PTE_WRITE, 2);
	map(f, K(8), K(8), K(4), PTE_WRITE, 5);
	map(f, G(512), G(512), M(2), PTE_WRITE, 4);
	check_tables(f);
	assert_int_equal(f->used, 1 + 3 + 2 + 0 + 2);
	{
		static const int want[] = { 3, 1, 1, 1, 2, 2, 4, 4 };

		for (unsigned int i = 0; i < ARRAY_SIZE(want); i++)
			check(f->node[i] == want[i], "table page %u on node %d, not %d", i,
			      f->node[i], want[i]);
	}
}

/* --- running out of memory ---------------------------------------------------------------- */

/*
 * With room for 1..4 of the 5 table pages the range needs, -ENOMEM; what
 * was mapped before the allocator ran dry is a correct prefix of the
 * range, counted in mapped[], and no table page is lost.  With 5, 0.
 *
 *        2M-8K  2M        4M  4M+4K
 *   va     |----+----A----+---|        pa = va + 1G, gbpages off
 *   4K     |x2 |  (PT 1)   |x1 |(PT 2)
 *   2M          |          |
 *   tables: root, PDPT, PD, PT 1, PT 2
 */
static void test_map_nomem(void **state)
{
	static const uint64_t prefix[] = { 0, 0, 0, 0, K(8) + M(2), K(8) + M(2) + K(4) };
	struct fixture *f = *state;
	uintptr_t va = M(2) - K(8);

	for (unsigned int limit = 1; limit <= 5; limit++) {
		int ret;

		start(f, false, true);
		f->limit = limit;
		ret = do_map(f, va, va + G(1), prefix[5], PTE_WRITE, 0);
		check(ret == (limit < 5 ? -ENOMEM : 0), "limit %u: pgtable_map() = %d", limit, ret);
		assert_int_equal(f->used, limit);
		if (prefix[limit])
			f->r[f->nr++] = (struct range){ va, va + G(1), prefix[limit], PTE_WRITE };
		check_tables(f);
	}
}

/* --- caller bugs -------------------------------------------------------------------------- */

/*
 * Mapping over a mapping is a BUG, whatever the page sizes:
 *
 *   old    |--4K--|           |----2M-----|    |--4K--|        |------1G------|
 *   new    |--4K--|             |-4K-|      |---2M---|           |--2M--|
 *   old    |--2M--|...         |---4K x2---|
 *   new          (1G)             |---4K x2---|
 */
static void test_bug_overlap(void **state)
{
	struct fixture *f = *state;

	start(f, true, true);                       /* the same 4K page */
	map(f, K(4), K(4), K(4), PTE_WRITE, 0);
	expect_bug(pgtable_map(&f->pt, K(4), G(1), K(4), PTE_WRITE, 0));

	start(f, true, true);                       /* 4K inside a 2M page */
	map(f, M(2), M(2), M(2), PTE_WRITE, 0);
	expect_bug(pgtable_map(&f->pt, M(2) + K(8), K(8), K(4), PTE_WRITE, 0));

	start(f, true, true);                       /* 2M over a 4K page */
	map(f, M(2) + K(8), K(8), K(4), PTE_WRITE, 0);
	expect_bug(pgtable_map(&f->pt, M(2), M(2), M(2), PTE_WRITE, 0));

	start(f, true, true);                       /* 1G over a 2M page */
	map(f, G(1) + M(4), M(4), M(2), PTE_WRITE, 0);
	expect_bug(pgtable_map(&f->pt, G(1), G(1), G(1), PTE_WRITE, 0));

	start(f, true, true);                       /* 2M inside a 1G page */
	map(f, G(1), G(1), G(1), PTE_WRITE, 0);
	expect_bug(pgtable_map(&f->pt, G(1) + M(6), M(6), M(2), PTE_WRITE, 0));

	start(f, true, true);                       /* tail over head */
	map(f, K(4), K(4), K(8), PTE_WRITE, 0);
	expect_bug(pgtable_map(&f->pt, K(8), G(2), K(8), PTE_WRITE, 0));

	start(f, true, true);                       /* the last page of a range */
	map(f, DIRECT_MAP, 0, M(4), PTE_WRITE, 0);
	expect_bug(pgtable_map(&f->pt, DIRECT_MAP + M(4) - K(4), 0, K(4), PTE_WRITE, 0));
}

/* pgtable_map(@r) BUGs before any table is touched. */
static void bug_untouched(struct fixture *f, const struct range *r)
{
	start(f, true, true);
	expect_bug(pgtable_map(&f->pt, r->va, r->pa, r->size, PTE_WRITE, 0));
	assert_int_equal(f->pt.tables, 1);
	check_pages(f, 0, 0, 0);
	check_tables(f);
}

/* va, pa or size not page aligned: BUG, before any table is touched. */
static void test_bug_unaligned(void **state)
{
	static const struct range bad[] = {
		{ K(4) + 1, K(4), K(4), 0 },
		{ K(4), K(4) + 0x800, K(4), 0 },
		{ K(4), K(4), K(4) + 8, 0 },
		{ K(4), K(4), 0x800, 0 },
		{ M(2) + 0x10, M(2), M(2), 0 },
	};
	struct fixture *f = *state;

	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++)
		bug_untouched(f, &bad[i]);
}

/* --- randomized ----------------------------------------------------------------------------- */

#define TRIALS          150
#define RANDOM_RANGES   8
#define SAMPLES         24

/* TEST_SEED, or a fixed seed so that `make test` is repeatable. */
static uint64_t base_seed(void)
{
	return stub_seed(0x7067746162ULL);
}

/* Upper bound of the table pages a range can need. */
static uint64_t tables_for(uint64_t size)
{
	return size / SZ_2M + size / SZ_1G + 6;
}

/* A random range, not yet checked against the others: 4K..3G, va in
 * either half of the address space, pa congruent to va modulo 1G (half
 * of the time) or 2M or not at all; sometimes right after the previous range. */
static struct range random_range(struct fixture *f, uint64_t *s)
{
	static const uint64_t prots[] = { PTE_WRITE, PTE_WRITE | PTE_NX, PTE_GLOBAL,
					  PTE_WRITE | PTE_NX | PTE_GLOBAL, 0, PTE_PCD };
	struct range r;
	uint64_t c = stub_rnd_below(s, 10), cong = stub_rnd_below(s, 4);

	if (c < 4)
		r.size = (1 + stub_rnd_below(s, 1024)) * PAGE_SIZE;
	else if (c < 7)
		r.size = (1 + stub_rnd_below(s, M(64) / PAGE_SIZE)) * PAGE_SIZE;
	else
		r.size = (1 + stub_rnd_below(s, G(3) / PAGE_SIZE)) * PAGE_SIZE;

	if (f->nr && stub_rnd_below(s, 4) == 0) {
		r.va = f->r[f->nr - 1].va + f->r[f->nr - 1].size;
	} else {
		r.va = stub_rnd(s) & ((1ULL << 47) - 1) & ~(PAGE_SIZE - 1);
		switch (stub_rnd_below(s, 3)) {
		case 0: r.va &= ~(SZ_2M - 1); break;
		case 1: r.va &= ~(SZ_1G - 1); break;
		}
		if (stub_rnd_below(s, 2))
			r.va |= 0xffff800000000000ULL;
	}
	r.pa = stub_rnd(s) & ((1ULL << 46) - 1) & ~(SZ_1G - 1);
	if (cong <= 1)
		r.pa += r.va & (SZ_1G - 1);
	else if (cong == 2)
		r.pa += (r.va & (SZ_2M - 1)) + (stub_rnd_below(s, 512) << 21);
	else
		r.pa += stub_rnd_below(s, SZ_1G / PAGE_SIZE) * PAGE_SIZE;
	r.prot = prots[stub_rnd_below(s, ARRAY_SIZE(prots))];
	return r;
}

/* @r is canonical (one half, not wrapping) and touches no other range. */
static bool range_ok(const struct fixture *f, const struct range *r)
{
	uintptr_t last = r->va + r->size - 1;

	if (last < r->va || (last ^ r->va) >> 47)
		return false;
	if (!(r->va >> 47 == 0 || r->va >> 47 == 0x1ffff))
		return false;
	for (unsigned int i = 0; i < f->nr; i++)
		if (r->va - f->r[i].va < f->r[i].size || f->r[i].va - r->va < r->size)
			return false;
	return true;
}

/* @va, and the page before it, where it lies inside @r. */
static void probe_edge(struct fixture *f, const struct range *r, uintptr_t va)
{
	if (va - r->va < r->size) {
		probe(f, va);
		probe(f, va - PAGE_SIZE);
	}
}

static void random_trial(struct fixture *f, uint64_t seed)
{
	uint64_t s = seed, budget = 1;
	unsigned int n;

	snprintf(note, sizeof(note), "\n  (seed %#lx; TEST_SEED=%#lx replays it first)", seed,
		 seed);
	start(f, stub_rnd_below(&s, 2), stub_rnd_below(&s, 2));
	n = 1 + (unsigned int)stub_rnd_below(&s, RANDOM_RANGES);
	for (unsigned int i = 0; i < n; i++) {
		for (unsigned int tries = 0; tries < 20; tries++) {
			struct range r = random_range(f, &s);

			if (!range_ok(f, &r) || budget + tables_for(r.size) > SIM_PAGES)
				continue;
			budget += tables_for(r.size);
			map(f, r.va, r.pa, r.size, r.prot, (int)stub_rnd_below(&s, 4));
			break;
		}
	}
	check_tables(f);

	/* Sampled pages at random offsets, and the edges of large pages. */
	for (unsigned int i = 0; i < f->nr; i++) {
		const struct range *r = &f->r[i];

		for (unsigned int k = 0; k < SAMPLES; k++)
			probe(f, r->va + stub_rnd_below(&s, r->size));
		probe_edge(f, r, (r->va + SZ_2M - 1) & ~(SZ_2M - 1));
		probe_edge(f, r, (r->va + r->size) & ~(SZ_2M - 1));
		probe_edge(f, r, (r->va + SZ_1G - 1) & ~(SZ_1G - 1));
		probe_edge(f, r, (r->va + r->size) & ~(SZ_1G - 1));
	}
	note[0] = '\0';
}

/*
 * Random disjoint ranges in both halves of the address space, each
 * checked page by page through the tables and sampled by lookup.
 */
static void test_random(void **state)
{
	uint64_t seed = base_seed();

	for (unsigned int trial = 0; trial < TRIALS; trial++)
		random_trial(*state, seed + trial);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_init),
		TEST(test_init_nomem),
		TEST(test_4k_page),
		TEST(test_exact_large),
		TEST(test_4k_edges),
		TEST(test_1g_pages),
		TEST(test_misaligned_pa),
		TEST(test_one_page_short),
		TEST(test_touching),
		TEST(test_high_canonical),
		TEST(test_flags),
		TEST(test_counters),
		TEST(test_nodes),
		TEST(test_map_nomem),
		TEST(test_bug_overlap),
		TEST(test_bug_unaligned),
		TEST(test_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
