/*
 * drivers/acpi/slit.c - parse the SLIT (ACPI 6.5, section 5.2.17):
 * a u64 locality count N after the header, then N x N one-byte distances.
 */
#define pr_fmt(fmt) "ACPI: SLIT: " fmt

#include "drivers/acpi/acpi.h"
#include "drivers/acpi/slit.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

#define SLIT_HDR_LEN    44

int slit_parse(struct numa_affinity *a, const void *table, size_t len)
{
	const uint8_t *t = table;
	uint64_t n;

	a->dist_nr = 0;
	if (len < SLIT_HDR_LEN) {
		pr_err("table shorter than its header; ignored\n");
		return -EINVAL;
	}
	n = acpi_get64(t + ACPI_HEADER_LEN);
	if (n == 0 || n > MAX_NUMNODES) {
		pr_err("%lu localities (at most MAX_NUMNODES = %u); ignored\n",
		       n, MAX_NUMNODES);
		return -EINVAL;
	}
	if (len - SLIT_HDR_LEN < n * n) {
		pr_err("%lu localities need %lu bytes of distances, the table has %zu; ignored\n",
		       n, n * n, len - SLIT_HDR_LEN);
		return -EINVAL;
	}
	for (uint64_t i = 0; i < n; i++) {
		for (uint64_t j = 0; j < n; j++) {
			uint8_t d = t[SLIT_HDR_LEN + i * n + j];

			if (i == j ? d != LOCAL_DISTANCE : d <= LOCAL_DISTANCE) {
				pr_err("distance %lu -> %lu is %u: not a valid SLIT; ignored\n",
				       i, j, d);
				return -EINVAL;
			}
		}
	}
	for (uint64_t i = 0; i < n; i++)
		for (uint64_t j = 0; j < n; j++)
			a->dist[i][j] = t[SLIT_HDR_LEN + i * n + j];
	a->dist_nr = (unsigned int)n;
	return 0;
}
