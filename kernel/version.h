/*
 * kernel/version.h - the kernel's name and version, as printed first.
 */
#ifndef KERNEL_VERSION_H
#define KERNEL_VERSION_H

#define BOOTMEM2_VERSION "0.1"

static const char bootmem2_banner[] __attribute__((unused)) =
	"bootmem2 version " BOOTMEM2_VERSION " (gcc " __VERSION__ ")";

#endif
