/*
 * tests/fuzz/fuzz_psf.c - psf_load() and psf_glyph() on hostile fonts.
 *
 * Input:  a PSF1 or PSF2 font file.
 *
 * The font sits in a heap block of exactly its size.  For an accepted font
 * the geometry must be within psf.c's sanity bounds and every glyph of all
 * 256 characters must lie inside the file; each glyph is read in full, so
 * ASan sees a glyph that runs past the end.
 */
#include <stdlib.h>

#include "drivers/psf.h"
#include "tests/fuzz/fuzz.h"

static struct psf_font font;
static volatile unsigned int sink;     /* keeps the glyph reads */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *file = fuzz_dup(data, size);
	const uint8_t *end = file + size;
	unsigned int sum = 0;

	if (psf_load(&font, file, size)) {
		free(file);
		return 0;
	}
	FUZZ_CHECK(font.width >= 1 && font.width <= 64 && font.height >= 1 &&
		   font.height <= 128, "%ux%u glyphs", font.width, font.height);
	FUZZ_CHECK(font.row_bytes == (font.width + 7) / 8, "row_bytes %u for width %u",
		   font.row_bytes, font.width);
	FUZZ_CHECK((uint64_t)font.row_bytes * font.height <= font.glyph_bytes,
		   "glyph_bytes %u < %u rows of %u", font.glyph_bytes, font.height, font.row_bytes);
	FUZZ_CHECK(font.nglyphs >= 1 && font.nglyphs <= 4096, "%u glyphs", font.nglyphs);
	FUZZ_CHECK(font.glyphs >= file &&
		   (uint64_t)font.nglyphs * font.glyph_bytes <= (uint64_t)(end - font.glyphs),
		   "glyphs run past the file");
	for (int c = 0; c < 128; c++)
		FUZZ_CHECK(font.ascii[c] < font.nglyphs, "char %d -> glyph %u of %u", c,
			   font.ascii[c], font.nglyphs);
	for (int c = 0; c < 256; c++) {
		const uint8_t *g = psf_glyph(&font, (unsigned char)c);

		FUZZ_CHECK(g >= font.glyphs && g + (size_t)font.height * font.row_bytes <= end,
			   "glyph of char %d outside the file", c);
		for (size_t i = 0; i < (size_t)font.height * font.row_bytes; i++)
			sum += g[i];
	}
	FUZZ_CHECK(psf_glyph(&font, 200) == psf_glyph(&font, '?'), "char 200 is not '?'");
	sink = sum;
	free(file);
	return 0;
}
