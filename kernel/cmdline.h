/*
 * kernel/cmdline.h - kernel command line parameters.
 *
 * A file declares the options it understands with KERNEL_PARAM(); the
 * linker gathers them into one table, and cmdline_parse() calls each
 * option's handler with its value (NULL for a bare flag).  Unknown options
 * and bad values are warned about and ignored: a typo on the command line
 * never stops a boot.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include "kernel/compiler.h"
#include "kernel/types.h"

/**
 * struct kernel_param - one command line option.
 * @name: the key; '-' and '_' match each other, as in Linux
 * @set:  handler; @val is the text after '=' or NULL for a flag.
 *        Return 0, or -EINVAL to have the value reported as bad.
 */
struct kernel_param {
	const char *name;
	int (*set)(const char *val);
};

#define KERNEL_PARAM(key, fn)                                           \
	static const struct kernel_param __kparam_##fn                  \
	__used __section(".kparams") __aligned(8) = { key, fn }

/**
 * cmdline_parse() - split a command line into options and apply them.
 * @buf:    the command line; modified in place (split and unquoted)
 * @params: the options understood
 * @n:      how many
 *
 * Options are separated by blanks; a value may be double-quoted to hold
 * blanks (key="a b").  Everything after a lone "--" is left alone.
 *
 * Return: how many options were unknown or had bad values.
 */
int cmdline_parse(char *buf, const struct kernel_param *params, size_t n);

/**
 * cmdline_memparse() - parse a size: a number (decimal, or hex with 0x)
 * followed by an optional K, M, G, T, P or E suffix (powers of 1024).
 * @s:   the text; all of it must be consumed
 * @out: the size
 *
 * Return: 0, or -EINVAL for bad text or a value that overflows 64 bits.
 */
int cmdline_memparse(const char *s, uint64_t *out);

/**
 * cmdline_uint() - parse a whole decimal (or 0x hex) number into @out,
 * which must not exceed @max.  Return: 0 or -EINVAL.
 */
int cmdline_uint(const char *s, uint64_t max, uint64_t *out);

#endif
