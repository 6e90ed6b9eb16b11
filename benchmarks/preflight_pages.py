"""Benchmark: `brochure preflight` at press speed, as whole processes, median of RUNS, beside
`pdftotext` (poppler) on the same files, with each run's peak memory (the largest of preflight
and Ghostscript) and the most temp space used at once (ink is rendered a chunk at a time).

Files (made here, nothing kept):
- `long`: the clean preflight fixture's 4 pages repeated to PAGES (1000) by qpdf, as a printer
  receives a file that repeats pages: each distinct page is read and rendered once;
- `heavy`: one page with 300 000 filled paths (and the fixture's own content), 900 000 operators;
- `distinct` (with --distinct): PAGES pages that all differ (text, a CMYK rule and a tint each),
  where nothing repeats: the honest figure for a long catalogue.

    python -m benchmarks.preflight_pages [PAGES] [--runs N] [--distinct]
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

RUNS = 3


def folder_bytes(folder: Path) -> int:
    total = 0
    with contextlib.suppress(OSError):  # a folder removed while we looked
        for path in folder.rglob("*"):
            with contextlib.suppress(OSError):  # removed while we looked
                total += path.stat().st_size
    return total


def timed(command: list[str], temp: Path) -> tuple[float, int, int, str]:
    """Wall seconds, peak memory (bytes, the process and the children it waited for), most temp
    space used at once, and the last line of its output."""
    peak_temp = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak_temp
        while not done.wait(0.05):
            peak_temp = max(peak_temp, folder_bytes(temp))

    watcher = threading.Thread(target=watch)
    watcher.start()
    started = time.perf_counter()
    process = subprocess.Popen(command, env={**os.environ, "TMPDIR": str(temp)}, stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0  # reaped by wait4
    wall = time.perf_counter() - started
    done.set()
    watcher.join()
    lines = output.strip().splitlines()
    return wall, usage.ru_maxrss * 1024, peak_temp, lines[-1] if lines else ""


def distinct_pages(pages: int) -> bytes:
    """`pages` pages that all differ, with the clean fixture's output intent and metadata (its text
    is in Helvetica, not embedded: the preflight fails on fonts, after the same work)."""
    import pikepdf
    from reportlab.lib.colors import CMYKColor
    from reportlab.pdfgen.canvas import Canvas
    from tests import preflight_fixtures

    mm = 72 / 25.4
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(216 * mm, 303 * mm), invariant=1, enforceColorSpace="cmyk")
    for number in range(1, pages + 1):
        canvas.setTrimBox((3 * mm, 3 * mm, 213 * mm, 300 * mm))
        canvas.setBleedBox((0, 0, 216 * mm, 303 * mm))
        canvas.setFillColor(CMYKColor(number % 100 / 100, 0.3, 0, 0))
        canvas.rect(3 * mm, 250 * mm, 210 * mm, 53 * mm, stroke=0, fill=1)
        canvas.setFillColor(CMYKColor(0, 0, 0, 1))
        canvas.setFont("Helvetica", 11)
        for line in range(40):
            canvas.drawString(20 * mm, (240 - 5 * line) * mm, f"Page {number}, line {line}: " + "text " * 12)
        canvas.showPage()
    canvas.save()
    # the fixture's output intent and metadata, so that the file is judged as a print file
    with pikepdf.open(io.BytesIO(preflight_fixtures.clean())) as clean, pikepdf.open(buffer) as pdf:
        pdf.Root.OutputIntents = pdf.copy_foreign(clean.make_indirect(clean.Root.OutputIntents))
        pdf.Root.Metadata = pdf.copy_foreign(clean.Root.Metadata)
        output = io.BytesIO()
        pdf.save(output, static_id=True)
        return output.getvalue()


def make_files(folder: Path, pages: int, distinct: bool) -> None:
    """The benchmark's files, made in a process of their own: the measuring process stays small, so
    that its children's peak memory is theirs (a forked child starts with its parent's)."""
    from tests import preflight_corpus, preflight_fixtures

    clean = folder / "clean.pdf"
    clean.write_bytes(preflight_fixtures.clean())  # 4 pages
    subprocess.run(["qpdf", str(clean), "--pages", *[str(clean)] * (pages // 4), "--", str(folder / "long.pdf")],
                   check=True)
    (folder / "heavy.pdf").write_bytes(preflight_corpus.heavy_page())
    if distinct:
        (folder / "distinct.pdf").write_bytes(distinct_pages(pages))


def main() -> int:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("pages", nargs="?", type=int, default=1000)
    options.add_argument("--runs", type=int, default=RUNS)
    options.add_argument("--distinct", action="store_true", help="also PAGES pages that all differ")
    options.add_argument("--make", type=Path, help=argparse.SUPPRESS)  # the files, into this folder
    arguments = options.parse_args()
    if arguments.make is not None:
        make_files(arguments.make, arguments.pages, arguments.distinct)
        return 0
    pdftotext = shutil.which("pdftotext")
    if shutil.which("qpdf") is None or pdftotext is None:
        print("qpdf and pdftotext are needed (apt-get install qpdf poppler-utils)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        subprocess.run([sys.executable, "-m", "benchmarks.preflight_pages", str(arguments.pages), "--make", work,
                        *(["--distinct"] if arguments.distinct else [])], check=True)
        files = {f"{arguments.pages} pages (4 distinct, repeated)": folder / "long.pdf",
                 "1 page of 300 000 filled paths": folder / "heavy.pdf"}
        if arguments.distinct:
            files[f"{arguments.pages} distinct pages"] = folder / "distinct.pdf"
        temp = folder / "tmp"
        temp.mkdir()
        print(f"{'file':42} {'preflight':>10} {'pdftotext':>10} {'ratio':>6} {'peak memory':>12} {'temp':>9}"
              f"   (median of {arguments.runs}, whole processes)")
        for label, path in files.items():
            ours = [timed([sys.executable, "-m", "brochure", "preflight", str(path)], temp)
                    for _ in range(arguments.runs)]
            poppler = [timed([pdftotext, str(path), os.devnull], temp)[0] for _ in range(arguments.runs)]
            wall = statistics.median(run[0] for run in ours)
            theirs = statistics.median(poppler)
            memory = max(run[1] for run in ours)
            temp_most = max(run[2] for run in ours)
            verdict = ours[-1][3].split(":")[0]
            print(f"{label:42} {wall:9.2f}s {theirs:9.2f}s {wall / theirs:5.1f}× {memory / 2**20:9.0f} MiB "
                  f"{temp_most / 2**20:6.0f} MiB   {verdict}")
            print(f"{'':42} runs: {', '.join(f'{run[0]:.2f}' for run in ours)} s; "
                  f"pdftotext {', '.join(f'{run:.2f}' for run in poppler)} s")
    load = os.getloadavg()[0]
    print(f"load average {load:.1f} on {os.cpu_count()} cores while measuring")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
