"""Benchmarks: issue 27's four targets in one run, as whole processes (interpreter start included),
each figure the median of --runs runs (peak memory: the largest), on copies of the Aix brochure.

    python3 -m benchmarks.targets [--runs 3] [--n100-runs 1] [--no-n100] [--output FILE]

1. The designer's loop with every edition declared: `brochure watch` on a copy, a one-paragraph edit
   saved, and the time until the watched edition's PDF (the first declared) is written
   (benchmarks/watch_edit). Target ≤ 0.2 s.
2. A cold build of one edition with its preflight (`brochure build --edition fr-en`, print: a new
   process, the user's cache as the runs before it left it, as after a designer's first build) against
   benchmarks/floor.py, bare reportlab setting the same text (target ≤ 1.5×), and against WeasyPrint
   setting the same brochure from HTML (benchmarks/weasyprint_compare; target ≥ 3× faster). WeasyPrint
   is the `bench` extra: without it, that figure is left out and said so. Beside it, not a target: the
   same build after a one-paragraph edit, each run's edit new (the kept lines then serve every other
   paragraph, and the print file is new to preflight, whose kept report the unchanged rebuilds take).
3. Every edition the layout declares against one (fr-en), print, without preflight. Target ≤ 2×.
4. N=100 (benchmarks/scale, 1 380 pages), one edition: peak memory. Target ≤ 120 MiB.

Prints a Markdown report (and writes it to --output when given): each figure, its target and
whether it is met, with the machine and its load average.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from benchmarks.run import Run, machine, measure, median
from benchmarks.scale import REPOSITORY, make_scaled
from benchmarks.watch_edit import EDIT, watch_edits

EDITION = "fr-en"
WATCH_TARGET = 0.2      # seconds from save to the watched edition's PDF
FLOOR_TARGET = 1.5      # a cold build with preflight, times the floor script
WEASYPRINT_TARGET = 3.0  # WeasyPrint's time, times ours
EDITIONS_TARGET = 2.0   # every edition, times one
MEMORY_TARGET = 120.0   # MiB, N=100


def in_turn(commands: list[list[str]], runs: int) -> list[Run]:
    """Each command's median over `runs`, the commands taken in turn so that a shared machine's
    load weighs on all of them alike."""
    results: list[list[Run]] = [[] for _ in commands]
    for _ in range(runs):
        for command, kept in zip(commands, results, strict=True):
            kept.append(measure(command))
    return [median(kept) for kept in results]


def verdict(met: bool) -> str:
    return "met" if met else "not met"


def watch_figure(folder: Path, runs: int) -> str:
    save_to_pdf, _rebuild, changed, cpu = watch_edits(folder, max(runs, 2))
    seconds = statistics.median(save_to_pdf)
    return (f"- watch, every edition declared, save → watched edition's PDF: {seconds:.2f} s median of "
            f"{len(save_to_pdf)} edits ({min(save_to_pdf):.2f}–{max(save_to_pdf):.2f}; the watch process's CPU "
            f"{statistics.median(cpu):.2f} s an edit; pages laid out: {changed[0]}); "
            f"target ≤ {WATCH_TARGET:g} s: {verdict(seconds <= WATCH_TARGET)}")


def cold_figures(folder: Path, scratch: Path, runs: int) -> list[str]:
    python = sys.executable
    ours = [python, "-m", "brochure", "build", str(folder), "--edition", EDITION, "-q"]
    floor = [python, str(REPOSITORY / "benchmarks" / "floor.py"), str(folder), str(scratch / "floor.pdf")]
    commands = [ours, floor]
    try:
        weasyprint: str | None = version("weasyprint")
    except PackageNotFoundError:
        weasyprint = None
    if weasyprint is not None:
        html, pdf = scratch / "brochure.html", scratch / "brochure-weasyprint.pdf"
        measure([python, "-m", "benchmarks.html_brochure", str(folder), str(html), "--edition", EDITION],
                cwd=REPOSITORY)
        commands.append([python, "-m", "weasyprint", "--pdf-variant", "pdf/x-4", str(html), str(pdf)])
    measured = in_turn(commands, runs)
    build, bare = measured[0], measured[1]
    lines = [(f"- cold `brochure build --edition {EDITION}` with preflight: {build.wall:.2f} s wall, "
             f"{build.cpu:.2f} s CPU, {build.peak_mib:.0f} MiB; the floor script {bare.wall:.2f} s wall, "
             f"{bare.cpu:.2f} s CPU: {build.wall / bare.wall:.2f}× (CPU {build.cpu / bare.cpu:.2f}×); "
             f"target ≤ {FLOOR_TARGET:g}×: {verdict(build.wall / bare.wall <= FLOOR_TARGET)}")]
    edited = edited_build(folder, ours, runs)
    lines.append(f"- the same build after a one-paragraph edit (a word no earlier run wrote: the kept lines serve "
                 f"every other paragraph, the print file is new to preflight; not a target, what a designer's "
                 f"build after an edit costs): {edited.wall:.2f} s wall, {edited.cpu:.2f} s CPU, "
                 f"{edited.peak_mib:.0f} MiB: {edited.wall / bare.wall:.2f}× the floor")
    if weasyprint is None:
        lines.append("- WeasyPrint: not installed (`python3 -m pip install -e '.[bench]'`), not measured")
    else:
        theirs = measured[2]
        ratio = theirs.wall / build.wall
        lines.append(f"- WeasyPrint {weasyprint} on the same brochure (HTML written beforehand, not counted): "
                     f"{theirs.wall:.2f} s wall, {theirs.cpu:.2f} s CPU: ours is {ratio:.2f}× faster "
                     f"(CPU {theirs.cpu / build.cpu:.2f}×); target ≥ {WEASYPRINT_TARGET:g}×: "
                     f"{verdict(ratio >= WEASYPRINT_TARGET)}")
    return lines


def edited_build(folder: Path, command: list[str], runs: int) -> Run:
    """`command` timed after an edit of one paragraph before each run, each edit new (the first
    section's EDIT word followed by a number of this run's own); the section is restored after."""
    section = sorted((folder / "content" / "sections").glob("*.yaml"))[0]
    original = section.read_text(encoding="utf-8")
    assert EDIT[0] in original
    stamp = time.time_ns() // 1000
    made = []
    try:
        for run in range(runs):
            section.write_text(original.replace(EDIT[0], f"{EDIT[0]} {stamp + run}", 1), encoding="utf-8")
            made.append(measure(command))
    finally:
        section.write_text(original, encoding="utf-8")
    return median(made)


def editions_figure(folder: Path, runs: int) -> str:
    python = sys.executable
    every = [python, "-m", "brochure", "build", str(folder), "--no-preflight", "-q"]
    one, six = in_turn([[*every, "--edition", EDITION], every], runs)
    editions = len(list((folder / "output").glob("*.pdf")))
    return (f"- every edition ({editions} PDFs), print, no preflight: {six.wall:.2f} s wall, {six.cpu:.2f} s CPU; "
            f"one ({EDITION}): {one.wall:.2f} s wall, {one.cpu:.2f} s CPU: {six.wall / one.wall:.2f}× "
            f"(CPU {six.cpu / one.cpu:.2f}×; {os.cpu_count()} cores); target ≤ {EDITIONS_TARGET:g}×: "
            f"{verdict(six.wall / one.wall <= EDITIONS_TARGET)}")


def memory_figure(scratch: Path, runs: int) -> str:
    folder = make_scaled(scratch / "n100", 100)
    build = median([measure([sys.executable, "-m", "brochure", "build", str(folder), "--no-preflight",
                             "--edition", EDITION, "-q"]) for _ in range(runs)])
    return (f"- N=100, one edition, no preflight: peak {build.peak_mib:.0f} MiB ({build.wall:.1f} s wall, "
            f"{build.cpu:.1f} s CPU, {runs} run(s)); target ≤ {MEMORY_TARGET:g} MiB: "
            f"{verdict(build.peak_mib <= MEMORY_TARGET)}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="runs a figure is the median of (default 3)")
    parser.add_argument("--n100-runs", type=int, default=1, help="runs of the N=100 build (minutes each; default 1)")
    parser.add_argument("--no-n100", action="store_true", help="leave the N=100 memory figure out")
    parser.add_argument("--output", type=Path, help="also write the report to this file")
    arguments = parser.parse_args()
    # brochure's modules compiled, as an installed package has them (see benchmarks/run.py)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(REPOSITORY / "src" / "brochure")], check=True)
    load = os.getloadavg()
    lines: list[str] = []
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        folder = make_scaled(scratch / "n1", 1)
        steps: list[Callable[[], list[str]]] = [
            lambda: cold_figures(folder, scratch, arguments.runs),
            lambda: [editions_figure(folder, arguments.runs)],
            lambda: [watch_figure(folder, arguments.runs)],
        ]
        if not arguments.no_n100:
            steps.append(lambda: [memory_figure(scratch, arguments.n100_runs)])
        for step in steps:
            for line in step():
                print(line, file=sys.stderr, flush=True)
                lines.append(line)
    report = "\n".join([(f"Machine: {machine()}; load average before the runs {load[0]:.2f} {load[1]:.2f} "
                        f"{load[2]:.2f}.  "),
                        (f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, median of {arguments.runs} run(s) a figure, "
                        "whole processes."), "", *lines, ""])
    print(report)
    if arguments.output is not None:
        arguments.output.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
