# tests/fuzz/fuzz.mk - coverage-guided fuzzing of the code that reads
# firmware and boot loader data (libFuzzer, with ASan and UBSan).
#
# Needs BUILD, PYTHON, say, RESULTS and the $(BUILD)/.deps rule from the
# Makefile: include this after they are defined.  Needs clang and
# libclang-rt-14-dev (libFuzzer and the sanitizer runtimes for clang).
#
#   make fuzz-test      build every target into build/tests/fuzz/ and run
#                       each for a fixed number of inputs from a scratch copy
#                       of its corpus, with a fixed seed: 25-40 s on 2 cores.
#                       One line per target, then "fuzz: N passed, N failed";
#                       "N M" goes to $(RESULTS)/fuzz.
#   make fuzz T=srat    a long run of one target, FUZZ_SECONDS long (300 by
#                       default) on FUZZ_JOBS cores (2); new inputs are kept
#                       in build/tests/fuzz/corpus/srat/, a crash in
#                       build/tests/fuzz/crash/srat/.  For example:
#                         FUZZ_SECONDS=3600 make fuzz T=madt
#                       Replay a crash, with the kernel's log lines:
#                         FUZZ_VERBOSE=1 build/tests/fuzz/fuzz_madt <file>
#
# Targets: tests/fuzz/fuzz_<name>.c, each linked with the real source it
# covers, tests/fuzz/fuzz_stubs.c and kernel/strlcpy.c.  Seeds are in
# tests/fuzz/corpus/<name>/, made by tests/fuzz/make_seeds.py; never put a
# crashing input there (fuzz-test would fail on it every time).

FUZZ_CC := clang
FUZZ_DIR := $(BUILD)/tests/fuzz
FUZZ_SECONDS ?= 300
FUZZ_JOBS ?= 2

FUZZ_CFLAGS := -std=gnu11 -O1 -g -I. -DHOST_TEST
FUZZ_CFLAGS += -fsanitize=fuzzer-no-link,address,undefined  # coverage, memory and UB checks
FUZZ_CFLAGS += -fno-sanitize-recover=all    # any UB report is a crash libFuzzer keeps
FUZZ_CFLAGS += -fno-omit-frame-pointer      # readable stack traces
FUZZ_CFLAGS += -Wall -Wextra -Werror        # warnings are errors
FUZZ_CFLAGS += -MMD -MP                     # header dependencies into build/*.d
FUZZ_LDFLAGS := -fsanitize=fuzzer,address,undefined  # libFuzzer's main() and the runtimes

FUZZ_TARGETS := multiboot2 cmdline srat slit madt acpi_tables psf memmap

# What each target links besides its own file and the stubs.
FUZZ_SRC_multiboot2  := kernel/multiboot2.c
FUZZ_SRC_cmdline     := kernel/cmdline.c
FUZZ_SRC_srat        := drivers/acpi/srat.c mm/numa.c mm/memmap.c tests/fuzz/numa_check.c
FUZZ_SRC_slit        := drivers/acpi/slit.c mm/numa.c mm/memmap.c tests/fuzz/numa_check.c
FUZZ_SRC_madt        := drivers/acpi/madt.c
FUZZ_SRC_acpi_tables := drivers/acpi/tables.c
FUZZ_SRC_psf         := drivers/psf.c
FUZZ_SRC_memmap      := mm/memmap.c

# Inputs per target in fuzz-test, each about 5 s of one core; and the
# largest input the fuzzer makes up: room for a full table where it
# matters (NUMA_MEMBLK_MAX memory entries, MADT_CPU_MAX processors, a
# 64 x 64 SLIT).
FUZZ_RUNS_multiboot2  := 120000
FUZZ_RUNS_cmdline     := 60000
FUZZ_RUNS_srat        := 60000
FUZZ_RUNS_slit        := 12000
FUZZ_RUNS_madt        := 200000
FUZZ_RUNS_acpi_tables := 80000
FUZZ_RUNS_psf         := 40000
FUZZ_RUNS_memmap      := 5000
FUZZ_LEN_multiboot2   := 8192
FUZZ_LEN_cmdline      := 2048
FUZZ_LEN_srat         := 12288
FUZZ_LEN_slit         := 4352
FUZZ_LEN_madt         := 12288
FUZZ_LEN_acpi_tables  := 4096
FUZZ_LEN_psf          := 4096
FUZZ_LEN_memmap       := 2048

# Extra compiler flags of a target.  memmap's sweeps are quadratic, and
# comparison tracing in them made it crawl (300 inputs/s, against 1700
# without); its operands come from a table of boundary values anyway.
FUZZ_FLAGS_memmap := -fno-sanitize-coverage=trace-cmp

# Linked into every target: the stubs, and the kernel's own strlcpy
# (glibc 2.36 has none).
FUZZ_COMMON := tests/fuzz/fuzz_stubs.c kernel/strlcpy.c

FUZZ_BIN := $(FUZZ_TARGETS:%=$(FUZZ_DIR)/fuzz_%)
# Objects are per target (build/tests/fuzz/obj/<target>/...), so each may
# have its own flags.
FUZZ_OBJ = $(patsubst %.c,$(FUZZ_DIR)/obj/$(1)/%.o,tests/fuzz/fuzz_$(1).c \
	$(FUZZ_SRC_$(1)) $(FUZZ_COMMON))

.PHONY: fuzz-build fuzz-test fuzz

fuzz-build: $(FUZZ_BIN)

define FUZZ_RULES
$(FUZZ_DIR)/obj/$(1)/%.o: %.c | $(BUILD)/.deps
	@mkdir -p $$(dir $$@)
	$$(call say,FUZZCC,$$<)$(FUZZ_CC) $(FUZZ_CFLAGS) $(FUZZ_FLAGS_$(1)) -c $$< -o $$@

$(FUZZ_DIR)/fuzz_$(1): $(call FUZZ_OBJ,$(1))
	$$(call say,FUZZLD,$$@)$(FUZZ_CC) $(FUZZ_LDFLAGS) $$^ -o $$@
endef
$(foreach t,$(FUZZ_TARGETS),$(eval $(call FUZZ_RULES,$(t))))

fuzz-test: $(FUZZ_BIN)
	@mkdir -p $(RESULTS)
	@$(PYTHON) tests/fuzz/run.py --results $(RESULTS)/fuzz --scratch $(FUZZ_DIR)/scratch \
		$(foreach t,$(FUZZ_TARGETS),--target $(t) $(FUZZ_DIR)/fuzz_$(t) $(FUZZ_RUNS_$(t)) $(FUZZ_LEN_$(t)))

fuzz: $(if $(filter $(T),$(FUZZ_TARGETS)),$(FUZZ_DIR)/fuzz_$(T))
	@$(if $(filter $(T),$(FUZZ_TARGETS)),,echo "usage: make fuzz T=<target> [FUZZ_SECONDS=n]; targets: $(FUZZ_TARGETS)"; exit 1)
	@mkdir -p $(FUZZ_DIR)/corpus/$(T) $(FUZZ_DIR)/crash/$(T)
	$(FUZZ_DIR)/fuzz_$(T) -max_total_time=$(FUZZ_SECONDS) -fork=$(FUZZ_JOBS) \
		-max_len=$(FUZZ_LEN_$(T)) -timeout=20 -artifact_prefix=$(FUZZ_DIR)/crash/$(T)/ \
		$(FUZZ_DIR)/corpus/$(T) tests/fuzz/corpus/$(T)

-include $(sort $(patsubst %.o,%.d,$(foreach t,$(FUZZ_TARGETS),$(call FUZZ_OBJ,$(t)))))
