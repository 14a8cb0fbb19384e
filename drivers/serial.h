/*
 * drivers/serial.h - 16550 UART on COM1, the first console.
 */
#ifndef DRIVERS_SERIAL_H
#define DRIVERS_SERIAL_H

#include "kernel/types.h"

/* Probe COM1, set it to 115200 8N1 and register it as console "ttyS0".
 * Return false when no UART answers (many modern PCs have none). */
bool serial_init(void);

#endif
