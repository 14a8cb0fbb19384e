/*
 * kernel/cpu.h - the processor's own state: segments, the TSS and its
 * interrupt stacks, the page attribute table, the control registers.
 */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include "kernel/types.h"

#define KERNEL_CS       0x08
#define KERNEL_DS       0x10
#define KERNEL_TSS      0x18

/* Interrupt stack table slots (1-7; 0 means "the current stack"). */
#define IST_DOUBLE_FAULT 1
#define IST_NMI          2
#define IST_MACHINE_CHECK 3

/*
 * cpu_init() - the kernel's GDT and TSS, the IDT (trap_init()), the PAT
 * and CR4.MCE; reports what the loader left in CR0, CR4 and EFER.  The
 * first thing kmain does: from then on no exception resets the machine.
 */
void cpu_init(void);

/* Memory types for device mappings, and the page-table bits selecting
 * them through the PAT cpu_init() programmed. */
enum page_cache { PAGE_CACHE_WB, PAGE_CACHE_WC, PAGE_CACHE_UC };
uint64_t cpu_cache_prot(enum page_cache type);

/* The guard page below the @i'th kernel stack; false past the last. */
bool kstack_guard(unsigned int i, uintptr_t *guard);

/* The name of the stack whose guard page holds @addr, or NULL. */
const char *kstack_guard_hit(uintptr_t addr);

#endif
