/*
 * drivers/screen.c - choose the screen console.
 *
 * GRUB reports either a linear framebuffer (fbcon) or EGA text (vga).
 * Under BIOS without a framebuffer tag the VGA text screen is there
 * anyway; under UEFI without one there is no screen we may touch.
 * It runs first thing in kmain, before GRUB's information is validated,
 * so that every message, panics included, reaches the screen: a PC
 * rarely has the COM1 that is the only other console.  Information that
 * cannot be read at all (a bad magic) counts as BIOS without a tag: the
 * text screen is the one place such a panic can still be seen.
 */
#define pr_fmt(fmt) "Console: " fmt

#include "drivers/fbcon.h"
#include "drivers/vga.h"
#include "kernel/printk.h"
#include "kernel/setup.h"

#define VGA_TEXT_BASE   0xb8000

void screen_init(const struct boot_info *bi)
{
	struct boot_framebuffer text = {
		.type = BOOT_FB_EGA_TEXT, .addr = VGA_TEXT_BASE,
		.width = 80, .height = 25, .pitch = 160, .bpp = 16,
	};
	const struct boot_framebuffer *fb = &bi->fb;

	switch (fb->type) {
	case BOOT_FB_RGB:
		if (fbcon_init(fb) == 0)
			pr_info("framebuffer at 0x%lx, %ux%u, %u bpp\n", fb->addr,
				fb->width, fb->height, fb->bpp);
		return;
	case BOOT_FB_EGA_TEXT:
		break;
	case BOOT_FB_NONE:
		if (bi->firmware == BOOT_FW_UEFI) {
			pr_info("no framebuffer from the boot loader: serial only\n");
			return;
		}
		fb = &text;
		break;
	default:
		pr_warn("framebuffer type %d not supported: serial only\n", fb->type);
		return;
	}
	if (fb->width == 0 || fb->width > 256 || fb->height == 0 || fb->height > 128) {
		pr_warn("EGA text %ux%u not plausible: serial only\n", fb->width,
			fb->height);
		return;
	}
	vga_init(fb);
	pr_info("VGA text %ux%u at 0x%lx\n", fb->width, fb->height, fb->addr);
}
