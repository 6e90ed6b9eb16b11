"""Benchmark: `brochure preflight` on a long file (the clean preflight fixture's pages
repeated to 1000 by qpdf): wall time, peak memory of preflight and of Ghostscript, and
the most temp space used at once (ink coverage is rendered a chunk of pages at a time).

    python -m benchmarks.preflight_pages [PAGES]
"""

from __future__ import annotations

import contextlib
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path


def folder_bytes(folder: Path) -> int:
    total = 0
    for path in folder.rglob("*"):
        with contextlib.suppress(OSError):  # removed while we looked
            total += path.stat().st_size
    return total


def main() -> int:
    from tests import preflight_fixtures

    pages = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    qpdf = shutil.which("qpdf")
    if qpdf is None:
        print("qpdf is needed (apt-get install qpdf)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        clean = folder / "clean.pdf"
        clean.write_bytes(preflight_fixtures.clean())  # 4 pages
        long = folder / "long.pdf"
        subprocess.run([qpdf, str(clean), "--pages", *[str(clean)] * (pages // 4), "--", str(long)], check=True)
        temp = folder / "tmp"
        temp.mkdir()
        peak_temp = 0
        done = threading.Event()

        def watch() -> None:
            nonlocal peak_temp
            while not done.wait(0.2):
                peak_temp = max(peak_temp, folder_bytes(temp))

        watcher = threading.Thread(target=watch)
        watcher.start()
        started = time.perf_counter()
        process = subprocess.Popen([sys.executable, "-m", "brochure", "preflight", str(long)],
                                   env={**os.environ, "TMPDIR": str(temp)}, stdout=subprocess.PIPE)
        output = process.communicate()[0].decode()
        wall = time.perf_counter() - started
        done.set()
        watcher.join()
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        print(output.strip().splitlines()[-1])
        print(f"{pages} pages: {wall:.1f} s wall, peak memory {children.ru_maxrss / 1024:.0f} MiB "
              f"(largest of preflight and Ghostscript), temp space at most {peak_temp / 2**20:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
