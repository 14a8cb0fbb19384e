/*
 * tests/fuzz/fuzz_memmap.c - the memory map's range algebra under a
 * sequence of operations decoded from the input.
 *
 * Input:  a sequence of operations, each one opcode byte then operands:
 *           op % 6 == 0  memmap_add(addr, len, type)
 *           op % 6 == 1  memmap_set(addr, addr2, type)
 *           op % 6 == 2  memmap_remove_above(addr, type or 0)
 *           op % 6 == 3  memmap_sanitize()
 *           op % 6 == 4  add (op >> 3) + 1 entries at once: page-sized,
 *                        one page apart, alternating types, from addr
 *                        (fills the table: the MEMMAP_MAX paths)
 *           op % 6 == 5  memmap_total() of every type
 *         An address is one byte (a page, a MiB, or a boundary value such
 *         as 4G or 2^64 - 1, so entries collide often) or 0xff and 8 raw
 *         bytes; a type is one byte (0-7 mostly, sometimes large).
 *
 * After memmap_sanitize(), and after every operation documented to keep
 * the map sanitized (memmap_set, memmap_remove_above on a sanitized map),
 * the map must be sanitized (a memmap_set() that fails must leave it as it
 * was): sorted, non-overlapping, no empty entries, no
 * type 0, no two touching neighbours of one type.  Unless entries were
 * dropped, it must also mean what its input meant: every address has the
 * highest type of the entries that covered it (sanitize), the new type
 * inside a memmap_set() range and the old one outside, nothing at or above
 * a memmap_remove_above() limit of that type.  Types are checked at entry
 * boundaries, one below them, midway between them, and at the operation's
 * own boundaries.
 */
#include <stdlib.h>

#include "kernel/errno.h"
#include "mm/memmap.h"
#include "tests/fuzz/fuzz.h"

#define MAX_OPS         48

static struct memmap map;
static struct memmap_entry before[MEMMAP_MAX];
static unsigned int before_nr;
static uint64_t probes[5 * 24 + 16];
static unsigned int nprobes;

static uint64_t addr(struct fuzz_in *in)
{
	static const uint64_t special[] = {
		0, 1, 0xfff, 0x1000, 0x9fc00, 0xa0000, 0x100000, 0x7fffffff,
		0xffffffff, 0x100000000, 0x100001000, 1ULL << 46, 1ULL << 52,
		1ULL << 63, UINT64_MAX - 0xfff, UINT64_MAX - 1, UINT64_MAX,
	};
	uint8_t b = fuzz_u8(in);

	if (b == 0xff)
		return fuzz_u64(in);
	switch (b >> 6) {
	case 0: return (uint64_t)(b & 0x3f) << 12;
	case 1: return (uint64_t)(b & 0x3f) << 20;
	case 2: return ((uint64_t)(b & 0x3f) << 12) + 0x800;
	default: return special[(b & 0x3f) % ARRAY_SIZE(special)];
	}
}

static uint32_t type(struct fuzz_in *in)
{
	uint8_t b = fuzz_u8(in);

	return b < 0xf0 ? b % 8 : b == 0xff ? UINT32_MAX : b;
}

/* The type the entries [e, e + n) give @a: the highest covering, 0 if none. */
static uint32_t type_in(const struct memmap_entry *e, unsigned int n, uint64_t a)
{
	uint32_t t = 0;

	for (unsigned int i = 0; i < n; i++)
		if (e[i].start <= a && a < e[i].end && e[i].type > t)
			t = e[i].type;
	return t;
}

/* Keep the map as it is before an operation, and probe points around its
 * entries: all of them for a small map, a spread of them for a large one
 * (a full check of a full map would make the target crawl). */
static void snapshot(void)
{
	unsigned int step = map.nr / 24 + 1;

	before_nr = map.nr;
	memcpy(before, map.e, map.nr * sizeof(before[0]));
	nprobes = 0;
	for (unsigned int i = 0; i < map.nr; i += step) {
		const struct memmap_entry *e = &map.e[i];

		probes[nprobes++] = e->start;
		probes[nprobes++] = e->start - 1;
		probes[nprobes++] = e->end;
		probes[nprobes++] = e->end - 1;
		probes[nprobes++] = e->start + (e->end - e->start) / 2;
	}
}

static void probe(uint64_t a)
{
	if (nprobes < ARRAY_SIZE(probes))
		probes[nprobes++] = a;
}

static void check_sanitized(const char *after)
{
	for (unsigned int i = 0; i < map.nr; i++) {
		const struct memmap_entry *e = &map.e[i];

		FUZZ_CHECK(e->start < e->end, "after %s: entry %u [%#lx, %#lx) empty", after, i,
			   e->start, e->end);
		FUZZ_CHECK(e->type != 0, "after %s: entry %u of type 0", after, i);
		if (i) {
			const struct memmap_entry *p = &map.e[i - 1];

			FUZZ_CHECK(p->end <= e->start, "after %s: entries %u [%#lx, %#lx) and "
				   "%u [%#lx, %#lx) unsorted or overlapping", after, i - 1,
				   p->start, p->end, i, e->start, e->end);
			FUZZ_CHECK(p->end != e->start || p->type != e->type,
				   "after %s: entries %u and %u touch with type %u", after,
				   i - 1, i, e->type);
		}
	}
}

/* Every probe must have the type @want says (from the snapshot). */
static void check_types(const char *after, uint32_t (*want)(uint64_t, const void *),
			const void *arg)
{
	for (unsigned int i = 0; i < nprobes; i++) {
		uint64_t a = probes[i];
		uint32_t got = type_in(map.e, map.nr, a), w = want(a, arg);

		FUZZ_CHECK(got == w, "after %s: address %#lx has type %u, want %u", after, a,
			   got, w);
	}
}

static uint32_t want_same(uint64_t a, const void *arg)
{
	(void)arg;
	return type_in(before, before_nr, a);
}

struct set_args {
	uint64_t start, end;
	uint32_t type;
};

static uint32_t want_set(uint64_t a, const void *arg)
{
	const struct set_args *s = arg;

	return s->start <= a && a < s->end ? s->type : type_in(before, before_nr, a);
}

/* memmap_add(): the new entry over what was there, the higher type wins. */
static uint32_t want_added(uint64_t a, const void *arg)
{
	const struct set_args *s = arg;
	uint32_t t = type_in(before, before_nr, a);

	return s->start <= a && a < s->end && s->type > t ? s->type : t;
}

static uint32_t want_removed(uint64_t a, const void *arg)
{
	const struct set_args *s = arg;
	uint32_t t = 0;

	/* Entries of the type (or all) are cut at the limit. */
	for (unsigned int i = 0; i < before_nr; i++) {
		const struct memmap_entry *e = &before[i];

		if (e->start <= a && a < e->end && e->type > t &&
		    (a < s->start || (s->type && e->type != s->type)))
			t = e->type;
	}
	return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_in in = { data, size };
	bool sanitized = true;

	memmap_init(&map);
	for (int n = 0; n < MAX_OPS && in.n; n++) {
		uint8_t op = fuzz_u8(&in);
		unsigned int dropped = map.dropped;

		switch (op % 6) {
		case 0: {
			uint64_t a = addr(&in), len = addr(&in);
			uint64_t end = a + len < a ? UINT64_MAX : a + len;
			uint32_t t = type(&in);
			unsigned int nr = map.nr;
			/* An entry continuing the last one, of its type, extends it. */
			bool extends = len && nr && map.e[nr - 1].end == a && map.e[nr - 1].type == t;
			uint64_t last_start = nr ? map.e[nr - 1].start : 0;
			/* A full table is sanitized first, then the entry appended. */
			bool full = len && nr == MEMMAP_MAX && !extends;
			struct set_args s = { a, end, t };
			int err;

			if (full) {
				snapshot();
				probe(a);
				probe(a - 1);
				probe(end);
				probe(end - 1);
			}
			err = memmap_add(&map, a, len, t);

			FUZZ_CHECK(err == 0 || (err == -ENOSPC && full),
				   "memmap_add() returned %d with %u entries", err, nr);
			if (full && err) {
				FUZZ_CHECK(map.nr == MEMMAP_MAX && map.dropped > dropped,
					   "memmap_add() failed leaving %u entries, %u dropped (was %u)",
					   map.nr, map.dropped, dropped);
				check_sanitized("memmap_add() on a full table");
				if (map.dropped == dropped + 1)
					check_types("memmap_add() on a full table", want_same, NULL);
			} else if (full) {
				FUZZ_CHECK(map.nr >= 1 && map.nr <= MEMMAP_MAX &&
					   map.e[map.nr - 1].start == a && map.e[map.nr - 1].end == end &&
					   map.e[map.nr - 1].type == t,
					   "memmap_add(%#lx, %#lx, %u) on a full table: %u entries, last "
					   "[%#lx, %#lx) type %u", a, len, t, map.nr,
					   map.e[map.nr - 1].start, map.e[map.nr - 1].end,
					   map.e[map.nr - 1].type);
				map.nr--;       /* all but the new entry: the sanitized table */
				check_sanitized("memmap_add() on a full table");
				map.nr++;
				if (map.dropped == dropped)
					check_types("memmap_add() on a full table", want_added, &s);
			} else {
				FUZZ_CHECK(map.nr == nr + (len && !extends) && map.dropped == dropped,
					   "memmap_add() left %u entries, %u dropped", map.nr,
					   map.dropped);
				if (extends)
					FUZZ_CHECK(map.e[nr - 1].start == last_start &&
						   map.e[nr - 1].end == end,
						   "memmap_add(%#lx, %#lx) extended the last entry to "
						   "[%#lx, %#lx)", a, len, map.e[nr - 1].start,
						   map.e[nr - 1].end);
				else if (len)
					FUZZ_CHECK(map.e[nr].start == a && map.e[nr].end == end &&
						   map.e[nr].type == t,
						   "memmap_add(%#lx, %#lx) stored [%#lx, %#lx)", a, len,
						   map.e[nr].start, map.e[nr].end);
			}
			sanitized = sanitized && (!len || err);
			break;
		}
		case 1: {
			struct set_args s = { addr(&in), addr(&in), type(&in) };
			int err;

			snapshot();
			probe(s.start);
			probe(s.end);
			probe(s.start - 1);
			probe(s.end - 1);
			err = memmap_set(&map, s.start, s.end, s.type);
			FUZZ_CHECK(err == 0 || err == -ENOSPC, "memmap_set() returned %d", err);
			if (s.start >= s.end) {
				FUZZ_CHECK(!err && map.nr == before_nr &&
					   !memcmp(map.e, before, before_nr * sizeof(before[0])),
					   "memmap_set() of an empty range changed the map");
				break;
			}
			if (err) {
				FUZZ_CHECK(map.nr == before_nr && map.dropped == dropped &&
					   !memcmp(map.e, before, before_nr * sizeof(before[0])),
					   "memmap_set() failed but changed the map");
				break;
			}
			check_sanitized("memmap_set()");
			sanitized = true;
			if (map.dropped == dropped)
				check_types("memmap_set()", want_set, &s);
			break;
		}
		case 2: {
			struct set_args s = { .start = addr(&in), .type = type(&in) % 4 };

			snapshot();
			probe(s.start);
			probe(s.start - 1);
			memmap_remove_above(&map, s.start, s.type);
			if (sanitized)
				check_sanitized("memmap_remove_above()");
			check_types("memmap_remove_above()", want_removed, &s);
			break;
		}
		case 3:
			snapshot();
			memmap_sanitize(&map);
			check_sanitized("memmap_sanitize()");
			sanitized = true;
			if (map.dropped == dropped)
				check_types("memmap_sanitize()", want_same, NULL);
			break;
		case 4: {
			uint64_t a = addr(&in);
			unsigned int count = (op >> 3) + 1;

			for (unsigned int i = 0; i < count; i++)
				memmap_add(&map, a + 2 * i * PAGE_SIZE, PAGE_SIZE,
					   i & 1 ? MEMMAP_RESERVED : MEMMAP_USABLE);
			sanitized = false;
			break;
		}
		default:
			for (uint32_t t = 0; t < 8; t++) {
				uint64_t sum = 0;

				for (unsigned int i = 0; i < map.nr; i++)
					if (map.e[i].type == t)
						sum += map.e[i].end - map.e[i].start;
				FUZZ_CHECK(memmap_total(&map, t) == sum, "memmap_total(%u)", t);
			}
			break;
		}
		FUZZ_CHECK(map.nr <= MEMMAP_MAX, "%u entries", map.nr);
	}
	return 0;
}
