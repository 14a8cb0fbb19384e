/*
 * mm/memmap.c - sanitize the physical memory map.
 *
 * The sanitizer cuts the address space at every entry boundary and gives
 * each piece the highest type of the entries covering it; pieces no entry
 * covers are holes.  With at most MEMMAP_MAX entries that quadratic sweep
 * is a few thousand steps, and it is obviously right, which matters more
 * at boot than speed.
 */
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "mm/memmap.h"

void memmap_init(struct memmap *m)
{
	m->nr = 0;
	m->dropped = 0;
}

int memmap_add(struct memmap *m, phys_addr_t start, uint64_t len, uint32_t type)
{
	phys_addr_t end = start + len;

	if (len == 0)
		return 0;
	if (end < start)                /* wraps past 2^64: cut at the top */
		end = UINT64_MAX;
	/* Firmware maps come sorted: merging with the entry before keeps a
	 * UEFI map of many small descriptors within MEMMAP_MAX. */
	if (m->nr && m->e[m->nr - 1].end == start && m->e[m->nr - 1].type == type) {
		m->e[m->nr - 1].end = end;
		return 0;
	}
	/* Full: merging what is there may make room (a UEFI map lists more
	 * descriptors than MEMMAP_MAX, most of them neighbours of one type). */
	if (m->nr == MEMMAP_MAX)
		memmap_sanitize(m);
	if (m->nr == MEMMAP_MAX) {
		m->dropped++;
		return -ENOSPC;
	}
	m->e[m->nr++] = (struct memmap_entry){ start, end, type };
	return 0;
}

static void sort_points(phys_addr_t *p, unsigned int n)
{
	for (unsigned int i = 1; i < n; i++) {
		phys_addr_t v = p[i];
		unsigned int j = i;

		for (; j > 0 && p[j - 1] > v; j--)
			p[j] = p[j - 1];
		p[j] = v;
	}
}

/*
 * Sanitize @nin entries of @in into @m.  Return -ENOSPC, leaving @m as it
 * was, if the result has more than MEMMAP_MAX entries; with @partial, keep
 * the lowest MEMMAP_MAX instead and count the rest in m->dropped.
 */
static int sanitize_into(struct memmap *m, const struct memmap_entry *in,
			 unsigned int nin, bool partial)
{
	static phys_addr_t pts[2 * (MEMMAP_MAX + 2)];
	static struct memmap_entry out[MEMMAP_MAX];
	unsigned int npts = 0, nout = 0, lost = 0;

	for (unsigned int i = 0; i < nin; i++) {
		pts[npts++] = in[i].start;
		pts[npts++] = in[i].end;
	}
	sort_points(pts, npts);

	for (unsigned int i = 0; i + 1 < npts; i++) {
		phys_addr_t a = pts[i], b = pts[i + 1];
		uint32_t type = 0;
		struct memmap_entry *last = nout ? &out[nout - 1] : NULL;

		if (a == b)
			continue;
		for (unsigned int k = 0; k < nin; k++)
			if (in[k].start <= a && b <= in[k].end && in[k].type > type)
				type = in[k].type;
		if (!type)
			continue;       /* a hole */
		if (last && last->end == a && last->type == type)
			last->end = b;
		else if (nout < MEMMAP_MAX)
			out[nout++] = (struct memmap_entry){ a, b, type };
		else
			lost++;
	}
	if (lost && !partial)
		return -ENOSPC;
	memcpy(m->e, out, nout * sizeof(out[0]));
	m->nr = nout;
	m->dropped += lost;
	return 0;
}

void memmap_sanitize(struct memmap *m)
{
	static struct memmap_entry in[MEMMAP_MAX];
	unsigned int nin = m->nr;

	memcpy(in, m->e, nin * sizeof(in[0]));
	sanitize_into(m, in, nin, true);
}

/*
 * Cut [start, end) out of the entries of type @cut (all types if 0), and
 * put an entry of type @put there (none if 0).  Keeps the map sanitized.
 */
static int replace(struct memmap *m, phys_addr_t start, phys_addr_t end, uint32_t cut,
		   uint32_t put)
{
	/* Every entry keeps at most the parts outside [start, end): only one
	 * can be split in two; plus the new entry. */
	static struct memmap_entry tmp[MEMMAP_MAX + 2];
	unsigned int n = 0;

	if (start >= end)
		return 0;
	for (unsigned int i = 0; i < m->nr; i++) {
		struct memmap_entry e = m->e[i];

		if (n + 3 > ARRAY_SIZE(tmp))
			return -ENOSPC;         /* only if @m was not sanitized */
		if (e.end <= start || e.start >= end || (cut && e.type != cut)) {
			tmp[n++] = e;
			continue;
		}
		if (e.start < start)
			tmp[n++] = (struct memmap_entry){ e.start, start, e.type };
		if (e.end > end)
			tmp[n++] = (struct memmap_entry){ end, e.end, e.type };
	}
	if (put)
		tmp[n++] = (struct memmap_entry){ start, end, put };
	return sanitize_into(m, tmp, n, false);
}

int memmap_set(struct memmap *m, phys_addr_t start, phys_addr_t end, uint32_t type)
{
	return replace(m, start, end, 0, type);
}

int memmap_remove(struct memmap *m, phys_addr_t start, phys_addr_t end, uint32_t type)
{
	return replace(m, start, end, type, 0);
}

void memmap_remove_above(struct memmap *m, phys_addr_t limit, uint32_t type)
{
	unsigned int out = 0;

	for (unsigned int i = 0; i < m->nr; i++) {
		struct memmap_entry e = m->e[i];

		if ((!type || e.type == type) && e.end > limit) {
			if (e.start >= limit)
				continue;
			e.end = limit;
		}
		m->e[out++] = e;
	}
	m->nr = out;
}

uint64_t memmap_total(const struct memmap *m, uint32_t type)
{
	uint64_t sum = 0;

	for (unsigned int i = 0; i < m->nr; i++)
		if (m->e[i].type == type)
			sum += m->e[i].end - m->e[i].start;
	return sum;
}

const char *memmap_type_name(uint32_t type)
{
	switch (type) {
	case MEMMAP_USABLE: return "usable";
	case MEMMAP_RESERVED: return "reserved";
	case MEMMAP_ACPI: return "ACPI data";
	case MEMMAP_NVS: return "ACPI NVS";
	case MEMMAP_UNUSABLE: return "unusable";
	case MEMMAP_PMEM: return "persistent (type 7)";
	case MEMMAP_PRAM: return "persistent (type 12)";
	default: return NULL;
	}
}

/* UEFI memory types (UEFI 2.9, EFI_MEMORY_TYPE). */
enum {
	EFI_RESERVED, EFI_LOADER_CODE, EFI_LOADER_DATA, EFI_BOOT_CODE,
	EFI_BOOT_DATA, EFI_RUNTIME_CODE, EFI_RUNTIME_DATA, EFI_CONVENTIONAL,
	EFI_UNUSABLE, EFI_ACPI_RECLAIM, EFI_ACPI_NVS, EFI_MMIO, EFI_MMIO_PORT,
	EFI_PAL_CODE, EFI_PERSISTENT, EFI_UNACCEPTED,
};
#define EFI_MEMORY_WB   (1ULL << 3)     /* cacheable: RAM must have it */
#define EFI_MEMORY_SP   (1ULL << 18)    /* "specific purpose": not general RAM */

uint32_t memmap_efi_type(uint32_t efi_type, uint64_t attr)
{
	/* As Linux's EFI stub builds e820 (setup_e820): once boot services
	 * have exited, loader and boot-services memory is free RAM; the
	 * firmware's runtime memory stays reserved. */
	switch (efi_type) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_CODE:
	case EFI_BOOT_DATA:
	case EFI_CONVENTIONAL:
		return !(attr & EFI_MEMORY_WB) || (attr & EFI_MEMORY_SP) ? MEMMAP_RESERVED
									  : MEMMAP_USABLE;
	case EFI_UNUSABLE:
		return MEMMAP_UNUSABLE;
	case EFI_ACPI_RECLAIM:
		return MEMMAP_ACPI;
	case EFI_ACPI_NVS:
		return MEMMAP_NVS;
	case EFI_PERSISTENT:
		return MEMMAP_PMEM;
	default:
		return MEMMAP_RESERVED;
	}
}
