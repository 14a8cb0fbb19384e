/*
 * tests/unit/mm/bootmem_model_test.c - mm/bootmem.c against a reference
 * model, one byte per page, under thousands of random operations.
 *
 * Each trial draws a layout (ranges of random nodes, touching or apart,
 * interleaved or sparse, registered in random order and partly in
 * pieces), a SLIT or none, and early reservations; then random
 * allocations (size, alignment, goal, limit, node, BOOTMEM_EXACT_NODE,
 * BOOTMEM_RAW), frees of whole blocks or parts of them, and reservations
 * with and without BOOTMEM_EXCLUSIVE.  The model knows only the rules of
 * mm/bootmem.h:
 *
 *   - a page is a hole, free, reserved, or the bitmap's;
 *   - an allocation takes a run of PFN_UP(size) free pages, aligned, wholly
 *     below the limit, on one node (node-bound) or across touching RAM
 *     (any node), starting at a page boundary (no page is shared);
 *   - bound to a node, the run lies on the first node that has room, in the
 *     order: that node, the others by distance (ties by id), then any;
 *     with BOOTMEM_EXACT_NODE that node or nothing;
 *   - the run starts at or above the goal when the chosen node has room
 *     there (a goal at or above the limit is none);
 *   - 0 means nothing fits, and only then.
 *
 * After every step the free pages of each node must agree; every 16 steps
 * every page's state, every 256 the contents of all live blocks (each
 * filled with its own tag: nothing may be handed out twice or zeroed by
 * someone else's request).  Free pages hold a pattern, as real RAM holds
 * garbage: a BOOTMEM_RAW block must still hold it, any other block must be
 * zero.  At the end, after bootmem_release(), every free page must have
 * been handed over exactly once, in naturally aligned blocks, as few as
 * the runs allow, node by node, the bitmap's last, and nothing else.
 *
 * Half the trials mostly allocate, so that nodes run full one by one and
 * requests fall back; some requests put the limit inside a free page with
 * the goal just below it.  The closing line counts what was exercised.
 *
 * BOOTMEM_SEED=<n> runs trials n, n+1, ... (TRIALS of them); a failure
 * names the trial's seed and step.
 */
#include <setjmp.h>
#include <signal.h>
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
#include "kernel/errno.h"
#include "mm/bootmem.h"
#include "tests/unit/stubs/stubs.h"

#define SPACE           16384   /* page frames a layout spans at most */
#define TRIALS          8       /* seeds per run */
#define OPS             1500    /* operations per trial */
#define SWEEP_EVERY     16      /* steps between whole-page comparisons */
#define CONTENT_EVERY   256     /* steps between checks of block contents */
#define TRIAL_SECONDS   30      /* a trial takes about 1 s: longer is a hang */
#define MAX_RANGES      40
#define MAX_NODES       6
#define PATTERN         0xa5
#define DEFAULT_SEED    0xb007ULL

#define M(x)            ((phys_addr_t)(x) * SZ_1M)
#define ANY             NUMA_ANY_NODE
#define NO_ROOM         (-2)    /* the model's "nothing fits" */

enum page { HOLE, FREE, TAKEN, BITMAP };

/* Bytes [s, e) of an allocation still owned, filled with @tag. */
struct piece {
	phys_addr_t s, e;
	uint8_t tag;
};

struct range {
	pfn_t s, e;
	int nid;
};

struct model {
	uint8_t st[SPACE];              /* enum page */
	int8_t nid[SPACE];              /* NUMA_NO_NODE for holes */
	uint64_t free[MAX_NUMNODES];
	unsigned int nr_nodes;
	uint8_t dist[MAX_NUMNODES][MAX_NUMNODES];
	bool slit;
	struct range range[MAX_RANGES]; /* the layout, sorted, as drawn */
	unsigned int nr_ranges;
	struct { phys_addr_t s, e; } early[8];
	unsigned int nr_early;
	struct piece *piece;
	size_t nr_pieces, cap_pieces;
	uint32_t run_node[SPACE + 1];   /* scratch: free run on one node */
	uint32_t run_any[SPACE + 1];    /* scratch: free run */
};

/* What the run does, for the closing line. */
struct stats {
	uint64_t ops, allocs, nomem, fallback, tie, exact, busy, frees, handed;
};

struct fixture {
	struct bootmem *bm;
	struct model *m;
	uint8_t *mem;                   /* SPACE pages of simulated memory */
	uint64_t seed;
	unsigned int step;
	char op[200];                   /* the operation being checked */
	bool in_trial;
	struct stats st;
	uint8_t seen[SPACE];            /* release: times each page came */
};

static struct fixture *cur;

/* --- randomness ---------------------------------------------------------- */

static uint64_t rnd_state;

static uint64_t rnd(void)
{
	uint64_t z = (rnd_state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static bool chance(unsigned int percent)
{
	return below(100) < percent;
}

static uint64_t base_seed(void)
{
	const char *s = getenv("BOOTMEM_SEED");

	return s && *s ? strtoull(s, NULL, 0) : DEFAULT_SEED;
}

/* --- failing ----------------------------------------------------------------- */

static void trial_fail(const char *fmt, ...) __printf(1, 2);

static void trial_fail(const char *fmt, ...)
{
	char why[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	cur->in_trial = false;
	fail_msg("%s\n  seed %#lx (BOOTMEM_SEED=%#lx replays it) step %u: %s", why, cur->seed,
		 cur->seed, cur->step, cur->op);
}

/*
 * expect_assert_failure() without its message: the stub's panic() leaves
 * it in a dead stack frame, and cmocka's print of it shows garbage.
 */
#define expect_panic(call)                                              \
	do {                                                            \
		if (!setjmp(global_expect_assert_env)) {                \
			global_expecting_assert = 1;                    \
			call;                                           \
			global_expecting_assert = 0;                    \
			trial_fail("no panic from %s", #call);          \
		}                                                       \
		global_expecting_assert = 0;                            \
	} while (0)

/* An allocator stuck in a loop fails too: say where, and stop. */
static void on_alarm(int sig)
{
	char msg[400];
	int n = snprintf(msg, sizeof(msg),
			 "bootmem_model_test: stuck for %d s in seed %#lx (BOOTMEM_SEED=%#lx replays it) step %u: %s\n",
			 TRIAL_SECONDS, cur->seed, cur->seed, cur->step, cur->op);

	(void)sig;
	if (write(STDERR_FILENO, msg, (size_t)n) < 0)
		_exit(2);
	_exit(1);
}

/* --- simulated memory ------------------------------------------------------ */

/* The map function: [pa, pa + size) must be RAM of the layout. */
static void *sim_map(phys_addr_t pa, uint64_t size)
{
	const struct model *m = cur->m;

	if (!size || pa >= PFN_PHYS(SPACE) || size > PFN_PHYS(SPACE) - pa)
		trial_fail("map_fn: [mem %#lx+%#lx] outside the layout", pa, size);
	for (pfn_t p = PFN_DOWN(pa); p < PFN_UP(pa + size); p++)
		if (m->st[p] == HOLE)
			trial_fail("map_fn: [mem %#lx+%#lx] runs into a hole at pfn %#lx", pa,
				   size, p);
	return cur->mem + pa;
}

/* Host memory of physical [pa, ...), bypassing the allocator. */
static uint8_t *host(phys_addr_t pa)
{
	return cur->mem + pa;
}

/* Is [pa, pa + n) all @v? */
static bool all(phys_addr_t pa, uint64_t n, uint8_t v)
{
	static uint8_t ref[4096];
	const uint8_t *p = host(pa);

	memset(ref, v, sizeof(ref));
	while (n) {
		uint64_t k = MIN(n, sizeof(ref));

		if (memcmp(p, ref, k))
			return false;
		p += k;
		n -= k;
	}
	return true;
}

/* --- layout ------------------------------------------------------------------ */

static int cmp_range(const void *a, const void *b)
{
	const struct range *x = a, *y = b;

	return x->s < y->s ? -1 : x->s > y->s;
}

/*
 * A random layout: ranges walk up from a random first frame, each touching
 * the previous one or after a gap; nodes random, interleaved (k mod
 * nodes), or in blocks; lengths from one page to thousands, gaps from one
 * page to most of the space.
 */
static void random_layout(struct model *m)
{
	unsigned int kind = (unsigned int)below(3), chunk = 16 + (unsigned int)below(1024);
	pfn_t p = 1 + below(400);

	m->nr_nodes = 1 + (unsigned int)below(MAX_NODES);
	if (chance(30))
		chunk = ALIGN_UP(chunk, 64);
	while (m->nr_ranges < MAX_RANGES && p < SPACE) {
		struct range *r = &m->range[m->nr_ranges];
		unsigned int k = m->nr_ranges++;
		uint64_t len;

		if (kind == 1)
			len = chunk;
		else if (chance(15))
			len = 1 + below(4);
		else
			len = 1 + below(kind == 2 ? 4000 : 1500);
		r->s = p;
		r->e = MIN(p + len, (pfn_t)SPACE);
		r->nid = kind == 1 ? (int)(k % m->nr_nodes) :
			 kind == 2 ? (int)(k * m->nr_nodes / MAX_RANGES) :
			 (int)below(m->nr_nodes);
		if (chance(kind == 1 ? 80 : 40))
			p = r->e;
		else
			p = r->e + 1 + below(chance(20) ? 3000 : 200);
	}
	for (pfn_t q = 0; q < SPACE; q++) {
		m->st[q] = HOLE;
		m->nid[q] = NUMA_NO_NODE;
	}
	for (unsigned int i = 0; i < m->nr_ranges; i++)
		for (pfn_t q = m->range[i].s; q < m->range[i].e; q++) {
			m->st[q] = FREE;
			m->nid[q] = (int8_t)m->range[i].nid;
		}
	m->slit = chance(65);
	for (unsigned int i = 0; i < m->nr_nodes; i++)
		for (unsigned int j = 0; j < m->nr_nodes; j++) {
			static const uint8_t d[] = { 15, 20, 20, 20, 30, 40 };

			m->dist[i][j] = i == j ? LOCAL_DISTANCE : d[below(ARRAY_SIZE(d))];
		}
}

/* Register the layout in random order, some ranges in touching pieces. */
static void register_layout(struct fixture *f)
{
	struct model *m = f->m;
	struct range reg[2 * MAX_RANGES];
	unsigned int n = 0;

	for (unsigned int i = 0; i < m->nr_ranges; i++) {
		struct range r = m->range[i];

		if (r.e - r.s > 1 && chance(25)) {
			pfn_t cut = r.s + 1 + below(r.e - r.s - 1);

			reg[n++] = (struct range){ r.s, cut, r.nid };
			reg[n++] = (struct range){ cut, r.e, r.nid };
		} else {
			reg[n++] = r;
		}
	}
	for (unsigned int i = n; i > 1; i--) {
		unsigned int j = (unsigned int)below(i);
		struct range t = reg[i - 1];

		reg[i - 1] = reg[j];
		reg[j] = t;
	}
	for (unsigned int i = 0; i < n; i++) {
		snprintf(f->op, sizeof(f->op), "add_range [%#lx, %#lx) node %d", reg[i].s, reg[i].e,
			 reg[i].nid);
		if (bootmem_add_range(f->bm, reg[i].s, reg[i].e, reg[i].nid))
			trial_fail("registration refused");
	}
	qsort(m->range, m->nr_ranges, sizeof(m->range[0]), cmp_range);
}

/* Bits the bitmap takes by the layout rules of mm/bootmem.h. */
static uint64_t model_map_bits(const struct model *m)
{
	uint64_t bit = 0;

	for (unsigned int i = 0; i < m->nr_ranges; i++) {
		const struct range *r = &m->range[i];

		if (i && m->range[i - 1].e != r->s)
			bit++;
		while (bit % 64 != r->s % 64)
			bit++;
		bit += r->e - r->s;
	}
	return bit;
}

static bool early_meets(const struct model *m, pfn_t p)
{
	for (unsigned int i = 0; i < m->nr_early; i++)
		if (m->early[i].s < PFN_PHYS(p + 1) && PFN_PHYS(p) < m->early[i].e)
			return true;
	return false;
}

/* Where a bitmap of @n pages goes: the highest run of RAM of one node
 * (one range: touching ranges of one node are merged) that meets no
 * early reservation. */
static pfn_t model_map_at(const struct model *m, uint64_t n)
{
	for (pfn_t p = SPACE - n + 1; p-- > 0;) {
		uint64_t i = 0;

		while (i < n && m->st[p + i] != HOLE && m->nid[p + i] == m->nid[p] &&
		       !early_meets(m, p + i))
			i++;
		if (i == n)
			return p;
	}
	return UINT64_MAX;
}

/* Take the free pages of [s, e) in the model (holes and taken pages,
 * the bitmap's too, stay what they are). */
static void model_take(struct model *m, pfn_t s, pfn_t e, enum page how)
{
	for (pfn_t p = s; p < MIN(e, (pfn_t)SPACE); p++) {
		if (m->st[p] == FREE) {
			m->free[m->nid[p]]--;
			m->st[p] = how;
		}
	}
}

/* --- checks ------------------------------------------------------------------ */

static void check_counts(struct fixture *f)
{
	uint64_t sum = 0;

	for (unsigned int n = 0; n < f->m->nr_nodes; n++) {
		uint64_t got = bootmem_free_pages(f->bm, (int)n);

		if (got != f->m->free[n])
			trial_fail("node %u: %lu free pages, model %lu", n, got, f->m->free[n]);
		sum += got;
	}
	if (bootmem_free_pages(f->bm, ANY) != sum)
		trial_fail("all nodes: %lu free pages, sum of nodes %lu",
			   bootmem_free_pages(f->bm, ANY), sum);
}

static void check_pages(struct fixture *f)
{
	const struct model *m = f->m;

	for (pfn_t p = 0; p < SPACE + 64; p++) {
		bool want = p < SPACE && (m->st[p] == TAKEN || m->st[p] == BITMAP);
		int nid = p < SPACE ? m->nid[p] : NUMA_NO_NODE;

		if (bootmem_pfn_reserved(f->bm, p) != want)
			trial_fail("pfn %#lx: reserved %d, model %d", p, !want, want);
		if (bootmem_pfn_nid(f->bm, p) != nid)
			trial_fail("pfn %#lx: node %d, model %d", p, bootmem_pfn_nid(f->bm, p), nid);
	}
}

static void check_contents(struct fixture *f)
{
	for (size_t i = 0; i < f->m->nr_pieces; i++) {
		const struct piece *pc = &f->m->piece[i];

		if (!all(pc->s, pc->e - pc->s, pc->tag))
			trial_fail("block [%#lx, %#lx) lost its contents (tag %#x)", pc->s, pc->e,
				   pc->tag);
	}
}

/* --- operations -------------------------------------------------------------- */

static void add_piece(struct model *m, phys_addr_t s, phys_addr_t e, uint8_t tag)
{
	if (m->nr_pieces == m->cap_pieces) {
		m->cap_pieces = m->cap_pieces ? 2 * m->cap_pieces : 256;
		m->piece = realloc(m->piece, m->cap_pieces * sizeof(*m->piece));
		assert_non_null(m->piece);
	}
	m->piece[m->nr_pieces++] = (struct piece){ s, e, tag };
}

/* The nodes in fallback order from @nid: itself, then by distance, ties
 * by id. */
static unsigned int fallback_order(const struct model *m, int nid, int *out)
{
	unsigned int k = 0;

	out[k++] = nid;
	for (unsigned int d = 0; d <= 255; d++)
		for (unsigned int n = 0; n < m->nr_nodes; n++) {
			unsigned int dn = m->slit ? m->dist[nid][n] : REMOTE_DISTANCE;

			if ((int)n != nid && dn == d)
				out[k++] = (int)n;
		}
	return k;
}

static uint64_t random_size(const struct model *m)
{
	uint64_t ram = 0;

	for (unsigned int n = 0; n < m->nr_nodes; n++)
		ram += m->free[n];
	switch (below(20)) {
	case 0 ... 5:
		return 1 + below(256);
	case 6 ... 8:
		return 257 + below(PAGE_SIZE - 257);
	case 9 ... 17:
		return PAGE_SIZE * (1 + below(16)) - (chance(50) ? below(PAGE_SIZE) : 0);
	default:
		return 1 + below(PFN_PHYS(ram / 8 + 1));
	}
}

static uint64_t random_align(void)
{
	if (chance(35))
		return 0;
	if (chance(2))
		return BOOTMEM_MAX_ALIGN;
	return 8ULL << below(chance(70) ? 10 : 20);
}

static phys_addr_t random_addr(void)
{
	phys_addr_t a = below(PFN_PHYS(SPACE + 256));

	return chance(50) ? ALIGN_DOWN(a, PAGE_SIZE) : a;
}

static void op_alloc(struct fixture *f)
{
	struct model *m = f->m;
	uint64_t size = random_size(m), align = random_align();
	phys_addr_t goal = chance(50) ? 0 : random_addr();
	phys_addr_t limit = chance(60) ? 0 : random_addr();
	int nid = chance(30) ? ANY : (int)below(m->nr_nodes);
	unsigned int flags = (nid != ANY && chance(40) ? BOOTMEM_EXACT_NODE : 0) |
			     (chance(35) ? BOOTMEM_RAW : 0);
	pfn_t n = PFN_UP(size), a = MAX(1, align >> PAGE_SHIFT);
	pfn_t hi, gp;
	bool room[MAX_NUMNODES] = { false }, above[MAX_NUMNODES] = { false };
	bool room_any = false, above_any = false;
	int order[MAX_NUMNODES], want = NO_ROOM, k;
	unsigned int nr_order;
	phys_addr_t pa, end;
	pfn_t p;
	uint8_t tag;

	/* Sometimes a limit inside a free page and the goal just below it:
	 * that page is the first candidate, and it is past the limit. */
	if (chance(15)) {
		pfn_t q = below(SPACE);

		for (pfn_t j = 0; j < SPACE && m->st[q] != FREE; j++)
			q = (q + 1) % SPACE;
		limit = PFN_PHYS(q) + 1 + below(PAGE_SIZE - 1);
		goal = PFN_PHYS(q) - MIN(PFN_PHYS(q), below(2 * PAGE_SIZE));
	}
	hi = limit ? MIN(PFN_DOWN(limit), (pfn_t)SPACE) : SPACE;
	gp = goal < (limit ? limit : UINT64_MAX) ? PFN_DOWN(goal) : 0;
	/* Often the fullest node: fallback, and ties among the nodes after it. */
	if (nid != ANY && chance(40))
		for (unsigned int j = 0; j < m->nr_nodes; j++)
			if (m->free[j] < m->free[nid])
				nid = (int)j;
	snprintf(f->op, sizeof(f->op),
		 "alloc size %#lx align %#lx goal %#lx limit %#lx node %d%s%s", size, align, goal,
		 limit, nid, flags & BOOTMEM_EXACT_NODE ? " exact" : "",
		 flags & BOOTMEM_RAW ? " raw" : "");

	/* Where a run of n aligned free pages fits below the limit. */
	m->run_node[SPACE] = m->run_any[SPACE] = 0;
	for (pfn_t q = SPACE; q-- > 0;) {
		bool fr = m->st[q] == FREE;

		m->run_any[q] = fr ? 1 + m->run_any[q + 1] : 0;
		m->run_node[q] = fr ? 1 + (q + 1 < SPACE && m->nid[q + 1] == m->nid[q] ?
					   m->run_node[q + 1] : 0) : 0;
	}
	for (pfn_t q = 0; q + n <= hi; q += a) {
		if (m->run_node[q] >= n) {
			room[m->nid[q]] = true;
			above[m->nid[q]] |= q >= gp;
		}
		if (m->run_any[q] >= n) {
			room_any = true;
			above_any |= q >= gp;
		}
	}
	if (nid == ANY) {
		want = room_any ? ANY : NO_ROOM;
	} else {
		nr_order = flags & BOOTMEM_EXACT_NODE ? 1 : fallback_order(m, nid, order);
		if (flags & BOOTMEM_EXACT_NODE)
			order[0] = nid;
		for (k = 0; k < (int)nr_order && !room[order[k]]; k++)
			;
		if (k < (int)nr_order)
			want = order[k];
		else if (!(flags & BOOTMEM_EXACT_NODE) && room_any)
			want = ANY;
		f->st.exact += !!(flags & BOOTMEM_EXACT_NODE);
		f->st.fallback += want != nid && want != NO_ROOM;
		/* A tie decided it: a node as near, with room, came later. */
		for (int j = k + 1; want >= 0 && want != nid && j < (int)nr_order; j++)
			if (room[order[j]] && (!m->slit || m->dist[nid][order[j]] == m->dist[nid][want])) {
				f->st.tie++;
				break;
			}
	}

	pa = bootmem_alloc_try_nid(f->bm, size, align, goal, limit, nid, flags);
	f->st.allocs++;
	if (want == NO_ROOM) {
		if (pa)
			trial_fail("got %#lx where the model has no room", pa);
		f->st.nomem++;
		return;
	}
	if (!pa)
		trial_fail("got 0, the model has room (node %d)", want);

	/* Where the block starts. */
	end = pa + size;
	if (!IS_ALIGNED(pa, align ? align : 8))
		trial_fail("%#lx is not aligned", pa);
	if (limit && end > limit)
		trial_fail("[%#lx, %#lx) ends past the limit", pa, end);
	/* Whole pages: no request shares a page with another. */
	if (!IS_ALIGNED(pa, PAGE_SIZE))
		trial_fail("%#lx starts inside a page", pa);
	p = PFN_DOWN(pa);
	if (p % a || p + n > hi)
		trial_fail("run at pfn %#lx (%lu pages) misaligned or past the limit", p, n);
	for (pfn_t q = p; q < p + n; q++)
		if (q >= SPACE || m->st[q] != FREE ||
		    (want != ANY && m->nid[q] != want))
			trial_fail("run at pfn %#lx: pfn %#lx is %s on node %d, want free on node %d",
				   p, q, q < SPACE && m->st[q] == FREE ? "free" : "not free",
				   q < SPACE ? m->nid[q] : -1, want);
	if (want == ANY ? above_any : above[want])
		if (p < gp)
			trial_fail("run at pfn %#lx below the goal, though room lies above it", p);
	if (flags & BOOTMEM_EXACT_NODE)
		for (pfn_t q = PFN_DOWN(pa); q < PFN_UP(end); q++)
			if (m->nid[q] != nid)
				trial_fail("exact node %d: pfn %#lx is on node %d", nid, q, m->nid[q]);
	if (!all(pa, size, flags & BOOTMEM_RAW ? PATTERN : 0))
		trial_fail("[%#lx, %#lx) is not %s", pa, end,
			   flags & BOOTMEM_RAW ? "left as it was" : "zeroed");

	model_take(m, p, PFN_UP(end), TAKEN);
	tag = (uint8_t)(1 + f->st.allocs % 250);
	tag += tag >= PATTERN;
	memset(host(pa), tag, size);
	add_piece(m, pa, end, tag);
}

/* Free all or part of a live block. */
static void op_free(struct fixture *f)
{
	struct model *m = f->m;
	size_t i;
	struct piece pc;
	phys_addr_t x, y, fs, fe;

	if (!m->nr_pieces)
		return;
	i = below(m->nr_pieces);
	pc = m->piece[i];
	x = pc.s;
	y = pc.e;
	if (chance(50)) {
		x = pc.s + below(pc.e - pc.s);
		y = x + 1 + below(pc.e - x);
	}
	snprintf(f->op, sizeof(f->op), "free [%#lx, %#lx) of block [%#lx, %#lx)", x, y, pc.s,
		 pc.e);
	bootmem_free(f->bm, x, y - x);
	f->st.frees++;

	fs = PFN_PHYS(PFN_UP(x));
	fe = PFN_PHYS(PFN_DOWN(y));
	if (fs >= fe)
		return;
	for (pfn_t q = PFN_DOWN(fs); q < PFN_DOWN(fe); q++) {
		if (m->st[q] != TAKEN)
			trial_fail("model: freeing pfn %#lx that is not taken", q);
		m->st[q] = FREE;
		m->free[m->nid[q]]++;
	}
	memset(host(fs), PATTERN, fe - fs);
	/* The block keeps what lies outside the freed pages. */
	m->piece[i] = m->piece[--m->nr_pieces];
	if (pc.s < fs)
		add_piece(m, pc.s, fs, pc.tag);
	if (fe < pc.e)
		add_piece(m, fe, pc.e, pc.tag);
}

/* Reserve bytes somewhere: near a free page or anywhere, maybe across
 * holes; exclusive or not. */
static void op_reserve(struct fixture *f)
{
	struct model *m = f->m;
	bool excl = chance(50);
	phys_addr_t x = random_addr(), len = 1 + below(chance(80) ? 8 * PAGE_SIZE : M(1));
	bool busy = false;
	int rc;

	if (chance(60)) {               /* start at a free page */
		pfn_t q = below(SPACE);

		for (pfn_t k = 0; k < SPACE && m->st[q] != FREE; k++)
			q = (q + 1) % SPACE;
		x = PFN_PHYS(q) + below(PAGE_SIZE);
	}
	snprintf(f->op, sizeof(f->op), "reserve [%#lx, %#lx)%s", x, x + len,
		 excl ? " exclusive" : "");
	for (pfn_t q = PFN_DOWN(x); q < MIN(PFN_UP(x + len), (pfn_t)SPACE); q++)
		busy |= m->st[q] == TAKEN || m->st[q] == BITMAP;
	rc = bootmem_reserve(f->bm, x, len, excl ? BOOTMEM_EXCLUSIVE : 0);
	if (excl && busy) {
		if (rc != -EBUSY)
			trial_fail("exclusive over taken pages: %d, want -EBUSY", rc);
		f->st.busy++;
		return;
	}
	if (rc)
		trial_fail("reserve: %d, want 0", rc);
	model_take(m, PFN_DOWN(x), PFN_UP(x + len), TAKEN);
}

/* --- release ----------------------------------------------------------------- */

struct handover {
	struct fixture *f;
	uint8_t *seen;
	unsigned int max_order;
	int phase;                      /* 1: free pages, 2: the bitmap */
	int last_nid;
	pfn_t last;
	uint64_t pages, blocks;
};

static void give(void *ctx, pfn_t pfn, unsigned int order, int nid)
{
	struct handover *h = ctx;
	const struct model *m = h->f->m;
	pfn_t n = 1ULL << order;

	snprintf(h->f->op, sizeof(h->f->op), "release: block pfn %#lx order %u node %d", pfn,
		 order, nid);
	if (order > h->max_order || pfn % n || pfn + n > SPACE)
		trial_fail("block not naturally aligned, too big or outside the layout");
	if (m->st[pfn] == BITMAP && h->phase == 1) {
		h->phase = 2;
		h->last = 0;
	}
	if (h->phase == 1 && (nid < h->last_nid || (nid == h->last_nid && pfn < h->last)))
		trial_fail("blocks out of node or address order");
	if (h->phase == 2 && pfn < h->last)
		trial_fail("bitmap blocks out of order");
	h->last_nid = nid;
	h->last = pfn + n;
	for (pfn_t q = pfn; q < pfn + n; q++) {
		if (m->st[q] != (h->phase == 1 ? FREE : BITMAP))
			trial_fail("pfn %#lx handed over (model state %u, phase %d)", q, m->st[q],
				   h->phase);
		if (h->seen[q]++)
			trial_fail("pfn %#lx handed over twice", q);
		if (m->nid[q] != nid)
			trial_fail("pfn %#lx handed over as node %d, is node %d", q, nid, m->nid[q]);
	}
	h->pages += n;
	h->blocks++;
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

static void check_release(struct fixture *f)
{
	static const unsigned int orders[] = { 0, 1, 3, 5, 9, 10, 11, 18 };
	struct handover h = { .f = f, .phase = 1, .last_nid = -1 };
	uint64_t got, want = 0, blocks = 0;

	h.seen = f->seen;
	memset(h.seen, 0, SPACE);
	h.max_order = orders[below(ARRAY_SIZE(orders))];
	got = bootmem_release(f->bm, h.max_order, give, &h);
	snprintf(f->op, sizeof(f->op), "after release, max_order %u", h.max_order);
	for (pfn_t q = 0; q < SPACE; q++) {
		bool out = f->m->st[q] == FREE || f->m->st[q] == BITMAP;

		want += out;
		if (out != !!h.seen[q])
			trial_fail("pfn %#lx (state %u) %s handed over", q, f->m->st[q],
				   out ? "never" : "wrongly");
	}
	if (got != want || h.pages != want)
		trial_fail("release returned %lu, handed %lu pages, model %lu", got, h.pages, want);
	/* As few blocks as the runs (of one node, free or the bitmap) allow. */
	for (pfn_t q = 0; q < SPACE;) {
		pfn_t e = q + 1;

		if (f->m->st[q] != FREE && f->m->st[q] != BITMAP) {
			q++;
			continue;
		}
		while (e < SPACE && f->m->st[e] == f->m->st[q] && f->m->nid[e] == f->m->nid[q])
			e++;
		blocks += blocks_for(q, e - q, h.max_order);
		q = e;
	}
	if (h.blocks != blocks)
		trial_fail("release: %lu blocks, the runs need only %lu", h.blocks, blocks);
	f->st.handed += got;

	/* The allocator is retired. */
	switch (below(3)) {
	case 0:
		expect_panic(bootmem_alloc_try_nid(f->bm, 8, 0, 0, 0, ANY, 0));
		break;
	case 1:
		expect_panic(bootmem_reserve(f->bm, 0, PAGE_SIZE, 0));
		break;
	default:
		expect_panic(bootmem_release(f->bm, 0, give, &h));
		break;
	}
}

/* --- trials -------------------------------------------------------------------- */

static void trial(struct fixture *f, uint64_t seed)
{
	struct model *m = f->m;
	uint64_t bits, bytes;
	bool filling;
	pfn_t at;
	int rc;

	free(m->piece);
	memset(m, 0, sizeof(*m));
	rnd_state = seed;
	f->seed = seed;
	f->step = 0;
	f->in_trial = true;
	signal(SIGALRM, on_alarm);
	alarm(TRIAL_SECONDS);
	random_layout(m);

	/* Simulated RAM holds the pattern; holes cannot be touched at all. */
	assert_int_equal(mprotect(f->mem, PFN_PHYS(SPACE), PROT_READ | PROT_WRITE), 0);
	for (unsigned int i = 0; i < m->nr_ranges; i++)
		memset(host(PFN_PHYS(m->range[i].s)), PATTERN,
		       PFN_PHYS(m->range[i].e - m->range[i].s));
	for (pfn_t q = 0; q < SPACE;) {
		pfn_t e = q;

		while (e < SPACE && m->st[e] == HOLE)
			e++;
		if (e > q)
			assert_int_equal(mprotect(host(PFN_PHYS(q)), PFN_PHYS(e - q), PROT_NONE), 0);
		q = e + 1;
	}

	bootmem_init(f->bm, sim_map, m->nr_nodes,
		     m->slit ? (const uint8_t (*)[MAX_NUMNODES])m->dist : NULL);
	register_layout(f);
	for (pfn_t q = 0; q < SPACE; q++)
		if (m->st[q] == FREE)
			m->free[m->nid[q]]++;
	m->nr_early = (unsigned int)below(ARRAY_SIZE(m->early));
	for (unsigned int i = 0; i < m->nr_early; i++) {
		phys_addr_t s = chance(20) ? 0 : random_addr();
		phys_addr_t e = s + 1 + below(chance(80) ? 16 * PAGE_SIZE : M(8));

		m->early[i].s = s;
		m->early[i].e = e;
		snprintf(f->op, sizeof(f->op), "reserve_early [%#lx, %#lx)", s, e);
		if (bootmem_reserve_early(f->bm, s, e, "random"))
			trial_fail("early reservation refused");
	}

	bits = model_map_bits(m);
	bytes = ALIGN_UP(ALIGN_UP(bits, 64) / 8, PAGE_SIZE);
	at = model_map_at(m, bytes / PAGE_SIZE);
	snprintf(f->op, sizeof(f->op), "setup: %u ranges, %u nodes, %u early, slit %d",
		 m->nr_ranges, m->nr_nodes, m->nr_early, m->slit);
	rc = bootmem_setup(f->bm);
	if (at == UINT64_MAX) {
		if (rc != -ENOMEM)
			trial_fail("setup: %d, want -ENOMEM (no room for the bitmap)", rc);
		alarm(0);
		f->in_trial = false;
		return;
	}
	if (rc || f->bm->map_bits != bits || f->bm->map_bytes != bytes ||
	    f->bm->map_phys != PFN_PHYS(at))
		trial_fail("setup %d: bitmap %lu bits %lu bytes at %#lx, want %lu, %lu, %#lx", rc,
			   f->bm->map_bits, f->bm->map_bytes, f->bm->map_phys, bits, bytes,
			   PFN_PHYS(at));
	for (unsigned int i = 0; i < m->nr_early; i++)
		model_take(m, PFN_DOWN(m->early[i].s), PFN_UP(m->early[i].e), TAKEN);
	model_take(m, at, at + bytes / PAGE_SIZE, BITMAP);
	check_counts(f);
	check_pages(f);

	/* Half the trials fill memory up (few frees): nodes run full one by
	 * one, and node-bound requests fall back. */
	filling = chance(50);
	for (f->step = 1; f->step <= OPS; f->step++) {
		uint64_t free = 0, total = 0;
		unsigned int r = (unsigned int)below(20);

		for (unsigned int n = 0; n < m->nr_nodes; n++)
			free += m->free[n];
		for (unsigned int i = 0; i < m->nr_ranges; i++)
			total += m->range[i].e - m->range[i].s;
		if (r < (filling ? 14u : 9u)) {
			op_alloc(f);
		} else if (r < (filling ? 16u : 15u)) {
			op_free(f);
			if (!filling && free < total / 4)       /* mostly full: free more */
				op_free(f);
		} else {
			op_reserve(f);
		}
		f->st.ops++;
		check_counts(f);
		if (f->step % SWEEP_EVERY == 0)
			check_pages(f);
		if (f->step % CONTENT_EVERY == 0)
			check_contents(f);
	}
	check_pages(f);
	check_contents(f);
	check_release(f);
	alarm(0);
	f->in_trial = false;
}

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->bm = calloc(1, sizeof(*f->bm));
	f->m = calloc(1, sizeof(*f->m));
	f->mem = mmap(NULL, PFN_PHYS(SPACE), PROT_NONE,
		      MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!f->bm || !f->m || f->mem == MAP_FAILED)
		return -1;
	stub_log_reset();
	cur = f;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	/* A panic or a map_fn failure ends the test without trial_fail(). */
	alarm(0);
	if (f->in_trial)
		print_error("failed in seed %#lx (BOOTMEM_SEED=%#lx replays it) step %u: %s\n",
			    f->seed, f->seed, f->step, f->op);
	munmap(f->mem, PFN_PHYS(SPACE));
	free(f->m->piece);
	free(f->m);
	free(f->bm);
	free(f);
	cur = NULL;
	return 0;
}

/* Several seeds, thousands of operations each, checked against the model
 * after every step. */
static void test_against_model(void **state)
{
	struct fixture *f = *state;
	uint64_t seed = base_seed();

	for (unsigned int t = 0; t < TRIALS; t++)
		trial(f, seed + t);
	print_message("model: seeds %#lx..%#lx: %lu ops, %lu allocations (%lu found no room, "
		      "%lu exact, %lu fell back, %lu by a tie), %lu frees, %lu exclusive "
		      "refused, %lu pages handed over\n",
		      seed, seed + TRIALS - 1, f->st.ops, f->st.allocs, f->st.nomem,
		      f->st.exact, f->st.fallback, f->st.tie, f->st.frees, f->st.busy, f->st.handed);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_against_model, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
