#!/usr/bin/env python3
"""Linux as the oracle: boot Debian's own kernel on the same virtual
machines as bootmem2 and compare how both read the same firmware.

For every boot case marked oracle=True (tests/boot/cases.py; QEMU-made
topologies, SeaBIOS), this boots bootmem2's ISO and an ISO of Debian's
Linux built the same way (GRUB, from CD: SeaBIOS's e820 differs by a page
between -kernel and a CD boot), then compares, line for line:

  - the BIOS-e820 map (Linux prints it sorted and merged, as we do),
  - the SRAT lines ("SRAT: PXM p -> APIC a -> Node n", "ACPI: SRAT: Node ..."),
  - the "Early memory node ranges" block and the "Initmem setup node" lines,
  - the "Zone ranges" (but for Linux's "Device" zone, which we do not have),
  - the page allocator's "Fallback order for Node N" lines.

Linux comes from the package linux-image-amd64 depends on, fetched with
apt-get download and unpacked into build/linux/ (never committed).  Where
it cannot be had, every case is reported as skipped, with the reason.

    python3 tests/linux/run.py [-k PATTERN] [-j N] [--results FILE]
"""
import argparse
import concurrent.futures
import copy
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests" / "boot"))
sys.path.insert(0, str(ROOT / "tests"))

import cases  # noqa: E402
from results import report  # noqa: E402

LINUX_CMDLINE = "console=ttyS0,115200 loglevel=8 ignore_loglevel panic=-1"
TIMEOUT = 240


def fetch_linux(workdir):
    """Debian's vmlinuz in @workdir, downloaded if need be; (path, None) or
    (None, why not)."""
    have = sorted(workdir.glob("boot/vmlinuz-*"))
    if have:
        return have[-1], None
    workdir.mkdir(parents=True, exist_ok=True)
    dep = subprocess.run(["apt-cache", "depends", "linux-image-amd64"], capture_output=True, text=True)
    pkg = re.search(r"Depends: (linux-image-\d\S*)", dep.stdout)
    if not pkg:
        subprocess.run(["apt-get", "update", "-q"], capture_output=True)
        dep = subprocess.run(["apt-cache", "depends", "linux-image-amd64"], capture_output=True, text=True)
        pkg = re.search(r"Depends: (linux-image-\d\S*)", dep.stdout)
    if not pkg:
        return None, "apt-cache knows no linux-image-amd64"
    r = subprocess.run(["apt-get", "download", pkg.group(1)], cwd=workdir, capture_output=True, text=True)
    debs = sorted(workdir.glob(f"{pkg.group(1)}_*.deb"))
    if r.returncode or not debs:
        return None, f"apt-get download {pkg.group(1)} failed: {r.stderr.strip()[-200:]}"
    tar = subprocess.run(f"dpkg-deb --fsys-tarfile {debs[-1]} | tar -x -C {workdir} ./boot/",
                         shell=True, capture_output=True, text=True)
    debs[-1].unlink()
    have = sorted(workdir.glob("boot/vmlinuz-*"))
    return (have[-1], None) if have else (None, f"no vmlinuz in the package: {tar.stderr[-200:]}")


def build_iso(vmlinuz, workdir):
    """A GRUB ISO booting @vmlinuz, made like bootmem2's."""
    iso = workdir / "linux.iso"
    if iso.exists() and iso.stat().st_mtime > vmlinuz.stat().st_mtime:
        return iso
    tree = workdir / "iso"
    shutil.rmtree(tree, ignore_errors=True)
    (tree / "boot/grub").mkdir(parents=True)
    shutil.copy(vmlinuz, tree / "boot/vmlinuz")
    (tree / "boot/grub/grub.cfg").write_text(
        "set timeout=0\nmenuentry linux {\n"
        f"\tlinux /boot/vmlinuz {LINUX_CMDLINE}\n\tboot\n}}\n")
    subprocess.run(["grub-mkrescue", "-o", str(iso), str(tree), "--compress=xz",
                    "--install-modules=linux normal iso9660 part_msdos part_gpt",
                    "--locales=", "--themes=", "--fonts="], check=True, capture_output=True)
    return iso


def serial_log(machine, log):
    cmd = machine.command() + ["-serial", f"file:{log}", "-monitor", "none"]
    try:
        subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        pass
    text = log.read_text(errors="replace") if log.exists() else ""
    return re.sub(r"^\[ *\d+\.\d+\] ", "", text.replace("\r\n", "\n"), flags=re.M)


def extract(text):
    """The lines both kernels print, by section."""
    def lines(pattern):
        return re.findall(pattern, text, re.M)
    zones = re.search(r"^Zone ranges:\n((?:  \S.*\n)*)", text, re.M)
    nodes = re.search(r"^Early memory node ranges\n((?:  node .*\n)*)", text, re.M)
    return {
        "e820": lines(r"^BIOS-e820: .*$"),
        "srat-cpu": lines(r"^SRAT: PXM \d+ -> APIC .*$"),
        "srat-mem": lines(r"^ACPI: SRAT: Node .*$"),
        "zones": [z for z in (zones.group(1).splitlines() if zones else []) if not z.startswith("  Device")],
        "node-ranges": nodes.group(1).splitlines() if nodes else [],
        "initmem": lines(r"^Initmem setup node .*$|^Initializing node \d+ as memoryless$"),
        "fallback": lines(r"^Fallback order for Node .*$"),
    }


def compare(case, linux_iso, logdir):
    m = case.machine
    ours = serial_log(m, logdir / f"{case.name}.bootmem2.log")
    lm = copy.deepcopy(m)
    lm.iso, lm.args, lm.poweroff = str(linux_iso), "", False
    theirs = serial_log(lm, logdir / f"{case.name}.linux.log")
    a, b = extract(ours), extract(theirs)
    problems = []
    for key in ("e820", "zones", "node-ranges", "initmem", "fallback"):
        if not b[key]:
            return [f"Linux printed no {key} lines (did it boot?)"]
    for key in a:
        if a[key] != b[key]:
            problems.append(f"{key} differ:\n" + "\n".join(
                [f"        bootmem2: {x}" for x in a[key]] + [f"        linux:    {x}" for x in b[key]]))
    return problems


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--iso", default="build/bootmem2.iso")
    p.add_argument("-k", dest="pattern")
    p.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--results")
    o = p.parse_args()

    selected = [c for c in cases.all_cases() if c.oracle and (not o.pattern or re.search(o.pattern, c.name))]
    workdir = Path(o.iso).parent / "linux"
    logdir = workdir / "logs"
    passed = failed = skipped = 0
    vmlinuz, why = fetch_linux(workdir)
    if not vmlinuz:
        for c in selected:
            print(f"SKIP {c.name}: {why}")
        skipped = len(selected)
    else:
        linux_iso = build_iso(vmlinuz, workdir)
        logdir.mkdir(parents=True, exist_ok=True)
        for c in selected:
            c.machine.iso = o.iso
        with concurrent.futures.ThreadPoolExecutor(max_workers=o.jobs) as pool:
            futures = {c.name: pool.submit(compare, c, linux_iso, logdir) for c in selected}
            for c in selected:
                problems = futures[c.name].result()
                print(f"{'PASS' if not problems else 'FAIL'} {c.name} (vs {vmlinuz.name})", flush=True)
                for pr in problems:
                    print(f"    {pr}")
                passed += not problems
                failed += bool(problems)
    return report("linux", passed, failed, skipped, path=o.results)


if __name__ == "__main__":
    sys.exit(main())
