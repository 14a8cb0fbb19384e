/*
 * mm/memmap.h - the physical memory map: typed, half-open address ranges.
 *
 * The firmware's map (e820, or the UEFI map converted to e820 types) goes in
 * as it comes - unsorted, overlapping, with empty and unknown entries - and
 * memmap_sanitize() turns it into the map the rest of the kernel uses:
 * sorted, non-overlapping, neighbours of one type merged.  Where entries
 * overlap, the higher type number wins (reserved beats usable, as in
 * Linux's e820 sanitizer), so a firmware that lists RAM and a reservation
 * over it never yields RAM.  Types other than E820_USABLE are never RAM.
 *
 * Portable: plain structs, no firmware access; the host unit tests drive it.
 */
#ifndef MM_MEMMAP_H
#define MM_MEMMAP_H

#include "kernel/types.h"

#define MEMMAP_MAX      256

enum memmap_type {
	MEMMAP_USABLE = 1,
	MEMMAP_RESERVED = 2,
	MEMMAP_ACPI = 3,
	MEMMAP_NVS = 4,
	MEMMAP_UNUSABLE = 5,
	MEMMAP_PMEM = 7,
	MEMMAP_PRAM = 12,       /* legacy persistent memory */
};

struct memmap_entry {
	phys_addr_t start, end;         /* [start, end) */
	uint32_t type;
};

struct memmap {
	struct memmap_entry e[MEMMAP_MAX];
	unsigned int nr;
	unsigned int dropped;           /* entries lost for want of room */
};

/* Start an empty map. */
void memmap_init(struct memmap *m);

/**
 * memmap_add() - append a firmware entry, as it comes.
 * @start: first byte
 * @len:   length in bytes; an entry running past 2^64 is cut there
 * @type:  e820 type; unknown types are kept (and are not RAM)
 *
 * Empty entries are ignored; an entry that continues the last one with the
 * same type extends it.  When the table is full it is sanitized, which
 * may make room.  Call memmap_sanitize() after the last one.
 * Return: 0, or -ENOSPC (counted in m->dropped) when MEMMAP_MAX entries
 * remain even so.
 */
int memmap_add(struct memmap *m, phys_addr_t start, uint64_t len, uint32_t type);

/* Sort, resolve overlaps (highest type wins), merge neighbours of one type. */
void memmap_sanitize(struct memmap *m);

/**
 * memmap_set() - force [@start, @end) to @type, whatever was there (the
 * effect of memmap=nn$ss and of reserving page 0).  Keeps the map sanitized.
 * Return: 0, or -ENOSPC (the map unchanged) if the result does not fit.
 */
int memmap_set(struct memmap *m, phys_addr_t start, phys_addr_t end, uint32_t type);

/**
 * memmap_remove() - make [@start, @end) a hole in the entries of @type
 * (all types if 0), whatever else lies there.  Keeps the map sanitized.
 * Return: 0, or -ENOSPC (the map unchanged) if the result does not fit.
 */
int memmap_remove(struct memmap *m, phys_addr_t start, phys_addr_t end, uint32_t type);

/**
 * memmap_remove_above() - drop everything of @type (all types if 0) at or
 * above @limit, cutting an entry that straddles it (mem=, and the CPU's
 * physical address width).
 */
void memmap_remove_above(struct memmap *m, phys_addr_t limit, uint32_t type);

/* Bytes of @type in the map. */
uint64_t memmap_total(const struct memmap *m, uint32_t type);

/* The e820 name of a type, as Linux prints it ("usable", "ACPI NVS"...),
 * or NULL for an unknown type. */
const char *memmap_type_name(uint32_t type);

/* The e820 type Linux's EFI stub gives a UEFI memory descriptor
 * (type, attribute), for machines booted through UEFI. */
uint32_t memmap_efi_type(uint32_t efi_type, uint64_t attr);

#endif
