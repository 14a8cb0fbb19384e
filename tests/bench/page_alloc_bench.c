/*
 * tests/bench/page_alloc_bench.c - how fast mm/page_alloc.c is, on
 * simulated memory.
 *
 * The vmemmap is an anonymous MAP_NORESERVE mapping indexed by page frame,
 * so a 64 GiB machine costs only the metadata the allocator touches.  Every
 * figure is the median of several repetitions, each on a fresh allocator
 * fed as bootmem_release() feeds it (naturally aligned blocks of up to
 * 1 GiB), timed with clock_gettime(CLOCK_MONOTONIC).
 *
 * What it prints: ns per alloc_pages_node() + __free_pages() pair at order
 * 0, 9 (2 MiB) and 18 (1 GiB), on a single node, and on a node that is
 * empty so that every allocation falls back to the next node of its
 * fallback order.
 *
 * A benchmark, not a test: it asserts nothing about time; it stops only if
 * an allocation that must succeed fails.
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
#include "mm/page_alloc.h"

#define REPS            7
#define PAIRS           20000   /* alloc+free pairs per repetition (order 0, 9) */
#define PAIRS_GIGANTIC  2000
#define NODE_GIB        32

int printk(const char *fmt, ...)
{
	(void)fmt;
	return 0;
}

void panic(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("page_alloc_bench: panic: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	abort();
}

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Two nodes of NODE_GIB each, from 4 GiB up (all ZONE_NORMAL):
 * node 0 [4G, 4G+32G), node 1 [4G+32G, 4G+64G).  With @node0_empty,
 * node 0's RAM is registered but never given to the allocator.
 */
static struct page_alloc *machine(bool node0_empty)
{
	static struct numa_topology t;
	static struct page_alloc pa;
	static struct page *vmemmap;
	static uint64_t *chunks;
	pfn_t base = SZ_4G >> PAGE_SHIFT, node = (uint64_t)NODE_GIB << (30 - PAGE_SHIFT);
	pfn_t end = base + 2 * node;

	if (!vmemmap) {
		vmemmap = mmap(NULL, end * sizeof(struct page), PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
		if (vmemmap == MAP_FAILED) {
			perror("mmap");
			exit(1);
		}
		chunks = calloc(DIV_ROUND_UP(end / VMEMMAP_CHUNK_PAGES, 64), 8);
	}
	memset(chunks, 0, DIV_ROUND_UP(end / VMEMMAP_CHUNK_PAGES, 64) * 8);
	memset(&t, 0, sizeof(t));
	t.nr_nodes = 2;
	t.range[0] = (struct node_range){ base, base + node, 0 };
	t.range[1] = (struct node_range){ base + node, end, 1 };
	t.nr_ranges = 2;
	for (int a = 0; a < 2; a++)
		for (int b = 0; b < 2; b++)
			t.distance[a][b] = a == b ? LOCAL_DISTANCE : REMOTE_DISTANCE;
	t.nr_cpus[0] = t.nr_cpus[1] = 1;
	page_alloc_init(&pa, &t, vmemmap, chunks);
	for (pfn_t p = node0_empty ? base + node : base; p < end; p += 1UL << MAX_ORDER)
		page_alloc_add_free(&pa, p, MAX_ORDER);
	return &pa;
}

/* Median ns per alloc+free pair of @order on node 0. */
static double pairs(bool fallback, unsigned int order, unsigned int n)
{
	double t[REPS];

	for (int r = 0; r < REPS; r++) {
		struct page_alloc *pa = machine(fallback);
		double t0 = now_ns();

		for (unsigned int i = 0; i < n; i++) {
			struct page *p = alloc_pages_node(pa, 0, 0, order);

			if (!p) {
				fprintf(stderr, "page_alloc_bench: order %u allocation failed\n", order);
				exit(1);
			}
			__free_pages(pa, p, order);
		}
		t[r] = (now_ns() - t0) / n;
	}
	qsort(t, REPS, sizeof(t[0]), cmp_double);
	return t[REPS / 2];
}

int main(void)
{
	static const unsigned int orders[] = { 0, 9, 18 };

	printf("page_alloc: ns per alloc_pages_node + __free_pages (median of %d runs), "
	       "two nodes of %d GiB\n", REPS, NODE_GIB);
	printf("  (memory starts as 1 GiB blocks: each pair splits one down to the order asked\n"
	       "   and merges it back - the worst case of the buddy system)\n");
	printf("  %-6s %14s %22s\n", "order", "own node", "fallback to node 1");
	for (unsigned int i = 0; i < ARRAY_SIZE(orders); i++) {
		unsigned int n = orders[i] == MAX_ORDER ? PAIRS_GIGANTIC : PAIRS;

		printf("  %-6u %14.1f %22.1f\n", orders[i], pairs(false, orders[i], n),
		       pairs(true, orders[i], n));
	}
	return 0;
}
