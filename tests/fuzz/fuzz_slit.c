/*
 * tests/fuzz/fuzz_slit.c - slit_parse() on hostile SLITs, and the distances
 * numa_build() takes from an accepted one.
 *
 * Input:  the SLIT, header included (checksum not needed).
 *
 * Whether a SLIT is valid is decided here from its bytes, by the rule in
 * drivers/acpi/slit.h (1..MAX_NUMNODES localities, all their distances
 * present, 10 on the diagonal, more than 10 elsewhere), and must agree with
 * slit_parse().  Then numa_build() runs with a fixed affinity of four nodes
 * whose proximity domains are not in node order (PXM 2, 0, 3, 1), so a
 * distance table indexed by node instead of by domain shows.
 */
#include <stdlib.h>

#include "drivers/acpi/slit.h"
#include "tests/fuzz/fuzz.h"
#include "tests/fuzz/numa_check.h"

#define SLIT_HDR_LEN    44

static struct numa_affinity aff;
static struct numa_topology topo;
static struct memmap ram;

static bool ref_valid(const uint8_t *t, size_t len)
{
	uint64_t n;

	if (len < SLIT_HDR_LEN)
		return false;
	n = fuzz_le64(t + 36);
	if (n < 1 || n > MAX_NUMNODES || len - SLIT_HDR_LEN < n * n)
		return false;
	for (uint64_t i = 0; i < n; i++)
		for (uint64_t j = 0; j < n; j++)
			if (i == j ? t[SLIT_HDR_LEN + i * n + j] != 10
				   : t[SLIT_HDR_LEN + i * n + j] <= 10)
				return false;
	return true;
}

/* Four nodes over the QEMU map, 2 GiB-ish each, plus one CPU per node. */
static void fixed_affinity(struct numa_affinity *a)
{
	static const uint32_t pxm[4] = { 2, 0, 3, 1 };
	static const uint64_t edge[5] = { 0, 0x80000000, 0x100000000, 0x140000000,
					  0x180000000 };

	a->cpu_nr = 4;
	a->mem_nr = 4;
	a->dropped = 0;
	for (unsigned int i = 0; i < 4; i++) {
		a->cpu[i] = (struct numa_cpu){ .apic_id = i, .pxm = pxm[i] };
		a->mem[i] = (struct numa_memblk){ .start = edge[i], .end = edge[i + 1],
						  .pxm = pxm[i] };
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *table = fuzz_dup(data, size);
	bool want = ref_valid(data, size);
	int err;

	memset(&aff, 0, sizeof(aff));
	err = slit_parse(&aff, table, size);
	FUZZ_CHECK(!err == want, "slit_parse() %s a SLIT that is %svalid",
		   err ? "rejected" : "accepted", want ? "" : "not ");
	if (err) {
		FUZZ_CHECK(aff.dist_nr == 0, "rejected SLIT left dist_nr %u", aff.dist_nr);
	} else {
		uint64_t n = fuzz_le64(data + 36);

		FUZZ_CHECK(aff.dist_nr == n, "dist_nr %u, want %lu", aff.dist_nr, n);
		for (unsigned int i = 0; i < n; i++)
			for (unsigned int j = 0; j < n; j++)
				FUZZ_CHECK(aff.dist[i][j] == data[SLIT_HDR_LEN + i * n + j],
					   "dist[%u][%u]", i, j);
	}

	fixed_affinity(&aff);
	fuzz_ram_map(&ram, FUZZ_RAM_QEMU, &aff, 46);
	FUZZ_CHECK(numa_build(&topo, &ram, &aff, 46) == 0, "the fixed affinity was rejected");
	fuzz_check_build(&topo, &ram, &aff, 46);
	free(table);
	return 0;
}
