/*
 * kernel/main.c - the boot, step by step.
 *
 * Each line is one stage; each stage takes plain structs from the stages
 * before it (../README.md, "The boot").  boot/boot.asm calls kmain in long
 * mode, on the boot stack, with the boot page tables.
 */
#include "drivers/acpi/boot.h"
#include "drivers/serial.h"
#include "kernel/bootinfo.h"
#include "kernel/ktest.h"
#include "kernel/memory.h"
#include "kernel/mm_init.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/setup.h"
#include "kernel/topology.h"
#include "kernel/trap.h"
#include "kernel/version.h"

void kmain(uint32_t magic, uint32_t info_phys);

void kmain(uint32_t magic, uint32_t info_phys)
{
	const struct boot_info *bi;
	const struct memmap *ram;
	const struct acpi_tables *acpi;
	const struct numa_topology *topology;
	bool ok = true;

	trap_init();                    /* exceptions panic with a register dump */
	serial_init();                  /* 1. first console: COM1 */
	pr_notice("%s\n", bootmem2_banner);
	bi = boot_info_init(magic, info_phys); /* 2. copy GRUB's information */
	cmdline_setup(bi);              /* 3. command line: options take effect */
	screen_init(bi);                /* 1b. screen console, replaying the log */
	boot_info_print(bi);            /*    loader, firmware, modules */
	ram = memmap_setup(bi);         /* 4. firmware memory map, sanitized */
	acpi = acpi_boot_init(bi);      /* 5. ACPI: RSDP -> XSDT/RSDT -> tables */
	topology = topology_setup(ram, acpi); /* 6. node ranges = SRAT x usable RAM */
	bootmem_boot_setup(bi, topology, acpi); /* 7. bootmem: ranges, setup, reserve */
	ok &= ktest_run_suite(KTEST_SUITE_BOOTMEM) == 0; /* bootmem self-tests */
	paging_setup();                 /* 8. direct map of all RAM; own page tables */
	ok &= page_alloc_setup();       /* 9-10. page metadata, buddy, hand-over */
	mm_report();                    /* 11. report */

	crash_if_requested();           /* crash=: test the failure paths */
	ok &= ktest_run_suite(KTEST_SUITE_KERNEL) == 0; /* self-tests */
	pr_notice("bootmem2: boot %s\n", ok ? "complete" : "FAILED");
	machine_stop(ok);
}
