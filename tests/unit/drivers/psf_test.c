/*
 * tests/unit/drivers/psf_test.c - drivers/psf.c on Debian's Terminus
 * console fonts and on hostile, hand-built fonts.
 *
 * Expectations come from the input, never from psf.c: the real fonts are
 * checked against this file's own walk of their Unicode table (full UTF-8
 * decoding for PSF2, unlike psf.c's byte skipping), and the built fonts
 * against the layout this file gave them.
 *
 * Every font sits in a malloc() of exactly its size, so AddressSanitizer
 * reports any read past its end, by psf_load() or through psf_glyph().
 *
 *   PSF1:  36 04 mode charsize | glyphs: 256 (or 512) x charsize | table
 *   PSF2:  72 b5 4a 86 version headersize flags length charsize height
 *          width (u32 LE) ... | glyphs: length x charsize | table
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "drivers/psf.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"

#ifndef FONT_DIR
#define FONT_DIR "build/fonts"
#endif

#define PSF1_HDR        4
#define PSF2_HDR        32

/* A font image in a heap block of exactly @size bytes. */
struct blob {
	uint8_t *data;
	size_t size;
};

static struct blob blob_alloc(size_t size)
{
	struct blob b = { malloc(size), size };

	assert_true(b.data != NULL || size == 0);
	return b;
}

/* A copy of @size bytes at @data, in a block of exactly @size. */
static struct blob blob_copy(const void *data, size_t size)
{
	struct blob b = blob_alloc(size);

	if (size)
		memcpy(b.data, data, size);
	return b;
}

static void blob_free(struct blob b)
{
	free(b.data);
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

/* Read FONT_DIR/@name whole (tests run from the repository root). */
static struct blob read_font(const char *name)
{
	char path[256];
	struct blob b;
	FILE *f;
	long len;

	snprintf(path, sizeof(path), "%s/%s", FONT_DIR, name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s: run from the repository root after "
			 "`make build/fonts/.done`", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	b = blob_alloc((size_t)len);
	assert_int_equal(fread(b.data, 1, b.size, f), b.size);
	fclose(f);
	return b;
}

/* --- building fonts -------------------------------------------------- */

/* Glyph bytes that say which glyph they belong to (for a debugger). */
static void fill_glyphs(uint8_t *glyphs, uint32_t n, uint32_t glyph_bytes)
{
	for (uint32_t g = 0; g < n; g++)
		memset(glyphs + (size_t)g * glyph_bytes, (int)(g * 7 + 1),
		       glyph_bytes);
}

/*
 * A PSF1 font: @mode, 8 x @height glyphs (256, or 512 with mode bit 0),
 * then @table_len bytes of @table.
 */
static struct blob make_psf1(uint8_t mode, uint8_t height,
			     const void *table, size_t table_len)
{
	uint32_t n = mode & 1 ? 512 : 256;
	size_t glyphs = (size_t)n * height;
	struct blob b = blob_alloc(PSF1_HDR + glyphs + table_len);

	b.data[0] = 0x36;
	b.data[1] = 0x04;
	b.data[2] = mode;
	b.data[3] = height;
	fill_glyphs(b.data + PSF1_HDR, n, height);
	if (table_len)
		memcpy(b.data + PSF1_HDR + glyphs, table, table_len);
	return b;
}

/* A PSF1 font whose Unicode table is the @n u16 entries @e. */
static struct blob make_psf1_entries(uint8_t mode, uint8_t height,
				     const uint16_t *e, size_t n)
{
	uint8_t *t = malloc(2 * n);
	struct blob b;

	assert_non_null(t);
	for (size_t i = 0; i < n; i++) {
		t[2 * i] = (uint8_t)e[i];
		t[2 * i + 1] = (uint8_t)(e[i] >> 8);
	}
	b = make_psf1(mode, height, t, 2 * n);
	free(t);
	return b;
}

/* The PSF2 header fields a test may want to get wrong. */
struct psf2_hdr {
	uint32_t headersize, flags, length, charsize, height, width;
};

/* A sane PSF2 header: @length glyphs of @width x @height, no table. */
static struct psf2_hdr psf2_hdr(uint32_t length, uint32_t width,
				uint32_t height)
{
	struct psf2_hdr h = {
		.headersize = PSF2_HDR, .flags = 0, .length = length,
		.charsize = (width + 7) / 8 * height, .height = height,
		.width = width,
	};

	return h;
}

/*
 * A PSF2 font of exactly @size bytes: header @h, then (as far as @size
 * reaches) glyphs from h.headersize on and @table after them.  @size need
 * not agree with the header: that is how hostile fonts are made.
 */
static struct blob make_psf2_sized(struct psf2_hdr h, const void *table,
				   size_t table_len, size_t size)
{
	struct blob b = blob_alloc(size);
	uint64_t glyph_end = (uint64_t)h.headersize +
			     (uint64_t)h.length * h.charsize;

	assert_true(size >= PSF2_HDR);
	memset(b.data, 0, size);
	if (h.headersize >= PSF2_HDR && glyph_end <= size) {
		fill_glyphs(b.data + h.headersize, h.length, h.charsize);
		if (table_len)
			memcpy(b.data + glyph_end, table,
			       MIN(table_len, size - (size_t)glyph_end));
	}
	put32(b.data + 0, 0x864ab572);
	put32(b.data + 4, 0);
	put32(b.data + 8, h.headersize);
	put32(b.data + 12, h.flags);
	put32(b.data + 16, h.length);
	put32(b.data + 20, h.charsize);
	put32(b.data + 24, h.height);
	put32(b.data + 28, h.width);
	return b;
}

/* A PSF2 font exactly as long as its header says, plus @table. */
static struct blob make_psf2(struct psf2_hdr h, const void *table,
			     size_t table_len)
{
	size_t size = h.headersize + (size_t)h.length * h.charsize + table_len;

	return make_psf2_sized(h, table, table_len, size);
}

/* --- the oracle: this file's own reading of a font ------------------- */

/* The header fields of a font file, read as the format defines them. */
static uint32_t font_header_size(const uint8_t *d, bool psf2)
{
	return psf2 ? get32(d + 8) : PSF1_HDR;
}

static uint32_t font_nglyphs(const uint8_t *d, bool psf2)
{
	return psf2 ? get32(d + 16) : d[2] & 0x01 ? 512 : 256;
}

static uint32_t font_charsize(const uint8_t *d, bool psf2)
{
	return psf2 ? get32(d + 20) : d[3];
}

/* Where the glyphs of font file @d end and its Unicode table starts. */
static size_t font_glyph_end(const uint8_t *d, bool psf2)
{
	return font_header_size(d, psf2) +
	       (size_t)font_nglyphs(d, psf2) * font_charsize(d, psf2);
}

/*
 * Decode one UTF-8 character at *@p (before @end) and advance past it.
 * Return the code point, or -1 for a malformed or cut-short one.
 */
static long utf8_next(const uint8_t **p, const uint8_t *end)
{
	uint8_t c = *(*p)++;
	int more;
	long cp;

	if (c < 0x80)
		return c;
	else if (c >= 0xf0)
		more = 3, cp = c & 0x07;
	else if (c >= 0xe0)
		more = 2, cp = c & 0x0f;
	else if (c >= 0xc0)
		more = 1, cp = c & 0x1f;
	else
		return -1;      /* a continuation byte where a character starts */
	while (more--) {
		if (*p == end || (**p & 0xc0) != 0x80)
			return -1;
		cp = cp << 6 | (*(*p)++ & 0x3f);
	}
	return cp;
}

/*
 * The first glyph whose table entry lists @cp on its own (not inside a
 * 0xFFFE/0xFE sequence), or -1.  @psf2 selects UTF-8 over u16 entries.
 */
static long table_glyph(const uint8_t *p, const uint8_t *end, bool psf2,
			uint32_t nglyphs, uint32_t cp)
{
	uint32_t glyph = 0;
	bool seq = false;

	while (p < end && glyph < nglyphs) {
		long u;

		if (psf2) {
			/* FF and FE never occur in UTF-8: map them to PSF1's */
			if (*p == 0xff || *p == 0xfe)
				u = *p++ == 0xff ? 0xffff : 0xfffe;
			else
				u = utf8_next(&p, end);
		} else {
			if (end - p < 2)
				break;
			u = p[0] | p[1] << 8;
			p += 2;
		}
		if (u == 0xffff) {
			glyph++;
			seq = false;
		} else if (u == 0xfffe) {
			seq = true;
		} else if (!seq && u == (long)cp) {
			return glyph;
		}
	}
	return -1;
}

/* --- checks ---------------------------------------------------------- */

static const uint8_t *glyph_at(const struct psf_font *f, uint32_t g)
{
	return f->glyphs + (size_t)g * f->glyph_bytes;
}

/* Where glyph bytes are read to, so that the reads stay. */
static volatile uint8_t glyph_sink;

/*
 * Every character's glyph lies whole inside @b's glyph data; reading all
 * of its bytes lets ASan object if not.
 */
static void assert_glyphs_in_font(const struct psf_font *f, struct blob b)
{
	const uint8_t *end = f->glyphs + (size_t)f->nglyphs * f->glyph_bytes;

	assert_true(f->glyphs >= b.data && end <= b.data + b.size);
	for (int c = 0; c < 256; c++) {
		const uint8_t *g = psf_glyph(f, (unsigned char)c);

		assert_true(g >= f->glyphs && g + f->glyph_bytes <= end);
		assert_int_equal((size_t)(g - f->glyphs) % f->glyph_bytes, 0);
		for (uint32_t i = 0; i < f->glyph_bytes; i++)
			glyph_sink = g[i];
	}
}

/* Every character from 128 on shows as '?'. */
static void assert_high_chars_are_question_mark(const struct psf_font *f)
{
	for (int c = 128; c < 256; c++)
		assert_ptr_equal(psf_glyph(f, (unsigned char)c),
				 psf_glyph(f, '?'));
}

static bool glyph_is_blank(const struct psf_font *f, const uint8_t *g)
{
	for (uint32_t i = 0; i < f->height * f->row_bytes; i++)
		if (g[i])
			return false;
	return true;
}

/*
 * Load a real font and check it against its own table: each ASCII
 * character the table lists gets the first glyph listing it, the others
 * get '?'; space is blank, 'A' is not and differs from 'B'.
 */
static void check_real_font(struct blob b, bool psf2, uint32_t width,
			    uint32_t height)
{
	struct psf_font f;
	uint32_t hdr = font_header_size(b.data, psf2);
	uint32_t n = font_nglyphs(b.data, psf2);
	uint32_t gb = font_charsize(b.data, psf2);
	const uint8_t *table = b.data + font_glyph_end(b.data, psf2);
	const uint8_t *end = b.data + b.size;
	long question = table_glyph(table, end, psf2, n, '?');

	assert_int_equal(psf_load(&f, b.data, b.size), 0);
	assert_int_equal(f.width, width);
	assert_int_equal(f.height, height);
	assert_int_equal(f.row_bytes, (width + 7) / 8);
	assert_int_equal(f.glyph_bytes, gb);
	assert_int_equal(f.nglyphs, n);
	assert_ptr_equal(f.glyphs, b.data + hdr);
	assert_true(table < end);       /* these fonts do have a table */

	/* '?' must be listed, or the fallback below would mean nothing */
	assert_true(question >= 0);
	for (uint32_t c = 0; c < 128; c++) {
		long g = table_glyph(table, end, psf2, n, c);
		const uint8_t *got = psf_glyph(&f, (unsigned char)c);

		if (g < 0)
			g = question;
		if (got != glyph_at(&f, (uint32_t)g))
			fail_msg("char 0x%02x: glyph %td, table says %ld", c,
				 (got - f.glyphs) / (ptrdiff_t)f.glyph_bytes, g);
	}
	assert_true(table_glyph(table, end, psf2, n, 'A') >= 0);
	assert_true(table_glyph(table, end, psf2, n, ' ') >= 0);
	assert_true(glyph_is_blank(&f, psf_glyph(&f, ' ')));
	assert_false(glyph_is_blank(&f, psf_glyph(&f, 'A')));
	assert_false(glyph_is_blank(&f, psf_glyph(&f, '?')));
	assert_memory_not_equal(psf_glyph(&f, 'A'), psf_glyph(&f, 'B'),
				f.glyph_bytes);
	assert_high_chars_are_question_mark(&f);
	assert_glyphs_in_font(&f, b);
}

/* --- the real fonts -------------------------------------------------- */

/* Lat15-Terminus16: PSF1, 8x16, 256 glyphs with a u16 Unicode table. */
static void test_terminus16_psf1(void **state)
{
	struct blob b = read_font("Lat15-Terminus16.psf");

	(void)state;
	assert_int_equal(b.data[0], 0x36);      /* it is the PSF1 we expect */
	check_real_font(b, false, 8, 16);
	blob_free(b);
}

/* Lat15-Terminus32x16: PSF2, 16x32 (2 bytes a row), UTF-8 table. */
static void test_terminus32x16_psf2(void **state)
{
	struct blob b = read_font("Lat15-Terminus32x16.psf");

	(void)state;
	assert_int_equal(get32(b.data), 0x864ab572);
	assert_true(get32(b.data + 12) & 1);    /* has a Unicode table */
	check_real_font(b, true, 16, 32);
	blob_free(b);
}

/*
 * Every prefix of a real font: shorter than header + glyphs is -EINVAL;
 * from there on the font loads (a table cut anywhere is fine) and no
 * glyph points past the bytes that are there.
 */
static void check_every_prefix(struct blob b, size_t glyph_end)
{
	for (size_t len = 0; len <= b.size; len++) {
		struct blob p = blob_copy(b.data, len);
		struct psf_font f;
		int rc = psf_load(&f, p.data, p.size);

		if (len < glyph_end) {
			if (rc != -EINVAL)
				fail_msg("%zu of %zu bytes: %d, want -EINVAL", len,
					 b.size, rc);
		} else {
			assert_int_equal(rc, 0);
			assert_glyphs_in_font(&f, p);
		}
		blob_free(p);
	}
}

/* Lat15-Terminus16 cut at every length. */
static void test_terminus16_every_prefix(void **state)
{
	struct blob b = read_font("Lat15-Terminus16.psf");

	(void)state;
	check_every_prefix(b, font_glyph_end(b.data, false));
	blob_free(b);
}

/* Lat15-Terminus32x16 cut at every length. */
static void test_terminus32x16_every_prefix(void **state)
{
	struct blob b = read_font("Lat15-Terminus32x16.psf");

	(void)state;
	check_every_prefix(b, font_glyph_end(b.data, true));
	blob_free(b);
}

/* --- hostile inputs -------------------------------------------------- */

/* Load @b and expect -EINVAL. */
static void assert_rejected(struct blob b)
{
	struct psf_font f;

	assert_int_equal(psf_load(&f, b.data, b.size), -EINVAL);
}

/* No bytes at all, and fewer bytes than either header. */
static void test_empty_and_tiny(void **state)
{
	static const uint8_t psf1[] = { 0x36, 0x04, 0x00 };
	static const uint8_t psf2[] = { 0x72, 0xb5, 0x4a, 0x86, 0, 0, 0, 0 };
	struct blob empty = blob_alloc(0);
	struct psf_font f;

	(void)state;
	assert_rejected(empty);
	assert_int_equal(psf_load(&f, NULL, 0), -EINVAL);
	for (size_t len = 1; len <= sizeof(psf1); len++) {
		struct blob b = blob_copy(psf1, len);

		assert_rejected(b);
		blob_free(b);
	}
	for (size_t len = 1; len <= sizeof(psf2); len++) {
		struct blob b = blob_copy(psf2, len);

		assert_rejected(b);
		blob_free(b);
	}
	blob_free(empty);
}

/* A single wrong bit in any magic byte makes it not a font. */
static void test_bad_magic(void **state)
{
	(void)state;
	for (int i = 0; i < 2; i++) {
		struct blob b = make_psf1(0, 16, NULL, 0);

		b.data[i] ^= 0x01;
		assert_rejected(b);
		blob_free(b);
	}
	for (int i = 0; i < 4; i++) {
		struct blob b = make_psf2(psf2_hdr(256, 8, 16), NULL, 0);

		b.data[i] ^= 0x80;
		assert_rejected(b);
		blob_free(b);
	}
}

/*
 * PSF1 with its glyph data one byte short (with mode 512, the last 256
 * glyphs missing entirely):
 *
 *   | 36 04 00 10 | 256 x 16 bytes - 1 |
 */
static void test_psf1_truncated_glyphs(void **state)
{
	struct blob full = make_psf1(0, 16, NULL, 0);
	struct blob cut = blob_copy(full.data, full.size - 1);
	struct blob m512 = make_psf1(1, 16, NULL, 0);
	struct blob half = blob_copy(m512.data, PSF1_HDR + 256 * 16);
	struct psf_font f;

	(void)state;
	assert_int_equal(psf_load(&f, full.data, full.size), 0);
	assert_rejected(cut);
	assert_int_equal(psf_load(&f, m512.data, m512.size), 0);
	assert_int_equal(f.nglyphs, 512);
	assert_rejected(half);
	blob_free(full);
	blob_free(cut);
	blob_free(m512);
	blob_free(half);
}

/* A PSF1 glyph height of 0 describes no font. */
static void test_psf1_zero_height(void **state)
{
	struct blob b = make_psf1(0, 0, NULL, 0);

	(void)state;
	assert_rejected(b);
	blob_free(b);
}

/*
 * PSF2 headersize pointing inside the 32-byte header itself, at the end
 * of the data, or past it:
 *
 *   | header (32) | glyph (8) |
 *                             ^ size        ^ headersize = size + 1
 */
static void test_psf2_bad_headersize(void **state)
{
	struct psf2_hdr h = psf2_hdr(1, 8, 8);
	size_t size = PSF2_HDR + h.charsize;       /* room for one 8x8 glyph */
	/* inside the header, at the end with a glyph to come, past the end */
	const uint32_t bad[] = { 0, 4, 31, (uint32_t)size, (uint32_t)size + 1,
				 0x80000000u, 0xffffffffu };
	struct psf_font f;
	struct blob b;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		h.headersize = bad[i];
		b = make_psf2_sized(h, NULL, 0, size);
		assert_rejected(b);
		blob_free(b);
	}
	/* a longer header (padding) is fine when the glyphs still fit */
	h.headersize = 40;
	b = make_psf2(h, NULL, 0);
	assert_int_equal(psf_load(&f, b.data, b.size), 0);
	assert_ptr_equal(f.glyphs, b.data + 40);
	assert_glyphs_in_font(&f, b);
	blob_free(b);
}

/*
 * length * charsize that wraps in 32 bits: 0x1000 * 0x100000 = 2^32 (0 if
 * computed in u32), 0x10000 * 0x10000 likewise, and both at their maximum.
 * The file is only a header and a few bytes: it must not load.
 */
static void test_psf2_size_overflow(void **state)
{
	static const uint32_t cases[][2] = {
		{ 0x1000, 0x100000 }, { 0x10000, 0x10000 },
		{ 0xffffffffu, 0xffffffffu }, { 2, 0x80000000u },
		{ 0x11, 0xf0f0f0f1u },     /* 0x1000000001 -> 1 in u32 */
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct psf2_hdr h = psf2_hdr(1, 8, 8);
		struct blob b;

		h.length = cases[i][0];
		h.charsize = cases[i][1];
		b = make_psf2_sized(h, NULL, 0, PSF2_HDR + 16);
		assert_rejected(b);
		blob_free(b);
	}
}

/*
 * charsize must hold height rows of (width + 7) / 8 bytes: 9 pixels wide
 * is 2 bytes a row, so 9x16 needs 32 bytes a glyph; 31 is too few.
 */
static void test_psf2_charsize_too_small(void **state)
{
	struct psf2_hdr h = psf2_hdr(256, 9, 16);
	struct psf_font f;
	struct blob ok, small;

	(void)state;
	assert_int_equal(h.charsize, 32);
	ok = make_psf2(h, NULL, 0);
	assert_int_equal(psf_load(&f, ok.data, ok.size), 0);
	assert_int_equal(f.row_bytes, 2);
	h.charsize = 31;
	small = make_psf2(h, NULL, 0);
	assert_rejected(small);
	blob_free(ok);
	blob_free(small);
}

/* Width 0 and height 0 describe no glyphs; widths up to 64 load, 65 not. */
static void test_psf2_width_limits(void **state)
{
	static const struct {
		uint32_t width, height;
		bool loads;
	} cases[] = {
		{ 0, 16, false }, { 8, 0, false }, { 1, 16, true },
		{ 64, 16, true }, { 65, 16, false }, { 0xffffffffu, 16, false },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct psf2_hdr h = psf2_hdr(4, cases[i].width, cases[i].height);
		struct psf_font f;
		struct blob b;

		/* no rows (or (0xffffffff + 7) / 8 wrapped): any charsize */
		if (h.charsize == 0)
			h.charsize = 16;
		b = make_psf2(h, NULL, 0);
		if (cases[i].loads) {
			assert_int_equal(psf_load(&f, b.data, b.size), 0);
			assert_int_equal(f.width, cases[i].width);
			assert_glyphs_in_font(&f, b);
		} else {
			assert_rejected(b);
		}
		blob_free(b);
	}
}

/* A PSF2 font with no glyphs cannot show anything, not even '?'. */
static void test_psf2_no_glyphs(void **state)
{
	struct blob b = make_psf2(psf2_hdr(0, 8, 16), NULL, 0);

	(void)state;
	assert_rejected(b);
	blob_free(b);
}

/*
 * No Unicode table: glyph N is character N.  With 256 glyphs every ASCII
 * character has its own; 128 and up still show '?'.
 */
static void test_no_table_identity(void **state)
{
	struct blob b1 = make_psf1(0, 16, NULL, 0);
	struct blob b2 = make_psf2(psf2_hdr(256, 16, 32), NULL, 0);
	struct blob fonts[] = { b1, b2 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(fonts); i++) {
		struct psf_font f;

		assert_int_equal(psf_load(&f, fonts[i].data, fonts[i].size), 0);
		for (uint32_t c = 0; c < 128; c++)
			assert_ptr_equal(psf_glyph(&f, (unsigned char)c),
					 glyph_at(&f, c));
		assert_ptr_equal(psf_glyph(&f, '?'), glyph_at(&f, '?'));
		assert_high_chars_are_question_mark(&f);
		assert_glyphs_in_font(&f, fonts[i]);
		blob_free(fonts[i]);
	}
}

/*
 * No table and fewer than 128 glyphs: characters the font has keep their
 * glyph, the rest share the '?' stand-in, and it lies inside the font.
 */
static void test_no_table_few_glyphs(void **state)
{
	static const uint32_t counts[] = { 1, 32, 64, 100 };

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(counts); i++) {
		struct blob b = make_psf2(psf2_hdr(counts[i], 8, 8), NULL, 0);
		struct psf_font f;

		assert_int_equal(psf_load(&f, b.data, b.size), 0);
		for (uint32_t c = 0; c < 128; c++) {
			const uint8_t *want = c < counts[i] ? glyph_at(&f, c)
							    : psf_glyph(&f, '?');

			assert_ptr_equal(psf_glyph(&f, (unsigned char)c), want);
		}
		if ('?' < counts[i])
			assert_ptr_equal(psf_glyph(&f, '?'), glyph_at(&f, '?'));
		assert_glyphs_in_font(&f, b);
		blob_free(b);
	}
}

/* u16 little-endian, for PSF1 tables. */
#define U16(x) (uint8_t)((x) & 0xff), (uint8_t)((x) >> 8)

/*
 * A PSF1 table decides, not glyph order:
 *
 *   glyph 0: U+FFFE 'A' U+0301 U+FFFF   'A' only inside a sequence
 *   glyph 1: U+00C1 'A' 'a' U+FFFF      first glyph to list 'A' alone
 *   glyph 2: 'A' '?' U+FFFF             too late for 'A'; gives '?'
 *   glyph 3: '0' U+FFFF
 *   glyphs 4..255: no entries          (table ends early)
 */
static void test_psf1_table_mapping(void **state)
{
	static const uint8_t table[] = {
		U16(0xfffe), U16('A'), U16(0x301), U16(0xffff),
		U16(0xc1), U16('A'), U16('a'), U16(0xffff),
		U16('A'), U16('?'), U16(0xffff),
		U16('0'), U16(0xffff),
	};
	struct blob b = make_psf1(0x02, 8, table, sizeof(table));
	struct psf_font f;

	(void)state;
	assert_int_equal(psf_load(&f, b.data, b.size), 0);
	assert_ptr_equal(psf_glyph(&f, 'A'), glyph_at(&f, 1));
	assert_ptr_equal(psf_glyph(&f, 'a'), glyph_at(&f, 1));
	assert_ptr_equal(psf_glyph(&f, '?'), glyph_at(&f, 2));
	assert_ptr_equal(psf_glyph(&f, '0'), glyph_at(&f, 3));
	/* not listed: '?', even though glyph 'B' exists at index 66 */
	assert_ptr_equal(psf_glyph(&f, 'B'), glyph_at(&f, 2));
	assert_ptr_equal(psf_glyph(&f, 0), glyph_at(&f, 2));
	assert_high_chars_are_question_mark(&f);
	assert_glyphs_in_font(&f, b);
	blob_free(b);
}

/*
 * The same for PSF2's UTF-8 table, with multi-byte characters whose
 * continuation bytes must not be taken for anything:
 *
 *   glyph 0: FE 'A' CC 81 FF     'A' only inside a sequence
 *   glyph 1: C3 81 'A' FF        U+00C1, then 'A'
 *   glyph 2: E2 80 BD '?' FF     U+203D, then '?'
 *   glyph 3: F0 9F 98 80 FF      U+1F600 only
 */
static void test_psf2_table_mapping(void **state)
{
	static const uint8_t table[] = {
		0xfe, 'A', 0xcc, 0x81, 0xff,
		0xc3, 0x81, 'A', 0xff,
		0xe2, 0x80, 0xbd, '?', 0xff,
		0xf0, 0x9f, 0x98, 0x80, 0xff,
	};
	struct psf2_hdr h = psf2_hdr(4, 8, 16);
	struct psf_font f;
	struct blob b;

	(void)state;
	h.flags = 1;
	b = make_psf2(h, table, sizeof(table));
	assert_int_equal(psf_load(&f, b.data, b.size), 0);
	assert_ptr_equal(psf_glyph(&f, 'A'), glyph_at(&f, 1));
	assert_ptr_equal(psf_glyph(&f, '?'), glyph_at(&f, 2));
	assert_ptr_equal(psf_glyph(&f, 'B'), glyph_at(&f, 2));
	/* no byte of a multi-byte character stands for an ASCII one */
	for (int c = 0; c < 128; c++)
		if (c != 'A')
			assert_ptr_equal(psf_glyph(&f, (unsigned char)c),
					 glyph_at(&f, 2));
	assert_high_chars_are_question_mark(&f);
	assert_glyphs_in_font(&f, b);
	blob_free(b);
}

/*
 * A table with more entries than the font has glyphs: what it lists for
 * glyph 2 of a 2-glyph font must be ignored, or 'Z' would point past the
 * glyph data.
 *
 *   glyph 0: '?' FF   glyph 1: 'A' FF   (no glyph 2): 'Z' FF
 */
static void test_table_longer_than_font(void **state)
{
	static const uint8_t t2[] = { '?', 0xff, 'A', 0xff, 'Z', 0xff };
	uint16_t t1[2 + 256 + 2];     /* glyph 0 "?", then 255 ends, "Z" */
	struct psf2_hdr h = psf2_hdr(2, 8, 8);
	struct psf_font f;
	struct blob b2, b1;

	(void)state;
	h.flags = 1;
	b2 = make_psf2(h, t2, sizeof(t2));
	assert_int_equal(psf_load(&f, b2.data, b2.size), 0);
	assert_ptr_equal(psf_glyph(&f, 'A'), glyph_at(&f, 1));
	assert_ptr_equal(psf_glyph(&f, 'Z'), glyph_at(&f, 0));
	assert_glyphs_in_font(&f, b2);

	/* PSF1 always has 256 glyphs: 'Z' comes as a 257th entry */
	t1[0] = '?';
	t1[1] = 0xffff;
	t1[2] = 'A';
	for (size_t i = 3; i < ARRAY_SIZE(t1); i++)
		t1[i] = 0xffff;
	t1[ARRAY_SIZE(t1) - 2] = 'Z';
	b1 = make_psf1_entries(0x02, 8, t1, ARRAY_SIZE(t1));
	assert_int_equal(psf_load(&f, b1.data, b1.size), 0);
	assert_ptr_equal(psf_glyph(&f, 'A'), glyph_at(&f, 1));
	assert_ptr_equal(psf_glyph(&f, 'Z'), glyph_at(&f, 0));
	assert_glyphs_in_font(&f, b1);
	blob_free(b2);
	blob_free(b1);
}

/*
 * Tables cut short: PSF1 ending in half a u16, PSF2 ending inside a UTF-8
 * character and without its final FF.  Whatever came before still counts;
 * nothing past the end is read (ASan watches).
 *
 *   PSF1: '?' FFFF 'A' | 42            (the last byte is half of 'B')
 *   PSF2: '?' FF 'A' C3 | (cut)
 */
static void test_table_cut_short(void **state)
{
	static const uint8_t t1[] = { U16('?'), U16(0xffff), U16('A'), 0x42 };
	static const uint8_t t2[] = { '?', 0xff, 'A', 0xc3 };
	struct psf2_hdr h = psf2_hdr(4, 8, 8);
	struct psf_font f;
	struct blob b1 = make_psf1(0x02, 8, t1, sizeof(t1));
	struct blob b2;

	(void)state;
	assert_int_equal(psf_load(&f, b1.data, b1.size), 0);
	assert_ptr_equal(psf_glyph(&f, '?'), glyph_at(&f, 0));
	assert_ptr_equal(psf_glyph(&f, 'A'), glyph_at(&f, 1));
	assert_ptr_equal(psf_glyph(&f, 'B'), glyph_at(&f, 0));
	assert_glyphs_in_font(&f, b1);

	h.flags = 1;
	b2 = make_psf2(h, t2, sizeof(t2));
	assert_int_equal(psf_load(&f, b2.data, b2.size), 0);
	assert_ptr_equal(psf_glyph(&f, '?'), glyph_at(&f, 0));
	assert_ptr_equal(psf_glyph(&f, 'A'), glyph_at(&f, 1));
	assert_glyphs_in_font(&f, b2);
	blob_free(b1);
	blob_free(b2);
}

/*
 * The font says it has a table but there is none (the file ends with the
 * glyphs): nothing is listed, so everything shows the same stand-in glyph,
 * inside the font.
 */
static void test_table_flag_without_table(void **state)
{
	struct psf2_hdr h = psf2_hdr(8, 8, 8);
	struct blob fonts[2];

	(void)state;
	h.flags = 1;
	fonts[0] = make_psf1(0x02, 8, NULL, 0);
	fonts[1] = make_psf2(h, NULL, 0);
	for (size_t i = 0; i < ARRAY_SIZE(fonts); i++) {
		struct psf_font f;

		assert_int_equal(psf_load(&f, fonts[i].data, fonts[i].size), 0);
		for (int c = 0; c < 256; c++)
			assert_ptr_equal(psf_glyph(&f, (unsigned char)c),
					 psf_glyph(&f, '?'));
		assert_glyphs_in_font(&f, fonts[i]);
		blob_free(fonts[i]);
	}
}

/*
 * PSF1 mode 0x04 (sequences) also means "has a table", and mode 0x01
 * gives 512 glyphs the table may point into:
 *
 *   glyphs 0..299: empty entries   glyph 300: 'Z' '?' FFFF
 */
static void test_psf1_mode512_table(void **state)
{
	uint16_t t[300 + 3];
	struct psf_font f;
	struct blob b;

	(void)state;
	for (size_t i = 0; i < 300; i++)
		t[i] = 0xffff;
	t[300] = 'Z';
	t[301] = '?';
	t[302] = 0xffff;
	b = make_psf1_entries(0x01 | 0x04, 8, t, ARRAY_SIZE(t));
	assert_int_equal(psf_load(&f, b.data, b.size), 0);
	assert_int_equal(f.nglyphs, 512);
	assert_ptr_equal(psf_glyph(&f, 'Z'), glyph_at(&f, 300));
	assert_ptr_equal(psf_glyph(&f, '?'), glyph_at(&f, 300));
	assert_ptr_equal(psf_glyph(&f, 'A'), glyph_at(&f, 300));
	assert_glyphs_in_font(&f, b);
	blob_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_terminus16_psf1),
		cmocka_unit_test(test_terminus32x16_psf2),
		cmocka_unit_test(test_terminus16_every_prefix),
		cmocka_unit_test(test_terminus32x16_every_prefix),
		cmocka_unit_test(test_empty_and_tiny),
		cmocka_unit_test(test_bad_magic),
		cmocka_unit_test(test_psf1_truncated_glyphs),
		cmocka_unit_test(test_psf1_zero_height),
		cmocka_unit_test(test_psf2_bad_headersize),
		cmocka_unit_test(test_psf2_size_overflow),
		cmocka_unit_test(test_psf2_charsize_too_small),
		cmocka_unit_test(test_psf2_width_limits),
		cmocka_unit_test(test_psf2_no_glyphs),
		cmocka_unit_test(test_no_table_identity),
		cmocka_unit_test(test_no_table_few_glyphs),
		cmocka_unit_test(test_psf1_table_mapping),
		cmocka_unit_test(test_psf2_table_mapping),
		cmocka_unit_test(test_table_longer_than_font),
		cmocka_unit_test(test_table_cut_short),
		cmocka_unit_test(test_table_flag_without_table),
		cmocka_unit_test(test_psf1_mode512_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
