/*
 * tests/unit/stubs/stubs.c - host stand-ins for kernel services.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/panic.h"
#include "kernel/printk.h"
#include "tests/unit/stubs/stubs.h"

static char log_buf[1 << 16];
static size_t log_len;

const char *stub_log(void)
{
	return log_buf;
}

void stub_log_reset(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

int vprintk(const char *fmt, va_list ap)
{
	char line[1024];
	int n;

	if (fmt[0] == '\001' && fmt[1])
		fmt += 2;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (getenv("STUB_VERBOSE"))
		fputs(line, stderr);
	log_len += (size_t)snprintf(log_buf + log_len, sizeof(log_buf) - log_len,
				    "%s", line);
	if (log_len >= sizeof(log_buf))
		log_len = sizeof(log_buf) - 1;
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

static char panic_msg[512];

const char *stub_panic_message(void)
{
	return panic_msg;
}

uint64_t stub_rnd(uint64_t *state)
{
	uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

uint64_t stub_rnd_below(uint64_t *state, uint64_t n)
{
	return stub_rnd(state) % n;
}

uint64_t stub_seed(uint64_t fallback)
{
	const char *s = getenv("TEST_SEED");

	return s ? strtoull(s, NULL, 0) : fallback;
}

void panic(const char *fmt, ...)
{
	/* Static: cmocka prints the message after this frame is gone. */
	char *msg = panic_msg;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(panic_msg), fmt, ap);
	va_end(ap);
	mock_assert(0, msg, __FILE__, __LINE__);
	abort();        /* not reached under expect_assert_failure */
}
