/*
 * tests/unit/mm/memmap_test.c - the physical memory map (mm/memmap.c) on
 * crafted and real firmware maps.
 *
 * Each case lists entries as a firmware might give them and the map the
 * code must make of them.  The rule the expected maps are worked out by,
 * by hand from the input (or taken from Linux's dmesg on the same virtual
 * machine), never from the code's output:
 *
 *   the type of an address is the highest type of the entries covering
 *   it, 0 (a hole) if none does; the map lists the maximal runs of one
 *   non-zero type, sorted by address.
 *
 * Diagrams count in pages (P(n) = n * 4 KiB) and draw one letter a page:
 *
 *   page     0 1 2 3 4 5          u usable      n ACPI NVS
 *   in       u u u u              r reserved    x type 20 (unknown)
 *   in           r r r r          a ACPI data   . hole
 *   out      u u r r r r
 *
 * The randomized tests check the same rule against a brute-force model of
 * a small address space; set TEST_SEED to replay another run.
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
#include "mm/memmap.h"
#include "tests/unit/stubs/stubs.h"

#define P(n)            ((phys_addr_t)(n) * PAGE_SIZE)

/* Short type names for the tables. */
#define RAM             MEMMAP_USABLE
#define RSV             MEMMAP_RESERVED
#define ACPI            MEMMAP_ACPI
#define NVS             MEMMAP_NVS
#define T20             20      /* GRUB_MEMORY_CODE under UEFI: unknown */

/* An entry [P(s), P(e)) of type t. */
#define E(s, e, t)      { P(s), P(e), t }
/* An entry as Linux prints it: first and last byte. */
#define LINUX(first, last, t) { first, (phys_addr_t)(last) + 1, t }

/* Room in a case's tables; a zero type ends a list. */
#define CASE_MAX        12

/* --- helpers --------------------------------------------------------------- */

static unsigned int count(const struct memmap_entry *e)
{
	unsigned int n = 0;

	while (n < CASE_MAX && e[n].type)
		n++;
	return n;
}

/* Add [start, end) entries in the order given. */
static void add_all(struct memmap *m, const struct memmap_entry *e, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		assert_int_equal(memmap_add(m, e[i].start, e[i].end - e[i].start,
					    e[i].type), 0);
}

/* A map made of @n entries and sanitized, as the kernel would hold it. */
static void make_map(struct memmap *m, const struct memmap_entry *e, unsigned int n)
{
	memmap_init(m);
	add_all(m, e, n);
	memmap_sanitize(m);
}

/* The map in Linux's shape, one entry a line, into @buf. */
static const char *show(char *buf, size_t size, const struct memmap_entry *e,
			unsigned int n)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < n && len < size; i++) {
		const char *name = memmap_type_name(e[i].type);

		len += (size_t)snprintf(buf + len, size - len,
					"  [mem 0x%016lx-0x%016lx] %s (%u)\n",
					e[i].start, e[i].end - 1,
					name ? name : "?", e[i].type);
	}
	return buf;
}

static bool same_entries(const struct memmap_entry *a, const struct memmap_entry *b,
			 unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		if (a[i].start != b[i].start || a[i].end != b[i].end ||
		    a[i].type != b[i].type)
			return false;
	return true;
}

/* The map holds exactly @want, in order; both are shown if not. */
static void assert_map(const struct memmap *m, const struct memmap_entry *want,
		       unsigned int n)
{
	static char got_s[16384], want_s[16384];

	if (m->nr == n && same_entries(m->e, want, n))
		return;
	fail_msg("map differs\ngot %u entries:\n%swant %u:\n%s", m->nr,
		 show(got_s, sizeof(got_s), m->e, m->nr), n,
		 show(want_s, sizeof(want_s), want, n));
}

/* TEST_SEED, or a fixed seed so that `make test` is repeatable. */
static uint64_t base_seed(void)
{
	return stub_seed(0x6d656d6d6170ULL);
}

/*
 * Add @n entries in a shuffled order, each cut into one to three pieces
 * of its own type that overlap (or touch, when too small to overlap) and
 * together cover exactly the entry, one piece sometimes given twice.
 */
static void add_scrambled(struct memmap *m, const struct memmap_entry *e,
			  unsigned int n, uint64_t seed)
{
	struct memmap_entry piece[4 * 32];
	unsigned int np = 0;

	assert_true(n <= 32);
	for (unsigned int i = 0; i < n; i++) {
		phys_addr_t s = e[i].start, end = e[i].end, len = end - s;
		phys_addr_t cut = s + len / 8 * (1 + stub_rnd_below(&seed, 7));
		phys_addr_t lap = MIN(cut - s, end - cut) / 2;

		switch (stub_rnd_below(&seed, 3)) {
		case 0:         /* whole */
			piece[np++] = e[i];
			break;
		case 1:         /* two pieces overlapping around the cut */
			piece[np++] = (struct memmap_entry){ s, cut + lap, e[i].type };
			piece[np++] = (struct memmap_entry){ cut - lap, end, e[i].type };
			break;
		default:        /* a middle piece over both halves' ends */
			piece[np++] = (struct memmap_entry){ s, cut, e[i].type };
			piece[np++] = (struct memmap_entry){ cut, end, e[i].type };
			piece[np++] = (struct memmap_entry){ cut - lap, cut + lap, e[i].type };
			break;
		}
		if (stub_rnd_below(&seed, 4) == 0) {
			piece[np] = piece[np - 1];
			np++;
		}
	}
	for (unsigned int i = np - 1; i > 0; i--) {
		unsigned int j = stub_rnd_below(&seed, i + 1);
		struct memmap_entry t = piece[i];

		piece[i] = piece[j];
		piece[j] = t;
	}
	add_all(m, piece, np);
}

/* --- fixtures -------------------------------------------------------------- */

struct fixture {
	struct memmap m;
	const void *param;      /* the case, for table-driven tests */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->param = *state;
	memmap_init(&f->m);
	stub_log_reset();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* --- memmap_add ------------------------------------------------------------ */

/* Entries are kept as they come, unsorted, as [start, start + len);
 * empty ones are ignored and still succeed. */
static void test_add_keeps_order(void **state)
{
	struct fixture *f = *state;
	const struct memmap_entry in[] = { E(5, 6, RSV), E(0, 2, RAM), E(3, 4, T20) };

	add_all(&f->m, in, ARRAY_SIZE(in));
	assert_int_equal(memmap_add(&f->m, P(9), 0, RAM), 0);
	assert_int_equal(memmap_add(&f->m, 0, 0, RSV), 0);
	assert_map(&f->m, in, ARRAY_SIZE(in));
	assert_int_equal(f->m.dropped, 0);
}

/*
 *   2^64 - 64 KiB                        2^64
 *        |====== reserved, 128 KiB ========>|======> (would wrap to 64 KiB)
 *        [ kept: start .. UINT64_MAX )
 *
 * An entry running past 2^64 is cut at UINT64_MAX, whether it wraps past
 * zero or ends exactly at 2^64; one ending at UINT64_MAX is not cut.
 */
static void test_add_cuts_at_top(void **state)
{
	struct fixture *f = *state;
	const phys_addr_t top64k = UINT64_MAX - 0xffff;         /* 2^64 - 64 KiB */
	const phys_addr_t top4k = UINT64_MAX - 0xfff;           /* 2^64 - 4 KiB */
	const struct memmap_entry added[] = {
		{ 0, UINT64_MAX, RAM },
		{ top64k, UINT64_MAX, RSV },
		{ top4k, UINT64_MAX, ACPI },
	};
	/* Sanitized: usable below, the higher types stacked at the top. */
	const struct memmap_entry sanitized[] = {
		{ 0, top64k, RAM },
		{ top64k, top4k, RSV },
		{ top4k, UINT64_MAX, ACPI },
	};

	assert_int_equal(memmap_add(&f->m, 0, UINT64_MAX, RAM), 0);
	assert_int_equal(memmap_add(&f->m, top64k, 0x20000, RSV), 0);
	assert_int_equal(memmap_add(&f->m, top4k, 0x1000, ACPI), 0);
	assert_map(&f->m, added, ARRAY_SIZE(added));

	memmap_sanitize(&f->m);
	assert_map(&f->m, sanitized, ARRAY_SIZE(sanitized));
}

/*
 *   page   0 . 2 . 4  ...  510 | 512 514 516
 *          u   u   u        u  |  u   u   u     <- refused
 *          <-- MEMMAP_MAX -->  |
 *
 * MEMMAP_MAX entries fit; each one past that is refused with -ENOSPC and
 * counted in dropped, the ones already in untouched.
 */
static void test_add_overflow(void **state)
{
	struct fixture *f = *state;
	const unsigned int extra = 3;

	for (unsigned int i = 0; i < MEMMAP_MAX + extra; i++) {
		int want = i < MEMMAP_MAX ? 0 : -ENOSPC;

		assert_int_equal(memmap_add(&f->m, P(2 * i), PAGE_SIZE, RAM), want);
	}
	assert_int_equal(f->m.nr, MEMMAP_MAX);
	assert_int_equal(f->m.dropped, extra);
	for (unsigned int i = 0; i < MEMMAP_MAX; i++) {
		assert_int_equal(f->m.e[i].start, P(2 * i));
		assert_int_equal(f->m.e[i].end, P(2 * i + 1));
	}
}

/*
 * A UEFI-like map of 1000 descriptors, more than MEMMAP_MAX:
 *
 *   d0, d1     usable [0, 0xA0000), usable [0xA0000, 1 MiB)
 *   d2..d999   4 pages each from 1 MiB up, D(i) = [1M + 16K i, 1M + 16K (i+1)),
 *              given in swapped pairs (D(1), D(0), D(3), D(2), ...), so
 *              no descriptor touches the end of the one before; usable
 *              but for every D(i) with i % 100 == 50 (runtime data, reserved)
 *
 * Each add succeeds: a full table is sanitized, its neighbours merging,
 * and the add retried.  Sanitized at the end the map is the rule's
 * 21 runs, with every usable byte of the input; nothing is dropped.
 *
 * Then memmap_remove() cuts [0xA0000, 1 MiB) out of the first usable
 * entry (two remain), and a removal of usable RAM over D(49)..D(51)
 * leaves D(50), which is reserved.
 */
#define UEFI_DESC       1000
#define UEFI_D(i)       (SZ_1M + (phys_addr_t)(i) * P(4))

static bool uefi_reserved(unsigned int i)
{
	return i % 100 == 50;
}

/* The rule's map of D(0)..D(n-1) after [0, @low_end) usable, or (@low_split)
 * after [0, 0xA0000) usable and a hole up to 1 MiB. */
static unsigned int uefi_want(struct memmap_entry *w, unsigned int n, phys_addr_t low_end,
			      bool low_split)
{
	unsigned int k = 0;

	if (low_split) {
		w[k++] = (struct memmap_entry){ 0, 0xA0000, RAM };
		w[k++] = (struct memmap_entry){ SZ_1M, SZ_1M, RAM };  /* D(0) extends it */
	} else {
		w[k++] = (struct memmap_entry){ 0, low_end, RAM };
	}
	for (unsigned int i = 0; i < n; i++) {
		uint32_t t = uefi_reserved(i) ? RSV : RAM;

		if (w[k - 1].end == UEFI_D(i) && w[k - 1].type == t)
			w[k - 1].end = UEFI_D(i + 1);
		else
			w[k++] = (struct memmap_entry){ UEFI_D(i), UEFI_D(i + 1), t };
	}
	return k;
}

static void test_add_uefi_1000(void **state)
{
	struct fixture *f = *state;
	const unsigned int n = UEFI_DESC - 2;
	static struct memmap_entry want[64];
	uint64_t ram = SZ_1M;
	unsigned int nw;

	assert_int_equal(memmap_add(&f->m, 0, 0xA0000, RAM), 0);
	assert_int_equal(memmap_add(&f->m, 0xA0000, SZ_1M - 0xA0000, RAM), 0);
	for (unsigned int j = 0; j < n; j++) {
		unsigned int i = j ^ 1;         /* swapped pairs */

		assert_int_equal(memmap_add(&f->m, UEFI_D(i), P(4),
					    uefi_reserved(i) ? RSV : RAM), 0);
		ram += uefi_reserved(i) ? 0 : P(4);
	}
	assert_int_equal(f->m.dropped, 0);
	assert_true(f->m.nr <= MEMMAP_MAX);
	memmap_sanitize(&f->m);
	nw = uefi_want(want, n, SZ_1M, false);
	assert_int_equal(nw, 21);
	assert_map(&f->m, want, nw);
	assert_int_equal(memmap_total(&f->m, RAM), ram);
	assert_int_equal(memmap_total(&f->m, RSV), 10 * P(4));
	assert_int_equal(f->m.dropped, 0);

	/* The legacy hole cut out of the first entry. */
	assert_int_equal(memmap_remove(&f->m, 0xA0000, SZ_1M, RAM), 0);
	nw = uefi_want(want, n, SZ_1M, true);
	assert_int_equal(nw, 22);
	assert_map(&f->m, want, nw);
	assert_int_equal(memmap_total(&f->m, RAM), ram - (SZ_1M - 0xA0000));

	/* Usable RAM only: the reserved D(50) stays. */
	assert_int_equal(memmap_remove(&f->m, UEFI_D(49), UEFI_D(52), RAM), 0);
	assert_int_equal(f->m.e[1].end, UEFI_D(49));
	assert_int_equal(f->m.e[2].start, UEFI_D(50));
	assert_int_equal(f->m.e[2].end, UEFI_D(51));
	assert_int_equal(f->m.e[2].type, RSV);
	assert_int_equal(f->m.e[3].start, UEFI_D(52));
	assert_int_equal(f->m.e[3].type, RAM);
	assert_int_equal(memmap_total(&f->m, RAM), ram - (SZ_1M - 0xA0000) - 2 * P(4));
	assert_int_equal(memmap_total(&f->m, RSV), 10 * P(4));
}

/* --- memmap_sanitize: table of cases --------------------------------------- */

struct sanitize_case {
	struct memmap_entry in[CASE_MAX];       /* as added, in this order */
	struct memmap_entry out[CASE_MAX];      /* the sanitized map */
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   in #0                u u       listed first
 *   in #1        u u
 *   in #2    u
 *   out      u . u u . . u u
 */
static const struct sanitize_case unsorted = {
	.in = { E(6, 8, RAM), E(2, 4, RAM), E(0, 1, RAM) },
	.out = { E(0, 1, RAM), E(2, 4, RAM), E(6, 8, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   in       u u u u u u u u
 *   in           r r
 *   out      u u r r u u u u
 */
static const struct sanitize_case reserved_over_usable = {
	.in = { E(0, 8, RAM), E(2, 4, RSV) },
	.out = { E(0, 2, RAM), E(2, 4, RSV), E(4, 8, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   in               u u u u       usable listed after, still loses
 *   in       r r r r r r
 *   out      r r r r r r u u
 */
static const struct sanitize_case reserved_over_later_usable = {
	.in = { E(4, 8, RAM), E(0, 6, RSV) },
	.out = { E(0, 6, RSV), E(6, 8, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   in       r r r r r r
 *   in               a a a a
 *   out      r r r r a a a a
 */
static const struct sanitize_case acpi_over_reserved = {
	.in = { E(0, 6, RSV), E(4, 8, ACPI) },
	.out = { E(0, 4, RSV), E(4, 8, ACPI) },
};

/*
 *   page     0 1 2 3 4 5 6 7 8 9
 *   in       u u u u u u u u u u
 *   in         r r r r r r r r
 *   in           a a a a a a
 *   in             x x x x         type 20: unknown, highest of all
 *   out      u r a x x x x a r u
 */
static const struct sanitize_case unknown_type_over_all = {
	.in = { E(3, 7, T20), E(0, 10, RAM), E(2, 8, ACPI), E(1, 9, RSV) },
	.out = { E(0, 1, RAM), E(1, 2, RSV), E(2, 3, ACPI), E(3, 7, T20),
		 E(7, 8, ACPI), E(8, 9, RSV), E(9, 10, RAM) },
};

/*
 *   page     0 1 2 3 4 5
 *   in               u u
 *   in       u u
 *   in           u u
 *   out      u u u u u u           touching neighbours of one type: one entry
 */
static const struct sanitize_case same_type_touching = {
	.in = { E(4, 6, RAM), E(0, 2, RAM), E(2, 4, RAM) },
	.out = { E(0, 6, RAM) },
};

/*
 *   page     0 1 2 3 4 5
 *   in       u u
 *   in           r r
 *   in               u u
 *   out      u u r r u u           touching, different types: kept apart
 */
static const struct sanitize_case different_type_touching = {
	.in = { E(0, 2, RAM), E(2, 4, RSV), E(4, 6, RAM) },
	.out = { E(0, 2, RAM), E(2, 4, RSV), E(4, 6, RAM) },
};

/*
 *   page     0 1 2 3 4 5
 *   in       u u u
 *   in           u u u u
 *   out      u u u u u u           overlapping, one type: one entry
 */
static const struct sanitize_case same_type_overlapping = {
	.in = { E(0, 3, RAM), E(2, 6, RAM) },
	.out = { E(0, 6, RAM) },
};

/*
 *   page     0 1 2 3 4 5
 *   in       u u u u
 *   in           n n n n
 *   out      u u n n n n           overlapping, different types: cut
 */
static const struct sanitize_case different_type_overlapping = {
	.in = { E(0, 4, RAM), E(2, 6, NVS) },
	.out = { E(0, 2, RAM), E(2, 6, NVS) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   in       u u
 *   in             u u
 *   in                     r r
 *   out      u u . . u u . r r     holes stay holes
 */
static const struct sanitize_case holes_preserved = {
	.in = { E(0, 2, RAM), E(4, 6, RAM), E(7, 9, RSV) },
	.out = { E(0, 2, RAM), E(4, 6, RAM), E(7, 9, RSV) },
};

/*
 *   page     0 1 2 3 4 5 6
 *   in       u u u u
 *   in           |             empty reserved at P(2): must not split
 *   in               |         empty usable at P(4): must not join
 *   in                   u u
 *   out      u u u u . u u
 */
static const struct sanitize_case empty_entries_dropped = {
	.in = { E(0, 4, RAM), E(2, 2, RSV), E(4, 4, RAM), E(5, 7, RAM) },
	.out = { E(0, 4, RAM), E(5, 7, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   in       u u u u u u u u
 *   in           u u
 *   out      u u u u u u u u       inside one of its own type: swallowed
 */
static const struct sanitize_case inside_same_type = {
	.in = { E(0, 8, RAM), E(2, 4, RAM) },
	.out = { E(0, 8, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   in       r r r r r r r r
 *   in           u u
 *   out      r r r r r r r r       usable inside reserved: never RAM
 */
static const struct sanitize_case usable_inside_reserved = {
	.in = { E(0, 8, RSV), E(2, 4, RAM) },
	.out = { E(0, 8, RSV) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   in       u u u u u u u u
 *   in       r
 *   in                     a a     inside, sharing both outer edges
 *   out      r u u u u u a a
 */
static const struct sanitize_case inside_at_edges = {
	.in = { E(0, 8, RAM), E(0, 1, RSV), E(6, 8, ACPI) },
	.out = { E(0, 1, RSV), E(1, 6, RAM), E(6, 8, ACPI) },
};

/* Sanitizing gives the case's map, and sanitizing that again changes
 * nothing. */
static void test_sanitize(void **state)
{
	struct fixture *f = *state;
	const struct sanitize_case *c = f->param;

	add_all(&f->m, c->in, count(c->in));
	memmap_sanitize(&f->m);
	assert_map(&f->m, c->out, count(c->out));
	memmap_sanitize(&f->m);
	assert_map(&f->m, c->out, count(c->out));
	assert_int_equal(f->m.dropped, 0);
}

#define SANITIZE(c)     { "sanitize_" #c, test_sanitize, setup, teardown, (void *)&c }

/*
 *   page     0 1 2 3
 *   in x256      u u               the same entry, MEMMAP_MAX times
 *   out          u u
 */
static void test_sanitize_duplicates(void **state)
{
	struct fixture *f = *state;
	const struct memmap_entry one[] = { E(1, 3, RAM) };

	for (unsigned int i = 0; i < MEMMAP_MAX; i++)
		add_all(&f->m, one, 1);
	memmap_sanitize(&f->m);
	assert_map(&f->m, one, 1);
	assert_int_equal(f->m.dropped, 0);
}

/*
 *   page     0 1 2 3 4 5 ... 254 255 256 ... 509 510
 *   in       u u u u u u ...  u   u   u  ...  u   u   one usable
 *   in         r   r   r ...      r      ...  r       MEMMAP_MAX - 1 reserved
 *   pieces   u r u r u r ...  u   r   u  ...  r   u   2 * MEMMAP_MAX - 1
 *   out      u r u r u r ...  u   r  |                the first MEMMAP_MAX
 *
 * MEMMAP_MAX entries may sanitize to more pieces than the map holds: the
 * lowest MEMMAP_MAX are kept, the rest counted in dropped - none of them
 * turns into RAM by the loss of a reservation.
 */
static void test_sanitize_overflow(void **state)
{
	struct fixture *f = *state;
	const unsigned int pieces = 2 * MEMMAP_MAX - 1;

	assert_int_equal(memmap_add(&f->m, 0, P(pieces), RAM), 0);
	for (unsigned int i = 1; i < pieces; i += 2)
		assert_int_equal(memmap_add(&f->m, P(i), PAGE_SIZE, RSV), 0);
	memmap_sanitize(&f->m);

	assert_int_equal(f->m.nr, MEMMAP_MAX);
	assert_int_equal(f->m.dropped, pieces - MEMMAP_MAX);
	for (unsigned int i = 0; i < MEMMAP_MAX; i++) {
		assert_int_equal(f->m.e[i].start, P(i));
		assert_int_equal(f->m.e[i].end, P(i + 1));
		assert_int_equal(f->m.e[i].type, i % 2 ? RSV : RAM);
	}
}

/* --- memmap_set: table of cases -------------------------------------------- */

struct set_case {
	struct memmap_entry map[CASE_MAX];      /* the map before (sanitized) */
	struct memmap_entry set;                /* forced to its type */
	struct memmap_entry out[CASE_MAX];
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   map      u u u u u u u u
 *   set            r r
 *   out      u u u r r u u u       split in two around it
 */
static const struct set_case split_middle = {
	.map = { E(0, 8, RAM) },
	.set = E(3, 5, RSV),
	.out = { E(0, 3, RAM), E(3, 5, RSV), E(5, 8, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7 8
 *   map      u u r u u u a u u
 *   set        n n n n n n n
 *   out      u n n n n n n n u     covers several, cuts the outer two
 */
static const struct set_case covers_several = {
	.map = { E(0, 2, RAM), E(2, 3, RSV), E(3, 6, RAM), E(6, 7, ACPI), E(7, 9, RAM) },
	.set = E(1, 8, NVS),
	.out = { E(0, 1, RAM), E(1, 8, NVS), E(8, 9, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   map      u u u u u u u u
 *   set      r                     page 0, as the kernel reserves it
 *   out      r u u u u u u u
 */
static const struct set_case at_start = {
	.map = { E(0, 8, RAM) },
	.set = E(0, 1, RSV),
	.out = { E(0, 1, RSV), E(1, 8, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   map      u u u u u u u u
 *   set                  r r
 *   out      u u u u u u r r
 */
static const struct set_case at_end = {
	.map = { E(0, 8, RAM) },
	.set = E(6, 8, RSV),
	.out = { E(0, 6, RAM), E(6, 8, RSV) },
};

/*
 *   page     0 1 2 3 4 5
 *   map      u u r r u u
 *   set          a a               exactly one entry: replaced
 *   out      u u a a u u
 */
static const struct set_case whole_entry = {
	.map = { E(0, 2, RAM), E(2, 4, RSV), E(4, 6, RAM) },
	.set = E(2, 4, ACPI),
	.out = { E(0, 2, RAM), E(2, 4, ACPI), E(4, 6, RAM) },
};

/*
 *   page     0 1 2 3 4 5
 *   map      u u u u . .
 *   set          r r r r           running on into a hole
 *   out      u u r r r r
 */
static const struct set_case into_hole = {
	.map = { E(0, 4, RAM) },
	.set = E(2, 6, RSV),
	.out = { E(0, 2, RAM), E(2, 6, RSV) },
};

/*
 *   page     0 1 2 3 4
 *   map      u u . u u
 *   set          u                 filling a hole with its neighbours' type
 *   out      u u u u u             merges all three
 */
static const struct set_case same_type_merges = {
	.map = { E(0, 2, RAM), E(3, 5, RAM) },
	.set = E(2, 3, RAM),
	.out = { E(0, 5, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   map      u u u u u u u u
 *   set          u u               its own type, inside: no seam left
 *   out      u u u u u u u u
 */
static const struct set_case same_type_inside = {
	.map = { E(0, 8, RAM) },
	.set = E(2, 4, RAM),
	.out = { E(0, 8, RAM) },
};

/*
 *   page     0 1 2 3 4 5 6 7
 *   map      r r r r r r r r
 *   set          u u               forced, lower type or not (memmap=nn@ss)
 *   out      r r u u r r r r
 */
static const struct set_case lower_type_forced = {
	.map = { E(0, 8, RSV) },
	.set = E(2, 4, RAM),
	.out = { E(0, 2, RSV), E(2, 4, RAM), E(4, 8, RSV) },
};

/*
 *   page     0 1 2
 *   map      . . .
 *   set        r
 *   out      . r .
 */
static const struct set_case empty_map = {
	.map = { { 0, 0, 0 } },
	.set = E(1, 2, RSV),
	.out = { E(1, 2, RSV) },
};

/*
 *   page     0 1 2 3
 *   map      u u u u
 *   set            |               an empty range changes nothing
 *   out      u u u u
 */
static const struct set_case empty_range = {
	.map = { E(0, 4, RAM) },
	.set = E(3, 3, RSV),
	.out = { E(0, 4, RAM) },
};

/*
 *   page     0 1 2 3
 *   map      u u u u
 *   set          <-|               end before start: nothing either
 *   out      u u u u
 */
static const struct set_case reversed_range = {
	.map = { E(0, 4, RAM) },
	.set = E(3, 1, RSV),
	.out = { E(0, 4, RAM) },
};

/* memmap_set() makes the case's map and keeps it sanitized. */
static void test_set(void **state)
{
	struct fixture *f = *state;
	const struct set_case *c = f->param;

	make_map(&f->m, c->map, count(c->map));
	assert_int_equal(memmap_set(&f->m, c->set.start, c->set.end, c->set.type), 0);
	assert_map(&f->m, c->out, count(c->out));
}

#define SET(c)          { "set_" #c, test_set, setup, teardown, (void *)&c }

/*
 *   page     0 1 2 3 ... 510 511
 *   map      u r u r ...  u   r    MEMMAP_MAX entries: full
 *   set      |r|                   half of page 0: would split it
 *
 * A full map cannot take the split: -ENOSPC, and the map is unchanged.
 */
static void test_set_full_map(void **state)
{
	struct fixture *f = *state;
	static struct memmap before;

	for (unsigned int i = 0; i < MEMMAP_MAX; i++)
		assert_int_equal(memmap_add(&f->m, P(i), PAGE_SIZE, i % 2 ? RSV : RAM), 0);
	memmap_sanitize(&f->m);
	before = f->m;
	assert_int_equal(memmap_set(&f->m, 0x400, 0x800, RSV), -ENOSPC);
	assert_map(&f->m, before.e, before.nr);
}

/* --- memmap_remove_above: table of cases ------------------------------------ */

struct remove_case {
	struct memmap_entry map[CASE_MAX];
	phys_addr_t limit;
	uint32_t type;                          /* 0: all types */
	struct memmap_entry out[CASE_MAX];
};

/* The map all remove cases start from:
 *
 *   page     0 1 2 3 4 5 6 7 8 9
 *   map      u u u u r r u u u u
 */
#define REMOVE_MAP      { E(0, 4, RAM), E(4, 6, RSV), E(6, 10, RAM) }

/*
 *   page     0 1 2 3 4 5 6 7|8 9
 *   out      u u u u r r u u|      the usable entry straddling is cut
 */
static const struct remove_case straddling = {
	.map = REMOVE_MAP, .limit = P(8), .type = 0,
	.out = { E(0, 4, RAM), E(4, 6, RSV), E(6, 8, RAM) },
};

/*
 *   page     0 1 2 3 4|5 6 7 8 9
 *   out      u u u u r|            all types: reserved cut too
 */
static const struct remove_case all_types = {
	.map = REMOVE_MAP, .limit = P(5), .type = 0,
	.out = { E(0, 4, RAM), E(4, 5, RSV) },
};

/*
 *   page     0 1 2 3 4|5 6 7 8 9
 *   out      u u u u r r           usable only: reserved kept whole (mem=)
 */
static const struct remove_case usable_only = {
	.map = REMOVE_MAP, .limit = P(5), .type = RAM,
	.out = { E(0, 4, RAM), E(4, 6, RSV) },
};

/*
 *   page     0 1 2 3 4|5 6 7 8 9
 *   out      u u u u r|  u u u u   reserved only: usable above kept
 */
static const struct remove_case reserved_only = {
	.map = REMOVE_MAP, .limit = P(5), .type = RSV,
	.out = { E(0, 4, RAM), E(4, 5, RSV), E(6, 10, RAM) },
};

/*
 *   page     0 1 2 3 4 5|6 7 8 9
 *   out      u u u u r r|          on a boundary: below kept whole,
 *                                  the entry starting there dropped whole
 */
static const struct remove_case on_boundary = {
	.map = REMOVE_MAP, .limit = P(6), .type = 0,
	.out = { E(0, 4, RAM), E(4, 6, RSV) },
};

/* A limit of 0 leaves nothing. */
static const struct remove_case limit_zero = {
	.map = REMOVE_MAP, .limit = 0, .type = 0,
	.out = { { 0, 0, 0 } },
};

/* A limit at the top of the address space leaves everything. */
static const struct remove_case limit_top = {
	.map = REMOVE_MAP, .limit = UINT64_MAX, .type = 0,
	.out = REMOVE_MAP,
};

/* memmap_remove_above() leaves the case's map. */
static void test_remove_above(void **state)
{
	struct fixture *f = *state;
	const struct remove_case *c = f->param;

	make_map(&f->m, c->map, count(c->map));
	memmap_remove_above(&f->m, c->limit, c->type);
	assert_map(&f->m, c->out, count(c->out));
}

#define REMOVE(c)       { "remove_above_" #c, test_remove_above, setup, teardown, (void *)&c }

/* --- memmap_total, memmap_type_name ------------------------------------------ */

/*
 *   page     0 1 2 3 4 5 6 7 8 9
 *   map      u u r u u u a . x x
 *
 * Bytes of each type, summed over all its entries; none for a type not
 * in the map.
 */
static void test_total(void **state)
{
	struct fixture *f = *state;
	const struct memmap_entry map[] = {
		E(0, 2, RAM), E(2, 3, RSV), E(3, 6, RAM), E(6, 7, ACPI), E(8, 10, T20),
	};

	make_map(&f->m, map, ARRAY_SIZE(map));
	assert_int_equal(memmap_total(&f->m, RAM), P(2 + 3));
	assert_int_equal(memmap_total(&f->m, RSV), P(1));
	assert_int_equal(memmap_total(&f->m, ACPI), P(1));
	assert_int_equal(memmap_total(&f->m, T20), P(2));
	assert_int_equal(memmap_total(&f->m, NVS), 0);
}

/* The names Linux's e820_print_type() gives; NULL for types it calls
 * unknown. */
static void test_type_names(void **state)
{
	static const struct {
		uint32_t type;
		const char *name;
	} names[] = {
		{ 1, "usable" },
		{ 2, "reserved" },
		{ 3, "ACPI data" },
		{ 4, "ACPI NVS" },
		{ 5, "unusable" },
		{ 7, "persistent (type 7)" },
	};
	static const uint32_t unknown[] = { 0, 6, 8, 20, UINT32_MAX };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		assert_string_equal(memmap_type_name(names[i].type), names[i].name);
	for (size_t i = 0; i < ARRAY_SIZE(unknown); i++)
		assert_null(memmap_type_name(unknown[i]));
}

/* --- memmap_efi_type --------------------------------------------------------- */

/* UEFI memory types (UEFI 2.9, EFI_MEMORY_TYPE) and attributes. */
enum {
	EFI_RESERVED, EFI_LOADER_CODE, EFI_LOADER_DATA, EFI_BOOT_CODE,
	EFI_BOOT_DATA, EFI_RUNTIME_CODE, EFI_RUNTIME_DATA, EFI_CONVENTIONAL,
	EFI_UNUSABLE, EFI_ACPI_RECLAIM, EFI_ACPI_NVS, EFI_MMIO, EFI_MMIO_PORT,
	EFI_PAL_CODE, EFI_PERSISTENT, EFI_UNACCEPTED,
};
#define UNCACHED        0x1ULL                  /* EFI_MEMORY_UC */
#define CACHEABLE       0xfULL                  /* UC | WC | WT | WB */
#define SP              (1ULL << 18)            /* EFI_MEMORY_SP */
#define RUNTIME         (1ULL << 63)            /* EFI_MEMORY_RUNTIME */

/*
 * Every UEFI type as Linux's EFI stub (setup_e820() in
 * drivers/firmware/efi/libstub/x86-stub.c) turns it into e820: loader,
 * boot services and conventional memory are RAM once boot services have
 * exited, unless marked "specific purpose" (EFI_MEMORY_SP: soft reserved,
 * here reserved); the firmware's runtime memory, MMIO and PAL code are
 * reserved; the attribute changes nothing for the other types.  Linux
 * leaves types it does not know (and, without CONFIG_UNACCEPTED_MEMORY,
 * unaccepted memory) out of e820; here they become reserved, which is
 * as far from RAM.
 */
static void test_efi_types(void **state)
{
	static const struct {
		uint32_t efi;
		uint32_t e820;
		uint32_t e820_sp;       /* with EFI_MEMORY_SP */
	} map[] = {
		{ EFI_RESERVED, RSV, RSV },
		{ EFI_LOADER_CODE, RAM, RSV },
		{ EFI_LOADER_DATA, RAM, RSV },
		{ EFI_BOOT_CODE, RAM, RSV },
		{ EFI_BOOT_DATA, RAM, RSV },
		{ EFI_RUNTIME_CODE, RSV, RSV },
		{ EFI_RUNTIME_DATA, RSV, RSV },
		{ EFI_CONVENTIONAL, RAM, RSV },
		{ EFI_UNUSABLE, MEMMAP_UNUSABLE, MEMMAP_UNUSABLE },
		{ EFI_ACPI_RECLAIM, ACPI, ACPI },
		{ EFI_ACPI_NVS, NVS, NVS },
		{ EFI_MMIO, RSV, RSV },
		{ EFI_MMIO_PORT, RSV, RSV },
		{ EFI_PAL_CODE, RSV, RSV },
		{ EFI_PERSISTENT, MEMMAP_PMEM, MEMMAP_PMEM },
		{ EFI_UNACCEPTED, RSV, RSV },
		{ 16, RSV, RSV },
		{ 0x70000000, RSV, RSV },       /* OEM range */
		{ 0x80000000, RSV, RSV },       /* OS loader range */
		{ UINT32_MAX, RSV, RSV },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++) {
		uint32_t plain = memmap_efi_type(map[i].efi, CACHEABLE);
		uint32_t runtime = memmap_efi_type(map[i].efi, CACHEABLE | RUNTIME);
		uint32_t sp = memmap_efi_type(map[i].efi, CACHEABLE | SP);

		if (plain != map[i].e820 || runtime != map[i].e820 || sp != map[i].e820_sp)
			fail_msg("EFI type %#x: e820 %u, %u with RUNTIME, %u with SP; want %u, %u, %u",
				 map[i].efi, plain, runtime, sp, map[i].e820,
				 map[i].e820, map[i].e820_sp);
	}
}

/* --- real firmware maps ------------------------------------------------------ */

/* SeaBIOS on QEMU 7.2, -machine pc -m 5G, 2 nodes (BIOS-e820 lines of
 * firmware/qemu72-pc-2node-5g/dmesg-mem.txt). */
static const struct memmap_entry seabios_pc_5g[] = {
	LINUX(0x0000000000000000, 0x000000000009fbff, RAM),
	LINUX(0x000000000009fc00, 0x000000000009ffff, RSV),
	LINUX(0x00000000000f0000, 0x00000000000fffff, RSV),
	LINUX(0x0000000000100000, 0x00000000bffdffff, RAM),
	LINUX(0x00000000bffe0000, 0x00000000bfffffff, RSV),
	LINUX(0x00000000fffc0000, 0x00000000ffffffff, RSV),
	LINUX(0x0000000100000000, 0x000000017fffffff, RAM),
	LINUX(0x000000fd00000000, 0x000000ffffffffff, RSV),
};

/* OVMF on QEMU 7.2, q35 -m 4G, 2 nodes: the e820 Linux's EFI stub made of
 * the UEFI map (firmware/qemu72-q35-ovmf-2node-4g/dmesg-mem.txt). */
static const struct memmap_entry ovmf_q35_4g[] = {
	LINUX(0x0000000000000000, 0x000000000009ffff, RAM),
	LINUX(0x0000000000100000, 0x00000000007fffff, RAM),
	LINUX(0x0000000000800000, 0x0000000000807fff, NVS),
	LINUX(0x0000000000808000, 0x000000000080afff, RAM),
	LINUX(0x000000000080b000, 0x000000000080bfff, NVS),
	LINUX(0x000000000080c000, 0x000000000080ffff, RAM),
	LINUX(0x0000000000810000, 0x00000000008fffff, NVS),
	LINUX(0x0000000000900000, 0x000000007eaa0fff, RAM),
	LINUX(0x000000007eaa1000, 0x000000007eb61fff, RSV),
	LINUX(0x000000007eb62000, 0x000000007f4ecfff, RAM),
	LINUX(0x000000007f4ed000, 0x000000007f76cfff, RSV),
	LINUX(0x000000007f76d000, 0x000000007f77efff, ACPI),
	LINUX(0x000000007f77f000, 0x000000007f7fefff, NVS),
	LINUX(0x000000007f7ff000, 0x000000007ff4ffff, RAM),
	LINUX(0x000000007ff50000, 0x000000007ff6ffff, RSV),
	LINUX(0x000000007ff70000, 0x000000007fffffff, NVS),
	LINUX(0x00000000b0000000, 0x00000000bfffffff, RSV),
	LINUX(0x0000000100000000, 0x000000017fffffff, RAM),
};

/* A firmware map that Linux printed as sanitized comes back exactly,
 * however it is shuffled and cut into overlapping pieces. */
static void check_scrambled(struct memmap *m, const struct memmap_entry *map,
			    unsigned int n)
{
	uint64_t seed = base_seed();

	for (unsigned int trial = 0; trial < 100; trial++, seed++) {
		memmap_init(m);
		add_scrambled(m, map, n, seed);
		memmap_sanitize(m);
		if (m->nr != n || !same_entries(m->e, map, n)) {
			print_error("seed %#lx (TEST_SEED=%#lx replays it first)\n",
				    seed, seed);
			assert_map(m, map, n);
		}
	}
}

static void test_seabios_map(void **state)
{
	struct fixture *f = *state;

	check_scrambled(&f->m, seabios_pc_5g, ARRAY_SIZE(seabios_pc_5g));
}

static void test_ovmf_map(void **state)
{
	struct fixture *f = *state;

	check_scrambled(&f->m, ovmf_q35_4g, ARRAY_SIZE(ovmf_q35_4g));
}

/*
 * The kernel reserves page 0 as Linux does ("e820: update [mem
 * 0x00000000-0x00000fff] usable ==> reserved"): the first usable entry
 * loses its first page, nothing else changes.
 */
static void test_seabios_page0(void **state)
{
	struct fixture *f = *state;
	struct memmap_entry want[ARRAY_SIZE(seabios_pc_5g) + 1];

	want[0] = (struct memmap_entry){ 0, PAGE_SIZE, RSV };
	memcpy(want + 1, seabios_pc_5g, sizeof(seabios_pc_5g));
	want[1].start = PAGE_SIZE;

	make_map(&f->m, seabios_pc_5g, ARRAY_SIZE(seabios_pc_5g));
	assert_int_equal(memmap_set(&f->m, 0, PAGE_SIZE, RSV), 0);
	assert_map(&f->m, want, ARRAY_SIZE(want));
}

/* The UEFI memory map of that OVMF boot, as Linux printed it with
 * efi=debug ('efi: memNN' lines), in the firmware's order: type, first
 * byte, last byte, attributes. */
static const struct {
	uint32_t type;
	phys_addr_t first, last;
	uint64_t attr;
} ovmf_efi_map[] = {
	{ EFI_BOOT_CODE, 0x0000000000000000, 0x0000000000000fff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x0000000000001000, 0x0000000000086fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x0000000000087000, 0x0000000000087fff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x0000000000088000, 0x000000000009ffff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x0000000000100000, 0x00000000007fffff, CACHEABLE },
	{ EFI_ACPI_NVS, 0x0000000000800000, 0x0000000000807fff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x0000000000808000, 0x000000000080afff, CACHEABLE },
	{ EFI_ACPI_NVS, 0x000000000080b000, 0x000000000080bfff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x000000000080c000, 0x000000000080ffff, CACHEABLE },
	{ EFI_ACPI_NVS, 0x0000000000810000, 0x00000000008fffff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x0000000000900000, 0x00000000014fffff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x0000000001500000, 0x000000007bb6cfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007bb6d000, 0x000000007bb8cfff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x000000007bb8d000, 0x000000007cc3dfff, CACHEABLE },
	{ EFI_LOADER_CODE, 0x000000007cc3e000, 0x000000007d459fff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x000000007d45a000, 0x000000007dc31fff, CACHEABLE },
	{ EFI_LOADER_DATA, 0x000000007dc32000, 0x000000007dc3bfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007dc3c000, 0x000000007dc3cfff, CACHEABLE },
	{ EFI_LOADER_DATA, 0x000000007dc3d000, 0x000000007dc3efff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007dc3f000, 0x000000007dd69fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007dd6a000, 0x000000007de07fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007de08000, 0x000000007de4cfff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007de4d000, 0x000000007de51fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007de52000, 0x000000007de52fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007de53000, 0x000000007de72fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007de73000, 0x000000007de73fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007de74000, 0x000000007de7afff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007de7b000, 0x000000007de7cfff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007de7d000, 0x000000007de86fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007de87000, 0x000000007de87fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007de88000, 0x000000007de98fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007de99000, 0x000000007de9afff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007de9b000, 0x000000007de9efff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007de9f000, 0x000000007dea2fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007dea3000, 0x000000007deb3fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007deb4000, 0x000000007deb8fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007deb9000, 0x000000007deccfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007decd000, 0x000000007decefff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007decf000, 0x000000007deedfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007deee000, 0x000000007def6fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007def7000, 0x000000007df19fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007df1a000, 0x000000007df1bfff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007df1c000, 0x000000007df2ffff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007df30000, 0x000000007df36fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007df37000, 0x000000007df3cfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007df3d000, 0x000000007df3ffff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007df40000, 0x000000007df4dfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007df4e000, 0x000000007df4efff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007df4f000, 0x000000007df59fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007df5a000, 0x000000007df5bfff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007df5c000, 0x000000007df68fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007df69000, 0x000000007e745fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007e746000, 0x000000007e7affff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007e7b0000, 0x000000007e7b2fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007e7b3000, 0x000000007e7bffff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007e7c0000, 0x000000007e7c0fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007e7c1000, 0x000000007e7c2fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007e7c3000, 0x000000007e7c4fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007e7c5000, 0x000000007e7ccfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007e7cd000, 0x000000007e7cefff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007e7cf000, 0x000000007e7d3fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007e7d4000, 0x000000007e7d4fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007e7d5000, 0x000000007e7d8fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007e7d9000, 0x000000007e7dafff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007e7db000, 0x000000007e7eefff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007e7ef000, 0x000000007e7f3fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007e7f4000, 0x000000007e7fffff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007e800000, 0x000000007ea00fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea01000, 0x000000007ea11fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea12000, 0x000000007ea12fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea13000, 0x000000007ea16fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea17000, 0x000000007ea18fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea19000, 0x000000007ea1cfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea1d000, 0x000000007ea1dfff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea1e000, 0x000000007ea1efff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea1f000, 0x000000007ea20fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea21000, 0x000000007ea34fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea35000, 0x000000007ea36fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea37000, 0x000000007ea38fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea39000, 0x000000007ea3afff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea3b000, 0x000000007ea41fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea42000, 0x000000007ea48fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea49000, 0x000000007ea4cfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea4d000, 0x000000007ea50fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea51000, 0x000000007ea6cfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea6d000, 0x000000007ea6efff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea6f000, 0x000000007ea6ffff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea70000, 0x000000007ea73fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea74000, 0x000000007ea76fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea77000, 0x000000007ea79fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea7a000, 0x000000007ea8ffff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea90000, 0x000000007ea90fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea91000, 0x000000007ea94fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ea95000, 0x000000007ea98fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ea99000, 0x000000007eaa0fff, CACHEABLE },
	{ EFI_RUNTIME_DATA, 0x000000007eaa1000, 0x000000007eb61fff, CACHEABLE | RUNTIME },
	{ EFI_BOOT_CODE, 0x000000007eb62000, 0x000000007eb77fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007eb78000, 0x000000007ef77fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ef78000, 0x000000007efe6fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007efe7000, 0x000000007efeefff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007efef000, 0x000000007eff9fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007effa000, 0x000000007effffff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f000000, 0x000000007f003fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f004000, 0x000000007f006fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f007000, 0x000000007f009fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f00a000, 0x000000007f023fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f024000, 0x000000007f03efff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f03f000, 0x000000007f040fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f041000, 0x000000007f041fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f042000, 0x000000007f042fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f043000, 0x000000007f043fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f044000, 0x000000007f044fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f045000, 0x000000007f048fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f049000, 0x000000007f04afff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f04b000, 0x000000007f04bfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f04c000, 0x000000007f04cfff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f04d000, 0x000000007f051fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f052000, 0x000000007f053fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f054000, 0x000000007f055fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f056000, 0x000000007f05bfff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007f05c000, 0x000000007f069fff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f06a000, 0x000000007f4ecfff, CACHEABLE },
	{ EFI_RUNTIME_DATA, 0x000000007f4ed000, 0x000000007f5ecfff, CACHEABLE | RUNTIME },
	{ EFI_RUNTIME_CODE, 0x000000007f5ed000, 0x000000007f6ecfff, CACHEABLE | RUNTIME },
	{ EFI_RESERVED, 0x000000007f6ed000, 0x000000007f76cfff, CACHEABLE },
	{ EFI_ACPI_RECLAIM, 0x000000007f76d000, 0x000000007f77efff, CACHEABLE },
	{ EFI_ACPI_NVS, 0x000000007f77f000, 0x000000007f7fefff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007f7ff000, 0x000000007fdfffff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x000000007fe00000, 0x000000007fecafff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007fecb000, 0x000000007feeafff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007feeb000, 0x000000007ff1dfff, CACHEABLE },
	{ EFI_BOOT_DATA, 0x000000007ff1e000, 0x000000007ff36fff, CACHEABLE },
	{ EFI_BOOT_CODE, 0x000000007ff37000, 0x000000007ff4ffff, CACHEABLE },
	{ EFI_RUNTIME_DATA, 0x000000007ff50000, 0x000000007ff6ffff, CACHEABLE | RUNTIME },
	{ EFI_ACPI_NVS, 0x000000007ff70000, 0x000000007fffffff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x0000000100000000, 0x000000012ddfffff, CACHEABLE },
	{ EFI_LOADER_CODE, 0x000000012de00000, 0x0000000131dfffff, CACHEABLE },
	{ EFI_CONVENTIONAL, 0x0000000131e00000, 0x000000017fffffff, CACHEABLE },
	{ EFI_RESERVED, 0x00000000b0000000, 0x00000000bfffffff, UNCACHED },
};

/* The 139 UEFI descriptors, converted one by one and sanitized, give the
 * e820 Linux's EFI stub made of them on the same boot. */
static void test_ovmf_efi_map(void **state)
{
	struct fixture *f = *state;

	for (size_t i = 0; i < ARRAY_SIZE(ovmf_efi_map); i++) {
		const phys_addr_t first = ovmf_efi_map[i].first;

		assert_int_equal(memmap_add(&f->m, first, ovmf_efi_map[i].last - first + 1,
					    memmap_efi_type(ovmf_efi_map[i].type,
							    ovmf_efi_map[i].attr)), 0);
	}
	memmap_sanitize(&f->m);
	assert_map(&f->m, ovmf_q35_4g, ARRAY_SIZE(ovmf_q35_4g));
}

/* --- randomized, against a brute-force model --------------------------------- */

/*
 * The model: an address space of GRAINS pages, the type of each page.
 * Random entries start and end on page boundaries, so a page never holds
 * two types and comparing page by page is exact.
 */
#define GRAINS          48
#define TRIALS          3000

static const uint32_t rnd_types[] = { RAM, RAM, RAM, RSV, ACPI, NVS, 5, MEMMAP_PMEM, T20 };

struct model {
	uint32_t type[GRAINS];
	phys_addr_t base;               /* where grain 0 lies */
};

static phys_addr_t grain(const struct model *md, unsigned int g)
{
	return md->base + P(g);
}

/* Paint [s, e) with @type: the higher type if @max, else whatever. */
static void paint(struct model *md, unsigned int s, unsigned int e, uint32_t type,
		  bool max)
{
	for (unsigned int g = s; g < e; g++)
		if (!max || type > md->type[g])
			md->type[g] = type;
}

/*
 * NULL if @m is sanitized and says what @md says: entries sorted,
 * non-empty, non-overlapping, on grain boundaries, touching neighbours of
 * different types, and each page of the type the model gives it.
 */
static const char *differs(const struct memmap *m, const struct model *md)
{
	static char why[128];
	uint32_t got[GRAINS] = { 0 };

	for (unsigned int i = 0; i < m->nr; i++) {
		const struct memmap_entry *e = &m->e[i];

		if (e->start >= e->end)
			return "an empty entry";
		if (e->start < md->base || e->end > grain(md, GRAINS) ||
		    (e->start - md->base) % PAGE_SIZE || (e->end - md->base) % PAGE_SIZE)
			return "an entry off the grains";
		if (i && e->start < m->e[i - 1].end)
			return "entries unsorted or overlapping";
		if (i && e->start == m->e[i - 1].end && e->type == m->e[i - 1].type)
			return "touching entries of one type not merged";
		for (phys_addr_t a = e->start; a < e->end; a += PAGE_SIZE)
			got[(a - md->base) / PAGE_SIZE] = e->type;
	}
	for (unsigned int g = 0; g < GRAINS; g++) {
		if (got[g] != md->type[g]) {
			snprintf(why, sizeof(why), "page %u is type %u, model says %u",
				 g, got[g], md->type[g]);
			return why;
		}
	}
	return NULL;
}

/* Random entries into @m (unsanitized) and @md (max type wins). */
static void random_map(struct memmap *m, struct model *md, uint64_t *seed)
{
	static const phys_addr_t bases[] = { 0, SZ_4G - P(GRAINS / 2), 0xfd00000000 };
	unsigned int n = 1 + stub_rnd_below(seed, 20);

	memmap_init(m);
	memset(md, 0, sizeof(*md));
	md->base = bases[stub_rnd_below(seed, ARRAY_SIZE(bases))];
	for (unsigned int i = 0; i < n; i++) {
		unsigned int s = stub_rnd_below(seed, GRAINS + 1);
		unsigned int e = stub_rnd_below(seed, GRAINS + 1);
		uint32_t type = rnd_types[stub_rnd_below(seed, ARRAY_SIZE(rnd_types))];

		if (s > e) {
			unsigned int t = s;

			s = e;
			e = t;
		}
		assert_int_equal(memmap_add(m, grain(md, s), P(e - s), type), 0);
		paint(md, s, e, type, true);
	}
}

static void fail_trial(uint64_t seed, const char *what, const char *why,
		       const struct memmap *m)
{
	static char s[16384];

	fail_msg("%s: %s (seed %#lx; TEST_SEED=%#lx replays it first)\n%s",
		 what, why, seed, seed, show(s, sizeof(s), m->e, m->nr));
}

/* Random maps sanitize to what the per-page model says. */
static void test_random_sanitize(void **state)
{
	struct fixture *f = *state;
	struct model md;
	uint64_t seed = base_seed();

	for (unsigned int trial = 0; trial < TRIALS; trial++, seed++) {
		uint64_t s = seed;
		const char *why;

		random_map(&f->m, &md, &s);
		memmap_sanitize(&f->m);
		if ((why = differs(&f->m, &md)))
			fail_trial(seed, "sanitize", why, &f->m);
	}
}

/* memmap_set() on random sanitized maps forces its range and nothing
 * else, and leaves the map sanitized. */
static void test_random_set(void **state)
{
	struct fixture *f = *state;
	struct model md;
	uint64_t seed = base_seed();

	for (unsigned int trial = 0; trial < TRIALS; trial++, seed++) {
		uint64_t s = seed;
		unsigned int a, b;
		uint32_t type;
		const char *why;

		random_map(&f->m, &md, &s);
		memmap_sanitize(&f->m);
		a = stub_rnd_below(&s, GRAINS);
		b = a + 1 + stub_rnd_below(&s, GRAINS - a);
		type = rnd_types[stub_rnd_below(&s, ARRAY_SIZE(rnd_types))];
		paint(&md, a, b, type, false);
		assert_int_equal(memmap_set(&f->m, grain(&md, a), grain(&md, b), type), 0);
		if ((why = differs(&f->m, &md)))
			fail_trial(seed, "set", why, &f->m);
	}
}

/* memmap_remove_above() on random sanitized maps clears exactly the pages
 * of its type (or all) from the limit up. */
static void test_random_remove_above(void **state)
{
	struct fixture *f = *state;
	struct model md;
	uint64_t seed = base_seed();

	for (unsigned int trial = 0; trial < TRIALS; trial++, seed++) {
		uint64_t s = seed;
		unsigned int limit;
		uint32_t type;
		const char *why;

		random_map(&f->m, &md, &s);
		memmap_sanitize(&f->m);
		limit = stub_rnd_below(&s, GRAINS + 1);
		type = stub_rnd_below(&s, 3) ? rnd_types[stub_rnd_below(&s, ARRAY_SIZE(rnd_types))] : 0;
		for (unsigned int g = limit; g < GRAINS; g++)
			if (!type || md.type[g] == type)
				md.type[g] = 0;
		memmap_remove_above(&f->m, grain(&md, limit), type);
		if ((why = differs(&f->m, &md)))
			fail_trial(seed, "remove_above", why, &f->m);
	}
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_add_keeps_order),
		TEST(test_add_cuts_at_top),
		TEST(test_add_overflow),
		TEST(test_add_uefi_1000),
		SANITIZE(unsorted),
		SANITIZE(reserved_over_usable),
		SANITIZE(reserved_over_later_usable),
		SANITIZE(acpi_over_reserved),
		SANITIZE(unknown_type_over_all),
		SANITIZE(same_type_touching),
		SANITIZE(different_type_touching),
		SANITIZE(same_type_overlapping),
		SANITIZE(different_type_overlapping),
		SANITIZE(holes_preserved),
		SANITIZE(empty_entries_dropped),
		SANITIZE(inside_same_type),
		SANITIZE(usable_inside_reserved),
		SANITIZE(inside_at_edges),
		TEST(test_sanitize_duplicates),
		TEST(test_sanitize_overflow),
		SET(split_middle),
		SET(covers_several),
		SET(at_start),
		SET(at_end),
		SET(whole_entry),
		SET(into_hole),
		SET(same_type_merges),
		SET(same_type_inside),
		SET(lower_type_forced),
		SET(empty_map),
		SET(empty_range),
		SET(reversed_range),
		TEST(test_set_full_map),
		REMOVE(straddling),
		REMOVE(all_types),
		REMOVE(usable_only),
		REMOVE(reserved_only),
		REMOVE(on_boundary),
		REMOVE(limit_zero),
		REMOVE(limit_top),
		TEST(test_total),
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_efi_types),
		TEST(test_seabios_map),
		TEST(test_ovmf_map),
		TEST(test_seabios_page0),
		TEST(test_ovmf_efi_map),
		TEST(test_random_sanitize),
		TEST(test_random_set),
		TEST(test_random_remove_above),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
