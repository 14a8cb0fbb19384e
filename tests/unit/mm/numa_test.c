/*
 * tests/unit/mm/numa_test.c - node ranges (mm/numa.c): firmware affinity
 * intersected with the RAM of the memory map.
 *
 * The RAM map is built the way the kernel builds it, with memmap_add()
 * and memmap_sanitize() (mm/memmap.c is linked in); the QEMU machines
 * have page 0 reserved as the kernel does, the crafted cases leave it
 * usable so that their numbers stay round.  Expected node ranges are
 * written the way Linux prints them ("node N: [mem first-last]",
 * inclusive) and come either from Linux's boot log on the same QEMU
 * machine (firmware/<machine>/dmesg-mem.txt of the firmware corpus,
 * /work/shared/firmware) or by hand from the input by the rule:
 *
 *   a page of usable RAM belongs to the node whose affinity range holds
 *   its first byte; ranges are sorted, and touching ranges of one node
 *   are one range.
 *
 * Diagrams draw the address space left to right:
 *
 *   RAM      |=====|      usable RAM (anything else is not drawn)
 *   SRAT     [ P0  )      an affinity range of proximity domain 0
 *   ranges   |  0  |      node ranges and their node id
 *
 * The randomized test checks that rule against a page-by-page model;
 * set TEST_SEED to replay another run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "mm/memmap.h"
#include "mm/numa.h"
#include "tests/unit/stubs/stubs.h"

#define K(x)            ((phys_addr_t)(x) * SZ_1K)
#define M(x)            ((phys_addr_t)(x) * SZ_1M)
#define G(x)            ((phys_addr_t)(x) * SZ_1G)

#define PHYS_BITS       40      /* QEMU's qemu64 CPU, as on these machines */
#define CASE_MAX        12

/* Usable RAM [s, e); an e820 line as Linux prints it (first, last). */
#define RAM(s, e)               { s, e, MEMMAP_USABLE }
#define E820(first, last, t)    { first, (phys_addr_t)(last) + 1, t }
#define USABLE                  MEMMAP_USABLE
#define RESERVED                MEMMAP_RESERVED

/* SRAT entries: memory [s, e) of a proximity domain, a CPU. */
#define MEM(pxm, s, e)          { s, e, pxm, false, false }
#define HOTPLUG(pxm, s, e)      { s, e, pxm, true, false }
#define CPU(pxm, apic)          { apic, pxm, false }

/* A node range as Linux prints it: "node @nid: [mem @first-@last]". */
struct node_line {
	int nid;
	phys_addr_t first, last;
};

#define NODE(nid, first, last)  { nid, first, last }

/* A list field and its length, for the case tables. */
#define LIST(f, type, ...)                                              \
	.f = { __VA_ARGS__ },                                           \
	.n##f = sizeof((type[]){ __VA_ARGS__ }) / sizeof(type)

/* --- fixtures -------------------------------------------------------------- */

struct fixture {
	struct memmap ram;
	struct numa_affinity a;
	struct numa_topology t;
	const void *param;      /* the case, for table-driven tests */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->param = *state;
	memmap_init(&f->ram);
	stub_log_reset();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* --- building the input ------------------------------------------------------ */

/* The RAM map from @n entries, sanitized, page 0 reserved as the kernel
 * does (Linux: "e820: update [mem 0x00000000-0x00000fff] usable ==>
 * reserved") unless @keep_page0. */
static void make_ram(struct memmap *m, const struct memmap_entry *e, unsigned int n,
		     bool keep_page0)
{
	memmap_init(m);
	for (unsigned int i = 0; i < n; i++)
		assert_int_equal(memmap_add(m, e[i].start, e[i].end - e[i].start,
					    e[i].type), 0);
	memmap_sanitize(m);
	if (!keep_page0)
		assert_int_equal(memmap_set(m, 0, PAGE_SIZE, MEMMAP_RESERVED), 0);
}

static void make_affinity(struct numa_affinity *a, const struct numa_cpu *cpu,
			  unsigned int ncpu, const struct numa_memblk *mem,
			  unsigned int nmem)
{
	assert_true(ncpu <= NUMA_CPU_MAX && nmem <= NUMA_MEMBLK_MAX);
	memset(a, 0, sizeof(*a));
	memcpy(a->cpu, cpu, ncpu * sizeof(*cpu));
	a->cpu_nr = ncpu;
	memcpy(a->mem, mem, nmem * sizeof(*mem));
	a->mem_nr = nmem;
}

/* --- checks ------------------------------------------------------------------ */

static void assert_log_has(const char *what)
{
	if (!strstr(stub_log(), what))
		fail_msg("log lacks \"%s\":\n%s", what, stub_log());
}

static void assert_log_lacks(const char *what)
{
	if (strstr(stub_log(), what))
		fail_msg("log has \"%s\":\n%s", what, stub_log());
}

/* Each of @lines is a whole line of the log, in this order. */
static void assert_log_lines(const char *const *lines, unsigned int n)
{
	static char log[1 << 16];
	const char *at;
	char want[256];

	snprintf(log, sizeof(log), "\n%s", stub_log());
	at = log;
	for (unsigned int i = 0; i < n; i++) {
		snprintf(want, sizeof(want), "\n%s\n", lines[i]);
		at = strstr(at, want);
		if (!at)
			fail_msg("log lacks the line \"%s\" (or has it out of order):\n%s",
				 lines[i], stub_log());
		at += strlen(want) - 1;
	}
}

/* The node of @pfn the slow way: every range looked at. */
static int scan_nid(const struct numa_topology *t, pfn_t pfn)
{
	for (unsigned int i = 0; i < t->nr_ranges; i++)
		if (t->range[i].start <= pfn && pfn < t->range[i].end)
			return t->range[i].nid;
	return NUMA_NO_NODE;
}

/*
 * What holds for any topology: ranges non-empty, sorted, not
 * overlapping, touching ranges of one node merged, node ids valid; and
 * numa_pfn_to_nid() agrees with a linear scan on every range edge (first
 * pfn, last pfn, one before, one past) and far beyond.
 */
static void assert_consistent(const struct numa_topology *t)
{
	assert_true(t->nr_ranges <= MAX_NODE_RANGES);
	assert_true(t->nr_nodes >= 1 && t->nr_nodes <= MAX_NUMNODES);
	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		const struct node_range *r = &t->range[i];
		const pfn_t edge[] = { r->start - 1, r->start, r->end - 1, r->end };

		assert_true(r->start < r->end);
		assert_true(r->nid >= 0 && (unsigned int)r->nid < t->nr_nodes);
		if (i) {
			assert_true(t->range[i - 1].end <= r->start);
			assert_false(t->range[i - 1].end == r->start &&
				     t->range[i - 1].nid == r->nid);
		}
		for (size_t k = 0; k < ARRAY_SIZE(edge); k++)
			assert_int_equal(numa_pfn_to_nid(t, edge[k]), scan_nid(t, edge[k]));
	}
	assert_int_equal(numa_pfn_to_nid(t, 0), scan_nid(t, 0));
	assert_int_equal(numa_pfn_to_nid(t, UINT64_MAX), NUMA_NO_NODE);
}

static const char *show_ranges(char *buf, size_t size, const struct numa_topology *t)
{
	size_t len = 0;

	buf[0] = '\0';
	for (unsigned int i = 0; i < t->nr_ranges && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len,
					"  node %3d: [mem 0x%016lx-0x%016lx]\n",
					t->range[i].nid, PFN_PHYS(t->range[i].start),
					PFN_PHYS(t->range[i].end) - 1);
	return buf;
}

/* The node ranges are exactly @want; numa_node_pages() sums them per
 * node, for every node there is. */
static void assert_ranges(const struct numa_topology *t, const struct node_line *want,
			  unsigned int n)
{
	static char got_s[32768];
	bool same = t->nr_ranges == n;

	for (unsigned int i = 0; same && i < n; i++)
		same = t->range[i].nid == want[i].nid &&
		       t->range[i].start == PFN_DOWN(want[i].first) &&
		       t->range[i].end == PFN_DOWN(want[i].last + 1);
	if (!same) {
		print_error("want:\n");
		for (unsigned int i = 0; i < n; i++)
			print_error("  node %3d: [mem 0x%016lx-0x%016lx]\n", want[i].nid,
				    want[i].first, want[i].last);
		fail_msg("node ranges differ; got:\n%s",
			 show_ranges(got_s, sizeof(got_s), t));
	}
	for (unsigned int nid = 0; nid < t->nr_nodes; nid++) {
		uint64_t pages = 0;

		for (unsigned int i = 0; i < n; i++)
			if (want[i].nid == (int)nid)
				pages += (want[i].last + 1 - want[i].first) >> PAGE_SHIFT;
		assert_int_equal(numa_node_pages(t, (int)nid), pages);
	}
	assert_consistent(t);
}

static uint64_t total_pages(const struct numa_topology *t)
{
	uint64_t sum = 0;

	for (unsigned int nid = 0; nid < t->nr_nodes; nid++)
		sum += numa_node_pages(t, (int)nid);
	return sum;
}

/* --- QEMU machines, against Linux ------------------------------------------- */

/* A QEMU machine: its e820, its SRAT, and what Linux made of them. */
struct machine {
	const struct memmap_entry *e820;
	unsigned int ne820;
	bool keep_page0;                /* do not reserve page 0 */
	const struct numa_cpu *cpu;
	unsigned int ncpu;
	const struct numa_memblk *mem;
	unsigned int nmem;
	const struct node_line *want;   /* Linux's "Early memory node ranges" */
	unsigned int nwant;
	unsigned int nr_nodes;
	const char *const *lines;       /* lines of Linux's log, in order */
	unsigned int nlines;
	uint64_t memory_kb;             /* Linux's "Memory: .../NK available" */
};

#define ARRAY(a)        a, ARRAY_SIZE(a)

/*
 * q35, -m 2G, two nodes of 1 GiB (the memory `make run` boots with); the
 * ranges are worked out by hand, Linux's for page 0 reserved:
 *
 *   MiB      0  0.6 1                 1024                2047.9  2048
 *   RAM      |==|   |===================|===================|
 *   SRAT     [P0)   [ P0               )[ P1                 )
 *   ranges   |0 |   |  0               ||  1                |
 *
 * With page 0 reserved node 0 starts at 0x1000, as in Linux's
 * 'node 0: [mem 0x1000-0x9efff]'.
 */
static const struct memmap_entry q35_2g_e820[] = {
	E820(0x0000000000000000, 0x000000000009fbff, USABLE),
	E820(0x000000000009fc00, 0x000000000009ffff, RESERVED),
	E820(0x00000000000f0000, 0x00000000000fffff, RESERVED),
	E820(0x0000000000100000, 0x000000007ffdefff, USABLE),
	E820(0x000000007ffdf000, 0x000000007fffffff, RESERVED),
	E820(0x00000000b0000000, 0x00000000bfffffff, RESERVED),
	E820(0x00000000fed1c000, 0x00000000fed1ffff, RESERVED),
	E820(0x00000000fffc0000, 0x00000000ffffffff, RESERVED),
};

static const struct numa_cpu q35_2g_cpu[] = { CPU(0, 0), CPU(1, 1) };

static const struct numa_memblk q35_2g_mem[] = {
	MEM(0, 0x00000000, 0x000a0000),
	MEM(0, 0x00100000, 0x40000000),
	MEM(1, 0x40000000, 0x80000000),
};

static const struct node_line q35_2g_nodes[] = {
	NODE(0, 0x0000000000001000, 0x000000000009efff),
	NODE(0, 0x0000000000100000, 0x000000003fffffff),
	NODE(1, 0x0000000040000000, 0x000000007ffdefff),
};

static const struct machine q35_2node_1g = {
	ARRAY(q35_2g_e820), false, ARRAY(q35_2g_cpu), ARRAY(q35_2g_mem),
	ARRAY(q35_2g_nodes), 2, NULL, 0, 0,
};

/* The same with page 0 left usable: node 0 starts at 0. */
static const struct node_line q35_2g_nodes_page0[] = {
	NODE(0, 0x0000000000000000, 0x000000000009efff),
	NODE(0, 0x0000000000100000, 0x000000003fffffff),
	NODE(1, 0x0000000040000000, 0x000000007ffdefff),
};

static const struct machine q35_2node_1g_page0 = {
	ARRAY(q35_2g_e820), true, ARRAY(q35_2g_cpu), ARRAY(q35_2g_mem),
	ARRAY(q35_2g_nodes_page0), 2, NULL, 0, 0,
};

/*
 * pc (i440fx), -m 5G, two nodes of 2.5 GiB (firmware/qemu72-pc-2node-5g):
 * low RAM runs to 3 GiB, so node 1 straddles the PCI hole.
 *
 *   GiB      0          2.5      3       4         6
 *   RAM      |==|=======|========|       |=========|
 *   SRAT     [P0)[P0    )[ P1    )       [ P1      )
 *   ranges   |0 ||  0   ||  1   |        |  1      |
 */
static const struct memmap_entry pc_5g_e820[] = {
	E820(0x0000000000000000, 0x000000000009fbff, USABLE),
	E820(0x000000000009fc00, 0x000000000009ffff, RESERVED),
	E820(0x00000000000f0000, 0x00000000000fffff, RESERVED),
	E820(0x0000000000100000, 0x00000000bffdffff, USABLE),
	E820(0x00000000bffe0000, 0x00000000bfffffff, RESERVED),
	E820(0x00000000fffc0000, 0x00000000ffffffff, RESERVED),
	E820(0x0000000100000000, 0x000000017fffffff, USABLE),
	E820(0x000000fd00000000, 0x000000ffffffffff, RESERVED),
};

static const struct numa_cpu pc_5g_cpu[] = { CPU(0, 0), CPU(1, 1) };

static const struct numa_memblk pc_5g_mem[] = {
	MEM(0, 0x000000000, 0x0000a0000),
	MEM(0, 0x000100000, 0x0a0000000),
	MEM(1, 0x0a0000000, 0x0c0000000),
	MEM(1, 0x100000000, 0x180000000),
};

static const struct node_line pc_5g_nodes[] = {
	NODE(0, 0x0000000000001000, 0x000000000009efff),
	NODE(0, 0x0000000000100000, 0x000000009fffffff),
	NODE(1, 0x00000000a0000000, 0x00000000bffdffff),
	NODE(1, 0x0000000100000000, 0x000000017fffffff),
};

static const char *const pc_5g_lines[] = {
	"SRAT: PXM 0 -> APIC 0x00 -> Node 0",
	"SRAT: PXM 1 -> APIC 0x01 -> Node 1",
	"ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]",
	"ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x9fffffff]",
	"ACPI: SRAT: Node 1 PXM 1 [mem 0xa0000000-0xbfffffff]",
	"ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]",
	"Zone ranges:",
	"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
	"  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]",
	"  Normal   [mem 0x0000000100000000-0x000000017fffffff]",
	"Early memory node ranges",
	"  node   0: [mem 0x0000000000001000-0x000000000009efff]",
	"  node   0: [mem 0x0000000000100000-0x000000009fffffff]",
	"  node   1: [mem 0x00000000a0000000-0x00000000bffdffff]",
	"  node   1: [mem 0x0000000100000000-0x000000017fffffff]",
	"Initmem setup node 0 [mem 0x0000000000001000-0x000000009fffffff]",
	"Initmem setup node 1 [mem 0x00000000a0000000-0x000000017fffffff]",
};

static const struct machine pc_2node_5g = {
	ARRAY(pc_5g_e820), false, ARRAY(pc_5g_cpu), ARRAY(pc_5g_mem),
	ARRAY(pc_5g_nodes), 2, ARRAY(pc_5g_lines), 5242360,
};

/*
 * q35, -m 3G,maxmem=8G, four domains (firmware/qemu72-q35-cpuless-memless-hp):
 * PXM 0 CPUs and 1 GiB, PXM 1 1 GiB and no CPU, PXM 2 CPUs and no memory,
 * PXM 3 1 GiB and a hotplug range.  CPU entries come first, so PXM 2 is
 * node 1 and PXM 1 node 2.
 *
 *   GiB      0          1          2     4          5                12
 *   RAM      |==|=======|==========|     |==========|
 *   SRAT     [P0)[P0    )[ P1      )     [ P3       )[ P3 hotplug     )
 *   ranges   |0 ||  0   ||  2     |      |  3       |
 *   node 1   CPUs only: memoryless
 */
static const struct memmap_entry cpuless_e820[] = {
	E820(0x0000000000000000, 0x000000000009fbff, USABLE),
	E820(0x000000000009fc00, 0x000000000009ffff, RESERVED),
	E820(0x00000000000f0000, 0x00000000000fffff, RESERVED),
	E820(0x0000000000100000, 0x000000007ffdefff, USABLE),
	E820(0x000000007ffdf000, 0x000000007fffffff, RESERVED),
	E820(0x00000000b0000000, 0x00000000bfffffff, RESERVED),
	E820(0x00000000fed1c000, 0x00000000fed1ffff, RESERVED),
	E820(0x00000000fffc0000, 0x00000000ffffffff, RESERVED),
	E820(0x0000000100000000, 0x000000013fffffff, USABLE),
	E820(0x000000fd00000000, 0x000000ffffffffff, RESERVED),
};

static const struct numa_cpu cpuless_cpu[] = {
	CPU(0, 0), CPU(0, 1), CPU(2, 2), CPU(2, 3),
};

/* The enabled memory entries; the two all-zero disabled ones between
 * the last two never reach numa_build(). */
static const struct numa_memblk cpuless_mem[] = {
	MEM(0, 0x000000000, 0x0000a0000),
	MEM(0, 0x000100000, 0x040000000),
	MEM(1, 0x040000000, 0x080000000),
	MEM(3, 0x100000000, 0x140000000),
	HOTPLUG(3, 0x140000000, 0x300000000),
};

static const struct node_line cpuless_nodes[] = {
	NODE(0, 0x0000000000001000, 0x000000000009efff),
	NODE(0, 0x0000000000100000, 0x000000003fffffff),
	NODE(2, 0x0000000040000000, 0x000000007ffdefff),
	NODE(3, 0x0000000100000000, 0x000000013fffffff),
};

static const char *const cpuless_lines[] = {
	"SRAT: PXM 0 -> APIC 0x00 -> Node 0",
	"SRAT: PXM 0 -> APIC 0x01 -> Node 0",
	"SRAT: PXM 2 -> APIC 0x02 -> Node 1",
	"SRAT: PXM 2 -> APIC 0x03 -> Node 1",
	"ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]",
	"ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x3fffffff]",
	"ACPI: SRAT: Node 2 PXM 1 [mem 0x40000000-0x7fffffff]",
	"ACPI: SRAT: Node 3 PXM 3 [mem 0x100000000-0x13fffffff]",
	"ACPI: SRAT: Node 3 PXM 3 [mem 0x140000000-0x2ffffffff] hotplug",
	"Zone ranges:",
	"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
	"  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]",
	"  Normal   [mem 0x0000000100000000-0x000000013fffffff]",
	"Early memory node ranges",
	"  node   0: [mem 0x0000000000001000-0x000000000009efff]",
	"  node   0: [mem 0x0000000000100000-0x000000003fffffff]",
	"  node   2: [mem 0x0000000040000000-0x000000007ffdefff]",
	"  node   3: [mem 0x0000000100000000-0x000000013fffffff]",
	"Initmem setup node 0 [mem 0x0000000000001000-0x000000003fffffff]",
	"Initializing node 1 as memoryless",
	"Initmem setup node 1 as memoryless",
	"Initmem setup node 2 [mem 0x0000000040000000-0x000000007ffdefff]",
	"Initmem setup node 3 [mem 0x0000000100000000-0x000000013fffffff]",
};

static const struct machine q35_cpuless_memless_hp = {
	ARRAY(cpuless_e820), false, ARRAY(cpuless_cpu), ARRAY(cpuless_mem),
	ARRAY(cpuless_nodes), 4, ARRAY(cpuless_lines), 3145204,
};

/*
 * q35 under OVMF, -m 4G, two nodes of 2 GiB
 * (firmware/qemu72-q35-ovmf-2node-4g): the e820 Linux's EFI stub made of
 * the UEFI map, full of small holes below 2 GiB.
 *
 *   GiB      0                                  2      4          6
 *   RAM      |=|=|.|=|.|=|.|====|.|====|.|===|.|       |==========|
 *   SRAT     [P0)[ P0                           )       [ P1       )
 *   ranges   one node 0 range per usable entry          |  1       |
 */
static const struct memmap_entry ovmf_e820[] = {
	E820(0x0000000000000000, 0x000000000009ffff, USABLE),
	E820(0x0000000000100000, 0x00000000007fffff, USABLE),
	E820(0x0000000000800000, 0x0000000000807fff, MEMMAP_NVS),
	E820(0x0000000000808000, 0x000000000080afff, USABLE),
	E820(0x000000000080b000, 0x000000000080bfff, MEMMAP_NVS),
	E820(0x000000000080c000, 0x000000000080ffff, USABLE),
	E820(0x0000000000810000, 0x00000000008fffff, MEMMAP_NVS),
	E820(0x0000000000900000, 0x000000007eaa0fff, USABLE),
	E820(0x000000007eaa1000, 0x000000007eb61fff, RESERVED),
	E820(0x000000007eb62000, 0x000000007f4ecfff, USABLE),
	E820(0x000000007f4ed000, 0x000000007f76cfff, RESERVED),
	E820(0x000000007f76d000, 0x000000007f77efff, MEMMAP_ACPI),
	E820(0x000000007f77f000, 0x000000007f7fefff, MEMMAP_NVS),
	E820(0x000000007f7ff000, 0x000000007ff4ffff, USABLE),
	E820(0x000000007ff50000, 0x000000007ff6ffff, RESERVED),
	E820(0x000000007ff70000, 0x000000007fffffff, MEMMAP_NVS),
	E820(0x00000000b0000000, 0x00000000bfffffff, RESERVED),
	E820(0x0000000100000000, 0x000000017fffffff, USABLE),
};

static const struct numa_cpu ovmf_cpu[] = { CPU(0, 0), CPU(1, 1) };

static const struct numa_memblk ovmf_mem[] = {
	MEM(0, 0x000000000, 0x0000a0000),
	MEM(0, 0x000100000, 0x080000000),
	MEM(1, 0x100000000, 0x180000000),
};

static const struct node_line ovmf_nodes[] = {
	NODE(0, 0x0000000000001000, 0x000000000009ffff),
	NODE(0, 0x0000000000100000, 0x00000000007fffff),
	NODE(0, 0x0000000000808000, 0x000000000080afff),
	NODE(0, 0x000000000080c000, 0x000000000080ffff),
	NODE(0, 0x0000000000900000, 0x000000007eaa0fff),
	NODE(0, 0x000000007eb62000, 0x000000007f4ecfff),
	NODE(0, 0x000000007f7ff000, 0x000000007ff4ffff),
	NODE(1, 0x0000000100000000, 0x000000017fffffff),
};

static const char *const ovmf_lines[] = {
	"SRAT: PXM 0 -> APIC 0x00 -> Node 0",
	"SRAT: PXM 1 -> APIC 0x01 -> Node 1",
	"ACPI: SRAT: Node 0 PXM 0 [mem 0x00000000-0x0009ffff]",
	"ACPI: SRAT: Node 0 PXM 0 [mem 0x00100000-0x7fffffff]",
	"ACPI: SRAT: Node 1 PXM 1 [mem 0x100000000-0x17fffffff]",
	"Zone ranges:",
	"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
	"  DMA32    [mem 0x0000000001000000-0x00000000ffffffff]",
	"  Normal   [mem 0x0000000100000000-0x000000017fffffff]",
	"Early memory node ranges",
	"  node   0: [mem 0x0000000000001000-0x000000000009ffff]",
	"  node   0: [mem 0x0000000000100000-0x00000000007fffff]",
	"  node   0: [mem 0x0000000000808000-0x000000000080afff]",
	"  node   0: [mem 0x000000000080c000-0x000000000080ffff]",
	"  node   0: [mem 0x0000000000900000-0x000000007eaa0fff]",
	"  node   0: [mem 0x000000007eb62000-0x000000007f4ecfff]",
	"  node   0: [mem 0x000000007f7ff000-0x000000007ff4ffff]",
	"  node   1: [mem 0x0000000100000000-0x000000017fffffff]",
	"Initmem setup node 0 [mem 0x0000000000001000-0x000000007ff4ffff]",
	"Initmem setup node 1 [mem 0x0000000100000000-0x000000017fffffff]",
};

static const struct machine q35_ovmf_2node_4g = {
	ARRAY(ovmf_e820), false, ARRAY(ovmf_cpu), ARRAY(ovmf_mem),
	ARRAY(ovmf_nodes), 2, ARRAY(ovmf_lines), 4188300,
};

static int build_machine(struct fixture *f, const struct machine *mc)
{
	make_ram(&f->ram, mc->e820, mc->ne820, mc->keep_page0);
	make_affinity(&f->a, mc->cpu, mc->ncpu, mc->mem, mc->nmem);
	return numa_build(&f->t, &f->ram, &f->a, PHYS_BITS);
}

/* The machine's node ranges are Linux's, node for node (worked out by
 * hand for the 2 GiB q35); their pages add up to Linux's "Memory:
 * .../NK available"; and the log has Linux's lines, in Linux's order. */
static void test_machine(void **state)
{
	struct fixture *f = *state;
	const struct machine *mc = f->param;

	assert_int_equal(build_machine(f, mc), 0);
	assert_true(f->t.from_firmware);
	assert_int_equal(f->t.nr_nodes, mc->nr_nodes);
	assert_ranges(&f->t, mc->want, mc->nwant);
	if (mc->memory_kb)
		assert_int_equal(total_pages(&f->t) * (PAGE_SIZE / SZ_1K), mc->memory_kb);
	numa_print(&f->t);
	assert_log_lines(mc->lines, mc->nlines);
}

#define MACHINE(mc)     { #mc, test_machine, setup, teardown, (void *)&mc }

/*
 * Node ids follow first appearance, CPUs first (Linux's "SRAT: PXM 2 ->
 * APIC 0x02 -> Node 1"): each CPU is given its node, each node counts
 * its CPUs, and the memory-only hotplug range that holds no RAM is
 * reported and not registered.
 */
static void test_cpuless_ids(void **state)
{
	struct fixture *f = *state;
	static const uint32_t linux_pxm[] = { 0, 2, 1, 3 };    /* of node 0..3 */

	assert_int_equal(build_machine(f, &q35_cpuless_memless_hp), 0);
	for (unsigned int n = 0; n < ARRAY_SIZE(linux_pxm); n++)
		assert_int_equal(f->t.pxm[n], linux_pxm[n]);
	assert_int_equal(f->t.cpu_nr, ARRAY_SIZE(cpuless_cpu));
	for (unsigned int i = 0; i < ARRAY_SIZE(cpuless_cpu); i++) {
		assert_int_equal(f->t.cpu[i].apic_id, cpuless_cpu[i].apic_id);
		assert_int_equal(f->t.pxm[f->t.cpu[i].pxm], cpuless_cpu[i].pxm);
	}
	assert_int_equal(f->t.nr_cpus[0], 2);
	assert_int_equal(f->t.nr_cpus[1], 2);
	assert_int_equal(f->t.nr_cpus[2], 0);
	assert_int_equal(f->t.nr_cpus[3], 0);
	assert_int_equal(numa_node_pages(&f->t, 1), 0);
	assert_log_has("NUMA: node 3 hotplug range [mem 0x140000000-0x2ffffffff] holds no RAM yet: not registered");
}

/* The SLIT of that machine (slit.dsl), indexed by proximity domain. */
static const uint8_t cpuless_slit[4][4] = {
	{ 0x0a, 0x14, 0x15, 0x1f },
	{ 0x14, 0x0a, 0x1f, 0x29 },
	{ 0x15, 0x1f, 0x0a, 0x15 },
	{ 0x1f, 0x29, 0x15, 0x0a },
};

static void set_slit(struct numa_affinity *a, const uint8_t (*d)[4], unsigned int n)
{
	a->dist_nr = n;
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int j = 0; j < n; j++)
			a->dist[i][j] = d[i][j];
}

/*
 *   SLIT (by PXM)   0  1  2  3        node -> PXM: 0->0 1->2 2->1 3->3
 *              0   10 20 21 31
 *              1   20 10 31 41        distance[node i][node j]
 *              2   21 31 10 21          = SLIT[pxm(i)][pxm(j)]
 *              3   31 41 21 10
 *
 * Distances are the SLIT's, re-indexed from proximity domains to node ids,
 * and numa_print() shows node 1's row that way.
 */
static void test_slit_by_node(void **state)
{
	struct fixture *f = *state;
	static const uint32_t linux_pxm[] = { 0, 2, 1, 3 };

	make_ram(&f->ram, ARRAY(cpuless_e820), false);
	make_affinity(&f->a, ARRAY(cpuless_cpu), ARRAY(cpuless_mem));
	set_slit(&f->a, cpuless_slit, 4);
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, PHYS_BITS), 0);
	for (unsigned int i = 0; i < 4; i++)
		for (unsigned int j = 0; j < 4; j++)
			assert_int_equal(f->t.distance[i][j],
					 cpuless_slit[linux_pxm[i]][linux_pxm[j]]);
	numa_print(&f->t);
	/* node 1 = PXM 2: SLIT row 2 in node order 0 1 2 3 = PXM 0 2 1 3 */
	assert_log_has("  1:   21  10  31  21\n");
}

/*
 *   GiB      0     1     2     3         CPU on PXM 2 first: node 0
 *   RAM      |=================|
 *   SRAT     [ P0  )[ P1 )[ P2 )         PXM 0: node 1, PXM 1: node 2
 *
 *   SLIT (row: from)  to PXM 0  1  2      distance  to node 0  1  2
 *        from PXM 0       10 17 30        from node 0      10 40 28
 *                 1       19 10 22                  1      30 10 17
 *                 2       40 28 10                  2      22 19 10
 *
 * An asymmetric SLIT keeps its direction through the renumbering:
 * distance[i][j] is SLIT[pxm(i)][pxm(j)], not its transpose.
 */
static void test_slit_asymmetric(void **state)
{
	struct fixture *f = *state;
	const struct memmap_entry ram[] = { RAM(0, G(3)) };
	const struct numa_cpu cpu[] = { CPU(2, 0) };
	const struct numa_memblk mem[] = { MEM(0, 0, G(1)), MEM(1, G(1), G(2)), MEM(2, G(2), G(3)) };
	static const uint8_t slit[4][4] = { { 10, 17, 30 }, { 19, 10, 22 }, { 40, 28, 10 } };
	static const uint8_t want[3][3] = { { 10, 40, 28 }, { 30, 10, 17 }, { 22, 19, 10 } };

	make_ram(&f->ram, ram, ARRAY_SIZE(ram), true);
	make_affinity(&f->a, cpu, ARRAY_SIZE(cpu), mem, ARRAY_SIZE(mem));
	set_slit(&f->a, slit, 3);
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, PHYS_BITS), 0);
	for (unsigned int i = 0; i < 3; i++)
		for (unsigned int j = 0; j < 3; j++)
			assert_int_equal(f->t.distance[i][j], want[i][j]);
}

/*
 * A SLIT of 2 localities on the four-domain machine, whose PXM 2 and 3
 * lie beyond it: rather than half a table, every distance falls back to
 * 10 (local) and 20 (remote), with a warning.  No SLIT at all gives the
 * same.
 */
static void test_slit_too_small(void **state)
{
	struct fixture *f = *state;
	static const uint8_t slit[4][4] = { { 10, 40 }, { 40, 10 } };

	make_ram(&f->ram, ARRAY(cpuless_e820), false);
	make_affinity(&f->a, ARRAY(cpuless_cpu), ARRAY(cpuless_mem));
	set_slit(&f->a, slit, 2);
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, PHYS_BITS), 0);
	for (unsigned int i = 0; i < f->t.nr_nodes; i++)
		for (unsigned int j = 0; j < f->t.nr_nodes; j++)
			assert_int_equal(f->t.distance[i][j], i == j ? 10 : 20);
	assert_log_has("beyond the SLIT");

	f->a.dist_nr = 0;
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, PHYS_BITS), 0);
	for (unsigned int i = 0; i < f->t.nr_nodes; i++)
		for (unsigned int j = 0; j < f->t.nr_nodes; j++)
			assert_int_equal(f->t.distance[i][j], i == j ? 10 : 20);
}

/*
 * Every pfn at and around the edges of the pc machine's ranges (Linux's
 * node ranges) and in its holes: the node Linux puts it on, or none.
 */
static void test_pfn_to_nid_edges(void **state)
{
	struct fixture *f = *state;
	static const struct {
		pfn_t pfn;
		int nid;
	} want[] = {
		{ 0x0, NUMA_NO_NODE },          /* page 0, reserved */
		{ 0x1, 0 },
		{ 0x9e, 0 },
		{ 0x9f, NUMA_NO_NODE },         /* 0x9fc00 is reserved */
		{ 0xff, NUMA_NO_NODE },
		{ 0x100, 0 },
		{ 0x9ffff, 0 },
		{ 0xa0000, 1 },                 /* node boundary */
		{ 0xbffdf, 1 },
		{ 0xbffe0, NUMA_NO_NODE },      /* PCI hole */
		{ 0xfffff, NUMA_NO_NODE },
		{ 0x100000, 1 },
		{ 0x17ffff, 1 },
		{ 0x180000, NUMA_NO_NODE },
		{ 0xfd00000, NUMA_NO_NODE },    /* reserved, not RAM */
		{ UINT64_MAX, NUMA_NO_NODE },
	};

	assert_int_equal(build_machine(f, &pc_2node_5g), 0);
	for (size_t i = 0; i < ARRAY_SIZE(want); i++)
		if (numa_pfn_to_nid(&f->t, want[i].pfn) != want[i].nid)
			fail_msg("pfn %#lx: node %d, want %d", want[i].pfn,
				 numa_pfn_to_nid(&f->t, want[i].pfn), want[i].nid);
}

/* --- numa_build: table of crafted cases ------------------------------------ */

struct build_case {
	struct memmap_entry ram[CASE_MAX];
	unsigned int nram;
	struct numa_cpu cpu[CASE_MAX];
	unsigned int ncpu;
	struct numa_memblk mem[CASE_MAX];
	unsigned int nmem;
	unsigned int phys_bits;         /* 0: PHYS_BITS */
	int rc;
	struct node_line want[CASE_MAX];
	unsigned int nwant;
	unsigned int nr_nodes;
	const char *log;                /* the log must say this... */
	const char *not_log;            /* ...and not this */
};

/*
 * The 2008 thread's layout (Yinghai Lu): nodes interleaved in 2 GiB
 * blocks, two ranges each.
 *
 *   GiB      0      2      4      6      8
 *   RAM      |===========================|
 *   SRAT     [ P0  )[ P1  )[ P0  )[ P1  )
 *   ranges   |  0  ||  1  ||  0  ||  1  |
 */
static const struct build_case interleaved = {
	LIST(ram, struct memmap_entry, RAM(0, G(8))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(2)), MEM(1, G(2), G(4)),
	     MEM(0, G(4), G(6)), MEM(1, G(6), G(8))),
	LIST(want, struct node_line, NODE(0, 0, G(2) - 1), NODE(1, G(2), G(4) - 1),
	     NODE(0, G(4), G(6) - 1), NODE(1, G(6), G(8) - 1)),
	.nr_nodes = 2,
};

/*
 *   GiB      0      1      2
 *   RAM      |=============|
 *   SRAT     [ P0  )[ P1  )        ranges of two nodes that touch
 *   ranges   |  0  ||  1  |        stay two ranges
 */
static const struct build_case touching_nodes = {
	LIST(ram, struct memmap_entry, RAM(0, G(2))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(1)), MEM(1, G(1), G(2))),
	LIST(want, struct node_line, NODE(0, 0, G(1) - 1), NODE(1, G(1), G(2) - 1)),
	.nr_nodes = 2,
};

/*
 *   address  0        1G  1G+2K  1G+4K       2G
 *   RAM      |=================================|
 *   SRAT     [ P0            )[ P1             )
 *   pages    ... |  page 0x40000  | page 0x40001 ...
 *   ranges   |  0                 ||  1        |
 *
 * The boundary falls inside page 0x40000, whose first byte (1 GiB) is
 * node 0's: the page is node 0's, the next one node 1's.
 */
static const struct build_case touching_mid_page = {
	LIST(ram, struct memmap_entry, RAM(0, G(2))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(1) + K(2)), MEM(1, G(1) + K(2), G(2))),
	LIST(want, struct node_line, NODE(0, 0, G(1) + K(4) - 1),
	     NODE(1, G(1) + K(4), G(2) - 1)),
	.nr_nodes = 2,
};

/*
 *   MiB      0        512      1024     1536     2048
 *   RAM      |===================================|
 *   SRAT     [ P0              )
 *                     [ P0              )[ P1    )
 *   ranges   |  0                       ||  1    |   same-node overlap: fine
 */
static const struct build_case same_node_overlap = {
	LIST(ram, struct memmap_entry, RAM(0, G(2))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(1)), MEM(0, M(512), M(1536)),
	     MEM(1, M(1536), G(2))),
	LIST(want, struct node_line, NODE(0, 0, M(1536) - 1), NODE(1, M(1536), G(2) - 1)),
	.nr_nodes = 2,
};

/*
 *   MiB      0        512      1024              2048
 *   RAM      |===================================|
 *   SRAT     [ P0              )
 *                     [ P1                       )   nodes overlap: rejected
 */
static const struct build_case overlapping_nodes = {
	LIST(ram, struct memmap_entry, RAM(0, G(2))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(1)), MEM(1, M(512), G(2))),
	.rc = -EINVAL,
	.log = "NUMA: node 0 [mem 0x00000000-0x3fffffff] overlaps with node 1 [mem 0x20000000-0x7fffffff]; SRAT not used",
};

/*
 *   MiB      0          1024             2047  2048
 *   RAM      |=============================|=====|
 *   SRAT     [ P0        )[ P1              )      1 MiB uncovered: rejected
 *
 * Linux's rule and message: 2047 of 2048 MB covered is not enough.
 */
static const struct build_case uncovered_1m = {
	LIST(ram, struct memmap_entry, RAM(0, G(2))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(1)), MEM(1, G(1), G(2) - M(1))),
	.rc = -EINVAL,
	.log = "NUMA: nodes only cover 2047MB of your 2048MB e820 RAM. Not used.",
};

/*
 *   MiB      0          1024          2048 - 1020 KiB   2048
 *   RAM      |===============================|===========|
 *   SRAT     [ P0        )[ P1               )             255 pages uncovered:
 *   ranges   |  0        ||  1                           |  node 1's, its neighbour
 */
static const struct build_case uncovered_below_1m = {
	LIST(ram, struct memmap_entry, RAM(0, G(2))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(1)), MEM(1, G(1), G(2) - M(1) + K(4))),
	LIST(want, struct node_line, NODE(0, 0, G(1) - 1), NODE(1, G(1), G(2) - 1)),
	.nr_nodes = 2,
	.log = "NUMA: [mem 0x7ff01000-0x7fffffff] is in no SRAT range: given to node 1",
};

/*
 *   MiB      0      1    1.5   2              8
 *   RAM      |===========|     |==============|
 *   SRAT     [ P0   )          [ P1           )
 *   ranges   |  0        |     |  1           |    the gap is 0 pages from
 *                                                  node 0, 128 from node 1
 */
static const struct build_case adopted_by_lower = {
	LIST(ram, struct memmap_entry, RAM(0, M(1) + K(512)), RAM(M(2), M(8))),
	LIST(mem, struct numa_memblk, MEM(0, 0, M(1)), MEM(1, M(2), M(8))),
	LIST(want, struct node_line, NODE(0, 0, M(1) + K(512) - 1), NODE(1, M(2), M(8) - 1)),
	.nr_nodes = 2,
	.log = "NUMA: [mem 0x00100000-0x0017ffff] is in no SRAT range: given to node 0",
};

/*
 *   MiB      0      1    1.5   2              8
 *   RAM      |======|    |====================|
 *   SRAT     [ P0   )          [ P1           )
 *   ranges   |  0   |    |  1                 |    128 pages from node 0,
 *                                                  0 from node 1
 */
static const struct build_case adopted_by_upper = {
	LIST(ram, struct memmap_entry, RAM(0, M(1)), RAM(M(1) + K(512), M(8))),
	LIST(mem, struct numa_memblk, MEM(0, 0, M(1)), MEM(1, M(2), M(8))),
	LIST(want, struct node_line, NODE(0, 0, M(1) - 1), NODE(1, M(1) + K(512), M(8) - 1)),
	.nr_nodes = 2,
	.log = "NUMA: [mem 0x00180000-0x001fffff] is in no SRAT range: given to node 1",
};

/*
 *   GiB      0     1     2        63    64    65
 *   RAM      |===========|         |=====|
 *   SRAT     [ P0 )[ P1  )         [ P1  )[ P1  )  phys_bits 36: 64 GiB
 *   ranges   | 0  || 1   |         |  1  |         the entry past 64 GiB
 *                                                  dropped alone
 */
static const struct build_case beyond_phys_bits = {
	LIST(ram, struct memmap_entry, RAM(0, G(2)), RAM(G(63), G(64))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(1)), MEM(1, G(1), G(2)),
	     MEM(1, G(63), G(64)), MEM(1, G(64), G(65))),
	.phys_bits = 36,
	LIST(want, struct node_line, NODE(0, 0, G(1) - 1), NODE(1, G(1), G(2) - 1),
	     NODE(1, G(63), G(64) - 1)),
	.nr_nodes = 2,
	.log = "SRAT: PXM 1 [mem 0x1000000000-0x103fffffff] lies beyond the CPU's 36-bit physical address space: entry ignored",
	.not_log = "[mem 0xfc0000000-0xfffffffff] lies beyond",
};

/*
 *   address  1M+256K          3G   3.5G+256K  2^52   2^52+640K
 *   RAM      |================|
 *   SRAT     [ P262144             )         [ P0    )     CPUID says 82 bits
 *   ranges   |  1             |
 *
 * make fuzz T=srat's crash (issue 9): a CPUID width above 52 bits counts
 * as 52, so the entry at 2^52 is dropped, P0 stays a node without memory,
 * and the warning names the width used, not CPUID's.  (The kernel's RAM
 * map already ends at 2^52; the fuzz harness's did not.)
 */
static const struct build_case phys_bits_over_52 = {
	LIST(ram, struct memmap_entry, RAM(M(1) + K(256), G(3))),
	LIST(mem, struct numa_memblk, MEM(0, 1ULL << 52, (1ULL << 52) + K(640)),
	     MEM(262144, M(1) + K(256), G(3) + M(512) + K(256))),
	.phys_bits = 82,
	LIST(want, struct node_line, NODE(1, M(1) + K(256), G(3) - 1)),
	.nr_nodes = 2,
	.log = "SRAT: PXM 0 [mem 0x10000000000000-0x1000000009ffff] lies beyond the CPU's 52-bit physical address space: entry ignored",
	.not_log = "82-bit",
};

/*
 *   GiB      0           2
 *   RAM      |===========|
 *   SRAT     [ P0        )
 *            | P7, length 0: printed, and a node with no memory
 *   ranges   |  0        |
 */
static const struct build_case zero_length = {
	LIST(ram, struct memmap_entry, RAM(0, G(2))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(2)), MEM(7, G(1), G(1))),
	LIST(want, struct node_line, NODE(0, 0, G(2) - 1)),
	.nr_nodes = 2,
	.log = "ACPI: SRAT: Node 1 PXM 7 [mem 0x40000000-0x3fffffff]",
};

/*
 *   GiB      0           2           4                 8
 *   RAM      |===========|
 *   SRAT     [ P0        )           [ P1 hotplug       )
 *   ranges   |  0        |           reported, not registered
 */
static const struct build_case hotplug_empty = {
	LIST(ram, struct memmap_entry, RAM(0, G(2))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(2)), HOTPLUG(1, G(4), G(8))),
	LIST(want, struct node_line, NODE(0, 0, G(2) - 1)),
	.nr_nodes = 2,
	.log = "NUMA: node 1 hotplug range [mem 0x100000000-0x1ffffffff] holds no RAM yet: not registered",
};

/*
 *   GiB      0           2           4     6           8
 *   RAM      |===========|           |=====|
 *   SRAT     [ P0        )           [ P1 hotplug       )
 *   ranges   |  0        |           |  1  |             its RAM is registered
 */
static const struct build_case hotplug_with_ram = {
	LIST(ram, struct memmap_entry, RAM(0, G(2)), RAM(G(4), G(6))),
	LIST(mem, struct numa_memblk, MEM(0, 0, G(2)), HOTPLUG(1, G(4), G(8))),
	LIST(want, struct node_line, NODE(0, 0, G(2) - 1), NODE(1, G(4), G(6) - 1)),
	.nr_nodes = 2,
	.not_log = "holds no RAM",
};

/*
 *   GiB      0     1     2     3
 *   RAM      |=================|
 *   SRAT     [ P9  )[ P5 )[ P3 )   CPUs: PXM 5, then PXM 3
 *   ranges   |  2  || 0  || 1  |   ids by first appearance, CPUs first
 */
static const struct build_case ids_cpus_first = {
	LIST(ram, struct memmap_entry, RAM(0, G(3))),
	LIST(cpu, struct numa_cpu, CPU(5, 0), CPU(3, 1), CPU(5, 2)),
	LIST(mem, struct numa_memblk, MEM(9, 0, G(1)), MEM(5, G(1), G(2)), MEM(3, G(2), G(3))),
	LIST(want, struct node_line, NODE(2, 0, G(1) - 1), NODE(0, G(1), G(2) - 1),
	     NODE(1, G(2), G(3) - 1)),
	.nr_nodes = 3,
	.log = "SRAT: PXM 3 -> APIC 0x01 -> Node 1",
};

/* Nothing enabled at all: nothing to build on. */
static const struct build_case no_entries = {
	LIST(ram, struct memmap_entry, RAM(0, G(2))),
	.rc = -EINVAL,
	.log = "SRAT: no enabled entries; SRAT not used",
};

/* numa_build() returns the case's result; on success the node ranges and
 * node count are the case's, and the log says what the case says. */
static void test_build(void **state)
{
	struct fixture *f = *state;
	const struct build_case *c = f->param;

	make_ram(&f->ram, c->ram, c->nram, true);
	make_affinity(&f->a, c->cpu, c->ncpu, c->mem, c->nmem);
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a,
				    c->phys_bits ? c->phys_bits : PHYS_BITS), c->rc);
	if (c->log)
		assert_log_has(c->log);
	if (c->not_log)
		assert_log_lacks(c->not_log);
	if (c->rc)
		return;
	assert_int_equal(f->t.nr_nodes, c->nr_nodes);
	assert_ranges(&f->t, c->want, c->nwant);
}

#define BUILD(c)        { "build_" #c, test_build, setup, teardown, (void *)&c }

/*
 *   GiB      0     1     2        63    64    65    66
 *   RAM      |===========|         |=====|
 *   SRAT     [ P0        )         [ P1        )         phys_bits 36: 64 GiB
 *                                        [ P2        )
 *   ranges   |  0        |         |  1  |
 *
 * P1 crosses the limit: cut at 64 GiB, the part below kept on node 1
 * (dropping it would leave node 1's RAM uncovered and reject the SRAT).
 * P2 starts at the limit: dropped, a node without memory.  Each entry
 * gets its own warning and only that one.
 */
static void test_crossing_phys_bits(void **state)
{
	struct fixture *f = *state;
	static const struct memmap_entry ram[] = { RAM(0, G(2)), RAM(G(63), G(64)) };
	static const struct numa_cpu cpu[] = { CPU(0, 0) };
	static const struct numa_memblk mem[] = {
		MEM(0, 0, G(2)), MEM(1, G(63), G(65)), MEM(2, G(64), G(66)),
	};
	static const struct node_line want[] = {
		NODE(0, 0, G(2) - 1), NODE(1, G(63), G(64) - 1),
	};

	make_ram(&f->ram, ARRAY(ram), true);
	make_affinity(&f->a, ARRAY(cpu), ARRAY(mem));
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, 36), 0);
	assert_log_has("SRAT: PXM 1 [mem 0xfc0000000-0x103fffffff] crosses the CPU's 36-bit physical address limit: cut at 0x1000000000");
	assert_log_has("SRAT: PXM 2 [mem 0x1000000000-0x107fffffff] lies beyond the CPU's 36-bit physical address space: entry ignored");
	assert_log_lacks("PXM 2 [mem 0x1000000000-0x107fffffff] crosses");
	assert_log_lacks("PXM 1 [mem 0xfc0000000-0x103fffffff] lies beyond");
	assert_log_lacks("PXM 0 [mem 0x00000000-0x7fffffff] crosses");
	assert_int_equal(f->t.nr_nodes, 3);
	assert_int_equal(numa_node_pages(&f->t, 2), 0);
	assert_ranges(&f->t, want, ARRAY_SIZE(want));

	/* With 37 bits (128 GiB) nothing crosses and nothing is cut. */
	stub_log_reset();
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, 37), 0);
	assert_log_lacks("crosses");
	assert_log_lacks("lies beyond");
	assert_ranges(&f->t, want, ARRAY_SIZE(want));
}

/*
 * MAX_NUMNODES proximity domains are fine; one more, whether a CPU's or
 * a memory range's, rejects the SRAT, naming the limit.
 */
static void test_too_many_domains(void **state)
{
	struct fixture *f = *state;
	static struct numa_cpu cpu[MAX_NUMNODES + 1];
	const struct memmap_entry ram[] = { RAM(0, G(1)) };
	const struct numa_memblk mem[] = { MEM(0, 0, G(1)), MEM(MAX_NUMNODES, G(1), G(2)) };

	for (uint32_t i = 0; i <= MAX_NUMNODES; i++)
		cpu[i] = (struct numa_cpu)CPU(i, i);
	make_ram(&f->ram, ram, ARRAY_SIZE(ram), true);

	make_affinity(&f->a, cpu, MAX_NUMNODES, mem, 1);
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, PHYS_BITS), 0);
	assert_int_equal(f->t.nr_nodes, MAX_NUMNODES);

	make_affinity(&f->a, cpu, MAX_NUMNODES + 1, mem, 1);
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, PHYS_BITS), -EINVAL);
	assert_log_has("MAX_NUMNODES");

	stub_log_reset();
	make_affinity(&f->a, cpu, MAX_NUMNODES, mem, 2);
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, PHYS_BITS), -EINVAL);
	assert_log_has("MAX_NUMNODES");
}

/* --- numa_single, numa_fake --------------------------------------------------- */

/*
 *   GiB      0          3      4        6
 *   RAM      |=|.|======|      |========|      the pc machine's map
 *   ranges   |0| |  0   |      |  0     |      one node, all RAM
 *
 * With page 0 reserved that is the RAM Linux counts on this machine; left
 * usable, page 0 is node 0's too.
 */
static void test_single(void **state)
{
	struct fixture *f = *state;
	/* The usable e820 lines in whole pages, page 0 reserved. */
	static const struct node_line want[] = {
		NODE(0, 0x0000000000001000, 0x000000000009efff),
		NODE(0, 0x0000000000100000, 0x00000000bffdffff),
		NODE(0, 0x0000000100000000, 0x000000017fffffff),
	};
	static const struct node_line want_page0[] = {
		NODE(0, 0x0000000000000000, 0x000000000009efff),
		NODE(0, 0x0000000000100000, 0x00000000bffdffff),
		NODE(0, 0x0000000100000000, 0x000000017fffffff),
	};

	make_ram(&f->ram, ARRAY(pc_5g_e820), false);
	numa_single(&f->t, &f->ram);
	assert_int_equal(f->t.nr_nodes, 1);
	assert_false(f->t.from_firmware);
	assert_int_equal(f->t.distance[0][0], LOCAL_DISTANCE);
	assert_ranges(&f->t, want, ARRAY_SIZE(want));
	assert_int_equal(total_pages(&f->t) * (PAGE_SIZE / SZ_1K), pc_2node_5g.memory_kb);

	make_ram(&f->ram, ARRAY(pc_5g_e820), true);
	numa_single(&f->t, &f->ram);
	assert_ranges(&f->t, want_page0, ARRAY_SIZE(want_page0));
}

/* Pages of usable RAM in the map, whole pages only. */
static uint64_t ram_pages(const struct memmap *m)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < m->nr; i++)
		if (m->e[i].type == MEMMAP_USABLE && PFN_UP(m->e[i].start) < PFN_DOWN(m->e[i].end))
			n += PFN_DOWN(m->e[i].end) - PFN_UP(m->e[i].start);
	return n;
}

/*
 *   RAM      |=|.|=========|      |==========|       the pc machine's map
 *   N = 3    |0| |  0  | 1 |      | 1 |  2   |       equal shares in address
 *                                                    order, across the holes
 *
 * numa=fake=N: all RAM shared out, every node within one page of the
 * others, node ids rising with the address.
 */
static void test_fake_equal(void **state)
{
	struct fixture *f = *state;
	static const unsigned int nodes[] = { 1, 2, 3, 7, 10, MAX_NUMNODES };

	make_ram(&f->ram, ARRAY(pc_5g_e820), false);
	for (size_t k = 0; k < ARRAY_SIZE(nodes); k++) {
		uint64_t lo = UINT64_MAX, hi = 0;

		assert_int_equal(numa_fake(&f->t, &f->ram, nodes[k], 0), 0);
		assert_int_equal(f->t.nr_nodes, nodes[k]);
		assert_false(f->t.from_firmware);
		assert_consistent(&f->t);
		assert_int_equal(total_pages(&f->t), ram_pages(&f->ram));
		for (unsigned int n = 0; n < nodes[k]; n++) {
			lo = MIN(lo, numa_node_pages(&f->t, (int)n));
			hi = MAX(hi, numa_node_pages(&f->t, (int)n));
		}
		if (hi - lo > 1)
			fail_msg("%u nodes: from %lu to %lu pages", nodes[k], lo, hi);
		for (unsigned int i = 1; i < f->t.nr_ranges; i++)
			assert_true(f->t.range[i - 1].nid <= f->t.range[i].nid);
	}
}

/*
 *   GiB      0      2      4      6      8
 *   RAM      |===========================|
 *   ranges   |  0  ||  1  ||  0  ||  1  |     numa=fake=2,interleave=2G:
 *                                             the 2008 layout exactly
 */
static void test_fake_interleave(void **state)
{
	struct fixture *f = *state;
	const struct memmap_entry ram[] = { RAM(0, G(8)) };
	static const struct node_line want[] = {
		NODE(0, 0, G(2) - 1), NODE(1, G(2), G(4) - 1),
		NODE(0, G(4), G(6) - 1), NODE(1, G(6), G(8) - 1),
	};

	make_ram(&f->ram, ram, ARRAY_SIZE(ram), true);
	assert_int_equal(numa_fake(&f->t, &f->ram, 2, G(2)), 0);
	assert_int_equal(f->t.nr_nodes, 2);
	assert_ranges(&f->t, want, ARRAY_SIZE(want));
}

/*
 *   GiB      0    1    2    3    4    5    6    7    8
 *   RAM      |==============|    |===================|
 *   chunk    0    1    2    3    4    5    6    7
 *   ranges   | 0 || 1 || 2 |     | 1 || 2 || 0 || 1 |   chunk k -> node k % 3,
 *                                                       counted from address 0
 */
static void test_fake_interleave_holes(void **state)
{
	struct fixture *f = *state;
	const struct memmap_entry ram[] = { RAM(0, G(3)), RAM(G(4), G(8)) };
	static const struct node_line want[] = {
		NODE(0, G(0), G(1) - 1), NODE(1, G(1), G(2) - 1), NODE(2, G(2), G(3) - 1),
		NODE(1, G(4), G(5) - 1), NODE(2, G(5), G(6) - 1), NODE(0, G(6), G(7) - 1),
		NODE(1, G(7), G(8) - 1),
	};

	make_ram(&f->ram, ram, ARRAY_SIZE(ram), true);
	assert_int_equal(numa_fake(&f->t, &f->ram, 3, G(1)), 0);
	assert_ranges(&f->t, want, ARRAY_SIZE(want));
}

/* Impossible parameters are refused with a log line: no nodes, more than
 * MAX_NUMNODES, an interleave that is not a whole number of 2 MiB, or one
 * that makes more than MAX_NODE_RANGES ranges; 2 MiB itself is fine. */
static void test_fake_rejects(void **state)
{
	struct fixture *f = *state;
	static const struct {
		unsigned int nodes;
		uint64_t interleave;
		const char *log;
	} bad[] = {
		{ 0, 0, "numa=fake=0" },
		{ MAX_NUMNODES + 1, 0, "MAX_NUMNODES" },
		{ 2, K(4), "2 MiB" },
		{ 2, M(1), "2 MiB" },
		{ 2, M(3), "2 MiB" },
		{ 2, M(2) + K(4), "2 MiB" },
		/* 5 GiB in 2 MiB chunks: more ranges than there is room for */
		{ 2, M(2), "MAX_NODE_RANGES" },
	};
	const struct memmap_entry small[] = { RAM(0, M(16)) };

	make_ram(&f->ram, ARRAY(pc_5g_e820), false);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		stub_log_reset();
		assert_int_equal(numa_fake(&f->t, &f->ram, bad[i].nodes,
					   bad[i].interleave), -EINVAL);
		assert_log_has(bad[i].log);
	}
	make_ram(&f->ram, small, ARRAY_SIZE(small), true);
	assert_int_equal(numa_fake(&f->t, &f->ram, 2, M(2)), 0);
	assert_int_equal(f->t.nr_ranges, 8);
}

/* --- numa_print ----------------------------------------------------------------- */

/*
 *   GiB      0           2
 *   RAM      |===========|
 *   SRAT     [ P0        )    CPU on PXM 4: node 1, no memory
 *
 * A memoryless node gets Linux's two lines in place of its Initmem line,
 * and RAM all below 4 GiB leaves the Normal zone empty.  No RAM at all is
 * said so.
 */
static void test_print_memoryless(void **state)
{
	struct fixture *f = *state;
	const struct memmap_entry ram[] = { RAM(0, G(2)) };
	const struct numa_cpu cpu[] = { CPU(0, 0), CPU(4, 1) };
	const struct numa_memblk mem[] = { MEM(0, 0, G(2)) };
	static const char *const lines[] = {
		"Zone ranges:",
		"  DMA      [mem 0x0000000000001000-0x0000000000ffffff]",
		"  DMA32    [mem 0x0000000001000000-0x000000007fffffff]",
		"  Normal   empty",
		"Early memory node ranges",
		"  node   0: [mem 0x0000000000001000-0x000000007fffffff]",
		"Initmem setup node 0 [mem 0x0000000000001000-0x000000007fffffff]",
		"Initializing node 1 as memoryless",
		"Initmem setup node 1 as memoryless",
	};

	make_ram(&f->ram, ram, ARRAY_SIZE(ram), false);
	make_affinity(&f->a, cpu, ARRAY_SIZE(cpu), mem, ARRAY_SIZE(mem));
	assert_int_equal(numa_build(&f->t, &f->ram, &f->a, PHYS_BITS), 0);
	stub_log_reset();
	numa_print(&f->t);
	assert_log_lines(lines, ARRAY_SIZE(lines));

	memmap_init(&f->ram);
	numa_single(&f->t, &f->ram);
	stub_log_reset();
	numa_print(&f->t);
	assert_log_has("NUMA: no RAM at all");
}

/* --- randomized, against a page-by-page model ------------------------------------ */

/*
 * The model: an address space of SPACE pages, in 1 KiB grains so that RAM
 * and SRAT boundaries fall inside pages too.  From the input alone it
 * works out which pages are RAM (all four grains usable, the highest type
 * winning), which nodes claim each page (entries holding its first byte),
 * the node ids (first appearance, CPUs first), and what numa_build()
 * must then return.
 */
#define SPACE           1024
#define GRAINS          (4 * SPACE)
#define GRAIN(g)        K(g)
#define TRIALS          1500
#define COVER_SLACK     256     /* pages: Linux tolerates less than 1 MiB */

struct model {
	uint32_t type[GRAINS];          /* highest e820 type of each grain */
	bool ram[SPACE];
	int node[SPACE];                /* claiming node, or NUMA_NO_NODE */
	bool conflict;                  /* two nodes share a byte of RAM space */
	uint32_t pxm[MAX_NUMNODES];     /* node -> pxm */
	unsigned int nr_nodes;
};

/* TEST_SEED, or a fixed seed so that `make test` is repeatable. */
static uint64_t base_seed(void)
{
	return stub_seed(0x6e756d61ULL);
}

static int model_node_of(struct model *md, uint32_t pxm)
{
	for (unsigned int n = 0; n < md->nr_nodes; n++)
		if (md->pxm[n] == pxm)
			return (int)n;
	md->pxm[md->nr_nodes] = pxm;
	return (int)md->nr_nodes++;
}

/* Random usable and reserved entries, into the map and the model. */
static void random_ram(struct memmap *m, struct model *md, uint64_t *seed)
{
	static const uint32_t types[] = { USABLE, USABLE, USABLE, RESERVED, MEMMAP_ACPI };
	unsigned int n = 1 + stub_rnd_below(seed, 10);

	memmap_init(m);
	for (unsigned int i = 0; i < n; i++) {
		unsigned int s = stub_rnd_below(seed, GRAINS), e = s + stub_rnd_below(seed, GRAINS - s + 1);
		uint32_t type = types[stub_rnd_below(seed, ARRAY_SIZE(types))];

		if (stub_rnd_below(seed, 2)) {       /* page-aligned, as most firmware */
			s &= ~3u;
			e &= ~3u;
		}
		assert_int_equal(memmap_add(m, GRAIN(s), GRAIN(e - s), type), 0);
		for (unsigned int g = s; g < e; g++)
			md->type[g] = MAX(md->type[g], type);
	}
	memmap_sanitize(m);
	for (unsigned int p = 0; p < SPACE; p++) {
		md->ram[p] = true;
		for (unsigned int g = 4 * p; g < 4 * p + 4; g++)
			md->ram[p] &= md->type[g] == USABLE;
	}
}

static void add_mem(struct numa_affinity *a, uint32_t pxm, unsigned int s, unsigned int e)
{
	assert_true(a->mem_nr < NUMA_MEMBLK_MAX);
	a->mem[a->mem_nr++] = (struct numa_memblk){ GRAIN(s), GRAIN(e), pxm, false, false };
}

/*
 * Random affinity: the space cut into blocks at random grains, each block
 * a proximity domain's or left out; sometimes a second entry of the same
 * domain inside a block, an empty entry, or an intruder of any domain
 * anywhere; a few CPUs.  Memory entries in random order.
 */
static void random_affinity(struct numa_affinity *a, uint64_t *seed)
{
	unsigned int cut[10], ncut = stub_rnd_below(seed, ARRAY_SIZE(cut) - 1);

	memset(a, 0, sizeof(*a));
	cut[0] = 0;
	for (unsigned int i = 1; i <= ncut; i++)
		cut[i] = stub_rnd_below(seed, GRAINS);
	cut[ncut + 1] = GRAINS;
	for (unsigned int i = 1; i <= ncut + 1; i++)    /* sort */
		for (unsigned int j = i; j > 0 && cut[j - 1] > cut[j]; j--) {
			unsigned int t = cut[j];

			cut[j] = cut[j - 1];
			cut[j - 1] = t;
		}
	for (unsigned int i = 0; i <= ncut; i++) {
		uint32_t pxm = stub_rnd_below(seed, 5);
		unsigned int s = cut[i], e = cut[i + 1];

		if (stub_rnd_below(seed, 8) == 0)
			continue;       /* not covered */
		add_mem(a, pxm, s, e);
		if (e > s && stub_rnd_below(seed, 5) == 0) {
			unsigned int s2 = s + stub_rnd_below(seed, e - s);

			add_mem(a, pxm, s2, s2 + stub_rnd_below(seed, e - s2 + 1));
		}
	}
	if (stub_rnd_below(seed, 6) == 0) {
		unsigned int s = stub_rnd_below(seed, GRAINS);

		add_mem(a, stub_rnd_below(seed, 7), s, s);
	}
	if (stub_rnd_below(seed, 10) == 0) {
		unsigned int s = stub_rnd_below(seed, GRAINS);

		add_mem(a, stub_rnd_below(seed, 7), s, s + stub_rnd_below(seed, GRAINS - s + 1));
	}
	for (unsigned int i = a->mem_nr; i > 1; i--) {  /* shuffle */
		unsigned int j = stub_rnd_below(seed, i);
		struct numa_memblk t = a->mem[i - 1];

		a->mem[i - 1] = a->mem[j];
		a->mem[j] = t;
	}
	a->cpu_nr = stub_rnd_below(seed, 4);
	for (unsigned int i = 0; i < a->cpu_nr; i++)
		a->cpu[i] = (struct numa_cpu){ i, stub_rnd_below(seed, 7), false };
}

/*
 * Node ids and the claims on each page, from the affinity and the RAM.
 * Two nodes conflict when their entries share a byte below the end of
 * RAM, as in Linux, which sets aside ranges beyond RAM (hotplug space,
 * NVDIMMs) before it looks for overlaps.
 */
static void model_affinity(struct model *md, const struct numa_affinity *a)
{
	phys_addr_t ram_end = 0;

	for (unsigned int p = 0; p < SPACE; p++)
		if (md->ram[p])
			ram_end = PFN_PHYS(p + 1);
	for (unsigned int i = 0; i < a->cpu_nr; i++)
		model_node_of(md, a->cpu[i].pxm);
	for (unsigned int p = 0; p < SPACE; p++)
		md->node[p] = NUMA_NO_NODE;
	for (unsigned int i = 0; i < a->mem_nr; i++) {
		int nid = model_node_of(md, a->mem[i].pxm);

		for (unsigned int p = 0; p < SPACE; p++)
			if (PFN_PHYS(p) >= a->mem[i].start && PFN_PHYS(p) < a->mem[i].end)
				md->node[p] = nid;
		for (unsigned int j = 0; j < i; j++)
			md->conflict |= a->mem[j].pxm != a->mem[i].pxm &&
					MAX(a->mem[i].start, a->mem[j].start) <
					MIN(MIN(a->mem[i].end, a->mem[j].end), ram_end);
	}
}

/*
 * The node an uncovered RAM page must go to: that of the nearest covered
 * RAM page outside its run of uncovered pages (a run stops at a hole in
 * RAM too).  On a tie, or with nothing covered, any node will do: -1.
 */
static int model_adopter(const struct model *md, unsigned int p)
{
	unsigned int s = p, e = p;
	int lo = -1, hi = -1;
	unsigned int dlo = UINT32_MAX, dhi = UINT32_MAX;

	while (s > 0 && md->ram[s - 1] && md->node[s - 1] == NUMA_NO_NODE)
		s--;
	while (e < SPACE && md->ram[e] && md->node[e] == NUMA_NO_NODE)
		e++;
	for (unsigned int q = s; q-- > 0;)
		if (md->ram[q] && md->node[q] != NUMA_NO_NODE) {
			lo = md->node[q];
			dlo = s - (q + 1);
			break;
		}
	for (unsigned int q = e; q < SPACE; q++)
		if (md->ram[q] && md->node[q] != NUMA_NO_NODE) {
			hi = md->node[q];
			dhi = q - e;
			break;
		}
	if (dlo == dhi)
		return -1;
	return dlo < dhi ? lo : hi;
}

static void fail_trial(uint64_t seed, const char *why, const struct numa_topology *t)
{
	static char s[32768];

	fail_msg("%s (seed %#lx; TEST_SEED=%#lx replays it first)\nranges:\n%s",
		 why, seed, seed, show_ranges(s, sizeof(s), t));
}

/* One trial: build from random input, compare with the model. */
static void check_trial(struct fixture *f, uint64_t seed)
{
	static struct model md;
	static char why[160];
	uint64_t s = seed, uncovered = 0, pages[MAX_NUMNODES] = { 0 };
	int rc;

	memset(&md, 0, sizeof(md));
	random_ram(&f->ram, &md, &s);
	random_affinity(&f->a, &s);
	model_affinity(&md, &f->a);
	for (unsigned int p = 0; p < SPACE; p++)
		uncovered += md.ram[p] && md.node[p] == NUMA_NO_NODE;

	stub_log_reset();
	rc = numa_build(&f->t, &f->ram, &f->a, PHYS_BITS);
	if (!md.nr_nodes || md.conflict || uncovered >= COVER_SLACK) {
		const char *reason = !md.nr_nodes ? "no enabled entries" :
				     md.conflict ? "overlaps" : "nodes only cover";

		if (rc != -EINVAL || !strstr(stub_log(), reason)) {
			snprintf(why, sizeof(why), "rc %d, want -EINVAL and \"%s\"", rc, reason);
			fail_trial(seed, why, &f->t);
		}
		return;
	}
	if (rc != 0)
		fail_trial(seed, "rejected a valid affinity", &f->t);
	if (f->t.nr_nodes != md.nr_nodes ||
	    memcmp(f->t.pxm, md.pxm, md.nr_nodes * sizeof(md.pxm[0])))
		fail_trial(seed, "node ids are not by first appearance", &f->t);
	assert_consistent(&f->t);

	for (pfn_t p = 0; p < SPACE + 1; p++) {
		unsigned int in = 0;
		int want = NUMA_NO_NODE, got = numa_pfn_to_nid(&f->t, p);

		for (unsigned int i = 0; i < f->t.nr_ranges; i++)
			in += f->t.range[i].start <= p && p < f->t.range[i].end;
		if (p < SPACE && md.ram[p])
			want = md.node[p] != NUMA_NO_NODE ? md.node[p] : model_adopter(&md, p);
		if (in != (unsigned int)(p < SPACE && md.ram[p]) || (want >= 0 && got != want)) {
			snprintf(why, sizeof(why), "page %#lx: in %u ranges, node %d, want %d",
				 p, in, got, want);
			fail_trial(seed, why, &f->t);
		}
		if (got >= 0)
			pages[got]++;
	}
	for (unsigned int n = 0; n < md.nr_nodes; n++)
		if (numa_node_pages(&f->t, (int)n) != pages[n])
			fail_trial(seed, "numa_node_pages() disagrees with the ranges", &f->t);
}

/* Random RAM maps and affinities build what the page model says. */
static void test_random_build(void **state)
{
	struct fixture *f = *state;
	uint64_t seed = base_seed();

	for (unsigned int trial = 0; trial < TRIALS; trial++)
		check_trial(f, seed + trial);
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		MACHINE(q35_2node_1g),
		MACHINE(q35_2node_1g_page0),
		MACHINE(pc_2node_5g),
		MACHINE(q35_cpuless_memless_hp),
		MACHINE(q35_ovmf_2node_4g),
		TEST(test_cpuless_ids),
		TEST(test_slit_by_node),
		TEST(test_slit_asymmetric),
		TEST(test_slit_too_small),
		TEST(test_pfn_to_nid_edges),
		BUILD(interleaved),
		BUILD(touching_nodes),
		BUILD(touching_mid_page),
		BUILD(same_node_overlap),
		BUILD(overlapping_nodes),
		BUILD(uncovered_1m),
		BUILD(uncovered_below_1m),
		BUILD(adopted_by_lower),
		BUILD(adopted_by_upper),
		BUILD(beyond_phys_bits),
		BUILD(phys_bits_over_52),
		TEST(test_crossing_phys_bits),
		BUILD(zero_length),
		BUILD(hotplug_empty),
		BUILD(hotplug_with_ram),
		BUILD(ids_cpus_first),
		BUILD(no_entries),
		TEST(test_too_many_domains),
		TEST(test_single),
		TEST(test_fake_equal),
		TEST(test_fake_interleave),
		TEST(test_fake_interleave_holes),
		TEST(test_fake_rejects),
		TEST(test_print_memoryless),
		TEST(test_random_build),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
