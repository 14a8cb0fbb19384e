/*
 * kernel/types.h - the kernel's basic types.
 *
 * Physical addresses, page frame numbers and virtual pointers are kept
 * apart by type: a phys_addr_t is never dereferenced; it becomes a pointer
 * only through phys_to_virt() (kernel/paging.h).
 *
 * Portable: included by kernel code and by the host unit tests alike.
 */
#ifndef KERNEL_TYPES_H
#define KERNEL_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t phys_addr_t;   /* a physical address */
typedef uint64_t pfn_t;         /* a physical page frame number */

#define PAGE_SHIFT      12
#define PAGE_SIZE       (1UL << PAGE_SHIFT)

#define PFN_DOWN(x)     ((pfn_t)((x) >> PAGE_SHIFT))
#define PFN_UP(x)       ((pfn_t)(((x) + PAGE_SIZE - 1) >> PAGE_SHIFT))
#define PFN_PHYS(x)     ((phys_addr_t)(x) << PAGE_SHIFT)

#define SZ_1K           0x400UL
#define SZ_1M           0x100000UL
#define SZ_2M           0x200000UL
#define SZ_1G           0x40000000UL
#define SZ_4G           0x100000000UL

#endif
