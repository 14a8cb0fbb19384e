/*
 * kernel/bootinfo.h - what the kernel keeps of the boot loader's handover.
 *
 * The multiboot2 information lies in memory the kernel will soon reuse (at
 * 0x4000 under UEFI, right after the kernel image under BIOS), so the first
 * thing kmain does is copy what later stages need into one struct boot_info
 * (kernel/multiboot2.c).  Later stages read only this struct: none of them
 * sees a multiboot2 tag.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include "kernel/types.h"

#define BOOT_CMDLINE_MAX        2048    /* bytes, NUL included */
#define BOOT_LOADER_NAME_MAX    64
#define BOOT_MMAP_MAX           256     /* firmware memory map entries */
#define BOOT_EFI_MMAP_MAX       1024    /* UEFI memory map descriptors */
#define BOOT_MODULES_MAX        8
#define BOOT_RSDP_MAX           64      /* bytes of RSDP kept */

/* Firmware memory map types: the e820 numbering multiboot2 uses too. */
enum e820_type {
	E820_USABLE = 1,
	E820_RESERVED = 2,
	E820_ACPI = 3,          /* ACPI data, reclaimable */
	E820_NVS = 4,           /* ACPI NVS */
	E820_UNUSABLE = 5,      /* defective RAM */
	E820_PMEM = 7,          /* persistent memory */
};

struct boot_mmap_entry {
	phys_addr_t addr;
	uint64_t len;
	uint32_t type;          /* enum e820_type, or whatever the firmware said */
};

/* One UEFI memory descriptor (UEFI spec, EFI_MEMORY_DESCRIPTOR). */
struct boot_efi_mmap_entry {
	uint32_t type;          /* EfiConventionalMemory = 7, ... */
	phys_addr_t phys;
	uint64_t pages;         /* 4 KiB pages */
	uint64_t attr;
};

enum boot_fb_type {
	BOOT_FB_NONE = -1,
	BOOT_FB_INDEXED = 0,
	BOOT_FB_RGB = 1,
	BOOT_FB_EGA_TEXT = 2,
};

struct boot_framebuffer {
	int type;               /* enum boot_fb_type */
	phys_addr_t addr;
	uint32_t pitch;         /* bytes per line */
	uint32_t width;         /* pixels, or characters for EGA text */
	uint32_t height;
	uint8_t bpp;
	uint8_t red_pos, red_size;
	uint8_t green_pos, green_size;
	uint8_t blue_pos, blue_size;
};

struct boot_module {
	phys_addr_t start, end; /* [start, end) */
	char name[64];
};

enum boot_firmware {
	BOOT_FW_BIOS,
	BOOT_FW_UEFI,
};

struct boot_info {
	/* Where the multiboot2 information itself lies: reserve it. */
	phys_addr_t info_addr;
	uint32_t info_size;
	uint64_t tags_seen;     /* bit N: a tag of type N (< 64) was present */

	enum boot_firmware firmware;
	char loader[BOOT_LOADER_NAME_MAX];
	char cmdline[BOOT_CMDLINE_MAX];
	bool cmdline_truncated;

	struct boot_mmap_entry mmap[BOOT_MMAP_MAX];
	unsigned int mmap_nr;
	unsigned int mmap_dropped;      /* entries beyond BOOT_MMAP_MAX */

	struct boot_efi_mmap_entry efi_mmap[BOOT_EFI_MMAP_MAX];
	unsigned int efi_mmap_nr;
	unsigned int efi_mmap_dropped;
	uint32_t efi_desc_version;
	phys_addr_t efi_system_table;   /* 0 if none */

	uint32_t mem_lower_kb, mem_upper_kb;    /* basic meminfo: not trusted */

	/* ACPI RSDP copies: rev 0 from tag 14, rev 2+ from tag 15. */
	uint8_t rsdp_v1[BOOT_RSDP_MAX];
	uint32_t rsdp_v1_len;           /* 0 if absent */
	uint8_t rsdp_v2[BOOT_RSDP_MAX];
	uint32_t rsdp_v2_len;

	struct boot_framebuffer fb;

	struct boot_module modules[BOOT_MODULES_MAX];
	unsigned int modules_nr;
	unsigned int modules_dropped;

	phys_addr_t load_base;          /* image load address, tag 21 */
	bool has_load_base;

	/* Parse failure, for the panic message. */
	const char *error;
	uint32_t error_offset;          /* byte offset into the information */
};

/* kernel/bootinfo.c: find the screen; take over GRUB's information; log it. */
const struct boot_info *boot_info_screen(uint32_t magic, uint32_t info_phys);
const struct boot_info *boot_info_init(uint32_t magic, uint32_t info_phys);
const struct boot_info *boot_info_get(void);
void boot_info_print(const struct boot_info *bi);

#endif
