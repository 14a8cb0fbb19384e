/*
 * tests/unit/mm/bootmem_test.c - the boot-time allocator (mm/bootmem.c) on
 * simulated physical memory.
 *
 * Physical memory is simulated with one anonymous mapping per run of
 * contiguous RAM (MAP_NORESERVE: a 1 TiB span or 8 GiB of RAM costs only
 * the pages that are touched), each fenced by PROT_NONE guard pages.  The
 * allocator reaches memory only through sim_map(), which fails the test
 * for any byte outside simulated RAM - so a bitmap placed in a hole, or a
 * block zeroed across a gap, fails loudly instead of scribbling.  Small
 * layouts are filled with a pattern first: real machines do not hand out
 * zeroed RAM.
 *
 * Every expectation is worked out from the ranges a case registers and the
 * calls it makes (by the rules of mm/bootmem.h), never copied from output.
 * Page 0 is kept out of the allocator's hands (not registered, or reserved
 * early as Linux does), because physical address 0 is also "nothing fits".
 *
 * Diagrams draw physical memory left to right, not to scale unless said:
 *
 *   RAM      |--- 0 ---|      a registered range and its node
 *   early    [k]              an early reservation (kernel image, ...)
 *   bitmap   [B]              where the bitmap must go
 *   taken    [xx]             pages a case reserves or allocates
 *   alloc    ^A               where an allocation must land
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <cmocka.h>

#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "mm/bootmem.h"
#include "tests/unit/stubs/stubs.h"

#define K(x)            ((phys_addr_t)(x) * SZ_1K)
#define M(x)            ((phys_addr_t)(x) * SZ_1M)
#define G(x)            ((phys_addr_t)(x) * SZ_1G)
#define T(x)            ((phys_addr_t)(x) << 40)
#define PG(x)           ((phys_addr_t)(x) * PAGE_SIZE)

#define ANY             NUMA_ANY_NODE
#define EXACT           BOOTMEM_EXACT_NODE
#define RAW             BOOTMEM_RAW
#define PATTERN         0xa5    /* what simulated RAM holds before use */
#define FILL_MAX        M(128)   /* layouts up to this much RAM are filled */
#define SIM_MAX         64      /* runs of contiguous RAM in one layout */
#define RAM_MAX         16      /* ranges one case registers */

/* A range of RAM as a case registers it: bytes [start, end), page-aligned. */
struct ram {
	phys_addr_t start, end;
	int nid;
};

#define RAM(nid, s, e)  { (s), (e), (nid) }

/* An early reservation, bytes [start, end). */
struct resv {
	phys_addr_t start, end;
};

/* --- simulated physical memory ---------------------------------------------- */

/* One run of contiguous RAM and the host memory behind it. */
struct region {
	phys_addr_t start, end;
	uint8_t *host;
	void *mapping;          /* with the guard pages around it */
	size_t mapping_len;
};

struct sim {
	struct region region[SIM_MAX];
	unsigned int nr;
	bool lenient;           /* map_fn may refuse without failing the test */
	unsigned int refused;
	unsigned int refuse_in; /* > 0: the refuse_in-th map_fn call from now
				 * returns NULL (once), as a map that cannot
				 * reach the memory would */
};

/* map_fn has no context argument: the simulation of the running case. */
static struct sim *sim_now;

/*
 * The bootmem_map_fn: host memory behind [pa, pa + size), which must lie in
 * one run of simulated RAM.  Anything else is a bug of the allocator: the
 * test fails here (or, for a case that asks, map_fn returns NULL).
 */
static void *sim_map(phys_addr_t pa, uint64_t size)
{
	struct sim *s = sim_now;

	if (s->refuse_in && !--s->refuse_in) {
		s->refused++;
		return NULL;
	}
	for (unsigned int i = 0; i < s->nr; i++) {
		const struct region *r = &s->region[i];

		if (pa >= r->start && pa < r->end && size <= r->end - pa)
			return r->host + (pa - r->start);
	}
	s->refused++;
	if (!s->lenient)
		fail_msg("map_fn: [mem %#018lx-%#018lx] is not simulated RAM", pa,
			 pa + size - 1);
	return NULL;
}

/* The physical address of host pointer @v, which must be simulated RAM. */
static phys_addr_t sim_phys(const void *v)
{
	const uint8_t *p = v;

	for (unsigned int i = 0; i < sim_now->nr; i++) {
		const struct region *r = &sim_now->region[i];

		if (p >= r->host && p < r->host + (r->end - r->start))
			return r->start + (phys_addr_t)(p - r->host);
	}
	fail_msg("pointer %p is not simulated RAM", v);
	return 0;
}

/* Host memory behind physical [pa, pa + size) (not through the allocator). */
static uint8_t *sim_host(phys_addr_t pa, uint64_t size)
{
	bool lenient = sim_now->lenient;
	unsigned int refuse_in = sim_now->refuse_in;
	uint8_t *p;

	sim_now->lenient = false;
	sim_now->refuse_in = 0;
	p = sim_map(pa, size);
	sim_now->lenient = lenient;
	sim_now->refuse_in = refuse_in;
	return p;
}

static int cmp_ram(const void *a, const void *b)
{
	const struct ram *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

/*
 * Map the RAM of @n ranges: one anonymous mapping per run of touching
 * ranges (whatever their nodes: an allocation for any node may cross from
 * one into the next), a guard page on each side.  Small layouts are
 * filled with PATTERN.
 */
static void sim_build(struct sim *s, const struct ram *in, unsigned int n)
{
	struct ram r[RAM_MAX];
	uint64_t total = 0;

	assert_true(n <= RAM_MAX);
	memcpy(r, in, n * sizeof(*r));
	qsort(r, n, sizeof(*r), cmp_ram);
	memset(s, 0, sizeof(*s));
	for (unsigned int i = 0; i < n; i++) {
		assert_true(IS_ALIGNED(r[i].start, PAGE_SIZE) && IS_ALIGNED(r[i].end, PAGE_SIZE));
		if (s->nr && s->region[s->nr - 1].end == r[i].start) {
			s->region[s->nr - 1].end = r[i].end;
			continue;
		}
		assert_true(s->nr < SIM_MAX);
		s->region[s->nr++] = (struct region){ .start = r[i].start, .end = r[i].end };
	}
	for (unsigned int i = 0; i < s->nr; i++) {
		struct region *g = &s->region[i];
		size_t len = g->end - g->start;
		uint8_t *m;

		g->mapping_len = len + 2 * PAGE_SIZE;
		m = mmap(NULL, g->mapping_len, PROT_NONE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		assert_true(m != MAP_FAILED);
		assert_int_equal(mprotect(m + PAGE_SIZE, len, PROT_READ | PROT_WRITE), 0);
		g->mapping = m;
		g->host = m + PAGE_SIZE;
		total += len;
	}
	if (total <= FILL_MAX)
		for (unsigned int i = 0; i < s->nr; i++)
			memset(s->region[i].host, PATTERN, s->region[i].end - s->region[i].start);
	sim_now = s;
}

static void sim_free(struct sim *s)
{
	for (unsigned int i = 0; i < s->nr; i++)
		munmap(s->region[i].mapping, s->region[i].mapping_len);
	s->nr = 0;
}

/* --- panics ------------------------------------------------------------------ */

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

static void assert_panic_says(const char *what)
{
	if (!strstr(stub_panic_message(), what))
		fail_msg("panic message \"%s\" lacks \"%s\"", stub_panic_message(), what);
}

/* --- fixture ------------------------------------------------------------------ */

/* A block handed over by bootmem_release(). */
struct block {
	pfn_t pfn;
	unsigned int order;
	int nid;
};

struct handout {
	struct block *b;
	size_t n, cap;
};

struct fixture {
	struct bootmem *bm;
	struct sim sim;
	struct ram ram[RAM_MAX];        /* the input, as registered */
	unsigned int nr_ram;
	struct resv early[BOOTMEM_MAX_EARLY_RESV];
	unsigned int nr_early;
	unsigned int nr_nodes;
	const uint8_t (*distance)[MAX_NUMNODES];
	struct handout out;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->bm = calloc(1, sizeof(*f->bm));
	if (!f->bm) {
		free(f);
		return -1;
	}
	stub_log_reset();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	sim_free(&f->sim);
	sim_now = NULL;
	bootmem_kernel = NULL;
	free(f->out.b);
	free(f->bm);
	free(f);
	return 0;
}

/* Start an allocator over @n ranges, registered in the order given. */
static void make(struct fixture *f, const struct ram *ram, unsigned int n,
		 unsigned int nr_nodes, const uint8_t (*distance)[MAX_NUMNODES])
{
	assert_true(n <= RAM_MAX);
	memcpy(f->ram, ram, n * sizeof(*ram));
	f->nr_ram = n;
	f->nr_nodes = nr_nodes;
	f->distance = distance;
	f->nr_early = 0;
	if (!f->sim.nr)
		sim_build(&f->sim, ram, n);
	sim_now = &f->sim;
	bootmem_init(f->bm, sim_map, nr_nodes, distance);
	/* Page frame 0 is never registered (bootmem refuses it, and the
	 * kernel's memory map never holds it): a range from 0 starts at 1. */
	for (unsigned int i = 0; i < n; i++)
		assert_int_equal(bootmem_add_range(f->bm, MAX(PFN_DOWN(ram[i].start), 1),
						   PFN_DOWN(ram[i].end), ram[i].nid), 0);
}

static void early(struct fixture *f, phys_addr_t start, phys_addr_t end)
{
	assert_int_equal(bootmem_reserve_early(f->bm, start, end, "test"), 0);
	f->early[f->nr_early++] = (struct resv){ start, end };
}

static void up(struct fixture *f)
{
	assert_int_equal(bootmem_setup(f->bm), 0);
}

/* make() and set up.  Page 0, which make() leaves out, is also listed as
 * an early reservation so that the model below never counts it free. */
static void make_up(struct fixture *f, const struct ram *ram, unsigned int n,
		    unsigned int nr_nodes, const uint8_t (*distance)[MAX_NUMNODES])
{
	make(f, ram, n, nr_nodes, distance);
	early(f, 0, PAGE_SIZE);
	up(f);
}

/* --- what the input says ------------------------------------------------------ */

/* The node of page frame @pfn by the input, or NUMA_NO_NODE. */
static int in_nid(const struct fixture *f, pfn_t pfn)
{
	for (unsigned int i = 0; i < f->nr_ram; i++)
		if (PFN_DOWN(f->ram[i].start) <= pfn && pfn < PFN_DOWN(f->ram[i].end))
			return f->ram[i].nid;
	return NUMA_NO_NODE;
}

/* Pages [s, e) are all RAM of node @nid (ANY: of any node), by the input. */
static bool in_ram(const struct fixture *f, pfn_t s, pfn_t e, int nid)
{
	while (s < e) {
		unsigned int i;

		for (i = 0; i < f->nr_ram; i++)
			if (PFN_DOWN(f->ram[i].start) <= s && s < PFN_DOWN(f->ram[i].end) &&
			    (nid == ANY || f->ram[i].nid == nid))
				break;
		if (i == f->nr_ram)
			return false;
		s = PFN_DOWN(f->ram[i].end);
	}
	return true;
}

static uint64_t in_pages(const struct fixture *f, int nid)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < f->nr_ram; i++)
		if (nid == ANY || f->ram[i].nid == nid)
			n += PFN_DOWN(f->ram[i].end - f->ram[i].start);
	return n;
}

/* The input sorted, touching ranges of one node joined: the table the
 * allocator must keep.  Returns the count. */
static unsigned int in_table(const struct fixture *f, struct ram *out)
{
	unsigned int k = 0;

	memcpy(out, f->ram, f->nr_ram * sizeof(*out));
	qsort(out, f->nr_ram, sizeof(*out), cmp_ram);
	for (unsigned int i = 0; i < f->nr_ram; i++) {
		if (k && out[k - 1].end == out[i].start && out[k - 1].nid == out[i].nid)
			out[k - 1].end = out[i].end;
		else
			out[k++] = out[i];
	}
	return k;
}

/*
 * Bits of the bitmap by mm/bootmem.h's layout: slice i starts at the first
 * bit congruent to its first page frame mod 64 that is not below the end of
 * slice i-1 (touching ranges) or past it (a gap needs a padding bit).
 */
static uint64_t in_map_bits(const struct fixture *f)
{
	struct ram t[RAM_MAX];
	unsigned int n = in_table(f, t);
	uint64_t bit = 0;

	for (unsigned int i = 0; i < n; i++) {
		pfn_t s = PFN_DOWN(t[i].start);

		if (i && t[i - 1].end != t[i].start)
			bit++;
		while (bit % 64 != s % 64)
			bit++;
		bit += PFN_DOWN(t[i].end) - s;
	}
	return bit;
}

static uint64_t map_bytes_for(uint64_t bits)
{
	return ALIGN_UP(ALIGN_UP(bits, 64) / 8, PAGE_SIZE);
}

/* Does page frame @p meet an early reservation of the case? */
static bool in_early(const struct fixture *f, pfn_t p)
{
	for (unsigned int i = 0; i < f->nr_early; i++)
		if (f->early[i].start < PG(p + 1) && PG(p) < f->early[i].end)
			return true;
	return false;
}

/*
 * Where the bitmap of @pages pages must go: the highest page frame p with
 * [p, p + pages) inside one range of the table and meeting no early
 * reservation.  NONE if nowhere.
 */
static pfn_t in_map_at(const struct fixture *f, uint64_t pages)
{
	struct ram t[RAM_MAX];
	unsigned int n = in_table(f, t);

	for (unsigned int i = n; i-- > 0;) {
		pfn_t s = PFN_DOWN(t[i].start), e = PFN_DOWN(t[i].end);

		for (pfn_t p = e; p >= s + pages; p--) {
			pfn_t q = p;

			while (q > p - pages && !in_early(f, q - 1))
				q--;
			if (q == p - pages)
				return q;
			p = q;          /* no run that holds a reserved page works */
		}
	}
	return UINT64_MAX;
}

/* The bitmap is where and as big as the input says. */
static void assert_bitmap(const struct fixture *f)
{
	uint64_t bits = in_map_bits(f), bytes = map_bytes_for(bits);
	pfn_t at = in_map_at(f, bytes / PAGE_SIZE);

	assert_int_equal(f->bm->map_bits, bits);
	assert_int_equal(f->bm->map_bytes, bytes);
	assert_int_not_equal(at, UINT64_MAX);
	assert_int_equal(f->bm->map_phys, PG(at));
}

/* Free pages: all RAM of @nid less the early reservations and the bitmap. */
static uint64_t in_free_after_setup(const struct fixture *f, int nid)
{
	pfn_t ms = PFN_DOWN(f->bm->map_phys), me = ms + f->bm->map_bytes / PAGE_SIZE;
	uint64_t n = in_pages(f, nid);

	for (unsigned int i = 0; i < f->nr_ram; i++) {
		if (nid != ANY && f->ram[i].nid != nid)
			continue;
		for (pfn_t p = PFN_DOWN(f->ram[i].start); p < PFN_DOWN(f->ram[i].end); p++)
			n -= in_early(f, p) || (p >= ms && p < me);
	}
	return n;
}

/* --- checks ------------------------------------------------------------------- */

static void assert_on_node(const struct fixture *f, phys_addr_t pa, uint64_t size, int nid)
{
	if (!in_ram(f, PFN_DOWN(pa), PFN_UP(pa + size), nid))
		fail_msg("[mem %#018lx-%#018lx] is not all RAM of node %d", pa, pa + size - 1, nid);
}

static void assert_reserved(const struct fixture *f, pfn_t s, pfn_t e, bool reserved)
{
	for (pfn_t p = s; p < e; p++)
		if (bootmem_pfn_reserved(f->bm, p) != reserved)
			fail_msg("pfn %#lx is %s, want %s", p, reserved ? "free" : "reserved",
				 reserved ? "reserved" : "free");
}

static void assert_bytes(phys_addr_t pa, uint64_t size, uint8_t v)
{
	const uint8_t *p = sim_host(pa, size);

	for (uint64_t i = 0; i < size; i++)
		if (p[i] != v)
			fail_msg("byte %#lx is %#x, want %#x", pa + i, p[i], v);
}

static void assert_log_has(const char *what)
{
	if (!strstr(stub_log(), what))
		fail_msg("log lacks \"%s\":\n%s", what, stub_log());
}

/* A copy of the allocator and its bitmap, to show that a call changed
 * nothing. */
struct snap {
	struct bootmem bm;
	uint8_t *map;
	uint64_t bytes;
};

static struct snap *snap_take(const struct bootmem *bm)
{
	struct snap *s = calloc(1, sizeof(*s));

	assert_non_null(s);
	s->bm = *bm;
	s->bytes = bm->map ? bm->map_bytes : 0;
	s->map = malloc(s->bytes + 1);
	assert_non_null(s->map);
	if (s->bytes)
		memcpy(s->map, bm->map, s->bytes);
	return s;
}

static void assert_unchanged(struct snap *s, const struct bootmem *bm)
{
	if (memcmp(&s->bm, bm, sizeof(*bm)))
		fail_msg("struct bootmem changed");
	if (s->bytes && memcmp(s->map, bm->map, s->bytes))
		fail_msg("the bitmap changed");
	free(s->map);
	free(s);
}

/*
 * A 2 MiB BOOTMEM_RAW block far from anything touched must stay untouched
 * (not resident in the host).  Cases that hand out GiB-sized RAW blocks
 * check this first, so that an allocator zeroing them anyway fails here
 * rather than writing gigabytes of host memory.
 */
static phys_addr_t alloc(struct fixture *f, uint64_t size, uint64_t align, phys_addr_t goal,
			 phys_addr_t limit, int nid, unsigned int flags);

static void raw_canary(struct fixture *f, phys_addr_t goal)
{
	unsigned char vec[SZ_2M / PAGE_SIZE];
	phys_addr_t pa = alloc(f, SZ_2M, SZ_2M, goal, 0, ANY, RAW);

	assert_int_equal(mincore(sim_host(pa, SZ_2M), SZ_2M, vec), 0);
	for (unsigned int i = 0; i < ARRAY_SIZE(vec); i++)
		if (vec[i] & 1)
			fail_msg("BOOTMEM_RAW block at %#lx was written (page %u)", pa, i);
	bootmem_free(f->bm, pa, SZ_2M);
}

/* An allocation that must succeed. */
static phys_addr_t alloc(struct fixture *f, uint64_t size, uint64_t align, phys_addr_t goal,
			 phys_addr_t limit, int nid, unsigned int flags)
{
	phys_addr_t pa = bootmem_alloc_try_nid(f->bm, size, align, goal, limit, nid, flags);

	if (!pa)
		fail_msg("no room for %#lx bytes, align %#lx, goal %#lx, limit %#lx, node %d%s",
			 size, align, goal, limit, nid, flags & EXACT ? " exact" : "");
	assert_on_node(f, pa, size, ANY);
	return pa;
}

/* --- release ------------------------------------------------------------------ */

static void collect(void *ctx, pfn_t pfn, unsigned int order, int nid)
{
	struct handout *h = ctx;

	if (h->n == h->cap) {
		h->cap = h->cap ? 2 * h->cap : 1024;
		h->b = realloc(h->b, h->cap * sizeof(*h->b));
		assert_non_null(h->b);
	}
	h->b[h->n++] = (struct block){ pfn, order, nid };
}

/* Blocks of at most 2^@max_order a run of @n pages at @s takes at least. */
static uint64_t blocks_for(pfn_t s, uint64_t n, unsigned int max_order)
{
	uint64_t k = 0;

	while (n) {
		unsigned int o = 0;

		while (o < max_order && !((s >> o) & 1) && (2ULL << o) <= n)
			o++;
		s += 1ULL << o;
		n -= 1ULL << o;
		k++;
	}
	return k;
}

/*
 * Release and check the hand-over against @want, one byte per page frame
 * [0, @span): 1 = free (handed over in the node pass), 2 = the bitmap
 * (handed over last), 0 = not handed over.  Every such page exactly once,
 * in naturally aligned blocks of at most 2^@max_order on the page's own
 * node, node by node ascending and in address order, the bitmap last, in
 * as few blocks as the runs allow.
 */
static void release_and_check(struct fixture *f, const uint8_t *want, pfn_t span,
			      unsigned int max_order)
{
	uint8_t *seen = calloc(span, 1);
	uint64_t expect = 0, blocks = 0, got;
	int phase = 1, last_nid = -1;
	pfn_t last = 0;

	assert_non_null(seen);
	f->out.n = 0;
	got = bootmem_release(f->bm, max_order, collect, &f->out);
	for (size_t i = 0; i < f->out.n; i++) {
		const struct block *b = &f->out.b[i];
		pfn_t n = 1ULL << b->order;

		if (b->order > max_order || b->pfn % n || b->pfn + n > span)
			fail_msg("block %zu: pfn %#lx order %u (max %u)", i, b->pfn, b->order,
				 max_order);
		if (want[b->pfn] == 2 && phase == 1) {
			phase = 2;      /* from here on only the bitmap */
			last = 0;
		}
		if (phase == 1 && (b->nid < last_nid || (b->nid == last_nid && b->pfn < last)))
			fail_msg("block %zu (node %d pfn %#lx) out of order", i, b->nid, b->pfn);
		if (phase == 2 && b->pfn < last)
			fail_msg("bitmap block %zu (pfn %#lx) out of order", i, b->pfn);
		last_nid = b->nid;
		last = b->pfn + n;
		for (pfn_t p = b->pfn; p < b->pfn + n; p++) {
			if (want[p] != phase)
				fail_msg("block %zu: pfn %#lx handed over (want %u, phase %d)", i, p,
					 want[p], phase);
			if (seen[p]++)
				fail_msg("pfn %#lx handed over twice", p);
			if (in_nid(f, p) != b->nid)
				fail_msg("pfn %#lx handed over as node %d, is node %d", p, b->nid,
					 in_nid(f, p));
		}
	}
	/* Count what should have come, and the fewest blocks it takes. */
	for (pfn_t p = 0; p < span;) {
		pfn_t q = p + 1;

		if (!want[p]) {
			p++;
			continue;
		}
		if (!seen[p])
			fail_msg("pfn %#lx never handed over", p);
		while (q < span && want[q] == want[p] && in_nid(f, q) == in_nid(f, p))
			q++;
		expect += q - p;
		blocks += blocks_for(p, q - p, max_order);
		p = q;
	}
	assert_int_equal(got, expect);
	assert_int_equal(f->out.n, blocks);
	free(seen);
}

/*
 * What the hand-over of a small layout (@span pages) must give, by the
 * input: RAM that is neither reserved early nor in @taken (the case's own
 * record of what it holds) is 1; the bitmap's pages, where assert_bitmap()
 * has shown the input puts them, are 2.
 */
static uint8_t *want_from(const struct fixture *f, const uint8_t *taken, pfn_t span)
{
	uint8_t *want = calloc(span, 1);
	pfn_t ms = PFN_DOWN(f->bm->map_phys), me = ms + f->bm->map_bytes / PAGE_SIZE;

	assert_non_null(want);
	for (pfn_t p = 0; p < span; p++) {
		if (in_nid(f, p) == NUMA_NO_NODE)
			continue;
		if (p >= ms && p < me)
			want[p] = 2;
		else if (!in_early(f, p) && !(taken && taken[p]))
			want[p] = 1;
	}
	return want;
}

/* =========================================================================== */
/* Registration and setup                                                      */
/* =========================================================================== */

/*
 * One node, RAM from 1 MiB to 64 MiB, the kernel at 1 MiB:
 *
 *   RAM      |-------------------- 0 --------------------|
 *   early    [kkkk]
 *   bitmap                                             [B]
 *   alloc                                      ... ^B ^A
 *            1M   1M+512K                                 64M
 *
 * The bitmap (one bit per page, 16128 pages: 2016 bytes, one page) goes
 * in the top page; everything else is free; allocations come down from
 * below it.
 */
static void test_single_node(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(64)) };
	phys_addr_t a, b;

	make(f, ram, ARRAY_SIZE(ram), 1, NULL);
	early(f, M(1), M(1) + K(512));
	up(f);
	assert_bitmap(f);
	assert_int_equal(f->bm->map_phys, M(64) - PAGE_SIZE);
	assert_int_equal(f->bm->nr_ranges, 1);
	assert_int_equal(bootmem_free_pages(f->bm, 0), in_free_after_setup(f, 0));
	assert_int_equal(bootmem_free_pages(f->bm, ANY), in_free_after_setup(f, ANY));
	assert_reserved(f, PFN_DOWN(M(1)), PFN_DOWN(M(1) + K(512)), true);
	assert_reserved(f, PFN_DOWN(M(1) + K(512)), PFN_DOWN(M(64)) - 1, false);
	assert_reserved(f, PFN_DOWN(M(64)) - 1, PFN_DOWN(M(64)), true);
	assert_int_equal(bootmem_pfn_nid(f->bm, PFN_DOWN(M(1))), 0);
	assert_int_equal(bootmem_pfn_nid(f->bm, PFN_DOWN(M(64)) - 1), 0);
	assert_int_equal(bootmem_pfn_nid(f->bm, PFN_DOWN(M(64))), NUMA_NO_NODE);
	assert_int_equal(bootmem_pfn_nid(f->bm, PFN_DOWN(M(1)) - 1), NUMA_NO_NODE);
	assert_false(bootmem_pfn_reserved(f->bm, PFN_DOWN(M(64))));

	a = alloc(f, PAGE_SIZE, PAGE_SIZE, 0, 0, ANY, 0);
	assert_int_equal(a, M(64) - 2 * PAGE_SIZE);
	b = alloc(f, 3 * PAGE_SIZE, 0, 0, 0, 0, EXACT);
	assert_int_equal(b, a - 3 * PAGE_SIZE);
	assert_int_equal(bootmem_free_pages(f->bm, 0), in_free_after_setup(f, 0) - 4);
	assert_reserved(f, PFN_DOWN(b), PFN_DOWN(a) + 1, true);
	assert_reserved(f, PFN_DOWN(b) - 1, PFN_DOWN(b), false);
}

/*
 * Three ranges of node 0 with holes between them, registered out of
 * order (third, first, second):
 *
 *   RAM      |-- 0 --|      |---- 0 ----|          |-- 0 --|
 *            1M      3M     5M          9M         12M     14M
 *
 * The table comes out sorted; nothing joins across a hole: an exact
 * allocation of 4 MiB fits only in [5M, 9M), one of 5 MiB nowhere, though
 * 8 MiB of the node are free.
 */
static void test_ranges_out_of_order(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, M(12), M(14)), RAM(0, M(1), M(3)), RAM(0, M(5), M(9)),
	};
	struct ram t[RAM_MAX];
	unsigned int n;
	phys_addr_t pa;

	make(f, ram, ARRAY_SIZE(ram), 1, NULL);
	n = in_table(f, t);
	assert_int_equal(f->bm->nr_ranges, n);
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(f->bm->range[i].start, PFN_DOWN(t[i].start));
		assert_int_equal(f->bm->range[i].end, PFN_DOWN(t[i].end));
		assert_int_equal(f->bm->range[i].nid, t[i].nid);
	}
	up(f);
	assert_bitmap(f);
	assert_int_equal(bootmem_free_pages(f->bm, 0), in_free_after_setup(f, 0));
	for (pfn_t p = 0; p < PFN_DOWN(M(15)); p++)
		assert_int_equal(bootmem_pfn_nid(f->bm, p), in_nid(f, p));

	assert_int_equal(bootmem_alloc_try_nid(f->bm, M(5), 0, 0, 0, 0, EXACT), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, M(5), 0, 0, 0, ANY, 0), 0);
	pa = alloc(f, M(4), PAGE_SIZE, 0, 0, 0, EXACT);
	assert_int_equal(pa, M(5));
}

/*
 * Touching ranges of one node, registered apart and then joined by the
 * one between them:
 *
 *   RAM      |---- 0 ----|---- 0 ----|---- 0 ----|     three registrations
 *            1M          16M         32M         48M
 *   table    |------------------ 0 --------------|     one range
 *
 * A node-bound allocation of 40 MiB crosses both old boundaries.
 */
static void test_touching_same_node_merged(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, M(1), M(16)), RAM(0, M(32), M(48)), RAM(0, M(16), M(32)),
		RAM(0, M(48), M(50)), RAM(0, K(512), M(1)),
	};
	phys_addr_t pa;

	sim_build(&f->sim, ram, ARRAY_SIZE(ram));
	make(f, ram, 3, 1, NULL);
	assert_int_equal(f->bm->nr_ranges, 1);
	assert_int_equal(f->bm->range[0].start, PFN_DOWN(M(1)));
	assert_int_equal(f->bm->range[0].end, PFN_DOWN(M(48)));
	/* Joining from the left and from the right, too. */
	assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(M(48)), PFN_DOWN(M(50)), 0), 0);
	assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(K(512)), PFN_DOWN(M(1)), 0), 0);
	memcpy(f->ram, ram, sizeof(ram));
	f->nr_ram = ARRAY_SIZE(ram);
	assert_int_equal(f->bm->nr_ranges, 1);
	assert_int_equal(f->bm->range[0].start, PFN_DOWN(K(512)));
	assert_int_equal(f->bm->range[0].end, PFN_DOWN(M(50)));
	up(f);
	assert_bitmap(f);

	pa = alloc(f, M(40), PAGE_SIZE, M(2), 0, 0, EXACT | RAW);
	assert_true(pa < M(16) && pa + M(40) > M(32));
	assert_on_node(f, pa, M(40), 0);
}

/*
 * Touching ranges of two nodes stay two ranges:
 *
 *   RAM      |------- 0 -------|------- 1 -------|
 *            1M                16M               32M
 *
 * 20 MiB fit in neither node alone.  For any node the allocation may run
 * from node 0 into node 1, and each node's count drops by its own part;
 * bound to a node with BOOTMEM_EXACT_NODE it may not; bound to a node
 * without it, it falls back to "any" as the last resort.
 */
static void test_touching_different_nodes(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(1, M(16), M(32)), RAM(0, M(1), M(16)) };
	uint64_t free0, free1;
	phys_addr_t pa;

	make(f, ram, ARRAY_SIZE(ram), 2, NULL);
	assert_int_equal(f->bm->nr_ranges, 2);
	up(f);
	assert_bitmap(f);
	free0 = bootmem_free_pages(f->bm, 0);
	free1 = bootmem_free_pages(f->bm, 1);
	assert_int_equal(free0, in_free_after_setup(f, 0));
	assert_int_equal(free1, in_free_after_setup(f, 1));

	assert_int_equal(bootmem_alloc_try_nid(f->bm, M(20), 0, 0, 0, 0, EXACT), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, M(20), 0, 0, 0, 1, EXACT), 0);
	pa = alloc(f, M(20), PAGE_SIZE, M(8), M(28), ANY, RAW);
	assert_int_equal(pa, M(8));
	assert_on_node(f, pa, M(8), 0);
	assert_on_node(f, M(16), M(12), 1);
	assert_int_equal(bootmem_free_pages(f->bm, 0), free0 - PFN_DOWN(M(8)));
	assert_int_equal(bootmem_free_pages(f->bm, 1), free1 - PFN_DOWN(M(12)));
	bootmem_free(f->bm, pa, M(20));
	assert_int_equal(bootmem_free_pages(f->bm, 0), free0);
	assert_int_equal(bootmem_free_pages(f->bm, 1), free1);

	/* Bound to node 1, not exact: no node holds it, so "any" does. */
	pa = alloc(f, M(20), PAGE_SIZE, 0, 0, 1, RAW);
	assert_true(pa < M(16) && pa + M(20) > M(16));
}

/*
 * The interleaved layout of the 2008 thread, at 1 MiB for 1 GiB:
 *
 *   RAM      |-- 0 --|-- 1 --|-- 0 --|-- 1 --|
 *            0       2M      4M      6M      8M
 *   early    [0]   page 0, as the kernel reserves it
 *   bitmap       [B]   at 1 MiB, on node 0
 *
 * Exact allocations of many sizes, goals and alignments, nodes taken in
 * turn, each land wholly on the asked node, until every size fails on
 * both; nothing larger than a range (2 MiB) fits on a node, while "any"
 * takes 3 MiB across the nodes.  Each allocation is zeroed where the
 * pattern was.
 */
static void test_interleaved_small(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, 0, M(2)), RAM(1, M(2), M(4)), RAM(0, M(4), M(6)), RAM(1, M(6), M(8)),
	};
	static const uint64_t sizes[] = { 8, 100, 4095, PAGE_SIZE, 5000, K(64), K(300) + 7,
					  M(1), M(2) - PAGE_SIZE };
	static const phys_addr_t goals[] = { 0, M(3), M(5), M(7), M(9) };
	uint64_t used[2] = { 0, 0 };
	unsigned int i = 0, fails = 0;

	make_up(f, ram, ARRAY_SIZE(ram), 2, NULL);
	assert_bitmap(f);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, M(2) + PAGE_SIZE, 0, 0, 0, 1, EXACT), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, M(2) + PAGE_SIZE, 0, 0, 0, 0, EXACT), 0);
	for (; fails < 2 * ARRAY_SIZE(sizes); i++) {
		int nid = (int)(i % 2);
		uint64_t size = sizes[i / 2 % ARRAY_SIZE(sizes)];
		uint64_t align = i % 3 ? 0 : PAGE_SIZE << (i % 4);
		phys_addr_t pa = bootmem_alloc_try_nid(f->bm, size, align, goals[i % 5], 0, nid,
						       EXACT);

		if (!pa) {
			fails++;
			continue;
		}
		fails = 0;
		assert_on_node(f, pa, size, nid);
		assert_true(IS_ALIGNED(pa, align ? align : 8));
		assert_bytes(pa, size, 0);
		memset(sim_host(pa, size), 0x5a, size);
		used[nid] += size;
	}
	assert_true(used[0] > M(3) && used[1] > M(3));

	/* Fresh, "any" spans the nodes where they touch. */
	bootmem_init(f->bm, sim_map, 2, NULL);
	for (unsigned int k = 0; k < ARRAY_SIZE(ram); k++)
		assert_int_equal(bootmem_add_range(f->bm, MAX(PFN_DOWN(ram[k].start), 1),
						   PFN_DOWN(ram[k].end), ram[k].nid), 0);
	up(f);
	assert_int_equal(alloc(f, M(3), PAGE_SIZE, M(3), M(6), ANY, 0), M(3));
}

/*
 * The interleaved layout of the 2008 thread at full size (8 GiB,
 * MAP_NORESERVE):
 *
 *   RAM      |---- 0 ----|---- 1 ----|---- 0 ----|---- 1 ----|
 *            0           2G          4G          6G          8G
 *   early    [0]
 *   bitmap                                                [B]   at the top: 2 Mi pages, 256 KiB
 *
 * A single span per node cannot promise node-1 memory (Yinghai Lu's
 * objection); the range table does.  Exact allocations from 8 bytes to
 * 1.5 GiB, with goals in the other node's ranges, land on the asked node;
 * a whole free range (2 GiB) fits exactly once per node and 2 GiB + 4 KiB
 * never does.
 */
static void test_interleaved_8g(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, 0, G(2)), RAM(1, G(2), G(4)), RAM(0, G(4), G(6)), RAM(1, G(6), G(8)),
	};
	static const uint64_t sizes[] = { 8, 64, 3000, PAGE_SIZE, K(64) + 1, M(1), M(2),
					  M(64) + PAGE_SIZE, M(512), G(1), G(1) + M(512) };
	static const phys_addr_t goals[] = { 0, G(2) + M(1), G(4) + 12345, G(6), G(9) };
	phys_addr_t pa;

	make_up(f, ram, ARRAY_SIZE(ram), 2, NULL);
	assert_bitmap(f);
	assert_int_equal(f->bm->map_bytes, K(256));
	raw_canary(f, G(5));
	assert_int_equal(bootmem_alloc_try_nid(f->bm, G(2) + PAGE_SIZE, 0, 0, 0, 0, EXACT), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, G(2) + PAGE_SIZE, 0, 0, 0, 1, EXACT), 0);
	/* Node 1's high range holds the bitmap: only [2G, 4G) is whole. */
	pa = alloc(f, G(2), 0, 0, 0, 1, EXACT | RAW);
	assert_int_equal(pa, G(2));
	assert_int_equal(bootmem_alloc_try_nid(f->bm, G(2), 0, 0, 0, 1, EXACT | RAW), 0);
	bootmem_free(f->bm, G(2), G(2));
	/* Node 0's low range holds page 0: only [4G, 6G) is whole. */
	assert_int_equal(bootmem_alloc_try_nid(f->bm, G(2), 0, 0, 0, 0, EXACT | RAW), G(4));
	assert_int_equal(bootmem_alloc_try_nid(f->bm, G(2), 0, 0, 0, 0, EXACT | RAW), 0);
	bootmem_free(f->bm, G(4), G(2));

	for (unsigned int i = 0; i < 2 * ARRAY_SIZE(sizes) * ARRAY_SIZE(goals); i++) {
		int nid = (int)(i % 2);
		uint64_t size = sizes[i / 2 % ARRAY_SIZE(sizes)];
		unsigned int flags = EXACT | (size > M(1) ? RAW : 0);

		pa = bootmem_alloc_try_nid(f->bm, size, 0, goals[i % ARRAY_SIZE(goals)], 0, nid,
					   flags);
		if (!pa)
			continue;       /* that node is full for this size */
		assert_on_node(f, pa, size, nid);
		if (!(flags & RAW))
			assert_bytes(pa, size, 0);
	}
	assert_true(bootmem_free_pages(f->bm, 0) < in_pages(f, 0) / 2);
	assert_true(bootmem_free_pages(f->bm, 1) < in_pages(f, 1) / 2);
}

/*
 * Sparse RAM, 2 GiB over a 1 TiB span (QEMU moves RAM above 4G to 1 TiB
 * from 1 TiB of guest RAM up; SGI machines had 256 GB gaps):
 *
 *   RAM      |- 0 -|      ...     |0|   ...    |1|    ...    |1|
 *            1M    1G            256G         512G            1T
 *                                +512M        +256M      1T-256M
 *
 * The bitmap covers present RAM only: 2047 MiB of RAM and three padding
 * gaps of at most 64 bits fit in 64 KiB, where a bitmap of the span would
 * need 32 MiB.  Allocation, freeing and hand-over work across the span.
 */
static void test_sparse_1t(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(1, T(1) - M(256), T(1)), RAM(0, M(1), G(1)),
		RAM(1, G(512), G(512) + M(256)), RAM(0, G(256), G(256) + M(512)),
	};
	uint64_t span_pages = PFN_DOWN(T(1) - M(1)), span_bytes = ALIGN_UP(span_pages, 8) / 8;
	uint64_t want, got;
	char line[160];
	phys_addr_t pa;

	make(f, ram, ARRAY_SIZE(ram), 2, NULL);
	up(f);
	assert_bitmap(f);
	assert_true(f->bm->map_bytes <= K(64));
	assert_true(f->bm->map_bits <= in_pages(f, ANY) + 64 * ARRAY_SIZE(ram));
	print_message("sparse: %lu MiB of RAM over a 1 TiB span: bitmap %lu bytes; "
		      "a bitmap of the span would need %lu bytes (%lux)\n",
		      in_pages(f, ANY) >> 8, f->bm->map_bytes, span_bytes,
		      span_bytes / f->bm->map_bytes);
	bootmem_dump(f->bm);
	snprintf(line, sizeof(line), "(a bitmap of the whole span would take %lu bytes)",
		 span_bytes);
	assert_log_has(line);
	snprintf(line, sizeof(line), "node   1: [mem 0x%016lx-0x%016lx]", T(1) - M(256),
		 T(1) - 1);
	assert_log_has(line);

	/* Node 1, goal in its last range: right below the bitmap, at its top;
	 * and below the goal when it is full: at the top of the next range. */
	pa = alloc(f, M(200), 0, T(1) - M(256), 0, 1, EXACT | RAW);
	assert_int_equal(f->bm->map_phys + f->bm->map_bytes, T(1));
	assert_int_equal(pa, f->bm->map_phys - M(200));
	pa = alloc(f, M(200), 0, T(1) - M(256), 0, 1, EXACT | RAW);
	assert_int_equal(pa, G(512) + M(56));
	assert_int_equal(bootmem_alloc_try_nid(f->bm, M(200), 0, 0, 0, 1, EXACT), 0);
	pa = alloc(f, 100, 0, G(200), 0, 0, EXACT);
	assert_int_equal(pa, G(256) + M(512) - PAGE_SIZE);
	assert_bytes(pa, 100, 0);
	bootmem_free(f->bm, G(512) + M(56), M(200));
	assert_int_equal(bootmem_free_pages(f->bm, 1), in_free_after_setup(f, 1) - PFN_DOWN(M(200)));

	want = bootmem_free_pages(f->bm, ANY) + f->bm->map_bytes / PAGE_SIZE;
	got = bootmem_release(f->bm, 18, collect, &f->out);
	assert_int_equal(got, want);
	assert_int_equal(got, in_pages(f, ANY) - PFN_DOWN(M(200)) - 1);
	for (size_t i = 0; i < f->out.n; i++)
		assert_true(in_ram(f, f->out.b[i].pfn, f->out.b[i].pfn + (1ULL << f->out.b[i].order),
				   f->out.b[i].nid));
}

/*
 * Exactly 2 GiB over a 1 TiB span, in two ranges that start on 64-page
 * boundaries:
 *
 *   RAM      |---- 0 ----|          ...          |---- 1 ----|
 *            0           1G                      1T-1G       1T
 *
 * 2^19 bits of pages and the one gap's padding (64 bits) need one page
 * more than 64 KiB: the bitmap follows RAM plus at most 64 bits per range,
 * still less than 1/256 of a bitmap of the span.
 */
static void test_sparse_exact_2g(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, 0, G(1)), RAM(1, T(1) - G(1), T(1)) };
	uint64_t bound;

	make_up(f, ram, ARRAY_SIZE(ram), 2, NULL);
	assert_bitmap(f);
	bound = map_bytes_for(in_pages(f, ANY) + 64 * ARRAY_SIZE(ram));
	assert_true(f->bm->map_bytes <= bound);
	assert_true(f->bm->map_bytes * 256 < PFN_DOWN(T(1)) / 8);
	print_message("sparse: exactly 2 GiB over 1 TiB: bitmap %lu bytes (%lu bits)\n",
		      f->bm->map_bytes, f->bm->map_bits);
}

/*
 * The bitmap's layout (mm/bootmem.h): slice i starts at a bit congruent to
 * its first page frame mod 64, right after slice i-1 where the ranges
 * touch, after at least one padding bit where they do not; padding bits,
 * and the bits past the last slice in its word, are set.  Gaps of 1, 63,
 * 64 and 65 pages (a gap of 65 needs exactly one padding bit):
 *
 *   RAM      |-0-|.|-0-|...|-1-|....|-1-|.....|-0-|-1-|
 *            gaps:  1     63    64      65     0
 *
 * Bit by bit, the map is what the input and the reservations say.
 */
static void test_bitmap_layout(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, PG(300), PG(333)), RAM(0, PG(334), PG(400)), RAM(1, PG(463), PG(500)),
		RAM(1, PG(564), PG(700)), RAM(0, PG(765), PG(810)), RAM(1, PG(810), PG(900)),
	};
	struct ram t[RAM_MAX];
	unsigned int n;
	uint64_t bit = 0, next = 0;
	phys_addr_t a;

	make(f, ram, ARRAY_SIZE(ram), 2, NULL);
	early(f, PG(340), PG(342));
	up(f);
	assert_bitmap(f);
	a = alloc(f, 3 * PAGE_SIZE, 0, PG(470), 0, 1, EXACT);
	n = in_table(f, t);
	for (unsigned int i = 0; i < n; i++) {
		pfn_t s = PFN_DOWN(t[i].start), e = PFN_DOWN(t[i].end);

		if (i && t[i - 1].end != t[i].start)
			bit++;
		while (bit % 64 != s % 64)
			bit++;
		for (; next < bit; next++)      /* padding */
			if (!(f->bm->map[next / 64] >> (next % 64) & 1))
				fail_msg("padding bit %lu before range %u is clear", next, i);
		for (pfn_t p = s; p < e; p++, bit++) {
			bool taken = in_early(f, p) || p == PFN_DOWN(f->bm->map_phys) ||
				     (p >= PFN_DOWN(a) && p < PFN_DOWN(a) + 3);

			if ((f->bm->map[bit / 64] >> (bit % 64) & 1) != taken)
				fail_msg("bit %lu of pfn %#lx is %d", bit, p, !taken);
		}
		next = bit;
	}
	for (; next < ALIGN_UP(bit, 64); next++)
		if (!(f->bm->map[next / 64] >> (next % 64) & 1))
			fail_msg("bit %lu past the last slice is clear", next);
}

/*
 * Registration errors, each leaving the allocator exactly as it was:
 *
 *   RAM      |---- 0 ----|        |---- 1 ----|
 *            16M         32M      48M         64M
 *   tries       [====]   empty, inverted, overlapping (inside, across
 *            [==]  [===]  either end, covering, equal), bad node ids,
 *                         beyond the address space; after setup, -EBUSY.
 */
static void test_register_errors(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, M(16), M(32)), RAM(1, M(48), M(64)), RAM(1, M(32), M(40)),
		RAM(0, M(40), M(48)),
	};
	static const struct {
		phys_addr_t s, e;
		int nid, err;
	} bad[] = {
		{ M(40), M(40), 0, -EINVAL },           /* empty */
		{ M(41), M(40), 0, -EINVAL },           /* inverted */
		{ M(20), M(24), 0, -EEXIST },           /* inside */
		{ M(8), M(17), 0, -EEXIST },            /* across the start */
		{ M(31), M(40), 0, -EEXIST },           /* across the end */
		{ M(8), M(40), 1, -EEXIST },            /* covering */
		{ M(16), M(32), 0, -EEXIST },           /* equal */
		{ M(40), M(49), 1, -EEXIST },           /* into the next */
		{ M(8), M(70), 1, -EEXIST },            /* covering both */
		{ M(40), M(44), -1, -EINVAL },          /* NUMA_NO_NODE */
		{ M(40), M(44), 2, -EINVAL },           /* beyond nr_nodes */
		{ M(40), M(44), MAX_NUMNODES, -EINVAL },
	};

	sim_build(&f->sim, ram, ARRAY_SIZE(ram));
	make(f, ram, 2, 2, NULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(bad); i++) {
		struct snap *s = snap_take(f->bm);

		if (bootmem_add_range(f->bm, PFN_DOWN(bad[i].s), PFN_DOWN(bad[i].e),
				      bad[i].nid) != bad[i].err)
			fail_msg("case %u: [%#lx, %#lx) node %d: want %d", i, bad[i].s, bad[i].e,
				 bad[i].nid, bad[i].err);
		assert_unchanged(s, f->bm);
	}
	{
		struct snap *s = snap_take(f->bm);

		assert_int_equal(bootmem_add_range(f->bm, UINT64_MAX >> PAGE_SHIFT,
						   (UINT64_MAX >> PAGE_SHIFT) + 1, 0), -EINVAL);
		assert_unchanged(s, f->bm);
	}
	/* Touching is not overlapping, from either side. */
	assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(M(32)), PFN_DOWN(M(40)), 1), 0);
	assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(M(40)), PFN_DOWN(M(48)), 0), 0);
	assert_int_equal(f->bm->nr_ranges, 4);
	memcpy(f->ram, ram, sizeof(ram));
	f->nr_ram = ARRAY_SIZE(ram);

	up(f);
	assert_bitmap(f);
	{
		struct snap *s = snap_take(f->bm);

		assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(M(80)), PFN_DOWN(M(96)), 0),
				 -EBUSY);
		assert_int_equal(bootmem_reserve_early(f->bm, M(20), M(21), "late"), -EBUSY);
		assert_unchanged(s, f->bm);
	}
}

/*
 * The tables are full: BOOTMEM_MAX_RANGES ranges of one page with one-page
 * holes, BOOTMEM_MAX_EARLY_RESV early reservations.
 *
 *   RAM      |0| |0| |0| ... |0|      (512 ranges)
 *
 * One more separate range is -ENOSPC and changes nothing; one that touches
 * a range of its node still joins it; one that touches a range of another
 * node needs a row, so -ENOSPC.  One more early reservation is -ENOSPC
 * with a log line naming the constant; an empty one is not recorded.
 */
static void test_tables_full(void **state)
{
	struct fixture *f = *state;
	struct snap *s;

	bootmem_init(f->bm, sim_map, 2, NULL);
	for (unsigned int i = 0; i < BOOTMEM_MAX_RANGES; i++)
		assert_int_equal(bootmem_add_range(f->bm, 2 * i + 2, 2 * i + 3, 0), 0);
	s = snap_take(f->bm);
	assert_int_equal(bootmem_add_range(f->bm, 4 * BOOTMEM_MAX_RANGES,
					   4 * BOOTMEM_MAX_RANGES + 1, 0), -ENOSPC);
	assert_int_equal(bootmem_add_range(f->bm, 3, 4, 1), -ENOSPC);
	assert_unchanged(s, f->bm);
	assert_int_equal(bootmem_add_range(f->bm, 3, 4, 0), 0);        /* joins 2 and 4 */
	assert_int_equal(f->bm->nr_ranges, BOOTMEM_MAX_RANGES - 1);
	assert_int_equal(f->bm->range[0].start, 2);
	assert_int_equal(f->bm->range[0].end, 5);

	for (unsigned int i = 0; i < BOOTMEM_MAX_EARLY_RESV; i++)
		assert_int_equal(bootmem_reserve_early(f->bm, PG(i), PG(i) + 1, "x"), 0);
	s = snap_take(f->bm);
	assert_int_equal(bootmem_reserve_early(f->bm, M(1), M(2), "one too many"), -ENOSPC);
	assert_unchanged(s, f->bm);
	assert_log_has("BOOTMEM_MAX_EARLY_RESV");
	s = snap_take(f->bm);
	assert_int_equal(bootmem_reserve_early(f->bm, M(2), M(2), "empty"), 0);
	assert_unchanged(s, f->bm);
}

/*
 * Nowhere to put the bitmap: no RAM at all; or every page reserved early.
 *
 *   RAM      |-- 0 --|
 *   early    [kkkkkkk]
 *
 * -ENOMEM, and the allocator stays down: more RAM may still be registered,
 * and setup then succeeds, placing the bitmap in the new range.  A map
 * function that cannot reach the chosen place is -ENOMEM too.
 */
static void test_setup_nowhere(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(2)), RAM(0, M(4), M(8)) };

	make(f, ram, 1, 1, NULL);
	bootmem_init(f->bm, sim_map, 1, NULL);
	assert_int_equal(bootmem_setup(f->bm), -ENOMEM);
	assert_false(f->bm->up);
	assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(M(1)), PFN_DOWN(M(2)), 0), 0);
	early(f, M(1) - 1, M(2) + 1);
	assert_int_equal(bootmem_setup(f->bm), -ENOMEM);
	assert_false(f->bm->up);
	expect_panic(bootmem_alloc_try_nid(f->bm, 8, 0, 0, 0, ANY, 0));

	/* Now with RAM it can use (simulated afresh, both ranges). */
	sim_free(&f->sim);
	sim_build(&f->sim, ram, ARRAY_SIZE(ram));
	assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(M(4)), PFN_DOWN(M(8)), 0), 0);
	f->ram[f->nr_ram++] = ram[1];
	up(f);
	assert_bitmap(f);
	assert_int_equal(f->bm->map_phys, M(8) - PAGE_SIZE);
	assert_int_equal(bootmem_free_pages(f->bm, 0), in_free_after_setup(f, 0));

	/* A map function that refuses: -ENOMEM, still down. */
	bootmem_init(f->bm, sim_map, 1, NULL);
	assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(M(4)), PFN_DOWN(M(8)), 0), 0);
	sim_free(&f->sim);
	sim_build(&f->sim, ram, 1);
	f->sim.lenient = true;
	assert_int_equal(bootmem_setup(f->bm), -ENOMEM);
	assert_int_equal(f->sim.refused, 1);
	assert_false(f->bm->up);
}

/*
 * Bitmap placement: the highest place that holds it whole (in one range)
 * and meets no early reservation, however the reservations are cut
 * (unaligned ends take their whole pages).
 *
 *   RAM      |-0-|  |------ 0 ------|    |------------- 1 -------------|
 *            4K  640K 1M           1M+64K 16M                          1G
 *   early          [k] [i]  [m]               (free gaps of 1, 6, 1 pages)
 *   bitmap                                                          [B] 8 pages at 1G-32K
 *
 * Then with node 1's RAM reserved early from 1G-40K-1 to 1G-5 the bitmap
 * goes right below it; with everything at or above 1 MiB taken, at the
 * top of the RAM below 640K.  In each case the reservations are all
 * reserved, and every other page is free.
 */
static void test_bitmap_placement(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, K(4), K(640)), RAM(0, M(1), M(1) + K(64)), RAM(1, M(16), G(1)),
	};
	static const struct resv cases[][4] = {
		{ { M(1), M(1) + K(4) }, { M(1) + K(8), M(1) + K(16) - 1 },
		  { M(1) + K(40) + 1, M(1) + K(60) }, { 0, 0 } },
		{ { M(1), M(1) + K(64) }, { G(1) - K(40) - 1, G(1) - 5 }, { 0, 0 }, { 0, 0 } },
		{ { M(1), M(1) + K(64) }, { M(16), G(1) }, { K(4), K(12) + 1 }, { 0, 0 } },
	};
	static const phys_addr_t want[] = { G(1) - K(32), G(1) - K(76), K(608) };

	make(f, ram, ARRAY_SIZE(ram), 2, NULL);
	for (unsigned int c = 0; c < ARRAY_SIZE(cases); c++) {
		uint8_t *w;
		pfn_t span = PFN_DOWN(G(1));

		bootmem_init(f->bm, sim_map, 2, NULL);
		for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++)
			assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(ram[i].start),
							   PFN_DOWN(ram[i].end), ram[i].nid), 0);
		f->nr_early = 0;
		for (unsigned int i = 0; i < 4 && cases[c][i].end; i++)
			early(f, cases[c][i].start, cases[c][i].end);
		up(f);
		assert_int_equal(f->bm->map_bytes, K(32));
		assert_bitmap(f);
		assert_int_equal(f->bm->map_phys, want[c]);
		w = want_from(f, NULL, span);
		for (pfn_t p = 0; p < span; p++) {
			if (in_nid(f, p) == NUMA_NO_NODE || w[p] == 2)
				continue;
			if (bootmem_pfn_reserved(f->bm, p) != (w[p] == 0))
				fail_msg("case %u: pfn %#lx is %s", c, p,
					 w[p] ? "reserved" : "free");
		}
		assert_reserved(f, PFN_DOWN(f->bm->map_phys),
				PFN_DOWN(f->bm->map_phys) + f->bm->map_bytes / PAGE_SIZE, true);
		assert_int_equal(bootmem_free_pages(f->bm, ANY), in_free_after_setup(f, ANY));
		free(w);
	}
}

/* =========================================================================== */
/* Allocation                                                                  */
/* =========================================================================== */

/*
 * Goals, on a fresh allocator each time:
 *
 *   RAM      |---------------- 0 ----------------|  |---- 1 ----|
 *            1M    8M  [xx]             60M      64M 128M       192M
 *   taken          [xx] 8M..8M+64K                           [B] bitmap
 *
 * Top-down, the highest fit of the node is at or above any goal that has
 * room above it; a goal without room (62M for 4 MiB on node 0, 191M for
 * 2 MiB on node 1, anything past RAM, node 1's RAM for node 0) is
 * dropped.  Either way the answer is the node's highest fit.
 */
static void test_goal(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(64)), RAM(1, M(128), M(192)) };
	static const struct {
		uint64_t size;
		phys_addr_t goal;
		int nid;
		unsigned int flags;
		phys_addr_t want;
	} cases[] = {
		{ PAGE_SIZE, M(32), ANY, 0, M(192) - 2 * PAGE_SIZE },
		{ 100, M(32) + 100, ANY, 0, M(192) - 2 * PAGE_SIZE },
		{ PAGE_SIZE, M(8), 0, EXACT, M(64) - PAGE_SIZE },
		{ M(4), M(62), 0, EXACT, M(60) },
		{ PAGE_SIZE, G(4), ANY, 0, M(192) - 2 * PAGE_SIZE },
		{ PAGE_SIZE, M(130), 0, EXACT, M(64) - PAGE_SIZE },
		{ M(2), M(150), 1, EXACT, M(190) - PAGE_SIZE },
		{ M(2), M(191), 1, EXACT, M(190) - PAGE_SIZE },
		{ M(2), M(100), 0, 0, M(62) },
	};

	make(f, ram, ARRAY_SIZE(ram), 2, NULL);
	for (unsigned int c = 0; c < ARRAY_SIZE(cases); c++) {
		phys_addr_t pa;

		bootmem_init(f->bm, sim_map, 2, NULL);
		for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++)
			assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(ram[i].start),
							   PFN_DOWN(ram[i].end), ram[i].nid), 0);
		f->nr_early = 0;
		early(f, M(1), M(1) + K(256));
		up(f);
		assert_int_equal(bootmem_reserve(f->bm, M(8), K(64), 0), 0);
		assert_bitmap(f);
		assert_int_equal(f->bm->map_phys, M(192) - PAGE_SIZE);

		pa = alloc(f, cases[c].size, 0, cases[c].goal, 0, cases[c].nid, cases[c].flags);
		if (pa != cases[c].want)
			fail_msg("case %u: %#lx bytes, goal %#lx, node %d: got %#lx, want %#lx", c,
				 cases[c].size, cases[c].goal, cases[c].nid, pa, cases[c].want);
		if (cases[c].nid != ANY)
			assert_on_node(f, pa, cases[c].size, cases[c].nid);
	}
}

/*
 * The limit is hard, the goal soft:
 *
 *   RAM      |----- 0 -----|----- 1 -----|
 *            1M            32M           64M
 *   limit              ^ 24M (and 24M + 2K, and 24M - 1)
 *
 * Nothing ends above the limit, whatever the goal (a goal at or above the
 * limit is dropped); when nothing fits below it the answer is 0, also for
 * the nodes above it, also with a goal above it.
 */
static void test_limit(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(32)), RAM(1, M(32), M(64)) };
	static const phys_addr_t limits[] = { M(24), M(24) + K(2), M(24) - 1 };
	phys_addr_t pa;

	make_up(f, ram, ARRAY_SIZE(ram), 2, NULL);
	for (unsigned int l = 0; l < ARRAY_SIZE(limits); l++) {
		phys_addr_t lim = limits[l];

		for (unsigned int i = 0; i < 200; i++) {
			uint64_t size = 1 + (i * 7919u) % (3 * PAGE_SIZE);

			pa = bootmem_alloc_try_nid(f->bm, size, 0, i % 2 ? M(40) : 0, lim,
						   i % 3 ? ANY : 1, 0);
			if (!pa)
				fail_msg("limit %#lx: %#lx bytes found no room", lim, size);
			if (pa + size > lim)
				fail_msg("limit %#lx: [%#lx, %#lx) ends past it", lim, pa, pa + size);
		}
	}
	/* A goal above the limit is dropped, not honoured: as if there were
	 * none, the request lands right below the last one. */
	pa = alloc(f, M(2), PAGE_SIZE, M(48), M(20), 1, 0);
	assert_true(pa + M(2) <= M(20));
	assert_on_node(f, pa, M(2), 0);
	pa = alloc(f, 100, 0, 0, M(20), ANY, 0);
	assert_int_equal(alloc(f, 100, 0, M(48), M(20), ANY, 0), pa - PAGE_SIZE);
	/* Node 1 lies wholly above the limit: exact fails, not exact falls back. */
	assert_int_equal(bootmem_alloc_try_nid(f->bm, PAGE_SIZE, 0, 0, M(32), 1, EXACT), 0);
	pa = alloc(f, PAGE_SIZE, 0, M(40), M(32), 1, 0);
	assert_true(pa + PAGE_SIZE <= M(32));
	/* Fill below 16M; then nothing fits below 16M, goal or not. */
	while (bootmem_alloc_try_nid(f->bm, PAGE_SIZE, 0, 0, M(16), ANY, RAW))
		;
	assert_int_equal(bootmem_alloc_try_nid(f->bm, 8, 0, M(48), M(16), ANY, 0), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, 8, 0, M(16), M(16), ANY, 0), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, 8, 0, 0, PAGE_SIZE - 1, ANY, 0), 0);
	/* The page at 16M would end past a limit of 16M + 2K. */
	assert_int_equal(bootmem_alloc_try_nid(f->bm, PAGE_SIZE, 0, 0, M(16) + K(2), ANY, 0), 0);
	assert_int_not_equal(bootmem_alloc_try_nid(f->bm, 8, 0, M(48), M(16) + PAGE_SIZE,
						   ANY, 0), 0);
}

/*
 * Alignment from 8 bytes to 1 GiB, on 8 GiB of RAM (MAP_NORESERVE):
 *
 *   RAM      |----------------------- 0 -----------------------|
 *            0 (page 0 reserved)   1G        2G    ...          8G
 *
 * Before each request a 24-byte allocation leaves the search at an odd
 * place.  Every result is aligned, in RAM, and overlaps nothing handed
 * out before; 0 means 8.  Alignments that are not powers of two, or above
 * BOOTMEM_MAX_ALIGN, are caller bugs.
 */
static void test_alignment(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, 0, G(8)) };
	struct { phys_addr_t s, e; } got[128];
	unsigned int n = 0;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	for (int round = 0; round < 2; round++) {
		for (uint64_t a = 4; a <= BOOTMEM_MAX_ALIGN; a *= 2) {
			uint64_t align = a == 4 ? 0 : a, size = round ? a / 2 + 1 : 40;
			phys_addr_t pa, odd = alloc(f, 24, 0, 0, 0, ANY, 0);

			got[n++] = (typeof(got[0])){ odd, odd + 24 };
			if (size > M(64))
				size = 40;
			pa = alloc(f, size, align, round ? M(5) + 8 : 0, 0, ANY, RAW);
			if (!IS_ALIGNED(pa, align ? align : 8))
				fail_msg("align %#lx: got %#lx", align, pa);
			for (unsigned int i = 0; i < n; i++)
				if (pa < got[i].e && got[i].s < pa + size)
					fail_msg("align %#lx: [%#lx, %#lx) overlaps [%#lx, %#lx)",
						 align, pa, pa + size, got[i].s, got[i].e);
			got[n++] = (typeof(got[0])){ pa, pa + size };
		}
	}
	expect_panic(bootmem_alloc_try_nid(f->bm, 8, 24, 0, 0, ANY, 0));
	expect_panic(bootmem_alloc_try_nid(f->bm, 8, 2 * BOOTMEM_MAX_ALIGN, 0, 0, ANY, 0));
	assert_panic_says("align");
}

/*
 * Free rounds inward, reserve outward (bytes, over pages P..P+4):
 *
 *   pages    | P  | P+1 | P+2 | P+3 | P+4 |
 *   free        [~~~~~~~~~~~~~~~~~~]        from P+100, 3 pages long:
 *                  ^^^^^ ^^^^^              only P+1 and P+2 come free
 *   reserve           [~~~~~~]              from P+2 - 1, 2 bytes:
 *                  ^^^^^ ^^^^^              P+1 and P+2 are taken
 *
 * Freeing less than a whole page frees nothing; a zero-sized free nothing.
 */
static void test_free_inward_reserve_outward(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(8)) };
	phys_addr_t p;
	uint64_t before;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	p = alloc(f, 5 * PAGE_SIZE, PAGE_SIZE, 0, 0, ANY, 0);
	before = bootmem_free_pages(f->bm, 0);
	bootmem_free(f->bm, p + 100, 3 * PAGE_SIZE);
	assert_reserved(f, PFN_DOWN(p), PFN_DOWN(p) + 1, true);
	assert_reserved(f, PFN_DOWN(p) + 1, PFN_DOWN(p) + 3, false);
	assert_reserved(f, PFN_DOWN(p) + 3, PFN_DOWN(p) + 5, true);
	assert_int_equal(bootmem_free_pages(f->bm, 0), before + 2);

	assert_int_equal(bootmem_reserve(f->bm, p + PG(2) - 1, 2, 0), 0);
	assert_reserved(f, PFN_DOWN(p), PFN_DOWN(p) + 5, true);
	assert_int_equal(bootmem_free_pages(f->bm, 0), before);

	bootmem_free(f->bm, p + 1, PAGE_SIZE);          /* no whole page */
	bootmem_free(f->bm, p + PG(4), 0);
	assert_int_equal(bootmem_free_pages(f->bm, 0), before);
	bootmem_free(f->bm, p, 5 * PAGE_SIZE);
	assert_int_equal(bootmem_free_pages(f->bm, 0), before + 5);
}

/*
 * Exclusive reservations:
 *
 *   RAM      |------ 0 ------|        |------ 0 ------|
 *            1M              8M       12M             16M
 *   taken         [xx]
 *   try         [~~~~~~]         -EBUSY: one page of it is taken
 *   try                 [~~~~~~~~~~~~~~~~]   0: the hole is no RAM
 *
 * -EBUSY changes nothing, not one bit, not one counter; a success takes
 * the RAM pages.  Without BOOTMEM_EXCLUSIVE a reservation over taken pages
 * succeeds and counts only the pages it newly takes.
 */
static void test_exclusive(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(8)), RAM(0, M(12), M(16)) };
	uint64_t before;
	struct snap *s;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	assert_int_equal(bootmem_reserve(f->bm, M(4), PAGE_SIZE, BOOTMEM_EXCLUSIVE), 0);
	before = bootmem_free_pages(f->bm, 0);
	s = snap_take(f->bm);
	assert_int_equal(bootmem_reserve(f->bm, M(3), M(2), BOOTMEM_EXCLUSIVE), -EBUSY);
	assert_int_equal(bootmem_reserve(f->bm, M(4) + PAGE_SIZE - 1, 1, BOOTMEM_EXCLUSIVE),
			 -EBUSY);
	assert_unchanged(s, f->bm);
	assert_reserved(f, PFN_DOWN(M(3)), PFN_DOWN(M(4)), false);

	assert_int_equal(bootmem_reserve(f->bm, M(6), M(8), BOOTMEM_EXCLUSIVE), 0);
	assert_reserved(f, PFN_DOWN(M(6)), PFN_DOWN(M(8)), true);
	assert_reserved(f, PFN_DOWN(M(12)), PFN_DOWN(M(14)), true);
	assert_reserved(f, PFN_DOWN(M(14)), PFN_DOWN(M(16)) - 1, false);     /* bitmap above */
	assert_int_equal(bootmem_free_pages(f->bm, 0), before - PFN_DOWN(M(4)));

	before = bootmem_free_pages(f->bm, 0);
	assert_int_equal(bootmem_reserve(f->bm, M(3), M(2), 0), 0);
	assert_int_equal(bootmem_free_pages(f->bm, 0), before - PFN_DOWN(M(2)) + 1);
	/* Firmware areas outside RAM may be reserved freely. */
	s = snap_take(f->bm);
	assert_int_equal(bootmem_reserve(f->bm, M(9), M(2), BOOTMEM_EXCLUSIVE), 0);
	assert_int_equal(bootmem_reserve(f->bm, G(4), M(2), 0), 0);
	assert_unchanged(s, f->bm);
}

/*
 * A reservation whose end wraps past 2^64 is refused whole (-EINVAL),
 * with or without BOOTMEM_EXCLUSIVE: no page taken, no count changed.
 *
 *   RAM      |------ 0 ------|        |------ 0 ------|
 *            1M              8M       12M             16M
 *   reserve     [~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~ past 2^64
 */
static void test_reserve_wraps(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(8)), RAM(0, M(12), M(16)) };
	uint64_t before;
	struct snap *s;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	before = bootmem_free_pages(f->bm, 0);
	s = snap_take(f->bm);
	assert_int_equal(bootmem_reserve(f->bm, M(2), UINT64_MAX, 0), -EINVAL);
	assert_int_equal(bootmem_reserve(f->bm, M(2), UINT64_MAX - M(2) + 1, 0), -EINVAL);
	assert_int_equal(bootmem_reserve(f->bm, UINT64_MAX - PAGE_SIZE + 1, 2 * PAGE_SIZE, 0),
			 -EINVAL);
	assert_int_equal(bootmem_reserve(f->bm, M(2), UINT64_MAX, BOOTMEM_EXCLUSIVE), -EINVAL);
	assert_unchanged(s, f->bm);
	assert_int_equal(bootmem_free_pages(f->bm, 0), before);
	assert_reserved(f, PFN_DOWN(M(2)), PFN_DOWN(M(8)), false);
}

/*
 * Caller bugs are BUGs:
 *
 *   RAM      |------ 0 ------|        |------ 0 ------|
 *            1M              8M       12M             16M
 *   free              [dd]             a page freed twice
 *   free                  [~~~~~~~~]   running into the hole
 *   free                        [~~]   in the hole
 *
 * and the allocator used before setup, with a bad node, or a bad size.
 */
static void test_caller_bugs(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(8)), RAM(0, M(12), M(16)) };
	phys_addr_t p;
	struct snap *s;

	make(f, ram, ARRAY_SIZE(ram), 1, NULL);
	expect_panic(bootmem_alloc_try_nid(f->bm, 8, 0, 0, 0, ANY, 0));
	expect_panic(bootmem_free(f->bm, M(2), PAGE_SIZE));
	expect_panic(bootmem_reserve(f->bm, M(2), PAGE_SIZE, 0));
	early(f, 0, PAGE_SIZE);
	up(f);

	p = alloc(f, PAGE_SIZE, PAGE_SIZE, 0, 0, ANY, 0);
	bootmem_free(f->bm, p, PAGE_SIZE);
	s = snap_take(f->bm);
	expect_panic(bootmem_free(f->bm, p, PAGE_SIZE));
	assert_panic_says("not reserved");
	assert_unchanged(s, f->bm);

	assert_int_equal(bootmem_reserve(f->bm, M(7), M(1), 0), 0);
	expect_panic(bootmem_free(f->bm, M(7), M(2)));
	assert_panic_says("not RAM");
	expect_panic(bootmem_free(f->bm, M(9), M(1)));
	assert_panic_says("not RAM");

	expect_panic(bootmem_alloc_try_nid(f->bm, 8, 0, 0, 0, 1, 0));
	expect_panic(bootmem_alloc_try_nid(f->bm, 8, 0, 0, 0, -2, 0));
	expect_panic(bootmem_setup(f->bm));
	/* Size 0 is no request: nothing taken. */
	s = snap_take(f->bm);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, 0, 0, 0, 0, ANY, 0), 0);
	assert_unchanged(s, f->bm);
}

/*
 * Freeing any page of bootmem's own bitmap is a BUG, though its bits say
 * "reserved" (so the double-free check alone would let it through):
 *
 *   RAM      |-------------------- 0 --------------------|
 *   bitmap                                             [B]   the top page
 *   free                                               [f]   the bitmap page
 *   free                                            [ff]     one below, one of it
 *   free                                            [r]      the page below: fine
 *            1M                                           64M
 *
 * Nothing changes when it panics; the page right below the bitmap frees.
 */
static void test_free_bitmap_pages(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(64)) };
	phys_addr_t map;
	uint64_t before;
	struct snap *s;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	assert_bitmap(f);
	map = f->bm->map_phys;
	assert_int_equal(map, M(64) - PAGE_SIZE);
	assert_reserved(f, PFN_DOWN(map), PFN_DOWN(map) + 1, true);
	assert_int_equal(bootmem_reserve(f->bm, map - PAGE_SIZE, PAGE_SIZE, 0), 0);
	before = bootmem_free_pages(f->bm, 0);

	s = snap_take(f->bm);
	expect_panic(bootmem_free(f->bm, map, PAGE_SIZE));
	assert_panic_says("bootmem's own bitmap");
	expect_panic(bootmem_free(f->bm, map - PAGE_SIZE, 2 * PAGE_SIZE));
	assert_panic_says("bootmem's own bitmap");
	expect_panic(bootmem_free(f->bm, M(1), M(63)));
	assert_panic_says("bootmem's own bitmap");
	assert_unchanged(s, f->bm);
	assert_reserved(f, PFN_DOWN(map) - 1, PFN_DOWN(map) + 1, true);

	/* The page just below is not the bitmap. */
	bootmem_free(f->bm, map - PAGE_SIZE, PAGE_SIZE);
	assert_int_equal(bootmem_free_pages(f->bm, 0), before + 1);
	assert_reserved(f, PFN_DOWN(map) - 1, PFN_DOWN(map), false);
	assert_reserved(f, PFN_DOWN(map), PFN_DOWN(map) + 1, true);
}

/*
 * A map function that cannot reach the block just found: the allocation
 * fails (0, an error logged) and gives its pages back - the free count
 * and the bitmap are as before, and the same request succeeds, at the
 * same place, once the map works.  The wrapper, whose own map of the
 * block (the second call) fails, likewise returns NULL and gives back.
 */
static void test_map_fails_gives_back(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(16)) };
	uint64_t before, bytes;
	uint8_t *map_copy;
	phys_addr_t pa, want;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	bootmem_kernel = f->bm;
	before = bootmem_free_pages(f->bm, ANY);
	bytes = f->bm->map_bytes;
	map_copy = malloc(bytes);
	assert_non_null(map_copy);
	memcpy(map_copy, f->bm->map, bytes);
	/* The highest 3 pages below the bitmap. */
	want = f->bm->map_phys - 3 * PAGE_SIZE;

	stub_log_reset();
	f->sim.refuse_in = 1;
	assert_int_equal(bootmem_alloc_try_nid(f->bm, 3 * PAGE_SIZE, 0, 0, 0, ANY, 0), 0);
	assert_int_equal(f->sim.refused, 1);
	assert_log_has("cannot reach");
	assert_int_equal(bootmem_free_pages(f->bm, ANY), before);
	assert_memory_equal(f->bm->map, map_copy, bytes);
	assert_reserved(f, PFN_DOWN(want), PFN_DOWN(want) + 3, false);

	/* The same request, the map working: where it would have gone. */
	pa = alloc(f, 3 * PAGE_SIZE, 0, 0, 0, ANY, 0);
	assert_int_equal(pa, want);
	assert_int_equal(bootmem_free_pages(f->bm, ANY), before - 3);
	bootmem_free(f->bm, pa, 3 * PAGE_SIZE);
	assert_int_equal(bootmem_free_pages(f->bm, ANY), before);

	/* The wrapper: zeroing maps (call 1), its own map fails (call 2). */
	f->sim.refuse_in = 2;
	assert_null(__alloc_bootmem_nopanic(3 * PAGE_SIZE, 0, 0));
	assert_int_equal(f->sim.refused, 2);
	assert_int_equal(f->sim.refuse_in, 0);
	assert_int_equal(bootmem_free_pages(f->bm, ANY), before);
	assert_memory_equal(f->bm->map, map_copy, bytes);
	free(map_copy);
}

/*
 * Zeroing, on RAM that holds a pattern as real RAM holds garbage:
 *
 *   RAM      |------ 0 ------|
 *   alloc      [000000]          zeroed: exactly its bytes
 *   alloc              [~~~]     BOOTMEM_RAW: the pattern, untouched
 *
 * Zeroing stops at the end of the request: the rest of its last page
 * still holds the pattern, and the neighbour sharing its first page keeps
 * its data.
 */
static void test_zeroing(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(4)) };
	phys_addr_t a, b, c;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	a = alloc(f, 3 * PAGE_SIZE + 100, 0, 0, 0, ANY, 0);
	assert_bytes(a, 3 * PAGE_SIZE + 100, 0);
	assert_bytes(a + 3 * PAGE_SIZE + 100, PAGE_SIZE - 100, PATTERN);
	memset(sim_host(a, 3 * PAGE_SIZE + 100), 0x11, 3 * PAGE_SIZE + 100);
	b = alloc(f, 200, 0, 0, 0, ANY, 0);
	assert_bytes(b, 200, 0);
	assert_bytes(a, 3 * PAGE_SIZE + 100, 0x11);
	c = alloc(f, 2 * PAGE_SIZE, PAGE_SIZE, 0, 0, ANY, RAW);
	assert_bytes(c, 2 * PAGE_SIZE, PATTERN);
	c = alloc(f, 300, 0, 0, 0, ANY, RAW);
	assert_bytes(c, 300, PATTERN);
	assert_bytes(b, 200, 0);
}

/*
 * Sub-page requests take whole pages of their own, as memblock's do:
 *
 *   RAM      |------------- 0 -------------|
 *            1M                            4M
 *   alloc                        ^b ^a  [B]   100 bytes each, page-aligned
 *   reserve                      [r]          inside b's page, exclusive: -EBUSY
 *
 * 2.6.27 let the next small request start in the previous one's last
 * page, so a reservation made there in between was overwritten; with
 * whole pages that cannot happen: a reservation inside a's page holds,
 * and the next request lands below it.
 */
static void test_subpage_whole_pages(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(4)) };
	phys_addr_t a, b, c;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	a = alloc(f, 100, 0, 0, 0, ANY, 0);
	assert_int_equal(a, M(4) - 2 * PAGE_SIZE);
	b = alloc(f, 100, 0, 0, 0, ANY, 0);
	assert_int_equal(b, a - PAGE_SIZE);
	assert_int_equal(bootmem_free_pages(f->bm, 0), in_free_after_setup(f, 0) - 2);
	memset(sim_host(b, 100), 0x77, 100);
	assert_int_equal(bootmem_reserve(f->bm, b + 200, 8, BOOTMEM_EXCLUSIVE), -EBUSY);
	bootmem_free(f->bm, b, PAGE_SIZE);
	assert_int_equal(bootmem_reserve(f->bm, b + 200, 8, BOOTMEM_EXCLUSIVE), 0);
	c = alloc(f, 8, 0, 0, 0, ANY, 0);
	assert_int_equal(c, b - PAGE_SIZE);
}

/*
 * The top hint: the search of a node starts at the highest page that may
 * be free, and a free above it brings the search back up.
 *
 *   RAM      |------------- 0 -------------|------ 1 ------|
 *            1M                            8M              12M
 *   alloc          ... ^3 ^2 ^1        [B]   node 0 top-down, below the bitmap
 *   free                      [f]            ^4 lands there again
 *
 * 1,000 single pages on a node with no free page at all return 0 at
 * once: the node is skipped, not searched (bootmem_bench measures it).
 */
static void test_top_hint(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(8)), RAM(1, M(8), M(12)) };
	phys_addr_t p[3];

	make_up(f, ram, ARRAY_SIZE(ram), 2, NULL);
	for (unsigned int i = 0; i < 3; i++)
		p[i] = alloc(f, PAGE_SIZE, 0, 0, 0, 0, EXACT);
	assert_int_equal(p[0], M(8) - PAGE_SIZE);       /* the bitmap is on node 1 */
	assert_int_equal(p[1], p[0] - PAGE_SIZE);
	assert_int_equal(p[2], p[1] - PAGE_SIZE);
	bootmem_free(f->bm, p[0], PAGE_SIZE);
	assert_int_equal(alloc(f, PAGE_SIZE, 0, 0, 0, 0, EXACT), p[0]);
	assert_int_equal(alloc(f, PAGE_SIZE, 0, 0, 0, 0, EXACT), p[2] - PAGE_SIZE);
	/* A 2-page request skips the 1-page hole a free leaves. */
	bootmem_free(f->bm, p[1], PAGE_SIZE);
	assert_int_equal(alloc(f, 2 * PAGE_SIZE, 0, 0, 0, 0, EXACT), p[2] - 3 * PAGE_SIZE);
	assert_int_equal(alloc(f, PAGE_SIZE, 0, 0, 0, 0, EXACT), p[1]);

	assert_int_equal(bootmem_reserve(f->bm, M(8), M(4), 0), 0);
	assert_int_equal(bootmem_free_pages(f->bm, 1), 0);
	for (unsigned int i = 0; i < 1000; i++)
		assert_int_equal(bootmem_alloc_try_nid(f->bm, PAGE_SIZE, 0, 0, 0, 1, EXACT), 0);
}

/*
 * Fallback order: four nodes of 64 pages each, and a SLIT:
 *
 *   RAM      |-0-| |-1-| |-2-| |-3-|        distance from:  0  1  2  3
 *            1M    2M    3M    4M                      0:  10 30 20 20
 *                                                      1:  25 10 40 15
 *   (the bitmap takes node 0's first page)             2:  20 35 10 20
 *                                                      3:  30 15 25 10
 *
 * Node 0 asked, pages are taken from 0, then 2 and 3 (a tie, broken by
 * id), then 1; then nothing.  From node 1: 1, 3, 0, 2.  A row is the
 * distance from its node: the SLIT need not be symmetric.  Exact requests
 * never leave their node.  Without a SLIT (10 local, 20 remote) node 2
 * falls back to 0, 1, 3.
 */
static const uint8_t slit4[MAX_NUMNODES][MAX_NUMNODES] = {
	{ 10, 30, 20, 20 },
	{ 25, 10, 40, 15 },
	{ 20, 35, 10, 20 },
	{ 30, 15, 25, 10 },
};

static void check_fallback(struct fixture *f, int nid, const int *order)
{
	uint64_t left[4];

	for (int n = 0; n < 4; n++)
		left[n] = bootmem_free_pages(f->bm, n);
	for (int k = 0; k < 4; k++) {
		int want = order[k];

		while (left[want]) {
			phys_addr_t pa = alloc(f, PAGE_SIZE, PAGE_SIZE, 0, 0, nid, 0);

			if (in_nid(f, PFN_DOWN(pa)) != want)
				fail_msg("from node %d: page on node %d, want node %d (%lu left)", nid,
					 in_nid(f, PFN_DOWN(pa)), want, left[want]);
			left[want]--;
			assert_int_equal(bootmem_free_pages(f->bm, want), left[want]);
			if (k)  /* the asked node is full: exact finds nothing */
				assert_int_equal(bootmem_alloc_try_nid(f->bm, 8, 0, 0, 0, nid, EXACT),
						 0);
		}
	}
	assert_int_equal(bootmem_alloc_try_nid(f->bm, 8, 0, 0, 0, nid, 0), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, 8, 0, 0, 0, ANY, 0), 0);
}

static void test_fallback_order(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, M(1), M(1) + K(256)), RAM(1, M(2), M(2) + K(256)),
		RAM(2, M(3), M(3) + K(256)), RAM(3, M(4), M(4) + K(256)),
	};
	static const int from0[] = { 0, 2, 3, 1 }, from1[] = { 1, 3, 0, 2 };
	static const int from2_noslit[] = { 2, 0, 1, 3 };

	make_up(f, ram, ARRAY_SIZE(ram), 4, slit4);
	check_fallback(f, 0, from0);

	bootmem_init(f->bm, sim_map, 4, slit4);
	for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++)
		assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(ram[i].start),
						   PFN_DOWN(ram[i].end), ram[i].nid), 0);
	up(f);
	check_fallback(f, 1, from1);

	bootmem_init(f->bm, sim_map, 4, NULL);
	for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++)
		assert_int_equal(bootmem_add_range(f->bm, PFN_DOWN(ram[i].start),
						   PFN_DOWN(ram[i].end), ram[i].nid), 0);
	up(f);
	check_fallback(f, 2, from2_noslit);
}

/*
 * Out of memory is 0, and the allocator keeps working:
 *
 *   RAM      |------ 0 ------|
 *            1M              2M
 *
 * more than there is; then every page taken one by one; after a free,
 * that page again.
 */
static void test_out_of_memory(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(2)) };
	uint64_t n = 0, free0;
	phys_addr_t pa = 0;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	free0 = bootmem_free_pages(f->bm, ANY);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, M(1), 0, 0, 0, ANY, 0), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, UINT64_MAX, 0, 0, 0, ANY, 0), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, UINT64_MAX / 2 + 2, 0, 0, 0, ANY, 0), 0);
	for (phys_addr_t p; (p = bootmem_alloc_try_nid(f->bm, PAGE_SIZE, PAGE_SIZE, 0, 0, ANY, 0));
	     n++)
		pa = p;
	assert_int_equal(n, free0);
	assert_int_equal(bootmem_free_pages(f->bm, ANY), 0);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, 1, 0, 0, 0, 0, EXACT), 0);
	bootmem_free(f->bm, pa, PAGE_SIZE);
	assert_int_equal(bootmem_alloc_try_nid(f->bm, PAGE_SIZE, 0, 0, 0, 0, 0), pa);
}

/* =========================================================================== */
/* Release                                                                     */
/* =========================================================================== */

/*
 * The hand-over, on three nodes, interleaved, with holes, early
 * reservations, allocations and frees (pages):
 *
 *   RAM      |-0-|    |--1--|--0--|   |--2--|--1--|
 *            1   159  256  700  1000  1100  3000  3333
 *   early    [0] page 0 (not RAM), [300, 310)
 *   taken    allocations here and there, some freed again
 *
 * Every free page exactly once, in naturally aligned blocks of at most
 * 2^max_order pages on its own node, nodes ascending, the bitmap's pages
 * last; as many pages as bootmem_free_pages() counted plus the bitmap.
 * With max_order 0, 3 and 18.
 */
static void test_release(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, PG(1), PG(159)), RAM(1, PG(256), PG(700)), RAM(0, PG(700), PG(1000)),
		RAM(2, PG(1100), PG(3000)), RAM(1, PG(3000), PG(3333)),
	};
	static const unsigned int orders[] = { 0, 3, 18 };
	const pfn_t span = 3333;

	for (unsigned int o = 0; o < ARRAY_SIZE(orders); o++) {
		uint8_t *taken = calloc(span, 1), *want;
		uint64_t expect;

		assert_non_null(taken);
		sim_free(&f->sim);
		make(f, ram, ARRAY_SIZE(ram), 3, NULL);
		early(f, PG(300), PG(310));
		early(f, PG(1101) + 5, PG(1102) - 5);
		up(f);
		assert_bitmap(f);
		for (unsigned int i = 0; i < 60; i++) {
			uint64_t size = 1 + (i * 2654435761u) % (9 * PAGE_SIZE);
			int nid = (int)(i % 4) - 1;
			phys_addr_t pa = alloc(f, size, i % 5 ? 0 : PAGE_SIZE << (i % 3), 0, 0, nid,
					       i % 2 ? EXACT : 0);

			for (pfn_t p = PFN_DOWN(pa); p < PFN_UP(pa + size); p++)
				taken[p] = 1;
			if (i % 3 == 0 && size >= PAGE_SIZE && IS_ALIGNED(pa, PAGE_SIZE)) {
				bootmem_free(f->bm, pa, size);
				for (pfn_t p = PFN_DOWN(pa); p < PFN_DOWN(pa + size); p++)
					taken[p] = 0;
			}
		}
		want = want_from(f, taken, span);
		for (pfn_t p = 0; p < span; p++)
			if (in_nid(f, p) != NUMA_NO_NODE && want[p] != 2)
				assert_int_equal(bootmem_pfn_reserved(f->bm, p), !want[p]);
		expect = bootmem_free_pages(f->bm, ANY) + f->bm->map_bytes / PAGE_SIZE;
		release_and_check(f, want, span, orders[o]);
		{
			uint64_t pages = 0;

			for (size_t i = 0; i < f->out.n; i++)
				pages += 1ULL << f->out.b[i].order;
			assert_int_equal(pages, expect);
		}
		free(want);
		free(taken);
	}
}

/*
 * After the hand-over the page allocator owns memory: every call is a bug
 * with a message that says so.
 *
 *   RAM      |------ 0 ------|
 *   release  ===============>   then alloc, free, reserve, register,
 *                               reserve early, set up, release, wrappers
 */
static void test_after_release(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(0, M(1), M(4)) };
	phys_addr_t pa;

	make_up(f, ram, ARRAY_SIZE(ram), 1, NULL);
	pa = alloc(f, PAGE_SIZE, 0, 0, 0, ANY, 0);
	bootmem_release(f->bm, 10, collect, &f->out);
	bootmem_kernel = f->bm;
	expect_panic(bootmem_alloc_try_nid(f->bm, 8, 0, 0, 0, ANY, 0));
	assert_panic_says("after bootmem_release()");
	expect_panic(bootmem_free(f->bm, pa, PAGE_SIZE));
	assert_panic_says("after bootmem_release()");
	expect_panic(bootmem_reserve(f->bm, pa, PAGE_SIZE, 0));
	assert_panic_says("after bootmem_release()");
	expect_panic(bootmem_add_range(f->bm, PFN_DOWN(M(8)), PFN_DOWN(M(9)), 0));
	assert_panic_says("after bootmem_release()");
	expect_panic(bootmem_reserve_early(f->bm, M(2), M(3), "late"));
	assert_panic_says("after bootmem_release()");
	expect_panic(bootmem_setup(f->bm));
	assert_panic_says("after bootmem_release()");
	expect_panic(bootmem_release(f->bm, 10, collect, &f->out));
	assert_panic_says("after bootmem_release()");
	expect_panic(alloc_bootmem(8));
	expect_panic(alloc_bootmem_nopanic(8));
	assert_panic_says("after bootmem_release()");
	expect_panic(alloc_bootmem_node_nopanic(0, 8));
	expect_panic(alloc_bootmem_low(8));
	expect_panic(free_bootmem(pa, PAGE_SIZE));
	expect_panic(free_bootmem_node(0, pa, PAGE_SIZE));
	expect_panic(reserve_bootmem(pa, PAGE_SIZE, 0));
	expect_panic(reserve_bootmem_node(0, pa, PAGE_SIZE, 0));
	assert_panic_says("after bootmem_release()");
}

/* =========================================================================== */
/* The bootmem-compatible API on bootmem_kernel                                */
/* =========================================================================== */

/*
 *   RAM      |--- 0 ---|      ...      |--- 0 ---|--- 1 ---|
 *            1M        32M             4G       4G+32M     4G+64M
 *
 * Virtual addresses come back (the map function's); plain forms panic
 * with the request in the message, _nopanic forms return NULL; _node
 * forms prefer the node and fall back (node 1 has nothing below 4 GiB);
 * _low forms stay below 4 GiB whatever the goal; _pages forms are page
 * aligned; frees and reservations work on physical addresses.
 */
static void test_wrappers(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = {
		RAM(0, M(1), M(32)), RAM(0, G(4), G(4) + M(32)), RAM(1, G(4) + M(32), G(4) + M(64)),
	};
	char want[96];
	uint64_t before;
	uint8_t *v;
	phys_addr_t pa;

	make_up(f, ram, ARRAY_SIZE(ram), 2, NULL);
	bootmem_kernel = f->bm;

	/* 48 MiB: in no node's range; across node 0's and node 1's high RAM. */
	before = bootmem_free_pages(f->bm, ANY);
	pa = sim_phys(alloc_bootmem_node_nopanic(1, M(48)));
	assert_int_equal(pa, G(4) + M(16) - PAGE_SIZE);         /* below the bitmap */
	free_bootmem(pa, M(48));
	assert_int_equal(bootmem_free_pages(f->bm, ANY), before);

	v = alloc_bootmem(100);
	assert_non_null(v);
	pa = sim_phys(v);
	assert_true(IS_ALIGNED(pa, 8));
	assert_bytes(pa, 100, 0);
	pa = sim_phys(alloc_bootmem_align(100, 64));
	assert_true(IS_ALIGNED(pa, 64));
	pa = sim_phys(alloc_bootmem_pages(5000));
	assert_true(IS_ALIGNED(pa, PAGE_SIZE));
	assert_bytes(pa, 5000, 0);
	pa = sim_phys(alloc_bootmem_nopanic(300));
	assert_on_node(f, pa, 300, ANY);
	pa = sim_phys(alloc_bootmem_pages_nopanic(PAGE_SIZE));
	assert_true(IS_ALIGNED(pa, PAGE_SIZE));

	pa = sim_phys(alloc_bootmem_node(1, 100));
	assert_on_node(f, pa, 100, 1);
	pa = sim_phys(alloc_bootmem_pages_node(1, 3 * PAGE_SIZE));
	assert_on_node(f, pa, 3 * PAGE_SIZE, 1);
	assert_true(IS_ALIGNED(pa, PAGE_SIZE));
	pa = sim_phys(__alloc_bootmem_node(0, PAGE_SIZE, PAGE_SIZE, G(4)));
	assert_true(pa >= G(4));
	assert_on_node(f, pa, PAGE_SIZE, 0);
	pa = sim_phys(alloc_bootmem_node_nopanic(1, 100));
	assert_on_node(f, pa, 100, 1);

	pa = sim_phys(alloc_bootmem_low(100));
	assert_true(pa + 100 <= SZ_4G);
	pa = sim_phys(__alloc_bootmem_low(PAGE_SIZE, PAGE_SIZE, G(4) + M(40)));
	assert_true(pa + PAGE_SIZE <= SZ_4G);
	pa = sim_phys(alloc_bootmem_low_pages(2 * PAGE_SIZE));
	assert_true(pa + 2 * PAGE_SIZE <= SZ_4G && IS_ALIGNED(pa, PAGE_SIZE));
	pa = sim_phys(alloc_bootmem_low_pages_node(1, PAGE_SIZE));
	assert_true(pa + PAGE_SIZE <= SZ_4G);
	pa = sim_phys(__alloc_bootmem_low_node(0, 64, 0, G(4)));
	assert_true(pa + 64 <= SZ_4G);

	assert_null(alloc_bootmem_nopanic(T(1)));
	assert_null(alloc_bootmem_pages_nopanic(T(1)));
	assert_null(alloc_bootmem_node_nopanic(1, G(1)));
	expect_panic(alloc_bootmem(T(1)));
	snprintf(want, sizeof(want), "%lu bytes", T(1));
	assert_panic_says("alloc_bootmem");
	assert_panic_says(want);
	assert_panic_says("out of memory");
	expect_panic(alloc_bootmem_node(1, G(1) + 5));
	snprintf(want, sizeof(want), "%lu bytes", G(1) + 5);
	assert_panic_says(want);
	assert_panic_says("node 1");
	expect_panic(alloc_bootmem_low(M(40)));
	snprintf(want, sizeof(want), "%lu bytes", M(40));
	assert_panic_says(want);
	assert_panic_says("limit 0x100000000");
	expect_panic(alloc_bootmem_low_pages_node(1, M(40)));
	assert_panic_says("node 1");
	expect_panic(alloc_bootmem_pages(G(2)));

	/* Physical frees and reservations. */
	pa = sim_phys(alloc_bootmem_pages_node(0, 4 * PAGE_SIZE));
	before = bootmem_free_pages(f->bm, ANY);
	free_bootmem(pa, 2 * PAGE_SIZE);
	assert_int_equal(bootmem_free_pages(f->bm, ANY), before + 2);
	free_bootmem_node(in_nid(f, PFN_DOWN(pa)), pa + 2 * PAGE_SIZE, 2 * PAGE_SIZE);
	assert_int_equal(bootmem_free_pages(f->bm, ANY), before + 4);
	pa = sim_phys(alloc_bootmem_pages_node(1, PAGE_SIZE));
	expect_panic(free_bootmem_node(0, pa, PAGE_SIZE));
	assert_int_equal(reserve_bootmem(M(20), PAGE_SIZE, BOOTMEM_EXCLUSIVE), 0);
	assert_int_equal(reserve_bootmem(M(20), PAGE_SIZE, BOOTMEM_EXCLUSIVE), -EBUSY);
	/* Node 1's part only, of a reservation across the node boundary. */
	before = bootmem_free_pages(f->bm, 0);
	assert_int_equal(reserve_bootmem_node(1, G(4) + M(31), M(2), 0), 0);
	assert_int_equal(bootmem_free_pages(f->bm, 0), before);
	assert_reserved(f, PFN_DOWN(G(4) + M(32)), PFN_DOWN(G(4) + M(33)), true);
	assert_int_equal(reserve_bootmem_node(1, G(4) + M(31), M(2), BOOTMEM_EXCLUSIVE),
			 -EBUSY);
	assert_int_equal(reserve_bootmem_node(0, G(4) + M(2), M(2), BOOTMEM_EXCLUSIVE), 0);
	assert_reserved(f, PFN_DOWN(G(4) + M(2)), PFN_DOWN(G(4) + M(4)), true);
}

/* =========================================================================== */
/* Log                                                                         */
/* =========================================================================== */

/*
 *   RAM      |-- 0 --|   |-- 1 --|
 *            1M      4M  8M      12M
 *
 * bootmem_dump() prints each range in Linux's form and each node's pages,
 * free and reserved; with debug set every call is traced.
 */
static void test_dump_and_trace(void **state)
{
	struct fixture *f = *state;
	static const struct ram ram[] = { RAM(1, M(8), M(12)), RAM(0, M(1), M(4)) };
	char line[160];

	make_up(f, ram, ARRAY_SIZE(ram), 2, NULL);
	f->bm->debug = true;
	alloc(f, 100, 0, 0, 0, 1, EXACT);
	assert_log_has("alloc size=0x64");
	assert_int_equal(bootmem_reserve(f->bm, M(9), PAGE_SIZE, 0), 0);
	assert_log_has("reserve [mem 0x0000000000900000-0x0000000000900fff]");
	stub_log_reset();
	bootmem_dump(f->bm);
	for (unsigned int i = 0; i < ARRAY_SIZE(ram); i++) {
		snprintf(line, sizeof(line), "node %3d: [mem 0x%016lx-0x%016lx]", ram[i].nid,
			 ram[i].start, ram[i].end - 1);
		assert_log_has(line);
	}
	snprintf(line, sizeof(line), "node 1: %lu pages, %lu free, %lu reserved",
		 in_pages(f, 1), in_free_after_setup(f, 1) - 2,
		 in_pages(f, 1) - in_free_after_setup(f, 1) + 2);
	assert_log_has(line);
	snprintf(line, sizeof(line), "node 0: %lu pages, %lu free, %lu reserved",
		 in_pages(f, 0), in_free_after_setup(f, 0),
		 in_pages(f, 0) - in_free_after_setup(f, 0));
	assert_log_has(line);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_single_node),
		TEST(test_ranges_out_of_order),
		TEST(test_touching_same_node_merged),
		TEST(test_touching_different_nodes),
		TEST(test_interleaved_small),
		TEST(test_interleaved_8g),
		TEST(test_sparse_1t),
		TEST(test_sparse_exact_2g),
		TEST(test_bitmap_layout),
		TEST(test_register_errors),
		TEST(test_tables_full),
		TEST(test_setup_nowhere),
		TEST(test_bitmap_placement),
		TEST(test_goal),
		TEST(test_limit),
		TEST(test_alignment),
		TEST(test_free_inward_reserve_outward),
		TEST(test_exclusive),
		TEST(test_reserve_wraps),
		TEST(test_caller_bugs),
		TEST(test_free_bitmap_pages),
		TEST(test_map_fails_gives_back),
		TEST(test_zeroing),
		TEST(test_subpage_whole_pages),
		TEST(test_top_hint),
		TEST(test_fallback_order),
		TEST(test_out_of_memory),
		TEST(test_release),
		TEST(test_after_release),
		TEST(test_wrappers),
		TEST(test_dump_and_trace),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
