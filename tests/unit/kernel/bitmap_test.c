/*
 * tests/unit/kernel/bitmap_test.c - bit ranges (kernel/bitmap.c):
 * bitmap_test(), bitmap_assign(), bitmap_weight(), bitmap_find_first()
 * and bitmap_find_last() over half-open ranges [from, to).
 *
 * Every expectation comes from the contract of kernel/bitmap.h, never
 * from the code's output:
 *
 *   bit b is bit b % 64 of word b / 64;
 *   assign sets or clears exactly the bits of [from, to), no other;
 *   weight counts the set bits of [from, to);
 *   find_first / find_last give the lowest / highest bit of [from, to)
 *   whose value is @set, and @to when there is none - an empty range
 *   included.
 *
 * The hand-made cases write the expected words and answers out; the
 * sweeping and randomized cases compare against a naive model, one bool
 * per bit, that follows the rules above one bit at a time.  Maps are
 * heap blocks of exactly the words a case uses, so AddressSanitizer
 * reports a read or write of the word past the end (to a multiple of 64)
 * or before the start; bitmap_assign's cases also fence the map with
 * guard words of the value it must not write.
 *
 * Diagrams number bits left to right, 64 to a word:
 *
 *   bit      0         63 64       127 128      191 192
 *   word     |--- 0 ----| |--- 1 ----| |--- 2 ----| |--- 3 ...
 *   range            [from ............... to)
 *   match            ^                     ^ just outside: no match
 *
 * The randomized test replays from TEST_SEED when it is set; a failure
 * prints the seed that replays it.
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

#include "kernel/bitmap.h"
#include "kernel/compiler.h"
#include "tests/unit/stubs/stubs.h"

#define ONES            (~0ULL)
#define TOP             (1ULL << 63)    /* bit 63 of a word */
#define GUARD_POISON    0x5a            /* bytes around the large windows */

/* --- helpers ----------------------------------------------------------------- */

/* A map of exactly @nwords words (at least one byte: malloc(0) may give
 * NULL), every word @fill. */
static uint64_t *new_map(size_t nwords, uint64_t fill)
{
	uint64_t *map = malloc(MAX(nwords, 1) * sizeof(*map));

	assert_non_null(map);
	for (size_t i = 0; i < nwords; i++)
		map[i] = fill;
	return map;
}

/* @map (@nwords words) with only bit @b flipped away from @fill. */
static void fill_but_one(uint64_t *map, size_t nwords, uint64_t fill, uint64_t b)
{
	for (size_t i = 0; i < nwords; i++)
		map[i] = fill;
	map[b / 64] ^= 1ULL << (b % 64);
}

/* The model: one bool per bit, read and written one bit at a time. */
static uint64_t model_weight(const bool *m, uint64_t from, uint64_t to)
{
	uint64_t n = 0;

	for (uint64_t b = from; b < to; b++)
		n += m[b];
	return n;
}

static uint64_t model_first(const bool *m, uint64_t from, uint64_t to, bool set)
{
	for (uint64_t b = from; b < to; b++)
		if (m[b] == set)
			return b;
	return to;
}

static uint64_t model_last(const bool *m, uint64_t from, uint64_t to, bool set)
{
	for (uint64_t b = to; b > from; b--)
		if (m[b - 1] == set)
			return b - 1;
	return to;
}

/* Word @i of the model (bit b at bit b % 64 of word b / 64). */
static uint64_t model_word(const bool *m, uint64_t i)
{
	uint64_t w = 0;

	for (unsigned int j = 0; j < 64; j++)
		w |= (uint64_t)m[64 * i + j] << j;
	return w;
}

static void model_of(bool *m, const uint64_t *map, size_t nwords)
{
	for (uint64_t b = 0; b < 64 * nwords; b++)
		m[b] = map[b / 64] >> (b % 64) & 1;
}

/*
 * Why the map differs from the model over model bits [0, nbits), which are
 * map bits [lo, lo + nbits) (lo and nbits multiples of 64), on the queries
 * of range [from, to) (model bits), or NULL.  Checks the words directly
 * (not through bitmap_test), every bit through bitmap_test, and weight,
 * find_first and find_last for both values on the range.
 */
static const char *differs(const uint64_t *map, const bool *m, uint64_t lo,
			   uint64_t nbits, uint64_t from, uint64_t to)
{
	static char why[256];

	for (uint64_t i = 0; i < nbits / 64; i++)
		if (map[lo / 64 + i] != model_word(m, i)) {
			snprintf(why, sizeof(why), "word %#lx is 0x%016lx, want 0x%016lx",
				 lo / 64 + i, map[lo / 64 + i], model_word(m, i));
			return why;
		}
	for (uint64_t b = 0; b < nbits; b++)
		if (bitmap_test(map, lo + b) != m[b]) {
			snprintf(why, sizeof(why), "bitmap_test(%#lx) is %d", lo + b, !m[b]);
			return why;
		}
	if (bitmap_weight(map, lo + from, lo + to) != model_weight(m, from, to)) {
		snprintf(why, sizeof(why), "weight [%#lx, %#lx) is %lu, want %lu", lo + from,
			 lo + to, bitmap_weight(map, lo + from, lo + to), model_weight(m, from, to));
		return why;
	}
	for (int set = 0; set <= 1; set++) {
		uint64_t f = bitmap_find_first(map, lo + from, lo + to, set);
		uint64_t l = bitmap_find_last(map, lo + from, lo + to, set);

		if (f != lo + model_first(m, from, to, set)) {
			snprintf(why, sizeof(why), "find_first [%#lx, %#lx) of %d is %#lx, want %#lx",
				 lo + from, lo + to, set, f, lo + model_first(m, from, to, set));
			return why;
		}
		if (l != lo + model_last(m, from, to, set)) {
			snprintf(why, sizeof(why), "find_last [%#lx, %#lx) of %d is %#lx, want %#lx",
				 lo + from, lo + to, set, l, lo + model_last(m, from, to, set));
			return why;
		}
	}
	return NULL;
}

/* Ranges whose ends sit on and around word boundaries (3 words, 192 bits). */
static const struct range {
	uint64_t from, to;
} edges[] = {
	{ 0, 1 }, { 0, 64 }, { 0, 192 }, { 1, 191 }, { 63, 64 }, { 63, 65 },
	{ 64, 65 }, { 64, 128 }, { 127, 128 }, { 127, 129 }, { 128, 129 },
	{ 128, 192 }, { 191, 192 }, { 5, 70 }, { 60, 130 }, { 65, 127 },
	{ 1, 2 }, { 62, 63 }, { 126, 127 }, { 129, 130 }, { 190, 191 },
};

#define EDGE_WORDS      3
#define EDGE_BITS       (64 * EDGE_WORDS)

/* --- bit numbering and empty ranges ------------------------------------------ */

/* Bit b is bit b % 64 of word b / 64: the least significant bit of word 0
 * is bit 0, the most significant bit of word 1 is bit 127. */
static void test_bit_numbering(void **state)
{
	/*   bit   0 ........ 63 64 ...... 127 128 ..... 191
	 *         x    x      x x           x   x        x    (and bit 66) */
	static const uint64_t set[] = { 0, 5, 63, 64, 66, 127, 128, 191 };
	uint64_t *map = new_map(EDGE_WORDS, 0);

	(void)state;
	map[0] = 1 | 1ULL << 5 | TOP;
	map[1] = 1 | 1ULL << 2 | TOP;
	map[2] = 1 | TOP;
	for (uint64_t b = 0; b < EDGE_BITS; b++) {
		bool want = false;

		for (size_t i = 0; i < ARRAY_SIZE(set); i++)
			want |= set[i] == b;
		if (bitmap_test(map, b) != want)
			fail_msg("bitmap_test(%lu) is %d", b, !want);
	}
	free(map);
}

/* An empty range [b, b), at a word boundary or inside a word, changes
 * nothing, weighs 0 and matches nothing: both finds give b.  The map is
 * exactly 3 words, so [192, 192) may read no word at all. */
static void test_empty_ranges(void **state)
{
	static const uint64_t at[] = { 0, 1, 5, 62, 63, 64, 65, 100, 127, 128, 129, 190, 191, 192 };
	static const uint64_t fills[] = { 0, ONES, 0xaaaaaaaaaaaaaaaaULL, 0x5555555555555555ULL };
	uint64_t *map = new_map(EDGE_WORDS, 0);

	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(fills); f++)
		for (size_t i = 0; i < ARRAY_SIZE(at); i++) {
			uint64_t b = at[i];

			for (int set = 0; set <= 1; set++) {
				for (unsigned int w = 0; w < EDGE_WORDS; w++)
					map[w] = fills[f];
				bitmap_assign(map, b, b, set);
				for (unsigned int w = 0; w < EDGE_WORDS; w++)
					if (map[w] != fills[f])
						fail_msg("assign [%lu, %lu) to %d changed word %u to %#lx",
							 b, b, set, w, map[w]);
				assert_int_equal(bitmap_weight(map, b, b), 0);
				if (bitmap_find_first(map, b, b, set) != b ||
				    bitmap_find_last(map, b, b, set) != b)
					fail_msg("find in [%lu, %lu) of %d over %#lx: %lu, %lu", b, b,
						 set, fills[f], bitmap_find_first(map, b, b, set),
						 bitmap_find_last(map, b, b, set));
			}
		}
	free(map);
}

/* --- bitmap_assign ----------------------------------------------------------- */

/*
 * Setting [from, to) in a zeroed map of 4 words gives exactly the words
 * written here; clearing it in a map of ones gives their complement.  A
 * guard word of the other value on either side of the map must not change.
 *
 *   guard | word 0 | word 1 | word 2 | word 3 | guard
 *            [from ........ to)
 */
static void test_assign_edges(void **state)
{
	static const struct {
		uint64_t from, to;
		uint64_t w[4];          /* the map after setting [from, to) */
	} cases[] = {
		{ 0, 0, { 0, 0, 0, 0 } },
		{ 5, 5, { 0, 0, 0, 0 } },
		{ 64, 64, { 0, 0, 0, 0 } },
		{ 256, 256, { 0, 0, 0, 0 } },
		{ 0, 1, { 1, 0, 0, 0 } },
		{ 63, 64, { TOP, 0, 0, 0 } },
		{ 64, 65, { 0, 1, 0, 0 } },
		{ 127, 128, { 0, TOP, 0, 0 } },
		{ 128, 129, { 0, 0, 1, 0 } },
		{ 255, 256, { 0, 0, 0, TOP } },
		{ 4, 12, { 0xff0, 0, 0, 0 } },
		{ 200, 208, { 0, 0, 0, 0xff00 } },
		{ 60, 68, { 0xf000000000000000ULL, 0xf, 0, 0 } },
		{ 62, 66, { 0xc000000000000000ULL, 0x3, 0, 0 } },
		{ 0, 64, { ONES, 0, 0, 0 } },
		{ 64, 128, { 0, ONES, 0, 0 } },
		{ 192, 256, { 0, 0, 0, ONES } },
		{ 0, 256, { ONES, ONES, ONES, ONES } },
		{ 1, 255, { ONES - 1, ONES, ONES, ONES >> 1 } },
		{ 3, 253, { ONES << 3, ONES, ONES, ONES >> 3 } },
		{ 63, 129, { TOP, ONES, 1, 0 } },
		{ 127, 193, { 0, TOP, ONES, 1 } },
		{ 64, 192, { 0, ONES, ONES, 0 } },
	};
	uint64_t *buf = new_map(6, 0), *map = buf + 1;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		for (int set = 0; set <= 1; set++) {
			uint64_t other = set ? 0 : ONES;

			for (unsigned int w = 0; w < 6; w++)
				buf[w] = other;
			bitmap_assign(map, cases[i].from, cases[i].to, set);
			if (buf[0] != other || buf[5] != other)
				fail_msg("assign [%lu, %lu) to %d wrote a guard: %#lx, %#lx",
					 cases[i].from, cases[i].to, set, buf[0], buf[5]);
			for (unsigned int w = 0; w < 4; w++) {
				uint64_t want = set ? cases[i].w[w] : ~cases[i].w[w];

				if (map[w] != want)
					fail_msg("assign [%lu, %lu) to %d: word %u is 0x%016lx, want 0x%016lx",
						 cases[i].from, cases[i].to, set, w, map[w], want);
			}
		}
	free(buf);
}

/* Assigning a value over a map that already holds a mix leaves the bits
 * outside [from, to) as they were, whichever value they hold: a pattern
 * of alternating bits, then the same range the other way. */
static void test_assign_over_pattern(void **state)
{
	/*   bit   60 61 62 63 | 64 65 66 67
	 *   was    0  1  0  1 |  0  1  0  1     (0xaaaa...: odd bits set)
	 *   set       [62 ........ 66)
	 *   now    0  1  1  1 |  1  1  0  1 */
	uint64_t *map = new_map(2, 0xaaaaaaaaaaaaaaaaULL);

	(void)state;
	bitmap_assign(map, 62, 66, true);
	assert_int_equal(map[0], 0xeaaaaaaaaaaaaaaaULL);
	assert_int_equal(map[1], 0xaaaaaaaaaaaaaaabULL);
	/* clearing it: bits 62-65 all 0, 60, 61, 66, 67 as before */
	bitmap_assign(map, 62, 66, false);
	assert_int_equal(map[0], 0x2aaaaaaaaaaaaaaaULL);
	assert_int_equal(map[1], 0xaaaaaaaaaaaaaaa8ULL);
	/* clearing bits already clear changes nothing */
	bitmap_assign(map, 62, 66, false);
	assert_int_equal(map[0], 0x2aaaaaaaaaaaaaaaULL);
	assert_int_equal(map[1], 0xaaaaaaaaaaaaaaa8ULL);
	/* setting bit 63 back gives the pattern; setting it again, nothing more */
	bitmap_assign(map, 63, 64, true);
	assert_int_equal(map[0], 0xaaaaaaaaaaaaaaaaULL);
	bitmap_assign(map, 63, 64, true);
	assert_int_equal(map[0], 0xaaaaaaaaaaaaaaaaULL);
	assert_int_equal(map[1], 0xaaaaaaaaaaaaaaa8ULL);
	free(map);
}

/* --- bitmap_weight ----------------------------------------------------------- */

/*
 * The set bits of partial and whole words, counted by hand:
 *
 *   word 0  all ones                 bits   0- 63
 *   word 1  all zeros                bits  64-127
 *   word 2  0xaaaa...: odd bits      bits 128-191 (129, 131, ..., 191 set)
 *   word 3  0x00000000ffffffff       bits 192-223 set, 224-255 clear
 */
static void test_weight(void **state)
{
	static const struct {
		uint64_t from, to, n;
	} cases[] = {
		{ 0, 0, 0 }, { 64, 64, 0 }, { 0, 1, 1 }, { 63, 64, 1 }, { 64, 65, 0 },
		{ 0, 64, 64 }, { 60, 70, 4 }, { 64, 128, 0 },
		{ 128, 129, 0 }, { 129, 130, 1 }, { 128, 192, 32 },
		{ 128, 138, 5 },        /* 129 131 133 135 137 */
		{ 131, 139, 4 },        /* 131 133 135 137 */
		{ 191, 193, 2 },        /* 191 and 192 */
		{ 190, 256, 33 },       /* 191 and 192-223 */
		{ 220, 230, 4 },        /* 220-223 */
		{ 223, 225, 1 }, { 224, 256, 0 }, { 255, 256, 0 },
		{ 100, 200, 40 },       /* 32 in word 2, 192-199 */
		{ 0, 256, 128 }, { 1, 255, 127 },
	};
	uint64_t *map = new_map(4, 0);

	(void)state;
	map[0] = ONES;
	map[2] = 0xaaaaaaaaaaaaaaaaULL;
	map[3] = 0x00000000ffffffffULL;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t n = bitmap_weight(map, cases[i].from, cases[i].to);

		if (n != cases[i].n)
			fail_msg("weight [%lu, %lu) is %lu, want %lu", cases[i].from,
				 cases[i].to, n, cases[i].n);
	}
	free(map);
}

/* --- bitmap_find_first / bitmap_find_last -------------------------------------- */

/*
 * Answers worked out by hand on a map of 3 words with bits 0, 63, 64, 127
 * and 128 set, every other bit clear:
 *
 *   bit   0 1 ... 62 63 | 64 65 ... 126 127 | 128 129 ... 191
 *         x          x  |  x             x  |  x
 */
static void test_find_edges(void **state)
{
	static const struct {
		uint64_t from, to;
		uint64_t first1, last1;         /* of set bits */
		uint64_t first0, last0;         /* of clear bits */
	} cases[] = {
		{ 0, 0, 0, 0, 0, 0 },
		{ 64, 64, 64, 64, 64, 64 },
		{ 100, 100, 100, 100, 100, 100 },
		{ 128, 128, 128, 128, 128, 128 },
		{ 192, 192, 192, 192, 192, 192 },
		{ 0, 1, 0, 0, 1, 1 },
		{ 1, 63, 63, 63, 1, 62 },
		{ 63, 64, 63, 63, 64, 64 },
		{ 64, 65, 64, 64, 65, 65 },
		{ 63, 65, 63, 64, 65, 65 },
		{ 62, 66, 63, 64, 62, 65 },
		{ 64, 128, 64, 127, 65, 126 },
		{ 65, 127, 127, 127, 65, 126 },
		{ 127, 128, 127, 127, 128, 128 },
		{ 127, 129, 127, 128, 129, 129 },
		{ 126, 130, 127, 128, 126, 129 },
		{ 128, 129, 128, 128, 129, 129 },
		{ 129, 192, 192, 192, 129, 191 },
		{ 191, 192, 192, 192, 191, 191 },
		{ 0, 192, 0, 128, 1, 191 },
		{ 1, 192, 63, 128, 1, 191 },
		{ 1, 128, 63, 127, 1, 126 },
		{ 0, 64, 0, 63, 1, 62 },
	};
	uint64_t *map = new_map(EDGE_WORDS, 0);

	(void)state;
	map[0] = 1 | TOP;
	map[1] = 1 | TOP;
	map[2] = 1;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		uint64_t from = cases[i].from, to = cases[i].to;
		uint64_t got[4] = {
			bitmap_find_first(map, from, to, true), bitmap_find_last(map, from, to, true),
			bitmap_find_first(map, from, to, false), bitmap_find_last(map, from, to, false),
		};
		uint64_t want[4] = { cases[i].first1, cases[i].last1, cases[i].first0, cases[i].last0 };

		for (unsigned int k = 0; k < 4; k++)
			if (got[k] != want[k])
				fail_msg("[%lu, %lu): find_%s of %d is %lu, want %lu", from, to,
					 k % 2 ? "last" : "first", k < 2, got[k], want[k]);
	}
	free(map);
}

/* Add @b to @at (at most @max) if it lies in [lo, hi). */
static void add_pos(uint64_t *at, unsigned int *n, unsigned int max, uint64_t b,
		    uint64_t lo, uint64_t hi)
{
	if (b >= lo && b < hi && *n < max)
		at[(*n)++] = b;
}

/*
 * The only bit of value @set in the map lies inside [from, to): at its
 * first or last bit, next to them, in the middle, or at a word boundary
 * inside.  Both finds give that bit; weight counts it alone (or every
 * other bit of the range, for a clear bit among ones).
 */
static void test_find_single_match(void **state)
{
	uint64_t *map = new_map(EDGE_WORDS, 0);

	(void)state;
	for (size_t r = 0; r < ARRAY_SIZE(edges); r++) {
		uint64_t from = edges[r].from, to = edges[r].to, at[16];
		unsigned int n = 0;

		add_pos(at, &n, 16, from, from, to);
		add_pos(at, &n, 16, from + 1, from, to);
		add_pos(at, &n, 16, from + (to - from) / 2, from, to);
		add_pos(at, &n, 16, to - 2, from, to);
		add_pos(at, &n, 16, to - 1, from, to);
		for (uint64_t k = 1; k < EDGE_WORDS; k++) {
			add_pos(at, &n, 16, 64 * k - 1, from, to);
			add_pos(at, &n, 16, 64 * k, from, to);
		}
		for (unsigned int i = 0; i < n; i++)
			for (int set = 0; set <= 1; set++) {
				uint64_t f, l, wt, want_wt = set ? 1 : to - from - 1;

				fill_but_one(map, EDGE_WORDS, set ? 0 : ONES, at[i]);
				f = bitmap_find_first(map, from, to, set);
				l = bitmap_find_last(map, from, to, set);
				wt = bitmap_weight(map, from, to);
				if (f != at[i] || l != at[i] || wt != want_wt)
					fail_msg("[%lu, %lu), only bit %lu is %d: first %lu, last %lu, "
						 "weight %lu (want %lu)", from, to, at[i], set, f, l,
						 wt, want_wt);
			}
	}
	free(map);
}

/*
 * Nothing of value @set inside [from, to), and the only such bit lies just
 * outside: at from - 1 or from - 2, at the first bit of from's word, at to
 * or to + 1, or at the last bit of the word holding to.  Both finds must
 * give @to - an off-by-one at either end, or a match past @to not clamped
 * back, shows here.
 *
 *   bit        from-1 [from ............ to) to  to+1
 *   value        S      not S .....  not S   S    S      S = @set
 */
static void test_find_none_outside(void **state)
{
	uint64_t *map = new_map(EDGE_WORDS, 0);

	(void)state;
	for (size_t r = 0; r < ARRAY_SIZE(edges); r++) {
		uint64_t from = edges[r].from, to = edges[r].to, at[8];
		unsigned int n = 0;

		/* positions outside [from, to) that exist in the map */
		if (from >= 1)
			add_pos(at, &n, 8, from - 1, 0, EDGE_BITS);
		if (from >= 2)
			add_pos(at, &n, 8, from - 2, 0, EDGE_BITS);
		if (from % 64)
			add_pos(at, &n, 8, ALIGN_DOWN(from, 64), 0, EDGE_BITS);
		add_pos(at, &n, 8, to, 0, EDGE_BITS);
		add_pos(at, &n, 8, to + 1, 0, EDGE_BITS);
		add_pos(at, &n, 8, ALIGN_DOWN(to, 64) + 63, to, EDGE_BITS);
		for (unsigned int i = 0; i < n; i++)
			for (int set = 0; set <= 1; set++) {
				uint64_t f, l, wt, want_wt = set ? 0 : to - from;

				fill_but_one(map, EDGE_WORDS, set ? 0 : ONES, at[i]);
				f = bitmap_find_first(map, from, to, set);
				l = bitmap_find_last(map, from, to, set);
				wt = bitmap_weight(map, from, to);
				if (f != to || l != to || wt != want_wt)
					fail_msg("[%lu, %lu), only bit %lu is %d: first %lu, last %lu "
						 "(want %lu), weight %lu (want %lu)", from, to, at[i],
						 set, f, l, to, wt, want_wt);
			}
		/* every bit outside the range is @set at once */
		for (int set = 0; set <= 1; set++) {
			bool m[EDGE_BITS];

			for (uint64_t b = 0; b < EDGE_BITS; b++)
				m[b] = (b >= from && b < to) ? !set : set;
			for (unsigned int w = 0; w < EDGE_WORDS; w++)
				map[w] = model_word(m, w);
			if (bitmap_find_first(map, from, to, set) != to ||
			    bitmap_find_last(map, from, to, set) != to)
				fail_msg("[%lu, %lu) of %d, all outside %d: first %lu, last %lu",
					 from, to, set, set, bitmap_find_first(map, from, to, set),
					 bitmap_find_last(map, from, to, set));
		}
	}
	free(map);
}

/* --- every range of a small map ---------------------------------------------- */

/*
 * Every range [from, to) of a 3-word map, empty ones included, on four
 * maps (all clear, all set, set at both ends of each word, random): the
 * queries against the model, then bitmap_assign of each value on a copy,
 * which must equal the model assigned bit by bit.  The maps are exactly 3
 * words, so a read or write of a 4th (or of a word before the first)
 * is an AddressSanitizer report.
 */
static void test_all_ranges(void **state)
{
	uint64_t fills[4][EDGE_WORDS] = {
		{ 0, 0, 0 },
		{ ONES, ONES, ONES },
		{ 1 | TOP, 1 | TOP, 1 | TOP },
		{ 0 },
	};
	uint64_t seed = 0x6269746d6170ULL;
	uint64_t *map = new_map(EDGE_WORDS, 0), *copy = new_map(EDGE_WORDS, 0);
	bool m[EDGE_BITS], want[EDGE_BITS];

	(void)state;
	for (unsigned int w = 0; w < EDGE_WORDS; w++)
		fills[3][w] = stub_rnd(&seed);
	for (size_t f = 0; f < ARRAY_SIZE(fills); f++) {
		memcpy(map, fills[f], sizeof(fills[f]));
		model_of(m, map, EDGE_WORDS);
		for (uint64_t from = 0; from <= EDGE_BITS; from++)
			for (uint64_t to = from; to <= EDGE_BITS; to++) {
				const char *why = differs(map, m, 0, EDGE_BITS, from, to);

				if (why)
					fail_msg("map %zu, [%lu, %lu): %s", f, from, to, why);
				for (int set = 0; set <= 1; set++) {
					memcpy(copy, map, EDGE_WORDS * sizeof(*map));
					memcpy(want, m, sizeof(m));
					for (uint64_t b = from; b < to; b++)
						want[b] = set;
					bitmap_assign(copy, from, to, set);
					for (unsigned int w = 0; w < EDGE_WORDS; w++)
						if (copy[w] != model_word(want, w))
							fail_msg("map %zu, assign [%lu, %lu) to %d: word %u "
								 "is 0x%016lx, want 0x%016lx", f, from, to, set,
								 w, copy[w], model_word(want, w));
				}
			}
	}
	free(copy);
	free(map);
}

/* --- randomized differential test ---------------------------------------------- */

#define RND_WORDS       10
#define RND_BITS        (64 * RND_WORDS)
#define RND_OPS         4000

/* TEST_SEED, or a fixed seed so that `make test` is repeatable. */
static uint64_t base_seed(void)
{
	return stub_seed(0x6269746d6170ULL);
}

/* A range end in [0, nbits]: half of them next to a word boundary
 * (64k - 1, 64k or 64k + 1), where off-by-ones live. */
static uint64_t rnd_end(uint64_t *s, uint64_t nbits)
{
	if (stub_rnd_below(s, 2)) {
		uint64_t e = 64 * stub_rnd_below(s, nbits / 64 + 1) + stub_rnd_below(s, 3);

		return e ? MIN(e - 1, nbits) : 0;
	}
	return stub_rnd_below(s, nbits + 1);
}

/* A random [from, to) of [0, nbits); one in eight empty. */
static struct range rnd_range(uint64_t *s, uint64_t nbits)
{
	uint64_t a = rnd_end(s, nbits), b = stub_rnd_below(s, 8) ? rnd_end(s, nbits) : a;

	return a <= b ? (struct range){ a, b } : (struct range){ b, a };
}

/*
 * @ops random bitmap_assign()s of random ranges (empty ones included) on
 * map bits [lo, lo + nbits), which start clear; after each one the whole
 * window is compared with the model (words, bitmap_test) and weight,
 * find_first and find_last of both values are checked on the assigned
 * range and on three other random ranges.
 */
static void run_random(uint64_t *map, uint64_t lo, uint64_t nbits, unsigned int ops,
		       uint64_t seed)
{
	bool *m = calloc(nbits, sizeof(*m));
	uint64_t s = seed;

	assert_non_null(m);
	for (uint64_t i = 0; i < nbits / 64; i++)
		map[lo / 64 + i] = 0;
	for (unsigned int op = 0; op < ops; op++) {
		struct range r = rnd_range(&s, nbits);
		bool set = stub_rnd_below(&s, 2);
		const char *why;

		bitmap_assign(map, lo + r.from, lo + r.to, set);
		for (uint64_t b = r.from; b < r.to; b++)
			m[b] = set;
		for (unsigned int q = 0; q < 4; q++) {
			struct range qr = q ? rnd_range(&s, nbits) : r;

			if ((why = differs(map, m, lo, nbits, qr.from, qr.to))) {
				free(m);
				fail_msg("%s after op %u, assign [%#lx, %#lx) to %d "
					 "(seed %#lx; TEST_SEED=%#lx replays it)", why, op,
					 lo + r.from, lo + r.to, set, seed, seed);
			}
		}
	}
	free(m);
}

/* A few thousand random operations on a map of 10 words, against the
 * model after every one. */
static void test_random(void **state)
{
	uint64_t *map = new_map(RND_WORDS, 0);

	(void)state;
	run_random(map, 0, RND_BITS, RND_OPS, base_seed());
	free(map);
}

/* --- large bit indices --------------------------------------------------------- */

/*
 * Bits near 2^32 and 2^40 must be found in word b / 64 - 2^26 and 2^34,
 * 512 MiB and 128 GiB into the map - not in a word computed from a
 * truncated index.  Passing a pointer far before a small buffer (map -
 * base / 64) would be undefined and beyond what AddressSanitizer can
 * vouch for, so the map here is real: one PROT_NONE, MAP_NORESERVE
 * mapping of 128 GiB + 4 KiB, of which only the first page (words 0-511,
 * where a truncated index lands) and two pages around each base are
 * readable and writable.  Those cost their own pages only; any other word
 * faults (a crash is a failed test).
 *
 *   page     0         ...   base/8 - 4K | base/8 | ...   (byte offsets)
 *   prot     rw (0x5a)   none   rw (0x5a) | rw     | none
 *   bits                          [base - 256, base + 256): the window
 */
#define LARGE_LEN       ((1ULL << 37) + 4096)

struct large {
	uint8_t *mem;
	size_t len;
};

static void large_window(struct large *l, uint64_t base)
{
	long pg = sysconf(_SC_PAGESIZE);
	uint8_t *p = l->mem + base / 8 - (uint64_t)pg;

	assert_int_equal(mprotect(p, 2 * (size_t)pg, PROT_READ | PROT_WRITE), 0);
	memset(p, GUARD_POISON, 2 * (size_t)pg);
}

/* The bytes of [p, p + n) are all GUARD_POISON. */
static bool poisoned(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != GUARD_POISON)
			return false;
	return true;
}

static void test_large_indices(void **state)
{
	static const uint64_t bases[] = { 1ULL << 32, 1ULL << 40 };
	long pg = sysconf(_SC_PAGESIZE);
	struct large l = { .len = LARGE_LEN };
	uint64_t *map;

	(void)state;
	l.mem = mmap(NULL, l.len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (l.mem == MAP_FAILED)
		fail_msg("mmap of %#zx bytes (PROT_NONE, MAP_NORESERVE) failed", l.len);
	map = (uint64_t *)l.mem;
	assert_int_equal(mprotect(l.mem, (size_t)pg, PROT_READ | PROT_WRITE), 0);
	memset(l.mem, GUARD_POISON, (size_t)pg);
	for (size_t i = 0; i < ARRAY_SIZE(bases); i++)
		large_window(&l, bases[i]);

	for (size_t i = 0; i < ARRAY_SIZE(bases); i++) {
		uint64_t base = bases[i], w = base / 64;
		uint8_t *win = l.mem + base / 8 - (uint64_t)pg;

		/* Words w-4 .. w+3 clear (the window), the rest of the two
		 * pages 0x5a.  Set [base - 3, base + 67):
		 *
		 *   bit   base-64 .. base-4 base-3 .. base-1 | base .. base+63 | base+64 .. +66 +67
		 *         0                 1 1 1            | 1 ......... 1   | 1 1 1          0
		 */
		memset(&map[w - 4], 0, 8 * sizeof(*map));
		bitmap_assign(map, base - 3, base + 67, true);
		assert_int_equal(map[w - 1], 0xe000000000000000ULL);
		assert_int_equal(map[w], ONES);
		assert_int_equal(map[w + 1], 0x7);
		assert_int_equal(map[w - 2], 0);
		assert_int_equal(map[w + 2], 0);
		assert_false(bitmap_test(map, base - 4));
		assert_true(bitmap_test(map, base - 3));
		assert_true(bitmap_test(map, base));
		assert_true(bitmap_test(map, base + 66));
		assert_false(bitmap_test(map, base + 67));
		assert_int_equal(bitmap_weight(map, base - 128, base + 128), 70);
		assert_int_equal(bitmap_weight(map, base - 2, base + 1), 3);
		assert_int_equal(bitmap_find_first(map, base - 128, base + 128, true), base - 3);
		assert_int_equal(bitmap_find_last(map, base - 128, base + 128, true), base + 66);
		assert_int_equal(bitmap_find_first(map, base - 3, base + 128, false), base + 67);
		assert_int_equal(bitmap_find_last(map, base - 128, base + 67, false), base - 4);
		/* no clear bit in [base - 3, base + 67), the clear bits base - 4
		 * and base + 67 just outside it: @to; no set bit in
		 * [base + 67, base + 128), set bit base + 66 just before it */
		assert_int_equal(bitmap_find_first(map, base - 3, base + 67, false), base + 67);
		assert_int_equal(bitmap_find_last(map, base - 3, base + 67, false), base + 67);
		assert_int_equal(bitmap_find_first(map, base + 67, base + 128, true), base + 128);
		assert_int_equal(bitmap_find_last(map, base + 67, base + 128, true), base + 128);
		/* clear bit base: the hole is found from either side */
		bitmap_assign(map, base, base + 1, false);
		assert_int_equal(map[w], ONES - 1);
		assert_int_equal(bitmap_find_first(map, base - 3, base + 67, false), base);
		assert_int_equal(bitmap_find_last(map, base - 3, base + 67, false), base);
		assert_int_equal(bitmap_weight(map, base - 3, base + 67), 69);

		/* then random operations on the 512 bits around base */
		run_random(map, base - 256, 512, 500, base_seed() + i);

		/* nothing written outside the window's words */
		if (!poisoned(win, (size_t)pg - 32) || !poisoned(win + pg + 32, (size_t)pg - 32))
			fail_msg("a write around bit %#lx left the window", base);
	}
	/* nor in the first page, where a truncated index would land */
	if (!poisoned(l.mem, (size_t)pg))
		fail_msg("a write at a large bit index reached words 0-511");
	munmap(l.mem, l.len);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bit_numbering),
		cmocka_unit_test(test_empty_ranges),
		cmocka_unit_test(test_assign_edges),
		cmocka_unit_test(test_assign_over_pattern),
		cmocka_unit_test(test_weight),
		cmocka_unit_test(test_find_edges),
		cmocka_unit_test(test_find_single_match),
		cmocka_unit_test(test_find_none_outside),
		cmocka_unit_test(test_all_ranges),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_large_indices),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
