/*
 * mm/pgtable.c - build x86-64 page tables (Intel SDM vol. 3, 4.5).
 *
 * Levels: PML4 (bits 47-39 of the address), PDPT (38-30), PD (29-21),
 * PT (20-12).  A PDPT entry with PS maps 1 GiB, a PD entry with PS 2 MiB.
 */
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/panic.h"
#include "mm/pgtable.h"

#define LEVEL_SHIFT(l)  (12 + 9 * (l))          /* 0: PT ... 3: PML4 */
#define INDEX(va, l)    (((va) >> LEVEL_SHIFT(l)) & 511)

static uint64_t *table(const struct pgtable *pt, phys_addr_t pa)
{
	return pt->map(pa, PAGE_SIZE);
}

int pgtable_init(struct pgtable *pt, phys_addr_t (*alloc)(void *ctx, int nid),
		 void *(*map)(phys_addr_t, uint64_t), void *ctx, bool gbpages, bool nx, int nid)
{
	*pt = (struct pgtable){ .alloc = alloc, .map = map, .ctx = ctx,
				.gbpages = gbpages, .nx = nx };
	pt->root = alloc(ctx, nid);
	if (!pt->root)
		return -ENOMEM;
	pt->tables = 1;
	return 0;
}

/* The table an entry points to, made (zeroed by the allocator) if absent. */
static uint64_t *next_level(struct pgtable *pt, uint64_t *entry, int nid)
{
	phys_addr_t pa;

	if (*entry & PTE_PRESENT) {
		BUG_ON(*entry & PTE_HUGE);      /* already mapped by a large page */
		return table(pt, *entry & PTE_ADDR);
	}
	pa = pt->alloc(pt->ctx, nid);
	if (!pa)
		return NULL;
	pt->tables++;
	/* Upper levels allow everything; the leaf decides. */
	*entry = pa | PTE_PRESENT | PTE_WRITE;
	return table(pt, pa);
}

/* Canonical with 48-bit addresses: bits 63-47 all equal. */
static bool canonical(uintptr_t va)
{
	return (uintptr_t)((intptr_t)(va << 16) >> 16) == va;
}

int pgtable_map(struct pgtable *pt, uintptr_t va, phys_addr_t pa, uint64_t size,
		uint64_t prot, int nid)
{
	if (!size)
		return 0;
	BUG_ON(!IS_ALIGNED(va | pa | size, PAGE_SIZE));
	BUG_ON(va + size - 1 < va);                     /* past the top */
	BUG_ON(!canonical(va) || !canonical(va + size - 1) ||
	       (va >> 47) != ((va + size - 1) >> 47));  /* across the hole */
	BUG_ON(pa + size - 1 < pa || ((pa + size - 1) & ~(PTE_ADDR | (PAGE_SIZE - 1))));
	BUG_ON(prot & ~(PTE_WRITE | PTE_PWT | PTE_PCD | PTE_GLOBAL | PTE_NX));
	if (!pt->nx)
		prot &= ~PTE_NX;

	while (size) {
		/* The largest page that fits here: level 2 (1G), 1 (2M), 0 (4K). */
		int level = 0;
		uint64_t *t = table(pt, pt->root);

		for (int l = pt->gbpages ? 2 : 1; l > 0 && !level; l--) {
			uint64_t sz = 1ULL << LEVEL_SHIFT(l);

			if (IS_ALIGNED(va | pa, sz) && size >= sz)
				level = l;
		}
		for (int l = 3; l > level; l--) {
			t = next_level(pt, &t[INDEX(va, l)], nid);
			if (!t)
				return -ENOMEM;
		}
		BUG_ON(t[INDEX(va, level)] & PTE_PRESENT);
		t[INDEX(va, level)] = pa | prot | PTE_PRESENT | (level ? PTE_HUGE : 0);
		pt->mapped[level] += 1ULL << LEVEL_SHIFT(level);
		va += 1ULL << LEVEL_SHIFT(level);
		pa += 1ULL << LEVEL_SHIFT(level);
		size -= 1ULL << LEVEL_SHIFT(level);
	}
	return 0;
}

bool pgtable_lookup(const struct pgtable *pt, uintptr_t va, phys_addr_t *pa, uint64_t *flags)
{
	uint64_t *t = table(pt, pt->root);

	for (int l = 3; l >= 0; l--) {
		uint64_t e = t[INDEX(va, l)];

		if (!(e & PTE_PRESENT))
			return false;
		if (l == 0 || (e & PTE_HUGE)) {
			uint64_t off = va & ((1ULL << LEVEL_SHIFT(l)) - 1);

			*pa = (e & PTE_ADDR & ~((1ULL << LEVEL_SHIFT(l)) - 1)) + off;
			*flags = e & ~PTE_ADDR;
			return true;
		}
		t = table(pt, e & PTE_ADDR);
	}
	return false;
}
