/*
 * kernel/panic.h - stopping the kernel: panic(), BUG_ON() and the end of
 * a boot.
 *
 * panic() is for the few cases where booting cannot go on; its message
 * says why and what to do.  BUG_ON() catches a caller's bug.  Firmware
 * data never reaches either: it is validated and rejected with a log line.
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include "kernel/compiler.h"
#include "kernel/types.h"

void panic(const char *fmt, ...) __printf(1, 2) __noreturn;

#define BUG() panic("kernel BUG at %s:%d", __FILE__, __LINE__)
#define BUG_ON(cond)                                                    \
	do {                                                            \
		if (unlikely(cond))                                     \
			panic("kernel BUG at %s:%d: %s", __FILE__,      \
			      __LINE__, #cond);                         \
	} while (0)

/**
 * machine_stop() - end the boot.
 * @success: whether the boot and every self-test passed
 *
 * With the "poweroff" option under QEMU, QEMU exits with status 1 on
 * success and 3 on failure (isa-debug-exit); otherwise the kernel prints
 * "System halted." and halts, as on real hardware.
 */
void machine_stop(bool success) __noreturn;

/* Stop as a failure without printing anything more (the consoles may be
 * what faults); a second machine_stop() call does this. */
void machine_stop_silently(void) __noreturn;

/* Has the kernel begun to stop (a panic, or machine_stop())? */
bool machine_stopping(void);

#endif
