#!/usr/bin/env python3
"""Add up the result files the test runners wrote ('passed failed' each)
and print the closing line of `make test`; exit 1 if anything failed or a
runner left no result (it crashed before counting)."""
import sys
from pathlib import Path

passed = failed = 0
for name in sys.argv[1:]:
    f = Path(name)
    if not f.exists():
        print(f"{f.stem}: no results (the runner did not finish)")
        failed += 1
        continue
    p, q = (int(x) for x in f.read_text().split())
    passed, failed = passed + p, failed + q
print(f"total: {passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
