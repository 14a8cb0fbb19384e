/*
 * kernel/bitops.h - bit counting without the compiler's runtime library.
 *
 * Portable.  __builtin_ctzll compiles to one instruction everywhere;
 * __builtin_popcountll does only with -mpopcnt, which an x86-64 kernel may
 * not assume, so hweight64() counts bits itself (the SWAR method).
 */
#ifndef KERNEL_BITOPS_H
#define KERNEL_BITOPS_H

#include "kernel/types.h"

/* Number of set bits in @w. */
static inline unsigned int hweight64(uint64_t w)
{
	w -= (w >> 1) & 0x5555555555555555ULL;
	w = (w & 0x3333333333333333ULL) + ((w >> 2) & 0x3333333333333333ULL);
	w = (w + (w >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
	return (unsigned int)((w * 0x0101010101010101ULL) >> 56);
}

/* Index of the lowest set bit of @w, which must not be 0. */
static inline unsigned int __ffs64(uint64_t w)
{
	return (unsigned int)__builtin_ctzll(w);
}

#endif
