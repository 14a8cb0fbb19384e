/*
 * kernel/paging.c - extend the boot direct map on demand; CPU paging
 * features; the switch to the kernel's own page tables.
 *
 * The boot page tables (boot/boot.asm) direct-map 0-4 GiB with 2 MiB pages.
 * Some things the kernel must reach early sit higher: a framebuffer behind
 * a 64-bit BAR, ACPI tables on large machines, bootmem's allocations on
 * high nodes.  early_map() adds 2 MiB direct-map pages for them, taking
 * page-table pages from a static pool.
 */
#define pr_fmt(fmt) "paging: " fmt

#include "kernel/bootinfo.h"
#include "kernel/compiler.h"
#include "kernel/cpu.h"
#include "kernel/ktest.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "mm/numa.h"
#include "mm/pgtable.h"

#define EARLY_PT_POOL   64
#define MAX_KEPT_REGIONS 8


extern uint64_t boot_pml4[512];

static uint64_t pt_pool[EARLY_PT_POOL][512] __aligned(4096);
static unsigned int pt_pool_used;
static struct {
	phys_addr_t start, end;
	uint64_t prot;                  /* PTE_PWT/PTE_PCD: the memory type */
} kept[MAX_KEPT_REGIONS];
static unsigned int nr_kept;
static struct pgtable *kernel_pt;       /* after paging_switch() */

#define CPUID_NX        (1u << 20)      /* leaf 0x80000001, EDX */
#define CPUID_GBPAGES   (1u << 26)

static uint32_t ext_features(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000000, &a, &b, &c, &d);
	if (a < 0x80000001)
		return 0;
	cpuid(0x80000001, &a, &b, &c, &d);
	return d;
}

bool cpu_has_nx(void)
{
	return ext_features() & CPUID_NX;
}

bool cpu_has_gbpages(void)
{
	return ext_features() & CPUID_GBPAGES;
}

unsigned int cpu_phys_bits(void)
{
	uint32_t a, b, c, d;

	cpuid(0x80000000, &a, &b, &c, &d);
	if (a < 0x80000008)
		return 36;      /* the architectural default */
	cpuid(0x80000008, &a, &b, &c, &d);
	/* 52 bits is the architecture's limit, whatever a hypervisor says. */
	return MIN(a & 0xff, MAX_PHYS_BITS);
}

/* Table pages are kernel image memory: virtual = physical + KERNEL_VMA. */
static uint64_t *table_of(uint64_t entry)
{
	return (uint64_t *)((entry & PTE_ADDR) + KERNEL_VMA);
}

/* Return the table that @entry points to, creating it when absent. */
static uint64_t *next_table(uint64_t *entry)
{
	uint64_t *t;

	if (*entry & PTE_PRESENT)
		return table_of(*entry);
	if (pt_pool_used == EARLY_PT_POOL)
		return NULL;
	t = pt_pool[pt_pool_used++];
	memset(t, 0, PAGE_SIZE);
	*entry = kernel_virt_to_phys(t) | PTE_PRESENT | PTE_WRITE;
	return t;
}

/* After the switch: map what is missing of the range with 4 KiB pages. */
static bool map_late(phys_addr_t pa, uint64_t size, uint64_t prot)
{
	for (phys_addr_t a = ALIGN_DOWN(pa, PAGE_SIZE); a < pa + size; a += PAGE_SIZE) {
		phys_addr_t got;
		uint64_t flags;

		if (pgtable_lookup(kernel_pt, (uintptr_t)phys_to_virt(a), &got, &flags))
			continue;
		if (pgtable_map(kernel_pt, (uintptr_t)phys_to_virt(a), a, PAGE_SIZE,
				PTE_WRITE | PTE_NX | prot, NUMA_NO_NODE))
			return false;
		invlpg((uintptr_t)phys_to_virt(a));
	}
	return true;
}

static bool map_early(phys_addr_t pa, uint64_t size, uint64_t prot)
{
	/* 1 GiB pages where the CPU has them: a page-table page per 512 GiB
	 * then, instead of one per GiB. */
	uint64_t gran = cpu_has_gbpages() ? SZ_1G : SZ_2M;
	phys_addr_t start = ALIGN_DOWN(pa, gran), end;

	if (size == 0)
		return true;
	if (pa + size < pa || pa + size > (1UL << cpu_phys_bits()) ||
	    pa + size > DIRECT_MAP_MAX)
		return false;
	if (kernel_pt)
		return map_late(pa, size, prot);
	end = ALIGN_UP(pa + size, gran);
	if (end <= SZ_4G)
		return true;

	for (phys_addr_t a = start; a < end; a += gran) {
		uintptr_t va = (uintptr_t)phys_to_virt(a);
		uint64_t *pdpt, *pd, *e;

		if (a < SZ_4G)
			continue;
		pdpt = next_table(&boot_pml4[(va >> 39) & 511]);
		if (!pdpt)
			goto out_of_tables;
		if (gran == SZ_1G) {
			e = &pdpt[(va >> 30) & 511];
		} else {
			pd = next_table(&pdpt[(va >> 30) & 511]);
			if (!pd)
				goto out_of_tables;
			e = &pd[(va >> 21) & 511];
		}
		if (!(*e & PTE_PRESENT)) {
			*e = a | PTE_PRESENT | PTE_WRITE | PTE_HUGE;
			invlpg(va);
		}
	}
	return true;

out_of_tables:
	pr_err("out of early page tables mapping [mem 0x%016lx-0x%016lx]; raise EARLY_PT_POOL\n",
	       pa, pa + size - 1);
	return false;
}

bool early_map(phys_addr_t pa, uint64_t size)
{
	return map_early(pa, size, 0);
}

bool early_ioremap(phys_addr_t pa, uint64_t size, enum page_cache type)
{
	if (!map_early(pa, size, cpu_cache_prot(type)))
		return false;
	if (nr_kept == MAX_KEPT_REGIONS) {
		pr_err("more than MAX_KEPT_REGIONS (%u) device regions; raise it\n",
		       MAX_KEPT_REGIONS);
		return false;
	}
	kept[nr_kept].start = ALIGN_DOWN(pa, PAGE_SIZE);
	kept[nr_kept].end = ALIGN_UP(pa + size, PAGE_SIZE);
	kept[nr_kept].prot = cpu_cache_prot(type);
	nr_kept++;
	return true;
}

bool paging_kept_region(unsigned int i, phys_addr_t *start, phys_addr_t *end)
{
	if (i >= nr_kept)
		return false;
	*start = kept[i].start;
	*end = kept[i].end;
	return true;
}

uint64_t paging_kept_prot(unsigned int i)
{
	return kept[i].prot;
}

bool paging_switched(void)
{
	return kernel_pt;
}

const struct pgtable *paging_kernel_pgtable(void)
{
	return kernel_pt;
}

#define CR4_PGE         (1UL << 7)      /* global pages: kept across CR3 loads */

void paging_switch(struct pgtable *pt)
{
	write_cr3(pt->root);
	write_cr4(read_cr4() | CR4_PGE);        /* the kernel's mappings are PTE_GLOBAL */
	kernel_pt = pt;
}

/*
 * early_map() really reaches RAM above 4 GiB: map the first 4 MiB of the
 * highest usable range there, and see that two 2 MiB pages hold different
 * values (a wrong page-directory index would alias them).
 */
KTEST(early_map_above_4g)
{
	const struct boot_info *bi = boot_info_get();
	phys_addr_t pa = 0;

	for (unsigned int i = 0; i < bi->mmap_nr; i++) {
		const struct boot_mmap_entry *e = &bi->mmap[i];
		phys_addr_t start = ALIGN_UP(MAX(e->addr, SZ_4G), SZ_2M);

		if (e->type == E820_USABLE && e->addr + e->len >= start + 2 * SZ_2M)
			pa = start;
	}
	if (!pa) {
		KTEST_SKIP(t, "no RAM above 4 GiB");
		return;
	}
	KEXPECT(t, early_map(pa, 2 * SZ_2M));
	volatile uint64_t *a = phys_to_virt(pa), *b = phys_to_virt(pa + SZ_2M);

	*a = 0x1111111111111111UL ^ pa;
	*b = 0x2222222222222222UL ^ pa;
	KEXPECT_EQ(t, *a, 0x1111111111111111UL ^ pa);
	KEXPECT_EQ(t, *b, 0x2222222222222222UL ^ pa);
	/* Beyond the physical address width nothing can be mapped. */
	KEXPECT(t, !early_map(1UL << cpu_phys_bits(), PAGE_SIZE));
}
