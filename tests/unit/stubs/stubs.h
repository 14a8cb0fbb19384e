/*
 * tests/unit/stubs/stubs.h - what the kernel provides that host unit tests
 * replace: printk (captured, printed only with STUB_VERBOSE=1 in the
 * environment), panic (a cmocka assertion failure, so expect_assert_failure
 * catches BUG_ON).  strlcpy comes from kernel/strlcpy.c.
 */
#ifndef TESTS_UNIT_STUBS_H
#define TESTS_UNIT_STUBS_H

#include <stddef.h>

/* Everything printk'd since the last stub_log_reset(), levels stripped. */
const char *stub_log(void);
void stub_log_reset(void);

#endif
