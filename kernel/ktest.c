/*
 * kernel/ktest.c - run the self-tests and report them in KTAP version 1
 * (the format of Linux's KUnit, Documentation/dev-tools/ktap.rst).
 */
#include <stdarg.h>

#include "kernel/cmdline.h"
#include "kernel/ktest.h"
#include "kernel/printk.h"
#include "kernel/string.h"

extern const struct ktest __ktests_start[], __ktests_end[];

static bool requested;
static char filter[64];

static int set_selftest(const char *val)
{
	requested = true;
	if (val && strlcpy(filter, val, sizeof(filter)) >= sizeof(filter))
		return -1;
	return 0;
}
KERNEL_PARAM("selftest", set_selftest);

bool ktest_requested(void)
{
	return requested;
}

void ktest_fail(struct ktest_ctx *t, const char *file, int line,
		const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk(KERN_ERR "    # %s: %s:%d: %s\n", t->name, file, line, msg);
	t->failures++;
}

static const char *const suite_names[KTEST_NR_SUITES] = { "bootmem", "kernel" };
static unsigned int total_passed, total_failed, total_skipped;

static bool selected(const struct ktest *k, enum ktest_suite s)
{
	return k->suite == s && strncmp(k->name, filter, strlen(filter)) == 0;
}

unsigned int ktest_run_suite(enum ktest_suite s)
{
	unsigned int n = 0, i = 0, failed = 0, skipped = 0;

	if (!requested)
		return 0;
	if (s == 0) {
		printk(KERN_NOTICE "KTAP version 1\n");
		printk(KERN_NOTICE "1..%u\n", KTEST_NR_SUITES);
	}
	for (const struct ktest *k = __ktests_start; k < __ktests_end; k++)
		n += selected(k, s);
	printk(KERN_NOTICE "    KTAP version 1\n");
	printk(KERN_NOTICE "    # Subtest: %s\n", suite_names[s]);
	printk(KERN_NOTICE "    1..%u\n", n);
	for (const struct ktest *k = __ktests_start; k < __ktests_end; k++) {
		struct ktest_ctx t = { .name = k->name };

		if (!selected(k, s))
			continue;
		k->run(&t);
		i++;
		if (t.failures) {
			failed++;
			printk(KERN_NOTICE "    not ok %u %s\n", i, k->name);
		} else if (t.skipped) {
			skipped++;
			printk(KERN_NOTICE "    ok %u %s # SKIP %s\n", i, k->name, t.skip_reason);
		} else {
			printk(KERN_NOTICE "    ok %u %s\n", i, k->name);
		}
	}
	printk(KERN_NOTICE "%s %u %s%s\n", failed ? "not ok" : "ok", s + 1, suite_names[s],
	       n ? "" : " # SKIP no test selected");
	total_passed += n - failed - skipped;
	total_failed += failed;
	total_skipped += skipped;
	if (s == KTEST_NR_SUITES - 1)
		printk(KERN_NOTICE "# selftest: %u passed, %u failed, %u skipped\n",
		       total_passed, total_failed, total_skipped);
	return failed;
}

/* The checking macros themselves: a failed check counts, a passing one
 * does not. */
KTEST(ktest_checks_count)
{
	struct ktest_ctx inner = { .name = "ktest_checks_count (expected failures)" };

	KEXPECT(&inner, 1 + 1 == 2);
	KEXPECT_EQ(&inner, 4, 2 * 2);
	KEXPECT_STREQ(&inner, "abc", "abc");
	KEXPECT_EQ(t, inner.failures, 0);
	KEXPECT(&inner, 1 + 1 == 3);
	KEXPECT_EQ(&inner, 5, 2 * 2);
	KEXPECT_STREQ(&inner, "abc", "abd");
	KEXPECT_EQ(t, inner.failures, 3);
}
