/*
 * tests/unit/drivers/acpi/slit_test.c - slit_parse() on crafted SLITs.
 *
 * The SLIT (ACPI 6.5, 5.2.17) after its header: a u64 locality count N,
 * then N rows of N one-byte distances, row i holding i's distance to
 * every locality:
 *
 *   0        36        44                      44 + N*N
 *   +--------+---------+-----------------------+------------------
 *   | header | u64 N   | d(0,0) d(0,1) ... d(N-1,N-1) | (extra: ignored)
 *   +--------+---------+-----------------------+------------------
 *
 * Linux's validity rule, which slit.h adopts: d(i,i) == 10 and d(i,j) > 10
 * for i != j; anything else, or fewer than N*N distances, and the whole
 * table is ignored (dist_nr = 0: default distances).  Tables are parsed
 * from heap blocks of exactly their length.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "drivers/acpi/slit.h"
#include "kernel/errno.h"
#include "tests/unit/drivers/acpi/builder.h"
#include "tests/unit/stubs/stubs.h"

#define SLIT_FIXED      8       /* u64 number of localities */

struct fixture {
	struct tb b;
	struct numa_affinity a;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	stub_log_reset();
	alarm(10);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	alarm(0);
	free(*state);
	return 0;
}

/* A SLIT claiming @n localities, with the @nbytes distances given. */
static void slit_build(struct fixture *f, uint64_t n, const uint8_t *d, size_t nbytes)
{
	tb_begin(&f->b, "SLIT", 1, SLIT_FIXED);
	tb_put64(f->b.buf + TB_HEADER_LEN, n);
	if (nbytes)
		memcpy(tb_add(&f->b, nbytes), d, nbytes);
}

static int parse(struct fixture *f)
{
	uint8_t *t = tb_finish(&f->b);
	int rc = slit_parse(&f->a, t, f->b.len);

	free(t);
	return rc;
}

static void assert_matrix(const struct fixture *f, unsigned int n, const uint8_t *d)
{
	assert_int_equal(f->a.dist_nr, n);
	for (unsigned int i = 0; i < n; i++)
		for (unsigned int j = 0; j < n; j++)
			assert_int_equal(f->a.dist[i][j], d[i * n + j]);
}

/* Ignored: -EINVAL, a log line saying why, and no distances even where a
 * previous SLIT had left some. */
static void assert_ignored(struct fixture *f, int rc, const char *why)
{
	assert_int_equal(rc, -EINVAL);
	assert_int_equal(f->a.dist_nr, 0);
	assert_non_null(strstr(stub_log(), "ignored"));
	assert_non_null(strstr(stub_log(), why));
}

/* --- valid tables --------------------------------------------------------- */

/* HP DL165 G7: 4 localities, all remote distances 16. */
static void test_four_localities(void **state)
{
	struct fixture *f = *state;
	static const uint8_t d[] = {
		10, 16, 16, 16,
		16, 10, 16, 16,
		16, 16, 10, 16,
		16, 16, 16, 10,
	};

	slit_build(f, 4, d, sizeof(d));
	assert_int_equal(parse(f), 0);
	assert_matrix(f, 4, d);
}

/* Asymmetric distances are kept as given, row = from, column = to
 * (qemu72-q35-8node-asym: d(0,2) = 30, d(2,0) = 40). */
static void test_asymmetric(void **state)
{
	struct fixture *f = *state;
	static const uint8_t d[] = {
		10, 17, 30,
		19, 10, 22,
		40, 28, 10,
	};

	slit_build(f, 3, d, sizeof(d));
	assert_int_equal(parse(f), 0);
	assert_matrix(f, 3, d);
	assert_int_equal(f->a.dist[0][2], 30);
	assert_int_equal(f->a.dist[2][0], 40);
}

/* The smallest valid remote distance (11) and the largest byte (255,
 * "unreachable" in ACPI) are both above 10. */
static void test_remote_bounds(void **state)
{
	struct fixture *f = *state;
	static const uint8_t d[] = { 10, 11, 255, 10 };

	slit_build(f, 2, d, sizeof(d));
	assert_int_equal(parse(f), 0);
	assert_matrix(f, 2, d);
}

/* X299 boards: 1 locality in a 108-byte table (63 trailing zeros). */
static void test_longer_than_needed(void **state)
{
	struct fixture *f = *state;
	uint8_t d[64] = { 10 };

	slit_build(f, 1, d, sizeof(d));
	assert_int_equal(f->b.len, 108);
	assert_int_equal(parse(f), 0);
	assert_matrix(f, 1, d);
}

/* MAX_NUMNODES localities, the most the matrix holds. */
static void test_max_localities(void **state)
{
	struct fixture *f = *state;
	static uint8_t d[MAX_NUMNODES * MAX_NUMNODES];

	for (unsigned int i = 0; i < MAX_NUMNODES; i++)
		for (unsigned int j = 0; j < MAX_NUMNODES; j++)
			d[i * MAX_NUMNODES + j] = i == j ? 10 : (uint8_t)(11 + (i * 7 + j) % 200);
	slit_build(f, MAX_NUMNODES, d, sizeof(d));
	assert_int_equal(parse(f), 0);
	assert_matrix(f, MAX_NUMNODES, d);
}

/* The SRAT lists are not the SLIT parser's to touch. */
static void test_leaves_srat_lists_alone(void **state)
{
	struct fixture *f = *state;
	static const uint8_t d[] = { 10, 21, 21, 10 };

	f->a.mem_nr = 3;
	f->a.cpu_nr = 5;
	slit_build(f, 2, d, sizeof(d));
	assert_int_equal(parse(f), 0);
	assert_int_equal(f->a.mem_nr, 3);
	assert_int_equal(f->a.cpu_nr, 5);
}

/* --- invalid tables ------------------------------------------------------- */

/* Shorter than header + locality count: 0, 36 and 43 bytes. */
static void test_ignores_short_header(void **state)
{
	struct fixture *f = *state;
	static const size_t lens[] = { 0, TB_HEADER_LEN, TB_HEADER_LEN + SLIT_FIXED - 1 };

	for (size_t i = 0; i < sizeof(lens) / sizeof(lens[0]); i++) {
		slit_build(f, 1, (const uint8_t[]){ 10 }, 1);
		f->b.len = lens[i];
		f->a.dist_nr = 7;
		stub_log_reset();
		assert_ignored(f, parse(f), "shorter than its header");
	}
}

/* 3 localities need 9 distances; 8 given (the table ends right there). */
static void test_ignores_shorter_than_n_squared(void **state)
{
	struct fixture *f = *state;
	static const uint8_t d[] = { 10, 20, 20, 20, 10, 20, 20, 20 };

	f->a.dist_nr = 2;
	slit_build(f, 3, d, sizeof(d));
	assert_ignored(f, parse(f), "need 9 bytes");
}

/* No distances at all for 1 locality. */
static void test_ignores_missing_matrix(void **state)
{
	struct fixture *f = *state;

	slit_build(f, 1, NULL, 0);
	assert_ignored(f, parse(f), "need 1 bytes");
}

/* Locality counts 0, MAX_NUMNODES + 1, and counts whose square overflows
 * 64 bits (2^32, 2^64 - 1): ignored before any distance is read. */
static void test_ignores_bad_counts(void **state)
{
	struct fixture *f = *state;
	static const uint64_t counts[] = { 0, MAX_NUMNODES + 1, 1ULL << 32, UINT64_MAX };
	uint8_t d[16] = { 10 };

	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		slit_build(f, counts[i], d, sizeof(d));
		stub_log_reset();
		assert_ignored(f, parse(f), "localities");
	}
}

/* A local distance other than 10 (0, 9, 11, 20) on the diagonal. */
static void test_ignores_bad_diagonal(void **state)
{
	struct fixture *f = *state;
	static const uint8_t bad[] = { 0, 9, 11, 20 };

	for (size_t i = 0; i < sizeof(bad); i++) {
		uint8_t d[] = { 10, 20, 20, bad[i] };

		slit_build(f, 2, d, sizeof(d));
		stub_log_reset();
		assert_ignored(f, parse(f), "distance 1 -> 1");
	}
}

/* A remote distance of 10 or less (0, 1, 10) anywhere off the diagonal. */
static void test_ignores_small_remote(void **state)
{
	struct fixture *f = *state;
	static const uint8_t bad[] = { 0, 1, 10 };

	for (size_t i = 0; i < sizeof(bad); i++) {
		uint8_t d[] = {
			10, 20, 20,
			20, 10, 20,
			20, bad[i], 10,
		};

		slit_build(f, 3, d, sizeof(d));
		stub_log_reset();
		assert_ignored(f, parse(f), "distance 2 -> 1");
	}
}

#define TEST(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		TEST(test_four_localities),
		TEST(test_asymmetric),
		TEST(test_remote_bounds),
		TEST(test_longer_than_needed),
		TEST(test_max_localities),
		TEST(test_leaves_srat_lists_alone),
		TEST(test_ignores_short_header),
		TEST(test_ignores_shorter_than_n_squared),
		TEST(test_ignores_missing_matrix),
		TEST(test_ignores_bad_counts),
		TEST(test_ignores_bad_diagonal),
		TEST(test_ignores_small_remote),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
