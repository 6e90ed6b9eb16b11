"""Benchmarks: the whole pipeline as a process and as a warm library call, at N=1 (the
real brochure), N=10 and N=100 (scaled copies), against a bare-reportlab floor.

    python -m benchmarks.run            # N=1, 10, 100; 3 runs each; writes benchmarks/RESULTS.md
    python -m benchmarks.run --quick    # N=1, one run (CI)
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.scale import REPOSITORY, make_scaled
from benchmarks.watch_edit import watch_edits

RESULTS = Path(__file__).with_name("RESULTS.md")
NOTES = Path(__file__).with_name("notes.md")


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mib: float


def measure(command: list[str], cwd: Path | None = None) -> Run:
    """Wall time, CPU time (user + system) and peak memory of one child process."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    stderr = process.stderr.read().decode("utf-8", "replace")
    process.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {stderr[-800:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def median(results: list[Run]) -> Run:
    """The median wall and CPU time; the largest peak memory."""
    return Run(statistics.median(r.wall for r in results), statistics.median(r.cpu for r in results),
               max(r.peak_mib for r in results))


def median_run(command: list[str], runs: int) -> Run:
    return median([measure(command) for _ in range(runs)])


def pages_of(pdf: Path) -> int:
    from pypdf import PdfReader
    return len(PdfReader(pdf).pages)


def warm_rebuild(folder: Path) -> tuple[float, float, float]:
    """In one live process: a second build of the same files, then a build after a
    one-paragraph edit (the designer's loop), as `brochure watch` makes them (earlier pages
    kept for reuse), and the same edit built without reuse. Seconds for each, build only."""
    code = f"""
import time, sys
from pathlib import Path
from brochure.pipeline import BuildSession, Project, build
from brochure.render.reuse import ReuseStore
project = Project.at(Path({str(folder)!r}))
store = ReuseStore()
session = BuildSession.long_lived()  # as `brochure watch` keeps one
build(project, run_preflight=False, editions=("fr-en",), reuse=store, session=session)
started = time.perf_counter(); build(project, run_preflight=False, editions=("fr-en",), reuse=store, session=session)
same = time.perf_counter() - started
section = sorted((project.content / "sections").glob("*.yaml"))[0]
text = section.read_text(encoding="utf-8")
times = []
for edit in range(6):
    old, new = ("mondialisation", "globalisation")[::1 if edit % 2 == 0 else -1]
    section.write_text(section.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    started = time.perf_counter()
    build(project, run_preflight=False, editions=("fr-en",), reuse=store, session=session)
    times.append(time.perf_counter() - started)
section.write_text(text.replace("mondialisation", "globalisation", 1), encoding="utf-8")
started = time.perf_counter(); build(project, run_preflight=False, editions=("fr-en",), session=session)
whole = time.perf_counter() - started
section.write_text(text, encoding="utf-8")
print(same, sorted(times)[len(times) // 2], whole)
"""
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    same, edited, whole = (float(value) for value in output.split())
    return same, edited, whole


def breaker_cost(folder: Path) -> tuple[float, float, int]:
    """In one process, a cold build with the total-fit line breaker timed: seconds spent
    breaking paragraphs into lines (shaping, hyphenation points, the search, the lines
    built), seconds of the whole build, and how many paragraph wraps asked for breaks."""
    code = f"""
import time
from pathlib import Path
from brochure.pipeline import Project, build
from brochure.typeset import paragraph, total_fit
spent = [0.0, 0]
original = total_fit.break_paragraph
def timed(*arguments):
    started = time.process_time()
    try:
        return original(*arguments)
    finally:
        spent[0] += time.process_time() - started
        spent[1] += 1
paragraph.break_paragraph = timed
started = time.process_time()
build(Project.at(Path({str(folder)!r})), run_preflight=False, editions=("fr-en",))  # in this process, no pool
print(spent[0], time.process_time() - started, spent[1])
"""
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    breaking, whole, calls = output.split()
    return float(breaking), float(whole), int(calls)


def machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (f"{os.cpu_count()} cores ({model}), {memory:.0f} GiB, {platform.system()} {platform.release()}, "
            f"Python {platform.python_version()}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="N=1 only, one run (for CI)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1,10,100")
    parser.add_argument("--output", type=Path, default=RESULTS)
    arguments = parser.parse_args()
    sizes = [1] if arguments.quick else [int(n) for n in arguments.sizes.split(",")]
    runs = 1 if arguments.quick else arguments.runs
    python = sys.executable
    # brochure's modules compiled, as an installed package has them (pip compiles them when it
    # installs); a machine that sets PYTHONDONTWRITEBYTECODE would compile them on every run
    subprocess.run([python, "-m", "compileall", "-q", str(REPOSITORY / "src" / "brochure")], check=True)
    rows, extra = [], {}
    with tempfile.TemporaryDirectory() as scratch:
        for n in sizes:
            folder = make_scaled(Path(scratch) / f"n{n}", n)
            name = "aix-international-strategy"
            build = median_run([python, "-m", "brochure", "build", str(folder), "--no-preflight",
                                "--edition", "fr-en"], runs)
            pdf = folder / "output" / f"{name}.pdf"
            pages = pages_of(pdf)
            size = pdf.stat().st_size
            check = median_run([python, "-m", "brochure", "preflight", str(pdf)], 1)
            floor = median_run([python, str(REPOSITORY / "benchmarks" / "floor.py"), str(folder),
                                str(Path(scratch) / f"floor{n}.pdf")], runs)
            floor_pages = pages_of(Path(scratch) / f"floor{n}.pdf")
            rows.append((n, pages, build, check, floor, floor_pages, size))
            print(f"N={n}: {pages} pages, build {build.wall:.2f} s, floor {floor.wall:.2f} s, "
                  f"preflight {check.wall:.2f} s, {build.peak_mib:.0f} MiB, {size / 1024:.0f} KiB", flush=True)
            if n == 1:
                extra["breaker"] = breaker_cost(folder)
                extra["warm"] = warm_rebuild(folder)
                save_to_pdf, rebuild, changed, cpu = watch_edits(folder, 2 if arguments.quick else 6)
                extra["watch"] = (statistics.median(save_to_pdf), statistics.median(rebuild), changed[0],
                                  statistics.median(cpu) if cpu else float("nan"))
                single = [median_run([python, "-m", "brochure", "build", str(folder), "--no-preflight",
                                      "--edition", "fr-en", "--format", output_format], runs).wall
                          for output_format in ("print", "screen")]
                both = median_run([python, "-m", "brochure", "build", str(folder), "--no-preflight",
                                   "--edition", "fr-en", "--format", "print,screen"], runs).wall
                extra["editions"] = (sum(single), both)
    write_results(arguments.output, rows, extra, runs)
    print(f"wrote {arguments.output}")
    return 0


def write_results(path: Path, rows, extra, runs: int) -> None:
    per_page_1 = next((b.wall / p for n, p, b, *_ in rows if n == 1), None)
    lines = [
        "# Benchmark results", "",
        f"Machine: {machine()}.  ",
        (f"Run: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC, median of {runs} run(s) per figure, "
        "whole processes (interpreter start included)."), "",
        "`build` is `brochure build --no-preflight` (load, typeset, layout, render, PDF/X-4 finishing);",
        "`preflight` is `brochure preflight` on its PDF; `floor` is `benchmarks/floor.py`, bare reportlab",
        "setting the same text with the same fonts, shaping and hyphenation (no facing pairs, no locale rules,",
        "no PDF/X).", "",
        ("| N | pages | build s | CPU s | peak MiB | s/page | PDF KiB | preflight s | floor s | floor pages "
         "| build / floor |"),
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, pages, build, check, floor, floor_pages, size in rows:
        lines.append(f"| {n} | {pages} | {build.wall:.2f} | {build.cpu:.2f} | {build.peak_mib:.0f} | "
                     f"{build.wall / pages:.3f} | {size / 1024:.0f} | {check.wall:.2f} | {floor.wall:.2f} | "
                     f"{floor_pages} | {build.wall / floor.wall:.2f} |")
    lines.append("")
    targets = []
    for n, pages, build, _check, floor, _floor_pages, size in rows:
        if n == 1:
            met = "met" if build.wall <= 1.0 else "not met"
            targets.append(f"- cold build N=1 ≤ 1.0 s: {build.wall:.2f} s ({met}); "
                           f"≤ 1.5 × floor: {build.wall / floor.wall:.2f} × "
                           f"({'met' if build.wall <= 1.5 * floor.wall else 'not met'})")
            met = "met" if size <= 1.5 * 2**20 else "not met"
            targets.append(f"- N=1 print PDF ≤ 1.5 MB: {size / 2**20:.2f} MB ({met})")
        if n == 100:
            ratio = (build.wall / pages) / per_page_1 if per_page_1 else float("nan")
            met = "met" if ratio <= 1.25 else "not met"
            targets.append(f"- cost per page N=100 within 1.25 × N=1: {ratio:.2f} × ({met})")
            targets.append(f"- N=100 cold ≤ 0.6 × floor: {build.wall / floor.wall:.2f} × "
                           f"({'met' if build.wall <= 0.6 * floor.wall else 'not met'})")
            targets.append(f"- peak memory N=100 ≤ 120 MiB: {build.peak_mib:.0f} MiB "
                           f"({'met' if build.peak_mib <= 120 else 'not met'})")
    if "breaker" in extra:
        breaking, whole, calls = extra["breaker"]
        targets.append(f"- total-fit line breaking (typeset/total_fit.py), N=1, CPU: {breaking:.2f} s of a "
                       f"{whole:.2f} s build ({calls} paragraph wraps; {breaking / whole:.0%})")
    if "warm" in extra:
        same, edited, whole = extra["warm"]
        targets.append(f"- warm rebuild after a one-paragraph edit, N=1, in a live process ≤ 0.2 s: {edited:.2f} s "
                       f"({'met' if edited <= 0.2 else 'not met'}; median of 6 edits, the pages before and "
                       f"after the edited section reused); unchanged rebuild {same:.2f} s; "
                       f"the same edit laid out whole {whole:.2f} s")
    if "watch" in extra:
        save_to_pdf, rebuild, changed, cpu = extra["watch"]
        targets.append(f"- `brochure watch`, one-paragraph edit, N=1: save → new PDF ≤ 0.2 s: {save_to_pdf:.2f} s "
                       f"({'met' if save_to_pdf <= 0.2 else 'not met'}); the rebuild itself {rebuild:.2f} s, "
                       f"the watch process's CPU per edit {cpu:.2f} s, pages changed: {changed} "
                       "(`benchmarks/watch_edit.py`)")
    if "editions" in extra:
        apart, together = extra["editions"]
        targets.append(f"- print and screen in one command (process pool, {os.cpu_count()} cores): {together:.2f} s, "
                       f"against {apart:.2f} s as two commands: speed-up {apart / together:.2f} ×")
    lines += ["## Targets", ""] + targets + [""]
    if NOTES.exists():
        lines += [NOTES.read_text(encoding="utf-8").rstrip(), ""]
    path.write_text("\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
