/*
 * tests/fuzz/fuzz_madt.c - madt_parse() on hostile MADTs.
 *
 * Input:  the MADT ("APIC"), header included (checksum not needed).
 *
 * This file walks the subtables itself (ACPI 6.5, 5.2.12) and checks that
 * an accepted table's processor list is exactly its local APIC (type 0)
 * and local x2APIC (type 9) entries, in order, with the flags decoded as
 * drivers/acpi/madt.h says; a rejected table leaves no processors.
 */
#include <stdlib.h>

#include "drivers/acpi/madt.h"
#include "tests/fuzz/fuzz.h"

#define MADT_HDR_LEN    44

static struct madt madt;

static void check(const uint8_t *t, size_t len)
{
	unsigned int n = 0;

	FUZZ_CHECK(len >= MADT_HDR_LEN, "MADT of %zu bytes accepted", len);
	FUZZ_CHECK(madt.lapic_addr == fuzz_le32(t + 36) && madt.flags == fuzz_le32(t + 40),
		   "LAPIC address or flags");
	for (size_t off = MADT_HDR_LEN; off < len; off += t[off + 1]) {
		const uint8_t *s = t + off;
		const struct madt_cpu *c = &madt.cpu[n];
		uint32_t id, uid, flags;

		FUZZ_CHECK(len - off >= 2 && s[1] >= 2 && s[1] <= len - off,
			   "accepted a broken subtable at offset %zu", off);
		if (s[0] == 0) {
			FUZZ_CHECK(s[1] >= 8, "accepted a short local APIC entry");
			id = s[3];
			uid = s[2];
			flags = fuzz_le32(s + 4);
		} else if (s[0] == 9) {
			FUZZ_CHECK(s[1] >= 16, "accepted a short x2APIC entry");
			id = fuzz_le32(s + 4);
			uid = fuzz_le32(s + 12);
			flags = fuzz_le32(s + 8);
		} else {
			continue;
		}
		if (n < MADT_CPU_MAX)
			FUZZ_CHECK(c->apic_id == id && c->uid == uid && c->x2apic == (s[0] == 9) &&
				   c->enabled == (flags & 1) &&
				   c->online_capable == ((flags & 3) == 2),
				   "cpu[%u] (offset %zu): APIC %u UID %u, want %u %u", n, off,
				   c->apic_id, c->uid, id, uid);
		n++;
	}
	FUZZ_CHECK(madt.cpu_nr == MIN(n, (unsigned int)MADT_CPU_MAX) &&
		   madt.cpu_nr + madt.dropped == n,
		   "%u processors, kept %u, dropped %u", n, madt.cpu_nr, madt.dropped);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *table = fuzz_dup(data, size);

	memset(&madt, 0xa5, sizeof(madt));      /* no reliance on a clean struct */
	if (madt_parse(&madt, table, size) == 0)
		check(data, size);
	else
		FUZZ_CHECK(madt.cpu_nr == 0, "rejected MADT left %u processors", madt.cpu_nr);
	free(table);
	return 0;
}
