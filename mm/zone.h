/*
 * mm/zone.h - the memory zones of x86-64, as Linux bounds them: DMA below
 * 16 MiB (ISA DMA), DMA32 below 4 GiB (32-bit devices), Normal above.
 */
#ifndef MM_ZONE_H
#define MM_ZONE_H

#include "kernel/types.h"

enum zone_type { ZONE_DMA, ZONE_DMA32, ZONE_NORMAL, MAX_NR_ZONES };

#define ZONE_DMA_END_PFN        ((16 * SZ_1M) >> PAGE_SHIFT)
#define ZONE_DMA32_END_PFN      (SZ_4G >> PAGE_SHIFT)

#endif
