#!/usr/bin/env python3
"""Boot the ISO in QEMU under each case of the boot matrix and check the log.

For each case: boot (scripts/qemu.py builds the command line), capture the
serial console, wait for QEMU to exit (a timeout is the hang detector),
then check the exit status (isa-debug-exit: 1 pass, 3 fail), the lines
that must and must not appear, and the case's own checks, which derive
what the log must say from the virtual machine's definition.

A case with `screen` patterns runs without `poweroff`: once its serial log
says the machine stopped (`until`), the runner reads the screen over QMP
(screendump; for VGA text also text memory), stops QEMU, decodes the
screen (tests/boot/screen.py) and looks for the patterns there - in what
the screen shows, not in the serial log.

    python3 tests/boot/run.py --iso build/bootmem2.iso [-k PATTERN] [-j N] [-v]

Prints one result line per case and a closing "boot: N passed, N failed".
Serial logs of every case are kept in build/boot-logs/<case>.log, the
screens read in <case>.ppm (and .vga) and, decoded, in <case>.screen.
"""
import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent / "scripts"))
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import cases  # noqa: E402  (tests/boot/cases.py)
import screen  # noqa: E402  (tests/boot/screen.py)
from qemu import QMP  # noqa: E402  (scripts/qemu.py)
from results import report  # noqa: E402  (tests/results.py)


def read_log(log):
    text = log.read_text(errors="replace") if log.exists() else ""
    return text.replace("\r\n", "\n")


def run_to_exit(case, cmd):
    """QEMU until it exits; return (status or None on timeout, stderr)."""
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True,
                           text=True, timeout=case.timeout)
        return r.returncode, r.stderr.strip()
    except subprocess.TimeoutExpired:
        return None, ""


def run_and_read_screen(case, cmd, qmp_path, log, dump):
    """QEMU until the log matches case.until, then dump its screen into
    @dump.ppm (and, for VGA text, text memory into @dump.vga) and stop it.
    Return (QEMU's status, stderr, [problems])."""
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + case.timeout
    while (proc.poll() is None and time.monotonic() < deadline
           and not re.search(case.until, read_log(log), re.M)):
        time.sleep(0.2)
    if proc.poll() is not None:
        return proc.returncode, proc.stderr.read().strip(), ["QEMU exited before its screen was read"]
    problems = []
    if time.monotonic() >= deadline:
        problems.append(f"no /{case.until}/ within {case.timeout}s (hang); screen read anyway")
    qmp = QMP(qmp_path)
    try:
        if case.inject_nmi:
            # An NMI at the halted machine (as a watchdog or a front-panel
            # button would send): the log must not grow.
            qmp.execute("inject-nmi")
            time.sleep(1)
        qmp.execute("screendump", filename=str(dump.with_suffix(".ppm").resolve()))
        if case.machine.vga_text:
            qmp.execute("pmemsave", val=screen.VGA_TEXT_BASE,
                        size=screen.VGA_COLS * screen.VGA_ROWS * 2,
                        filename=str(dump.with_suffix(".vga").resolve()))
        qmp.execute("quit")
    except ConnectionError:
        pass                        # quit: QEMU may close before replying
    finally:
        qmp.close()
    try:
        _, err = proc.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
        problems.append("QEMU did not quit")
    return proc.returncode, err.strip(), problems


def check_screen(case, text, dump, fonts):
    """Decode the screen dumped into @dump.*; the case's patterns must be
    on it.  Return [problems]; the decoded text is kept in @dump.screen."""
    m = case.machine
    w, h, _ = screen.read_ppm(dump.with_suffix(".ppm"))
    problems = []
    if m.vga_text:
        # QEMU draws VGA text cells 8 or 9 pixels wide, 16 high (mode 3).
        if h != screen.VGA_ROWS * 16 or w not in (screen.VGA_COLS * 8, screen.VGA_COLS * 9):
            problems.append(f"the screen is {w}x{h} pixels, not VGA text {screen.VGA_COLS}x{screen.VGA_ROWS}")
        rows, cols = screen.decode_text_memory(dump.with_suffix(".vga").read_bytes())
    else:
        size = re.search(r"^Console: framebuffer at 0x[0-9a-f]+, (\d+)x(\d+),", text, re.M)
        if size and (w, h) != (int(size.group(1)), int(size.group(2))):
            problems.append(f"the screen is {w}x{h} pixels, the kernel drew on {size.group(1)}x{size.group(2)}")
        rows, cols = screen.decode_framebuffer(dump.with_suffix(".ppm"), fonts)
    shown = screen.unwrap(rows, cols)
    dump.with_suffix(".screen").write_text(shown)
    for pattern in case.screen:
        if not re.search(pattern, shown, re.M):
            problems.append(f"not on the screen: /{pattern}/ (see {dump.with_suffix('.screen')})")
    return problems


def boot(case, iso, logdir):
    """Run one case; return (ok, seconds, [problems])."""
    m = case.machine
    m.iso = iso
    log = logdir / f"{case.name}.log"
    log.unlink(missing_ok=True)
    t0 = time.monotonic()
    problems = []
    if case.screen is None:
        cmd = m.command() + ["-serial", f"file:{log}", "-monitor", "none"]
        status, qemu_err = run_to_exit(case, cmd)
    else:
        dump = logdir / f"{case.name}.ppm"
        for suffix in (".ppm", ".vga", ".screen"):
            dump.with_suffix(suffix).unlink(missing_ok=True)
        with tempfile.TemporaryDirectory() as tmp:
            m.qmp = f"{tmp}/qmp"
            cmd = m.command() + ["-serial", f"file:{log}", "-monitor", "none"]
            m.qmp = None
            status, qemu_err, problems = run_and_read_screen(case, cmd, f"{tmp}/qmp", log, dump)
    seconds = time.monotonic() - t0
    text = read_log(log)
    if case.screen is not None and dump.exists():
        problems += check_screen(case, text, dump, Path(iso).parent / "fonts")
    if status is None:
        problems.append(f"no exit within {case.timeout}s (hang)")
    elif case.exit is not None and status != case.exit:
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
