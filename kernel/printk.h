/*
 * kernel/printk.h - kernel log: levels, pr_*() helpers and consoles.
 *
 * As in Linux, a message may start with a level marker (KERN_ERR ...), and
 * each file may define pr_fmt() before including this header to prefix its
 * messages:  #define pr_fmt(fmt) "fw_cfg: " fmt
 *
 * Every message goes into the log buffer; consoles print the messages whose
 * level is below the console log level (loglevel=, 7 by default: all but
 * debug).  A console registered late replays the buffer, so the screen shows
 * the whole boot even though it comes up after the first messages.
 */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <stdarg.h>

#include "kernel/compiler.h"
#include "kernel/types.h"

#define KERN_SOH        "\001"
#define KERN_EMERG      KERN_SOH "0"
#define KERN_ALERT      KERN_SOH "1"
#define KERN_CRIT       KERN_SOH "2"
#define KERN_ERR        KERN_SOH "3"
#define KERN_WARNING    KERN_SOH "4"
#define KERN_NOTICE     KERN_SOH "5"
#define KERN_INFO       KERN_SOH "6"
#define KERN_DEBUG      KERN_SOH "7"
#define KERN_CONT       KERN_SOH "c"  /* continues the previous line */

#define LOGLEVEL_DEFAULT        4     /* a message without a marker */
#define CONSOLE_LOGLEVEL_DEFAULT 7

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

#define pr_emerg(fmt, ...)  printk(KERN_EMERG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_crit(fmt, ...)   printk(KERN_CRIT pr_fmt(fmt), ##__VA_ARGS__)
#define pr_err(fmt, ...)    printk(KERN_ERR pr_fmt(fmt), ##__VA_ARGS__)
#define pr_warn(fmt, ...)   printk(KERN_WARNING pr_fmt(fmt), ##__VA_ARGS__)
#define pr_notice(fmt, ...) printk(KERN_NOTICE pr_fmt(fmt), ##__VA_ARGS__)
#define pr_info(fmt, ...)   printk(KERN_INFO pr_fmt(fmt), ##__VA_ARGS__)
#define pr_debug(fmt, ...)  printk(KERN_DEBUG pr_fmt(fmt), ##__VA_ARGS__)
#define pr_cont(fmt, ...)   printk(KERN_CONT fmt, ##__VA_ARGS__)

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

/**
 * struct console - an output device for the kernel log.
 * @name:  short name for the log ("ttyS0", "vga", "fb0")
 * @write: print @len bytes of text; '\n' ends a line
 */
struct console {
	const char *name;
	void (*write)(struct console *con, const char *s, size_t len);
	struct console *next;
};

void console_register(struct console *con);
void console_unregister(struct console *con);
void console_set_loglevel(int level);
int console_get_loglevel(void);

#endif
