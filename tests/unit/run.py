#!/usr/bin/env python3
"""Run the host unit test binaries and count their cmocka results.

Each binary is one cmocka group; its per-test "[       OK ]" and
"[  FAILED  ]" lines are counted.  A binary that crashes (a sanitizer
report, a signal) or prints no result counts as one failure, so a broken
test can never pass by saying nothing.
"""
import argparse
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from results import report  # noqa: E402  (tests/results.py)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--results", help="write 'passed failed' to this file")
    p.add_argument("binaries", nargs="+")
    o = p.parse_args()
    passed = failed = 0
    for binary in o.binaries:
        r = subprocess.run([binary], capture_output=True, text=True, errors="replace", timeout=600)
        out = r.stdout + r.stderr
        ok = len(re.findall(r"^\[\s+OK\s+\]", out, re.M))
        # cmocka names each failed test twice (as it fails, and in the
        # closing list): count names, not lines.
        bad = len(set(re.findall(r"^\[\s+FAILED\s+\]\s+(\S+)$", out, re.M)))
        name = Path(binary).name
        if r.returncode != 0 or ok + bad == 0:
            bad = max(bad, 1)
            print(out, end="")
        print(f"unit {name}: {ok} passed, {bad} failed")
        passed += ok
        failed += bad
    return report("unit", passed, failed, path=o.results)


if __name__ == "__main__":
    sys.exit(main())
