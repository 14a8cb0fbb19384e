/*
 * kernel/memview.c - a picture of physical memory, node by node, on the
 * screen: what a person at a real PC sees at the end of the boot.
 *
 * One bar per node spans the physical address space from 0 to the end of
 * RAM; each column covers an equal slice of it.  On a framebuffer, where
 * the node has RAM the column takes the node's colour, bright where the
 * page allocator holds it free and dark where it is in use; grey where the
 * node has no RAM (holes, other nodes).  Interleaved nodes show as
 * interleaved colours.  Every console also gets the same bars in text:
 * '#' mostly free, '=' mostly in use, '.' no RAM of the node.
 */
#define pr_fmt(fmt) fmt

#include "drivers/fbcon.h"
#include "kernel/memview.h"
#include "kernel/printk.h"
#include "kernel/string.h"

#define COLUMNS         FBCON_BAR_MAX   /* resolution; stretched to the screen */
#define HOLE_RGB        0x303030
#define TEXT_COLUMNS    64

static const uint32_t node_rgb[] = {
	0x4e9a06, 0x3465a4, 0xc4a000, 0xcc0000, 0x75507b, 0x06989a, 0xce5c00, 0xd3d7cf,
};

struct bar {
	uint64_t ram[COLUMNS], free[COLUMNS];   /* pages per column */
	pfn_t span;
	int nid;
};

/* Add pages [s, e) to the per-column counts @count. */
static void spread(struct bar *b, uint64_t *count, pfn_t s, pfn_t e)
{
	while (s < e) {
		/* Column c covers page frames [c * span / COLUMNS, ...). */
		uint32_t c = (uint32_t)MIN(s * COLUMNS / b->span, COLUMNS - 1);
		pfn_t col_end = DIV_ROUND_UP((pfn_t)(c + 1) * b->span, COLUMNS);
		pfn_t n = MIN(e, MAX(col_end, s + 1)) - s;

		count[c] += n;
		s += n;
	}
}

static uint32_t scale(uint32_t rgb, uint64_t num, uint64_t den)
{
	uint32_t out = 0;

	for (int shift = 0; shift < 24; shift += 8) {
		uint64_t ch = (rgb >> shift) & 0xff;

		out |= (uint32_t)(ch * (35 + 65 * num / den) / 100) << shift;
	}
	return out;
}

/* The colour of each column: the node's, by how much of it is free. */
static void colours(const struct bar *b, uint32_t *rgb)
{
	for (unsigned int c = 0; c < COLUMNS; c++)
		rgb[c] = !b->ram[c] ? HOLE_RGB :
			 scale(node_rgb[b->nid % ARRAY_SIZE(node_rgb)], b->free[c], b->ram[c]);
}

/* The bar in text: TEXT_COLUMNS characters, each summing COLUMNS/TEXT_COLUMNS. */
static void text_bar(const struct bar *b, char *out)
{
	const unsigned int k = COLUMNS / TEXT_COLUMNS;

	for (unsigned int i = 0; i < TEXT_COLUMNS; i++) {
		uint64_t ram = 0, free = 0;

		for (unsigned int c = i * k; c < (i + 1) * k; c++) {
			ram += b->ram[c];
			free += b->free[c];
		}
		out[i] = !ram ? '.' : 2 * free >= ram ? '#' : '=';
	}
	out[TEXT_COLUMNS] = '\0';
}

void memory_picture(const struct numa_topology *t, const struct page_alloc *pa)
{
	static struct bar b;
	static uint32_t rgb[COLUMNS];
	char label[16], text[TEXT_COLUMNS + 1];

	if (!t->nr_ranges)
		return;
	b.span = t->range[t->nr_ranges - 1].end;
	pr_info("Physical memory by node, 0 to %lu MiB ('#' free, '=' in use, '.' none):\n",
		PFN_PHYS(b.span) >> 20);
	for (unsigned int n = 0; n < t->nr_nodes; n++) {
		memset(b.ram, 0, sizeof(b.ram));
		memset(b.free, 0, sizeof(b.free));
		b.nid = (int)n;
		for (unsigned int i = 0; i < t->nr_ranges; i++)
			if (t->range[i].nid == (int)n)
				spread(&b, b.ram, t->range[i].start, t->range[i].end);
		for (int z = 0; z < MAX_NR_ZONES; z++)
			for (unsigned int o = 0; o < NR_ORDERS; o++)
				for (pfn_t p = pa->node[n].zones[z].area[o].head; p != PFN_NIL;
				     p = page_alloc_next_free(pa, p))
					spread(&b, b.free, p, p + (1ULL << o));
		text_bar(&b, text);
		pr_info("  node %2u |%s|\n", n, text);
		snprintf(label, sizeof(label), "node %2u ", n);
		colours(&b, rgb);
		fbcon_bar(label, rgb, COLUMNS);         /* the colour version, on a screen */
	}
}
