#!/usr/bin/env python3
"""Size budgets: files whose simplicity is a claim of the project.

mm/bootmem.c answers the 2008 thread's point that a boot allocator should
stay small: Linux 2.6.27's mm/bootmem.c, which it replaces, has 455 lines
of code.  A line of code is a line that is neither blank nor inside a
comment; the bit-range helpers it shares with the page allocator live in
kernel/bitmap.c, as Linux's bootmem used lib/bitmap.c and lib/find_bit.c.

    python3 tests/loc.py [--results FILE]

Prints one line per budget and "loc: N passed, N failed".
"""
import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from results import report  # noqa: E402  (tests/results.py)

BUDGETS = {"mm/bootmem.c": 455}


def lines_of_code(text):
    """Non-blank lines once /* */ and // comments are gone (the C sources
    here have no comment markers inside string literals)."""
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    return sum(1 for line in text.split("\n") if line.strip())


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--results")
    args = ap.parse_args()
    passed = failed = 0
    for path, budget in BUDGETS.items():
        n = lines_of_code((ROOT / path).read_text())
        ok = n <= budget
        print(f"{'PASS' if ok else 'FAIL'} {path}: {n} lines of code, budget {budget}")
        passed, failed = passed + ok, failed + (not ok)
    return report("loc", passed, failed, path=args.results)


if __name__ == "__main__":
    sys.exit(main())
