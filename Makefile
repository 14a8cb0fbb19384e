# bootmem2 - build, run and test.
#
#   make            the kernel ELF and the ISO (build/bootmem2.iso)
#   make run        boot the ISO in QEMU: 2 NUMA nodes, serial on this terminal
#                   (NODES=, MEM=, CPUS=, MACHINE=q35|pc, FIRMWARE=bios|uefi,
#                    MEDIA=cd|usb, ARGS="kernel options")
#   make test       unit tests (cmocka, ASan/UBSan) and the QEMU boot matrix
#   make debug      QEMU halted at the first instruction, gdb attached, break at kmain
#   make format     clang-format the C sources
#   make compile_commands.json   for clangd
#
# Everything is built out of tree into build/.  Tools missing on a Debian
# machine are installed first by scripts/deps.sh.

BUILD   := build
KERNEL  := $(BUILD)/bootmem2.elf
ISO     := $(BUILD)/bootmem2.iso
FONTS   := $(BUILD)/fonts

# `make V=1` shows whole commands; by default one short line per step.
V ?= 0
ifeq ($(V),0)
Q := @
say = @printf '  %-6s %s\n' $(1) $(2);
else
Q :=
say :=
endif

CC      := gcc
NASM    := nasm
LD      := ld
PYTHON  := python3

# --- kernel ---------------------------------------------------------------

KERNEL_CFLAGS := -std=gnu11 -O2 -g -I.
KERNEL_CFLAGS += -ffreestanding             # no hosted C library behind us
KERNEL_CFLAGS += -fno-stack-protector       # no canary runtime to call
KERNEL_CFLAGS += -fno-pic -fno-pie          # absolute addresses: linked at one place
KERNEL_CFLAGS += -mcmodel=kernel            # code and data in the top 2 GiB
KERNEL_CFLAGS += -mno-red-zone              # exceptions push below RSP
KERNEL_CFLAGS += -mgeneral-regs-only        # no SSE/x87: their state is never set up
KERNEL_CFLAGS += -fno-asynchronous-unwind-tables  # no .eh_frame: nothing unwinds
KERNEL_CFLAGS += -fno-omit-frame-pointer    # frame chains for the debugger
KERNEL_CFLAGS += -Wall -Wextra -Werror      # warnings are errors
KERNEL_CFLAGS += -Wmissing-prototypes -Wstrict-prototypes -Wshadow
KERNEL_CFLAGS += -MMD -MP                   # header dependencies into build/*.d

KERNEL_LDFLAGS := -nostdlib -static -T linker.ld
KERNEL_LDFLAGS += -z max-page-size=0x1000   # 4 KiB segment alignment: a small image
KERNEL_LDFLAGS += -z noexecstack
KERNEL_LDFLAGS += --no-warn-rwx-segments    # the boot stub's segment is code and data
KERNEL_CFLAGS := $(strip $(KERNEL_CFLAGS))
KERNEL_LDFLAGS := $(strip $(KERNEL_LDFLAGS))

KERNEL_C := $(wildcard kernel/*.c mm/*.c drivers/*.c drivers/*/*.c)
KERNEL_ASM := $(wildcard boot/*.asm) drivers/font.asm
KERNEL_OBJ := $(KERNEL_ASM:%.asm=$(BUILD)/%.o) $(KERNEL_C:%.c=$(BUILD)/%.o)

.PHONY: all iso run debug test unit boot-test linux-test firmware-test bench format clean deps

all: iso

deps:
	@sh scripts/deps.sh

$(BUILD)/.deps: scripts/deps.sh
	@sh scripts/deps.sh
	@mkdir -p $(BUILD) && touch $@

$(FONTS)/.done: scripts/fonts.sh | $(BUILD)/.deps
	@sh scripts/fonts.sh $(FONTS)
	@touch $@

$(BUILD)/%.o: %.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(call say,CC,$<)$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/drivers/font.o: drivers/font.asm $(FONTS)/.done
	@mkdir -p $(dir $@)
	$(call say,NASM,$<)$(NASM) -f elf64 -I$(FONTS)/ $< -o $@

$(BUILD)/%.o: %.asm | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(call say,NASM,$<)$(NASM) -f elf64 -g -F dwarf -MD $(@:.o=.d) $< -o $@

$(KERNEL): $(KERNEL_OBJ) linker.ld
	$(call say,LD,$@)$(LD) $(KERNEL_LDFLAGS) $(KERNEL_OBJ) -o $@

# One hybrid image for BIOS and UEFI, CD and USB stick (grub-mkrescue
# writes El Torito and a GPT/MBR hybrid with an EFI system partition).
# Only the GRUB modules the boot needs; no locales, themes or fonts.
# --mbr-force-bootable (passed on to xorriso): the MBR gets an active
# entry, without which some BIOSes will not boot the stick; the GPT's
# protective entry stays as it is, so UEFI still reads the GPT.
GRUB_MODULES := multiboot2 normal all_video smbios test iso9660 fat part_msdos part_gpt part_apple \
	part_acorn part_amiga part_bsd part_dfly part_dvh part_plan part_sun part_sunpc
$(ISO): $(KERNEL) iso/grub.cfg Makefile
	@rm -rf $(BUILD)/iso && mkdir -p $(BUILD)/iso/boot/grub
	$(Q)cp iso/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	$(Q)cp $(KERNEL) $(BUILD)/iso/boot/bootmem2.elf
	$(call say,ISO,$@)grub-mkrescue -o $@ $(BUILD)/iso --compress=xz \
		--install-modules="$(GRUB_MODULES)" \
		--locales= --themes= --fonts= --mbr-force-bootable \
		2>$(BUILD)/grub-mkrescue.log || \
		{ cat $(BUILD)/grub-mkrescue.log; exit 1; }

iso: $(ISO)

# --- running --------------------------------------------------------------

# make run: the ISO in QEMU with the topology of scripts/qemu.py's defaults.
run: $(ISO)
	@[ -n "$$DISPLAY" ] && sh scripts/deps.sh gui || true
	$(PYTHON) scripts/qemu.py --iso $(ISO) \
		$(if $(NODES),--nodes $(NODES)) $(if $(MEM),--mem $(MEM)) \
		$(if $(CPUS),--cpus $(CPUS)) $(if $(MACHINE),--machine $(MACHINE)) \
		$(if $(FIRMWARE),--firmware $(FIRMWARE)) $(if $(MEDIA),--media $(MEDIA)) \
		--args "$(ARGS)" $(if $(DISPLAY),--display)

debug: $(ISO)
	$(PYTHON) scripts/qemu.py --iso $(ISO) --gdb --args "$(ARGS)" &
	gdb -q -x scripts/gdbinit $(KERNEL)

# --- tests ----------------------------------------------------------------

# Host builds (unit tests, the firmware decoder): every source compiled on
# its own into build/host/, under AddressSanitizer and UBSan, so -MMD
# records each one's headers.
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -I. -DHOST_TEST \
	-fsanitize=address,undefined -fno-sanitize-recover=all \
	-fno-omit-frame-pointer -MMD -MP
HOST_OBJDIR := $(BUILD)/host
host_obj = $(patsubst %.c,$(HOST_OBJDIR)/%.o,$(1))

$(HOST_OBJDIR)/%.o: %.c | $(BUILD)/.deps
	@mkdir -p $(dir $@)
	$(call say,HOSTCC,$<)$(CC) $(HOST_CFLAGS) $(EXTRA_CFLAGS) -c $< -o $@

# Unit tests: tests/unit/<dir>/<name>_test.c tests <dir>/<name>.c, linked
# with small stubs (tests/unit/stubs/).
UNIT_SRC := $(shell find tests/unit -name '*_test.c' | sort)
UNIT_BIN := $(UNIT_SRC:%.c=$(BUILD)/%)
UNIT_STUBS := $(call host_obj,tests/unit/stubs/stubs.c kernel/strlcpy.c)

# What a test needs beyond the source its name gives.
$(BUILD)/tests/unit/mm/numa_test: $(call host_obj,mm/memmap.c)
$(BUILD)/tests/unit/mm/page_alloc_test: $(call host_obj,mm/numa.c kernel/bitmap.c)
$(BUILD)/tests/unit/mm/bootmem_test: $(call host_obj,kernel/bitmap.c)
$(BUILD)/tests/unit/drivers/psf_test: $(FONTS)/.done
$(call host_obj,kernel/vsprintf.c tests/unit/kernel/vsprintf_test.c): \
	EXTRA_CFLAGS := -Dvsnprintf=kvsnprintf -Dsnprintf=ksnprintf
$(call host_obj,tests/unit/drivers/psf_test.c): EXTRA_CFLAGS := -DFONT_DIR='"$(FONTS)"'

# The model-based test of bootmem is named for what it does, not a file.
$(BUILD)/tests/unit/mm/bootmem_model_test: $(call host_obj,tests/unit/mm/bootmem_model_test.c mm/bootmem.c kernel/bitmap.c) $(UNIT_STUBS)
	$(link_unit)

define link_unit
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(HOST_CFLAGS) $(filter %.o,$^) -o $@ -lcmocka
endef

.SECONDEXPANSION:
$(BUILD)/tests/unit/%_test: $(HOST_OBJDIR)/tests/unit/%_test.o $(HOST_OBJDIR)/$$*.o $(UNIT_STUBS)
	$(link_unit)

# Keep the objects: they are intermediate files of the rules above.
.SECONDARY:

RESULTS := $(BUILD)/results

include tests/firmware/firmware.mk
include tests/fuzz/fuzz.mk
include tests/bench/bench.mk

unit: $(UNIT_BIN)
	@$(PYTHON) tests/unit/run.py $(UNIT_BIN)

boot-test: $(ISO)
	@$(PYTHON) tests/boot/run.py --iso $(ISO)

# Debian's Linux booted on the same virtual machines: node ranges must agree.
linux-test: $(ISO)
	@$(PYTHON) tests/linux/run.py --iso $(ISO)

# Every suite runs even when an earlier one fails; the closing line counts all.
test: $(UNIT_BIN) $(FIRMWARE_DECODE) $(FUZZ_BIN) $(ISO)
	@rm -rf $(RESULTS)
	@$(PYTHON) tests/unit/run.py --results $(RESULTS)/unit $(UNIT_BIN); \
	$(PYTHON) tests/loc.py --results $(RESULTS)/loc; \
	$(PYTHON) tests/firmware/run.py --decode $(FIRMWARE_DECODE) --results $(RESULTS)/firmware; \
	$(MAKE) --no-print-directory fuzz-test; \
	$(PYTHON) tests/boot/run.py --iso $(ISO) --results $(RESULTS)/boot; \
	$(PYTHON) tests/linux/run.py --iso $(ISO) --results $(RESULTS)/linux; \
	$(PYTHON) tests/summary.py $(RESULTS)/unit $(RESULTS)/loc $(RESULTS)/firmware $(RESULTS)/fuzz \
		$(RESULTS)/boot $(RESULTS)/linux

# --- benchmarks (not tests: nothing here passes or fails) --------------------

# Boot cost per GiB of RAM from 1 GiB to 1 TiB, in instructions (QEMU -icount).
bench: $(ISO)
	@$(PYTHON) scripts/bench.py --iso $(ISO)

# --- housekeeping ---------------------------------------------------------

format:
	clang-format -i $(KERNEL_C) $(wildcard kernel/*.h mm/*.h drivers/*.h drivers/*/*.h) \
		$(shell find tests/unit -name '*.c')

compile_commands.json:
	$(PYTHON) scripts/compile_commands.py "$(CC) $(KERNEL_CFLAGS)" $(KERNEL_C) > $@

clean:
	rm -rf $(BUILD)

-include $(KERNEL_OBJ:.o=.d) $(shell find $(HOST_OBJDIR) -name '*.d' 2>/dev/null)
