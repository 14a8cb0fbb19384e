/*
 * drivers/vga.c - VGA text mode console.
 *
 * Used when GRUB reports an EGA text framebuffer (it does so under BIOS
 * when no graphics mode could be set).  Light grey on black, scrolling,
 * with the hardware cursor following the text.
 */
#include "drivers/vga.h"
#include "kernel/ktest.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/x86.h"

#define VGA_CRTC_INDEX  0x3d4
#define VGA_CRTC_DATA   0x3d5
#define VGA_ATTR        0x0700  /* light grey on black */

static volatile uint16_t *vga_mem;
static unsigned int cols, rows, col, row;

static void vga_cursor(void)
{
	unsigned int pos = row * cols + col;

	outb(VGA_CRTC_INDEX, 0x0f);
	outb(VGA_CRTC_DATA, pos & 0xff);
	outb(VGA_CRTC_INDEX, 0x0e);
	outb(VGA_CRTC_DATA, (pos >> 8) & 0xff);
}

static void vga_newline(void)
{
	col = 0;
	if (++row < rows)
		return;
	row = rows - 1;
	for (unsigned int i = 0; i < (rows - 1) * cols; i++)
		vga_mem[i] = vga_mem[i + cols];
	for (unsigned int i = 0; i < cols; i++)
		vga_mem[(rows - 1) * cols + i] = VGA_ATTR | ' ';
}

static void vga_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (c == '\n') {
			vga_newline();
			continue;
		}
		if (c == '\r') {
			col = 0;
			continue;
		}
		vga_mem[row * cols + col] = VGA_ATTR | (uint8_t)c;
		if (++col == cols)
			vga_newline();
	}
	vga_cursor();
}

static struct console vga_console = {
	.name = "vga",
	.write = vga_write,
};

void vga_init(const struct boot_framebuffer *fb)
{
	if (!early_ioremap(fb->addr, (uint64_t)fb->width * fb->height * 2, PAGE_CACHE_UC))
		return;
	vga_mem = phys_to_virt(fb->addr);
	cols = fb->width;
	rows = fb->height;
	for (unsigned int i = 0; i < cols * rows; i++)
		vga_mem[i] = VGA_ATTR | ' ';
	col = row = 0;
	console_register(&vga_console);
}

/* A line written to the console is in text memory on the row above the
 * cursor, in the console's colours, after any scrolling it caused. */
KTEST(vga_draws_text)
{
	static const char text[] = "ktest: vga Ag?~";

	if (!vga_mem) {
		KTEST_SKIP(t, "no VGA text console");
		return;
	}
	vga_write(&vga_console, text, sizeof(text) - 1);
	vga_write(&vga_console, "\n", 1);
	KEXPECT_EQ(t, col, 0);
	for (unsigned int i = 0; i < sizeof(text) - 1; i++)
		KEXPECT_EQ(t, vga_mem[(row - 1) * cols + i], VGA_ATTR | (uint8_t)text[i]);
}
