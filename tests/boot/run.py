#!/usr/bin/env python3
"""Boot the ISO in QEMU under each case of the boot matrix and check the log.

For each case: boot (scripts/qemu.py builds the command line), capture the
serial console, wait for QEMU to exit (a timeout is the hang detector),
then check the exit status (isa-debug-exit: 1 pass, 3 fail), the lines
that must and must not appear, and the case's own checks, which derive
what the log must say from the virtual machine's definition.

    python3 tests/boot/run.py --iso build/bootmem2.iso [-k PATTERN] [-j N] [-v]

Prints one result line per case and a closing "boot: N passed, N failed".
Serial logs of every case are kept in build/boot-logs/<case>.log.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import cases  # noqa: E402  (tests/boot/cases.py)
from results import report  # noqa: E402  (tests/results.py)


def boot(case, iso, logdir):
    """Run one case; return (ok, seconds, [problems])."""
    m = case.machine
    m.iso = iso
    log = logdir / f"{case.name}.log"
    cmd = m.command() + ["-serial", f"file:{log}", "-monitor", "none"]
    t0 = time.monotonic()
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=case.timeout)
        status, qemu_err = r.returncode, r.stderr.strip()
    except subprocess.TimeoutExpired:
        status, qemu_err = None, ""
    seconds = time.monotonic() - t0
    text = log.read_text(errors="replace") if log.exists() else ""
    text = text.replace("\r\n", "\n")
    problems = []
    if status is None:
        problems.append(f"no exit within {case.timeout}s (hang)")
    elif status != case.exit:
        problems.append(f"QEMU exit status {status}, expected {case.exit}"
                        + (f": {qemu_err}" if qemu_err else ""))
    for pattern in case.expect:
        if not re.search(pattern, text, re.M):
            problems.append(f"missing line /{pattern}/")
    for pattern in case.forbid:
        hit = re.search(pattern, text, re.M)
        if hit:
            line = text[text.rfind("\n", 0, hit.start()) + 1:text.find("\n", hit.end())]
            problems.append(f"forbidden line /{pattern}/: {line.strip()}")
    for check in case.checks:
        problems += check(m, text)
    return not problems, seconds, problems


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--iso", default="build/bootmem2.iso")
    p.add_argument("-k", dest="pattern", help="only cases whose name matches this regex")
    p.add_argument("-j", dest="jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("-v", dest="verbose", action="store_true", help="print the log of failed cases")
    p.add_argument("--results", help="write 'passed failed' to this file")
    p.add_argument("--list", action="store_true")
    o = p.parse_args()

    selected = [c for c in cases.all_cases() if not o.pattern or re.search(o.pattern, c.name)]
    if o.list:
        for c in selected:
            print(c.name)
        return 0
    if not Path(o.iso).exists():
        print(f"boot: {o.iso} not found (make iso)", file=sys.stderr)
        return 2
    logdir = Path(o.iso).parent / "boot-logs"
    logdir.mkdir(parents=True, exist_ok=True)
    cases.build_acpi_tables(Path(o.iso).parent / "tests" / "acpi")

    passed = failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=o.jobs) as pool:
        futures = {c.name: pool.submit(boot, c, o.iso, logdir) for c in selected}
        for c in selected:
            ok, seconds, problems = futures[c.name].result()
            print(f"{'PASS' if ok else 'FAIL'} {c.name} ({seconds:.1f}s)", flush=True)
            for pr in problems:
                print(f"    {pr}")
            if not ok and o.verbose:
                print((logdir / f"{c.name}.log").read_text(errors="replace"))
            passed += ok
            failed += not ok
    return report("boot", passed, failed, path=o.results)


if __name__ == "__main__":
    sys.exit(main())
