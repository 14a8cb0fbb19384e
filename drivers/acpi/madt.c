/*
 * drivers/acpi/madt.c - parse the processor entries of the MADT.
 */
#define pr_fmt(fmt) "ACPI: MADT: " fmt

#include "drivers/acpi/acpi.h"
#include "drivers/acpi/madt.h"
#include "kernel/errno.h"
#include "kernel/printk.h"

#define MADT_HDR_LEN            44      /* header + u32 LAPIC address + u32 flags */
#define MADT_TYPE_LAPIC         0
#define MADT_TYPE_X2APIC        9
#define MADT_LAPIC_LEN          8
#define MADT_X2APIC_LEN         16
#define MADT_ENABLED            (1u << 0)
#define MADT_ONLINE_CAPABLE     (1u << 1)

static int bad(struct madt *m, size_t off, const char *why)
{
	pr_err("subtable at offset %zu: %s; MADT not used\n", off, why);
	m->cpu_nr = 0;
	return -EINVAL;
}

static void add_cpu(struct madt *m, uint32_t apic_id, uint32_t uid,
		    bool x2apic, uint32_t flags)
{
	if (m->cpu_nr == MADT_CPU_MAX) {
		m->dropped++;
		return;
	}
	m->cpu[m->cpu_nr++] = (struct madt_cpu){
		.apic_id = apic_id,
		.uid = uid,
		.x2apic = x2apic,
		.enabled = flags & MADT_ENABLED,
		.online_capable = !(flags & MADT_ENABLED) && (flags & MADT_ONLINE_CAPABLE),
	};
}

int madt_parse(struct madt *m, const void *table, size_t len)
{
	const uint8_t *t = table;

	m->cpu_nr = m->dropped = 0;
	if (len < MADT_HDR_LEN)
		return bad(m, 0, "table shorter than its header");
	m->revision = t[8];
	m->lapic_addr = acpi_get32(t + 36);
	m->flags = acpi_get32(t + 40);

	for (size_t off = MADT_HDR_LEN; off < len;) {
		const uint8_t *s = t + off;
		uint8_t slen;

		if (len - off < 2)
			return bad(m, off, "truncated subtable header");
		slen = s[1];
		if (slen < 2)
			return bad(m, off, "subtable length below 2");
		if (slen > len - off)
			return bad(m, off, "subtable runs past the end of the table");
		if (s[0] == MADT_TYPE_LAPIC) {
			if (slen < MADT_LAPIC_LEN)
				return bad(m, off, "local APIC entry shorter than 8 bytes");
			add_cpu(m, s[3], s[2], false, acpi_get32(s + 4));
		} else if (s[0] == MADT_TYPE_X2APIC) {
			if (slen < MADT_X2APIC_LEN)
				return bad(m, off, "local x2APIC entry shorter than 16 bytes");
			add_cpu(m, acpi_get32(s + 4), acpi_get32(s + 12), true,
				acpi_get32(s + 8));
		}
		off += slen;
	}
	if (m->dropped)
		pr_warn("%u processors beyond MADT_CPU_MAX (%u) ignored; raise it\n",
			m->dropped, MADT_CPU_MAX);
	return 0;
}
