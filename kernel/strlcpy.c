/*
 * kernel/strlcpy.c - strlcpy(), as in the BSDs and Linux: copy a string
 * into a buffer of @size bytes, always terminated, and return the length
 * of the source so callers can detect truncation.
 *
 * Portable, and kept apart from kernel/string.c (whose memcpy and memset
 * use string instructions) because glibc 2.36 has no strlcpy: host builds
 * link this file too.
 */
#include "kernel/string.h"

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t k = n < size - 1 ? n : size - 1;

		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}
