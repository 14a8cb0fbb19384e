/*
 * drivers/qemu/debug_exit.c - leave QEMU with a status the tests read.
 */
#include "drivers/qemu/debug_exit.h"
#include "kernel/x86.h"

void debug_exit(uint32_t code)
{
	outl(DEBUG_EXIT_PORT, code);
}
