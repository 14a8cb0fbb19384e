/*
 * tests/unit/stubs/stubs.h - what the kernel provides that host unit tests
 * replace: printk (captured, printed only with STUB_VERBOSE=1 in the
 * environment), panic (a cmocka assertion failure, so expect_assert_failure
 * catches BUG_ON).  strlcpy comes from kernel/strlcpy.c.
 */
#ifndef TESTS_UNIT_STUBS_H
#define TESTS_UNIT_STUBS_H

#include <stddef.h>
#include <stdint.h>

/* Everything printk'd since the last stub_log_reset(), levels stripped. */
const char *stub_log(void);
void stub_log_reset(void);

/* The message of the last panic() (kept: cmocka prints it after the
 * panicking frame is gone, and tests check what it says). */
const char *stub_panic_message(void);

/* A small reproducible generator (splitmix64): a seed replays a trial. */
uint64_t stub_rnd(uint64_t *state);
uint64_t stub_rnd_below(uint64_t *state, uint64_t n);

/* The first seed of a randomized run: the environment variable TEST_SEED
 * if set, else @fallback, so that `make test` is repeatable. */
uint64_t stub_seed(uint64_t fallback);

#endif
