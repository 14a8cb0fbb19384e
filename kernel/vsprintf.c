/*
 * kernel/vsprintf.c - vsnprintf() and snprintf() for the kernel.
 *
 * The C99 subset the kernel uses: flags "-0# +", width and precision
 * (numbers or '*'), length modifiers hh h l ll z t, and the conversions
 * d i u o x X c s p %.  Output is always NUL-terminated when size > 0 and
 * the return value is the length the full output would have, as in C99,
 * so callers can detect truncation.  %p prints "0x" and 16 hex digits.
 *
 * Portable: the host unit tests compare it against the C library's.
 */
#include <stdarg.h>

#include "kernel/printk.h"

struct out {
	char *buf;
	size_t size;
	size_t len;     /* what would have been written */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

enum {
	F_LEFT = 1, F_ZERO = 2, F_ALT = 4, F_SPACE = 8, F_PLUS = 16,
};

/* Print one integer with its sign, prefix, precision and width. */
static void put_number(struct out *o, unsigned long long v, bool negative,
		       unsigned base, bool upper, int flags, int width,
		       int prec)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char tmp[24];
	int n = 0;
	const char *prefix = "";
	int zeros, total;

	while (v) {
		tmp[n++] = digits[v % base];
		v /= base;
	}
	/* C99: precision 0 with value 0 prints no digits (but "%#.0o" does). */
	if (n == 0 && prec != 0)
		tmp[n++] = '0';

	if (negative)
		prefix = "-";
	else if (flags & F_PLUS)
		prefix = "+";
	else if (flags & F_SPACE)
		prefix = " ";
	if ((flags & F_ALT) && base == 16 && n && !(n == 1 && tmp[0] == '0'))
		prefix = upper ? "0X" : "0x";

	zeros = prec > n ? prec - n : 0;
	/* "%#o": the first digit must be a zero, added only if need be. */
	if ((flags & F_ALT) && base == 8 && !zeros && (n == 0 || tmp[n - 1] != '0'))
		zeros = 1;
	total = (int)__builtin_strlen(prefix) + zeros + n;
	/* The '0' flag pads with zeros after the prefix, unless a precision
	 * is given or '-' asks for left adjustment. */
	if ((flags & F_ZERO) && !(flags & F_LEFT) && prec < 0 && width > total) {
		zeros += width - total;
		total = width;
	}
	if (!(flags & F_LEFT))
		pad(o, ' ', width - total);
	for (const char *p = prefix; *p; p++)
		put(o, *p);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (flags & F_LEFT)
		pad(o, ' ', width - total);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { buf, size, 0 };

	for (; *fmt; fmt++) {
		int flags = 0, width = 0, prec = -1, lng = 0;
		unsigned long long u;
		long long s;

		if (*fmt != '%') {
			put(&o, *fmt);
			continue;
		}
		for (;;) {
			switch (*++fmt) {
			case '-': flags |= F_LEFT; continue;
			case '0': flags |= F_ZERO; continue;
			case '#': flags |= F_ALT; continue;
			case ' ': flags |= F_SPACE; continue;
			case '+': flags |= F_PLUS; continue;
			}
			break;
		}
		if (*fmt == '*') {
			width = va_arg(ap, int);
			if (width < 0) {
				flags |= F_LEFT;
				width = -width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				width = width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			prec = 0;
			if (*fmt == '*') {
				prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					prec = prec * 10 + (*fmt++ - '0');
			}
		}
		/* lng: -2 hh, -1 h, 0 int, 1 long, 2 long long */
		for (;; fmt++) {
			if (*fmt == 'h')
				lng--;
			else if (*fmt == 'l')
				lng++;
			else if (*fmt == 'z' || *fmt == 't')
				lng = 1;
			else
				break;
		}

		switch (*fmt) {
		case 'd':
		case 'i':
			if (lng >= 2)
				s = va_arg(ap, long long);
			else if (lng == 1)
				s = va_arg(ap, long);
			else
				s = va_arg(ap, int);
			if (lng == -1)
				s = (short)s;
			else if (lng <= -2)
				s = (signed char)s;
			u = s < 0 ? 0ULL - (unsigned long long)s : (unsigned long long)s;
			put_number(&o, u, s < 0, 10, false, flags, width, prec);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng >= 2)
				u = va_arg(ap, unsigned long long);
			else if (lng == 1)
				u = va_arg(ap, unsigned long);
			else
				u = va_arg(ap, unsigned int);
			if (lng == -1)
				u = (unsigned short)u;
			else if (lng <= -2)
				u = (unsigned char)u;
			flags &= ~(F_PLUS | F_SPACE);
			put_number(&o, u, false,
				   *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16,
				   *fmt == 'X', flags, width, prec);
			break;
		case 'p':
			u = (uintptr_t)va_arg(ap, void *);
			put(&o, '0');
			put(&o, 'x');
			put_number(&o, u, false, 16, false, F_ZERO, 16, -1);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			if (!(flags & F_LEFT))
				pad(&o, ' ', width - 1);
			put(&o, c);
			if (flags & F_LEFT)
				pad(&o, ' ', width - 1);
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			int n = 0;

			if (!str)
				str = "(null)";
			while ((prec < 0 || n < prec) && str[n])
				n++;
			if (!(flags & F_LEFT))
				pad(&o, ' ', width - n);
			for (int i = 0; i < n; i++)
				put(&o, str[i]);
			if (flags & F_LEFT)
				pad(&o, ' ', width - n);
			break;
		}
		case '%':
			put(&o, '%');
			break;
		case '\0':
			fmt--;          /* a lone '%' at the end */
			break;
		default:                /* unknown: print it as it stands */
			put(&o, '%');
			put(&o, *fmt);
			break;
		}
	}
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}
