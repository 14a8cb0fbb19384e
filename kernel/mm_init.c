/*
 * kernel/mm_init.c - bring up the boot-time allocator on the machine's RAM.
 *
 * Registers every node range with bootmem, names the early reservations
 * (what lies in RAM and must survive: the kernel image, GRUB's boot
 * information and modules, ACPI tables), sets bootmem up, and at the end
 * of the boot hands every free page over.
 *
 * Option: bootmem_debug - trace every bootmem call.
 */
#define pr_fmt(fmt) "bootmem: " fmt

#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/mm_init.h"
#include "kernel/panic.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/string.h"

extern const char _kernel_phys_start[], _kernel_phys_end[];

static struct bootmem bootmem;
static const struct numa_topology *topo;
static bool bootmem_debug;

static int set_bootmem_debug(const char *val)
{
	if (val)
		return -1;
	bootmem_debug = true;
	return 0;
}
KERNEL_PARAM("bootmem_debug", set_bootmem_debug);

static void *map_phys(phys_addr_t pa, uint64_t size)
{
	return early_map(pa, size) ? phys_to_virt(pa) : NULL;
}

/* Record a range that must survive, if it lies in RAM bootmem manages. */
static void reserve_early(phys_addr_t start, phys_addr_t end, const char *name)
{
	bool in_ram = false;

	for (unsigned int i = 0; i < topo->nr_ranges && !in_ram; i++)
		in_ram = PFN_PHYS(topo->range[i].start) < end && start < PFN_PHYS(topo->range[i].end);
	if (!in_ram)
		return;         /* firmware memory: never handed out anyway */
	if (bootmem_reserve_early(&bootmem, start, end, name))
		panic("bootmem: cannot record the early reservation of %s; raise BOOTMEM_MAX_EARLY_RESV",
		      name);
	pr_info("reserve [mem 0x%016lx-0x%016lx] %s\n", start, end - 1, name);
}

struct bootmem *bootmem_boot_setup(const struct boot_info *bi,
				   const struct numa_topology *t,
				   const struct acpi_tables *acpi)
{
	struct bootmem *bm = &bootmem;

	topo = t;
	bootmem_init(bm, map_phys, t->nr_nodes, (const uint8_t (*)[MAX_NUMNODES])t->distance);
	bm->debug = bootmem_debug;
	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		int err = bootmem_add_range(bm, t->range[i].start, t->range[i].end, t->range[i].nid);

		if (err)
			panic("bootmem: cannot register node %d range [mem 0x%016lx-0x%016lx]: error %d",
			      t->range[i].nid, PFN_PHYS(t->range[i].start),
			      PFN_PHYS(t->range[i].end) - 1, err);
	}

	reserve_early((uintptr_t)_kernel_phys_start, (uintptr_t)_kernel_phys_end, "kernel image");
	reserve_early(bi->info_addr, bi->info_addr + bi->info_size, "multiboot2 information");
	for (unsigned int i = 0; i < bi->modules_nr; i++)
		reserve_early(bi->modules[i].start, bi->modules[i].end, "boot module");
	if (acpi) {
		reserve_early(acpi->root.phys, acpi->root.phys + acpi->root.hdr.length, "ACPI root table");
		for (unsigned int i = 0; i < acpi->nr; i++)
			if (acpi->t[i].valid)
				reserve_early(acpi->t[i].phys, acpi->t[i].phys + acpi->t[i].hdr.length,
					      "ACPI table");
	}

	if (bootmem_setup(bm))
		panic("bootmem: no room for the bitmap: is there any usable RAM above 1 MiB?");
	bootmem_kernel = bm;
	bootmem_dump(bm);
	return bm;
}

/* Count what release hands over, and check that each block is free RAM of
 * the node it is said to be on. */
struct handover {
	uint64_t pages, blocks, misplaced;
	unsigned int max_order;
};

static void count_block(void *ctx, pfn_t pfn, unsigned int order, int nid)
{
	struct handover *h = ctx;

	h->pages += 1ULL << order;
	h->blocks++;
	h->max_order = MAX(h->max_order, order);
	if (numa_pfn_to_nid(topo, pfn) != nid ||
	    numa_pfn_to_nid(topo, pfn + (1ULL << order) - 1) != nid)
		h->misplaced++;
}

bool bootmem_handover(void)
{
	struct handover h = { 0 };
	uint64_t expect = bootmem_free_pages(&bootmem, NUMA_ANY_NODE) +
			  (bootmem.map_bytes >> PAGE_SHIFT);
	uint64_t got = bootmem_release(&bootmem, BOOTMEM_RELEASE_MAX_ORDER, count_block, &h);

	pr_info("released %lu pages (%lu MiB) in %lu blocks, largest order %u\n",
		got, got >> (20 - PAGE_SHIFT), h.blocks, h.max_order);
	if (got != expect || h.pages != got || h.misplaced) {
		pr_err("hand-over mismatch: %lu pages released, %lu free before (bitmap included), %lu blocks on the wrong node\n",
		       got, expect, h.misplaced);
		return false;
	}
	pr_info("hand-over complete: every free page accounted for\n");
	return true;
}

/* --- self-tests on the real boot ------------------------------------------ */

/* On every node, node-bound allocations of several sizes and alignments land
 * on that node, as the topology (not bootmem) says. */
KTEST(bootmem_node_local)
{
	static const struct { uint64_t size, align; } req[] = {
		{ 64, 0 }, { PAGE_SIZE, PAGE_SIZE }, { 64 * SZ_1K, PAGE_SIZE }, { SZ_2M, SZ_2M },
	};

	for (unsigned int nid = 0; nid < topo->nr_nodes; nid++) {
		if (!numa_node_pages(topo, (int)nid))
			continue;       /* memoryless */
		for (unsigned int i = 0; i < ARRAY_SIZE(req); i++) {
			phys_addr_t pa = bootmem_alloc_try_nid(&bootmem, req[i].size, req[i].align,
							       0, 0, (int)nid, BOOTMEM_EXACT_NODE);

			if (!pa && bootmem_free_pages(&bootmem, (int)nid) < 2 * PFN_UP(req[i].size))
				continue;       /* a small node may not hold it */
			KEXPECT(t, pa);
			KEXPECT(t, IS_ALIGNED(pa, req[i].align ? req[i].align : 8));
			KEXPECT_EQ(t, numa_pfn_to_nid(topo, PFN_DOWN(pa)), nid);
			KEXPECT_EQ(t, numa_pfn_to_nid(topo, PFN_DOWN(pa + req[i].size - 1)), nid);
			if (pa)
				bootmem_free(&bootmem, pa, req[i].size);
		}
	}
}

/* alloc_bootmem_low() memory lies below 4 GiB, goal or not. */
KTEST(bootmem_low)
{
	void *p = __alloc_bootmem_low(PAGE_SIZE, PAGE_SIZE, SZ_4G + SZ_1G);
	phys_addr_t pa = virt_to_phys(p);

	KEXPECT(t, p);
	KEXPECT(t, pa + PAGE_SIZE <= SZ_4G);
	if (p)
		free_bootmem(pa, PAGE_SIZE);
}

/* An exclusive reservation of a taken page fails and changes nothing;
 * of a free page it succeeds. */
KTEST(bootmem_exclusive_reserve)
{
	phys_addr_t pa = bootmem_alloc_try_nid(&bootmem, 2 * PAGE_SIZE, PAGE_SIZE, 0, 0,
					       NUMA_ANY_NODE, 0);
	uint64_t before;

	KEXPECT(t, pa);
	if (!pa)
		return;
	bootmem_free(&bootmem, pa + PAGE_SIZE, PAGE_SIZE);
	before = bootmem_free_pages(&bootmem, NUMA_ANY_NODE);
	KEXPECT_EQ(t, reserve_bootmem(pa, 2 * PAGE_SIZE, BOOTMEM_EXCLUSIVE), -16 /* -EBUSY */);
	KEXPECT_EQ(t, bootmem_free_pages(&bootmem, NUMA_ANY_NODE), before);
	KEXPECT(t, !bootmem_pfn_reserved(&bootmem, PFN_DOWN(pa) + 1));
	KEXPECT_EQ(t, reserve_bootmem(pa + PAGE_SIZE, PAGE_SIZE, BOOTMEM_EXCLUSIVE), 0);
	KEXPECT_EQ(t, bootmem_free_pages(&bootmem, NUMA_ANY_NODE), before - 1);
	bootmem_free(&bootmem, pa, 2 * PAGE_SIZE);
}

/* Small allocations share a page; memory comes back zeroed. */
KTEST(bootmem_subpage_merge)
{
	uint8_t *a = alloc_bootmem(100), *b = alloc_bootmem(100);
	bool zero = true;

	KEXPECT_EQ(t, PFN_DOWN(virt_to_phys(a)), PFN_DOWN(virt_to_phys(b)));
	KEXPECT(t, b >= a + 100);
	for (int i = 0; i < 100; i++)
		zero &= a[i] == 0 && b[i] == 0;
	KEXPECT(t, zero);
}
