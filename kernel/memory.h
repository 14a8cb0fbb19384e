/*
 * kernel/memory.h - the machine's physical memory map (kernel/memory.c).
 */
#ifndef KERNEL_MEMORY_H
#define KERNEL_MEMORY_H

#include "kernel/bootinfo.h"
#include "mm/memmap.h"

/**
 * memmap_setup() - build the sanitized physical memory map from the boot
 * loader's, apply mem= and memmap=, reserve page 0, and log it in Linux's
 * "BIOS-e820:" shape.
 * Return: the map, valid for the kernel's lifetime.
 */
const struct memmap *memmap_setup(const struct boot_info *bi);

/* Log a map, one "<prefix>: [mem ...] type" line per entry. */
void memmap_print(const struct memmap *m, const char *prefix);

#endif
