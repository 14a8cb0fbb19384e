"""What every test runner ends with: its closing line, and its counts in
the file `make test` adds up (tests/summary.py)."""
from pathlib import Path


def report(suite, passed, failed, skipped=0, path=None):
    """Print "<suite>: N passed, N failed[, N skipped]", write the counts
    to @path if given, and return the runner's exit status."""
    print(f"{suite}: {passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
    if path:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(f"{passed} {failed} {skipped}\n")
    return 1 if failed else 0
