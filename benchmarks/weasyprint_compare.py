"""Benchmarks: a cold `brochure build` against WeasyPrint setting the same brochure (issue 16's
"≥ 3× faster than WeasyPrint" target).

    python3 -m benchmarks.weasyprint_compare [--sizes 1,10] [--runs 3] [--keep DIR]

For each size N (1: the Aix brochure; N > 1: benchmarks/scale.make_scaled), the fr-en edition is
written as HTML + CSS by benchmarks/html_brochure.py (what that leaves out is in its docstring),
then both are timed as whole processes, interpreter start included (benchmarks.run.measure):

    python3 -m brochure build DIR --no-preflight --edition fr-en
    python3 -m weasyprint --pdf-variant pdf/x-4 brochure.html brochure.pdf

Each figure is the median of --runs runs (peak memory: the largest). Both PDFs' page counts are
printed, so that a reader sees the two set the same amount of text. Writing the HTML (loading
the brochure, the locale rules) is timed apart and not counted for WeasyPrint.

Needs WeasyPrint (the `bench` extra: python3 -m pip install weasyprint; it uses Pango).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.html_brochure import brochure_html
from benchmarks.run import Run, machine, median_run, pages_of
from benchmarks.scale import make_scaled

EDITION = "fr-en"
TARGET = 3.0  # issue 16: a cold build at least this many times faster than WeasyPrint


def weasyprint_version() -> str:
    try:
        import weasyprint
    except ImportError:
        raise SystemExit("WeasyPrint is not installed: python3 -m pip install weasyprint "
                         "(or the project's `bench` extra)") from None
    return weasyprint.__version__


def compare(folder: Path, runs: int, keep: Path | None) -> tuple[Run, int, Run, int, float]:
    """(brochure run, its pages, WeasyPrint run, its pages, seconds to write the HTML) for one folder."""
    python = sys.executable
    started = time.perf_counter()
    document = brochure_html(folder, EDITION)
    html_seconds = time.perf_counter() - started
    html_file = folder / "brochure.html"
    html_file.write_text(document, encoding="utf-8")
    html_pdf = folder / "brochure-weasyprint.pdf"
    ours = median_run([python, "-m", "brochure", "build", str(folder), "--no-preflight", "--edition", EDITION], runs)
    theirs = median_run([python, "-m", "weasyprint", "--pdf-variant", "pdf/x-4", str(html_file), str(html_pdf)], runs)
    our_pdf = folder / "output" / "aix-international-strategy.pdf"
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        for path in (html_file, html_pdf, our_pdf):
            shutil.copy(path, keep / f"{folder.name}-{path.name}")
    return ours, pages_of(our_pdf), theirs, pages_of(html_pdf), html_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,10", help="comma-separated N (default 1,10)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="copy the HTML and both PDFs of each size to this folder")
    arguments = parser.parse_args()
    version = weasyprint_version()
    rows = []
    load = os.getloadavg()
    with tempfile.TemporaryDirectory() as scratch:
        for n in (int(size) for size in arguments.sizes.split(",")):
            folder = make_scaled(Path(scratch) / f"n{n}", n)
            ours, our_pages, theirs, their_pages, html_seconds = compare(folder, arguments.runs, arguments.keep)
            rows.append((n, ours, our_pages, theirs, their_pages, html_seconds))
            print(f"N={n}: brochure {ours.wall:.2f} s ({our_pages} pages), WeasyPrint {theirs.wall:.2f} s "
                  f"({their_pages} pages), {theirs.wall / ours.wall:.2f}×", file=sys.stderr, flush=True)
    print(f"Machine: {machine()}; load average before the runs {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}.  ")
    print(f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, WeasyPrint {version}, median of {arguments.runs} "
          "run(s), whole processes.")
    print()
    print("| N | brochure s | CPU s | peak MiB | pages | WeasyPrint s | CPU s | peak MiB | pages | HTML written s "
          "| WeasyPrint / brochure (wall) | CPU ratio |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, ours, our_pages, theirs, their_pages, html_seconds in rows:
        print(f"| {n} | {ours.wall:.2f} | {ours.cpu:.2f} | {ours.peak_mib:.0f} | {our_pages} | {theirs.wall:.2f} | "
              f"{theirs.cpu:.2f} | {theirs.peak_mib:.0f} | {their_pages} | {html_seconds:.2f} | "
              f"{theirs.wall / ours.wall:.2f} × | {theirs.cpu / ours.cpu:.2f} × |")
    print()
    for n, ours, _, theirs, _, _ in rows:
        ratio = theirs.wall / ours.wall
        print(f"- N={n}: brochure is {ratio:.2f}× faster than WeasyPrint; target ≥ {TARGET:g}×: "
              f"{'met' if ratio >= TARGET else 'not met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
