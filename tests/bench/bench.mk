# tests/bench/bench.mk - host benchmarks, included by the top-level Makefile.
#
#   make bench      build the benchmarks and run them
#
# Built apart from the unit tests, into build/bench/: -O2 and no
# sanitizers, because they time the code, not the checkers.  They link the
# real source they measure, as the unit tests do, and provide the few
# kernel services it calls themselves (printk, panic).  A benchmark prints
# figures; it fails only if the code under it fails.

BENCH_CFLAGS := -std=gnu11 -O2 -g -I. -DHOST_TEST
BENCH_CFLAGS += -Wall -Wextra -Werror          # warnings are errors here too
BENCH_CFLAGS += -MMD -MP                       # header dependencies
BENCH_CFLAGS := $(strip $(BENCH_CFLAGS))
BENCH_OBJDIR := $(BUILD)/bench

# tests/bench/<name>.c becomes $(BUILD)/tests/bench/<name>, linked with
# the objects listed for it here.
BENCH_BIN := $(BUILD)/tests/bench/bootmem_bench $(BUILD)/tests/bench/page_alloc_bench
$(BUILD)/tests/bench/bootmem_bench: $(BENCH_OBJDIR)/mm/bootmem.o $(BENCH_OBJDIR)/kernel/bitmap.o
$(BUILD)/tests/bench/page_alloc_bench: $(BENCH_OBJDIR)/mm/page_alloc.o $(BENCH_OBJDIR)/mm/numa.o \
	$(BENCH_OBJDIR)/kernel/bitmap.o

$(BENCH_OBJDIR)/%.o: %.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(call say,BENCHCC,$<)$(CC) $(BENCH_CFLAGS) -c $< -o $@

$(BUILD)/tests/bench/%: $(BENCH_OBJDIR)/tests/bench/%.o
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(BENCH_CFLAGS) $(filter %.o,$^) -o $@

# `bench` only depends on bench-host, so that another fragment may give
# `bench` a recipe of its own (the QEMU boot benchmark) without a clash.
.PHONY: bench bench-host
bench: bench-host
bench-host: $(BENCH_BIN)
	@for b in $(BENCH_BIN); do $$b || exit 1; done

-include $(shell find $(BENCH_OBJDIR) -name '*.d' 2>/dev/null)
