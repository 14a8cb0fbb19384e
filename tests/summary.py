#!/usr/bin/env python3
"""Add up the result files the test runners wrote ('passed failed
[skipped]' each) and print the closing line of `make test`; exit 1 if
anything failed or a runner left no result (it crashed before counting)."""
import sys
from pathlib import Path

totals = [0, 0, 0]
for name in sys.argv[1:]:
    f = Path(name)
    if not f.exists():
        print(f"{f.stem}: no results (the runner did not finish)")
        totals[1] += 1
        continue
    for i, n in enumerate(f.read_text().split()):
        totals[i] += int(n)
passed, failed, skipped = totals
print(f"total: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
