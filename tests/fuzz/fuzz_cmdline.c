/*
 * tests/fuzz/fuzz_cmdline.c - cmdline_parse(), cmdline_memparse() and
 * cmdline_uint() on hostile command lines.
 *
 * Input:  the command line (up to its first NUL, as the kernel gets it).
 *
 * The option table stands in for the KERNEL_PARAM table; its handlers
 * record every call.  This file splits the line itself, following the
 * contract in kernel/cmdline.h, and checks that the same options reached
 * the same handlers with the same values, that the count of bad options
 * is right, and that nothing after a lone "--" was touched.  Every value
 * a handler gets is also parsed by cmdline_memparse()/cmdline_uint() and
 * compared with a reference parser (128-bit arithmetic, so overflow is
 * seen rather than suffered).
 */
#include <stdlib.h>

#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "tests/fuzz/fuzz.h"

/* --- reference number parsers ------------------------------------------ */

/* Digits, decimal or 0x hex: false if none or the value needs > 64 bits. */
static bool ref_digits(const char **s, uint64_t *out)
{
	const char *p = *s;
	unsigned __int128 v = 0;
	unsigned int base = 10;
	int nd = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (;; p++, nd++) {
		int d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		v = v * base + (unsigned)d;
		if (v > UINT64_MAX)
			return false;
	}
	if (!nd)
		return false;
	*s = p;
	*out = (uint64_t)v;
	return true;
}

static bool ref_memparse(const char *s, uint64_t *out)
{
	static const char suf[] = "KMGTPE";
	unsigned __int128 v;
	uint64_t d;

	if (!s || !ref_digits(&s, &d))
		return false;
	v = d;
	if (*s) {
		const char *k = NULL;

		for (int i = 0; suf[i]; i++)
			if (*s == suf[i] || *s == suf[i] - 'A' + 'a')
				k = &suf[i];
		if (!k || s[1])
			return false;
		v <<= 10 * (k - suf + 1);
		if (v > UINT64_MAX)
			return false;
	}
	*out = (uint64_t)v;
	return true;
}

static bool ref_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v;

	if (!s || !ref_digits(&s, &v) || *s || v > max)
		return false;
	*out = v;
	return true;
}

/* Compare the kernel's parsers with the reference on @s. */
static void check_numbers(const char *s)
{
	static const uint64_t maxes[] = { 0, 7, 4096, UINT32_MAX, UINT64_MAX };
	uint64_t got = 0, want = 0;
	bool ok, ref;

	ok = cmdline_memparse(s, &got) == 0;
	ref = ref_memparse(s, &want);
	FUZZ_CHECK(ok == ref && (!ok || got == want),
		   "cmdline_memparse(\"%.60s\"): %s %#lx, want %s %#lx", s ? s : "(null)",
		   ok ? "ok" : "-EINVAL", got, ref ? "ok" : "-EINVAL", want);
	for (size_t i = 0; i < ARRAY_SIZE(maxes); i++) {
		ok = cmdline_uint(s, maxes[i], &got) == 0;
		ref = ref_uint(s, maxes[i], &want);
		FUZZ_CHECK(ok == ref && (!ok || got == want),
			   "cmdline_uint(\"%.60s\", %#lx): %s %#lx, want %s %#lx",
			   s ? s : "(null)", maxes[i], ok ? "ok" : "-EINVAL", got,
			   ref ? "ok" : "-EINVAL", want);
	}
}

/* --- the option table ---------------------------------------------------- */

struct call {
	int param;
	const char *val;        /* NULL: a flag; else points into the line */
};

static struct call *calls;
static size_t ncalls, maxcalls;
static const char *line_lo, *line_hi;   /* the buffer being parsed */

static int record(int param, const char *val)
{
	FUZZ_CHECK(ncalls < maxcalls, "more options than the line can hold");
	FUZZ_CHECK(!val || (val >= line_lo && val < line_hi &&
			    memchr(val, '\0', (size_t)(line_hi - val))),
		   "value outside the command line");
	FUZZ_CHECK(!val || !strchr(val, '"'), "value \"%s\" still quoted", val);
	calls[ncalls++] = (struct call){ param, val };
	if (val)
		check_numbers(val);
	return 0;
}

/* A size, as mem= takes it. */
static int set_mem(const char *val)
{
	uint64_t v;

	record(0, val);
	return cmdline_memparse(val, &v);
}

/* A small number, as loglevel= takes it. */
static int set_loglevel(const char *val)
{
	uint64_t v;

	record(1, val);
	return cmdline_uint(val, 7, &v);
}

/* A flag: a value is an error. */
static int set_quiet(const char *val)
{
	record(2, val);
	return val ? -EINVAL : 0;
}

/* Anything goes; the name has both separators. */
static int set_any(const char *val)
{
	record(3, val);
	return 0;
}

/* A word that must be there. */
static int set_numa(const char *val)
{
	record(4, val);
	return val && !strcmp(val, "off") ? 0 : -EINVAL;
}

static const struct kernel_param params[] = {
	{ "mem", set_mem },
	{ "loglevel", set_loglevel },
	{ "quiet", set_quiet },
	{ "no_such-opt", set_any },
	{ "numa", set_numa },
};

/* --- the reference splitter ---------------------------------------------- */

static bool blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* '-' and '_' are one character in option names. */
static bool same_name(const char *a, const char *b)
{
	size_t n = strlen(a);

	if (n != strlen(b))
		return false;
	for (size_t i = 0; i < n; i++) {
		char x = a[i] == '-' ? '_' : a[i], y = b[i] == '-' ? '_' : b[i];

		if (x != y)
			return false;
	}
	return true;
}

static bool ref_bad(int param, const char *val)
{
	uint64_t v;

	switch (param) {
	case 0: return !ref_memparse(val, &v);
	case 1: return !ref_uint(val, 7, &v);
	case 2: return val != NULL;
	case 3: return false;
	default: return !val || strcmp(val, "off");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t len = strnlen((const char *)data, size);
	char *buf = malloc(len + 1), *orig = malloc(len + 1), *tok = malloc(len + 1);
	size_t i = 0, k = 0, rest = len + 1;
	int bad, want_bad = 0;

	memcpy(buf, data, len);
	memcpy(orig, data, len);
	buf[len] = orig[len] = '\0';
	maxcalls = len / 2 + 1;
	calls = calloc(maxcalls, sizeof(*calls));
	ncalls = 0;
	line_lo = buf;
	line_hi = buf + len + 1;

	bad = cmdline_parse(buf, params, ARRAY_SIZE(params));

	/* Split @orig as kernel/cmdline.h describes. */
	for (;;) {
		size_t n = 0;
		bool quoted = false;
		char *val;
		int p = -1;

		while (blank(orig[i]))
			i++;
		if (!orig[i])
			break;
		for (; orig[i] && (quoted || !blank(orig[i])); i++) {
			if (orig[i] == '"')
				quoted = !quoted;
			else
				tok[n++] = orig[i];
		}
		tok[n] = '\0';
		if (!strcmp(tok, "--")) {
			rest = orig[i] ? i + 1 : len + 1;
			break;
		}
		val = strchr(tok, '=');
		if (val)
			*val++ = '\0';
		for (size_t j = 0; j < ARRAY_SIZE(params) && p < 0; j++)
			if (same_name(tok, params[j].name))
				p = (int)j;
		if (p < 0) {
			want_bad++;
			continue;
		}
		FUZZ_CHECK(k < ncalls, "option %zu (%s) never reached its handler", k, tok);
		FUZZ_CHECK(calls[k].param == p, "option %zu went to %s, not %s", k,
			   params[calls[k].param].name, params[p].name);
		FUZZ_CHECK(!val == !calls[k].val && (!val || !strcmp(val, calls[k].val)),
			   "option %zu (%s): value \"%s\", want \"%s\"", k, tok,
			   calls[k].val ? calls[k].val : "(none)", val ? val : "(none)");
		want_bad += ref_bad(p, val);
		k++;
	}
	FUZZ_CHECK(k == ncalls, "%zu handler calls, want %zu", ncalls, k);
	FUZZ_CHECK(bad == want_bad, "cmdline_parse() returned %d, want %d", bad, want_bad);
	FUZZ_CHECK(rest > len || !memcmp(buf + rest, orig + rest, len + 1 - rest),
		   "the text after \"--\" was changed");

	check_numbers((const char *)orig);
	check_numbers(NULL);

	free(calls);
	free(tok);
	free(orig);
	free(buf);
	return 0;
}
