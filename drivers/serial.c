/*
 * drivers/serial.c - 16550 UART on COM1, polled, as the first console.
 *
 * The UART is probed with its loopback mode before use, as Linux's 8250
 * driver does, so a machine without COM1 does not stall on a port that
 * never becomes ready.
 */
#include "drivers/serial.h"
#include "kernel/printk.h"
#include "kernel/x86.h"

#define COM1            0x3f8
#define UART_THR        0       /* transmit holding register */
#define UART_RBR        0       /* receive buffer */
#define UART_DLL        0       /* divisor latch, low (DLAB = 1) */
#define UART_IER        1       /* interrupt enable */
#define UART_DLM        1       /* divisor latch, high (DLAB = 1) */
#define UART_FCR        2       /* FIFO control */
#define UART_LCR        3       /* line control */
#define UART_MCR        4       /* modem control */
#define UART_LSR        5       /* line status */

#define LCR_8N1         0x03
#define LCR_DLAB        0x80
#define MCR_LOOP        0x10
#define MCR_DTR_RTS_OUT 0x0b
#define LSR_THRE        0x20
#define TX_SPIN_MAX     100000  /* give up on a stuck transmitter */

static void uart_putc(char c)
{
	for (int i = 0; i < TX_SPIN_MAX; i++) {
		if (inb(COM1 + UART_LSR) & LSR_THRE)
			break;
		cpu_relax();
	}
	outb(COM1 + UART_THR, (uint8_t)c);
}

static void serial_write(struct console *con, const char *s, size_t len)
{
	(void)con;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '\n')
			uart_putc('\r');
		uart_putc(s[i]);
	}
}

static struct console serial_console = {
	.name = "ttyS0",
	.write = serial_write,
};

bool serial_init(void)
{
	outb(COM1 + UART_IER, 0x00);
	outb(COM1 + UART_LCR, LCR_DLAB);
	outb(COM1 + UART_DLL, 1);               /* 115200 baud */
	outb(COM1 + UART_DLM, 0);
	outb(COM1 + UART_LCR, LCR_8N1);
	outb(COM1 + UART_FCR, 0xc7);            /* FIFOs on, cleared */

	/* Loopback: a byte sent must come back. */
	outb(COM1 + UART_MCR, MCR_LOOP);
	outb(COM1 + UART_THR, 0xae);
	for (int i = 0; i < 1000 && !(inb(COM1 + UART_LSR) & 1); i++)
		cpu_relax();
	if (inb(COM1 + UART_RBR) != 0xae)
		return false;
	outb(COM1 + UART_MCR, MCR_DTR_RTS_OUT);
	console_register(&serial_console);
	return true;
}
