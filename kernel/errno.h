/*
 * kernel/errno.h - error numbers, with Linux's values.  Kernel functions
 * return 0 or a negative error number.
 */
#ifndef KERNEL_ERRNO_H
#define KERNEL_ERRNO_H

#define ENOENT          2
#define E2BIG           7
#define ENOMEM          12
#define EBUSY           16
#define EEXIST          17
#define EINVAL          22
#define ENOSPC          28
#define ERANGE          34
#define ENODEV          19

#endif
