/*
 * drivers/acpi/srat.c - parse the SRAT (ACPI 6.5, section 5.2.16).
 *
 * Only parsing happens here: which proximity domain becomes which node,
 * and whether the ranges make sense together, is mm/numa.c's business.
 */
#define pr_fmt(fmt) "ACPI: SRAT: " fmt

#include "drivers/acpi/acpi.h"
#include "drivers/acpi/srat.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

#define SRAT_HDR_LEN            48      /* header + u32 reserved + u64 reserved */

#define SRAT_TYPE_CPU_APIC      0
#define SRAT_TYPE_MEMORY        1
#define SRAT_TYPE_CPU_X2APIC    2

#define SRAT_CPU_APIC_LEN       16
#define SRAT_MEMORY_LEN         40
#define SRAT_CPU_X2APIC_LEN     24

#define SRAT_ENABLED            (1u << 0)
#define SRAT_MEM_HOTPLUG        (1u << 1)
#define SRAT_MEM_NONVOLATILE    (1u << 2)

static int bad(struct numa_affinity *a, size_t off, const char *why)
{
	pr_err("subtable at offset %zu: %s; SRAT not used\n", off, why);
	a->mem_nr = a->cpu_nr = 0;
	return -EINVAL;
}

static void add_cpu(struct numa_affinity *a, uint32_t apic_id, uint32_t pxm, bool x2apic)
{
	if (a->cpu_nr == NUMA_CPU_MAX) {
		a->dropped++;
		return;
	}
	a->cpu[a->cpu_nr++] = (struct numa_cpu){ apic_id, pxm, x2apic };
}

int srat_parse(struct numa_affinity *a, const void *table, size_t len)
{
	const uint8_t *t = table;
	uint8_t rev;

	a->mem_nr = a->cpu_nr = 0;
	if (len < SRAT_HDR_LEN)
		return bad(a, 0, "table shorter than its header");
	rev = t[8];

	for (size_t off = SRAT_HDR_LEN; off < len;) {
		const uint8_t *s = t + off;
		uint8_t type, slen;
		uint32_t flags, pxm;

		if (len - off < 2)
			return bad(a, off, "truncated subtable header");
		type = s[0];
		slen = s[1];
		if (slen < 2)
			return bad(a, off, "subtable length below 2");
		if (slen > len - off)
			return bad(a, off, "subtable runs past the end of the table");

		switch (type) {
		case SRAT_TYPE_CPU_APIC:
			if (slen < SRAT_CPU_APIC_LEN)
				return bad(a, off, "processor affinity shorter than 16 bytes");
			flags = acpi_get32(s + 4);
			pxm = s[2];
			if (rev >= 2)
				pxm |= (uint32_t)(s[9] | s[10] << 8 | s[11] << 16) << 8;
			if (flags & SRAT_ENABLED)
				add_cpu(a, s[3], pxm, false);
			break;
		case SRAT_TYPE_CPU_X2APIC:
			if (slen < SRAT_CPU_X2APIC_LEN)
				return bad(a, off, "x2APIC affinity shorter than 24 bytes");
			flags = acpi_get32(s + 12);
			if (flags & SRAT_ENABLED)
				add_cpu(a, acpi_get32(s + 8), acpi_get32(s + 4), true);
			break;
		case SRAT_TYPE_MEMORY: {
			struct numa_memblk *m;
			uint64_t base, size;

			if (slen < SRAT_MEMORY_LEN)
				return bad(a, off, "memory affinity shorter than 40 bytes");
			flags = acpi_get32(s + 28);
			if (!(flags & SRAT_ENABLED))
				break;
			pxm = acpi_get32(s + 2);
			if (rev <= 1)
				pxm &= 0xff;
			base = acpi_get64(s + 8);
			size = acpi_get64(s + 16);
			if (base + size < base)
				return bad(a, off, "memory range wraps past 2^64");
			if (a->mem_nr == NUMA_MEMBLK_MAX) {
				a->dropped++;
				break;
			}
			m = &a->mem[a->mem_nr++];
			m->start = base;
			m->end = base + size;
			m->pxm = pxm;
			m->hotplug = flags & SRAT_MEM_HOTPLUG;
			m->nonvolatile = flags & SRAT_MEM_NONVOLATILE;
			break;
		}
		default:
			break;  /* GICC, ITS, generic initiator...: not ours */
		}
		off += slen;
	}
	if (a->dropped)
		pr_warn("%u entries beyond NUMA_MEMBLK_MAX/NUMA_CPU_MAX ignored; raise them\n",
			a->dropped);
	return 0;
}
