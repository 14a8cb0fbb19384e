/*
 * tests/fuzz/fuzz_srat.c - srat_parse() on hostile SRATs, then numa_build()
 * on what it parsed: firmware nobody tested against, end to end.
 *
 * Input:  byte 0     the CPU's physical address width, raw (CPUID gives 0-255)
 *         byte 1     bits 0-1: the RAM map (enum fuzz_ram);
 *                    bit 2: a valid 8-locality SLIT comes with the SRAT
 *         byte 2...  the SRAT, header included (checksum not needed:
 *                    drivers/acpi verifies it before srat_parse runs)
 *
 * srat_parse()'s lists are checked against this file's own walk of the
 * subtables (ACPI 6.5, 5.2.16); numa_build()'s result against mm/numa.h
 * (tests/fuzz/numa_check.c).  A rejected SRAT must leave the lists empty,
 * and the single-node fallback must then hold all RAM.
 */
#include <stdlib.h>

#include "drivers/acpi/srat.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/numa_check.h"

static struct numa_affinity aff;
static struct numa_topology topo;
static struct memmap ram;

/* Walk the subtables as the specification lays them out, and check each
 * enabled entry against srat_parse()'s lists. */
static void check_lists(const uint8_t *t, size_t len)
{
	unsigned int mem = 0, cpu = 0;
	uint8_t rev = t[8];

	for (size_t off = 48; off + 2 <= len && t[off + 1] >= 2; off += t[off + 1]) {
		const uint8_t *s = t + off;
		uint32_t pxm;

		if (s[0] == 0 && (fuzz_le32(s + 4) & 1)) {
			pxm = s[2];
			if (rev >= 2)
				pxm |= (uint32_t)s[9] << 8 | (uint32_t)s[10] << 16 |
				       (uint32_t)s[11] << 24;
			if (cpu < NUMA_CPU_MAX)
				FUZZ_CHECK(aff.cpu[cpu].apic_id == s[3] && aff.cpu[cpu].pxm == pxm &&
					   !aff.cpu[cpu].x2apic,
					   "APIC entry at %zu: cpu[%u] = APIC %u PXM %u, want %u %u",
					   off, cpu, aff.cpu[cpu].apic_id, aff.cpu[cpu].pxm, s[3], pxm);
			cpu++;
		} else if (s[0] == 2 && (fuzz_le32(s + 12) & 1)) {
			if (cpu < NUMA_CPU_MAX)
				FUZZ_CHECK(aff.cpu[cpu].apic_id == fuzz_le32(s + 8) &&
					   aff.cpu[cpu].pxm == fuzz_le32(s + 4) && aff.cpu[cpu].x2apic,
					   "x2APIC entry at %zu: cpu[%u]", off, cpu);
			cpu++;
		} else if (s[0] == 1 && (fuzz_le32(s + 28) & 1)) {
			const struct numa_memblk *m = &aff.mem[mem];
			uint64_t base = fuzz_le64(s + 8), size = fuzz_le64(s + 16);

			pxm = fuzz_le32(s + 2) & (rev <= 1 ? 0xff : 0xffffffff);
			if (mem < NUMA_MEMBLK_MAX)
				FUZZ_CHECK(m->start == base && m->end == base + size &&
					   m->pxm == pxm && m->hotplug == !!(s[28] & 2) &&
					   m->nonvolatile == !!(s[28] & 4),
					   "memory entry at %zu: mem[%u] = [%#lx, %#lx) PXM %u, "
					   "want [%#lx, +%#lx) PXM %u", off, mem, m->start, m->end,
					   m->pxm, base, size, pxm);
			mem++;
		}
	}
	FUZZ_CHECK(aff.mem_nr == MIN(mem, (unsigned int)NUMA_MEMBLK_MAX) &&
		   aff.cpu_nr == MIN(cpu, (unsigned int)NUMA_CPU_MAX) &&
		   aff.mem_nr + aff.cpu_nr + aff.dropped == mem + cpu,
		   "%u memory and %u CPU entries, kept %u and %u, dropped %u",
		   mem, cpu, aff.mem_nr, aff.cpu_nr, aff.dropped);
	for (unsigned int i = 0; i < aff.mem_nr; i++)
		FUZZ_CHECK(aff.mem[i].start <= aff.mem[i].end, "mem[%u] [%#lx, %#lx) inverted",
			   i, aff.mem[i].start, aff.mem[i].end);
}

/* A valid SLIT: 10 on the diagonal, 11 + |i - j| * 10 elsewhere. */
static void add_slit(struct numa_affinity *a)
{
	a->dist_nr = 8;
	for (unsigned int i = 0; i < 8; i++)
		for (unsigned int j = 0; j < 8; j++)
			a->dist[i][j] = i == j ? 10 : (uint8_t)(11 + (i > j ? i - j : j - i) * 10);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned int phys_bits;
	uint8_t opts, *table;
	size_t len;

	if (size < 2)
		return 0;
	phys_bits = data[0];
	opts = data[1];
	len = size - 2;
	table = fuzz_dup(data + 2, len);

	memset(&aff, 0, sizeof(aff));
	if (srat_parse(&aff, table, len)) {
		FUZZ_CHECK(aff.mem_nr == 0 && aff.cpu_nr == 0,
			   "rejected SRAT left %u memory and %u CPU entries", aff.mem_nr, aff.cpu_nr);
		free(table);
		return 0;
	}
	FUZZ_CHECK(len >= 48, "SRAT of %zu bytes accepted", len);
	check_lists(table, len);

	if (opts & 4)
		add_slit(&aff);
	fuzz_ram_map(&ram, (enum fuzz_ram)(opts & 3), &aff, phys_bits);
	if (numa_build(&topo, &ram, &aff, phys_bits) == 0) {
		fuzz_check_build(&topo, &ram, &aff, phys_bits);
		numa_print(&topo);
	} else {
		numa_single(&topo, &ram);
		fuzz_check_single(&topo, &ram);
	}
	free(table);
	return 0;
}
