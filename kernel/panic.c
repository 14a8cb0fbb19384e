/*
 * kernel/panic.c - panic() and the end of a boot.
 */
#include <stdarg.h>

#include "drivers/qemu/debug_exit.h"
#include "kernel/cmdline.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/setup.h"
#include "kernel/string.h"
#include "kernel/x86.h"

static bool poweroff;           /* "poweroff": exit QEMU at the end */
static bool in_panic;

static int set_poweroff(const char *val)
{
	if (val)
		return -1;
	poweroff = true;
	return 0;
}
KERNEL_PARAM("poweroff", set_poweroff);

void machine_stop(bool success)
{
	if (poweroff) {
		printk(KERN_EMERG "Powering off (%s).\n", success ? "success" : "failure");
		debug_exit(success ? 0 : 1);
		printk(KERN_EMERG "isa-debug-exit did not stop the machine; halting.\n");
	}
	printk(KERN_EMERG "System halted.\n");
	halt_forever();
}

void panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	if (in_panic)           /* a panic while panicking: just stop */
		halt_forever();
	in_panic = true;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic - not syncing: %s\n", buf);
	machine_stop(false);
}

/*
 * "crash=panic" and "crash=fault": fail on purpose at the end of the boot,
 * so the tests can see that a failure really ends in QEMU status 3 (the
 * idea of Linux's LKDTM, in miniature).  "crash=early": panic right after
 * the command line is read, as early as a panic can be asked for, so the
 * tests can see that one this early reaches the screen.
 */
static enum { CRASH_NONE, CRASH_EARLY, CRASH_PANIC, CRASH_FAULT } crash;

static int set_crash(const char *val)
{
	if (val && !strcmp(val, "early"))
		crash = CRASH_EARLY;
	else if (val && !strcmp(val, "panic"))
		crash = CRASH_PANIC;
	else if (val && !strcmp(val, "fault"))
		crash = CRASH_FAULT;
	else
		return -1;
	return 0;
}
KERNEL_PARAM("crash", set_crash);

void crash_early_if_requested(void)
{
	if (crash == CRASH_EARLY)
		panic("crash=early requested");
}

void crash_if_requested(void)
{
	switch (crash) {
	case CRASH_PANIC:
		panic("crash=panic requested");
	case CRASH_FAULT:
		/* Non-canonical: faults whatever the page tables say. */
		*(volatile uint64_t *)0x8000000000000000UL = 0;
		break;
	case CRASH_NONE:
	case CRASH_EARLY:
		break;
	}
}
