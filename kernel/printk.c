/*
 * kernel/printk.c - the kernel log buffer and the consoles.
 *
 * Each record in the log buffer is one line: a level digit followed by the
 * text and '\n'.  When the buffer is full, new text is dropped (and counted)
 * rather than overwriting the start of the boot: for a boot log the
 * beginning is what matters.
 */
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/version.h"

#define LOG_BUF_SIZE    (256 * 1024)

static char log_buf[LOG_BUF_SIZE];
static size_t log_len;
static size_t log_dropped;
static struct console *consoles;
static int console_loglevel = CONSOLE_LOGLEVEL_DEFAULT;
static int cont_level = -1;     /* level of an unterminated line, or -1 */

void console_set_loglevel(int level)
{
	console_loglevel = level;
}

int console_get_loglevel(void)
{
	return console_loglevel;
}

static void log_store(const char *s, size_t len)
{
	size_t room = LOG_BUF_SIZE - log_len;

	if (len > room) {
		log_dropped += len - room;
		len = room;
	}
	memcpy(log_buf + log_len, s, len);
	log_len += len;
}

/* Send text of the given level to every console that wants it. */
static void console_emit(struct console *only, int level, const char *s,
			 size_t len)
{
	if (level >= console_loglevel)
		return;
	for (struct console *c = consoles; c; c = c->next)
		if (!only || c == only)
			c->write(c, s, len);
}

int vprintk(const char *fmt, va_list ap)
{
	char line[1024];
	char lvl;
	int level = LOGLEVEL_DEFAULT;
	bool cont = false;
	int n;

	if (fmt[0] == KERN_SOH[0] && fmt[1]) {
		if (fmt[1] == 'c')
			cont = true;
		else if (fmt[1] >= '0' && fmt[1] <= '7')
			level = fmt[1] - '0';
		fmt += 2;
	}
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n >= (int)sizeof(line))
		n = sizeof(line) - 1;

	if (cont && cont_level >= 0) {
		level = cont_level;
	} else if (cont_level >= 0) {
		/* A new message ends an unterminated line. */
		log_store("\n", 1);
		console_emit(NULL, cont_level, "\n", 1);
	}
	if (!(cont && cont_level >= 0)) {
		lvl = (char)('0' + level);
		log_store(&lvl, 1);
	}

	/* Store and print line by line, so a multi-line message keeps its
	 * level on each line. */
	for (char *p = line, *end = line + n; p < end;) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) + 1 : (size_t)(end - p);

		log_store(p, len);
		console_emit(NULL, level, p, len);
		p += len;
		if (nl && p < end) {
			lvl = (char)('0' + level);
			log_store(&lvl, 1);
		}
		cont_level = nl ? -1 : level;
	}
	if (n == 0)
		cont_level = level;
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

/**
 * console_register() - add a console and replay the log so far on it.
 * @con: the console; it must stay valid for the kernel's lifetime.
 */
void console_register(struct console *con)
{
	size_t i = 0;

	/* Replay each record, split at '\n'. */
	while (i < log_len) {
		int level = log_buf[i++] - '0';
		size_t start = i;

		while (i < log_len && log_buf[i] != '\n')
			i++;
		if (i < log_len)
			i++;
		if (level < console_loglevel)
			con->write(con, log_buf + start, i - start);
	}
	con->next = consoles;
	consoles = con;
	if (log_dropped)
		pr_warn("printk: %zu bytes of log were dropped; raise LOG_BUF_SIZE\n",
			log_dropped);
}

void console_unregister(struct console *con)
{
	for (struct console **p = &consoles; *p; p = &(*p)->next) {
		if (*p == con) {
			*p = con->next;
			return;
		}
	}
}

/* A console that keeps what it is sent, for the self-test. */
static struct capture {
	struct console con;
	char buf[LOG_BUF_SIZE];
	size_t len;
} capture;

static void capture_write(struct console *con, const char *s, size_t len)
{
	struct capture *c = (struct capture *)con;

	len = MIN(len, sizeof(c->buf) - 1 - c->len);
	memcpy(c->buf + c->len, s, len);
	c->len += len;
	c->buf[c->len] = '\0';
}

static bool captured(const char *needle)
{
	size_t n = strlen(needle);

	for (size_t i = 0; i + n <= capture.len; i++)
		if (!memcmp(capture.buf + i, needle, n))
			return true;
	return false;
}

/* A late console is shown the log so far, then new messages, filtered by
 * level: what the screen console relies on. */
KTEST(printk_console_replay)
{
	int saved = console_get_loglevel();

	capture.len = 0;
	capture.con = (struct console){ .name = "ktest", .write = capture_write };
	console_set_loglevel(CONSOLE_LOGLEVEL_DEFAULT);
	console_register(&capture.con);
	KEXPECT(t, captured(bootmem2_banner));
	printk(KERN_INFO "ktest: info %d\n", 42);
	printk(KERN_DEBUG "ktest: debug line\n");
	printk(KERN_INFO "ktest: one ");
	pr_cont("line\n");
	console_unregister(&capture.con);
	printk(KERN_INFO "ktest: after unregister\n");
	console_set_loglevel(saved);

	KEXPECT(t, captured("ktest: info 42\n"));
	KEXPECT(t, !captured("ktest: debug line"));
	KEXPECT(t, captured("ktest: one line\n"));
	KEXPECT(t, !captured("ktest: after unregister"));
}
