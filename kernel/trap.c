/*
 * kernel/trap.c - the interrupt descriptor table and the exception handler.
 *
 * The kernel never enables interrupts: an exception is a bug, reported
 * with the registers (and CR2 for a page fault) and turned into a panic.
 * Whatever goes wrong, the machine must stop with that report on every
 * console, never reset (on a real PC a reset loses the screen):
 * - double faults, NMIs and machine checks run on stacks of their own
 *   (kernel/cpu.c), so a broken stack pointer or a stack overflow still
 *   gets its report;
 * - a fault while a fault is being reported prints one line and stops;
 *   one more (that line's console faulted too) stops without printing;
 * - an NMI after the kernel decided to stop is ignored; before, it is
 *   reported and the kernel goes on (as Linux does with an unknown NMI).
 */
#include "kernel/cpu.h"
#include "kernel/ktest.h"
#include "kernel/paging.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/trap.h"
#include "kernel/x86.h"

#define IDT_INTERRUPT   0x8e    /* present, ring 0, 64-bit interrupt gate */
#define VEC_NMI         2
#define VEC_DOUBLE_FAULT 8
#define VEC_PAGE_FAULT  14
#define VEC_MACHINE_CHECK 18
#define NMI_REASON_PORT 0x61    /* system control port B: NMI sources */

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
static unsigned int depth;      /* exceptions being reported, nested */
static unsigned long nmis;

static const char *const exception_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range exceeded", "invalid opcode", "device not available",
	"double fault", "coprocessor segment overrun", "invalid TSS",
	"segment not present", "stack-segment fault", "general protection fault",
	"page fault", "reserved", "x87 floating-point error", "alignment check",
	"machine check", "SIMD floating-point error", "virtualization exception",
	"control protection exception",
};

static uint8_t ist_of(unsigned int vector)
{
	switch (vector) {
	case VEC_DOUBLE_FAULT:
		return IST_DOUBLE_FAULT;
	case VEC_NMI:
		return IST_NMI;
	case VEC_MACHINE_CHECK:
		return IST_MACHINE_CHECK;
	}
	return 0;
}

void trap_init(void)
{
	struct idt_ptr p = { sizeof(idt) - 1, (uintptr_t)idt };

	for (unsigned int v = 0; v < 32; v++) {
		uint64_t a = isr_table[v];

		idt[v] = (struct idt_entry){
			.offset_lo = (uint16_t)a,
			.selector = KERNEL_CS,
			.ist = ist_of(v),
			.type_attr = IDT_INTERRUPT,
			.offset_mid = (uint16_t)(a >> 16),
			.offset_hi = (uint32_t)(a >> 32),
		};
	}
	lidt(&p);
}

unsigned long trap_nmi_count(void)
{
	return nmis;
}

static void dump(const struct trap_frame *f, const char *name)
{
	const char *stack;

	pr_emerg("%s (vector %lu) error %#lx at RIP %#018lx\n", name,
		 f->vector, f->error, f->rip);
	if (f->vector == VEC_PAGE_FAULT)
		pr_emerg("CR2 (faulting address): %#018lx\n", read_cr2());
	pr_emerg("RAX %016lx RBX %016lx RCX %016lx RDX %016lx\n", f->rax, f->rbx, f->rcx, f->rdx);
	pr_emerg("RSI %016lx RDI %016lx RBP %016lx RSP %016lx\n", f->rsi, f->rdi, f->rbp, f->rsp);
	pr_emerg("R8  %016lx R9  %016lx R10 %016lx R11 %016lx\n", f->r8, f->r9, f->r10, f->r11);
	pr_emerg("R12 %016lx R13 %016lx R14 %016lx R15 %016lx\n", f->r12, f->r13, f->r14, f->r15);
	pr_emerg("RFLAGS %016lx CS %04lx SS %04lx CR3 %016lx\n", f->rflags, f->cs, f->ss, read_cr3());
	/* A push into a guard page: the stack pointer ran off its stack. */
	stack = kstack_guard_hit(f->rsp - 8);
	if (stack)
		pr_emerg("kernel stack overflow: RSP %#lx is in the guard page of the %s\n",
			 f->rsp, stack);
}

void trap_handler(struct trap_frame *f);

void trap_handler(struct trap_frame *f)
{
	const char *name = f->vector < 32 && exception_names[f->vector]
			   ? exception_names[f->vector] : "exception";

	if (f->vector == VEC_NMI) {
		nmis++;
		if (machine_stopping())
			return;
		pr_emerg("NMI received (port 0x61: %#x) at RIP %#018lx; continuing\n",
			 inb(NMI_REASON_PORT), f->rip);
		return;
	}
	switch (++depth) {
	case 1:
		dump(f, name);
		panic("fatal exception: %s", name);
	case 2:
		pr_emerg("%s (vector %lu) at RIP %#018lx while reporting an exception; stopping\n",
			 name, f->vector, f->rip);
		machine_stop(false);
	default:
		machine_stop_silently();
	}
}

/* --- self-tests ------------------------------------------------------------ */

#define MSR_APIC_BASE   0x1b
#define APIC_BASE_X2APIC (1UL << 10)
#define APIC_BASE_ENABLE (1UL << 11)
#define MSR_X2APIC_ID   0x802
#define MSR_X2APIC_ICR  0x830
#define APIC_ID         0x20
#define APIC_ICR_LOW    0x300
#define APIC_ICR_HIGH   0x310
#define ICR_NMI         (4u << 8)       /* delivery mode NMI, physical, no shorthand */

/*
 * Send this CPU an NMI through its local APIC, addressed by its own APIC id
 * (the SDM allows no NMI with the "self" shorthand).  False if the local
 * APIC is globally disabled or cannot be mapped.
 */
static bool send_nmi_to_self(void)
{
	uint64_t base = rdmsr(MSR_APIC_BASE);
	volatile uint32_t *apic;
	phys_addr_t pa = base & 0x000ffffffffff000UL;

	if (!(base & APIC_BASE_ENABLE))
		return false;
	if (base & APIC_BASE_X2APIC) {
		wrmsr(MSR_X2APIC_ICR, rdmsr(MSR_X2APIC_ID) << 32 | ICR_NMI);
		return true;
	}
	if (!early_ioremap(pa, PAGE_SIZE, PAGE_CACHE_UC))
		return false;
	apic = phys_to_virt(pa);
	apic[APIC_ICR_HIGH / 4] = apic[APIC_ID / 4] & 0xff000000;
	apic[APIC_ICR_LOW / 4] = ICR_NMI;
	return true;
}

/* An NMI runs on its own stack, is reported, and the kernel goes on. */
KTEST(trap_nmi_returns)
{
	unsigned long before = trap_nmi_count();

	if (!send_nmi_to_self()) {
		KTEST_SKIP(t, "the local APIC is disabled");
		return;
	}
	for (unsigned int i = 0; i < 1000000 && trap_nmi_count() == before; i++)
		cpu_relax();
	KEXPECT_EQ(t, trap_nmi_count(), before + 1);
}
