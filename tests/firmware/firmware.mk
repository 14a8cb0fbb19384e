# tests/firmware/firmware.mk - real-firmware tests, included by the Makefile.
#
#   make firmware-test    decode every table of tests/data/firmware with the
#                         real ACPI parsers and NUMA code (built for the host
#                         under ASan/UBSan, as the unit tests are) and check
#                         the result against ACPICA's decoding and Linux's
#                         boot log of the same machine (tests/firmware/run.py)
#
# Needs BUILD, CC, PYTHON, HOST_CFLAGS, host_obj and RESULTS from the
# Makefile: include this after they are defined.

FIRMWARE_DECODE := $(BUILD)/tests/firmware/decode
FIRMWARE_OBJ := $(call host_obj,tests/firmware/decode.c tests/firmware/printk_host.c \
	drivers/acpi/tables.c drivers/acpi/srat.c drivers/acpi/slit.c \
	drivers/acpi/madt.c mm/memmap.c mm/numa.c)

.PHONY: firmware-test

$(FIRMWARE_DECODE): $(FIRMWARE_OBJ)
	@mkdir -p $(dir $@)
	$(call say,LINK,$@)$(CC) $(HOST_CFLAGS) $^ -o $@

firmware-test: $(FIRMWARE_DECODE)
	@$(PYTHON) tests/firmware/run.py --decode $(FIRMWARE_DECODE) --results $(RESULTS)/firmware
