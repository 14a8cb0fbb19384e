/*
 * kernel/cmdline.c - split the command line and dispatch options.
 *
 * Portable: the host unit tests run it on crafted command lines.
 */
#define pr_fmt(fmt) "cmdline: " fmt

#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/string.h"

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Option names match with '-' and '_' taken as the same character. */
static bool name_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		char x = *a == '-' ? '_' : *a, y = *b == '-' ? '_' : *b;

		if (x != y)
			return false;
	}
	return *a == *b;
}

/*
 * Cut the next option out of *pos: NUL-terminate it, drop its quotes,
 * and advance *pos past it.  Returns NULL at the end of the line.
 */
static char *next_option(char **pos)
{
	char *s = *pos, *out, *start;
	bool quoted = false;

	while (is_blank(*s))
		s++;
	if (!*s)
		return NULL;
	start = out = s;
	for (; *s && (quoted || !is_blank(*s)); s++) {
		if (*s == '"')
			quoted = !quoted;
		else
			*out++ = *s;
	}
	if (*s)
		s++;
	*out = '\0';
	*pos = s;
	return start;
}

int cmdline_parse(char *buf, const struct kernel_param *params, size_t n)
{
	char *pos = buf, *opt;
	int bad = 0;

	while ((opt = next_option(&pos))) {
		char *val = strchr(opt, '=');
		const struct kernel_param *p = NULL;

		if (!strcmp(opt, "--"))
			break;
		if (val)
			*val++ = '\0';
		for (size_t i = 0; i < n && !p; i++)
			if (name_eq(opt, params[i].name))
				p = &params[i];
		if (!p) {
			pr_warn("unknown option \"%s%s%s\" ignored\n", opt,
				val ? "=" : "", val ? val : "");
			bad++;
		} else if (p->set(val)) {
			pr_warn("bad value for %s: \"%s\", ignored\n", opt,
				val ? val : "(none)");
			bad++;
		}
	}
	return bad;
}

/* Parse digits (decimal or 0x hex); advance *s past them. */
static int parse_digits(const char **s, uint64_t *out)
{
	const char *p = *s;
	unsigned base = 10;
	uint64_t v = 0;
	int ndig = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	for (;; p++, ndig++) {
		unsigned d;

		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else if (base == 16 && *p >= 'a' && *p <= 'f')
			d = *p - 'a' + 10;
		else if (base == 16 && *p >= 'A' && *p <= 'F')
			d = *p - 'A' + 10;
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return -EINVAL;
		v = v * base + d;
	}
	if (!ndig)
		return -EINVAL;
	*s = p;
	*out = v;
	return 0;
}

int cmdline_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v;

	if (!s || parse_digits(&s, &v) || *s || v > max)
		return -EINVAL;
	*out = v;
	return 0;
}

int cmdline_memparse(const char *s, uint64_t *out)
{
	static const char suffixes[] = "KMGTPE";
	uint64_t v;
	const char *suf;

	if (!s || parse_digits(&s, &v))
		return -EINVAL;
	if (*s) {
		char c = *s >= 'a' && *s <= 'z' ? (char)(*s - 'a' + 'A') : *s;
		unsigned shift;

		suf = strchr(suffixes, c);
		if (!suf || s[1])
			return -EINVAL;
		shift = 10 * (unsigned)(suf - suffixes + 1);
		if (v > (UINT64_MAX >> shift))
			return -EINVAL;
		v <<= shift;
	}
	*out = v;
	return 0;
}
