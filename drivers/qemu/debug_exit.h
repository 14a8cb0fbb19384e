/*
 * drivers/qemu/debug_exit.h - QEMU's isa-debug-exit device.
 *
 * Writing a value V to its port makes QEMU exit with status (V << 1) | 1.
 * The boot tests start QEMU with -device isa-debug-exit,iobase=0xf4,iosize=4.
 */
#ifndef DRIVERS_QEMU_DEBUG_EXIT_H
#define DRIVERS_QEMU_DEBUG_EXIT_H

#include "kernel/types.h"

#define DEBUG_EXIT_PORT 0xf4

/* Ask QEMU to exit with status (code << 1) | 1; returns if no device. */
void debug_exit(uint32_t code);

#endif
