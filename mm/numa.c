/*
 * mm/numa.c - node ranges: firmware affinity intersected with RAM.
 *
 *   RAM (sanitized map)   |==usable==|   |=====usable=====|     |==usable==|
 *   affinity (SRAT)       [---- node 0 ----)[---- node 1 ----)[- node 0 -)
 *   node ranges           |=0========|   |=0=|=1==========|     |=0========|
 *
 * A page belongs to the node whose affinity range holds its first byte;
 * node ranges are whole pages of usable RAM, sorted by address, adjacent
 * ranges of one node merged.  Everything is checked before anything is
 * kept, and failure leaves the choice of a fallback to the caller.
 */
#define pr_fmt(fmt) fmt

#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "mm/numa.h"
#include "mm/zone.h"

#define COVER_SLACK_PAGES (SZ_1M >> PAGE_SHIFT)  /* Linux tolerates < 1 MiB */

/* An affinity range, its node decided: in bytes as the firmware gave it,
 * and in page frames (a page goes where its first byte is). */
struct blk {
	phys_addr_t start, end;
	pfn_t pstart, pend;
	int nid;
	bool hotplug;
};

static struct blk blk[NUMA_MEMBLK_MAX];

/* The node of a proximity domain, given a new id on first sight. */
static int pxm_to_node(struct numa_topology *t, uint32_t pxm)
{
	for (unsigned int n = 0; n < t->nr_nodes; n++)
		if (t->pxm[n] == pxm)
			return (int)n;
	if (t->nr_nodes == MAX_NUMNODES)
		return NUMA_NO_NODE;
	t->pxm[t->nr_nodes] = pxm;
	return (int)t->nr_nodes++;
}

/* Append RAM [start, end) of node @nid, cut at NUMA_PFN_LIMIT. */
static int add_range(struct numa_topology *t, pfn_t start, pfn_t end, int nid)
{
	end = MIN(end, NUMA_PFN_LIMIT);
	if (start >= end)
		return 0;
	if (t->nr_ranges == MAX_NODE_RANGES) {
		pr_err("NUMA: more than MAX_NODE_RANGES (%u) node ranges; raise it\n",
		       MAX_NODE_RANGES);
		return -ENOSPC;
	}
	t->range[t->nr_ranges++] = (struct node_range){ start, end, nid };
	return 0;
}

static void sort_and_merge(struct numa_topology *t)
{
	t->nr_ranges = range_sort_merge(t->range, t->nr_ranges);
}

/* Usable RAM as whole pages: [*s, *e) of entry @i, false if none. */
static bool ram_pages(const struct memmap *ram, unsigned int i, pfn_t *s, pfn_t *e)
{
	const struct memmap_entry *m = &ram->e[i];

	if (m->type != MEMMAP_USABLE)
		return false;
	*s = PFN_UP(m->start);
	*e = PFN_DOWN(m->end);
	return *s < *e;
}

static void default_distances(struct numa_topology *t)
{
	for (unsigned int i = 0; i < MAX_NUMNODES; i++)
		for (unsigned int j = 0; j < MAX_NUMNODES; j++)
			t->distance[i][j] = i == j ? LOCAL_DISTANCE : REMOTE_DISTANCE;
}

/* Node distances from the SLIT, which is indexed by proximity domain. */
static void slit_distances(struct numa_topology *t, const struct numa_affinity *a)
{
	default_distances(t);
	if (!a->dist_nr)
		return;
	for (unsigned int n = 0; n < t->nr_nodes; n++) {
		if (t->pxm[n] >= a->dist_nr) {
			pr_warn("NUMA: PXM %u of node %u is beyond the SLIT's %u localities: default distances\n",
				t->pxm[n], n, a->dist_nr);
			return;
		}
	}
	for (unsigned int i = 0; i < t->nr_nodes; i++)
		for (unsigned int j = 0; j < t->nr_nodes; j++)
			t->distance[i][j] = a->dist[t->pxm[i]][t->pxm[j]];
}

/* The node of the covered range nearest to the gap [s, e). */
static int nearest_node(const struct numa_topology *t, unsigned int nr, pfn_t s, pfn_t e)
{
	pfn_t best = UINT64_MAX;
	int nid = 0;

	for (unsigned int k = 0; k < nr; k++) {
		const struct node_range *r = &t->range[k];
		pfn_t d = r->end <= s ? s - r->end : r->start - e;

		if (d < best) {
			best = d;
			nid = r->nid;
		}
	}
	return nid;
}

/*
 * Give RAM that no affinity range covers (less than 1 MiB of it, or the
 * coverage check would have failed) to the node nearest to it.
 */
static int adopt_uncovered(struct numa_topology *t, const struct memmap *ram)
{
	unsigned int nr = t->nr_ranges;  /* the covered ranges, sorted */
	pfn_t s, e;

	for (unsigned int i = 0; i < ram->nr; i++) {
		if (!ram_pages(ram, i, &s, &e))
			continue;
		for (pfn_t p = s; p < e;) {
			pfn_t gap_end = e;
			bool covered = false;
			int nid;

			for (unsigned int k = 0; k < nr; k++) {
				const struct node_range *r = &t->range[k];

				if (r->start <= p && p < r->end) {
					p = r->end;
					covered = true;
					break;
				}
				if (r->start > p)
					gap_end = MIN(gap_end, r->start);
			}
			if (covered)
				continue;
			nid = nearest_node(t, nr, p, gap_end);
			pr_warn("NUMA: [mem 0x%08lx-0x%08lx] is in no SRAT range: given to node %d\n",
				PFN_PHYS(p), PFN_PHYS(gap_end) - 1, nid);
			if (add_range(t, p, gap_end, nid))
				return -ENOSPC;
			p = gap_end;
		}
	}
	return 0;
}

int numa_build(struct numa_topology *t, const struct memmap *ram,
	       const struct numa_affinity *a, unsigned int phys_bits)
{
	/* x86-64 physical addresses have at most 52 bits, whatever a
	 * hypervisor's CPUID says; this also keeps PFN_UP() from wrapping. */
	unsigned int bits = MIN(phys_bits, MAX_PHYS_BITS);
	phys_addr_t limit = 1UL << bits;
	uint64_t ram_nr = 0, covered = 0;
	phys_addr_t ram_end = 0, end;
	unsigned int nblk = 0;
	pfn_t s, e;

	memset(t, 0, sizeof(*t));

	/* Node ids: CPU entries first, then memory, in table order. */
	for (unsigned int i = 0; i < a->cpu_nr; i++) {
		int nid = pxm_to_node(t, a->cpu[i].pxm);

		if (nid == NUMA_NO_NODE) {
			pr_err("SRAT: more proximity domains than MAX_NUMNODES (%u); SRAT not used\n",
			       MAX_NUMNODES);
			return -EINVAL;
		}
		/* Linux prints x2APIC ids with 4 digits, xAPIC ids with 2. */
		pr_info("SRAT: PXM %u -> APIC 0x%0*x -> Node %d\n", a->cpu[i].pxm,
			a->cpu[i].x2apic ? 4 : 2, a->cpu[i].apic_id, nid);
		t->cpu[t->cpu_nr++] = (struct numa_cpu){ a->cpu[i].apic_id, (uint32_t)nid,
							 a->cpu[i].x2apic };
		t->nr_cpus[nid]++;
	}
	for (unsigned int i = 0; i < a->mem_nr; i++) {
		const struct numa_memblk *m = &a->mem[i];
		int nid = pxm_to_node(t, m->pxm);

		if (nid == NUMA_NO_NODE) {
			pr_err("SRAT: more proximity domains than MAX_NUMNODES (%u); SRAT not used\n",
			       MAX_NUMNODES);
			return -EINVAL;
		}
		if (m->start >= limit) {
			pr_warn("SRAT: PXM %u [mem 0x%08lx-0x%08lx] lies beyond the CPU's %u-bit physical address space: entry ignored\n",
				m->pxm, m->start, m->end - 1, bits);
			continue;
		}
		pr_info("ACPI: SRAT: Node %d PXM %u [mem 0x%08lx-0x%08lx]%s%s\n",
			nid, m->pxm, m->start, m->end - 1,
			m->hotplug ? " hotplug" : "",
			m->nonvolatile ? " non-volatile" : "");
		if (m->start == m->end)
			continue;       /* printed, as Linux does, then ignored */
		/* Linux clips every affinity range to the memory it can have
		 * (numa_cleanup_meminfo) rather than refusing the table: an entry
		 * that crosses the address limit keeps the part below it. */
		end = MIN(m->end, limit);
		if (end < m->end)
			pr_warn("SRAT: PXM %u [mem 0x%08lx-0x%08lx] crosses the CPU's %u-bit physical address limit: cut at 0x%08lx\n",
				m->pxm, m->start, m->end - 1, phys_bits, end);
		blk[nblk++] = (struct blk){ m->start, end, PFN_UP(m->start), PFN_UP(end),
					    nid, m->hotplug };
	}
	if (!t->nr_nodes) {
		pr_err("SRAT: no enabled entries; SRAT not used\n");
		return -EINVAL;
	}

	/* Ranges of different nodes must not overlap, by a single byte,
	 * below the end of RAM.  Beyond it (hotplug space, NVDIMMs) Linux
	 * sets ranges aside before this check, and so do we: QEMU's SRAT
	 * puts an NVDIMM inside another node's hotplug range. */
	for (unsigned int i = 0; i < ram->nr; i++)
		if (ram_pages(ram, i, &s, &e))
			ram_end = MAX(ram_end, PFN_PHYS(e));
	for (unsigned int i = 0; i < nblk; i++) {
		for (unsigned int j = i + 1; j < nblk; j++) {
			phys_addr_t lo = MAX(blk[i].start, blk[j].start);
			phys_addr_t hi = MIN(MIN(blk[i].end, blk[j].end), ram_end);

			if (blk[i].nid == blk[j].nid || lo >= hi)
				continue;
			pr_err("NUMA: node %d [mem 0x%08lx-0x%08lx] overlaps with node %d [mem 0x%08lx-0x%08lx]; SRAT not used\n",
			       blk[i].nid, blk[i].start, blk[i].end - 1,
			       blk[j].nid, blk[j].start, blk[j].end - 1);
			return -EINVAL;
		}
	}

	/* RAM cut at node boundaries. */
	for (unsigned int i = 0; i < ram->nr; i++) {
		if (!ram_pages(ram, i, &s, &e))
			continue;
		ram_nr += e - s;
		for (unsigned int k = 0; k < nblk; k++)
			if (add_range(t, MAX(s, blk[k].pstart), MIN(e, blk[k].pend), blk[k].nid))
				return -EINVAL;
	}
	sort_and_merge(t);
	for (unsigned int i = 0; i < t->nr_ranges; i++)
		covered += t->range[i].end - t->range[i].start;
	if (ram_nr - covered >= COVER_SLACK_PAGES) {
		pr_err("NUMA: nodes only cover %luMB of your %luMB e820 RAM. Not used.\n",
		       covered >> (20 - PAGE_SHIFT), ram_nr >> (20 - PAGE_SHIFT));
		return -EINVAL;
	}
	if (ram_nr != covered) {
		if (adopt_uncovered(t, ram))
			return -EINVAL;
		sort_and_merge(t);
	}

	/* Hotplug ranges with no RAM yet: say so, register nothing. */
	for (unsigned int k = 0; k < nblk; k++) {
		bool has_ram = false;

		for (unsigned int i = 0; i < t->nr_ranges && !has_ram; i++)
			has_ram = t->range[i].start < blk[k].pend && blk[k].pstart < t->range[i].end;
		if (blk[k].hotplug && !has_ram)
			pr_info("NUMA: node %d hotplug range [mem 0x%08lx-0x%08lx] holds no RAM yet: not registered\n",
				blk[k].nid, blk[k].start, blk[k].end - 1);
	}

	slit_distances(t, a);
	t->from_firmware = true;
	return 0;
}

void numa_single(struct numa_topology *t, const struct memmap *ram)
{
	pfn_t s, e;

	memset(t, 0, sizeof(*t));
	t->nr_nodes = 1;
	for (unsigned int i = 0; i < ram->nr; i++)
		if (ram_pages(ram, i, &s, &e))
			add_range(t, s, e, 0);
	sort_and_merge(t);
	default_distances(t);
}

int numa_fake(struct numa_topology *t, const struct memmap *ram,
	      unsigned int nodes, uint64_t interleave)
{
	uint64_t total = 0, seen = 0;
	pfn_t chunk = interleave >> PAGE_SHIFT;
	pfn_t s, e;

	if (nodes < 1 || nodes > MAX_NUMNODES) {
		pr_err("NUMA: numa=fake=%u: between 1 and MAX_NUMNODES (%u) nodes\n",
		       nodes, MAX_NUMNODES);
		return -EINVAL;
	}
	if (interleave && (interleave % SZ_2M || !chunk)) {
		pr_err("NUMA: interleave=%lu is not a multiple of 2 MiB\n", interleave);
		return -EINVAL;
	}
	memset(t, 0, sizeof(*t));
	t->nr_nodes = nodes;
	for (unsigned int n = 0; n < nodes; n++)
		t->pxm[n] = n;
	for (unsigned int i = 0; i < ram->nr; i++)
		if (ram_pages(ram, i, &s, &e))
			total += e - s;

	for (unsigned int i = 0; i < ram->nr; i++) {
		if (!ram_pages(ram, i, &s, &e))
			continue;
		while (s < e) {
			pfn_t cut;
			int nid;

			if (chunk) {
				/* Address space in chunks, dealt round-robin. */
				nid = (int)((s / chunk) % nodes);
				cut = MIN(e, (s / chunk + 1) * chunk);
			} else {
				/* Equal shares of RAM, in address order. */
				nid = (int)(seen * nodes / total);
				cut = MIN(e, s + ((uint64_t)(nid + 1) * total + nodes - 1) / nodes - seen);
			}
			if (add_range(t, s, cut, nid))
				return -EINVAL;
			seen += cut - s;
			s = cut;
		}
	}
	sort_and_merge(t);
	default_distances(t);
	pr_info("NUMA: faking %u nodes%s\n", nodes, chunk ? ", interleaved" : "");
	return 0;
}

const struct node_range *numa_range_of(const struct numa_topology *t, pfn_t pfn)
{
	return range_find(t->range, t->nr_ranges, pfn);
}

int numa_pfn_to_nid(const struct numa_topology *t, pfn_t pfn)
{
	const struct node_range *r = numa_range_of(t, pfn);

	return r ? r->nid : NUMA_NO_NODE;
}

uint64_t numa_node_pages(const struct numa_topology *t, int nid)
{
	uint64_t n = 0;

	for (unsigned int i = 0; i < t->nr_ranges; i++)
		if (t->range[i].nid == nid)
			n += t->range[i].end - t->range[i].start;
	return n;
}

static void print_zone(const char *name, phys_addr_t lo, phys_addr_t hi)
{
	if (lo >= hi)
		pr_info("  %-8s empty\n", name);
	else
		pr_info("  %-8s [mem 0x%016lx-0x%016lx]\n", name, lo, hi - 1);
}

void numa_print(const struct numa_topology *t)
{
	phys_addr_t lo, hi;

	if (!t->nr_ranges) {
		pr_err("NUMA: no RAM at all\n");
		return;
	}
	/* Zones as Linux bounds them: DMA below 16 MiB, DMA32 below 4 GiB. */
	lo = PFN_PHYS(t->range[0].start);
	hi = PFN_PHYS(t->range[t->nr_ranges - 1].end);
	pr_info("Zone ranges:\n");
	print_zone("DMA", lo, MIN(hi, PFN_PHYS(ZONE_DMA_END_PFN)));
	print_zone("DMA32", MAX(lo, PFN_PHYS(ZONE_DMA_END_PFN)), MIN(hi, PFN_PHYS(ZONE_DMA32_END_PFN)));
	print_zone("Normal", MAX(lo, PFN_PHYS(ZONE_DMA32_END_PFN)), hi);

	pr_info("Early memory node ranges\n");
	for (unsigned int i = 0; i < t->nr_ranges; i++)
		pr_info("  node %3d: [mem 0x%016lx-0x%016lx]\n", t->range[i].nid,
			PFN_PHYS(t->range[i].start), PFN_PHYS(t->range[i].end) - 1);

	for (unsigned int n = 0; n < t->nr_nodes; n++) {
		pfn_t first = 0, last = 0;
		bool any = false;

		for (unsigned int i = 0; i < t->nr_ranges; i++) {
			if (t->range[i].nid != (int)n)
				continue;
			if (!any)
				first = t->range[i].start;
			last = t->range[i].end;
			any = true;
		}
		if (any) {
			pr_info("Initmem setup node %u [mem 0x%016lx-0x%016lx]\n", n,
				PFN_PHYS(first), PFN_PHYS(last) - 1);
		} else {
			pr_info("Initializing node %u as memoryless\n", n);
			pr_info("Initmem setup node %u as memoryless\n", n);
		}
	}

	if (t->nr_nodes > 1) {
		pr_info("NUMA: node distances:\n");
		pr_info("node ");
		for (unsigned int j = 0; j < t->nr_nodes; j++)
			pr_cont(" %3u", j);
		pr_cont("\n");
		for (unsigned int i = 0; i < t->nr_nodes; i++) {
			pr_info("%3u: ", i);
			for (unsigned int j = 0; j < t->nr_nodes; j++)
				pr_cont(" %3u", t->distance[i][j]);
			pr_cont("\n");
		}
	}
}
