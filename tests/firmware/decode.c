/*
 * tests/firmware/decode.c - run the kernel's real ACPI parsers and NUMA
 * node-range builder on table files from real machines, on the host.
 *
 *   decode [--e820 MAP] [--phys-bits N] [--place ADDR=FILE]... [--root xsdt|rsdt]
 *          TABLE...
 *
 * For each TABLE (a binary ACPI table, header included, as acpidump and
 * QEMU give them) it prints a canonical decoding, one entry per line, each
 * line starting with "D ":
 *
 *   D table srat.dat sig=SRAT len=0x220 rev=2 checksum=ok oem="AMD   " ...
 *   D srat rc=0 rev=2 mem=6 cpu=16 dropped=0
 *   D srat mem start=0x0000000000100000 length=0x000000007ff00000 pxm=0 hotplug=0 nonvolatile=0
 *   D srat cpu apic=0x10 pxm=0
 *   D slit rc=0 localities=4
 *   D slit row 0: 10 16 16 16
 *   D madt rc=0 lapic=0xfee00000 flags=0x1 cpus=32 dropped=0
 *   D madt cpu apic=0x10 uid=0 enabled=1 online_capable=0 x2apic=0
 *
 * Every list is what the parser kept, in the parser's order (SRAT: the
 * enabled memory entries, then the enabled processor entries).
 *
 * With --e820 MAP (lines "start end type": a half-open range and an e820
 * type, numbers in C syntax), it then builds the memory map with
 * mm/memmap.c and the topology with mm/numa.c from the first SRAT and
 * SLIT given, exactly as kernel/topology.c does at boot (falling back to
 * one node when numa_build() refuses), and prints the kernel's boot log
 * lines after a "D boot log" line.
 *
 * With --place ADDR=FILE (repeated), it lays the files out in a fake
 * physical memory at those addresses, adds an RSDP and a root table
 * (--root, XSDT by default) listing them in order, and runs
 * acpi_rsdp_parse() and acpi_tables_load() over it, so the "ACPI: SRAT
 * 0x..." table lines can be compared with Linux's.
 *
 * The log goes to stdout through tests/firmware/printk_host.c.  Exit
 * status: 0, or 2 for a usage or file error (never for what the tables
 * hold: that is what the caller checks).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/acpi/acpi.h"
#include "drivers/acpi/madt.h"
#include "drivers/acpi/slit.h"
#include "drivers/acpi/srat.h"
#include "kernel/printk.h"
#include "mm/memmap.h"
#include "mm/numa.h"

#define MAX_PLACED      32
#define FAKE_RSDP_PA    0xe0000ul       /* where the BIOS would put it */
#define FAKE_ROOT_PA    0xe1000ul

/* A block of fake physical memory: [pa, pa + len) backed by buf. */
struct region {
	phys_addr_t pa;
	size_t len;
	uint8_t *buf;
};

static struct region regions[MAX_PLACED + 2];
static unsigned int nr_regions;

/* The kernel instances, as kernel/topology.c keeps them. */
static struct numa_affinity affinity;
static struct numa_topology topology;
static struct madt madt;
static struct memmap ram;
static struct acpi_tables tables;
static bool have_srat, have_slit;

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "decode: %s%s%s\n", what, arg ? ": " : "", arg ? arg : "");
	exit(2);
}

/* The whole file, in a heap block of exactly its size (ASan sees past it). */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die(strerror(errno), path);
	buf = malloc(n ? (size_t)n : 1);
	if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n)
		die("cannot read", path);
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static const char *basename_of(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static void decode_srat(const uint8_t *t, size_t len)
{
	/* Only the first SRAT feeds the topology, as in Linux and topology.c. */
	static struct numa_affinity scratch;
	struct numa_affinity *a = have_srat ? &scratch : &affinity;
	int rc = srat_parse(a, t, len);

	printf("D srat rc=%d rev=%u mem=%u cpu=%u dropped=%u\n", rc, t[8],
	       a->mem_nr, a->cpu_nr, a->dropped);
	for (unsigned int i = 0; i < a->mem_nr; i++) {
		const struct numa_memblk *m = &a->mem[i];

		printf("D srat mem start=0x%016lx length=0x%016lx pxm=%u hotplug=%d nonvolatile=%d\n",
		       m->start, m->end - m->start, m->pxm, m->hotplug, m->nonvolatile);
	}
	for (unsigned int i = 0; i < a->cpu_nr; i++)
		printf("D srat cpu apic=0x%x pxm=%u\n", a->cpu[i].apic_id, a->cpu[i].pxm);
	if (!have_srat && rc == 0)
		have_srat = true;
}

static void decode_slit(const uint8_t *t, size_t len)
{
	static struct numa_affinity scratch;
	struct numa_affinity *a = have_slit ? &scratch : &affinity;
	int rc = slit_parse(a, t, len);

	printf("D slit rc=%d localities=%u\n", rc, a->dist_nr);
	for (unsigned int i = 0; i < a->dist_nr; i++) {
		printf("D slit row %u:", i);
		for (unsigned int j = 0; j < a->dist_nr; j++)
			printf(" %u", a->dist[i][j]);
		printf("\n");
	}
	if (!have_slit && rc == 0)
		have_slit = true;
}

static void decode_madt(const uint8_t *t, size_t len)
{
	int rc = madt_parse(&madt, t, len);

	printf("D madt rc=%d lapic=0x%x flags=0x%x cpus=%u dropped=%u\n", rc,
	       madt.lapic_addr, madt.flags, madt.cpu_nr, madt.dropped);
	for (unsigned int i = 0; i < madt.cpu_nr; i++) {
		const struct madt_cpu *c = &madt.cpu[i];

		printf("D madt cpu apic=0x%x uid=%u enabled=%d online_capable=%d x2apic=%d\n",
		       c->apic_id, c->uid, c->enabled, c->online_capable, c->x2apic);
	}
}

/* Header, checksum, then the table's own decoding if we have a parser. */
static void decode_table(const char *path)
{
	struct acpi_header h = { 0 };   /* stays empty if the file is too short */
	size_t len;
	uint8_t *t = read_file(path, &len);
	int rc = acpi_header_parse(&h, t, len);

	printf("D table %s sig=%s len=0x%x rev=%u checksum=%s oem=\"%s\" oemtable=\"%s\" "
	       "oemrev=0x%08x creator=\"%s\" creatorrev=0x%08x rc=%d\n",
	       basename_of(path), h.signature, h.length, h.revision,
	       acpi_checksum(t, len) ? "bad" : "ok", h.oem_id, h.oem_table_id,
	       h.oem_revision, h.creator_id, h.creator_revision, rc);
	if (rc || h.length != len) {
		printf("D %s: header unusable or length %u != file size %zu: not decoded\n",
		       basename_of(path), rc ? 0 : h.length, len);
	} else if (!strcmp(h.signature, "SRAT")) {
		decode_srat(t, len);
	} else if (!strcmp(h.signature, "SLIT")) {
		decode_slit(t, len);
	} else if (!strcmp(h.signature, "APIC")) {
		decode_madt(t, len);
	} else {
		printf("D %s: no parser for %s\n", basename_of(path), h.signature);
	}
	free(t);
}

/* The memory map, as the firmware would hand it over. */
static void load_e820(const char *path)
{
	unsigned long long start, end;
	unsigned int type;
	char line[256];
	FILE *f = fopen(path, "r");

	if (!f)
		die(strerror(errno), path);
	memmap_init(&ram);
	while (fgets(line, sizeof(line), f)) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (sscanf(line, "%lli %lli %i", &start, &end, &type) != 3 || end < start)
			die("bad e820 line", line);
		if (memmap_add(&ram, start, end - start, type))
			die("e820 map longer than MEMMAP_MAX", path);
	}
	fclose(f);
	memmap_sanitize(&ram);
}

/* kernel/topology.c's NUMA_ACPI case, minus the table lookup. */
static void build_topology(unsigned int phys_bits)
{
	printf("D boot log\n");
	if (!have_srat) {
		pr_info("No NUMA configuration found\n");
		numa_single(&topology, &ram);
	} else if (numa_build(&topology, &ram, &affinity, phys_bits)) {
		pr_warn("NUMA: SRAT not used: falling back to a single node\n");
		numa_single(&topology, &ram);
	}
	numa_print(&topology);
}

static const void *fake_map(phys_addr_t pa, size_t len, void *ctx)
{
	(void)ctx;
	for (unsigned int i = 0; i < nr_regions; i++) {
		const struct region *r = &regions[i];

		if (pa >= r->pa && len <= r->len && pa - r->pa <= r->len - len)
			return r->buf + (pa - r->pa);
	}
	return NULL;
}

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static void put64(uint8_t *p, uint64_t v)
{
	put32(p, (uint32_t)v);
	put32(p + 4, (uint32_t)(v >> 32));
}

/* Make the 8-bit sum of [p, p + len) zero by adjusting p[at]. */
static void fix_checksum(uint8_t *p, size_t len, size_t at)
{
	p[at] = 0;
	p[at] = (uint8_t)-acpi_checksum(p, len);
}

static bool overlaps(phys_addr_t pa, size_t len)
{
	for (unsigned int i = 0; i < nr_regions; i++)
		if (pa < regions[i].pa + regions[i].len && regions[i].pa < pa + len)
			return true;
	return false;
}

/* An RSDP and a root table listing the placed tables, then the walk. */
static void load_placed(unsigned int nr_placed, bool xsdt)
{
	size_t esize = xsdt ? 8 : 4;
	size_t root_len = ACPI_HEADER_LEN + nr_placed * esize;
	uint8_t *rsdp = calloc(1, ACPI_RSDP_V2_LEN), *root = calloc(1, root_len);
	struct acpi_rsdp r;

	if (!rsdp || !root)
		die("out of memory", NULL);
	if (overlaps(FAKE_RSDP_PA, ACPI_RSDP_V2_LEN) || overlaps(FAKE_ROOT_PA, root_len))
		die("a placed table overlaps the fake RSDP or root table", NULL);
	memcpy(root, xsdt ? "XSDT" : "RSDT", 4);
	put32(root + 4, (uint32_t)root_len);
	root[8] = 1;
	memcpy(root + 10, "DECODE", 6);
	memcpy(root + 16, "FIRMWARE", 8);
	for (unsigned int i = 0; i < nr_placed; i++) {
		if (xsdt)
			put64(root + ACPI_HEADER_LEN + i * 8, regions[i].pa);
		else
			put32(root + ACPI_HEADER_LEN + i * 4, (uint32_t)regions[i].pa);
	}
	fix_checksum(root, root_len, 9);

	memcpy(rsdp, "RSD PTR ", 8);
	memcpy(rsdp + 9, "DECODE", 6);
	rsdp[15] = xsdt ? 2 : 0;
	put32(rsdp + 16, xsdt ? 0 : (uint32_t)FAKE_ROOT_PA);
	put32(rsdp + 20, ACPI_RSDP_V2_LEN);
	put64(rsdp + 24, xsdt ? FAKE_ROOT_PA : 0);
	fix_checksum(rsdp, ACPI_RSDP_V1_LEN, 8);
	fix_checksum(rsdp, ACPI_RSDP_V2_LEN, 32);

	regions[nr_regions++] = (struct region){ FAKE_RSDP_PA, ACPI_RSDP_V2_LEN, rsdp };
	regions[nr_regions++] = (struct region){ FAKE_ROOT_PA, root_len, root };

	printf("D table load\n");
	if (acpi_rsdp_parse(&r, fake_map(FAKE_RSDP_PA, ACPI_RSDP_V2_LEN, NULL),
			    xsdt ? ACPI_RSDP_V2_LEN : ACPI_RSDP_V1_LEN) ||
	    acpi_tables_load(&tables, &r, FAKE_RSDP_PA, fake_map, NULL)) {
		printf("D table load failed\n");
		return;
	}
	for (unsigned int i = 0; i < tables.nr; i++)
		printf("D loaded %s at 0x%lx valid=%d\n", tables.t[i].hdr.signature,
		       tables.t[i].phys, tables.t[i].valid);
}

static void usage(void)
{
	fprintf(stderr, "usage: decode [--e820 MAP] [--phys-bits N] [--place ADDR=FILE]... "
		"[--root xsdt|rsdt] TABLE...\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *e820 = NULL;
	unsigned int phys_bits = 52;    /* x86-64's architectural maximum */
	unsigned int nr_placed = 0;
	bool xsdt = true;
	int i;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *opt = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;

		if (!val)
			usage();
		i++;
		if (!strcmp(opt, "--e820")) {
			e820 = val;
		} else if (!strcmp(opt, "--phys-bits")) {
			phys_bits = (unsigned int)strtoul(val, NULL, 0);
		} else if (!strcmp(opt, "--root")) {
			if (strcmp(val, "xsdt") && strcmp(val, "rsdt"))
				usage();
			xsdt = !strcmp(val, "xsdt");
		} else if (!strcmp(opt, "--place")) {
			char *eq;
			struct region *r = &regions[nr_regions];
			phys_addr_t pa = strtoull(val, &eq, 0);

			if (*eq != '=' || nr_placed == MAX_PLACED)
				usage();
			r->buf = read_file(eq + 1, &r->len);
			if (overlaps(pa, r->len))
				die("placed tables overlap", val);
			r->pa = pa;
			nr_regions++;
			nr_placed++;
		} else {
			usage();
		}
	}
	if (i == argc && !nr_placed)
		usage();

	for (; i < argc; i++)
		decode_table(argv[i]);
	if (nr_placed)
		load_placed(nr_placed, xsdt);
	if (e820) {
		load_e820(e820);
		build_topology(phys_bits);
	}
	for (unsigned int k = 0; k < nr_regions; k++)
		free(regions[k].buf);
	return 0;
}
