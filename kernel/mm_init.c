/*
 * kernel/mm_init.c - bring up the kernel's memory management, in order:
 *
 *   bootmem_boot_setup()  register node ranges, name what lies in RAM and
 *                         must survive, switch bootmem on
 *   paging_setup()        the kernel's own page tables: direct map of all
 *                         RAM (node-local tables), kernel image with its
 *                         attributes, kept device regions; switch to them
 *   page_alloc_setup()    struct page metadata (vmemmap, node-local) and
 *                         the per-node buddy allocators; bootmem hands
 *                         every free page over and retires
 *   mm_report()           where every page went, in Linux's shapes
 *
 * Options: bootmem_debug (trace every bootmem call), mm_poison (fill free
 * pages and not-yet-initialized metadata with a pattern, so code that only
 * works on zeroed RAM fails here as it would on a real machine).
 */
#define pr_fmt(fmt) fmt

#include "kernel/cmdline.h"
#include "kernel/cpu.h"
#include "kernel/errno.h"
#include "kernel/ktest.h"
#include "kernel/memview.h"
#include "kernel/mm_init.h"
#include "kernel/panic.h"
#include "kernel/paging.h"
#include "kernel/printk.h"
#include "kernel/string.h"
#include "kernel/x86.h"
#include "mm/pgtable.h"

#define POISON_BYTE     0x5a

/* page_alloc's end-of-list mark must name no page of RAM. */
_Static_assert(PFN_NIL >= NUMA_PFN_LIMIT, "PFN_NIL must lie beyond every page frame of RAM");

extern const char _kernel_phys_start[], _kernel_phys_end[];
extern const char _text[], _etext[], __rodata_start[], __rodata_end[];
extern const char __data_start[], _edata[], __bss_start[], __bss_end[];

static struct bootmem bootmem;
static struct pgtable kernel_pgtable;
static struct page_alloc page_alloc;
static const struct numa_topology *topo;
static bool bootmem_debug, mm_poison;

/* TSC cycles each stage took (instructions, under QEMU's -icount). */
static uint64_t cycles_bootmem, cycles_paging, cycles_page_alloc;

/* Pages set aside for a reason, for the accounting at the hand-over. */
static uint64_t pgtable_pages_before_buddy;
static uint64_t metadata_pages;

static int set_flag(bool *flag, const char *val)
{
	if (val)
		return -EINVAL;
	*flag = true;
	return 0;
}

static int set_bootmem_debug(const char *val)
{
	return set_flag(&bootmem_debug, val);
}
KERNEL_PARAM("bootmem_debug", set_bootmem_debug);

static int set_mm_poison(const char *val)
{
	return set_flag(&mm_poison, val);
}
KERNEL_PARAM("mm_poison", set_mm_poison);

/* Reach RAM that bootmem hands out: failing here is a kernel limit. */
static void *map_phys(phys_addr_t pa, uint64_t size)
{
	if (!early_map(pa, size))
		panic("cannot map [mem 0x%016lx-0x%016lx]: raise EARLY_PT_POOL or DIRECT_MAP_MAX",
		      pa, pa + size - 1);
	return phys_to_virt(pa);
}

/* --- bootmem -------------------------------------------------------------- */

/* Record a range that must survive, if it lies in RAM bootmem manages. */
static void reserve_early(phys_addr_t start, phys_addr_t end, const char *name)
{
	bool in_ram = false;

	for (unsigned int i = 0; i < topo->nr_ranges && !in_ram; i++)
		in_ram = PFN_PHYS(topo->range[i].start) < end && start < PFN_PHYS(topo->range[i].end);
	if (!in_ram)
		return;         /* firmware memory: never handed out anyway */
	if (bootmem_reserve_early(&bootmem, start, end, name))
		panic("bootmem: cannot record the early reservation of %s; raise BOOTMEM_MAX_EARLY_RESV",
		      name);
	pr_info("bootmem: reserve [mem 0x%016lx-0x%016lx] %s\n", start, end - 1, name);
}

struct bootmem *bootmem_boot_setup(const struct boot_info *bi,
				   const struct numa_topology *t,
				   const struct acpi_tables *acpi)
{
	struct bootmem *bm = &bootmem;
	uint64_t t0 = rdtsc();
	phys_addr_t ks, ke;

	topo = t;
	bootmem_init(bm, map_phys, t->nr_nodes, (const uint8_t (*)[MAX_NUMNODES])t->distance);
	bm->debug = bootmem_debug;
	for (unsigned int i = 0; i < t->nr_ranges; i++) {
		int err = bootmem_add_range(bm, t->range[i].start, t->range[i].end, t->range[i].nid);

		if (err)
			panic("bootmem: cannot register node %d range [mem 0x%016lx-0x%016lx]: error %d",
			      t->range[i].nid, PFN_PHYS(t->range[i].start),
			      PFN_PHYS(t->range[i].end) - 1, err);
	}

	/* As Linux since 5.13: the whole first MiB, which holds the BIOS data
	 * area, the EBDA and the BIOS's own memory, and which some firmware
	 * corrupts behind the kernel's back. */
	reserve_early(0, SZ_1M, "first 1 MiB (BIOS data, EBDA)");
	reserve_early((uintptr_t)_kernel_phys_start, (uintptr_t)_kernel_phys_end, "kernel image");
	reserve_early(bi->info_addr, bi->info_addr + bi->info_size, "multiboot2 information");
	for (unsigned int i = 0; i < bi->modules_nr; i++)
		reserve_early(bi->modules[i].start, bi->modules[i].end, "boot module");
	/* A framebuffer some firmware places in memory it calls usable. */
	for (unsigned int i = 0; paging_kept_region(i, &ks, &ke); i++)
		reserve_early(ks, ke, "framebuffer");
	if (acpi) {
		reserve_early(acpi->root.phys, acpi->root.phys + acpi->root.hdr.length, "ACPI root table");
		for (unsigned int i = 0; i < acpi->nr; i++)
			if (acpi->t[i].valid)
				reserve_early(acpi->t[i].phys, acpi->t[i].phys + acpi->t[i].hdr.length,
					      "ACPI table");
	}

	if (bootmem_setup(bm))
		panic("bootmem: no room for the bitmap: is there any usable RAM above 1 MiB?");
	bootmem_kernel = bm;
	bootmem_dump(bm);
	cycles_bootmem = rdtsc() - t0;
	return bm;
}

/* --- page tables ---------------------------------------------------------- */

/* Reach a page-table page: through the boot tables (extended as needed)
 * until the switch, through the direct map of RAM after it - not through
 * early_map(), which after the switch walks these very tables. */
static void *table_map(phys_addr_t pa, uint64_t size)
{
	return paging_switched() ? phys_to_virt(pa) : map_phys(pa, size);
}

/* A zeroed page for a page table, from bootmem while it is up, then from
 * the page allocator. */
static phys_addr_t alloc_table(void *ctx, int nid)
{
	(void)ctx;
	if (bootmem.up)
		return bootmem_alloc_try_nid(&bootmem, PAGE_SIZE, PAGE_SIZE, 0, 0,
					     nid == NUMA_NO_NODE ? NUMA_ANY_NODE : nid, 0);
	if (page_alloc.nr_nodes) {
		struct page *p = alloc_pages_node(&page_alloc, nid == NUMA_NO_NODE ? 0 : nid, 0, 0);

		if (p) {
			phys_addr_t pa = PFN_PHYS(page_to_pfn(&page_alloc, p));

			memset(phys_to_virt(pa), 0, PAGE_SIZE);
			return pa;
		}
	}
	return 0;
}

static void map_or_panic(uintptr_t va, phys_addr_t pa, uint64_t size, uint64_t prot,
			 int nid, const char *what)
{
	if (pgtable_map(&kernel_pgtable, va, pa, size, prot, nid))
		panic("paging: out of memory for the page tables of %s", what);
}

/* A section of the kernel image, at its linked address. */
static void map_kernel_section(const char *start, const char *end, uint64_t prot,
			       const char *what)
{
	uintptr_t s = ALIGN_DOWN((uintptr_t)start, PAGE_SIZE);
	uintptr_t e = ALIGN_UP((uintptr_t)end, PAGE_SIZE);

	if (s < e)
		map_or_panic(s, s - KERNEL_VMA, e - s, prot | PTE_GLOBAL, 0, what);
}

/* The kernel's data, except the guard page below each stack (kernel/cpu.c). */
static void map_kernel_data(void)
{
	const char *a = __data_start;
	uintptr_t guard;

	for (unsigned int i = 0; kstack_guard(i, &guard); i++) {
		map_kernel_section(a, (const char *)guard, PTE_WRITE | PTE_NX, "kernel data");
		a = (const char *)guard + PAGE_SIZE;
	}
	map_kernel_section(a, __bss_end, PTE_WRITE | PTE_NX, "kernel data");
}

void paging_setup(void)
{
	struct pgtable *pt = &kernel_pgtable;
	phys_addr_t ks, ke;
	uint64_t t0 = rdtsc();

	if (pgtable_init(pt, alloc_table, table_map, NULL, cpu_has_gbpages(), cpu_has_nx(), 0))
		panic("paging: no memory for a page table root");

	/* The direct map: all RAM, and only RAM, with tables on its node. */
	for (unsigned int i = 0; i < topo->nr_ranges; i++) {
		const struct node_range *r = &topo->range[i];

		if (PFN_PHYS(r->end) > DIRECT_MAP_MAX)
			panic("paging: RAM at [mem 0x%016lx-0x%016lx] lies beyond the direct map's %lu TiB; raise DIRECT_MAP_MAX",
			      PFN_PHYS(r->start), PFN_PHYS(r->end) - 1, DIRECT_MAP_MAX >> 40);
		map_or_panic((uintptr_t)phys_to_virt(PFN_PHYS(r->start)), PFN_PHYS(r->start),
			     PFN_PHYS(r->end - r->start), PTE_WRITE | PTE_NX | PTE_GLOBAL, r->nid,
			     "the direct map");
	}
	/* Device regions drivers keep (framebuffer, VGA text): the parts
	 * the direct map of RAM does not already cover. */
	for (unsigned int i = 0; paging_kept_region(i, &ks, &ke); i++) {
		for (phys_addr_t a = ks; a < ke;) {
			phys_addr_t b = a;

			while (b < ke && numa_pfn_to_nid(topo, PFN_DOWN(b)) == NUMA_NO_NODE)
				b += PAGE_SIZE;
			if (b > a)
				map_or_panic((uintptr_t)phys_to_virt(a), a, b - a,
					     PTE_WRITE | PTE_NX | PTE_GLOBAL | paging_kept_prot(i), 0,
					     "a device region");
			a = b + (b < ke ? PAGE_SIZE : 0);
		}
	}

	/* The kernel image, each part with its rights. */
	map_kernel_section(_text, _etext, 0, "kernel text");
	map_kernel_section(__rodata_start, __rodata_end, PTE_NX, "kernel rodata");
	map_kernel_data();

	paging_switch(pt);
	cycles_paging = rdtsc() - t0;
	pr_info("paging: direct map of %lu MiB at 0x%016lx (%lu MiB in 1G pages, %lu MiB in 2M, %lu KiB in 4K), %lu table pages; NX %s\n",
		(pt->mapped[0] + pt->mapped[1] + pt->mapped[2]) >> 20, PAGE_OFFSET,
		pt->mapped[2] >> 20, pt->mapped[1] >> 20, pt->mapped[0] >> 10, pt->tables,
		pt->nx ? "on" : "not supported");
}

/*
 * Every page of a kept device region carries its region's memory type,
 * except RAM inside it (direct-mapped write-back); the pages just outside
 * each region, where mapped, are write-back: no large page spans a device
 * and RAM.
 */
KTEST(paging_device_memory_types)
{
	const uint64_t type_bits = PTE_PWT | PTE_PCD;
	phys_addr_t ks, ke, pa;
	uint64_t flags = 0;

	for (unsigned int i = 0; paging_kept_region(i, &ks, &ke); i++) {
		for (phys_addr_t a = ks; a < ke; a += PAGE_SIZE) {
			bool ram = numa_pfn_to_nid(topo, PFN_DOWN(a)) != NUMA_NO_NODE;
			uint64_t want = ram ? 0 : paging_kept_prot(i);

			if (!pgtable_lookup(&kernel_pgtable, (uintptr_t)phys_to_virt(a), &pa, &flags) ||
			    (flags & type_bits) != want) {
				ktest_fail(t, __FILE__, __LINE__,
					   "[mem %#lx] of region %u: mapped %d, type bits %#lx, want %#lx",
					   a, i, pgtable_lookup(&kernel_pgtable, (uintptr_t)phys_to_virt(a),
								&pa, &flags), flags & type_bits, want);
				return;
			}
		}
		if (ks && pgtable_lookup(&kernel_pgtable, (uintptr_t)phys_to_virt(ks - PAGE_SIZE),
					 &pa, &flags))
			KEXPECT_EQ(t, flags & type_bits, 0);
		if (pgtable_lookup(&kernel_pgtable, (uintptr_t)phys_to_virt(ke), &pa, &flags))
			KEXPECT_EQ(t, flags & type_bits, 0);
	}
}

/* --- page metadata and the buddy allocators --------------------------------- */

/*
 * Back the vmemmap entries of every RAM page frame with pages of that
 * frame's node, in 2 MiB blocks mapped with 2 MiB pages (one block holds
 * the struct pages of 512 MiB of RAM).  A block that neighbouring ranges
 * share is backed once, on the node of the first range that needs it.
 */
static void vmemmap_setup(void)
{
	uint64_t done = 0;      /* vmemmap bytes backed so far */

	for (unsigned int i = 0; i < topo->nr_ranges; i++) {
		const struct node_range *r = &topo->range[i];
		uint64_t s = MAX(ALIGN_DOWN(r->start * sizeof(struct page), SZ_2M), done);
		uint64_t e = ALIGN_UP(r->end * sizeof(struct page), SZ_2M), s0 = s;
		/* Raw: the metadata is initialized lazily, chunk by chunk.  In
		 * one piece if the node has room: blocks taken one by one, with
		 * page tables between them, would leave a hole below each that
		 * every later top-down search walks past. */
		phys_addr_t all = s < e ? bootmem_alloc_try_nid(&bootmem, e - s, SZ_2M, 0, 0, r->nid,
								BOOTMEM_RAW | BOOTMEM_EXACT_NODE) : 0;

		for (; s < e; s += SZ_2M) {
			phys_addr_t pa = all ? all + (s - s0) :
				bootmem_alloc_try_nid(&bootmem, SZ_2M, SZ_2M, 0, 0, r->nid, BOOTMEM_RAW);

			if (!pa)
				panic("page metadata: no 2 MiB for node %d's struct pages", r->nid);
			if (bootmem_pfn_nid(&bootmem, PFN_DOWN(pa)) != r->nid)
				pr_warn("page metadata of node %d placed on node %d: no room there\n",
					r->nid, bootmem_pfn_nid(&bootmem, PFN_DOWN(pa)));
			if (mm_poison)
				memset(phys_to_virt(pa), POISON_BYTE, SZ_2M);
			map_or_panic(VMEMMAP_START + s, pa, SZ_2M, PTE_WRITE | PTE_NX | PTE_GLOBAL,
				     r->nid, "the page metadata");
			metadata_pages += SZ_2M >> PAGE_SHIFT;
		}
		done = MAX(done, e);
	}
}

/* bootmem_release()'s receiver: into the buddy allocator. */
static void give_block(void *ctx, pfn_t pfn, unsigned int order, int nid)
{
	(void)ctx;
	(void)nid;
	if (mm_poison)
		memset(phys_to_virt(PFN_PHYS(pfn)), POISON_BYTE, PAGE_SIZE << order);
	page_alloc_add_free(&page_alloc, pfn, order);
}

/* Pages of RAM the early reservations cover (their union). */
static uint64_t early_reserved_pages(void)
{
	struct node_range r[BOOTMEM_MAX_EARLY_RESV];
	unsigned int n = bootmem.nr_early;
	uint64_t pages = 0;

	for (unsigned int i = 0; i < n; i++)
		r[i] = (struct node_range){ PFN_DOWN(bootmem.early[i].start),
					    PFN_UP(bootmem.early[i].end), 0 };
	n = range_sort_merge(r, n);
	for (unsigned int i = 0; i < n; i++)
		pages += range_overlap(topo->range, topo->nr_ranges, r[i].start, r[i].end);
	return pages;
}

bool page_alloc_setup(void)
{
	uint64_t chunks = DIV_ROUND_UP(topo->range[topo->nr_ranges - 1].end, VMEMMAP_CHUNK_PAGES);
	uint64_t bitmap_bytes = ALIGN_UP(DIV_ROUND_UP(chunks, 64) * 8, PAGE_SIZE);
	uint64_t free_before, released, early_pages, ram = 0;
	phys_addr_t chunk_bits;
	bool ok = true;
	uint64_t t0 = rdtsc();

	vmemmap_setup();
	chunk_bits = bootmem_alloc_try_nid(&bootmem, bitmap_bytes, PAGE_SIZE, 0, 0,
					   NUMA_ANY_NODE, 0);
	if (!chunk_bits)
		panic("page metadata: no %lu bytes for the chunk bitmap", bitmap_bytes);
	metadata_pages += bitmap_bytes >> PAGE_SHIFT;
	page_alloc_init(&page_alloc, topo, (struct page *)VMEMMAP_START, phys_to_virt(chunk_bits));
	pr_info("page metadata: %lu KiB of struct pages (%zu bytes per page), node-local, initialized lazily\n",
		(metadata_pages << PAGE_SHIFT) >> 10, sizeof(struct page));

	/* The hand-over: everything bootmem holds free, then its bitmap. */
	pgtable_pages_before_buddy = kernel_pgtable.tables;
	early_pages = early_reserved_pages();
	free_before = bootmem_free_pages(&bootmem, NUMA_ANY_NODE) + (bootmem.map_bytes >> PAGE_SHIFT);
	released = bootmem_release(&bootmem, MAX_ORDER, give_block, NULL);
	pr_info("bootmem: released %lu pages (%lu MiB) to the page allocator and retired\n",
		released, released >> (20 - PAGE_SHIFT));

	/* Every page of RAM: free in the buddy allocator, or set aside for a
	 * named reason. */
	for (unsigned int i = 0; i < topo->nr_ranges; i++)
		ram += topo->range[i].end - topo->range[i].start;
	if (released != free_before ||
	    page_alloc_free_pages(&page_alloc, NUMA_NO_NODE, MAX_NR_ZONES) != released) {
		pr_err("hand-over: %lu pages released, %lu free before, %lu in the buddy allocator\n",
		       released, free_before, page_alloc_free_pages(&page_alloc, NUMA_NO_NODE, MAX_NR_ZONES));
		ok = false;
	}
	if (released + early_pages + pgtable_pages_before_buddy + metadata_pages != ram) {
		pr_err("hand-over: %lu pages of RAM, but %lu free + %lu early reservations + %lu page tables + %lu metadata = %lu\n",
		       ram, released, early_pages, pgtable_pages_before_buddy, metadata_pages,
		       released + early_pages + pgtable_pages_before_buddy + metadata_pages);
		ok = false;
	}
	if (page_alloc_check(&page_alloc))
		ok = false;
	cycles_page_alloc = rdtsc() - t0;
	if (ok)
		pr_info("hand-over: all %lu pages of RAM accounted for\n", ram);
	return ok;
}

void mm_report(void)
{
	uint64_t ram = 0, avail = page_alloc_free_pages(&page_alloc, NUMA_NO_NODE, MAX_NR_ZONES);
	uint64_t code = (uint64_t)(_etext - _text), rodata = (uint64_t)(__rodata_end - __rodata_start);
	uint64_t rwdata = (uint64_t)(_edata - __data_start), bss = (uint64_t)(__bss_end - __bss_start);

	for (unsigned int i = 0; i < topo->nr_ranges; i++)
		ram += topo->range[i].end - topo->range[i].start;
	page_alloc_print(&page_alloc);
	pr_info("Reserved: %luK kernel image and boot data, %luK page tables, %luK page metadata\n",
		early_reserved_pages() << 2, pgtable_pages_before_buddy << 2, metadata_pages << 2);
	/* Under QEMU's -icount the TSC counts instructions: make bench reads
	 * this line to show that the cost per GiB stays flat. */
	pr_notice("mm: TSC cycles: bootmem %lu, paging %lu, page_alloc %lu, for %lu MiB of RAM; %lu chunks of metadata initialized\n",
		cycles_bootmem, cycles_paging, cycles_page_alloc, ram >> (20 - PAGE_SHIFT),
		page_alloc_chunks_initialized(&page_alloc));
	pr_info("Memory: %luK/%luK available (%luK kernel code, %luK rwdata, %luK rodata, %luK init, %luK bss, %luK reserved, %luK cma-reserved)\n",
		avail << 2, ram << 2, code >> 10, rwdata >> 10, rodata >> 10, 0UL, bss >> 10,
		(ram - avail) << 2, 0UL);
	memory_picture(topo, &page_alloc);
}

struct page_alloc *page_alloc_kernel(void)
{
	return &page_alloc;
}


const struct numa_topology *mm_topology(void)
{
	return topo;
}
