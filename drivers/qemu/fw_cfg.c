/*
 * drivers/qemu/fw_cfg.c - read files from QEMU's fw_cfg, port I/O interface.
 *
 * Interface as QEMU documents it (docs/specs/fw_cfg.rst): write a 16-bit
 * selector to port 0x510, then read the item byte by byte from port 0x511.
 * Item 0x0000 holds the signature "QEMU"; item 0x0019 the file directory:
 * a big-endian u32 count, then per file { be32 size, be16 select,
 * u16 reserved, char name[56] }.
 *
 * The ports are touched only when CPUID says a hypervisor is present:
 * on real hardware 0x510 may belong to something else.
 */
#define pr_fmt(fmt) "fw_cfg: " fmt

#include "drivers/qemu/fw_cfg.h"
#include "kernel/compiler.h"
#include "kernel/errno.h"
#include "kernel/string.h"
#include "kernel/x86.h"

#define FW_CFG_PORT_SEL         0x510
#define FW_CFG_PORT_DATA        0x511
#define FW_CFG_SIGNATURE        0x0000
#define FW_CFG_FILE_DIR         0x0019
#define FW_CFG_NAME_LEN         56
#define CPUID_HYPERVISOR        (1u << 31)      /* leaf 1, ECX */

static void fw_cfg_select(uint16_t key)
{
	outw(FW_CFG_PORT_SEL, key);
}

static void fw_cfg_read(void *buf, size_t len)
{
	uint8_t *p = buf;

	while (len--)
		*p++ = inb(FW_CFG_PORT_DATA);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
}

bool fw_cfg_present(void)
{
	uint32_t a, b, c, d;
	char sig[4];

	cpuid(1, &a, &b, &c, &d);
	if (!(c & CPUID_HYPERVISOR))
		return false;
	fw_cfg_select(FW_CFG_SIGNATURE);
	fw_cfg_read(sig, sizeof(sig));
	return memcmp(sig, "QEMU", 4) == 0;
}

long fw_cfg_read_file(const char *name, char *buf, size_t size)
{
	uint8_t count[4];
	uint32_t n;

	if (!size || !fw_cfg_present())
		return -ENOENT;
	fw_cfg_select(FW_CFG_FILE_DIR);
	fw_cfg_read(count, sizeof(count));
	n = be32(count);
	for (uint32_t i = 0; i < n; i++) {
		uint8_t ent[8 + FW_CFG_NAME_LEN];
		uint32_t fsize;
		uint16_t sel;

		fw_cfg_read(ent, sizeof(ent));
		ent[sizeof(ent) - 1] = '\0';
		if (strcmp((const char *)ent + 8, name))
			continue;
		fsize = be32(ent);
		sel = (uint16_t)(ent[4] << 8 | ent[5]);
		fw_cfg_select(sel);
		fw_cfg_read(buf, MIN((size_t)fsize, size - 1));
		buf[MIN((size_t)fsize, size - 1)] = '\0';
		return fsize;
	}
	return -ENOENT;
}
