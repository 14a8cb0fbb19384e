/*
 * drivers/psf.c - read PSF1/PSF2 console fonts.
 *
 * Formats as documented with the Linux kbd package (psf.h / psfv2 notes):
 *  PSF1: 36 04, mode, charsize; 256 glyphs (512 with mode bit 0) of 8 x
 *        charsize; with mode bit 1 (or 2) a Unicode table follows: per
 *        glyph, u16 code points, 0xFFFE before sequences, 0xFFFF at the end.
 *  PSF2: 72 b5 4a 86, then u32 version, headersize, flags, length,
 *        charsize, height, width; with flags bit 0 a Unicode table
 *        follows: per glyph, UTF-8 characters, 0xFE before sequences,
 *        0xFF at the end.
 *
 * Portable: the host unit tests load Debian's fonts with it.
 */
#include "drivers/psf.h"
#include "kernel/errno.h"
#include "kernel/string.h"

#define PSF1_MODE512    0x01
#define PSF1_MODEHASTAB 0x02
#define PSF1_MODESEQ    0x04
#define PSF2_HAS_UNICODE_TABLE 0x01
#define PSF_GLYPH_MAX   4096    /* sanity bound; console fonts have <= 512 */

static uint32_t rd32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

static void map_ascii(struct psf_font *f, uint32_t cp, uint32_t glyph)
{
	/* The first glyph listed for a character wins. */
	if (cp < 128 && f->ascii[cp] == UINT16_MAX)
		f->ascii[cp] = (uint16_t)glyph;
}

/* Walk a PSF1 table: u16 entries. */
static void psf1_table(struct psf_font *f, const uint8_t *p, const uint8_t *end)
{
	uint32_t glyph = 0;
	bool seq = false;

	for (; p + 2 <= end && glyph < f->nglyphs; p += 2) {
		uint32_t u = p[0] | p[1] << 8;

		if (u == 0xffff) {
			glyph++;
			seq = false;
		} else if (u == 0xfffe) {
			seq = true;
		} else if (!seq) {
			map_ascii(f, u, glyph);
		}
	}
}

/* Walk a PSF2 table: UTF-8.  Only one-byte (ASCII) characters matter to
 * us; longer ones are stepped over by their continuation bytes. */
static void psf2_table(struct psf_font *f, const uint8_t *p, const uint8_t *end)
{
	uint32_t glyph = 0;
	bool seq = false;

	for (; p < end && glyph < f->nglyphs; p++) {
		if (*p == 0xff) {
			glyph++;
			seq = false;
		} else if (*p == 0xfe) {
			seq = true;
		} else if (*p < 0x80 && !seq) {
			map_ascii(f, *p, glyph);
		}
	}
}

int psf_load(struct psf_font *f, const void *data, size_t size)
{
	const uint8_t *d = data;
	uint64_t glyph_end;
	bool has_table;

	memset(f, 0, sizeof(*f));
	for (int i = 0; i < 128; i++)
		f->ascii[i] = UINT16_MAX;

	if (size >= 4 && d[0] == 0x36 && d[1] == 0x04) {
		f->nglyphs = d[2] & PSF1_MODE512 ? 512 : 256;
		f->width = 8;
		f->height = d[3];
		f->row_bytes = 1;
		f->glyph_bytes = d[3];
		f->glyphs = d + 4;
		has_table = d[2] & (PSF1_MODEHASTAB | PSF1_MODESEQ);
	} else if (size >= 32 && rd32(d) == 0x864ab572) {
		uint32_t hdr = rd32(d + 8);

		f->nglyphs = rd32(d + 16);
		f->glyph_bytes = rd32(d + 20);
		f->height = rd32(d + 24);
		f->width = rd32(d + 28);
		f->row_bytes = (f->width + 7) / 8;
		if (hdr < 32 || hdr > size)
			return -EINVAL;
		f->glyphs = d + hdr;
		has_table = rd32(d + 12) & PSF2_HAS_UNICODE_TABLE;
	} else {
		return -EINVAL;
	}
	if (!f->width || !f->height || f->width > 64 || f->height > 128 ||
	    !f->nglyphs || f->nglyphs > PSF_GLYPH_MAX ||
	    (uint64_t)f->row_bytes * f->height > f->glyph_bytes)
		return -EINVAL;
	glyph_end = (uint64_t)(f->glyphs - d) + (uint64_t)f->nglyphs * f->glyph_bytes;
	if (glyph_end > size)
		return -EINVAL;

	if (has_table) {
		if (d[0] == 0x36)
			psf1_table(f, d + glyph_end, d + size);
		else
			psf2_table(f, d + glyph_end, d + size);
	} else {
		for (uint32_t c = 0; c < 128 && c < f->nglyphs; c++)
			f->ascii[c] = (uint16_t)c;
	}
	if (f->ascii['?'] == UINT16_MAX)
		f->ascii['?'] = 0;
	for (int c = 0; c < 128; c++)
		if (f->ascii[c] == UINT16_MAX)
			f->ascii[c] = f->ascii['?'];
	return 0;
}

const uint8_t *psf_glyph(const struct psf_font *f, unsigned char c)
{
	uint32_t g = f->ascii[c < 128 ? c : '?'];

	return f->glyphs + (size_t)g * f->glyph_bytes;
}
