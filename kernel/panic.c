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
static bool stopping;           /* machine_stop() has begun */
static unsigned int panics;     /* panic() calls, nested ones included */

static enum crash_mode {
	CRASH_NONE, CRASH_EARLY, CRASH_PANIC, CRASH_FAULT, CRASH_OVERFLOW, CRASH_PANIC_FAULT,
	CRASH_DOUBLE_FAULT,
} crash;

static int set_poweroff(const char *val)
{
	if (val)
		return -1;
	poweroff = true;
	return 0;
}
KERNEL_PARAM("poweroff", set_poweroff);

bool machine_stopping(void)
{
	return stopping || panics;
}

void machine_stop_silently(void)
{
	stopping = true;
	if (poweroff)
		debug_exit(1);
	halt_forever();
}

void machine_stop(bool success)
{
	if (stopping)           /* it faulted on its way: print no more */
		machine_stop_silently();
	stopping = true;
	if (poweroff) {
		printk(KERN_EMERG "Powering off (%s).\n", success ? "success" : "failure");
		debug_exit(success ? 0 : 1);
		printk(KERN_EMERG "isa-debug-exit did not stop the machine; halting.\n");
	}
	printk(KERN_EMERG "System halted.\n");
	halt_forever();
}

/* A write that faults whatever the page tables say: non-canonical. */
static void fault_now(void)
{
	*(volatile uint64_t *)0x8000000000000000UL = 0;
}

void panic(const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	/* A panic from inside a panic's own printing (a console that
	 * panics): a third one would only recurse. */
	if (++panics > 2)
		machine_stop_silently();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk(KERN_EMERG "Kernel panic - not syncing: %s%s\n", buf,
	       panics > 1 ? " (while panicking)" : "");
	if (crash == CRASH_PANIC_FAULT && panics == 1)
		fault_now();
	machine_stop(false);
}

/*
 * "crash=MODE": fail on purpose at the end of the boot, so the tests can
 * see that every kind of failure ends in one report and QEMU status 3,
 * never in a reset (the idea of Linux's LKDTM, in miniature):
 *   early         panic() right after the command line is read, as early
 *                 as a panic can be asked for (its report must reach the
 *                 screen too)
 *   panic         panic()
 *   fault         a page fault (a non-canonical write: #GP)
 *   overflow      unbounded recursion into the stack's guard page
 *   panic-fault   a fault inside panic(), after its message
 *   double-fault  an exception with a stack pointer the CPU cannot push to
 */
static const char *const crash_names[] = {
	[CRASH_EARLY] = "early", [CRASH_PANIC] = "panic", [CRASH_FAULT] = "fault",
	[CRASH_OVERFLOW] = "overflow", [CRASH_PANIC_FAULT] = "panic-fault",
	[CRASH_DOUBLE_FAULT] = "double-fault",
};

static int set_crash(const char *val)
{
	for (unsigned int i = 1; val && i < ARRAY_SIZE(crash_names); i++) {
		if (!strcmp(val, crash_names[i])) {
			crash = i;
			return 0;
		}
	}
	return -1;
}
KERNEL_PARAM("crash", set_crash);

/* Never true, but the compiler cannot know: the recursion stays one. */
static volatile unsigned long recursion_end = ~0UL;

static __attribute__((noinline)) unsigned long recurse(unsigned long n)
{
	volatile char frame[256];

	frame[0] = (char)n;
	if (n == recursion_end)
		return n;
	return recurse(n + 1) + frame[0];
}

void crash_early_if_requested(void)
{
	if (crash == CRASH_EARLY)
		panic("crash=early requested");
}

void crash_if_requested(void)
{
	switch (crash) {
	case CRASH_PANIC:
	case CRASH_PANIC_FAULT:
		panic("crash=%s requested", crash_names[crash]);
	case CRASH_FAULT:
		fault_now();
		break;
	case CRASH_OVERFLOW:
		recurse(0);
		break;
	case CRASH_DOUBLE_FAULT:
		int3_on_stack(0x8000000000000000UL);
	case CRASH_NONE:
	case CRASH_EARLY:
		break;
	}
}
