"""Benchmark: the designer's loop — `brochure watch` on a copy of the brochure, a one-paragraph
edit saved, and the time until the new PDF is written (the rebuilt line follows the write).

    python -m benchmarks.watch_edit [--edits 6]
"""

from __future__ import annotations

import argparse
import os
import queue
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO

from benchmarks.scale import make_scaled

REBUILT = re.compile(r"rebuilt \d+ pages in (\d+\.\d+) s, pages changed: (\d+(?:, \d+)*|none)(?:;|$)")
ALSO_BUILT = re.compile(r"also built ")
EDIT = ("mondialisation", "globalisation")


def cpu_seconds(pid: int) -> float | None:
    """CPU time (user + system) a process has used so far, from /proc (Linux); None elsewhere.
    On a machine others share, a rebuild's CPU time says what its wall time cannot."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def watch_edits(folder: Path, edits: int, edition: str | None = None) -> tuple[list[float], list[float], list[str],
                                                                               list[float]]:
    """Seconds from save to the new PDF (as the watcher saw it), the rebuild's own time, the
    changed pages and the watch process's CPU seconds, for each of `edits` alternating one-word
    edits of the first section's paragraph."""
    # the watch's error output kept aside: a watch that does not stop on Ctrl-C says where it was
    with tempfile.TemporaryFile(mode="w+") as errors:
        return edits_watched(folder, edits, errors, edition)


def edits_watched(folder: Path, edits: int, errors: IO[str], edition: str | None = None) -> tuple[
        list[float], list[float], list[str], list[float]]:
    # every edition declared, as a designer types it (the first declared is written first), or one
    process = subprocess.Popen([sys.executable, "-X", "faulthandler", "-m", "brochure", "watch", str(folder),
                                *(("--edition", edition) if edition else ())],
                               stdout=subprocess.PIPE,
                               stderr=errors, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                               # Ctrl-C stops it even when this benchmark runs in the background
                               # (a shell's background job ignores SIGINT, and its children with it)
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509  # no thread yet
    lines: queue.Queue[str] = queue.Queue()
    assert process.stdout is not None
    stream = process.stdout
    reader = threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True)
    reader.start()

    def wait_for(pattern: re.Pattern[str], timeout: float = 120) -> tuple[re.Match[str], float]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=0.5)
            except queue.Empty:
                continue
            found = pattern.search(line)
            if found:
                return found, time.perf_counter()
        raise RuntimeError(f"brochure watch printed no line matching {pattern.pattern}")

    section = sorted((folder / "content" / "sections").glob("*.yaml"))[0]
    original = section.read_text(encoding="utf-8")
    save_to_pdf, rebuild, changed, cpu = [], [], [], []
    try:
        wait_for(re.compile(r"^watching "))
        for index in range(edits):
            old, new = EDIT if index % 2 == 0 else EDIT[::-1]
            text = section.read_text(encoding="utf-8")
            assert old in text
            used = cpu_seconds(process.pid)
            saved = time.perf_counter()
            section.write_text(text.replace(old, new, 1), encoding="utf-8")
            found, seen = wait_for(REBUILT)
            after = cpu_seconds(process.pid)
            if used is not None and after is not None:
                cpu.append(after - used)
            save_to_pdf.append(seen - saved)
            rebuild.append(float(found.group(1)))
            changed.append(found.group(2).strip())
            if not edition:  # the other editions, written in the background, before the next save
                wait_for(ALSO_BUILT)
            time.sleep(0.3)
    finally:
        section.write_text(original, encoding="utf-8")
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGABRT)  # faulthandler writes every thread's stack
            process.wait(timeout=30)
            errors.seek(0)
            raise RuntimeError("brochure watch did not stop on Ctrl-C within 30 s; where it was:\n"
                               + errors.read()[-4000:]) from None
        reader.join(timeout=10)
        stream.close()
    return save_to_pdf, rebuild, changed, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--edits", type=int, default=6)
    parser.add_argument("--edition", help="watch this edition alone (default: every edition declared, the "
                                          "first written first, as `brochure watch` alone does)")
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = make_scaled(Path(scratch) / "n1", 1)
        save_to_pdf, rebuild, changed, cpu = watch_edits(folder, arguments.edits, arguments.edition)
    print(f"save -> new PDF: median {statistics.median(save_to_pdf):.3f} s "
          f"(each: {', '.join(f'{value:.3f}' for value in save_to_pdf)})")
    print(f"rebuild itself:  median {statistics.median(rebuild):.3f} s; pages changed: {changed[0]}")
    if cpu:
        print(f"watch process CPU per edit: median {statistics.median(cpu):.3f} s (clock ticks of 10 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
