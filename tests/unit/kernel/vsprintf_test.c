/*
 * tests/unit/kernel/vsprintf_test.c - kernel/vsprintf.c against glibc.
 *
 * The Makefile builds kernel/vsprintf.c for this test with
 * -Dvsnprintf=kvsnprintf -Dsnprintf=ksnprintf, so the kernel's functions
 * sit beside the C library's and glibc is the oracle: for every format C99
 * defines, the kernel must produce the same bytes and return the same
 * length.  Only %p is the kernel's own ("0x" and exactly 16 hex digits)
 * and is checked against that definition.
 *
 * Left out on purpose, because C leaves them undefined and the two may
 * rightly differ: '#' with d/i/u/c/s, '0' with c/s, unknown conversions,
 * a lone '%' at the end, and %s of NULL with a precision below 6.
 *
 * Every comparison formats into canary-filled buffers, so a byte written
 * past the terminating NUL (or at all, for size 0) shows up as a mismatch.
 */

/* The same -D reaches this file: take the C library's names back. */
#undef snprintf
#undef vsnprintf

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kernel/compiler.h"

/* kernel/vsprintf.c, renamed by the Makefile. */
int kvsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
int ksnprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#define OUT_MAX 512     /* larger than any output below */
#define CANARY  0x5a

/* @s (@len bytes) with non-printing bytes escaped, for failure messages. */
static const char *show(const char *s, size_t len, char *dst, size_t size)
{
	size_t n = 0;

	for (size_t i = 0; i < len && n + 5 < size; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c >= 0x20 && c < 0x7f && c != '\\')
			dst[n++] = (char)c;
		else
			n += (size_t)snprintf(dst + n, size - n, "\\x%02x", c);
	}
	dst[n] = '\0';
	return dst;
}

/*
 * Format @fmt with glibc and with the kernel into @size-byte buffers that
 * start out full of canaries.  True if the return values agree and so do
 * the whole buffers (output, NUL and the untouched rest); otherwise the
 * difference is printed and false returned, so table tests can list every
 * failing format before they fail.
 */
static bool vsame_as_glibc(size_t size, const char *fmt, va_list ap)
{
	char want[OUT_MAX], got[OUT_MAX];
	char shown_want[4 * OUT_MAX], shown_got[4 * OUT_MAX];
	int want_len, got_len;
	va_list ap2;

	assert_true(size <= OUT_MAX);
	memset(want, CANARY, sizeof(want));
	memset(got, CANARY, sizeof(got));
	va_copy(ap2, ap);
	want_len = vsnprintf(want, size, fmt, ap);
	got_len = kvsnprintf(got, size, fmt, ap2);
	va_end(ap2);
	if (want_len == got_len && memcmp(want, got, sizeof(want)) == 0)
		return true;

	/* Show what each wrote: up to its NUL, or nothing for size 0. */
	print_error("format \"%s\" size %zu: glibc %d \"%s\", kernel %d \"%s\"\n",
		    fmt, size, want_len,
		    show(want, size ? strnlen(want, size) : 0, shown_want,
			 sizeof(shown_want)),
		    got_len,
		    show(got, size ? strnlen(got, size) : 0, shown_got,
			 sizeof(shown_got)));
	return false;
}

static bool __attribute__((format(printf, 2, 3)))
same_as_glibc(size_t size, const char *fmt, ...)
{
	va_list ap;
	bool same;

	va_start(ap, fmt);
	same = vsame_as_glibc(size, fmt, ap);
	va_end(ap);
	return same;
}

/* --- integers -------------------------------------------------------- */

/* The C type a length modifier makes va_arg read. */
enum arg_type { ARG_INT, ARG_LONG, ARG_LLONG };

struct length {
	const char *mod;
	enum arg_type type;
};

static const struct length lengths[] = {
	{ "hh", ARG_INT }, { "h", ARG_INT },  { "", ARG_INT },
	{ "l", ARG_LONG }, { "ll", ARG_LLONG }, { "z", ARG_LONG },
	{ "t", ARG_LONG },
};

/* Values around every boundary the length modifiers and bases care about. */
static const unsigned long long values[] = {
	0, 1, 7, 8, 9, 10, 15, 16, 42, 127, 128, 255, 256, 511, 512,
	32767, 32768, 65535, 65536, 0x7fffffffULL, 0x80000000ULL,
	0xffffffffULL, 0x100000000ULL, 0x123456789abcdefULL,
	(unsigned long long)-1, (unsigned long long)-42,
	(unsigned long long)INT_MIN, (unsigned long long)LONG_MAX,
	(unsigned long long)LLONG_MIN, ULLONG_MAX - 1,
};

static bool is_signed_conv(char conv)
{
	return conv == 'd' || conv == 'i';
}

/* Compare one integer conversion, passing @v as the type @fmt asks for. */
static bool int_same(size_t size, const char *fmt, enum arg_type type,
		     char conv, unsigned long long v)
{
	bool sgn = is_signed_conv(conv);

	switch (type) {
	case ARG_INT:
		return sgn ? same_as_glibc(size, fmt, (int)v)
			   : same_as_glibc(size, fmt, (unsigned int)v);
	case ARG_LONG:
		return sgn ? same_as_glibc(size, fmt, (long)v)
			   : same_as_glibc(size, fmt, (unsigned long)v);
	case ARG_LLONG:
		return sgn ? same_as_glibc(size, fmt, (long long)v)
			   : same_as_glibc(size, fmt, v);
	}
	return false;
}

/* Hand-picked integer formats: the corners C99 spells out one by one. */
struct int_case {
	const char *fmt;
	enum arg_type type;
	unsigned long long v;
};

static const struct int_case int_cases[] = {
	/* plain conversions and the extremes of each type */
	{ "%d", ARG_INT, 0 },
	{ "%d", ARG_INT, (unsigned long long)INT_MIN },
	{ "%i", ARG_INT, INT_MAX },
	{ "%u", ARG_INT, UINT_MAX },
	{ "%ld", ARG_LONG, (unsigned long long)LONG_MIN },
	{ "%lld", ARG_LLONG, (unsigned long long)LLONG_MIN },
	{ "%lli", ARG_LLONG, LLONG_MAX },
	{ "%llu", ARG_LLONG, ULLONG_MAX },
	{ "%llo", ARG_LLONG, ULLONG_MAX },
	{ "%llx", ARG_LLONG, ULLONG_MAX },
	{ "%llX", ARG_LLONG, 0xfedcba9876543210ULL },
	{ "%zu", ARG_LONG, SIZE_MAX },
	{ "%zd", ARG_LONG, (unsigned long long)-5 },
	{ "%td", ARG_LONG, (unsigned long long)PTRDIFF_MIN },
	/* hh and h narrow what was passed as int */
	{ "%hhd", ARG_INT, 200 },
	{ "%hhu", ARG_INT, 0x1ff },
	{ "%hhx", ARG_INT, (unsigned long long)-1 },
	{ "%hd", ARG_INT, 40000 },
	{ "%hu", ARG_INT, 0x12345 },
	{ "%ho", ARG_INT, (unsigned long long)-1 },
	/* sign flags: '+' beats ' ', neither touches unsigned conversions */
	{ "%+d", ARG_INT, 0 },
	{ "% d", ARG_INT, 42 },
	{ "% +d", ARG_INT, 42 },
	{ "%+ d", ARG_INT, (unsigned long long)-42 },
	{ "%+u", ARG_INT, 42 },
	{ "% x", ARG_INT, 42 },
	/* '0' pads after the sign and prefix; '-' or a precision cancel it */
	{ "%05d", ARG_INT, (unsigned long long)-42 },
	{ "%+05d", ARG_INT, 42 },
	{ "% 05d", ARG_INT, 42 },
	{ "%-05d", ARG_INT, 42 },
	{ "%08.3d", ARG_INT, 42 },
	{ "%#08x", ARG_INT, 255 },
	{ "%#08X", ARG_INT, 255 },
	{ "%#08o", ARG_INT, 8 },
	{ "%#-8o", ARG_INT, 8 },
	{ "%#8o", ARG_INT, 8 },
	/* precision: minimum digits; .0 with 0 prints no digits ... */
	{ "%.0d", ARG_INT, 0 },
	{ "%.d", ARG_INT, 0 },
	{ "%5.0d", ARG_INT, 0 },
	{ "%+.0d", ARG_INT, 0 },
	{ "% .0d", ARG_INT, 0 },
	{ "%.0x", ARG_INT, 0 },
	{ "%#.0x", ARG_INT, 0 },
	{ "%.0o", ARG_INT, 0 },
	{ "%.0u", ARG_INT, 0 },
	{ "%.10d", ARG_INT, (unsigned long long)INT_MIN },
	{ "%.3d", ARG_INT, (unsigned long long)-7 },
	/* ... except "%#.0o", where '#' asks for a leading 0 */
	{ "%#.0o", ARG_INT, 0 },
	{ "%#o", ARG_INT, 0 },
	{ "%#.3o", ARG_INT, 8 },
	{ "%#.2o", ARG_INT, 8 },
	{ "%#.5o", ARG_INT, 0 },
	/* '#' with hex: "0x" only for non-zero values */
	{ "%#x", ARG_INT, 0 },
	{ "%#x", ARG_INT, 1 },
	{ "%#X", ARG_INT, 0xabc },
	{ "%#.5x", ARG_INT, 255 },
	{ "%#10.5x", ARG_INT, 255 },
	{ "%#-10.5x", ARG_INT, 255 },
	{ "%#llx", ARG_LLONG, ULLONG_MAX },
	{ "%#llo", ARG_LLONG, ULLONG_MAX },
	/* flags in any order, and repeated */
	{ "%0-+#5x", ARG_INT, 9 },
	{ "%--5d", ARG_INT, 9 },
	{ "%00005d", ARG_INT, 9 },
	/* wide fields */
	{ "%40d", ARG_INT, (unsigned long long)INT_MIN },
	{ "%-40lld", ARG_LLONG, (unsigned long long)LLONG_MIN },
	{ "%040llo", ARG_LLONG, ULLONG_MAX },
	{ "%.40llx", ARG_LLONG, ULLONG_MAX },
};

/* Each hand-picked integer format gives glibc's bytes and length. */
static void test_int_table(void **state)
{
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(int_cases); i++) {
		const struct int_case *c = &int_cases[i];
		char conv = c->fmt[strlen(c->fmt) - 1];

		if (!int_same(OUT_MAX, c->fmt, c->type, conv, c->v))
			failures++;
	}
	assert_int_equal(failures, 0);
}

/* The flag sets, widths and precisions the brute-force loop combines. */
static const char flag_chars[] = "-0# +";
static const char *const widths[] = { "", "1", "6", "24" };
static const char *const precisions[] = { "", ".", ".0", ".1", ".5", ".24" };
static const char int_convs[] = "diouxX";

/* Flags C leaves undefined for @conv (see the file comment). */
static bool flag_allowed(char flag, char conv)
{
	return !(flag == '#' && (conv == 'd' || conv == 'i' || conv == 'u'));
}

/* Compare @fmt for every value; stop at the first that differs, which is
 * enough to show the format. */
static bool values_same(const char *fmt, enum arg_type type, char conv)
{
	for (size_t v = 0; v < ARRAY_SIZE(values); v++)
		if (!int_same(OUT_MAX, fmt, type, conv, values[v]))
			return false;
	return true;
}

/* Compare "%<flags><width><precision><length><conv>" for every width,
 * precision, length modifier and value; return how many formats differ. */
static int brute_force_one(const char *flags, char conv)
{
	int failures = 0;

	for (size_t w = 0; w < ARRAY_SIZE(widths); w++) {
		for (size_t p = 0; p < ARRAY_SIZE(precisions); p++) {
			for (size_t l = 0; l < ARRAY_SIZE(lengths); l++) {
				char fmt[32];

				snprintf(fmt, sizeof(fmt), "%%%s%s%s%s%c", flags,
					 widths[w], precisions[p],
					 lengths[l].mod, conv);
				failures += !values_same(fmt, lengths[l].type,
							 conv);
			}
		}
	}
	return failures;
}

/*
 * Every subset of the flags × widths × precisions × length modifiers ×
 * integer conversions × boundary values: some 700 000 comparisons, which
 * catch the interactions no hand-written table thinks of.
 */
static void test_int_brute_force(void **state)
{
	int failures = 0;

	(void)state;
	for (const char *conv = int_convs; *conv; conv++) {
		for (unsigned set = 0; set < 1u << 5; set++) {
			char flags[8];
			int nf = 0;
			bool ok = true;

			for (int b = 0; b < 5; b++) {
				if (set & 1u << b) {
					ok &= flag_allowed(flag_chars[b], *conv);
					flags[nf++] = flag_chars[b];
				}
			}
			flags[nf] = '\0';
			if (ok)
				failures += brute_force_one(flags, *conv);
			if (failures > 20)
				fail_msg("more than 20 formats differ, stopping");
		}
	}
	assert_int_equal(failures, 0);
}

/* --- '*' width and precision ----------------------------------------- */

/* '*' arguments: negative, zero and positive; INT_MIN only as a
 * precision, since a width of INT_MIN cannot be negated in C. */
static const int star_widths[] = { -20, -5, -1, 0, 1, 5, 20 };
static const int star_precs[] = { INT_MIN, -20, -1, 0, 1, 5, 20 };

/*
 * Compare @fmt, which takes one '*' (@first) or two (@first, @second),
 * and then a value fitting its conversion: -42 for d/i, 42 for the other
 * integers, 'x' for %c, "hello" for %s.
 */
static bool star_same(const char *fmt, int first, int second)
{
	char conv = fmt[strlen(fmt) - 1];
	bool two = strchr(fmt, '*') != strrchr(fmt, '*');
	bool same;

	switch (conv) {
	case 's':
		same = two ? same_as_glibc(OUT_MAX, fmt, first, second, "hello")
			   : same_as_glibc(OUT_MAX, fmt, first, "hello");
		break;
	case 'c':
		same = two ? same_as_glibc(OUT_MAX, fmt, first, second, 'x')
			   : same_as_glibc(OUT_MAX, fmt, first, 'x');
		break;
	case 'd':
	case 'i':
		same = two ? same_as_glibc(OUT_MAX, fmt, first, second, -42)
			   : same_as_glibc(OUT_MAX, fmt, first, -42);
		break;
	default:
		same = two ? same_as_glibc(OUT_MAX, fmt, first, second, 42u)
			   : same_as_glibc(OUT_MAX, fmt, first, 42u);
		break;
	}
	if (!same && two)
		print_error("  with '*' arguments %d, %d\n", first, second);
	else if (!same)
		print_error("  with '*' argument %d\n", first);
	return same;
}

/*
 * '*' takes width and precision from int arguments.  A negative width is
 * '-' plus its magnitude; a negative precision is as if none were given
 * (so the '0' flag applies again, and %s prints the whole string).
 */
static void test_star(void **state)
{
	static const char *const width_fmts[] = { "%*d", "%-*d", "%0*d",
						  "%#0*x", "%*s", "%-*c" };
	static const char *const prec_fmts[] = { "%.*d", "%0.*d", "%08.*d",
						 "%#.*o", "%#.*x", "%.*s" };
	static const char *const both_fmts[] = { "%*.*d", "%-*.*d", "%0*.*d",
						 "%+*.*i", "%#0*.*o", "%*.*s" };
	int failures = 0;

	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(width_fmts); f++)
		for (size_t w = 0; w < ARRAY_SIZE(star_widths); w++)
			failures += !star_same(width_fmts[f], star_widths[w], 0);
	for (size_t f = 0; f < ARRAY_SIZE(prec_fmts); f++)
		for (size_t p = 0; p < ARRAY_SIZE(star_precs); p++)
			failures += !star_same(prec_fmts[f], star_precs[p], 0);
	for (size_t f = 0; f < ARRAY_SIZE(both_fmts); f++)
		for (size_t w = 0; w < ARRAY_SIZE(star_widths); w++)
			for (size_t p = 0; p < ARRAY_SIZE(star_precs); p++)
				failures += !star_same(both_fmts[f], star_widths[w],
						       star_precs[p]);
	assert_int_equal(failures, 0);
}

/* --- characters, strings and %% -------------------------------------- */

/*
 * %c and %s with widths, '-' and precisions; %c of '\0' still writes (and
 * counts) the byte, and %c of an int keeps only its low byte.
 */
static void test_chars_and_strings(void **state)
{
	static const char *const char_fmts[] = { "%c", "%5c", "%-5c", "%1c",
						  "[%c]" };
	static const int chars[] = { 'A', ' ', '%', '\0', 0xe9, -1 };
	static const char *const str_fmts[] = {
		"%s", "%10s", "%-10s", "%.0s", "%.1s", "%.5s", "%.20s",
		"%3.1s", "%-3.1s", "%1s", "[%s]",
	};
	static const char *const strs[] = { "", "a", "hello", "hello, world" };
	int failures = 0;

	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(char_fmts); f++)
		for (size_t c = 0; c < ARRAY_SIZE(chars); c++)
			failures += !same_as_glibc(OUT_MAX, char_fmts[f], chars[c]);
	for (size_t f = 0; f < ARRAY_SIZE(str_fmts); f++)
		for (size_t s = 0; s < ARRAY_SIZE(strs); s++)
			failures += !same_as_glibc(OUT_MAX, str_fmts[f], strs[s]);
	assert_int_equal(failures, 0);
}

/* %s of NULL: "(null)" with widths and with precisions of 6 and more. */
static void test_null_string(void **state)
{
	static const char *const fmts[] = { "%s", "%8s", "%-8s", "%.6s",
					     "%.20s", "%3s", "[%s|%s]" };
	const char *null = NULL;
	int failures = 0;

	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(fmts); f++)
		failures += !same_as_glibc(OUT_MAX, fmts[f], null, null);
	assert_int_equal(failures, 0);
}

/*
 * A precision bounds how much of the string is read: a buffer without a
 * NUL, exactly as long as the precision, is not overread (ASan watches).
 */
static void test_string_precision_stops_reading(void **state)
{
	char *s = malloc(4);
	char buf[16];

	(void)state;
	assert_non_null(s);
	memcpy(s, "abcd", 4);
	assert_int_equal(ksnprintf(buf, sizeof(buf), "%.4s|", s), 5);
	assert_string_equal(buf, "abcd|");
	assert_int_equal(ksnprintf(buf, sizeof(buf), "%.2s|", s), 3);
	assert_string_equal(buf, "ab|");
	free(s);
}

/* "%%" and plain text around conversions; every format takes ints only. */
static void test_percent_and_text(void **state)
{
	static const char *const fmts[] = {
		"", "plain text", "%%", "100%%", "%%d", "%%%d%%", "a%db%dc%%",
		"%d%d%d", "tab\there\n",
	};
	int failures = 0;

	(void)state;
	for (size_t f = 0; f < ARRAY_SIZE(fmts); f++)
		failures += !same_as_glibc(OUT_MAX, fmts[f], 1, 2, 3);
	assert_int_equal(failures, 0);
}

/* --- truncation ------------------------------------------------------ */

/*
 * C99 snprintf: for any buffer size the return value is the full length,
 * the buffer holds the longest prefix that fits plus a NUL, and size 0
 * writes nothing at all.  The canaries in vsame_as_glibc() see any byte
 * written past that.
 *
 *   size:  0      1      2       5
 *          ....   \0...  h\0...  hell\0...
 */
static void test_truncation(void **state)
{
	static const size_t sizes[] = { 0, 1, 2, 5 };
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		size_t z = sizes[i];

		failures += !same_as_glibc(z, "%s", "hello, world");
		failures += !same_as_glibc(z, "%d", INT_MIN);
		failures += !same_as_glibc(z, "%#llx", ULLONG_MAX);
		failures += !same_as_glibc(z, "%-8s|", "ab");
		failures += !same_as_glibc(z, "%8s|", "ab");
		failures += !same_as_glibc(z, "%c%c%c", 'x', '\0', 'y');
		failures += !same_as_glibc(z, "abcd");
		failures += !same_as_glibc(z, "abcde");
		failures += !same_as_glibc(z, "%s", "");
		failures += !same_as_glibc(z, "%%%%%%");
	}
	assert_int_equal(failures, 0);
}

/* Size 0 may come with a NULL buffer: nothing is written, length returned. */
static void test_size_zero_null_buffer(void **state)
{
	(void)state;
	assert_int_equal(ksnprintf(NULL, 0, "%s=%d", "answer", 42),
			 snprintf(NULL, 0, "%s=%d", "answer", 42));
}

/* --- %p -------------------------------------------------------------- */

/* True if @s is "0x" and 16 lower-case hex digits spelling @v. */
static bool is_kernel_pointer(const char *s, uintptr_t v)
{
	uintptr_t parsed = 0;

	if (strlen(s) != 18 || s[0] != '0' || s[1] != 'x')
		return false;
	for (int i = 2; i < 18; i++) {
		const char *d = strchr("0123456789abcdef", s[i]);

		if (!d)
			return false;
		parsed = parsed << 4 | (uintptr_t)(d - "0123456789abcdef");
	}
	return parsed == v;
}

/*
 * %p is the kernel's own: "0x" then exactly 16 hex digits, whatever the
 * value, NULL included (glibc's "(nil)" is not the model here).
 */
static void test_pointer(void **state)
{
	static const uintptr_t ptrs[] = {
		0, 1, 0xf, 0x10, 0xb8000, 0xffffffff, 0x100000000,
		0xffff800000000000, 0xffffffff80000000, UINTPTR_MAX,
	};
	int failures = 0;

	(void)state;
	for (size_t i = 0; i < ARRAY_SIZE(ptrs); i++) {
		char buf[64];
		int n = ksnprintf(buf, sizeof(buf), "%p", (void *)ptrs[i]);

		if (n != 18 || !is_kernel_pointer(buf, ptrs[i])) {
			print_error("%%p of 0x%jx: %d \"%s\"\n",
				    (uintmax_t)ptrs[i], n, buf);
			failures++;
		}
	}
	assert_int_equal(failures, 0);
}

/* %p truncates like any other conversion: the length stays 18. */
static void test_pointer_truncated(void **state)
{
	char buf[8];
	char want[32];

	(void)state;
	snprintf(want, sizeof(want), "0x%016jx", (uintmax_t)0xdeadbeef);
	assert_int_equal(ksnprintf(buf, sizeof(buf), "%p", (void *)0xdeadbeef),
			 18);
	assert_memory_equal(buf, want, sizeof(buf) - 1);
	assert_int_equal(buf[sizeof(buf) - 1], '\0');
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_int_table),
		cmocka_unit_test(test_int_brute_force),
		cmocka_unit_test(test_star),
		cmocka_unit_test(test_chars_and_strings),
		cmocka_unit_test(test_null_string),
		cmocka_unit_test(test_percent_and_text),
		cmocka_unit_test(test_truncation),
		cmocka_unit_test(test_size_zero_null_buffer),
		cmocka_unit_test(test_pointer),
		cmocka_unit_test(test_pointer_truncated),
		/* last: an overread aborts the binary under ASan, and the
		 * tests above should report first */
		cmocka_unit_test(test_string_precision_stops_reading),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
