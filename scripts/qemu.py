#!/usr/bin/env python3
"""Boot the bootmem2 ISO in QEMU: the one place that knows QEMU's options.

Used by `make run` (as a program) and by the boot tests (as a module), so a
topology a test boots can be booted by hand with the same options:

    python3 scripts/qemu.py --nodes 4 --mem 4G --firmware uefi --media usb \
        --args "selftest loglevel=8"

The kernel always gets `poweroff` through fw_cfg (file opt/bootmem2/cmdline),
so it ends the run through isa-debug-exit: QEMU exits with status 1 when
the boot and all self-tests passed, 3 when anything failed.
"""
import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field

OVMF = "/usr/share/qemu/OVMF.fd"
DEBUG_EXIT = "isa-debug-exit,iobase=0xf4,iosize=0x04"
EXIT_PASS, EXIT_FAIL = 1, 3      # (code << 1) | 1 for codes 0 and 1
LARGE_RAM = 1 << 40              # from here, RAM above 4 GiB starts at 1 TiB
BACKEND_FROM = 8 << 30           # from here, RAM is an unreserved memory backend
PCI_HOLE64 = 32 << 30            # QEMU's 64-bit PCI window above RAM (q35's default; pc's is smaller)
LARGE_RAM_PHYS_BITS = 44         # the least phys-bits given to a machine with LARGE_RAM


def parse_size(text):
    """'512M', '2G', '1T' or a plain number of MiB -> bytes."""
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    text = text.strip().upper()
    if text and text[-1] in units:
        return int(text[:-1]) * units[text[-1]]
    return int(text) << 20


def size_arg(nbytes):
    """Bytes -> the largest exact QEMU size suffix."""
    for suffix, shift in (("T", 40), ("G", 30), ("M", 20)):
        if nbytes % (1 << shift) == 0:
            return f"{nbytes >> shift}{suffix}"
    return f"{nbytes >> 10}K"


def large_ram_phys_bits(total):
    """Physical address bits for a machine with @total bytes of RAM, at
    least LARGE_RAM: its RAM above 4 GiB starts at 1 TiB and ends below
    1 TiB + @total, and QEMU puts its 64-bit PCI window above that; QEMU
    refuses to start when the CPU cannot address all of it.  At least
    LARGE_RAM_PHYS_BITS (44 bits: to just under 15 TiB of RAM), more when
    the RAM reaches further (16 TiB of RAM ends near 17 TiB: 45 bits)."""
    top = LARGE_RAM + total + PCI_HOLE64
    return max(LARGE_RAM_PHYS_BITS, (top - 1).bit_length())


@dataclass
class Machine:
    """A virtual machine to boot the ISO on."""
    iso: str = "build/bootmem2.iso"
    firmware: str = "bios"          # bios (SeaBIOS) | uefi (OVMF)
    machine: str = "q35"            # q35 | pc
    media: str = "cd"               # cd | usb
    mem: list = field(default_factory=lambda: [1 << 30, 1 << 30])  # bytes per node
    cpus: int = 4
    cpu_nodes: list = None          # node of each CPU; None: round-robin
    numa: bool = True               # False: no -numa at all (no SRAT)
    distances: dict = None          # {(a, b): d}; None: 10 local, 20 remote
    maxmem: int = 0                 # bytes: memory hotplug up to this (SRAT hotplug range)
    cpu: str = "qemu64"             # -cpu model; phys-bits are raised for huge RAM
    acpitables: list = field(default_factory=list)  # extra ACPI tables (-acpitable)
    args: str = ""                  # kernel options, through fw_cfg
    vga_text: bool = False          # BIOS: boot GRUB's VGA text mode entry
    grub_countdown: bool = False    # GRUB's menu countdown, as on a real PC
    qmp: str = None                 # a unix socket path for QMP (class QMP)
    poweroff: bool = True
    display: bool = False
    gdb: bool = False
    extra: list = field(default_factory=list)

    def command(self):
        total = sum(self.mem)
        mem = size_arg(total)
        if self.maxmem:
            mem += f",slots=2,maxmem={size_arg(self.maxmem)}"
        cpu = self.cpu
        if total >= LARGE_RAM and "phys-bits" not in cpu:
            # From 1 TiB of RAM QEMU puts the RAM above 4G at 1 TiB: beyond
            # qemu64's default 40 physical address bits.
            cpu += f",phys-bits={large_ram_phys_bits(total)}"
        cmd = ["qemu-system-x86_64", "-machine", self.machine, "-accel", "tcg",
               "-cpu", cpu, "-m", mem, "-smp", str(self.cpus),
               "-no-reboot", "-device", DEBUG_EXIT]
        if not self.numa and total >= BACKEND_FROM:
            # reserve=off: only the pages the guest touches cost host memory.
            cmd += ["-object", f"memory-backend-ram,id=m0,size={size_arg(total)},reserve=off",
                    "-machine", "memory-backend=m0"]
        for table in self.acpitables:
            cmd += ["-acpitable", f"file={table}"]
        if self.firmware == "uefi":
            cmd += ["-bios", OVMF]
        elif self.firmware != "bios":
            raise ValueError(f"firmware must be bios or uefi, not {self.firmware}")
        if self.numa:
            cmd += self._numa()
        if self.media == "cd":
            cmd += ["-drive", f"file={self.iso},media=cdrom,readonly=on,format=raw"]
        elif self.media == "usb":
            cmd += ["-device", "qemu-xhci,id=xhci",
                    "-drive", f"if=none,id=stick,file={self.iso},format=raw,readonly=on",
                    "-device", "usb-storage,bus=xhci.0,drive=stick,bootindex=0"]
        else:
            raise ValueError(f"media must be cd or usb, not {self.media}")
        args = " ".join(a for a in (self.args, "poweroff" if self.poweroff else "") if a)
        if args:
            cmd += ["-fw_cfg", "name=opt/bootmem2/cmdline,string=" + args.replace(",", ",,")]
        if self.vga_text:
            # iso/grub.cfg: boot its VGA text mode entry at once.
            cmd += ["-smbios", "type=11,value=bootmem2:text"]
        elif not self.grub_countdown:
            # iso/grub.cfg: boot at once, without a real PC's countdown.
            cmd += ["-smbios", "type=11,value=bootmem2:auto"]
        if not self.display:
            cmd += ["-display", "none"]
        if self.qmp:
            cmd += ["-qmp", f"unix:{self.qmp},server=on,wait=off"]
        if self.gdb:
            cmd += ["-s", "-S"]
        return cmd + self.extra

    def node_of_cpu(self):
        """The node of each CPU: as given, or dealt round-robin."""
        n = len(self.mem)
        return self.cpu_nodes or [c % n for c in range(self.cpus)]

    def _numa(self):
        n = len(self.mem)
        out = []
        cpu_node = self.node_of_cpu()
        for i, size in enumerate(self.mem):
            node = f"node,nodeid={i}"
            if size:            # a node without memory has no backend
                # reserve=off: only the pages the guest touches cost host memory.
                out += ["-object", f"memory-backend-ram,id=m{i},size={size_arg(size)},reserve=off"]
                node += f",memdev=m{i}"
            node += "".join(f",cpus={c}" for c in range(self.cpus) if cpu_node[c] == i)
            out += ["-numa", node]
        if n > 1:
            for a in range(n):
                for b in range(n):
                    if a != b:
                        d = (self.distances or {}).get((a, b), 20)
                        out += ["-numa", f"dist,src={a},dst={b},val={d}"]
        return out


class QMP:
    """A client of QEMU's JSON monitor on a unix socket (Machine.qmp), for
    the commands tests need: screendump, pmemsave, quit."""

    def __init__(self, path, timeout=10):
        deadline = time.monotonic() + timeout
        self.sock = socket.socket(socket.AF_UNIX)
        while True:
            try:
                self.sock.connect(path)
                break
            except (FileNotFoundError, ConnectionRefusedError):
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        self.sock.settimeout(timeout)
        self.reader = self.sock.makefile("r")
        self._reply()                       # the greeting
        self.execute("qmp_capabilities")

    def _reply(self):
        """The next reply, events skipped."""
        while True:
            line = self.reader.readline()
            if not line:
                raise ConnectionError("QMP: QEMU closed the connection")
            msg = json.loads(line)
            if "event" not in msg:
                return msg

    def execute(self, command, **arguments):
        """Run @command; return its result, or raise with QEMU's error."""
        msg = {"execute": command}
        if arguments:
            msg["arguments"] = arguments
        self.sock.sendall(json.dumps(msg).encode() + b"\n")
        reply = self._reply()
        if "error" in reply:
            raise RuntimeError(f"QMP {command}: {reply['error'].get('desc')}")
        return reply.get("return")

    def close(self):
        self.reader.close()
        self.sock.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--iso", default="build/bootmem2.iso")
    p.add_argument("--nodes", type=int, default=2, help="NUMA nodes (0: no NUMA, no SRAT)")
    p.add_argument("--mem", default="2G", help="total RAM, split evenly, or per node: 1G,3G")
    p.add_argument("--cpus", type=int, default=4)
    p.add_argument("--machine", default="q35", choices=["q35", "pc"])
    p.add_argument("--firmware", default="bios", choices=["bios", "uefi"])
    p.add_argument("--media", default="cd", choices=["cd", "usb"])
    p.add_argument("--args", default="", help="kernel command line options")
    p.add_argument("--vga-text", action="store_true", help="BIOS: VGA text mode instead of a framebuffer")
    p.add_argument("--display", action="store_true", help="open a window (needs $DISPLAY)")
    p.add_argument("--gdb", action="store_true", help="wait for gdb on :1234")
    p.add_argument("--print", action="store_true", help="print the QEMU command only")
    o = p.parse_args()

    if "," in o.mem:
        mem = [parse_size(s) for s in o.mem.split(",")]
    else:
        total, nodes = parse_size(o.mem), max(o.nodes, 1)
        mem = [total // nodes] * nodes
    m = Machine(iso=o.iso, firmware=o.firmware, machine=o.machine, media=o.media,
                mem=mem, cpus=o.cpus, numa=o.nodes > 0, args=o.args, vga_text=o.vga_text,
                display=o.display and bool(os.environ.get("DISPLAY")), gdb=o.gdb)
    cmd = m.command()
    if o.print:
        print(" ".join(cmd))
        return 0
    if not m.display:
        cmd += ["-serial", "mon:stdio"]     # Ctrl-A X quits
    else:
        cmd += ["-serial", "stdio"]
    print("+ " + " ".join(cmd), file=sys.stderr)
    if not shutil.which(cmd[0]):
        print("qemu-system-x86_64 not found: run scripts/deps.sh", file=sys.stderr)
        return 2
    rc = subprocess.call(cmd)
    if rc == EXIT_PASS:
        return 0
    if rc == EXIT_FAIL:
        print("bootmem2: the boot or a self-test failed (QEMU status 3)", file=sys.stderr)
        return 1
    print(f"bootmem2: QEMU ended with status {rc} (not through isa-debug-exit)", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
