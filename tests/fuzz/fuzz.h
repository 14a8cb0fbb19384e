/*
 * tests/fuzz/fuzz.h - what every fuzz target shares.
 *
 * A target is one LLVMFuzzerTestOneInput() linked with the real kernel
 * source it covers, tests/fuzz/fuzz_stubs.c and kernel/strlcpy.c.  Besides
 * letting ASan and UBSan watch the parser, each target checks the parser's
 * output against its documented contract with FUZZ_CHECK(), which prints
 * what broke and abort()s, so libFuzzer keeps the input as a crash.
 *
 * Inputs are handed to the code under test in heap blocks of exactly their
 * length (fuzz_dup), so AddressSanitizer reports a read one byte past them.
 */
#ifndef TESTS_FUZZ_FUZZ_H
#define TESTS_FUZZ_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "kernel/compiler.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Report a broken invariant and abort(). */
void fuzz_fail(const char *file, int line, const char *cond,
	       const char *fmt, ...) __printf(4, 5) __noreturn;

#define FUZZ_CHECK(cond, ...)                                           \
	do {                                                            \
		if (!(cond))                                            \
			fuzz_fail(__FILE__, __LINE__, #cond, __VA_ARGS__); \
	} while (0)

/* A malloc() of exactly @n bytes holding @p (@n may be 0). */
void *fuzz_dup(const void *p, size_t n);

/* Values taken off the front of the input; zeros once it runs out. */
struct fuzz_in {
	const uint8_t *p;
	size_t n;
};

static inline uint8_t fuzz_u8(struct fuzz_in *in)
{
	uint8_t v = 0;

	if (in->n) {
		v = *in->p++;
		in->n--;
	}
	return v;
}

static inline uint64_t fuzz_u64(struct fuzz_in *in)
{
	uint64_t v = 0;

	for (int i = 0; i < 8; i++)
		v |= (uint64_t)fuzz_u8(in) << (8 * i);
	return v;
}

/* Little-endian reads of firmware data, independent of the code under test. */
static inline uint32_t fuzz_le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static inline uint64_t fuzz_le64(const uint8_t *p)
{
	return fuzz_le32(p) | (uint64_t)fuzz_le32(p + 4) << 32;
}

#endif
