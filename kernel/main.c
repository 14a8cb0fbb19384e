/*
 * kernel/main.c - the boot, step by step.
 *
 * Each line is one stage; each stage takes plain structs from the stages
 * before it (README.md, "The boot").  boot/boot.asm calls kmain in long
 * mode, on the boot stack, with the boot page tables; stage 8 replaces
 * them with the kernel's own.
 */
#include "drivers/acpi/boot.h"
#include "drivers/serial.h"
#include "kernel/bootinfo.h"
#include "kernel/cpu.h"
#include "kernel/ktest.h"
#include "kernel/memory.h"
#include "kernel/mm_init.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "kernel/setup.h"
#include "kernel/topology.h"
#include "kernel/version.h"

void kmain(uint32_t magic, uint32_t info_phys);

void kmain(uint32_t magic, uint32_t info_phys)
{
	const struct boot_info *bi;
	const struct memmap *ram;
	const struct acpi_tables *acpi;
	const struct numa_topology *topology;
	bool ok = true;

	cpu_init();                             /* GDT, TSS, IDT, PAT: faults end in a report */
	serial_init();                          /*  1. consoles: COM1, and the */
	screen_init(boot_info_screen(magic, info_phys)); /* screen before any panic */
	pr_notice("%s\n", bootmem2_banner);
	bi = boot_info_init(magic, info_phys);  /*  2. copy GRUB's information */
	cmdline_setup(bi);                      /*  3. command line: options apply */
	crash_early_if_requested();             /*     crash=early: test the above */
	boot_info_print(bi);                    /*     loader, firmware, modules */
	ram = memmap_setup(bi);                 /*  4. memory map, sanitized */
	acpi = acpi_boot_init(bi);              /*  5. RSDP -> XSDT/RSDT -> tables */
	topology = topology_setup(ram, acpi);   /*  6. node ranges: SRAT x RAM */
	bootmem_boot_setup(bi, topology, acpi); /*  7. bootmem: register, set up */
	ok &= !ktest_run_suite(KTEST_SUITE_BOOTMEM); /* bootmem self-tests */
	paging_setup();                         /*  8. direct map, own page tables */
	ok &= page_alloc_setup();               /*  9. metadata, buddy; 10. hand-over */
	mm_report();                            /* 11. report */
	crash_if_requested();                   /*     crash=: test failure paths */
	ok &= !ktest_run_suite(KTEST_SUITE_KERNEL); /* self-tests */
	pr_notice("bootmem2: boot %s\n", ok ? "complete" : "FAILED");
	machine_stop(ok);                       /*     halt, or leave QEMU */
}
