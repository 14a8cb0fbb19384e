/*
 * kernel/memory.c - the machine's physical memory map, from the boot
 * loader's handover to the sanitized map every later stage reads.
 *
 * Under UEFI the UEFI memory map (multiboot2 tag 17) is the source, as for
 * Linux booted through its EFI stub; GRUB's own e820-style map (tag 6) is
 * derived from it and only cross-checked.  Under BIOS, tag 6 is the e820
 * map SeaBIOS or the PC BIOS reported.
 *
 * Options, as in Linux:
 *   mem=nn[KMG]            use no RAM at or above this address
 *   memmap=nn[KMG]$ss[KMG] mark a range reserved
 *   memmap=nn[KMG]@ss[KMG] mark a range usable RAM
 *   memmap=nn[KMG]#ss[KMG] mark a range ACPI data
 */
#define pr_fmt(fmt) fmt

#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/memory.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define MEMMAP_USER_MAX 8
#define BIOS_AREA_START 0xa0000
#define BIOS_AREA_END   0x100000

static struct memmap memmap;

static uint64_t mem_limit;
static struct memmap_entry user_ranges[MEMMAP_USER_MAX];
static unsigned int user_nr;

static int set_mem(const char *val)
{
	uint64_t v;

	if (cmdline_memparse(val, &v) || v < SZ_1M)
		return -EINVAL;
	mem_limit = v;
	return 0;
}
KERNEL_PARAM("mem", set_mem);

static int set_memmap(const char *val)
{
	char size[32];
	const char *sep;
	uint64_t len, start;
	uint32_t type;

	if (!val || !(sep = val + strcspn(val, "$@#")) || !*sep ||
	    (size_t)(sep - val) >= sizeof(size))
		return -EINVAL;
	memcpy(size, val, (size_t)(sep - val));
	size[sep - val] = '\0';
	if (cmdline_memparse(size, &len) || cmdline_memparse(sep + 1, &start) ||
	    !len || start + len < start)
		return -EINVAL;
	type = *sep == '$' ? MEMMAP_RESERVED : *sep == '@' ? MEMMAP_USABLE : MEMMAP_ACPI;
	if (user_nr == MEMMAP_USER_MAX) {
		pr_warn("memmap: more than MEMMAP_USER_MAX (%u) ranges; ignored\n",
			MEMMAP_USER_MAX);
		return 0;
	}
	user_ranges[user_nr++] = (struct memmap_entry){ start, start + len, type };
	return 0;
}
KERNEL_PARAM("memmap", set_memmap);

void memmap_print(const struct memmap *m, const char *prefix)
{
	for (unsigned int i = 0; i < m->nr; i++) {
		const struct memmap_entry *e = &m->e[i];
		const char *name = memmap_type_name(e->type);

		if (name)
			pr_info("%s: [mem 0x%016lx-0x%016lx] %s\n", prefix,
				e->start, e->end - 1, name);
		else
			pr_info("%s: [mem 0x%016lx-0x%016lx] type %u\n", prefix,
				e->start, e->end - 1, e->type);
	}
}

static void add_efi_map(struct memmap *m, const struct boot_info *bi)
{
	for (unsigned int i = 0; i < bi->efi_mmap_nr; i++) {
		const struct boot_efi_mmap_entry *d = &bi->efi_mmap[i];

		if (d->pages > (UINT64_MAX >> PAGE_SHIFT))
			memmap_add(m, d->phys, UINT64_MAX, memmap_efi_type(d->type, d->attr));
		else
			memmap_add(m, d->phys, d->pages << PAGE_SHIFT,
				   memmap_efi_type(d->type, d->attr));
	}
}

static void add_e820_map(struct memmap *m, const struct boot_info *bi)
{
	for (unsigned int i = 0; i < bi->mmap_nr; i++)
		memmap_add(m, bi->mmap[i].addr, bi->mmap[i].len, bi->mmap[i].type);
}

/* Under UEFI: say where GRUB's map and the UEFI map disagree on RAM. */
static void cross_check(const struct memmap *efi, const struct boot_info *bi)
{
	static struct memmap grub;
	uint64_t a, b;

	memmap_init(&grub);
	add_e820_map(&grub, bi);
	memmap_sanitize(&grub);
	a = memmap_total(efi, MEMMAP_USABLE);
	b = memmap_total(&grub, MEMMAP_USABLE);
	if (a != b)
		pr_info("e820: GRUB's map has %lu KiB of usable RAM, the UEFI map %lu KiB; using the UEFI map\n",
			b >> 10, a >> 10);
}

const struct memmap *memmap_setup(const struct boot_info *bi)
{
	struct memmap *m = &memmap;
	unsigned int bits = cpu_phys_bits();

	memmap_init(m);
	if (bi->efi_mmap_nr) {
		add_efi_map(m, bi);
		memmap_sanitize(m);
		cross_check(m, bi);
		pr_info("BIOS-provided physical RAM map (from %u UEFI memory descriptors):\n",
			bi->efi_mmap_nr);
	} else {
		add_e820_map(m, bi);
		memmap_sanitize(m);
		pr_info("BIOS-provided physical RAM map:\n");
	}
	if (m->dropped)
		pr_warn("e820: %u entries beyond MEMMAP_MAX (%u) lost; raise it\n",
			m->dropped, MEMMAP_MAX);
	memmap_print(m, "BIOS-e820");
	if (!memmap_total(m, MEMMAP_USABLE))
		pr_err("e820: the firmware reports no usable RAM\n");

	/* Nothing beyond the CPU's physical address width is reachable, and
	 * no RAM beyond what the direct map can hold is usable. */
	if (m->nr && m->e[m->nr - 1].end > (1UL << bits)) {
		pr_warn("e820: cutting the map at the CPU's %u-bit physical address limit\n", bits);
		memmap_remove_above(m, 1UL << bits, 0);
	}
	if (memmap_total(m, MEMMAP_USABLE) && m->e[m->nr - 1].end > DIRECT_MAP_MAX) {
		pr_warn("e820: RAM above %lu TiB is beyond the direct map; raise DIRECT_MAP_MAX to use it\n",
			DIRECT_MAP_MAX >> 40);
		memmap_remove_above(m, DIRECT_MAP_MAX, MEMMAP_USABLE);
	}

	for (unsigned int i = 0; i < user_nr; i++)
		if (memmap_set(m, user_ranges[i].start, user_ranges[i].end, user_ranges[i].type))
			pr_warn("memmap: no room for [mem 0x%016lx-0x%016lx]; raise MEMMAP_MAX\n",
				user_ranges[i].start, user_ranges[i].end - 1);
	if (mem_limit)
		memmap_remove_above(m, mem_limit, MEMMAP_USABLE);
	if (user_nr || mem_limit) {
		pr_info("user-defined physical RAM map:\n");
		memmap_print(m, "user");
	}

	/* Page 0 holds the real-mode IVT and BIOS data: never RAM for us,
	 * as in Linux - whatever the firmware or memmap= said.  With no room
	 * in the map to split the entry, page 0 is cut out of it instead. */
	if (m->nr && m->e[0].start == 0 && m->e[0].type == MEMMAP_USABLE) {
		pr_info("e820: update [mem 0x00000000-0x00000fff] usable ==> reserved\n");
		if (memmap_set(m, 0, PAGE_SIZE, MEMMAP_RESERVED))
			m->e[0].start = PAGE_SIZE;
	}
	/* 640 KiB to 1 MiB is the legacy video and BIOS ROM area, whatever a
	 * firmware or memmap= says: never RAM (Linux's trim_bios_range()).
	 * The rest of the first MiB stays RAM, reserved by bootmem. */
	pr_info("e820: remove [mem 0x%08x-0x%08x] usable\n", BIOS_AREA_START, BIOS_AREA_END - 1);
	if (memmap_remove(m, BIOS_AREA_START, BIOS_AREA_END, MEMMAP_USABLE))
		pr_warn("e820: no room in the map to remove the BIOS area; raise MEMMAP_MAX\n");
	return m;
}
