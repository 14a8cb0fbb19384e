/*
 * drivers/vga.h - VGA text mode console (80x25 at 0xb8000).
 */
#ifndef DRIVERS_VGA_H
#define DRIVERS_VGA_H

#include "kernel/bootinfo.h"

/* Register the EGA/VGA text screen GRUB left us as console "vga". */
void vga_init(const struct boot_framebuffer *fb);

#endif
