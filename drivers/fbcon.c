/*
 * drivers/fbcon.c - text console on a linear RGB framebuffer.
 *
 * Scrolling moves the framebuffer contents up one text row.  Framebuffer
 * reads are slow on real hardware, but a boot log is a few hundred lines
 * and this keeps no shadow copy the size of the screen.
 */
#define pr_fmt(fmt) "fbcon: " fmt

#include "drivers/fbcon.h"
#include "drivers/psf.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/string.h"

/* Terminus console fonts from Debian's console-setup-linux, built in by
 * drivers/font.asm. */
extern const uint8_t font_8x16[], font_8x16_end[];
extern const uint8_t font_16x32[], font_16x32_end[];

#define FG_RGB  0xc0c0c0        /* light grey, as the VGA console */
#define BG_RGB  0x000000

static struct {
	uint8_t *base;
	uint32_t pitch, width, height, bytespp;
	uint32_t fg, bg;                /* in the framebuffer's pixel format */
	struct psf_font font;
	uint32_t cols, rows, col, row;
	struct boot_framebuffer fb;     /* for colours of our own */
} fbc;

/* Turn 0xRRGGBB into the framebuffer's pixel layout. */
static uint32_t fb_pixel(const struct boot_framebuffer *fb, uint32_t rgb)
{
	uint32_t r = (rgb >> 16) & 0xff, g = (rgb >> 8) & 0xff, b = rgb & 0xff;

	return (r >> (8 - fb->red_size)) << fb->red_pos |
	       (g >> (8 - fb->green_size)) << fb->green_pos |
	       (b >> (8 - fb->blue_size)) << fb->blue_pos;
}

static void put_pixel(uint8_t *p, uint32_t v)
{
	switch (fbc.bytespp) {
	case 4:
		*(volatile uint32_t *)p = v;
		break;
	case 3:
		p[0] = (uint8_t)v;
		p[1] = (uint8_t)(v >> 8);
		p[2] = (uint8_t)(v >> 16);
		break;
	default:
		*(volatile uint16_t *)p = (uint16_t)v;
		break;
	}
}

static void draw_char(uint32_t col, uint32_t row, unsigned char c)
{
	const struct psf_font *f = &fbc.font;
	const uint8_t *glyph = psf_glyph(f, c);
	uint8_t *line = fbc.base + (size_t)row * f->height * fbc.pitch +
			(size_t)col * f->width * fbc.bytespp;

	for (uint32_t y = 0; y < f->height; y++, line += fbc.pitch) {
		const uint8_t *bits = glyph + y * f->row_bytes;
		uint8_t *p = line;

		for (uint32_t x = 0; x < f->width; x++, p += fbc.bytespp) {
			bool on = bits[x / 8] & (0x80 >> (x % 8));

			put_pixel(p, on ? fbc.fg : fbc.bg);
		}
	}
}

static void clear_rows(uint32_t first, uint32_t n)
{
	for (uint32_t r = first; r < first + n; r++)
		for (uint32_t c = 0; c < fbc.cols; c++)
			draw_char(c, r, ' ');
}

static void fb_newline(void)
{
	size_t row_bytes = (size_t)fbc.font.height * fbc.pitch;

	fbc.col = 0;
	if (++fbc.row < fbc.rows)
		return;
	fbc.row = fbc.rows - 1;
	memmove(fbc.base, fbc.base + row_bytes, row_bytes * (fbc.rows - 1));
	clear_rows(fbc.rows - 1, 1);
}

static void fbcon_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n') {
			fb_newline();
		} else if (c == '\r') {
			fbc.col = 0;
		} else {
			draw_char(fbc.col, fbc.row, c);
			if (++fbc.col == fbc.cols)
				fb_newline();
		}
	}
}

bool fbcon_active(void)
{
	return fbc.base;
}

bool fbcon_bar(const char *label, uint32_t (*color_at)(void *ctx, uint32_t x, uint32_t width),
	       void *ctx)
{
	uint32_t x0, width, h = fbc.font.height;
	uint8_t *row;

	if (!fbc.base)
		return false;
	if (fbc.col)
		fb_newline();
	for (const char *c = label; *c && fbc.col < fbc.cols; c++)
		draw_char(fbc.col++, fbc.row, (unsigned char)*c);
	x0 = fbc.col * fbc.font.width;
	width = fbc.width - x0;
	row = fbc.base + (size_t)fbc.row * h * fbc.pitch;
	for (uint32_t x = 0; x < width; x++) {
		uint32_t v = fb_pixel(&fbc.fb, color_at(ctx, x, width));

		/* A margin of 2 pixels above and below keeps bars apart. */
		for (uint32_t y = 2; y + 2 < h; y++)
			put_pixel(row + (size_t)y * fbc.pitch + (size_t)(x0 + x) * fbc.bytespp, v);
	}
	fb_newline();
	return true;
}

static struct console fb_console = {
	.name = "fb0",
	.write = fbcon_write,
};

int fbcon_init(const struct boot_framebuffer *fb)
{
	const uint8_t *font = font_8x16, *font_end = font_8x16_end;
	uint64_t size = (uint64_t)fb->pitch * fb->height;

	if (fb->type != BOOT_FB_RGB || (fb->bpp != 16 && fb->bpp != 24 && fb->bpp != 32) ||
	    fb->red_size > 8 || fb->green_size > 8 || fb->blue_size > 8 ||
	    (uint64_t)fb->width * (fb->bpp / 8) > fb->pitch || !fb->height) {
		pr_err("cannot drive a %ux%u %u-bpp framebuffer of type %d\n",
		       fb->width, fb->height, fb->bpp, fb->type);
		return -EINVAL;
	}
	if (fb->width >= 1920) {
		font = font_16x32;
		font_end = font_16x32_end;
	}
	if (psf_load(&fbc.font, font, (size_t)(font_end - font)) ||
	    fb->width < fbc.font.width || fb->height < fbc.font.height) {
		pr_err("built-in font unusable on a %ux%u screen\n",
		       fb->width, fb->height);
		return -EINVAL;
	}
	if (!early_ioremap(fb->addr, size)) {
		pr_err("cannot map the framebuffer at %#lx\n", fb->addr);
		return -EINVAL;
	}
	fbc.base = phys_to_virt(fb->addr);
	fbc.pitch = fb->pitch;
	fbc.width = fb->width;
	fbc.height = fb->height;
	fbc.bytespp = fb->bpp / 8;
	fbc.fb = *fb;
	fbc.fg = fb_pixel(fb, FG_RGB);
	fbc.bg = fb_pixel(fb, BG_RGB);
	fbc.cols = fb->width / fbc.font.width;
	fbc.rows = fb->height / fbc.font.height;
	fbc.col = fbc.row = 0;
	for (uint32_t y = 0; y < fb->height; y++)
		for (uint32_t x = 0; x < fb->width; x++)
			put_pixel(fbc.base + (size_t)y * fbc.pitch + x * fbc.bytespp, fbc.bg);
	console_register(&fb_console);
	pr_info("%ux%u, %u bpp, %ux%u text with a %ux%u font\n", fb->width,
		fb->height, fb->bpp, fbc.cols, fbc.rows, fbc.font.width,
		fbc.font.height);
	return 0;
}

/* Does text cell (col, row) show character c, pixel for pixel? */
static bool cell_shows(uint32_t col, uint32_t row, unsigned char c)
{
	const struct psf_font *f = &fbc.font;
	const uint8_t *glyph = psf_glyph(f, c);
	const uint8_t *line = fbc.base + (size_t)row * f->height * fbc.pitch +
			      (size_t)col * f->width * fbc.bytespp;

	for (uint32_t y = 0; y < f->height; y++, line += fbc.pitch) {
		for (uint32_t x = 0; x < f->width; x++) {
			const uint8_t *p = line + x * fbc.bytespp;
			bool on = glyph[y * f->row_bytes + x / 8] & (0x80 >> (x % 8));
			uint32_t v = p[0] | p[1] << 8 | (fbc.bytespp > 2 ? p[2] << 16 : 0);
			uint32_t mask = fbc.bytespp == 2 ? 0xffff : 0xffffff;

			if (v != ((on ? fbc.fg : fbc.bg) & mask))
				return false;
		}
	}
	return true;
}

/* A line written to the console is on the screen, glyph by glyph, on the
 * row above the cursor, after any scrolling it caused. */
KTEST(fbcon_draws_text)
{
	static const char text[] = "ktest: fbcon Ag?~";

	if (!fbc.base) {
		KTEST_SKIP(t, "no framebuffer console");
		return;
	}
	fbcon_write(&fb_console, text, sizeof(text) - 1);
	fbcon_write(&fb_console, "\n", 1);
	KEXPECT_EQ(t, fbc.col, 0);
	for (uint32_t i = 0; i < sizeof(text) - 1; i++)
		KEXPECT(t, cell_shows(i, fbc.row - 1, (unsigned char)text[i]));
	KEXPECT(t, psf_glyph(&fbc.font, 'A') != psf_glyph(&fbc.font, 'g'));
}

static uint32_t half_red_half_blue(void *ctx, uint32_t x, uint32_t width)
{
	(void)ctx;
	return x < width / 2 ? 0xff0000 : 0x0000ff;
}

/* Pixel (x, y) of the screen, as stored. */
static uint32_t pixel_at(uint32_t x, uint32_t y)
{
	const uint8_t *p = fbc.base + (size_t)y * fbc.pitch + (size_t)x * fbc.bytespp;
	uint32_t mask = fbc.bytespp == 2 ? 0xffff : 0xffffff;

	return (p[0] | p[1] << 8 | (fbc.bytespp > 2 ? p[2] << 16 : 0)) & mask;
}

/* A bar is drawn after its label, across the rest of its row, in the
 * colours asked, with a margin above and below. */
KTEST(fbcon_bar_draws)
{
	uint32_t mask = fbc.bytespp == 2 ? 0xffff : 0xffffff;
	uint32_t x0 = 3 * fbc.font.width, y;

	if (!fbc.base) {
		KTEST_SKIP(t, "no framebuffer console");
		return;
	}
	KEXPECT(t, fbcon_bar("ab ", half_red_half_blue, NULL));
	y = (fbc.row - 1) * fbc.font.height;
	KEXPECT(t, cell_shows(0, fbc.row - 1, 'a'));
	KEXPECT_EQ(t, pixel_at(x0, y + 4), fb_pixel(&fbc.fb, 0xff0000) & mask);
	KEXPECT_EQ(t, pixel_at(fbc.width - 1, y + 4), fb_pixel(&fbc.fb, 0x0000ff) & mask);
	KEXPECT_EQ(t, pixel_at(x0, y), fbc.bg & mask);
}
