/*
 * kernel/trap.h - CPU exceptions.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include "kernel/types.h"

/* What boot/isr.asm saves, lowest address first. */
struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	uint64_t rip, cs, rflags, rsp, ss;      /* pushed by the CPU */
};

/* Install handlers for the 32 exceptions: any exception panics with a
 * register dump instead of resetting the machine (kernel/trap.c). */
void trap_init(void);

/* NMIs received so far. */
unsigned long trap_nmi_count(void);

#endif
