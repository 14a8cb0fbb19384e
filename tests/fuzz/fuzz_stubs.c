/*
 * tests/fuzz/fuzz_stubs.c - host stand-ins for kernel services in the fuzz
 * build: a printk that formats each message (so ASan checks every %s the
 * kernel would print) and throws it away, and a panic() that abort()s so
 * libFuzzer reports it.  strlcpy comes from kernel/strlcpy.c, linked in.
 *
 * FUZZ_VERBOSE=1 in the environment prints the kernel's messages, which
 * helps when replaying one crashing input.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/panic.h"
#include "kernel/printk.h"
#include "tests/fuzz/fuzz.h"

static int verbose = -1;

int vprintk(const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;       /* the level marker */
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (verbose < 0)
		verbose = getenv("FUZZ_VERBOSE") != NULL;
	if (verbose)
		fputs(line, stderr);
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	fputs("Kernel panic - not syncing: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	abort();
}

void fuzz_fail(const char *file, int line, const char *cond, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s:%d: invariant broken: %s\n  ", file, line, cond);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\n", stderr);
	abort();
}

void *fuzz_dup(const void *p, size_t n)
{
	void *q = malloc(n ? n : 1);

	if (!q)
		abort();
	if (n)
		memcpy(q, p, n);
	return q;
}
