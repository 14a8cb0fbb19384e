/*
 * drivers/qemu/fw_cfg.h - QEMU's firmware configuration device.
 *
 * QEMU passes named blobs to the guest through fw_cfg (-fw_cfg
 * name=opt/...,string=...).  The tests use it to hand the kernel extra
 * command line options without rebuilding the ISO.
 */
#ifndef DRIVERS_QEMU_FW_CFG_H
#define DRIVERS_QEMU_FW_CFG_H

#include "kernel/types.h"

/* True when running under a hypervisor that answers on the fw_cfg ports. */
bool fw_cfg_present(void);

/**
 * fw_cfg_read_file() - read a named fw_cfg file.
 * @name: e.g. "opt/bootmem2/cmdline"
 * @buf:  where to put it; always NUL-terminated
 * @size: size of @buf
 *
 * Return: the file's full size (it may exceed @size - 1: truncated),
 * or -ENOENT when there is no such file or no fw_cfg device.
 */
long fw_cfg_read_file(const char *name, char *buf, size_t size);

#endif
