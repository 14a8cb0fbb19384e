/*
 * kernel/bitmap.h - ranges of bits in an array of 64-bit words.
 *
 * What Linux's lib/bitmap.c and lib/find_bit.c give its allocators, for
 * bootmem's page bitmap and the page allocator's chunk bitmap.  Bit b is
 * bit b % 64 of word b / 64.  Every range is half-open, [from, to), and
 * works a word at a time.  Portable: the host tests link this file.
 */
#ifndef KERNEL_BITMAP_H
#define KERNEL_BITMAP_H

#include "kernel/types.h"

/* Is bit @b set? */
bool bitmap_test(const uint64_t *map, uint64_t b);

/* Set (@set true) or clear the bits of [@from, @to). */
void bitmap_assign(uint64_t *map, uint64_t from, uint64_t to, bool set);

/* The number of set bits in [@from, @to). */
uint64_t bitmap_weight(const uint64_t *map, uint64_t from, uint64_t to);

/* The lowest bit of [@from, @to) whose value is @set, or @to if none. */
uint64_t bitmap_find_first(const uint64_t *map, uint64_t from, uint64_t to, bool set);

/* The highest bit of [@from, @to) whose value is @set, or @to if none. */
uint64_t bitmap_find_last(const uint64_t *map, uint64_t from, uint64_t to, bool set);

#endif
