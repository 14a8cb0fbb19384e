/*
 * kernel/multiboot2.c - validate the multiboot2 boot information and copy
 * what the kernel needs into struct boot_info.
 *
 * Nothing here trusts the loader: the total size is bounded by the caller's
 * limit, every tag must lie inside the total size and be at least as large
 * as its fixed part before any field of it is read, and every table inside
 * a tag (memory maps, strings, palettes) is bounded by the tag's own size.
 * Any violation makes the whole information invalid: half-read boot
 * information is worse than none, and the caller panics with our message.
 *
 * Portable: no multiboot2 data is reached other than through @info, so the
 * host unit tests feed it crafted buffers.
 */
#define pr_fmt(fmt) "multiboot2: " fmt

#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/multiboot2.h"
#include "kernel/printk.h"
#include "kernel/string.h"

/* Fixed parts of the tags we read, per the specification (section 3.6). */
#define TAG_HDR         8       /* u32 type, u32 size */
#define MMAP_HDR        16      /* + u32 entry_size, u32 entry_version */
#define MMAP_ENTRY_MIN  24      /* u64 base, u64 length, u32 type, u32 rsvd */
#define EFI_MMAP_HDR    16      /* + u32 descr_size, u32 descr_version */
#define EFI_DESC_MIN    40      /* EFI_MEMORY_DESCRIPTOR, UEFI 2.x */
/* The framebuffer tag's common part is 32 bytes: GRUB's multiboot2.h (the
 * reference implementation) has a u16 reserved field after the type byte,
 * where the specification's prose says u8; what GRUB writes is what we
 * read.  RGB colour info follows at offset 32. */
#define FB_COMMON       32
#define FB_RGB          (FB_COMMON + 6)
#define MODULE_HDR      16      /* + u32 mod_start, u32 mod_end */

static uint32_t rd32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static uint64_t rd64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

static int fail(struct boot_info *bi, uint32_t offset, const char *why)
{
	bi->error = why;
	bi->error_offset = offset;
	return -EINVAL;
}

/*
 * Copy a NUL-terminated string that must end inside [s, s + len); with
 * @dst NULL only check it.  Return false when it does not end in time.
 */
static bool copy_string(char *dst, size_t dst_size, const uint8_t *s,
			size_t len, bool *truncated)
{
	size_t n = strnlen((const char *)s, len);

	if (n == len)
		return false;
	if (!dst)
		return true;
	if (truncated)
		*truncated = n >= dst_size;
	strlcpy(dst, (const char *)s, dst_size);
	return true;
}

/*
 * The tag parsers below check their tag completely, then store it in @bi
 * only when @keep: a second copy of a tag is checked but not kept.
 */
static int parse_mmap(struct boot_info *bi, const uint8_t *tag, uint32_t size,
		      uint32_t off, bool keep)
{
	uint32_t esize, n;

	if (size < MMAP_HDR)
		return fail(bi, off, "memory map tag shorter than its header");
	esize = rd32(tag + 8);
	if (esize < MMAP_ENTRY_MIN || !IS_ALIGNED(esize, 8))
		return fail(bi, off, "memory map entry size is not a multiple of 8 of at least 24");
	if ((size - MMAP_HDR) % esize)
		return fail(bi, off, "memory map tag size is not a whole number of entries");
	n = keep ? (size - MMAP_HDR) / esize : 0;
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *e = tag + MMAP_HDR + (size_t)i * esize;
		struct boot_mmap_entry *m;

		if (bi->mmap_nr == BOOT_MMAP_MAX) {
			bi->mmap_dropped++;
			continue;
		}
		m = &bi->mmap[bi->mmap_nr++];
		m->addr = rd64(e);
		m->len = rd64(e + 8);
		m->type = rd32(e + 16);
	}
	return 0;
}

static int parse_efi_mmap(struct boot_info *bi, const uint8_t *tag,
			  uint32_t size, uint32_t off, bool keep)
{
	uint32_t dsize, n;

	if (size < EFI_MMAP_HDR)
		return fail(bi, off, "EFI memory map tag shorter than its header");
	dsize = rd32(tag + 8);
	if (dsize < EFI_DESC_MIN || !IS_ALIGNED(dsize, 8))
		return fail(bi, off, "EFI memory descriptor size is not a multiple of 8 of at least 40");
	/* An empty map is odd but harmless (tag 6 is used instead); a
	 * descriptor size larger than the tag holds is not. */
	if (size > EFI_MMAP_HDR && dsize > size - EFI_MMAP_HDR)
		return fail(bi, off, "EFI memory descriptor size exceeds its tag");
	if (!keep)
		return 0;
	/* UEFI lets the map be followed by slack, so do not demand an exact
	 * fit; take the whole descriptors that fit in the tag. */
	n = (size - EFI_MMAP_HDR) / dsize;
	bi->efi_desc_version = rd32(tag + 12);
	for (uint32_t i = 0; i < n; i++) {
		const uint8_t *d = tag + EFI_MMAP_HDR + (size_t)i * dsize;
		struct boot_efi_mmap_entry *e;

		if (bi->efi_mmap_nr == BOOT_EFI_MMAP_MAX) {
			bi->efi_mmap_dropped++;
			continue;
		}
		e = &bi->efi_mmap[bi->efi_mmap_nr++];
		e->type = rd32(d);
		e->phys = rd64(d + 8);
		e->pages = rd64(d + 24);
		e->attr = rd64(d + 32);
	}
	return 0;
}

static int parse_framebuffer(struct boot_info *bi, const uint8_t *tag,
			     uint32_t size, uint32_t off, bool keep)
{
	struct boot_framebuffer *fb = &bi->fb;
	uint8_t type;

	if (size < FB_COMMON)
		return fail(bi, off, "framebuffer tag shorter than its common part");
	type = tag[29];
	if (type == BOOT_FB_RGB && size < FB_RGB)
		return fail(bi, off, "RGB framebuffer tag without its colour info");
	if (!keep)
		return 0;
	fb->addr = rd64(tag + 8);
	fb->pitch = rd32(tag + 16);
	fb->width = rd32(tag + 20);
	fb->height = rd32(tag + 24);
	fb->bpp = tag[28];
	fb->type = type;
	if (type == BOOT_FB_RGB) {
		fb->red_pos = tag[32];
		fb->red_size = tag[33];
		fb->green_pos = tag[34];
		fb->green_size = tag[35];
		fb->blue_pos = tag[36];
		fb->blue_size = tag[37];
	}
	return 0;
}

static int parse_module(struct boot_info *bi, const uint8_t *tag,
			uint32_t size, uint32_t off)
{
	struct boot_module *m;
	char name[sizeof(m->name)] = "";

	if (size < MODULE_HDR + 1)
		return fail(bi, off, "module tag shorter than its header");
	if (!copy_string(name, sizeof(name), tag + MODULE_HDR, size - MODULE_HDR, NULL))
		return fail(bi, off, "module name is not terminated inside its tag");
	if (rd32(tag + 12) < rd32(tag + 8))
		return fail(bi, off, "module ends before it starts");
	if (bi->modules_nr == BOOT_MODULES_MAX) {
		bi->modules_dropped++;
		return 0;
	}
	m = &bi->modules[bi->modules_nr++];
	m->start = rd32(tag + 8);
	m->end = rd32(tag + 12);
	memcpy(m->name, name, sizeof(name));
	return 0;
}

/* Keep a copy of an RSDP; its own checksums are verified by drivers/acpi. */
static void copy_rsdp(uint8_t *dst, uint32_t *dst_len, const uint8_t *tag,
		      uint32_t size)
{
	uint32_t n = MIN(size - TAG_HDR, (uint32_t)BOOT_RSDP_MAX);

	memcpy(dst, tag + TAG_HDR, n);
	*dst_len = n;
}

/* Parse one tag whose header lies within the information; @keep: it is
 * the first of its type. */
static int parse_tag(struct boot_info *bi, const uint8_t *tag, uint32_t type,
		     uint32_t size, uint32_t off, bool keep)
{
	const uint8_t *body = tag + TAG_HDR;
	uint32_t len = size - TAG_HDR;

	/* Tags that may appear once: GRUB never writes two; if a loader
	 * does, the first is kept and the others must still be well formed. */
	if (!keep && type != MB2_TAG_MODULE)
		pr_warn("second %s tag at offset %u ignored\n", mb2_tag_name(type), off);
	else
		keep = true;

	switch (type) {
	case MB2_TAG_CMDLINE:
		if (!copy_string(keep ? bi->cmdline : NULL, sizeof(bi->cmdline),
				 body, len, &bi->cmdline_truncated))
			return fail(bi, off, "command line is not terminated inside its tag");
		return 0;
	case MB2_TAG_LOADER_NAME:
		if (!copy_string(keep ? bi->loader : NULL, sizeof(bi->loader),
				 body, len, NULL))
			return fail(bi, off, "boot loader name is not terminated inside its tag");
		return 0;
	case MB2_TAG_MODULE:
		return parse_module(bi, tag, size, off);
	case MB2_TAG_BASIC_MEMINFO:
		if (size < 16)
			return fail(bi, off, "basic memory info tag too short");
		if (keep) {
			bi->mem_lower_kb = rd32(body);
			bi->mem_upper_kb = rd32(body + 4);
		}
		return 0;
	case MB2_TAG_MMAP:
		return parse_mmap(bi, tag, size, off, keep);
	case MB2_TAG_FRAMEBUFFER:
		return parse_framebuffer(bi, tag, size, off, keep);
	case MB2_TAG_EFI32:
		if (size < 12)
			return fail(bi, off, "EFI32 system table tag too short");
		if (keep)
			bi->efi_system_table = rd32(body);
		return 0;
	case MB2_TAG_EFI64:
		if (size < 16)
			return fail(bi, off, "EFI64 system table tag too short");
		if (keep)
			bi->efi_system_table = rd64(body);
		return 0;
	case MB2_TAG_ACPI_OLD:
		if (keep)
			copy_rsdp(bi->rsdp_v1, &bi->rsdp_v1_len, tag, size);
		return 0;
	case MB2_TAG_ACPI_NEW:
		if (keep)
			copy_rsdp(bi->rsdp_v2, &bi->rsdp_v2_len, tag, size);
		return 0;
	case MB2_TAG_EFI_MMAP:
		return parse_efi_mmap(bi, tag, size, off, keep);
	case MB2_TAG_LOAD_BASE_ADDR:
		if (size < 12)
			return fail(bi, off, "load base address tag too short");
		if (keep) {
			bi->load_base = rd32(body);
			bi->has_load_base = true;
		}
		return 0;
	default:
		/* Known tags we do not need, and tags from the future:
		 * their size lets us step over them. */
		return 0;
	}
}

typedef int (*tag_fn)(struct boot_info *bi, const uint8_t *tag, uint32_t type,
		      uint32_t size, uint32_t off, bool keep);

/*
 * Check the information's header, then hand each tag to @fn, in order,
 * once its header is known to lie inside the information; record the tag
 * types seen.  Stops at the end tag, or at the first fault (returned).
 */
static int walk(struct boot_info *bi, uint32_t magic, const void *info,
		size_t avail, tag_fn fn)
{
	const uint8_t *base = info;
	uint32_t total, off;

	if (magic != MB2_BOOTLOADER_MAGIC)
		return fail(bi, 0, "not loaded by a multiboot2 boot loader (bad magic in EAX)");
	if (!info || !IS_ALIGNED((uintptr_t)info, 8))
		return fail(bi, 0, "boot information is not 8-byte aligned");
	if (avail < 2 * TAG_HDR)
		return fail(bi, 0, "no room for boot information");
	total = rd32(base);
	if (total < 2 * TAG_HDR)
		return fail(bi, 0, "boot information total_size is smaller than its header and end tag");
	if (total > avail || total > MB2_INFO_MAX)
		return fail(bi, 0, "boot information total_size is larger than the memory it may occupy");
	bi->info_size = total;

	for (off = TAG_HDR; off + TAG_HDR <= total;) {
		const uint8_t *tag = base + off;
		uint32_t type = rd32(tag), size = rd32(tag + 4);
		bool first = !(type < 64 && (bi->tags_seen & (1ULL << type)));
		int err;

		if (size < TAG_HDR)
			return fail(bi, off, "tag size is smaller than a tag header");
		if (size > total - off)
			return fail(bi, off, "tag runs past the end of the boot information");
		if (type == MB2_TAG_END) {
			if (size != TAG_HDR)
				return fail(bi, off, "end tag has a size other than 8");
			return 0;
		}
		if (type < 64)
			bi->tags_seen |= 1ULL << type;
		err = fn(bi, tag, type, size, off, first);
		if (err)
			return err;
		off += ALIGN_UP(size, 8u);
	}
	return fail(bi, off, "boot information has no end tag");
}

/* GRUB passes the EFI system table only when booted by UEFI. */
static enum boot_firmware firmware_of(const struct boot_info *bi)
{
	return bi->tags_seen & ((1ULL << MB2_TAG_EFI32) | (1ULL << MB2_TAG_EFI64))
	       ? BOOT_FW_UEFI : BOOT_FW_BIOS;
}

static void reset(struct boot_info *bi, phys_addr_t phys)
{
	memset(bi, 0, sizeof(*bi));
	bi->fb.type = BOOT_FB_NONE;
	bi->info_addr = phys;
}

int mb2_parse(struct boot_info *bi, uint32_t magic, const void *info,
	      size_t avail, phys_addr_t phys)
{
	int err;

	reset(bi, phys);
	err = walk(bi, magic, info, avail, parse_tag);
	if (err)
		return err;
	bi->firmware = firmware_of(bi);

	if (bi->mmap_dropped)
		pr_warn("%u memory map entries beyond BOOT_MMAP_MAX (%u) dropped; raise it\n",
			bi->mmap_dropped, BOOT_MMAP_MAX);
	if (bi->efi_mmap_dropped)
		pr_warn("%u EFI memory descriptors beyond BOOT_EFI_MMAP_MAX (%u) dropped; raise it\n",
			bi->efi_mmap_dropped, BOOT_EFI_MMAP_MAX);
	if (bi->modules_dropped)
		pr_warn("%u modules beyond BOOT_MODULES_MAX (%u) ignored\n",
			bi->modules_dropped, BOOT_MODULES_MAX);
	if (bi->cmdline_truncated)
		pr_warn("command line longer than BOOT_CMDLINE_MAX (%u) truncated\n",
			BOOT_CMDLINE_MAX);
	return 0;
}

/* The screen scan reads the first framebuffer tag and steps over the rest. */
static int scan_tag(struct boot_info *bi, const uint8_t *tag, uint32_t type,
		    uint32_t size, uint32_t off, bool keep)
{
	if (type != MB2_TAG_FRAMEBUFFER || !keep)
		return 0;
	return parse_framebuffer(bi, tag, size, off, true);
}

int mb2_scan_screen(struct boot_info *bi, uint32_t magic, const void *info,
		    size_t avail, phys_addr_t phys)
{
	int err;

	reset(bi, phys);
	/* On a fault, what was found before it stands: a framebuffer tag is
	 * kept only once it passed its own checks. */
	err = walk(bi, magic, info, avail, scan_tag);
	bi->firmware = firmware_of(bi);
	return err;
}

const char *mb2_tag_name(uint32_t type)
{
	static const char *const names[] = {
		[MB2_TAG_END] = "end",
		[MB2_TAG_CMDLINE] = "cmdline",
		[MB2_TAG_LOADER_NAME] = "loader-name",
		[MB2_TAG_MODULE] = "module",
		[MB2_TAG_BASIC_MEMINFO] = "basic-meminfo",
		[MB2_TAG_BOOTDEV] = "bootdev",
		[MB2_TAG_MMAP] = "mmap",
		[MB2_TAG_VBE] = "vbe",
		[MB2_TAG_FRAMEBUFFER] = "framebuffer",
		[MB2_TAG_ELF_SECTIONS] = "elf-sections",
		[MB2_TAG_APM] = "apm",
		[MB2_TAG_EFI32] = "efi32",
		[MB2_TAG_EFI64] = "efi64",
		[MB2_TAG_SMBIOS] = "smbios",
		[MB2_TAG_ACPI_OLD] = "acpi-old",
		[MB2_TAG_ACPI_NEW] = "acpi-new",
		[MB2_TAG_NETWORK] = "network",
		[MB2_TAG_EFI_MMAP] = "efi-mmap",
		[MB2_TAG_EFI_BS] = "efi-bs",
		[MB2_TAG_EFI32_IH] = "efi32-ih",
		[MB2_TAG_EFI64_IH] = "efi64-ih",
		[MB2_TAG_LOAD_BASE_ADDR] = "load-base",
	};

	return type < ARRAY_SIZE(names) && names[type] ? names[type] : "unknown";
}
