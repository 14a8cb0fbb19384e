/*
 * drivers/fbcon.c - text console on a linear RGB framebuffer.
 *
 * The console never reads the framebuffer: on a real PC it sits behind a
 * PCI BAR that the MTRRs make uncached, where every read costs a bus round
 * trip, and scrolling by copying the screen would take seconds a line.
 * Instead a shadow of the text (and of the few graphic bars) is kept in
 * RAM, and when the cursor passes the bottom the shadow moves up by half
 * a screen and the screen is redrawn from it, writes only - once every
 * rows/2 lines.
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
#define MAX_COLS        256     /* text shadow: enough for 2048 pixels of 8 */
#define MAX_ROWS        128
#define MAX_BARS        64      /* graphic bars the shadow keeps (one a node) */
#define NO_BAR          0xff

struct bar {
	uint32_t x0;                    /* first pixel column */
	uint32_t n;                     /* colours, stretched over the rest */
	uint32_t rgb[FBCON_BAR_MAX];
};

static struct {
	uint8_t *base;
	uint32_t pitch, width, height, bytespp;
	uint32_t fg, bg;                /* in the framebuffer's pixel format */
	struct psf_font font;
	uint32_t cols, rows, col, row;
	struct boot_framebuffer fb;     /* for colours of our own */
	uint8_t text[MAX_ROWS][MAX_COLS];
	uint8_t bar_of_row[MAX_ROWS];   /* NO_BAR, or the bar drawn on it */
	struct bar bars[MAX_BARS];
	uint32_t next_bar;
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

static void put_cell(uint32_t col, uint32_t row, unsigned char c)
{
	fbc.text[row][col] = c;
	draw_char(col, row, c);
}

/* The pixels of bar @b on text row @row, 2-pixel margins above and below. */
static void draw_bar(uint32_t row, const struct bar *b)
{
	uint32_t h = fbc.font.height, width = fbc.width - b->x0;
	uint8_t *line = fbc.base + (size_t)row * h * fbc.pitch;

	for (uint32_t x = 0; x < width; x++) {
		uint32_t v = fb_pixel(&fbc.fb, b->rgb[(uint64_t)x * b->n / width]);

		for (uint32_t y = 2; y + 2 < h; y++)
			put_pixel(line + (size_t)y * fbc.pitch + (size_t)(b->x0 + x) * fbc.bytespp, v);
	}
}

/* Draw text row @row from the shadow (its bar too, if it has one). */
static void redraw_row(uint32_t row)
{
	for (uint32_t c = 0; c < fbc.cols; c++)
		draw_char(c, row, fbc.text[row][c]);
	if (fbc.bar_of_row[row] != NO_BAR)
		draw_bar(row, &fbc.bars[fbc.bar_of_row[row]]);
}

static void blank_rows(uint32_t first, uint32_t n)
{
	for (uint32_t r = first; r < first + n; r++) {
		memset(fbc.text[r], ' ', fbc.cols);
		fbc.bar_of_row[r] = NO_BAR;
	}
}

/* Past the bottom: move the shadow up half a screen and redraw it all. */
static void fb_newline(void)
{
	uint32_t jump = MAX(1, fbc.rows / 2);

	fbc.col = 0;
	if (++fbc.row < fbc.rows)
		return;
	memmove(fbc.text, fbc.text[jump], sizeof(fbc.text[0]) * (fbc.rows - jump));
	memmove(fbc.bar_of_row, fbc.bar_of_row + jump, fbc.rows - jump);
	blank_rows(fbc.rows - jump, jump);
	fbc.row = fbc.rows - jump;
	for (uint32_t r = 0; r < fbc.rows; r++)
		redraw_row(r);
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
			put_cell(fbc.col, fbc.row, c);
			if (++fbc.col == fbc.cols)
				fb_newline();
		}
	}
}

bool fbcon_bar(const char *label, const uint32_t *rgb, uint32_t n)
{
	struct bar *b;

	if (!fbc.base || !n)
		return false;
	if (fbc.col)
		fb_newline();
	for (const char *c = label; *c && fbc.col < fbc.cols; c++)
		put_cell(fbc.col++, fbc.row, (unsigned char)*c);
	/* Bars are few: slots are reused in turn, long after they scrolled off. */
	b = &fbc.bars[fbc.next_bar];
	b->x0 = fbc.col * fbc.font.width;
	b->n = MIN(n, (uint32_t)FBCON_BAR_MAX);
	memcpy(b->rgb, rgb, b->n * sizeof(rgb[0]));
	fbc.bar_of_row[fbc.row] = (uint8_t)fbc.next_bar;
	fbc.next_bar = (fbc.next_bar + 1) % MAX_BARS;
	draw_bar(fbc.row, b);
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
	    fb->red_pos + fb->red_size > fb->bpp || fb->green_pos + fb->green_size > fb->bpp ||
	    fb->blue_pos + fb->blue_size > fb->bpp ||
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
	if (!early_ioremap(fb->addr, size, PAGE_CACHE_WC)) {
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
	fbc.cols = MIN(fb->width / fbc.font.width, (uint32_t)MAX_COLS);
	fbc.rows = MIN(fb->height / fbc.font.height, (uint32_t)MAX_ROWS);
	blank_rows(0, fbc.rows);
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
	static const uint32_t red_blue[] = { 0xff0000, 0x0000ff };

	KEXPECT(t, fbcon_bar("ab ", red_blue, ARRAY_SIZE(red_blue)));
	y = (fbc.row - 1) * fbc.font.height;
	KEXPECT(t, cell_shows(0, fbc.row - 1, 'a'));
	KEXPECT_EQ(t, pixel_at(x0, y + 4), fb_pixel(&fbc.fb, 0xff0000) & mask);
	KEXPECT_EQ(t, pixel_at(fbc.width - 1, y + 4), fb_pixel(&fbc.fb, 0x0000ff) & mask);
	KEXPECT_EQ(t, pixel_at(x0, y), fbc.bg & mask);
}
