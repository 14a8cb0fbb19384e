/*
 * tests/unit/drivers/acpi/builder.h - lay out ACPI tables for the parser
 * tests.
 *
 * A table is the standard header (ACPI 6.5, 5.2.6), a fixed part of its
 * own, then subtables of (type, length, ...) records:
 *
 *   0     4        8   9     10       16             24        28        32         36
 *   +-----+--------+---+-----+--------+--------------+---------+---------+----------+--------+-----------
 *   | sig | length |rev|csum | OEM ID | OEM table ID | OEM rev | creator | crt. rev | fixed  | subtables
 *   +-----+--------+---+-----+--------+--------------+---------+---------+----------+--------+-----------
 *
 * tb_finish() patches the length (unless a test set its own) and the
 * checksum, and copies the table into a heap block of exactly its size, so
 * AddressSanitizer reports a parser reading one byte past it.  Expected
 * values in the tests come from what they put here, never from a parser.
 */
#ifndef TESTS_UNIT_DRIVERS_ACPI_BUILDER_H
#define TESTS_UNIT_DRIVERS_ACPI_BUILDER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define TB_HEADER_LEN   36
#define TB_MAX          (64 * 1024)     /* room for the largest table built */

struct tb {
	uint8_t buf[TB_MAX];
	size_t len;
	bool length_set;        /* tb_set_length(): the header lies */
	uint32_t length;
};

static inline void tb_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void tb_put32(uint8_t *p, uint32_t v)
{
	tb_put16(p, (uint16_t)v);
	tb_put16(p + 2, (uint16_t)(v >> 16));
}

static inline void tb_put64(uint8_t *p, uint64_t v)
{
	tb_put32(p, (uint32_t)v);
	tb_put32(p + 4, (uint32_t)(v >> 32));
}

/* Append @n zero bytes; return where they start. */
static inline uint8_t *tb_add(struct tb *b, size_t n)
{
	uint8_t *p = b->buf + b->len;

	if (n > sizeof(b->buf) - b->len)
		abort();        /* a test asked for more than TB_MAX */
	memset(p, 0, n);
	b->len += n;
	return p;
}

/* Start a table: header with QEMU-like IDs, then @fixed zero bytes. */
static inline void tb_begin(struct tb *b, const char *sig, uint8_t rev, size_t fixed)
{
	uint8_t *h;

	b->len = 0;
	b->length_set = false;
	h = tb_add(b, TB_HEADER_LEN + fixed);
	memcpy(h, sig, 4);
	h[8] = rev;
	memcpy(h + 10, "BOCHS ", 6);
	memcpy(h + 16, "BXPC    ", 8);
	tb_put32(h + 24, 1);
	memcpy(h + 28, "BXPC", 4);
	tb_put32(h + 32, 1);
}

/* Append a subtable of @len bytes (at least 2) of @type. */
static inline uint8_t *tb_sub(struct tb *b, uint8_t type, uint8_t len)
{
	uint8_t *s = tb_add(b, len < 2 ? 2 : len);

	s[0] = type;
	s[1] = len;
	return s;
}

/* Make the header's length field say @length whatever was laid down. */
static inline void tb_set_length(struct tb *b, uint32_t length)
{
	b->length_set = true;
	b->length = length;
}

/* The 8-bit sum of the bytes is zero once p[9] is set so. */
static inline void tb_checksum(uint8_t *p, size_t len)
{
	uint8_t sum = 0;

	p[9] = 0;
	for (size_t i = 0; i < len; i++)
		sum += p[i];
	p[9] = (uint8_t)-sum;
}

/* The finished table in a heap block of exactly b->len bytes (free it). */
static inline uint8_t *tb_finish(struct tb *b)
{
	uint8_t *t;

	tb_put32(b->buf + 4, b->length_set ? b->length : (uint32_t)b->len);
	tb_checksum(b->buf, b->len);
	t = malloc(b->len ? b->len : 1);
	if (!t)
		abort();
	memcpy(t, b->buf, b->len);
	return t;
}

#endif
