"""Benchmark: a brochure of photographs, built cold with the user's cache of prepared photographs
empty, then with it filled by that build (the next build of the same pictures, as a designer's
next `brochure build`). The brochure is the one of tests/test_photo_brochure.py: 20 A4 pages,
six photographs of 4000 × 3000 px as a camera makes them.

    python -m benchmarks.photos [--runs 3]

Whole processes (`brochure build --edition … --no-preflight`, print), medians; each empty-cache run
gets a new cache folder. Prints the figures and whether the files are the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.run import Run, measure, median


def photo_brochure(folder: Path) -> Path:
    """The brochure of tests/test_photo_brochure.py written into `folder`; its root."""
    from tests.harness import write_brochure
    from tests.test_photo_brochure import six_photographs
    from tests.test_photographs import A4_TWO_COLUMNS, STYLES

    content, files = six_photographs(folder)
    return write_brochure(folder / "brochure", content=content,
                          layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES}, files=files)


def build(root: Path, output: Path, cache: Path) -> Run:
    os.environ["XDG_CACHE_HOME"] = str(cache)  # the child's cache folder
    return measure([sys.executable, "-m", "brochure", "build", str(root), "-q", "--no-preflight",
                    "--output", str(output)])


def digest(folder: Path) -> str:
    return hashlib.sha256(b"".join(path.read_bytes() for path in sorted(folder.glob("*.pdf")))).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path, help=argparse.SUPPRESS)  # the brochure only, into this folder
    arguments = parser.parse_args()
    if arguments.write is not None:
        photo_brochure(arguments.write)
        return
    runs = arguments.runs
    os.environ["SOURCE_DATE_EPOCH"] = "1700000000"  # the same bytes from each build
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        # written by another process: a child's peak memory counts what its parent held when it forked
        subprocess.run([sys.executable, "-m", "benchmarks.photos", "--write", str(folder)], check=True)
        root = folder / "brochure"
        empty = [build(root, folder / f"empty-{run}", folder / f"cache-{run}") for run in range(runs)]
        kept = [build(root, folder / f"kept-{run}", folder / "cache-0") for run in range(runs)]
        same = len({digest(folder / f"{kind}-{run}") for kind in ("empty", "kept") for run in range(runs)}) == 1
    for label, result in (("cache empty", median(empty)), ("photographs kept", median(kept))):
        print(f"{label}: {result.wall:.2f} s wall, {result.cpu:.2f} s CPU, peak {result.peak_mib:.0f} MiB")
    print("the same bytes from every build" if same else "THE FILES DIFFER")


if __name__ == "__main__":
    main()
