/*
 * kernel/topology.c - the NUMA topology of the machine: from the ACPI SRAT,
 * SLIT and MADT (or from numa= options) to node ranges.
 *
 * Options:
 *   numa=off                       one node
 *   numa=fake=N                    N nodes of equal RAM, in address order
 *   numa=fake=N,interleave=SIZE    address space dealt to N nodes in SIZE
 *                                  chunks, round-robin (interleaved nodes)
 */
#define pr_fmt(fmt) fmt

#include "drivers/acpi/boot.h"
#include "drivers/acpi/madt.h"
#include "drivers/acpi/slit.h"
#include "drivers/acpi/srat.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/topology.h"

static struct numa_topology topology;
static struct numa_affinity affinity;
static struct madt madt;

static enum { NUMA_ACPI, NUMA_OFF, NUMA_FAKE } numa_mode;
static unsigned int fake_nodes;
static uint64_t fake_interleave;

static int set_numa(const char *val)
{
	char buf[64];
	char *opt;
	uint64_t n;

	if (!val)
		return -EINVAL;
	if (!strcmp(val, "off")) {
		numa_mode = NUMA_OFF;
		return 0;
	}
	if (strncmp(val, "fake=", 5) || strlcpy(buf, val + 5, sizeof(buf)) >= sizeof(buf))
		return -EINVAL;
	opt = strchr(buf, ',');
	if (opt)
		*opt++ = '\0';
	if (cmdline_uint(buf, MAX_NUMNODES, &n) || n == 0)
		return -EINVAL;
	fake_interleave = 0;
	if (opt && (strncmp(opt, "interleave=", 11) ||
		    cmdline_memparse(opt + 11, &fake_interleave)))
		return -EINVAL;
	fake_nodes = (unsigned int)n;
	numa_mode = NUMA_FAKE;
	return 0;
}
KERNEL_PARAM("numa", set_numa);

/* The SRAT and SLIT as a struct numa_affinity; false if there is no SRAT. */
static bool read_affinity(const struct acpi_tables *at)
{
	const struct acpi_table *srat = at ? acpi_table_find(at, "SRAT", 0) : NULL;
	const struct acpi_table *slit = at ? acpi_table_find(at, "SLIT", 0) : NULL;
	const void *p;

	if (!srat) {
		if (at && acpi_table_count(at, "SRAT"))
			pr_err("ACPI: SRAT present but invalid; no NUMA\n");
		return false;
	}
	if (acpi_table_count(at, "SRAT") > 1)
		pr_info("ACPI: %u SRAT tables listed; using the first, at 0x%016lX, as Linux does\n",
			acpi_table_count(at, "SRAT"), srat->phys);
	memset(&affinity, 0, sizeof(affinity));
	p = acpi_table_map(srat);
	if (!p || srat_parse(&affinity, p, srat->hdr.length))
		return false;
	if (slit && (p = acpi_table_map(slit)))
		slit_parse(&affinity, p, slit->hdr.length);
	return true;
}

/* CPUs of the MADT, and where the SRAT places them (node 0 if it does not). */
static void report_cpus(const struct acpi_tables *at, const struct numa_topology *t)
{
	const struct acpi_table *apic = at ? acpi_table_find(at, "APIC", 0) : NULL;
	unsigned int enabled = 0, hotplug = 0;
	const void *p;

	if (!apic || !(p = acpi_table_map(apic)) || madt_parse(&madt, p, apic->hdr.length))
		return;
	/* As Linux: a disabled CPU is a hotplug slot, unless the MADT is of
	 * revision 5 or later and the CPU is not online-capable: then it is
	 * absent. */
	for (unsigned int i = 0; i < madt.cpu_nr; i++) {
		if (madt.cpu[i].enabled)
			enabled++;
		else if (madt.revision < 5 || madt.cpu[i].online_capable)
			hotplug++;
	}
	pr_info("smpboot: Allowing %u CPUs, %u hotplug CPUs\n", enabled + hotplug, hotplug);

	for (unsigned int n = 0; n < t->nr_nodes; n++) {
		uint64_t pages = numa_node_pages(t, (int)n);
		unsigned int cpus = 0;

		pr_info("NUMA: node %u: %lu MiB of RAM, CPUs (APIC id):", n,
			pages >> (20 - PAGE_SHIFT));
		for (unsigned int i = 0; i < madt.cpu_nr; i++) {
			const struct madt_cpu *c = &madt.cpu[i];
			int nid = 0;

			if (!c->enabled)
				continue;
			for (unsigned int k = 0; k < t->cpu_nr; k++)
				if (t->cpu[k].apic_id == c->apic_id)
					nid = (int)t->cpu[k].pxm;
			if (nid == (int)n) {
				pr_cont(" %u", c->apic_id);
				cpus++;
			}
		}
		pr_cont("%s%s\n", cpus ? "" : " none",
			!pages ? " (memoryless)" : !cpus ? " (CPU-less)" : "");
	}
}

const struct numa_topology *topology_setup(const struct memmap *ram,
					   const struct acpi_tables *at)
{
	struct numa_topology *t = &topology;

	switch (numa_mode) {
	case NUMA_OFF:
		pr_info("NUMA turned off\n");
		numa_single(t, ram);
		break;
	case NUMA_FAKE:
		if (numa_fake(t, ram, fake_nodes, fake_interleave) == 0)
			break;
		numa_single(t, ram);
		break;
	case NUMA_ACPI:
		if (!read_affinity(at)) {
			pr_info("No NUMA configuration found\n");
			numa_single(t, ram);
		} else if (numa_build(t, ram, &affinity, cpu_phys_bits())) {
			pr_warn("NUMA: SRAT not used: falling back to a single node\n");
			numa_single(t, ram);
		}
		break;
	}
	numa_print(t);
	report_cpus(at, t);
	return t;
}
