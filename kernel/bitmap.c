/*
 * kernel/bitmap.c - ranges of bits: see kernel/bitmap.h.
 */
#include "kernel/bitmap.h"
#include "kernel/bitops.h"
#include "kernel/compiler.h"

/* Mask of bits [lo, hi) within one word, 0 <= lo < hi <= 64. */
static uint64_t word_mask(unsigned int lo, unsigned int hi)
{
	uint64_t m = hi == 64 ? ~0ULL : (1ULL << hi) - 1;

	return m & ~((1ULL << lo) - 1);
}

/* The part of [*from, to) in *from's word, as a mask; *from moves past it. */
static uint64_t next_word(uint64_t *from, uint64_t to)
{
	unsigned int lo = *from % 64;
	unsigned int hi = (unsigned int)MIN(64, lo + (to - *from));

	*from += hi - lo;
	return word_mask(lo, hi);
}

bool bitmap_test(const uint64_t *map, uint64_t b)
{
	return map[b / 64] >> (b % 64) & 1;
}

void bitmap_assign(uint64_t *map, uint64_t from, uint64_t to, bool set)
{
	while (from < to) {
		uint64_t *w = &map[from / 64], m = next_word(&from, to);

		*w = set ? *w | m : *w & ~m;
	}
}

uint64_t bitmap_weight(const uint64_t *map, uint64_t from, uint64_t to)
{
	uint64_t n = 0;

	while (from < to) {
		uint64_t w = map[from / 64];

		n += hweight64(w & next_word(&from, to));
	}
	return n;
}

uint64_t bitmap_find_first(const uint64_t *map, uint64_t from, uint64_t to, bool set)
{
	for (uint64_t b = from; b < to; b = ALIGN_DOWN(b, 64) + 64) {
		uint64_t w = (set ? map[b / 64] : ~map[b / 64]) >> (b % 64);

		if (w)
			return MIN(to, b + __ffs64(w));
	}
	return to;
}

uint64_t bitmap_find_last(const uint64_t *map, uint64_t from, uint64_t to, bool set)
{
	for (uint64_t b = to; b > from; b = ALIGN_DOWN(b - 1, 64)) {
		uint64_t w = (set ? map[(b - 1) / 64] : ~map[(b - 1) / 64]) << (63 - (b - 1) % 64);

		if (w) {
			uint64_t hit = b - 1 - (uint64_t)__builtin_clzll(w);

			return hit >= from ? hit : to;
		}
	}
	return to;
}
