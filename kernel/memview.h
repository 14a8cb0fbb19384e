/*
 * kernel/memview.h - a picture of physical memory per node (kernel/memview.c).
 */
#ifndef KERNEL_MEMVIEW_H
#define KERNEL_MEMVIEW_H

#include "mm/numa.h"
#include "mm/page_alloc.h"

/* Draw one bar per node on the framebuffer console, if there is one. */
void memory_picture(const struct numa_topology *t, const struct page_alloc *pa);

#endif
