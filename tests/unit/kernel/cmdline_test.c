/*
 * tests/unit/kernel/cmdline_test.c - cmdline_parse(), cmdline_memparse()
 * and cmdline_uint() on crafted command lines.
 *
 * The option table below stands in for the linker-gathered KERNEL_PARAM
 * table.  Its handlers record what they were called with, so each test
 * checks which options reached which handler, in what order, with what
 * value.  Each line is parsed from a heap copy of exactly its length, so
 * AddressSanitizer reports a read past its NUL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/cmdline.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "tests/unit/stubs/stubs.h"

/* One handler call. */
struct call {
	const char *param;      /* which handler */
	bool flag;              /* called with NULL: a bare flag */
	char val[64];
};

/* Handlers take no context, so what they saw is kept here; setup()
 * empties it before every test. */
static struct call calls[8];
static unsigned int ncalls;

static int record(const char *param, const char *val)
{
	struct call *c;

	assert_true(ncalls < ARRAY_SIZE(calls));
	c = &calls[ncalls++];
	c->param = param;
	c->flag = !val;
	if (val) {
		assert_true(strlen(val) < sizeof(c->val));
		strcpy(c->val, val);
	}
	return 0;
}

static int set_quiet(const char *val)
{
	return record("quiet", val);
}

static int set_console(const char *val)
{
	return record("console", val);
}

static int set_dyndbg(const char *val)
{
	return record("dyndbg", val);
}

static int set_ignore_loglevel(const char *val)
{
	return record("ignore_loglevel", val);
}

static int set_fw_cfg(const char *val)
{
	return record("fw-cfg", val);
}

/* As a real handler would: a level from 0 to 7, or -EINVAL. */
static int set_loglevel(const char *val)
{
	uint64_t level;

	record("loglevel", val);
	return cmdline_uint(val, 7, &level);
}

static const struct kernel_param params[] = {
	{ "quiet", set_quiet },
	{ "loglevel", set_loglevel },
	{ "console", set_console },
	{ "dyndbg", set_dyndbg },
	{ "ignore_loglevel", set_ignore_loglevel },     /* matched by '-' */
	{ "fw-cfg", set_fw_cfg },                       /* matched by '_' */
};

/* Parse a heap copy of @line, as the kernel parses boot_info.cmdline. */
static int parse(const char *line)
{
	char *buf = strdup(line);
	int bad;

	assert_non_null(buf);
	bad = cmdline_parse(buf, params, ARRAY_SIZE(params));
	free(buf);
	return bad;
}

/* Call @i went to @param with @val (NULL: as a bare flag). */
static void assert_call(unsigned int i, const char *param, const char *val)
{
	assert_true(i < ncalls);
	assert_string_equal(calls[i].param, param);
	if (val) {
		assert_false(calls[i].flag);
		assert_string_equal(calls[i].val, val);
	} else {
		assert_true(calls[i].flag);
	}
}

static void assert_log_has(const char *what)
{
	if (!strstr(stub_log(), what))
		fail_msg("log lacks \"%s\":\n%s", what, stub_log());
}

static int setup(void **state)
{
	(void)state;
	memset(calls, 0, sizeof(calls));
	ncalls = 0;
	stub_log_reset();
	return 0;
}

/* --- cmdline_parse() ------------------------------------------------------ */

/* A bare option is a flag: its handler gets NULL. */
static void test_flag(void **state)
{
	(void)state;
	assert_int_equal(parse("quiet"), 0);
	assert_int_equal(ncalls, 1);
	assert_call(0, "quiet", NULL);
}

/* key=value hands the text after the first '=' to the handler. */
static void test_key_value(void **state)
{
	(void)state;
	assert_int_equal(parse("console=ttyS0,115200 dyndbg=a=b"), 0);
	assert_int_equal(ncalls, 2);
	assert_call(0, "console", "ttyS0,115200");
	assert_call(1, "dyndbg", "a=b");
}

/* "key=" is an empty value, not a flag. */
static void test_empty_value(void **state)
{
	(void)state;
	assert_int_equal(parse("console="), 0);
	assert_int_equal(ncalls, 1);
	assert_call(0, "console", "");
}

/* Options reach their handlers in command line order. */
static void test_order(void **state)
{
	(void)state;
	assert_int_equal(parse("loglevel=4 quiet console=ttyS0"), 0);
	assert_int_equal(ncalls, 3);
	assert_call(0, "loglevel", "4");
	assert_call(1, "quiet", NULL);
	assert_call(2, "console", "ttyS0");
}

/* Tabs, newlines and CRs separate options as blanks do; runs of them
 * and leading or trailing ones are no options. */
static void test_blank_separators(void **state)
{
	(void)state;
	assert_int_equal(parse(" \tquiet\tloglevel=4\n\nconsole=ttyS0\r\n"), 0);
	assert_int_equal(ncalls, 3);
	assert_call(0, "quiet", NULL);
	assert_call(1, "loglevel", "4");
	assert_call(2, "console", "ttyS0");
}

/* Empty and blank-only lines call nothing and report nothing. */
static void test_empty_lines(void **state)
{
	(void)state;
	assert_int_equal(parse(""), 0);
	assert_int_equal(parse(" \t\n\r "), 0);
	assert_int_equal(ncalls, 0);
	assert_string_equal(stub_log(), "");
}

/* A double-quoted value keeps its blanks; the quotes are dropped and
 * parsing resumes after the closing one. */
static void test_quoted_value(void **state)
{
	(void)state;
	assert_int_equal(parse("dyndbg=\"file buddy.c +p\" quiet"), 0);
	assert_int_equal(ncalls, 2);
	assert_call(0, "dyndbg", "file buddy.c +p");
	assert_call(1, "quiet", NULL);
}

/* A "--" inside quotes is part of a value, not the end of the options. */
static void test_quoted_double_dash(void **state)
{
	(void)state;
	assert_int_equal(parse("dyndbg=\"a -- b\" quiet"), 0);
	assert_int_equal(ncalls, 2);
	assert_call(0, "dyndbg", "a -- b");
	assert_call(1, "quiet", NULL);
}

/* An unclosed quote runs to the end of the line, and no further. */
static void test_unclosed_quote(void **state)
{
	(void)state;
	assert_int_equal(parse("quiet dyndbg=\"a b"), 0);
	assert_int_equal(ncalls, 2);
	assert_call(1, "dyndbg", "a b");
}

/* '-' and '_' in option names match each other, either way round. */
static void test_dash_underscore(void **state)
{
	(void)state;
	assert_int_equal(parse("ignore-loglevel fw_cfg=off"), 0);
	assert_int_equal(ncalls, 2);
	assert_call(0, "ignore_loglevel", NULL);
	assert_call(1, "fw-cfg", "off");
}

/* Names match whole: a prefix or an extension of a known name is unknown. */
static void test_whole_names(void **state)
{
	(void)state;
	assert_int_equal(parse("quie quietly"), 2);
	assert_int_equal(ncalls, 0);
}

/* Unknown options are counted and warned about, value included, and
 * do not stop the options after them. */
static void test_unknown_options(void **state)
{
	(void)state;
	assert_int_equal(parse("nosmp mitigations=off quiet"), 2);
	assert_int_equal(ncalls, 1);
	assert_call(0, "quiet", NULL);
	assert_log_has("\"nosmp\"");
	assert_log_has("\"mitigations=off\"");
}

/* A handler's -EINVAL is counted and warned about with the value, or
 * "(none)" for a flag. */
static void test_bad_values(void **state)
{
	(void)state;
	assert_int_equal(parse("loglevel=9 loglevel quiet"), 2);
	assert_int_equal(ncalls, 3);
	assert_call(0, "loglevel", "9");
	assert_call(1, "loglevel", NULL);
	assert_call(2, "quiet", NULL);
	assert_log_has("loglevel: \"9\"");
	assert_log_has("(none)");
}

/* A lone "--" ends the kernel's options: what follows (init's
 * arguments) is neither applied nor reported. */
static void test_double_dash(void **state)
{
	(void)state;
	assert_int_equal(parse("quiet -- loglevel=3 single"), 0);
	assert_int_equal(ncalls, 1);
	assert_call(0, "quiet", NULL);
	assert_string_equal(stub_log(), "");
}

/* --- cmdline_memparse() ---------------------------------------------------- */

/* Sizes in every accepted form, suffixes as powers of 1024. */
static void test_memparse_accepts(void **state)
{
	static const struct {
		const char *s;
		uint64_t v;
	} ok[] = {
		{ "0", 0 },
		{ "4096", 4096 },
		{ "0x1000", 0x1000 },
		{ "0X1F", 0x1f },
		{ "1K", 1ULL << 10 },
		{ "2m", 2ULL << 20 },
		{ "16G", 16ULL << 30 },
		{ "1T", 1ULL << 40 },
		{ "3p", 3ULL << 50 },
		{ "1E", 1ULL << 60 },
		{ "0x10M", 0x10ULL << 20 },
		{ "0x1e", 0x1e },               /* hex digits win over 'E' */
		{ "15E", 15ULL << 60 },         /* the largest in exabytes */
		{ "17179869183G", 17179869183ULL << 30 },
		{ "18446744073709551615", UINT64_MAX },
		{ "0xffffffffffffffff", UINT64_MAX },
	};

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		uint64_t v = 0;
		int rc = cmdline_memparse(ok[i].s, &v);

		if (rc || v != ok[i].v)
			fail_msg("memparse(\"%s\"): rc %d, %#llx, want %#llx", ok[i].s,
				 rc, (unsigned long long)v, (unsigned long long)ok[i].v);
	}
}

/* Anything else is -EINVAL: no digits, unknown or trailing suffixes,
 * blanks, signs, and values past 64 bits. */
static void test_memparse_rejects(void **state)
{
	static const char *const bad[] = {
		"", "K", "12Q", "1KB", "0x", "0xG", "-1", "+1", " 1", "1 ",
		"1.5G", "16E", "17179869184G", "18446744073709551616",
		"0x10000000000000000",
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (cmdline_memparse(bad[i], &v) != -EINVAL)
			fail_msg("memparse(\"%s\") accepted", bad[i]);
	assert_int_equal(cmdline_memparse(NULL, &v), -EINVAL);
}

/* --- cmdline_uint() -------------------------------------------------------- */

/* A whole number up to and including @max; no suffixes, no blanks. */
static void test_uint(void **state)
{
	static const struct {
		const char *s;
		uint64_t max;
		int rc;
		uint64_t v;
	} cases[] = {
		{ "7", 7, 0, 7 },
		{ "8", 7, -EINVAL, 0 },
		{ "0", 0, 0, 0 },
		{ "1", 0, -EINVAL, 0 },
		{ "0x10", 16, 0, 16 },
		{ "0x11", 16, -EINVAL, 0 },
		{ "18446744073709551615", UINT64_MAX, 0, UINT64_MAX },
		{ "18446744073709551616", UINT64_MAX, -EINVAL, 0 },
		{ "1K", UINT64_MAX, -EINVAL, 0 },
		{ "12a", UINT64_MAX, -EINVAL, 0 },
		{ "", UINT64_MAX, -EINVAL, 0 },
		{ "-1", UINT64_MAX, -EINVAL, 0 },
	};
	uint64_t v;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		int rc = cmdline_uint(cases[i].s, cases[i].max, &v);

		if (rc != cases[i].rc || (!rc && v != cases[i].v))
			fail_msg("uint(\"%s\", %llu): rc %d", cases[i].s,
				 (unsigned long long)cases[i].max, rc);
	}
	assert_int_equal(cmdline_uint(NULL, UINT64_MAX, &v), -EINVAL);
}

#define TEST(fn) cmocka_unit_test_setup(fn, setup)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_flag),
		TEST(test_key_value),
		TEST(test_empty_value),
		TEST(test_order),
		TEST(test_blank_separators),
		TEST(test_empty_lines),
		TEST(test_quoted_value),
		TEST(test_quoted_double_dash),
		TEST(test_unclosed_quote),
		TEST(test_dash_underscore),
		TEST(test_whole_names),
		TEST(test_unknown_options),
		TEST(test_bad_values),
		TEST(test_double_dash),
		cmocka_unit_test(test_memparse_accepts),
		cmocka_unit_test(test_memparse_rejects),
		cmocka_unit_test(test_uint),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
