/*
 * tests/bench/bootmem_bench.c - how fast mm/bootmem.c is, on simulated
 * physical memory.
 *
 * Physical memory is one anonymous MAP_NORESERVE mapping per layout, so a
 * 256 GiB node costs only the pages the allocator touches (its bitmap).
 * Allocations are BOOTMEM_RAW: what is timed is the allocator, not the
 * host's page faults on first touch.  Every figure is the median of
 * several repetitions, each on a fresh allocator, timed with
 * clock_gettime(CLOCK_MONOTONIC); allocations are timed in batches of 100,
 * 31 times, so that a preempted batch on a busy host does not move the
 * median.
 *
 * What it prints:
 *   - ns per small allocation (64 bytes; one page) after 10, 10^3 and 10^5
 *     earlier ones on a fresh 64 GiB node, and the ratio of the last to the
 *     first: a flat line means the search does not rescan what it handed
 *     out (the allocation hint at work);
 *   - ns per node-bound allocation on interleaved two-node layouts (the
 *     2008 thread's 8 GiB one, and 64 GiB in 256 ranges);
 *   - release time per GiB of RAM (ms/GiB) for 1, 16 and 256 GiB.
 *
 * A benchmark, not a test: it asserts nothing about time.  It stops only
 * if the allocator fails outright (an allocation that must fit does not).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "kernel/compiler.h"
#include "kernel/panic.h"
#include "kernel/printk.h"
#include "mm/bootmem.h"

#define M(x)            ((phys_addr_t)(x) * SZ_1M)
#define G(x)            ((phys_addr_t)(x) * SZ_1G)
#define REPS            31      /* repetitions of the allocation timings */
#define BATCH           100     /* allocations timed per repetition: few, so
				 * that "after 10" means after 10 */
#define RELEASE_REPS    7       /* repetitions of the release timings */
#define RELEASE_ORDER   18      /* what the kernel asks for: 1 GiB blocks */

/* --- what the kernel would provide ------------------------------------------ */

int printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

int vprintk(const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
	return 0;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("bootmem_bench: panic: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static void die(const char *what)
{
	fprintf(stderr, "bootmem_bench: %s\n", what);
	exit(1);
}

/* --- simulated memory ------------------------------------------------------- */

static uint8_t *mem;
static uint64_t mem_len;

static void *sim_map(phys_addr_t pa, uint64_t size)
{
	if (pa >= mem_len || size > mem_len - pa)
		die("map_fn outside simulated memory");
	return mem + pa;
}

struct range {
	phys_addr_t start, end;
	int nid;
};

/* A fresh allocator over @n ranges (physical [0, top) mapped), page 0
 * reserved as the kernel does. */
static struct bootmem *fresh(const struct range *r, unsigned int n, unsigned int nodes)
{
	struct bootmem *bm = calloc(1, sizeof(*bm));
	uint64_t top = 0;

	if (!bm)
		die("out of host memory");
	for (unsigned int i = 0; i < n; i++)
		top = MAX(top, r[i].end);
	mem_len = top;
	mem = mmap(NULL, top, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (mem == MAP_FAILED)
		die("mmap failed");
	bootmem_init(bm, sim_map, nodes, NULL);
	/* Page frame 0 is never RAM for bootmem: a range from 0 starts at 1. */
	for (unsigned int i = 0; i < n; i++)
		if (bootmem_add_range(bm, MAX(PFN_DOWN(r[i].start), 1), PFN_DOWN(r[i].end), r[i].nid))
			die("bootmem_add_range failed");
	if (bootmem_setup(bm))
		die("bootmem_setup failed");
	return bm;
}

static void retire(struct bootmem *bm)
{
	munmap(mem, mem_len);
	free(bm);
}

/* --- timing ----------------------------------------------------------------- */

static double now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, unsigned int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void must(phys_addr_t pa)
{
	if (!pa)
		die("an allocation that must fit did not");
}

/* --- small allocations ---------------------------------------------------- */

/* ns per allocation of @size after @prior of the same kind, on a fresh
 * 64 GiB node. */
static double small_after(uint64_t size, uint64_t align, uint64_t prior)
{
	static const struct range node[] = { { 0, G(64), 0 } };
	double t[REPS];

	for (unsigned int r = 0; r < REPS; r++) {
		struct bootmem *bm = fresh(node, 1, 1);
		double t0;

		for (uint64_t i = 0; i < prior; i++)
			must(bootmem_alloc_try_nid(bm, size, align, 0, 0, NUMA_ANY_NODE,
						   BOOTMEM_RAW));
		t0 = now_ns();
		for (unsigned int i = 0; i < BATCH; i++)
			must(bootmem_alloc_try_nid(bm, size, align, 0, 0, NUMA_ANY_NODE,
						   BOOTMEM_RAW));
		t[r] = (now_ns() - t0) / BATCH;
		retire(bm);
	}
	return median(t, REPS);
}

static void bench_small(void)
{
	static const struct {
		const char *what;
		uint64_t size, align;
	} kinds[] = {
		{ "64 B", 64, 0 },
		{ "1 page", PAGE_SIZE, PAGE_SIZE },
	};
	static const uint64_t priors[] = { 10, 1000, 100000 };

	printf("small allocations on a fresh 64 GiB node (BOOTMEM_RAW), ns each, median of %d x %d:\n",
	       REPS, BATCH);
	printf("  %-8s %12s %12s %12s %14s\n", "size", "after 10", "after 10^3", "after 10^5",
	       "10^5 / 10");
	for (unsigned int k = 0; k < ARRAY_SIZE(kinds); k++) {
		double ns[ARRAY_SIZE(priors)];

		for (unsigned int p = 0; p < ARRAY_SIZE(priors); p++)
			ns[p] = small_after(kinds[k].size, kinds[k].align, priors[p]);
		printf("  %-8s %12.1f %12.1f %12.1f %14.2f\n", kinds[k].what, ns[0], ns[1], ns[2],
		       ns[2] / ns[0]);
	}
}

/* --- node-bound allocations ------------------------------------------------- */

/* ns per one-page allocation bound to nodes 0 and 1 in turn, after 1000. */
static double node_bound(const struct range *r, unsigned int n, unsigned int flags)
{
	double t[REPS];

	for (unsigned int rep = 0; rep < REPS; rep++) {
		struct bootmem *bm = fresh(r, n, 2);
		double t0;

		for (unsigned int i = 0; i < 1000; i++)
			must(bootmem_alloc_try_nid(bm, PAGE_SIZE, PAGE_SIZE, 0, 0, (int)(i % 2),
						   flags | BOOTMEM_RAW));
		t0 = now_ns();
		for (unsigned int i = 0; i < BATCH; i++)
			must(bootmem_alloc_try_nid(bm, PAGE_SIZE, PAGE_SIZE, 0, 0, (int)(i % 2),
						   flags | BOOTMEM_RAW));
		t[rep] = (now_ns() - t0) / BATCH;
		retire(bm);
	}
	return median(t, REPS);
}

static void bench_node_bound(void)
{
	static const struct range thread[] = {
		{ 0, G(2), 0 }, { G(2), G(4), 1 }, { G(4), G(6), 0 }, { G(6), G(8), 1 },
	};
	static struct range many[256];

	for (unsigned int i = 0; i < ARRAY_SIZE(many); i++)
		many[i] = (struct range){ M(256) * i, M(256) * (i + 1), (int)(i % 2) };
	printf("node-bound one-page allocations, nodes 0 and 1 in turn, ns each:\n");
	printf("  %-36s %10s %10s\n", "layout", "exact", "preferred");
	printf("  %-36s %10.1f %10.1f\n", "8 GiB, 0-2G 4-6G | 2-4G 6-8G",
	       node_bound(thread, ARRAY_SIZE(thread), BOOTMEM_EXACT_NODE),
	       node_bound(thread, ARRAY_SIZE(thread), 0));
	printf("  %-36s %10.1f %10.1f\n", "64 GiB in 256 ranges of 256 MiB",
	       node_bound(many, ARRAY_SIZE(many), BOOTMEM_EXACT_NODE),
	       node_bound(many, ARRAY_SIZE(many), 0));
}

/* --- release ------------------------------------------------------------------ */

struct count {
	uint64_t pages, blocks;
};

static void give(void *ctx, pfn_t pfn, unsigned int order, int nid)
{
	struct count *c = ctx;

	(void)pfn;
	(void)nid;
	c->pages += 1ULL << order;
	c->blocks++;
}

/*
 * ms per GiB to release @gib GiB of one node after a boot's worth of
 * allocations (1000 of assorted sizes); with @every_other, every other
 * page of the first GiB taken as well (the worst case: one block a page).
 */
static void release(unsigned int gib, bool every_other)
{
	const struct range node[] = { { 0, G(gib), 0 } };
	double t[RELEASE_REPS];
	struct count c = { 0, 0 };
	unsigned int reps = gib >= 256 ? 5 : RELEASE_REPS;

	for (unsigned int r = 0; r < reps; r++) {
		struct bootmem *bm = fresh(node, 1, 1);
		double t0;

		for (unsigned int i = 0; i < 1000; i++)
			must(bootmem_alloc_try_nid(bm, 1 + (i * 2654435761u) % (64 * SZ_1K), 0, 0, 0,
						   NUMA_ANY_NODE, BOOTMEM_RAW));
		if (every_other)
			for (phys_addr_t pa = M(64); pa < G(1); pa += 2 * PAGE_SIZE)
				if (bootmem_reserve(bm, pa, PAGE_SIZE, 0))
					die("bootmem_reserve failed");
		c = (struct count){ 0, 0 };
		t0 = now_ns();
		if (bootmem_release(bm, RELEASE_ORDER, give, &c) != c.pages)
			die("bootmem_release miscounted");
		t[r] = (now_ns() - t0) / 1e6;
		retire(bm);
	}
	printf("  %6u GiB%-16s %10.3f ms %10.3f ms/GiB %10lu blocks\n", gib,
	       every_other ? ", 1/2 taken" : "", median(t, reps), median(t, reps) / gib,
	       c.blocks);
}

static void bench_release(void)
{
	printf("bootmem_release() (max_order %d, after 1000 allocations), median:\n",
	       RELEASE_ORDER);
	release(1, false);
	release(16, false);
	release(256, false);
	release(1, true);
}

int main(void)
{
	printf("bootmem_bench: mm/bootmem.c at -O2, no sanitizers; simulated memory\n");
	bench_small();
	bench_node_bound();
	bench_release();
	return 0;
}
