/*
 * drivers/fbcon.h - text console on a linear framebuffer.
 */
#ifndef DRIVERS_FBCON_H
#define DRIVERS_FBCON_H

#include "kernel/bootinfo.h"

/**
 * fbcon_init() - register the framebuffer GRUB set up as console "fb0".
 * @fb: an RGB framebuffer of 16, 24 or 32 bits per pixel
 *
 * Text is drawn with a Terminus console font built into the kernel: 8x16,
 * or 16x32 on screens 1920 pixels wide or more.
 *
 * Return: 0, or -EINVAL (with a log line) for a framebuffer it cannot drive.
 */
int fbcon_init(const struct boot_framebuffer *fb);

#define FBCON_BAR_MAX   1024    /* colours a bar keeps */

/**
 * fbcon_bar() - a text row of graphics on the screen (not on other
 * consoles): @label as text, then a bar across the rest of the row, the
 * @n colours (0xRRGGBB, at most FBCON_BAR_MAX) stretched over it.
 * Return: false if there is no framebuffer console.
 */
bool fbcon_bar(const char *label, const uint32_t *rgb, uint32_t n);

#endif
