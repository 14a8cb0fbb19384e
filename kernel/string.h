/*
 * kernel/string.h - string and memory functions.  In the kernel they come
 * from kernel/string.c; in host builds from the C library.  strlcpy, which
 * glibc 2.36 lacks, comes from kernel/strlcpy.c in both.
 */
#ifndef KERNEL_STRING_H
#define KERNEL_STRING_H

#include "kernel/types.h"

#ifdef HOST_TEST
#include <string.h>
#else
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
void *memchr(const void *s, int c, size_t n);
size_t strlen(const char *s);
size_t strcspn(const char *s, const char *reject);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
#endif
size_t strlcpy(char *dst, const char *src, size_t size);

#endif
