/*
 * drivers/vga.c - VGA text mode console.
 *
 * Used when GRUB reports an EGA text framebuffer (it does so under BIOS
 * when no graphics mode could be set).  Light grey on black, scrolling,
 * with the hardware cursor following the text.
 */
#include "drivers/vga.h"
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
	vga_mem = phys_to_virt(fb->addr);
	cols = fb->width;
	rows = fb->height;
	for (unsigned int i = 0; i < cols * rows; i++)
		vga_mem[i] = VGA_ATTR | ' ';
	col = row = 0;
	console_register(&vga_console);
}
