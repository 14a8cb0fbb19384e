/*
 * drivers/psf.h - PC Screen Font (PSF1 and PSF2) bitmap fonts, the format
 * of the Linux console fonts (/usr/share/consolefonts).
 */
#ifndef DRIVERS_PSF_H
#define DRIVERS_PSF_H

#include "kernel/types.h"

struct psf_font {
	const uint8_t *glyphs;
	uint32_t nglyphs;
	uint32_t width, height;         /* pixels */
	uint32_t row_bytes;             /* bytes per glyph row */
	uint32_t glyph_bytes;
	uint16_t ascii[128];            /* glyph index of each ASCII char */
};

/**
 * psf_load() - check a PSF1 or PSF2 font and index its glyphs.
 * @font: filled in
 * @data: the uncompressed font file
 * @size: its size in bytes
 *
 * When the font has a Unicode table, ASCII characters are looked up in it
 * (console fonts need not keep glyphs in ASCII order); otherwise glyph N is
 * character N.  Characters without a glyph show as '?'.
 *
 * Return: 0, or -EINVAL if the data is not a font or is truncated.
 */
int psf_load(struct psf_font *font, const void *data, size_t size);

/* The bitmap of character @c: font->height rows of font->row_bytes each,
 * most significant bit leftmost. */
const uint8_t *psf_glyph(const struct psf_font *font, unsigned char c);

#endif
