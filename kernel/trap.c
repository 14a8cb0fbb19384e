/*
 * kernel/trap.c - the interrupt descriptor table and the exception handler.
 *
 * The kernel never enables interrupts: an exception is a bug, reported
 * with the registers (and CR2 for a page fault) and turned into a panic.
 */
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define KERNEL_CS       0x08
#define IDT_INTERRUPT   0x8e    /* present, ring 0, 64-bit interrupt gate */

struct idt_entry {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type_attr;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;

extern const uint64_t isr_table[32];
static struct idt_entry idt[32] __aligned(16);

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault", "general protection fault",
	"page fault", "reserved", "x87 floating-point error", "alignment check",
	"machine check", "SIMD floating-point error", "virtualization exception",
	"control protection exception",
};

void trap_init(void)
{
	struct idt_ptr p = { sizeof(idt) - 1, (uintptr_t)idt };

	for (int v = 0; v < 32; v++) {
		uint64_t a = isr_table[v];

		idt[v] = (struct idt_entry){
			.offset_lo = (uint16_t)a,
			.selector = KERNEL_CS,
			.type_attr = IDT_INTERRUPT,
			.offset_mid = (uint16_t)(a >> 16),
			.offset_hi = (uint32_t)(a >> 32),
		};
	}
	lidt(&p);
}

void trap_handler(struct trap_frame *f);

void trap_handler(struct trap_frame *f)
{
	const char *name = f->vector < 32 && exception_names[f->vector]
			   ? exception_names[f->vector] : "exception";

	pr_emerg("%s (vector %lu) error %#lx at RIP %#018lx\n", name,
		 f->vector, f->error, f->rip);
	if (f->vector == 14)
		pr_emerg("CR2 (faulting address): %#018lx\n", read_cr2());
	pr_emerg("RAX %016lx RBX %016lx RCX %016lx RDX %016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	pr_emerg("RSI %016lx RDI %016lx RBP %016lx RSP %016lx\n", f->rsi, f->rdi, f->rbp, f->rsp);
	pr_emerg("R8  %016lx R9  %016lx R10 %016lx R11 %016lx\n", f->r8, f->r9, f->r10, f->r11);
	pr_emerg("R12 %016lx R13 %016lx R14 %016lx R15 %016lx\n", f->r12, f->r13, f->r14, f->r15);
	pr_emerg("RFLAGS %016lx CS %04lx SS %04lx CR3 %016lx\n", f->rflags, f->cs, f->ss, read_cr3());
	panic("fatal exception: %s", name);
}
