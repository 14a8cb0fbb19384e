/*
 * kernel/ktest.h - in-kernel self-tests, reported in KTAP.
 *
 * A test is a function declared with KTEST(name) or KTEST_BOOTMEM(name);
 * the linker collects them all.  Tests come in suites that run at
 * different points of the boot: "bootmem" while the boot allocator is up,
 * "kernel" at the end, with the page allocator.  With the "selftest"
 * option the kernel runs every test (or those whose name starts with the
 * option's value, "selftest=fbcon") and prints KTAP version 1 as KUnit
 * does: a plan of suites, then each suite as an indented subtest with its
 * own plan and one "ok N name" / "not ok N name" line per test; failed
 * checks print "# " diagnostic lines above their result.
 *
 *	KTEST(vsprintf_hex)
 *	{
 *		char b[8];
 *		snprintf(b, sizeof(b), "%x", 255);
 *		KEXPECT_STREQ(t, b, "ff");
 *	}
 */
#ifndef KERNEL_KTEST_H
#define KERNEL_KTEST_H

#include "kernel/compiler.h"
#include "kernel/types.h"

struct ktest_ctx {
	const char *name;
	unsigned int failures;
	bool skipped;
	const char *skip_reason;
};

enum ktest_suite {
	KTEST_SUITE_BOOTMEM,    /* after bootmem_setup(), before the hand-over */
	KTEST_SUITE_KERNEL,     /* at the end of the boot */
	KTEST_NR_SUITES,
};

struct ktest {
	const char *name;
	void (*run)(struct ktest_ctx *t);
	enum ktest_suite suite;
};

#define KTEST_IN(tsuite, tname)                                         \
	static void ktest_##tname(struct ktest_ctx *t);                 \
	static const struct ktest __ktest_##tname                       \
	__used __section(".ktests") __aligned(8) = { #tname, ktest_##tname, tsuite }; \
	static void ktest_##tname(struct ktest_ctx *t)

#define KTEST(tname)            KTEST_IN(KTEST_SUITE_KERNEL, tname)
#define KTEST_BOOTMEM(tname)    KTEST_IN(KTEST_SUITE_BOOTMEM, tname)

void ktest_fail(struct ktest_ctx *t, const char *file, int line,
		const char *fmt, ...) __printf(4, 5);

#define KEXPECT(t, cond)                                                \
	do {                                                            \
		if (!(cond))                                            \
			ktest_fail(t, __FILE__, __LINE__, "expected %s", #cond); \
	} while (0)

#define KEXPECT_EQ(t, a, b)                                             \
	do {                                                            \
		unsigned long long a_ = (unsigned long long)(a);        \
		unsigned long long b_ = (unsigned long long)(b);        \
		if (a_ != b_)                                           \
			ktest_fail(t, __FILE__, __LINE__,               \
				   "expected %s == %s (%#llx != %#llx)", \
				   #a, #b, a_, b_);                     \
	} while (0)

#define KEXPECT_STREQ(t, a, b)                                          \
	do {                                                            \
		const char *a_ = (a), *b_ = (b);                        \
		if (strcmp(a_, b_))                                     \
			ktest_fail(t, __FILE__, __LINE__,               \
				   "expected %s == %s (\"%s\" != \"%s\")", \
				   #a, #b, a_, b_);                     \
	} while (0)

/* Mark the running test as skipped (KTAP "# SKIP reason"). */
#define KTEST_SKIP(t, reason)                                           \
	do {                                                            \
		(t)->skipped = true;                                    \
		(t)->skip_reason = (reason);                            \
	} while (0)

/* The "selftest" option: did the user ask for self-tests? */
bool ktest_requested(void);

/**
 * ktest_run_suite() - run the selected self-tests of suite @s, if the
 * "selftest" option asked for them (the first call prints the KTAP header).
 * Return: the number of failed tests.
 */
unsigned int ktest_run_suite(enum ktest_suite s);

#endif
