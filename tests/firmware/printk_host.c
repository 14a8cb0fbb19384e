/*
 * tests/firmware/printk_host.c - the kernel's printk for host programs that
 * want the boot log itself: every message goes to stdout as the serial
 * console shows it, level marker dropped, KERN_CONT continuing the line.
 *
 * (tests/unit/stubs/stubs.c captures the log for cmocka instead, and its
 * panic() is a cmocka assertion, so it does not fit a plain program: here
 * panic() prints its message and aborts.)
 * Formatting is glibc's printf, which agrees with the kernel's vsprintf on
 * every conversion the code under test uses (see vsprintf_test.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "kernel/panic.h"
#include "kernel/printk.h"

int vprintk(const char *fmt, va_list ap)
{
	/* KERN_<LEVEL> and KERN_CONT are two bytes: SOH and a character. */
	if (fmt[0] == KERN_SOH[0] && fmt[1])
		fmt += 2;
	return vprintf(fmt, ap);
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

	va_start(ap, fmt);
	printf("Kernel panic - not syncing: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	abort();
}
