/*
 * kernel/setup.h - kernel set-up steps called from kmain.
 */
#ifndef KERNEL_SETUP_H
#define KERNEL_SETUP_H

#include "kernel/bootinfo.h"

/**
 * cmdline_setup() - assemble the command line (GRUB's, then fw_cfg's
 * opt/bootmem2/cmdline), apply every KERNEL_PARAM option, log it.
 * Return: the full command line.
 */
const char *cmdline_setup(const struct boot_info *bi);

/* kernel/panic.c: the "crash=early|panic|fault" option, to test the
 * failure paths: crash_early_if_requested() runs right after the command
 * line is read (crash=early), crash_if_requested() at the end of the boot. */
void crash_early_if_requested(void);
void crash_if_requested(void);

/* drivers/screen.c: pick the screen console GRUB's handover allows (only
 * @bi->fb and @bi->firmware are read: see boot_info_screen()). */
void screen_init(const struct boot_info *bi);

#endif
