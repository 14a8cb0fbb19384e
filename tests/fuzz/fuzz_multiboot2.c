/*
 * tests/fuzz/fuzz_multiboot2.c - mb2_parse() and mb2_scan_screen() on
 * hostile boot information.
 *
 * Input:  byte 0 picks the calling conditions, the rest is the information
 *         as the loader would leave it in memory:
 *           0x00-0xf7  the multiboot2 magic, an 8-byte-aligned block
 *           0xf8-0xfe  the block misaligned by 1..7 bytes
 *           0xff       a multiboot1 loader's magic
 *
 * The information sits at the end of a heap block (@avail = its length),
 * so ASan reports any read past what the caller allowed.  When mb2_parse()
 * accepts it, this file walks the tags itself and checks that boot_info
 * holds exactly the first copy of each tag (all modules), truncated and
 * counted as boot_info's limits say; and that the screen scan of it
 * agrees with it on the framebuffer and the firmware.
 */
#include <stdlib.h>

#include "kernel/bootinfo.h"
#include "kernel/multiboot2.h"
#include "tests/fuzz/fuzz.h"

#define MB1_MAGIC       0x2badb002
#define INFO_PHYS       0x10000  /* where GRUB would have put it: any value */

static struct boot_info bi, screen;

/* The expected boot_info, from this file's own walk. */
struct expect {
	uint32_t total;
	uint64_t seen;
	const uint8_t *first[64];       /* first tag of each type */
	uint32_t first_size[64];
	unsigned int modules;
};

static void walk(struct expect *x, const uint8_t *info)
{
	memset(x, 0, sizeof(*x));
	x->total = fuzz_le32(info);
	for (uint32_t off = 8; off + 8 <= x->total;) {
		uint32_t type = fuzz_le32(info + off), size = fuzz_le32(info + off + 4);

		if (type == MB2_TAG_END)
			break;
		if (type < 64 && !(x->seen & (1ULL << type))) {
			x->seen |= 1ULL << type;
			x->first[type] = info + off;
			x->first_size[type] = size;
		}
		if (type == MB2_TAG_MODULE) {
			const uint8_t *t = info + off;
			unsigned int i = x->modules++;

			if (i < BOOT_MODULES_MAX) {
				FUZZ_CHECK(bi.modules[i].start == fuzz_le32(t + 8) &&
					   bi.modules[i].end == fuzz_le32(t + 12),
					   "module %u at offset %u", i, off);
				FUZZ_CHECK(!strncmp(bi.modules[i].name, (const char *)t + 16,
						    sizeof(bi.modules[i].name) - 1),
					   "module %u name", i);
				FUZZ_CHECK(bi.modules[i].start <= bi.modules[i].end,
					   "module %u ends before it starts", i);
			}
		}
		off += (size + 7) & ~7u;
	}
}

static void check_string(const char *got, size_t got_size, const uint8_t *tag)
{
	const char *s = (const char *)tag + 8;

	FUZZ_CHECK(memchr(got, '\0', got_size), "string not terminated");
	FUZZ_CHECK(!strncmp(got, s, got_size - 1) &&
		   strlen(got) == MIN(strlen(s), got_size - 1),
		   "string \"%.40s\" kept as \"%.40s\"", s, got);
}

static void check_mmap(const struct expect *x)
{
	const uint8_t *t = x->first[MB2_TAG_MMAP];
	uint32_t esize, n;

	if (!t) {
		FUZZ_CHECK(bi.mmap_nr == 0 && bi.mmap_dropped == 0, "mmap without a tag");
		return;
	}
	esize = fuzz_le32(t + 8);
	n = (x->first_size[MB2_TAG_MMAP] - 16) / esize;
	FUZZ_CHECK(bi.mmap_nr == MIN(n, (uint32_t)BOOT_MMAP_MAX) &&
		   bi.mmap_nr + bi.mmap_dropped == n,
		   "mmap: %u entries in the tag, %u kept, %u dropped", n, bi.mmap_nr,
		   bi.mmap_dropped);
	for (uint32_t i = 0; i < bi.mmap_nr; i++) {
		const uint8_t *e = t + 16 + (size_t)i * esize;

		FUZZ_CHECK(bi.mmap[i].addr == fuzz_le64(e) && bi.mmap[i].len == fuzz_le64(e + 8) &&
			   bi.mmap[i].type == fuzz_le32(e + 16), "mmap entry %u", i);
	}
}

static void check_efi_mmap(const struct expect *x)
{
	const uint8_t *t = x->first[MB2_TAG_EFI_MMAP];
	uint32_t dsize, n;

	if (!t) {
		FUZZ_CHECK(bi.efi_mmap_nr == 0 && bi.efi_mmap_dropped == 0,
			   "EFI map without a tag");
		return;
	}
	dsize = fuzz_le32(t + 8);
	n = (x->first_size[MB2_TAG_EFI_MMAP] - 16) / dsize;
	FUZZ_CHECK(bi.efi_mmap_nr == MIN(n, (uint32_t)BOOT_EFI_MMAP_MAX) &&
		   bi.efi_mmap_nr + bi.efi_mmap_dropped == n,
		   "EFI map: %u descriptors in the tag, %u kept, %u dropped", n,
		   bi.efi_mmap_nr, bi.efi_mmap_dropped);
	for (uint32_t i = 0; i < bi.efi_mmap_nr; i++) {
		const uint8_t *d = t + 16 + (size_t)i * dsize;

		FUZZ_CHECK(bi.efi_mmap[i].type == fuzz_le32(d) &&
			   bi.efi_mmap[i].phys == fuzz_le64(d + 8) &&
			   bi.efi_mmap[i].pages == fuzz_le64(d + 24) &&
			   bi.efi_mmap[i].attr == fuzz_le64(d + 32), "EFI descriptor %u", i);
	}
}

static void check_rsdp(const struct expect *x, unsigned int type,
		       const uint8_t *copy, uint32_t len)
{
	const uint8_t *t = x->first[type];
	uint32_t want = t ? MIN(x->first_size[type] - 8, (uint32_t)BOOT_RSDP_MAX) : 0;

	FUZZ_CHECK(len == want && len <= BOOT_RSDP_MAX, "RSDP copy (tag %u): %u bytes, want %u",
		   type, len, want);
	FUZZ_CHECK(!len || !memcmp(copy, t + 8, len), "RSDP copy (tag %u) differs", type);
}

static void check(const uint8_t *info, size_t avail)
{
	struct expect x;

	FUZZ_CHECK(bi.error == NULL, "success with an error \"%s\"", bi.error);
	FUZZ_CHECK(bi.info_size >= 16 && bi.info_size <= avail && bi.info_size <= MB2_INFO_MAX,
		   "info_size %u, avail %zu", bi.info_size, avail);
	FUZZ_CHECK(bi.info_addr == INFO_PHYS, "info_addr %#lx", bi.info_addr);
	walk(&x, info);
	FUZZ_CHECK(x.total == bi.info_size, "info_size %u, total_size %u", bi.info_size, x.total);
	FUZZ_CHECK(bi.tags_seen == x.seen, "tags_seen %#lx, want %#lx", bi.tags_seen, x.seen);
	FUZZ_CHECK(bi.modules_nr == MIN(x.modules, (unsigned int)BOOT_MODULES_MAX) &&
		   bi.modules_nr + bi.modules_dropped == x.modules,
		   "%u module tags, %u kept, %u dropped", x.modules, bi.modules_nr,
		   bi.modules_dropped);
	check_mmap(&x);
	check_efi_mmap(&x);
	check_rsdp(&x, MB2_TAG_ACPI_OLD, bi.rsdp_v1, bi.rsdp_v1_len);
	check_rsdp(&x, MB2_TAG_ACPI_NEW, bi.rsdp_v2, bi.rsdp_v2_len);
	if (x.first[MB2_TAG_CMDLINE]) {
		check_string(bi.cmdline, sizeof(bi.cmdline), x.first[MB2_TAG_CMDLINE]);
		FUZZ_CHECK(bi.cmdline_truncated ==
			   (strlen((const char *)x.first[MB2_TAG_CMDLINE] + 8) >= BOOT_CMDLINE_MAX),
			   "cmdline_truncated");
	} else {
		FUZZ_CHECK(!bi.cmdline[0] && !bi.cmdline_truncated, "cmdline without a tag");
	}
	if (x.first[MB2_TAG_LOADER_NAME])
		check_string(bi.loader, sizeof(bi.loader), x.first[MB2_TAG_LOADER_NAME]);
	else
		FUZZ_CHECK(!bi.loader[0], "loader name without a tag");
	if (x.first[MB2_TAG_FRAMEBUFFER]) {
		const uint8_t *t = x.first[MB2_TAG_FRAMEBUFFER];

		FUZZ_CHECK(bi.fb.addr == fuzz_le64(t + 8) && bi.fb.pitch == fuzz_le32(t + 16) &&
			   bi.fb.width == fuzz_le32(t + 20) && bi.fb.height == fuzz_le32(t + 24) &&
			   bi.fb.bpp == t[28] && bi.fb.type == t[29], "framebuffer");
	} else {
		FUZZ_CHECK(bi.fb.type == BOOT_FB_NONE, "framebuffer without a tag");
	}
	FUZZ_CHECK(bi.has_load_base == !!x.first[MB2_TAG_LOAD_BASE_ADDR], "has_load_base");
	FUZZ_CHECK((bi.firmware == BOOT_FW_UEFI) ==
		   !!(x.seen & (1ULL << MB2_TAG_EFI32 | 1ULL << MB2_TAG_EFI64)), "firmware");
	for (unsigned int i = 0; i < 64; i++)
		FUZZ_CHECK(mb2_tag_name(i) != NULL, "no name for tag %u", i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint32_t magic = MB2_BOOTLOADER_MAGIC;
	size_t skew = 0, avail;
	uint8_t *block;
	const uint8_t *info;

	if (size < 1)
		return 0;
	if (data[0] == 0xff)
		magic = MB1_MAGIC;
	else if (data[0] >= 0xf8)
		skew = data[0] - 0xf7u;
	avail = size - 1;
	/* malloc() gives 16-byte alignment: the information starts @skew
	 * bytes in, and ends where the block ends. */
	block = malloc(skew + avail ? skew + avail : 1);
	if (!block)
		abort();
	memcpy(block + skew, data + 1, avail);
	info = block + skew;

	if (mb2_parse(&bi, magic, info, avail, INFO_PHYS) == 0) {
		FUZZ_CHECK(magic == MB2_BOOTLOADER_MAGIC && skew == 0,
			   "accepted with magic %#x, misaligned by %zu", magic, skew);
		check(info, avail);
		FUZZ_CHECK(mb2_scan_screen(&screen, magic, info, avail, INFO_PHYS) == 0 &&
			   !memcmp(&screen.fb, &bi.fb, sizeof(bi.fb)) &&
			   screen.firmware == bi.firmware,
			   "the screen scan disagrees with the parse");
	} else {
		mb2_scan_screen(&screen, magic, info, avail, INFO_PHYS);
		FUZZ_CHECK(bi.error != NULL, "failure without an error message");
	}
	free(block);
	return 0;
}
