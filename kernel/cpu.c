/*
 * kernel/cpu.c - the processor's own state.
 *
 * - Segments: the kernel's GDT (the boot stub's two code/data descriptors,
 *   plus a TSS), so that double faults, NMIs and machine checks run on
 *   stacks of their own (the TSS's interrupt stack table): a kernel stack
 *   overflow then ends in a register dump instead of a triple fault and a
 *   reset, which on a real PC would wipe the screen the user needed.
 * - Stacks: every kernel stack (boot/boot.asm) sits above a guard page that
 *   the kernel's page tables leave unmapped.
 * - The PAT, programmed as Linux does, so device memory can be mapped
 *   write-combining (the framebuffer) or uncached (everything else).
 * - The control registers: the boot stub loads CR0, CR4 and EFER with
 *   exact values; a self-test reads them back against the same values.
 */
#define pr_fmt(fmt) "cpu: " fmt

#include "kernel/compiler.h"
#include "kernel/cpu.h"
#include "kernel/ktest.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/trap.h"
#include "kernel/x86.h"
#include "mm/pgtable.h"

#define CR0_PE          (1UL << 0)
#define CR0_MP          (1UL << 1)
#define CR0_ET          (1UL << 4)
#define CR0_NE          (1UL << 5)
#define CR0_WP          (1UL << 16)
#define CR0_PG          (1UL << 31)
#define CR4_PAE         (1UL << 5)
#define CR4_MCE         (1UL << 6)
#define CR4_PGE         (1UL << 7)
#define CR4_LA57        (1UL << 12)
#define MSR_EFER        0xc0000080
#define EFER_LME        (1UL << 8)
#define EFER_LMA        (1UL << 10)
#define EFER_NXE        (1UL << 11)
#define MSR_PAT         0x277
#define CPUID_MCE       (1u << 7)       /* leaf 1, EDX */
#define CPUID_PAT       (1u << 16)

/* What boot/boot.asm loads into CR0: exactly this. */
#define CR0_KERNEL      (CR0_PG | CR0_WP | CR0_NE | CR0_ET | CR0_MP | CR0_PE)

/*
 * The PAT, entry by entry: Linux's layout (WB WC UC- UC WB WP UC- WT).  It
 * keeps the power-on types of entries 0, 2 and 3, which the page-table bits
 * PWT = PCD = 0, PCD and PCD|PWT select, so nothing mapped before changes;
 * entry 1 (PWT alone) becomes write-combining.
 */
#define PAT_UC          0
#define PAT_WC          1
#define PAT_WT          4
#define PAT_WP          5
#define PAT_WB          6
#define PAT_UC_MINUS    7
#define PAT_ENTRY(i, type) ((uint64_t)(type) << (8 * (i)))
#define PAT_KERNEL      (PAT_ENTRY(0, PAT_WB) | PAT_ENTRY(1, PAT_WC) |              \
			 PAT_ENTRY(2, PAT_UC_MINUS) | PAT_ENTRY(3, PAT_UC) |       \
			 PAT_ENTRY(4, PAT_WB) | PAT_ENTRY(5, PAT_WP) |             \
			 PAT_ENTRY(6, PAT_UC_MINUS) | PAT_ENTRY(7, PAT_WT))

/* The 64-bit TSS: only the interrupt stack table matters here. */
struct tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __packed;

extern const uint64_t boot_entry_cr0, boot_entry_cr4, boot_entry_efer;
extern char boot_stack_guard[], boot_stack_top[], df_stack_guard[], df_stack_top[];
extern char nmi_stack_guard[], nmi_stack_top[], mc_stack_guard[], mc_stack_top[];

static const struct {
	const char *name;
	char *guard, *top;
	unsigned int ist;
} kstacks[] = {
	{ "boot stack", boot_stack_guard, boot_stack_top, 0 },
	{ "double-fault stack", df_stack_guard, df_stack_top, IST_DOUBLE_FAULT },
	{ "NMI stack", nmi_stack_guard, nmi_stack_top, IST_NMI },
	{ "machine-check stack", mc_stack_guard, mc_stack_top, IST_MACHINE_CHECK },
};

static struct tss tss __aligned(16);
static uint64_t gdt[5] __aligned(16) = {
	0,
	0x00af9a000000ffffULL,          /* KERNEL_CS: 64-bit code, ring 0 */
	0x00cf92000000ffffULL,          /* KERNEL_DS: data, ring 0 */
	/* KERNEL_TSS: a 16-byte system descriptor, filled in below */
};
static bool has_pat, has_mce;

static uint32_t features_edx(void)
{
	uint32_t a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return d;
}

static void tss_init(void)
{
	uint64_t base = (uintptr_t)&tss, limit = sizeof(tss) - 1;
	struct gdt_ptr p = { sizeof(gdt) - 1, (uintptr_t)gdt };

	for (unsigned int i = 0; i < ARRAY_SIZE(kstacks); i++)
		if (kstacks[i].ist)
			tss.ist[kstacks[i].ist - 1] = (uintptr_t)kstacks[i].top;
	tss.iomap_base = sizeof(tss);   /* no I/O permission bitmap */
	/* Type 9: an available 64-bit TSS, present, ring 0. */
	gdt[KERNEL_TSS / 8] = (limit & 0xffff) | (base & 0xffffff) << 16 | 0x89ULL << 40 |
			      (limit >> 16 & 0xf) << 48 | (base >> 24 & 0xff) << 56;
	gdt[KERNEL_TSS / 8 + 1] = base >> 32;
	load_gdt(&p, KERNEL_CS, KERNEL_DS);
	ltr(KERNEL_TSS);
}

/*
 * Program the PAT as the SDM asks (11.12.4): flush caches and TLBs around
 * the write.  No mapping uses entry 1 yet, so caches need not be disabled.
 */
static void pat_init(void)
{
	has_pat = features_edx() & CPUID_PAT;
	if (!has_pat) {
		pr_warn("no PAT: the framebuffer will be mapped uncached\n");
		return;
	}
	wbinvd();
	wrmsr(MSR_PAT, PAT_KERNEL);
	wbinvd();
	write_cr3(read_cr3());
}

static const char *pat_name(unsigned int type)
{
	static const char *const names[8] = { "UC", "WC", "??", "??", "WT", "WP", "WB", "UC-" };

	return names[type & 7];
}

static uint64_t cr4_expected(void)
{
	return CR4_PAE | (has_mce ? CR4_MCE : 0) | (paging_switched() ? CR4_PGE : 0);
}

static uint64_t efer_expected(void)
{
	return EFER_LME | EFER_LMA | (cpu_has_nx() ? EFER_NXE : 0);
}

void cpu_init(void)
{
	tss_init();
	trap_init();
	/* A machine check with CR4.MCE clear shuts the CPU down (a reset on
	 * most boards): deliver it to the handler instead. */
	has_mce = features_edx() & CPUID_MCE;
	write_cr4(cr4_expected());
	pat_init();

	pr_info("loader left CR0 %#lx CR4 %#lx EFER %#lx; kernel set CR0 %#lx CR4 %#lx EFER %#lx\n",
		boot_entry_cr0, boot_entry_cr4, boot_entry_efer, read_cr0(), read_cr4(),
		rdmsr(MSR_EFER));
	if (boot_entry_cr4 & CR4_LA57)
		pr_notice("the loader left 5-level paging on (CR4.LA57); the kernel uses 4 levels\n");
	if (has_pat) {
		uint64_t pat = rdmsr(MSR_PAT);

		pr_info("PAT: Configuration [0-7]: %s %s %s %s %s %s %s %s\n",
			pat_name(pat), pat_name(pat >> 8), pat_name(pat >> 16), pat_name(pat >> 24),
			pat_name(pat >> 32), pat_name(pat >> 40), pat_name(pat >> 48),
			pat_name(pat >> 56));
	}
}

uint64_t cpu_cache_prot(enum page_cache type)
{
	switch (type) {
	case PAGE_CACHE_WC:
		if (has_pat)
			return PTE_PWT;         /* PAT entry 1 */
		return PTE_PCD | PTE_PWT;
	case PAGE_CACHE_UC:
		return PTE_PCD | PTE_PWT;       /* PAT entry 3, also without a PAT */
	case PAGE_CACHE_WB:
		break;
	}
	return 0;
}

bool kstack_guard(unsigned int i, uintptr_t *guard)
{
	if (i >= ARRAY_SIZE(kstacks))
		return false;
	*guard = (uintptr_t)kstacks[i].guard;
	return true;
}

const char *kstack_guard_hit(uintptr_t addr)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(kstacks); i++)
		if (addr - (uintptr_t)kstacks[i].guard < PAGE_SIZE)
			return kstacks[i].name;
	return NULL;
}

/* Every bit of CR0, CR4, EFER and the PAT is what the kernel set. */
KTEST(cpu_control_registers)
{
	KEXPECT_EQ(t, read_cr0(), CR0_KERNEL);
	KEXPECT_EQ(t, read_cr4(), cr4_expected());
	KEXPECT_EQ(t, read_cr4() & CR4_LA57, 0);
	KEXPECT_EQ(t, rdmsr(MSR_EFER), efer_expected());
	if (has_pat)
		KEXPECT_EQ(t, rdmsr(MSR_PAT), PAT_KERNEL);
	else
		KTEST_SKIP(t, "the CPU has no PAT");
}

/* The guard pages are unmapped, the stacks themselves mapped. */
KTEST(cpu_stack_guards)
{
	const struct pgtable *pt = paging_kernel_pgtable();
	phys_addr_t pa;
	uint64_t flags;

	for (unsigned int i = 0; i < ARRAY_SIZE(kstacks); i++) {
		KEXPECT(t, !pgtable_lookup(pt, (uintptr_t)kstacks[i].guard, &pa, &flags));
		KEXPECT(t, pgtable_lookup(pt, (uintptr_t)kstacks[i].guard + PAGE_SIZE, &pa, &flags));
		KEXPECT(t, pgtable_lookup(pt, (uintptr_t)kstacks[i].top - 8, &pa, &flags));
	}
	KEXPECT_EQ(t, tss.ist[IST_DOUBLE_FAULT - 1], (uintptr_t)df_stack_top);
}
