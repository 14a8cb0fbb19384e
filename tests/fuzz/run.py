#!/usr/bin/env python3
"""Run the libFuzzer targets for a fixed amount of work and count them.

Each target runs on a scratch copy of its seed corpus (the repository's
corpus is never written), for a fixed number of inputs with a fixed seed.
libFuzzer also learns from the values its targets compare, pointers among
them, and re-reads its corpus on a timer; so that a run is repeatable
input for input, address randomization is turned off (setarch -R, where
the system allows it) and so is the re-reading (-reload=0).

A target passes when libFuzzer exits 0: no crash, no sanitizer report, no
broken invariant, no timeout.  On failure the end of its report is printed
with the path of the input that broke it.
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from results import report  # noqa: E402  (tests/results.py)


def no_aslr():
    """The command prefix that runs a program without address randomization,
    or [] where that is not allowed."""
    cmd = ["setarch", os.uname().machine, "-R"]
    try:
        if subprocess.run(cmd + ["true"], capture_output=True).returncode == 0:
            return cmd
    except OSError:
        pass
    return []


def run(name, binary, runs, max_len, corpus, scratch, prefix):
    work = Path(scratch) / name
    shutil.rmtree(work, ignore_errors=True)
    (work / "corpus").mkdir(parents=True)
    seeds = Path(corpus) / name
    if seeds.is_dir():
        for f in sorted(seeds.iterdir()):
            if f.is_file():
                shutil.copy(f, work / "corpus" / f.name)
    cmd = prefix + [binary, f"-runs={runs}", "-seed=1", f"-max_len={max_len}",
           "-reload=0", "-timeout=20", "-print_final_stats=1",
           f"-artifact_prefix={work}/", str(work / "corpus")]
    t0 = time.monotonic()
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, errors="replace",
                           timeout=600)
        code, out = r.returncode, r.stdout + r.stderr
    except subprocess.TimeoutExpired as e:
        code, out = -1, f"{e}\n"
    secs = time.monotonic() - t0
    cov = re.findall(r"cov: (\d+)", out)
    return name, code, out, secs, cov[-1] if cov else "?", runs, work


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--results", help="write 'passed failed' to this file")
    p.add_argument("--corpus", default="tests/fuzz/corpus")
    p.add_argument("--scratch", required=True)
    p.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1))
    p.add_argument("--target", nargs=4, action="append", required=True,
                   metavar=("NAME", "BINARY", "RUNS", "MAX_LEN"))
    o = p.parse_args()
    passed = failed = 0
    prefix = no_aslr()
    with ThreadPoolExecutor(max_workers=max(1, o.jobs)) as pool:
        futures = [pool.submit(run, n, b, r, m, o.corpus, o.scratch, prefix)
                   for n, b, r, m in o.target]
        for f in futures:
            name, code, out, secs, cov, runs, work = f.result()
            if code == 0:
                passed += 1
                print(f"fuzz {name}: passed ({runs} inputs, {secs:.1f} s, {cov} edges)")
            else:
                failed += 1
                tail = out.splitlines()[-60:]
                print("\n".join(tail))
                crashes = sorted(str(c) for c in work.glob("*-*") if c.is_file())
                print(f"fuzz {name}: FAILED (exit {code}, {secs:.1f} s)"
                      + (f"; input: {' '.join(crashes)}" if crashes else ""))
    return report("fuzz", passed, failed, path=o.results)


if __name__ == "__main__":
    sys.exit(main())
