/*
 * kernel/multiboot2.h - the multiboot2 boot information format, as the
 * Multiboot2 Specification (version 2.0) defines it, and its parser.
 *
 * The information starts with { u32 total_size; u32 reserved; } and is
 * followed by 8-byte-aligned tags { u32 type; u32 size; ... }, ended by a
 * tag of type 0 and size 8.
 */
#ifndef KERNEL_MULTIBOOT2_H
#define KERNEL_MULTIBOOT2_H

#include "kernel/bootinfo.h"

#define MB2_BOOTLOADER_MAGIC    0x36d76289

/* Tag types (Multiboot2 Specification, section 3.6). */
enum mb2_tag_type {
	MB2_TAG_END = 0,
	MB2_TAG_CMDLINE = 1,
	MB2_TAG_LOADER_NAME = 2,
	MB2_TAG_MODULE = 3,
	MB2_TAG_BASIC_MEMINFO = 4,
	MB2_TAG_BOOTDEV = 5,
	MB2_TAG_MMAP = 6,
	MB2_TAG_VBE = 7,
	MB2_TAG_FRAMEBUFFER = 8,
	MB2_TAG_ELF_SECTIONS = 9,
	MB2_TAG_APM = 10,
	MB2_TAG_EFI32 = 11,
	MB2_TAG_EFI64 = 12,
	MB2_TAG_SMBIOS = 13,
	MB2_TAG_ACPI_OLD = 14,
	MB2_TAG_ACPI_NEW = 15,
	MB2_TAG_NETWORK = 16,
	MB2_TAG_EFI_MMAP = 17,
	MB2_TAG_EFI_BS = 18,
	MB2_TAG_EFI32_IH = 19,
	MB2_TAG_EFI64_IH = 20,
	MB2_TAG_LOAD_BASE_ADDR = 21,
};

/* The largest boot information we accept: far above what any loader
 * writes (OVMF's ~120-descriptor EFI map makes it ~7 KiB). */
#define MB2_INFO_MAX            (1u << 20)

/**
 * mb2_parse() - validate multiboot2 information and copy it into @bi.
 * @bi:    filled in; on failure @bi->error and @bi->error_offset say why
 * @magic: the value GRUB left in EAX
 * @info:  the information, readable for @avail bytes
 * @avail: how many bytes at @info may be read (the caller's bound; the
 *         parser never reads past it nor past the information's own size)
 * @phys:  where the information lies in physical memory (kept in @bi, so
 *         the memory can be reserved)
 *
 * Every tag is checked against the total size before it is read; a tag
 * whose content does not fit its size is an error, never read partly.
 * Tables larger than boot_info holds are truncated and counted.
 *
 * Return: 0, or -EINVAL with @bi->error set.
 */
int mb2_parse(struct boot_info *bi, uint32_t magic, const void *info,
	      size_t avail, phys_addr_t phys);

/**
 * mb2_scan_screen() - find the screen in multiboot2 information before
 * anything else is read of it, so that even a fault mb2_parse() panics on
 * can be shown there.
 * @bi:    only @bi->fb (BOOT_FB_NONE when there is no framebuffer tag),
 *         @bi->firmware and @bi->tags_seen are filled in; the rest is zero
 * @magic, @info, @avail, @phys: as for mb2_parse()
 *
 * Tags are walked with mb2_parse()'s bounds checks, but only the
 * framebuffer tag is looked into; on a fault, what was found before it is
 * kept, and nothing after it is read.
 *
 * Return: 0, or -EINVAL with @bi->error set.
 */
int mb2_scan_screen(struct boot_info *bi, uint32_t magic, const void *info,
		    size_t avail, phys_addr_t phys);

/* The name of a tag type for log lines ("mmap", "acpi-new", ...). */
const char *mb2_tag_name(uint32_t type);

#endif
