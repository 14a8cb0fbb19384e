/*
 * tests/unit/kernel/multiboot2_test.c - mb2_parse() and mb2_scan_screen()
 * on crafted boot information.
 *
 * Each test lays out a multiboot2 information with a small builder, the
 * way GRUB writes it, copies it into a heap block of exactly its length
 * (so AddressSanitizer reports a read one byte past it) and parses that
 * block.  Expected values come from the tables the information was built
 * from, never from the parser's output.
 *
 * The layout every test builds on (Multiboot2 Specification, section 3.6):
 *
 *   0            4          8      12     16          8+size  A      A+4    A+8
 *   +------------+----------+------+------+-----------+-------+------+------+
 *   | total_size | reserved | type | size | content   |  pad  | 0    | 8    |
 *   +------------+----------+------+------+-----------+-------+------+------+
 *    header                  a tag: size counts its     to 8   end tag
 *                            header, not its padding
 *
 *   A = 8 + size rounded up to 8; A + 8 = total_size.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/bootinfo.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/multiboot2.h"
#include "tests/unit/stubs/stubs.h"

/* Fixed parts of the tags, from the specification (and GRUB's header). */
#define TAG_HDR         8       /* u32 type, u32 size */
#define MMAP_HDR        16      /* + u32 entry_size, u32 entry_version */
#define MMAP_ENTRY      24      /* u64 base, u64 length, u32 type, u32 rsvd */
#define EFI_MMAP_HDR    16      /* + u32 descr_size, u32 descr_version */
#define EFI_DESC        40      /* EFI_MEMORY_DESCRIPTOR, UEFI 2.x */
#define OVMF_DESC       48      /* what OVMF reports as descr_size */
#define FB_COMMON       32      /* multiboot_tag_framebuffer_common */
#define FB_RGB          (FB_COMMON + 6)
#define MODULE_HDR      16      /* + u32 mod_start, u32 mod_end */

#define MB1_MAGIC       0x2badb002      /* a multiboot1 loader's EAX */

/* Room for the largest information a test builds (an over-full EFI map). */
#define SCRATCH_SIZE    (64 * 1024)

/* A multiboot2 information under construction. */
struct mb2_builder {
	uint8_t buf[SCRATCH_SIZE];
	uint32_t len;           /* bytes that will be handed to the parser */
	uint32_t last;          /* offset of the last tag added */
	uint64_t types;         /* bit N: a tag of type N (0 < N < 64) added */
	bool total_set;         /* mb2_set_total() overrides total_size */
	uint32_t total;
};

/* One instance per test: nothing carries over. */
struct fixture {
	struct mb2_builder b;
	struct boot_info bi;
	uintptr_t info;         /* where the last parsed block lay */
	size_t info_len;        /* and its length, the parser's @avail */
	const void *param;      /* the case, for table-driven tests */
};

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

/* Start an empty information: the header, total_size patched at the end. */
static void mb2_begin(struct mb2_builder *b)
{
	memset(b, 0, sizeof(*b));
	b->len = TAG_HDR;
}

/*
 * Append a tag whose header says @size but of which only @bytes are laid
 * down (zero past the header), padded to 8 bytes.  @size != @bytes makes
 * a lying tag for the hostile cases.  Returns the tag.
 */
static uint8_t *mb2_add_raw(struct mb2_builder *b, uint32_t type,
			    uint32_t size, uint32_t bytes)
{
	uint32_t room = ALIGN_UP(MAX(bytes, (uint32_t)TAG_HDR), 8u);
	uint8_t *tag = b->buf + b->len;

	assert_true(room <= sizeof(b->buf) - b->len);
	memset(tag, 0, room);
	put32(tag, type);
	put32(tag + 4, size);
	b->last = b->len;
	b->len += room;
	/* The parser never records the end tag: it stops there. */
	if (type != MB2_TAG_END && type < 64)
		b->types |= 1ULL << type;
	return tag;
}

/* Append an honest tag of @size bytes. */
static uint8_t *mb2_add(struct mb2_builder *b, uint32_t type, uint32_t size)
{
	return mb2_add_raw(b, type, size, size);
}

static void mb2_end(struct mb2_builder *b)
{
	mb2_add(b, MB2_TAG_END, TAG_HDR);
}

/* Make the header claim @total bytes whatever was laid down. */
static void mb2_set_total(struct mb2_builder *b, uint32_t total)
{
	b->total_set = true;
	b->total = total;
}

/*
 * End the information right after the last tag's content: no padding,
 * no end tag, so that reading past the tag is reading past the block.
 */
static void mb2_cut(struct mb2_builder *b)
{
	uint32_t size;

	memcpy(&size, b->buf + b->last + 4, sizeof(size));
	b->len = b->last + size;
}

/*
 * Patch total_size and copy the information into a malloc'd block of
 * exactly its length (malloc aligns to 16, as the specification's 8
 * requires).  The caller frees it.
 */
static uint8_t *mb2_finish(struct mb2_builder *b)
{
	uint8_t *info;

	put32(b->buf, b->total_set ? b->total : b->len);
	info = malloc(b->len);
	assert_non_null(info);
	assert_true(IS_ALIGNED((uintptr_t)info, 8));
	memcpy(info, b->buf, b->len);
	return info;
}

/* Hand what the builder holds to @fn (mb2_parse or mb2_scan_screen) as
 * GRUB would: at some physical address, which the parser only records. */
static int feed(struct fixture *f,
		int (*fn)(struct boot_info *, uint32_t, const void *, size_t, phys_addr_t))
{
	uint8_t *info = mb2_finish(&f->b);
	int rc;

	f->info = 0x1d8000 + f->b.len;
	f->info_len = f->b.len;
	rc = fn(&f->bi, MB2_BOOTLOADER_MAGIC, info, f->info_len, f->info);
	free(info);
	return rc;
}

static int parse(struct fixture *f)
{
	return feed(f, mb2_parse);
}

/* Scan for the screen only, as kmain does first. */
static int scan(struct fixture *f)
{
	return feed(f, mb2_scan_screen);
}

/* --- tags ---------------------------------------------------------------- */

/* A string tag (command line, loader name): the text and its NUL. */
static void add_string(struct mb2_builder *b, uint32_t type, const char *s)
{
	size_t n = strlen(s) + 1;
	uint8_t *tag = mb2_add(b, type, TAG_HDR + n);

	memcpy(tag + TAG_HDR, s, n);
}

/* A tag that is only a header and a copy of @data (RSDPs, unknown tags). */
static void add_blob(struct mb2_builder *b, uint32_t type, const void *data,
		     size_t len)
{
	uint8_t *tag = mb2_add(b, type, TAG_HDR + len);

	memcpy(tag + TAG_HDR, data, len);
}

static void add_u32_tag(struct mb2_builder *b, uint32_t type, uint32_t v)
{
	put32(mb2_add(b, type, TAG_HDR + 4) + TAG_HDR, v);
}

static void add_u64_tag(struct mb2_builder *b, uint32_t type, uint64_t v)
{
	put64(mb2_add(b, type, TAG_HDR + 8) + TAG_HDR, v);
}

static void add_meminfo(struct mb2_builder *b, uint32_t lower_kb,
			uint32_t upper_kb)
{
	uint8_t *tag = mb2_add(b, MB2_TAG_BASIC_MEMINFO, 16);

	put32(tag + 8, lower_kb);
	put32(tag + 12, upper_kb);
}

/* The BIOS boot device: biosdev, partition, sub-partition (unused by us). */
static void add_bootdev(struct mb2_builder *b, uint32_t biosdev)
{
	uint8_t *tag = mb2_add(b, MB2_TAG_BOOTDEV, 20);

	put32(tag + 8, biosdev);
	put32(tag + 12, UINT32_MAX);
	put32(tag + 16, UINT32_MAX);
}

/*
 * A memory map tag of @n entries, each @esize bytes; the bytes a future
 * loader might add past the 24 we know are filled with 0xa5.
 */
static void add_mmap(struct mb2_builder *b, uint32_t esize,
		     const struct boot_mmap_entry *e, unsigned int n)
{
	uint8_t *tag = mb2_add(b, MB2_TAG_MMAP, MMAP_HDR + n * esize);

	put32(tag + 8, esize);
	put32(tag + 12, 0);     /* entry_version */
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *p = tag + MMAP_HDR + i * esize;

		put64(p, e[i].addr);
		put64(p + 8, e[i].len);
		put32(p + 16, e[i].type);
		memset(p + MMAP_ENTRY, 0xa5, esize - MMAP_ENTRY);
	}
}

/*
 * An EFI memory map tag of @n descriptors of @dsize bytes, then @slack
 * bytes.  VirtualStart and the padding hold junk the parser must skip.
 */
static void add_efi_mmap(struct mb2_builder *b, uint32_t dsize,
			 const struct boot_efi_mmap_entry *d, unsigned int n,
			 uint32_t slack)
{
	uint8_t *tag = mb2_add(b, MB2_TAG_EFI_MMAP,
			       EFI_MMAP_HDR + n * dsize + slack);

	put32(tag + 8, dsize);
	put32(tag + 12, 1);     /* EFI_MEMORY_DESCRIPTOR_VERSION */
	for (unsigned int i = 0; i < n; i++) {
		uint8_t *p = tag + EFI_MMAP_HDR + i * dsize;

		put32(p, d[i].type);
		put64(p + 8, d[i].phys);
		put64(p + 16, ~d[i].phys);
		put64(p + 24, d[i].pages);
		put64(p + 32, d[i].attr);
		memset(p + EFI_DESC, 0xa5, dsize - EFI_DESC);
	}
	memset(tag + EFI_MMAP_HDR + n * dsize, 0x5a, slack);
}

/* A framebuffer tag as GRUB writes it: 38 bytes for RGB, 32 otherwise. */
static void add_framebuffer(struct mb2_builder *b,
			    const struct boot_framebuffer *fb)
{
	bool rgb = fb->type == BOOT_FB_RGB;
	uint8_t *tag = mb2_add(b, MB2_TAG_FRAMEBUFFER, rgb ? FB_RGB : FB_COMMON);

	put64(tag + 8, fb->addr);
	put32(tag + 16, fb->pitch);
	put32(tag + 20, fb->width);
	put32(tag + 24, fb->height);
	tag[28] = fb->bpp;
	tag[29] = (uint8_t)fb->type;
	if (rgb) {
		tag[32] = fb->red_pos;
		tag[33] = fb->red_size;
		tag[34] = fb->green_pos;
		tag[35] = fb->green_size;
		tag[36] = fb->blue_pos;
		tag[37] = fb->blue_size;
	}
}

static void add_module(struct mb2_builder *b, uint32_t start, uint32_t end,
		       const char *name)
{
	size_t n = strlen(name) + 1;
	uint8_t *tag = mb2_add(b, MB2_TAG_MODULE, MODULE_HDR + n);

	put32(tag + 8, start);
	put32(tag + 12, end);
	memcpy(tag + MODULE_HDR, name, n);
}

/*
 * An RSDP as QEMU's firmware lays it out: revision 0 (20 bytes, RSDT) or
 * 2 (36 bytes, XSDT).  Checksums are left 0: the parser copies the bytes
 * and drivers/acpi checks them.  Returns the length.
 */
static size_t make_rsdp(uint8_t *r, uint8_t rev, uint64_t table)
{
	size_t len = rev ? 36 : 20;

	memset(r, 0, len);
	memcpy(r, "RSD PTR ", 8);
	memcpy(r + 9, "BOCHS ", 6);
	r[15] = rev;
	if (rev) {
		put32(r + 20, (uint32_t)len);
		put64(r + 24, table);
	} else {
		put32(r + 16, (uint32_t)table);
	}
	return len;
}

/* --- checks --------------------------------------------------------------- */

static void assert_mmap_equal(const struct boot_info *bi,
			      const struct boot_mmap_entry *want,
			      unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(bi->mmap[i].addr, want[i].addr);
		assert_int_equal(bi->mmap[i].len, want[i].len);
		assert_int_equal(bi->mmap[i].type, want[i].type);
	}
}

static void assert_efi_mmap_equal(const struct boot_info *bi,
				  const struct boot_efi_mmap_entry *want,
				  unsigned int n)
{
	for (unsigned int i = 0; i < n; i++) {
		assert_int_equal(bi->efi_mmap[i].type, want[i].type);
		assert_int_equal(bi->efi_mmap[i].phys, want[i].phys);
		assert_int_equal(bi->efi_mmap[i].pages, want[i].pages);
		assert_int_equal(bi->efi_mmap[i].attr, want[i].attr);
	}
}

static void assert_fb_equal(const struct boot_framebuffer *got,
			    const struct boot_framebuffer *want)
{
	assert_int_equal(got->type, want->type);
	assert_int_equal(got->addr, want->addr);
	assert_int_equal(got->pitch, want->pitch);
	assert_int_equal(got->width, want->width);
	assert_int_equal(got->height, want->height);
	assert_int_equal(got->bpp, want->bpp);
	assert_int_equal(got->red_pos, want->red_pos);
	assert_int_equal(got->red_size, want->red_size);
	assert_int_equal(got->green_pos, want->green_pos);
	assert_int_equal(got->green_size, want->green_size);
	assert_int_equal(got->blue_pos, want->blue_pos);
	assert_int_equal(got->blue_size, want->blue_size);
}

/* The parse failed at @off, for a reason that mentions @why. */
static void assert_rejected(const struct fixture *f, int rc, uint32_t off,
			    const char *why)
{
	assert_int_equal(rc, -EINVAL);
	assert_non_null(f->bi.error);
	if (!strstr(f->bi.error, why))
		fail_msg("error \"%s\" does not mention \"%s\"", f->bi.error, why);
	assert_int_equal(f->bi.error_offset, off);
}

static void assert_log_has(const char *what)
{
	if (!strstr(stub_log(), what))
		fail_msg("log lacks \"%s\":\n%s", what, stub_log());
}

/* --- fixtures ------------------------------------------------------------- */

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->param = *state;      /* the case a table row passes in */
	mb2_begin(&f->b);
	stub_log_reset();
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	free(*state);
	return 0;
}

/* --- well-formed information ---------------------------------------------- */

/* QEMU's e820 map under SeaBIOS with -m 512, as GRUB passes it on. */
static const struct boot_mmap_entry qemu_e820[] = {
	{ 0x0000000000000000, 0x000000000009fc00, E820_USABLE },
	{ 0x000000000009fc00, 0x0000000000000400, E820_RESERVED },
	{ 0x00000000000f0000, 0x0000000000010000, E820_RESERVED },
	{ 0x0000000000100000, 0x000000001fee0000, E820_USABLE },
	{ 0x000000001ffe0000, 0x0000000000020000, E820_RESERVED },
	{ 0x00000000feffc000, 0x0000000000004000, E820_RESERVED },
	{ 0x00000000fffc0000, 0x0000000000040000, E820_RESERVED },
};

/* GRUB's gfxpayload mode on QEMU's standard VGA. */
static const struct boot_framebuffer qemu_stdvga = {
	.type = BOOT_FB_RGB, .addr = 0xfd000000, .pitch = 1024 * 4,
	.width = 1024, .height = 768, .bpp = 32,
	.red_pos = 16, .red_size = 8, .green_pos = 8, .green_size = 8,
	.blue_pos = 0, .blue_size = 8,
};

/*
 * GRUB 2.06 on SeaBIOS, tags in the order GRUB writes them:
 *
 *   +-----+-----------+---------+--------+---------+---------+------+-------------+----------+-----+
 *   | hdr | load-base | cmdline | loader | meminfo | bootdev | mmap | framebuffer | acpi-old | end |
 *   +-----+-----------+---------+--------+---------+---------+------+-------------+----------+-----+
 *      8       12         9+n      9+n       16        20    16+7*24      38          8+20      8
 *   (bytes each tag's size says; n: the string's length)
 *
 * Every field the kernel keeps comes out as it went in; the firmware is
 * BIOS because no EFI system table tag is present.
 */
static void test_seabios_info(void **state)
{
	struct fixture *f = *state;
	struct boot_info *bi = &f->bi;
	const char *cmdline = "console=ttyS0,115200 loglevel=7";
	const char *loader = "GRUB 2.06-13+deb12u1";
	const uint32_t load_base = 0x200000;
	const uint32_t lower_kb = qemu_e820[0].len / 1024;
	const uint32_t upper_kb = qemu_e820[3].len / 1024;
	uint8_t rsdp[36];
	size_t rsdp_len = make_rsdp(rsdp, 0, 0x1ffe2318);

	add_u32_tag(&f->b, MB2_TAG_LOAD_BASE_ADDR, load_base);
	add_string(&f->b, MB2_TAG_CMDLINE, cmdline);
	add_string(&f->b, MB2_TAG_LOADER_NAME, loader);
	add_meminfo(&f->b, lower_kb, upper_kb);
	add_bootdev(&f->b, 0xe0);
	add_mmap(&f->b, MMAP_ENTRY, qemu_e820, ARRAY_SIZE(qemu_e820));
	add_framebuffer(&f->b, &qemu_stdvga);
	add_blob(&f->b, MB2_TAG_ACPI_OLD, rsdp, rsdp_len);
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_null(bi->error);
	assert_int_equal(bi->info_addr, f->info);
	assert_int_equal(bi->info_size, f->info_len);
	assert_int_equal(bi->tags_seen, f->b.types);
	assert_int_equal(bi->firmware, BOOT_FW_BIOS);
	assert_int_equal(bi->efi_system_table, 0);
	assert_true(bi->has_load_base);
	assert_int_equal(bi->load_base, load_base);
	assert_string_equal(bi->cmdline, cmdline);
	assert_false(bi->cmdline_truncated);
	assert_string_equal(bi->loader, loader);
	assert_int_equal(bi->mem_lower_kb, lower_kb);
	assert_int_equal(bi->mem_upper_kb, upper_kb);
	assert_int_equal(bi->mmap_nr, ARRAY_SIZE(qemu_e820));
	assert_int_equal(bi->mmap_dropped, 0);
	assert_mmap_equal(bi, qemu_e820, ARRAY_SIZE(qemu_e820));
	assert_int_equal(bi->efi_mmap_nr, 0);
	assert_fb_equal(&bi->fb, &qemu_stdvga);
	assert_int_equal(bi->rsdp_v1_len, rsdp_len);
	assert_memory_equal(bi->rsdp_v1, rsdp, rsdp_len);
	assert_int_equal(bi->rsdp_v2_len, 0);
	assert_int_equal(bi->modules_nr, 0);
	assert_string_equal(stub_log(), "");
}

/* A slice of OVMF's memory map, as GRUB passes it on. */
static const struct boot_efi_mmap_entry ovmf_map[] = {
	{ 7 /* Conventional */, 0x0000000000000000, 0xa0, 0xf },
	{ 7 /* Conventional */, 0x0000000000100000, 0x700, 0xf },
	{ 10 /* ACPI NVS */, 0x0000000000800000, 0x8, 0xf },
	{ 4 /* Boot Data */, 0x0000000000808000, 0x8, 0xf },
	{ 6 /* Runtime Data */, 0x000000001f9e0000, 0x100, 0x800000000000000f },
	{ 0 /* Reserved */, 0x00000000ffc00000, 0x400, 0x8000000000000001 },
};

/*
 * GRUB 2.06 on OVMF:
 *
 *   +-----+---------+--------+-------+----------+-------------------------+-----+
 *   | hdr | cmdline | loader | efi64 | acpi-new | efi-mmap (6 x 48 bytes) | end |
 *   +-----+---------+--------+-------+----------+-------------------------+-----+
 *
 * The EFI64 tag makes the firmware UEFI; descriptors are read at OVMF's
 * 48-byte stride, skipping VirtualStart and the 8 bytes of padding.
 */
static void test_uefi_info(void **state)
{
	struct fixture *f = *state;
	struct boot_info *bi = &f->bi;
	const uint64_t system_table = 0x1f9ee018;
	uint8_t rsdp[36];
	size_t rsdp_len = make_rsdp(rsdp, 2, 0x1fb7e0e8);

	add_string(&f->b, MB2_TAG_CMDLINE, "quiet");
	add_string(&f->b, MB2_TAG_LOADER_NAME, "GRUB 2.06");
	add_u64_tag(&f->b, MB2_TAG_EFI64, system_table);
	add_blob(&f->b, MB2_TAG_ACPI_NEW, rsdp, rsdp_len);
	add_efi_mmap(&f->b, OVMF_DESC, ovmf_map, ARRAY_SIZE(ovmf_map), 0);
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(bi->tags_seen, f->b.types);
	assert_int_equal(bi->firmware, BOOT_FW_UEFI);
	assert_int_equal(bi->efi_system_table, system_table);
	assert_int_equal(bi->efi_desc_version, 1);
	assert_int_equal(bi->efi_mmap_nr, ARRAY_SIZE(ovmf_map));
	assert_int_equal(bi->efi_mmap_dropped, 0);
	assert_efi_mmap_equal(bi, ovmf_map, ARRAY_SIZE(ovmf_map));
	assert_int_equal(bi->rsdp_v2_len, rsdp_len);
	assert_memory_equal(bi->rsdp_v2, rsdp, rsdp_len);
	assert_int_equal(bi->rsdp_v1_len, 0);
	assert_int_equal(bi->mmap_nr, 0);
	assert_int_equal(bi->fb.type, BOOT_FB_NONE);
	assert_false(bi->has_load_base);
}

/* A 32-bit UEFI (EFI32 tag) counts as UEFI too. */
static void test_efi32_means_uefi(void **state)
{
	struct fixture *f = *state;
	const uint32_t system_table = 0x3f9ee018;

	add_u32_tag(&f->b, MB2_TAG_EFI32, system_table);
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.firmware, BOOT_FW_UEFI);
	assert_int_equal(f->bi.efi_system_table, system_table);
}

/*
 *   +-----+-----+
 *   | hdr | end |     total_size = 16
 *   +-----+-----+
 *
 * The smallest valid information parses to nothing: no framebuffer, no
 * maps, BIOS firmware.
 */
static void test_empty_info(void **state)
{
	struct fixture *f = *state;

	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.info_size, 2 * TAG_HDR);
	assert_int_equal(f->bi.tags_seen, 0);
	assert_int_equal(f->bi.firmware, BOOT_FW_BIOS);
	assert_int_equal(f->bi.fb.type, BOOT_FB_NONE);
	assert_int_equal(f->bi.mmap_nr, 0);
	assert_string_equal(f->bi.cmdline, "");
}

/*
 *   +-----+-----+---------------------+
 *   | hdr | end | junk (size 0 tag)   |     total_size covers the junk
 *   +-----+-----+---------------------+
 *
 * Parsing stops at the end tag: what follows it is never looked at.
 */
static void test_stops_at_end_tag(void **state)
{
	struct fixture *f = *state;

	mb2_end(&f->b);
	mb2_add_raw(&f->b, MB2_TAG_CMDLINE, 0, 16);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.tags_seen, 0);
}

/*
 *   +-----+---------+---------+---------+-----------------+---------+-----+
 *   | hdr | 63      | 99      | 64      | 0xffffffff      | cmdline | end |
 *   +-----+---------+---------+---------+-----------------+---------+-----+
 *           each: size 21, padded to 24
 *
 * Tags the parser does not know are stepped over by their size, padding
 * included; only types below 64 are recorded in tags_seen.
 */
static void test_skips_unknown_tags(void **state)
{
	struct fixture *f = *state;
	const uint8_t junk[13] = "thirteen byte";

	add_blob(&f->b, 63, junk, sizeof(junk));
	add_blob(&f->b, 99, junk, sizeof(junk));
	add_blob(&f->b, 64, junk, sizeof(junk));
	add_blob(&f->b, UINT32_MAX, junk, sizeof(junk));
	add_string(&f->b, MB2_TAG_CMDLINE, "quiet");
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.tags_seen,
			 (1ULL << 63) | (1ULL << MB2_TAG_CMDLINE));
	assert_string_equal(f->bi.cmdline, "quiet");
}

/*
 *   +-----+-------------------+-------------------+-----+
 *   | hdr | cmdline "quiet"   | cmdline "debug"   | end |
 *   +-----+-------------------+-------------------+-----+
 *
 * A second command line is ignored, with a warning naming the tag.
 */
static void test_second_cmdline_ignored(void **state)
{
	struct fixture *f = *state;

	add_string(&f->b, MB2_TAG_CMDLINE, "quiet");
	add_string(&f->b, MB2_TAG_CMDLINE, "debug");
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_string_equal(f->bi.cmdline, "quiet");
	assert_log_has("second cmdline tag");
}

/* Entries larger than 24 bytes (a newer loader's) are read at their
 * own stride, the extra bytes skipped. */
static void test_mmap_larger_entries(void **state)
{
	struct fixture *f = *state;

	add_mmap(&f->b, MMAP_ENTRY + 8, qemu_e820, ARRAY_SIZE(qemu_e820));
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.mmap_nr, ARRAY_SIZE(qemu_e820));
	assert_mmap_equal(&f->bi, qemu_e820, ARRAY_SIZE(qemu_e820));
}

/* @n distinct memory map entries: 1 MiB of RAM every 2 MiB. */
static struct boot_mmap_entry *make_mmap(unsigned int n)
{
	struct boot_mmap_entry *e = calloc(n, sizeof(*e));

	assert_non_null(e);
	for (unsigned int i = 0; i < n; i++) {
		e[i].addr = (uint64_t)i * SZ_2M;
		e[i].len = SZ_1M;
		e[i].type = E820_USABLE + i % 4;
	}
	return e;
}

/* BOOT_MMAP_MAX entries fit exactly: none dropped, nothing said. */
static void test_mmap_fills_table(void **state)
{
	struct fixture *f = *state;
	struct boot_mmap_entry *e = make_mmap(BOOT_MMAP_MAX);

	add_mmap(&f->b, MMAP_ENTRY, e, BOOT_MMAP_MAX);
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.mmap_nr, BOOT_MMAP_MAX);
	assert_int_equal(f->bi.mmap_dropped, 0);
	assert_mmap_equal(&f->bi, e, BOOT_MMAP_MAX);
	assert_string_equal(stub_log(), "");
	free(e);
}

/* Entries beyond BOOT_MMAP_MAX are dropped, counted, and the warning
 * names the constant to raise. */
static void test_mmap_truncated(void **state)
{
	struct fixture *f = *state;
	const unsigned int extra = 3;
	struct boot_mmap_entry *e = make_mmap(BOOT_MMAP_MAX + extra);

	add_mmap(&f->b, MMAP_ENTRY, e, BOOT_MMAP_MAX + extra);
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.mmap_nr, BOOT_MMAP_MAX);
	assert_int_equal(f->bi.mmap_dropped, extra);
	assert_mmap_equal(&f->bi, e, BOOT_MMAP_MAX);
	assert_log_has("BOOT_MMAP_MAX");
	free(e);
}

/*
 *   +-----+------------------------------------------+-----+
 *   | hdr | efi-mmap: 2 x 48 | 40 bytes of slack     | end |
 *   +-----+------------------------------------------+-----+
 *
 * UEFI may leave slack after its map: the whole descriptors are taken,
 * the slack (shorter than one) is not an error.
 */
static void test_efi_mmap_slack(void **state)
{
	struct fixture *f = *state;
	const unsigned int n = 2;

	add_efi_mmap(&f->b, OVMF_DESC, ovmf_map, n, EFI_DESC);
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.efi_mmap_nr, n);
	assert_efi_mmap_equal(&f->bi, ovmf_map, n);
}

/* Descriptors beyond BOOT_EFI_MMAP_MAX are dropped and counted, with a
 * warning naming the constant. */
static void test_efi_mmap_truncated(void **state)
{
	struct fixture *f = *state;
	const unsigned int n = BOOT_EFI_MMAP_MAX + 1;
	struct boot_efi_mmap_entry *d = calloc(n, sizeof(*d));

	assert_non_null(d);
	for (unsigned int i = 0; i < n; i++)
		d[i] = (struct boot_efi_mmap_entry){ 7, PFN_PHYS(i), 1, 0xf };
	add_efi_mmap(&f->b, EFI_DESC, d, n, 0);
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.efi_mmap_nr, BOOT_EFI_MMAP_MAX);
	assert_int_equal(f->bi.efi_mmap_dropped, 1);
	assert_efi_mmap_equal(&f->bi, d, BOOT_EFI_MMAP_MAX);
	assert_log_has("BOOT_EFI_MMAP_MAX");
	free(d);
}

/* A command line that just fits is kept whole; one byte more is
 * truncated to BOOT_CMDLINE_MAX - 1 characters, flagged and warned about. */
static void test_cmdline_truncation(void **state)
{
	struct fixture *f = *state;
	char line[BOOT_CMDLINE_MAX + 1];

	memset(line, 'x', BOOT_CMDLINE_MAX - 1);
	line[BOOT_CMDLINE_MAX - 1] = '\0';
	add_string(&f->b, MB2_TAG_CMDLINE, line);
	mb2_end(&f->b);
	assert_int_equal(parse(f), 0);
	assert_false(f->bi.cmdline_truncated);
	assert_string_equal(f->bi.cmdline, line);
	assert_string_equal(stub_log(), "");

	mb2_begin(&f->b);
	memset(line, 'x', BOOT_CMDLINE_MAX);
	line[BOOT_CMDLINE_MAX] = '\0';
	add_string(&f->b, MB2_TAG_CMDLINE, line);
	mb2_end(&f->b);
	assert_int_equal(parse(f), 0);
	assert_true(f->bi.cmdline_truncated);
	assert_int_equal(strlen(f->bi.cmdline), BOOT_CMDLINE_MAX - 1);
	assert_memory_equal(f->bi.cmdline, line, BOOT_CMDLINE_MAX - 1);
	assert_log_has("BOOT_CMDLINE_MAX");
}

/* Module tags may repeat: each becomes a [start, end) range with its
 * name, until BOOT_MODULES_MAX; the rest are counted and warned about. */
static void test_modules(void **state)
{
	struct fixture *f = *state;
	const uint32_t base = 0x400000, size = 0x10000;
	char name[BOOT_MODULES_MAX + 1][16];

	for (unsigned int i = 0; i <= BOOT_MODULES_MAX; i++) {
		snprintf(name[i], sizeof(name[i]), "/boot/mod%u", i);
		add_module(&f->b, base + i * size, base + (i + 1) * size, name[i]);
	}
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.modules_nr, BOOT_MODULES_MAX);
	assert_int_equal(f->bi.modules_dropped, 1);
	for (unsigned int i = 0; i < BOOT_MODULES_MAX; i++) {
		assert_int_equal(f->bi.modules[i].start, base + i * size);
		assert_int_equal(f->bi.modules[i].end, base + (i + 1) * size);
		assert_string_equal(f->bi.modules[i].name, name[i]);
	}
	assert_log_has("BOOT_MODULES_MAX");
}

/* Framebuffers other than RGB carry no colour info: 32 bytes suffice. */
static void test_ega_text_framebuffer(void **state)
{
	struct fixture *f = *state;
	const struct boot_framebuffer ega = {
		.type = BOOT_FB_EGA_TEXT, .addr = 0xb8000, .pitch = 160,
		.width = 80, .height = 25, .bpp = 16,
	};

	add_framebuffer(&f->b, &ega);
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_fb_equal(&f->bi.fb, &ega);
}

/* An RSDP tag longer than BOOT_RSDP_MAX keeps its first bytes only. */
static void test_rsdp_truncated(void **state)
{
	struct fixture *f = *state;
	uint8_t blob[BOOT_RSDP_MAX + 16];

	for (size_t i = 0; i < sizeof(blob); i++)
		blob[i] = (uint8_t)i;
	add_blob(&f->b, MB2_TAG_ACPI_NEW, blob, sizeof(blob));
	mb2_end(&f->b);

	assert_int_equal(parse(f), 0);
	assert_int_equal(f->bi.rsdp_v2_len, BOOT_RSDP_MAX);
	assert_memory_equal(f->bi.rsdp_v2, blob, BOOT_RSDP_MAX);
}

/* A malloc'd information of @total bytes: one unknown tag filling all
 * but the header and the end tag. */
static uint8_t *make_big_info(uint32_t total)
{
	uint8_t *info = calloc(1, total);

	assert_non_null(info);
	put32(info, total);
	put32(info + 8, 99);
	put32(info + 12, total - 2 * TAG_HDR);
	put32(info + total - 8, MB2_TAG_END);
	put32(info + total - 4, TAG_HDR);
	return info;
}

/* MB2_INFO_MAX bytes are accepted; 8 more are refused even when the
 * caller says they are readable. */
static void test_info_size_limit(void **state)
{
	struct fixture *f = *state;
	uint8_t *info = make_big_info(MB2_INFO_MAX);

	assert_int_equal(mb2_parse(&f->bi, MB2_BOOTLOADER_MAGIC, info,
				   MB2_INFO_MAX, 0x100000), 0);
	free(info);

	info = make_big_info(MB2_INFO_MAX + 8);
	assert_rejected(f, mb2_parse(&f->bi, MB2_BOOTLOADER_MAGIC, info,
				     MB2_INFO_MAX + 8, 0x100000), 0, "total_size");
	free(info);
}

/* --- the early screen scan ----------------------------------------------- */

/*
 * The SeaBIOS layout of test_seabios_info, up to the framebuffer:
 *
 *   +-----+---------+--------+------+-------------+-----+
 *   | hdr | cmdline | loader | mmap | framebuffer | end |
 *   +-----+---------+--------+------+-------------+-----+
 *
 * The scan finds the framebuffer and the firmware (BIOS: no EFI tag),
 * and copies nothing else.
 */
static void test_scan_finds_framebuffer(void **state)
{
	struct fixture *f = *state;

	add_string(&f->b, MB2_TAG_CMDLINE, "quiet");
	add_string(&f->b, MB2_TAG_LOADER_NAME, "GRUB 2.06");
	add_mmap(&f->b, MMAP_ENTRY, qemu_e820, ARRAY_SIZE(qemu_e820));
	add_framebuffer(&f->b, &qemu_stdvga);
	mb2_end(&f->b);

	assert_int_equal(scan(f), 0);
	assert_null(f->bi.error);
	assert_fb_equal(&f->bi.fb, &qemu_stdvga);
	assert_int_equal(f->bi.firmware, BOOT_FW_BIOS);
	assert_int_equal(f->bi.tags_seen, f->b.types);
	assert_string_equal(f->bi.cmdline, "");
	assert_int_equal(f->bi.mmap_nr, 0);
}

/*
 *   +-----+-------+-----+
 *   | hdr | efi64 | end |
 *   +-----+-------+-----+
 *
 * UEFI without a framebuffer: none, and the firmware says so (the screen
 * console then stays off, rather than write to 0xb8000).
 */
static void test_scan_uefi_without_framebuffer(void **state)
{
	struct fixture *f = *state;

	add_u64_tag(&f->b, MB2_TAG_EFI64, 0x1f9ee018);
	mb2_end(&f->b);

	assert_int_equal(scan(f), 0);
	assert_int_equal(f->bi.fb.type, BOOT_FB_NONE);
	assert_int_equal(f->bi.firmware, BOOT_FW_UEFI);
	assert_int_equal(f->bi.efi_system_table, 0);
}

/*
 *   +-----+------------------+-------------+-----+
 *   | hdr | mmap, esize 20   | framebuffer | end |
 *   +-----+------------------+-------------+-----+
 *
 * A tag the full parse refuses, but whose header is sound, is stepped
 * over: the screen is found, so that the panic about the memory map can
 * be read on it.
 */
static void test_scan_steps_over_tags_it_does_not_read(void **state)
{
	struct fixture *f = *state;
	uint8_t *tag = mb2_add(&f->b, MB2_TAG_MMAP, MMAP_HDR + 20);

	put32(tag + 8, 20);
	add_framebuffer(&f->b, &qemu_stdvga);
	mb2_end(&f->b);

	assert_int_equal(scan(f), 0);
	assert_fb_equal(&f->bi.fb, &qemu_stdvga);
	assert_int_equal(parse(f), -EINVAL);
}

/*
 *   +-----+-------------+-------------------------+-------------+-----+
 *   | hdr | framebuffer | cmdline, size 0         | framebuffer | end |
 *   +-----+-------------+-------------------------+-------------+-----+
 *           kept          the walk stops here       never read
 *
 * On a fault in the walk, the framebuffer found before it is kept; the
 * one after it is not reached.
 */
static void test_scan_keeps_what_precedes_a_fault(void **state)
{
	struct fixture *f = *state;
	struct boot_framebuffer other = qemu_stdvga;
	uint32_t off;

	add_framebuffer(&f->b, &qemu_stdvga);
	off = f->b.len;
	mb2_add_raw(&f->b, MB2_TAG_CMDLINE, 0, 16);
	other.addr = 0xc0000000;
	add_framebuffer(&f->b, &other);
	mb2_end(&f->b);

	assert_rejected(f, scan(f), off, "smaller than a tag header");
	assert_fb_equal(&f->bi.fb, &qemu_stdvga);
}

/*
 *   +-----+-------------------+-------------------+-----+
 *   | hdr | framebuffer (EGA) | framebuffer (RGB) | end |
 *   +-----+-------------------+-------------------+-----+
 *
 * As for mb2_parse(), the first framebuffer tag is the one used; and an
 * RGB tag without its colour info is never used.
 */
static void test_scan_first_framebuffer_only(void **state)
{
	struct fixture *f = *state;
	const struct boot_framebuffer ega = {
		.type = BOOT_FB_EGA_TEXT, .addr = 0xb8000, .pitch = 160,
		.width = 80, .height = 25, .bpp = 16,
	};

	add_framebuffer(&f->b, &ega);
	add_framebuffer(&f->b, &qemu_stdvga);
	mb2_end(&f->b);
	assert_int_equal(scan(f), 0);
	assert_fb_equal(&f->bi.fb, &ega);

	mb2_begin(&f->b);
	mb2_add(&f->b, MB2_TAG_FRAMEBUFFER, FB_COMMON)[29] = BOOT_FB_RGB;
	mb2_end(&f->b);
	assert_rejected(f, scan(f), TAG_HDR, "colour info");
	assert_int_equal(f->bi.fb.type, BOOT_FB_NONE);
}

/* With the wrong magic nothing is read: no framebuffer, BIOS assumed. */
static void test_scan_bad_magic(void **state)
{
	struct fixture *f = *state;
	uint8_t *info;

	add_framebuffer(&f->b, &qemu_stdvga);
	mb2_end(&f->b);
	info = mb2_finish(&f->b);
	assert_rejected(f, mb2_scan_screen(&f->bi, MB1_MAGIC, info, f->b.len, 0x100000),
			0, "magic");
	assert_int_equal(f->bi.fb.type, BOOT_FB_NONE);
	assert_int_equal(f->bi.firmware, BOOT_FW_BIOS);
	free(info);
}

/* --- hostile information -------------------------------------------------- */

/* Anything but the multiboot2 magic in EAX is refused before the
 * information is touched. */
static void test_rejects_bad_magic(void **state)
{
	struct fixture *f = *state;
	uint8_t *info;

	mb2_end(&f->b);
	info = mb2_finish(&f->b);
	assert_rejected(f, mb2_parse(&f->bi, MB1_MAGIC, info, f->b.len, 0x100000), 0,
			"magic");
	free(info);
}

/* Information that is not 8-byte aligned (or absent) is refused before
 * it is read. */
static void test_rejects_misaligned_info(void **state)
{
	struct fixture *f = *state;
	uint8_t *info, *shifted;

	mb2_end(&f->b);
	info = mb2_finish(&f->b);
	shifted = malloc(f->b.len + 4);
	assert_non_null(shifted);
	memcpy(shifted + 4, info, f->b.len);

	assert_rejected(f, mb2_parse(&f->bi, MB2_BOOTLOADER_MAGIC, shifted + 4,
				     f->b.len, 0x100004), 0, "aligned");
	assert_rejected(f, mb2_parse(&f->bi, MB2_BOOTLOADER_MAGIC, NULL, 0, 0), 0,
			"aligned");
	free(shifted);
	free(info);
}

/*
 * Every tag shorter than its fixed part is refused before a field of it
 * is read.  The tag is the last thing in the block, so reading past its
 * size is reading past the allocation:
 *
 *   0       8               8 + size
 *   +-------+---------------+
 *   | hdr   | tag (short)   |  <- end of the malloc'd block
 *   +-------+---------------+
 */
static void test_rejects_tags_shorter_than_fixed_part(void **state)
{
	static const struct {
		uint32_t type;
		uint32_t min;   /* smallest valid size */
	} fixed[] = {
		{ MB2_TAG_CMDLINE, TAG_HDR + 1 },       /* at least a NUL */
		{ MB2_TAG_LOADER_NAME, TAG_HDR + 1 },
		{ MB2_TAG_MODULE, MODULE_HDR + 1 },
		{ MB2_TAG_BASIC_MEMINFO, 16 },
		{ MB2_TAG_MMAP, MMAP_HDR },
		{ MB2_TAG_FRAMEBUFFER, FB_COMMON },
		{ MB2_TAG_EFI32, 12 },
		{ MB2_TAG_EFI64, 16 },
		{ MB2_TAG_EFI_MMAP, EFI_MMAP_HDR },
		{ MB2_TAG_LOAD_BASE_ADDR, 12 },
	};
	struct fixture *f = *state;

	for (size_t i = 0; i < ARRAY_SIZE(fixed); i++) {
		for (uint32_t size = TAG_HDR; size < fixed[i].min; size++) {
			int rc;

			mb2_begin(&f->b);
			mb2_add(&f->b, fixed[i].type, size);
			mb2_cut(&f->b);
			rc = parse(f);
			if (rc != -EINVAL || f->bi.error_offset != TAG_HDR)
				fail_msg("%s tag of %u bytes: rc %d, error \"%s\" at %u",
					 mb2_tag_name(fixed[i].type), size, rc,
					 f->bi.error ? f->bi.error : "(none)",
					 f->bi.error_offset);
		}
	}
}

/*
 * The table-driven cases below each build one broken information and
 * return the offset the parser must blame.  Diagrams use this notation:
 *
 *   | hdr total=N |  the 8-byte header and what total_size claims
 *   | T size=S    |  a tag of type T whose header says S bytes
 *   ]               the end of the malloc'd block (ASan redzone beyond)
 */
struct hostile {
	uint32_t (*build)(struct mb2_builder *b);
	const char *why;        /* a word of the expected error */
};

/* | hdr total=8 ]   no room for even the end tag */
static uint32_t info_shorter_than_16(struct mb2_builder *b)
{
	mb2_set_total(b, b->len);
	return 0;
}

/* | hdr total=8 | end ]   total_size leaves out the end tag */
static uint32_t total_size_below_16(struct mb2_builder *b)
{
	mb2_end(b);
	mb2_set_total(b, TAG_HDR);
	return 0;
}

/* | hdr total=0 | end ] */
static uint32_t total_size_zero(struct mb2_builder *b)
{
	mb2_end(b);
	mb2_set_total(b, 0);
	return 0;
}

/* | hdr total=24 | end ]   total_size 8 bytes past what may be read */
static uint32_t total_size_above_avail(struct mb2_builder *b)
{
	mb2_end(b);
	mb2_set_total(b, b->len + 8);
	return 0;
}

/* | hdr total=0xfffffff8 | end ] */
static uint32_t total_size_near_u32_max(struct mb2_builder *b)
{
	mb2_end(b);
	mb2_set_total(b, UINT32_MAX - 7);
	return 0;
}

/* | hdr | 99 size=4 | end ]   a tag smaller than its own header */
static uint32_t tag_size_below_header(struct mb2_builder *b)
{
	uint32_t off = b->len;

	mb2_add_raw(b, 99, 4, TAG_HDR);
	mb2_end(b);
	return off;
}

/* | hdr | cmdline size=0 | end ]   a naive parser loops forever here */
static uint32_t tag_size_zero(struct mb2_builder *b)
{
	uint32_t off = b->len;

	mb2_add_raw(b, MB2_TAG_CMDLINE, 0, TAG_HDR);
	mb2_end(b);
	return off;
}

/* | hdr | cmdline | 99 size=(to total)+1 | end ]   one byte too far */
static uint32_t tag_one_byte_past_total(struct mb2_builder *b)
{
	uint32_t off;
	uint8_t *tag;

	add_string(b, MB2_TAG_CMDLINE, "quiet");
	off = b->len;
	tag = mb2_add_raw(b, 99, 0, 16);
	mb2_end(b);
	put32(tag + 4, b->len - off + 1);
	return off;
}

/* | hdr | 99 size=0xfffffff8 | end ]   8 + size wraps to 0 in 32 bits */
static uint32_t tag_size_wraps_offset(struct mb2_builder *b)
{
	uint32_t off = b->len;

	mb2_add_raw(b, 99, UINT32_MAX - 7, 16);
	mb2_end(b);
	return off;
}

/* | hdr | mmap size=0xffffffff | end ]   rounding the size up wraps to 0 */
static uint32_t tag_size_u32_max(struct mb2_builder *b)
{
	uint32_t off = b->len;

	mb2_add_raw(b, MB2_TAG_MMAP, UINT32_MAX, 16);
	mb2_end(b);
	return off;
}

/* | hdr | cmdline ]   no end tag */
static uint32_t end_tag_missing(struct mb2_builder *b)
{
	add_string(b, MB2_TAG_CMDLINE, "quiet");
	return b->len;
}

/* | hdr total=len-4 | cmdline | end ]   total_size cuts the end tag */
static uint32_t end_tag_cut_by_total(struct mb2_builder *b)
{
	uint32_t off;

	add_string(b, MB2_TAG_CMDLINE, "quiet");
	off = b->len;
	mb2_end(b);
	mb2_set_total(b, b->len - 4);
	return off;
}

/* | hdr | 0 size=16 ]   an end tag must be 8 bytes */
static uint32_t end_tag_size_16(struct mb2_builder *b)
{
	uint32_t off = b->len;

	mb2_add(b, MB2_TAG_END, 16);
	return off;
}

/* A string tag of exactly @s's length, no NUL, ending the block. */
static uint32_t unterminated_string(struct mb2_builder *b, uint32_t type,
				    const char *s)
{
	uint32_t off = b->len;
	size_t n = strlen(s);

	memcpy(mb2_add(b, type, TAG_HDR + n) + TAG_HDR, s, n);
	mb2_cut(b);
	return off;
}

/* | hdr | cmdline size=16 "loglevel" ]   no NUL inside the tag */
static uint32_t cmdline_unterminated(struct mb2_builder *b)
{
	return unterminated_string(b, MB2_TAG_CMDLINE, "loglevel");
}

/* | hdr | cmdline "quiet" | cmdline size=16 "loglevel" ]   the second
 * copy of a tag is not kept, but it must still be well formed */
static uint32_t second_cmdline_unterminated(struct mb2_builder *b)
{
	add_string(b, MB2_TAG_CMDLINE, "quiet");
	return unterminated_string(b, MB2_TAG_CMDLINE, "loglevel");
}

/* | hdr | loader size=16 "GRUB2.06" ] */
static uint32_t loader_name_unterminated(struct mb2_builder *b)
{
	return unterminated_string(b, MB2_TAG_LOADER_NAME, "GRUB2.06");
}

/*
 * A memory map tag after a valid command line, ending the block:
 *
 *   | hdr | cmdline | mmap ]
 *
 *   0      4      8            12              16
 *   | type | size | entry_size | entry_version | @bytes of entries ]
 */
static uint32_t bad_mmap(struct mb2_builder *b, uint32_t esize, uint32_t bytes)
{
	uint32_t off;
	uint8_t *tag;

	add_string(b, MB2_TAG_CMDLINE, "quiet");
	off = b->len;
	tag = mb2_add(b, MB2_TAG_MMAP, MMAP_HDR + bytes);
	put32(tag + 8, esize);
	memset(tag + MMAP_HDR, 0xa5, bytes);
	mb2_cut(b);
	return off;
}

/* entry_size 0 (a division by zero waiting to happen) */
static uint32_t mmap_entry_size_zero(struct mb2_builder *b)
{
	return bad_mmap(b, 0, MMAP_ENTRY);
}

/* entry_size 20, shorter than base, length and type */
static uint32_t mmap_entry_size_20(struct mb2_builder *b)
{
	return bad_mmap(b, 20, 2 * 20);
}

/* entry_size 28, not a multiple of 8 */
static uint32_t mmap_entry_size_28(struct mb2_builder *b)
{
	return bad_mmap(b, 28, 2 * 28);
}

/* one entry and a third of another */
static uint32_t mmap_partial_entry(struct mb2_builder *b)
{
	return bad_mmap(b, MMAP_ENTRY, MMAP_ENTRY + 8);
}

/* entry_size 0xfffffff8 with one 24-byte entry present */
static uint32_t mmap_entry_size_near_u32_max(struct mb2_builder *b)
{
	return bad_mmap(b, UINT32_MAX - 7, MMAP_ENTRY);
}

/* An EFI memory map tag whose descriptor size is @dsize, ending the block. */
static uint32_t bad_efi_mmap(struct mb2_builder *b, uint32_t dsize)
{
	uint32_t off = b->len;
	uint8_t *tag = mb2_add(b, MB2_TAG_EFI_MMAP, EFI_MMAP_HDR + 2 * EFI_DESC);

	put32(tag + 8, dsize);
	mb2_cut(b);
	return off;
}

/* | hdr | efi-mmap descr_size=0 ] */
static uint32_t efi_mmap_descr_size_zero(struct mb2_builder *b)
{
	return bad_efi_mmap(b, 0);
}

/* | hdr | efi-mmap descr_size=24 ]   shorter than EFI_MEMORY_DESCRIPTOR */
static uint32_t efi_mmap_descr_size_24(struct mb2_builder *b)
{
	return bad_efi_mmap(b, 24);
}

/* | hdr | efi-mmap descr_size=0xfffffff8 ]   no descriptor fits: an empty
 * map would pass silently */
static uint32_t efi_mmap_descr_size_near_u32_max(struct mb2_builder *b)
{
	return bad_efi_mmap(b, UINT32_MAX - 7);
}

/* | hdr | efi-mmap descr_size=44 ]   not a multiple of 8 */
static uint32_t efi_mmap_descr_size_44(struct mb2_builder *b)
{
	return bad_efi_mmap(b, 44);
}

/*
 * A framebuffer tag of @size bytes that says RGB, ending the block:
 *
 *   0      4      8      16      20      24       28    29        30     32                38
 *   | type | size | addr | pitch | width | height | bpp | fb_type | rsvd | r g b pos, size ]
 */
static uint32_t rgb_framebuffer(struct mb2_builder *b, uint32_t size)
{
	uint32_t off = b->len;

	mb2_add(b, MB2_TAG_FRAMEBUFFER, size)[29] = BOOT_FB_RGB;
	mb2_cut(b);
	return off;
}

/* RGB, 32 bytes: the colour info is missing altogether */
static uint32_t framebuffer_rgb_without_colour(struct mb2_builder *b)
{
	return rgb_framebuffer(b, FB_COMMON);
}

/* RGB, 37 bytes: blue_size is missing */
static uint32_t framebuffer_rgb_colour_cut(struct mb2_builder *b)
{
	return rgb_framebuffer(b, FB_RGB - 1);
}

/*
 * A module tag, ending the block:
 *
 *   0      4      8           12        16
 *   | type | size | mod_start | mod_end | name ... ]
 */
static uint32_t bad_module(struct mb2_builder *b, uint32_t start,
			   uint32_t end, const char *name, size_t name_len)
{
	uint32_t off = b->len;
	uint8_t *tag = mb2_add(b, MB2_TAG_MODULE, MODULE_HDR + name_len);

	put32(tag + 8, start);
	put32(tag + 12, end);
	memcpy(tag + MODULE_HDR, name, name_len);
	mb2_cut(b);
	return off;
}

/* the module ends one page before it starts */
static uint32_t module_ends_before_start(struct mb2_builder *b)
{
	return bad_module(b, 0x200000, 0x1ff000, "initrd", 7);
}

/* the module's end wrapped past 4 GiB */
static uint32_t module_end_wrapped(struct mb2_builder *b)
{
	return bad_module(b, 0xfffff000, 0x1000, "initrd", 7);
}

/* the name "initrd.i" has no NUL inside the tag */
static uint32_t module_name_unterminated(struct mb2_builder *b)
{
	return bad_module(b, 0x200000, 0x201000, "initrd.i", 8);
}

/* Each case: -EINVAL, the error names the fault at its offset, and ASan
 * saw no read outside the block - nor in the screen scan of it, which
 * finds no framebuffer and stops no earlier (it steps over the insides
 * of other tags, to the missing end tag of these cut blocks). */
static void test_hostile(void **state)
{
	struct fixture *f = *state;
	const struct hostile *h = f->param;
	uint32_t off = h->build(&f->b);
	int rc;

	assert_rejected(f, parse(f), off, h->why);
	rc = scan(f);
	if (rc)
		assert_true(f->bi.error_offset >= off);
	assert_int_equal(f->bi.fb.type, BOOT_FB_NONE);
}

#define HOSTILE(build, why)                                             \
	{ "rejects_" #build, test_hostile, setup, teardown,             \
	  &(struct hostile){ build, why } }

/* --- names ----------------------------------------------------------------- */

/* Known tag types have their log names; anything else is "unknown". */
static void test_tag_names(void **state)
{
	(void)state;
	assert_string_equal(mb2_tag_name(MB2_TAG_END), "end");
	assert_string_equal(mb2_tag_name(MB2_TAG_CMDLINE), "cmdline");
	assert_string_equal(mb2_tag_name(MB2_TAG_MMAP), "mmap");
	assert_string_equal(mb2_tag_name(MB2_TAG_ACPI_NEW), "acpi-new");
	assert_string_equal(mb2_tag_name(MB2_TAG_EFI_MMAP), "efi-mmap");
	assert_string_equal(mb2_tag_name(MB2_TAG_LOAD_BASE_ADDR), "load-base");
	assert_string_equal(mb2_tag_name(MB2_TAG_LOAD_BASE_ADDR + 1), "unknown");
	assert_string_equal(mb2_tag_name(99), "unknown");
	assert_string_equal(mb2_tag_name(UINT32_MAX), "unknown");
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_seabios_info),
		TEST(test_uefi_info),
		TEST(test_efi32_means_uefi),
		TEST(test_empty_info),
		TEST(test_stops_at_end_tag),
		TEST(test_skips_unknown_tags),
		TEST(test_second_cmdline_ignored),
		TEST(test_mmap_larger_entries),
		TEST(test_mmap_fills_table),
		TEST(test_mmap_truncated),
		TEST(test_efi_mmap_slack),
		TEST(test_efi_mmap_truncated),
		TEST(test_cmdline_truncation),
		TEST(test_modules),
		TEST(test_ega_text_framebuffer),
		TEST(test_rsdp_truncated),
		TEST(test_info_size_limit),
		TEST(test_scan_finds_framebuffer),
		TEST(test_scan_uefi_without_framebuffer),
		TEST(test_scan_steps_over_tags_it_does_not_read),
		TEST(test_scan_keeps_what_precedes_a_fault),
		TEST(test_scan_first_framebuffer_only),
		TEST(test_scan_bad_magic),
		TEST(test_rejects_bad_magic),
		TEST(test_rejects_misaligned_info),
		TEST(test_rejects_tags_shorter_than_fixed_part),
		HOSTILE(info_shorter_than_16, "no room"),
		HOSTILE(total_size_below_16, "total_size"),
		HOSTILE(total_size_zero, "total_size"),
		HOSTILE(total_size_above_avail, "total_size"),
		HOSTILE(total_size_near_u32_max, "total_size"),
		HOSTILE(tag_size_below_header, "smaller than a tag header"),
		HOSTILE(tag_size_zero, "smaller than a tag header"),
		HOSTILE(tag_one_byte_past_total, "runs past"),
		HOSTILE(tag_size_wraps_offset, "runs past"),
		HOSTILE(tag_size_u32_max, "runs past"),
		HOSTILE(end_tag_missing, "no end tag"),
		HOSTILE(end_tag_cut_by_total, "no end tag"),
		HOSTILE(end_tag_size_16, "end tag"),
		HOSTILE(cmdline_unterminated, "not terminated"),
		HOSTILE(second_cmdline_unterminated, "not terminated"),
		HOSTILE(loader_name_unterminated, "not terminated"),
		HOSTILE(mmap_entry_size_zero, "entry size"),
		HOSTILE(mmap_entry_size_20, "entry size"),
		HOSTILE(mmap_entry_size_28, "entry size"),
		HOSTILE(mmap_partial_entry, "whole number"),
		HOSTILE(mmap_entry_size_near_u32_max, "whole number"),
		HOSTILE(efi_mmap_descr_size_zero, "descriptor size"),
		HOSTILE(efi_mmap_descr_size_24, "descriptor size"),
		HOSTILE(efi_mmap_descr_size_44, "descriptor size"),
		HOSTILE(efi_mmap_descr_size_near_u32_max, "exceeds its tag"),
		HOSTILE(framebuffer_rgb_without_colour, "colour info"),
		HOSTILE(framebuffer_rgb_colour_cut, "colour info"),
		HOSTILE(module_ends_before_start, "ends before"),
		HOSTILE(module_end_wrapped, "ends before"),
		HOSTILE(module_name_unterminated, "not terminated"),
		cmocka_unit_test(test_tag_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
