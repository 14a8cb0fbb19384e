#!/usr/bin/env python3
"""make bench: what booting costs as RAM grows, measured, not timed.

Boots the ISO with 1 GiB to 1 TiB of RAM under QEMU's -icount shift=0, where
the guest's TSC counts executed instructions: the kernel's "mm: TSC cycles"
line then gives the instructions each memory-management stage took, the same
on every run and every machine.  For each size it prints those counts, the
count per GiB (which must stay flat: metadata is initialized lazily and
bootmem hands over whole blocks), and QEMU's peak resident memory with
transparent huge pages disabled for it, so that each guest page the kernel
touches counts as 4 KiB: how much of the guest's RAM the kernel writes.

    python3 scripts/bench.py [--iso build/bootmem2.iso] [--sizes 1G,16G,256G,1T]
"""
import argparse
import ctypes
import os
import re
import subprocess
import sys

from qemu import Machine, parse_size

PR_SET_THP_DISABLE = 41


def no_thp():
    """In the child before exec: no transparent huge pages for QEMU."""
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_THP_DISABLE, 1, 0, 0, 0)


def boot(iso, size):
    # loglevel=6: no info lines, so console output (a framebuffer scrolls
    # a megabyte per line) does not drown the memory management's cost.
    m = Machine(iso=iso, mem=[size], numa=False, cpus=1, args="loglevel=6",
                extra=["-icount", "shift=0,sleep=off"])
    p = subprocess.Popen(m.command() + ["-serial", "stdio", "-monitor", "none"],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, preexec_fn=no_thp)
    text = p.stdout.read().decode(errors="replace")
    _, _, usage = os.wait4(p.pid, 0)    # reaps QEMU: its own peak RSS
    rss_kib = usage.ru_maxrss
    got = re.search(r"mm: TSC cycles: bootmem (\d+), paging (\d+), page_alloc (\d+), "
                    r"for (\d+) MiB of RAM; (\d+) chunks", text)
    if not got:
        sys.exit(f"bench: no 'mm: TSC cycles' line booting {size >> 30} GiB:\n{text[-2000:]}")
    return [int(x) for x in got.groups()], rss_kib


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--iso", default="build/bootmem2.iso")
    p.add_argument("--sizes", default="1G,4G,16G,64G,256G,1T")
    o = p.parse_args()
    print("Boot cost of memory management, in instructions (QEMU -icount), by RAM size;")
    print("'per added GiB' is the cost of each GiB beyond the first size: it must stay flat.")
    print(f"{'RAM':>6} {'bootmem':>11} {'paging':>11} {'page_alloc':>11} {'total':>11}"
          f" {'per added GiB':>14} {'chunks':>7} {'QEMU RSS':>9}")
    first = None
    for s in o.sizes.split(","):
        size = parse_size(s)
        (bm, pg, pa, mib, chunks), rss = boot(o.iso, size)
        total = bm + pg + pa
        if first is None:
            first = (total, mib)
            per = "-"
        else:
            per = str((total - first[0]) * 1024 // max(mib - first[1], 1))
        print(f"{s:>6} {bm:>11} {pg:>11} {pa:>11} {total:>11} {per:>14} {chunks:>7} {rss // 1024:>5} MiB",
              flush=True)


if __name__ == "__main__":
    main()
