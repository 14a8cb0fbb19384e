/*
 * kernel/setup.c - the kernel command line and the options of the core.
 *
 * The command line is GRUB's, followed by the text of the fw_cfg file
 * opt/bootmem2/cmdline when QEMU provides one: one ISO then serves every
 * test, and `make run ARGS=...` needs no rebuild.
 */
#define pr_fmt(fmt) fmt

#include "drivers/qemu/fw_cfg.h"
#include "kernel/cmdline.h"
#include "kernel/errno.h"
#include "kernel/printk.h"
#include "kernel/setup.h"
#include "kernel/string.h"

#define FW_CFG_CMDLINE  "opt/bootmem2/cmdline"

extern const struct kernel_param __kparams_start[], __kparams_end[];

static char saved_command_line[BOOT_CMDLINE_MAX];

static int set_loglevel(const char *val)
{
	uint64_t v;

	if (cmdline_uint(val, 15, &v))
		return -EINVAL;
	console_set_loglevel((int)v);
	return 0;
}
KERNEL_PARAM("loglevel", set_loglevel);

/* "debug" and "quiet" as in Linux: all messages, or only warnings up. */
static int set_debug(const char *val)
{
	if (val)
		return -EINVAL;
	console_set_loglevel(10);
	return 0;
}
KERNEL_PARAM("debug", set_debug);

static int set_quiet(const char *val)
{
	if (val)
		return -EINVAL;
	console_set_loglevel(4);
	return 0;
}
KERNEL_PARAM("quiet", set_quiet);

const char *cmdline_setup(const struct boot_info *bi)
{
	char extra[BOOT_CMDLINE_MAX], scratch[BOOT_CMDLINE_MAX];
	long n = fw_cfg_read_file(FW_CFG_CMDLINE, extra, sizeof(extra));
	size_t len;

	len = strlcpy(saved_command_line, bi->cmdline, sizeof(saved_command_line));
	if (n >= 0 && len + 1 < sizeof(saved_command_line)) {
		if (len)
			saved_command_line[len++] = ' ';
		saved_command_line[len] = '\0';
		len += strlcpy(saved_command_line + len, extra,
			       sizeof(saved_command_line) - len);
		if ((size_t)n >= sizeof(extra))
			len = sizeof(saved_command_line);       /* truncated */
	}
	if (len >= sizeof(saved_command_line))
		pr_warn("command line truncated to %zu bytes; raise BOOT_CMDLINE_MAX\n",
			sizeof(saved_command_line) - 1);

	memcpy(scratch, saved_command_line, sizeof(scratch));
	cmdline_parse(scratch, __kparams_start,
		      (size_t)(__kparams_end - __kparams_start));
	pr_notice("Command line: %s\n", saved_command_line);
	if (n >= 0)
		pr_info("Command line options from fw_cfg %s: %s\n",
			FW_CFG_CMDLINE, extra);
	return saved_command_line;
}
