/*
 * kernel/bootinfo.c - take over the multiboot2 information.
 *
 * The information must be copied before anything can overwrite it: it
 * lies in memory the allocator will hand out.  Bad information stops the
 * boot here with a message naming the fault: nothing later could trust a
 * memory map read from it.
 */
#define pr_fmt(fmt) fmt

#include "kernel/bootinfo.h"
#include "kernel/ktest.h"
#include "kernel/multiboot2.h"
#include "kernel/panic.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/string.h"

static struct boot_info boot_info;

/* GRUB places the information below 4 GiB, inside the boot identity map;
 * it may not extend past it. */
static size_t info_avail(uint32_t info_phys)
{
	return MIN((size_t)(SZ_4G - info_phys), (size_t)MB2_INFO_MAX);
}

/**
 * boot_info_screen() - the screen GRUB left, before anything can panic.
 * @magic:     EAX at entry
 * @info_phys: EBX at entry, the information's physical address
 *
 * Return: a boot_info of which only the framebuffer and the firmware are
 * filled in (see mb2_scan_screen()), until boot_info_init() fills it all.
 * A fault in the information is left for boot_info_init() to report.
 */
const struct boot_info *boot_info_screen(uint32_t magic, uint32_t info_phys)
{
	mb2_scan_screen(&boot_info, magic, phys_to_virt(info_phys),
			info_avail(info_phys), info_phys);
	return &boot_info;
}

/**
 * boot_info_init() - validate and copy the multiboot2 information.
 * @magic:     EAX at entry
 * @info_phys: EBX at entry, the information's physical address
 *
 * Return: the kernel's copy; panics on invalid information.
 */
const struct boot_info *boot_info_init(uint32_t magic, uint32_t info_phys)
{
	if (mb2_parse(&boot_info, magic, phys_to_virt(info_phys),
		      info_avail(info_phys), info_phys))
		panic("invalid multiboot2 information at %#x (offset %u): %s. "
		      "Boot bootmem2 with GRUB 2's multiboot2 command.",
		      info_phys, boot_info.error_offset, boot_info.error);
	return &boot_info;
}

/* The kernel's copy, for stages and self-tests that run later. */
const struct boot_info *boot_info_get(void)
{
	return &boot_info;
}

/* UEFI memory types (UEFI spec, EFI_MEMORY_TYPE), padded as Linux's efi=debug. */
static const char *efi_type_name(uint32_t type)
{
	static const char *const names[] = {
		"Reserved    ", "Loader Code ", "Loader Data ", "Boot Code   ",
		"Boot Data   ", "Runtime Code", "Runtime Data", "Conventional",
		"Unusable    ", "ACPI Reclaim", "ACPI Mem NVS", "MMIO        ",
		"MMIO Port   ", "PAL Code    ", "Persistent  ", "Unaccepted  ",
	};

	return type < ARRAY_SIZE(names) ? names[type] : "unknown     ";
}

/**
 * boot_info_print() - log what the boot loader handed over; the UEFI
 * memory map as Linux's efi=debug shows it ("efi: memNN:", debug level).
 * The firmware memory map is logged once sanitized (kernel/memory.c).
 */
void boot_info_print(const struct boot_info *bi)
{
	pr_info("Boot loader: %s, firmware: %s\n",
		bi->loader[0] ? bi->loader : "(unnamed)",
		bi->firmware == BOOT_FW_UEFI ? "UEFI" : "BIOS");
	pr_info("Multiboot2 information at %#lx, %u bytes\n", bi->info_addr,
		bi->info_size);
	if (bi->has_load_base)
		pr_info("Kernel image loaded at %#lx\n", bi->load_base);
	for (unsigned int i = 0; i < bi->modules_nr; i++)
		pr_info("Module %u: [mem 0x%08lx-0x%08lx] %s\n", i,
			bi->modules[i].start, bi->modules[i].end - 1,
			bi->modules[i].name);

	if (bi->efi_mmap_nr)
		pr_info("efi: %u UEFI memory descriptors (version %u)\n",
			bi->efi_mmap_nr, bi->efi_desc_version);
	for (unsigned int i = 0; i < bi->efi_mmap_nr; i++) {
		const struct boot_efi_mmap_entry *e = &bi->efi_mmap[i];

		pr_debug("efi: mem%02u: [%s] range=[0x%016lx-0x%016lx] (%luMB)\n",
			 i, efi_type_name(e->type), e->phys,
			 e->phys + (e->pages << PAGE_SHIFT) - 1,
			 e->pages >> (20 - PAGE_SHIFT));
	}
}

extern const char _kernel_phys_start[], __boot_end[], _text[], _etext[];
extern const char __rodata_start[], __rodata_end[], __data_start[], _edata[];
extern const char __bss_start[], __bss_end[];

/* Does [a, a + n) overlap the kernel section [s, e) (linked addresses)? */
static bool overlaps(phys_addr_t a, uint32_t n, const char *s, const char *e)
{
	phys_addr_t ps = (uintptr_t)s, pe = (uintptr_t)e;

	if (ps >= KERNEL_VMA) {
		ps -= KERNEL_VMA;
		pe -= KERNEL_VMA;
	}
	return a < pe && ps < a + n;
}

/*
 * The original information is still intact at the end of the boot (nothing
 * the kernel wrote so far landed on it), our copy still matches it, and it
 * overlaps no kernel section.  GRUB may place it in a gap between two
 * sections of the image (seen: right after .text): the kernel's
 * reservations must cover it on its own, not as part of the image.
 */
KTEST(bootinfo_copy_matches_original)
{
	static struct boot_info again;
	const struct boot_info *bi = &boot_info;
	phys_addr_t a = bi->info_addr;
	uint32_t n = bi->info_size;

	KEXPECT_EQ(t, mb2_parse(&again, MB2_BOOTLOADER_MAGIC,
				phys_to_virt(bi->info_addr), bi->info_size, bi->info_addr), 0);
	KEXPECT(t, memcmp(&again, bi, sizeof(again)) == 0);
	KEXPECT(t, !overlaps(a, n, _kernel_phys_start, __boot_end));
	KEXPECT(t, !overlaps(a, n, _text, _etext));
	KEXPECT(t, !overlaps(a, n, __rodata_start, __rodata_end));
	KEXPECT(t, !overlaps(a, n, __data_start, _edata));
	KEXPECT(t, !overlaps(a, n, __bss_start, __bss_end));
	KEXPECT(t, bi->tags_seen & (1ULL << MB2_TAG_MMAP));
	KEXPECT(t, bi->mmap_nr > 0);
	if (bi->has_load_base)
		KEXPECT_EQ(t, bi->load_base, (uintptr_t)_kernel_phys_start);
}
