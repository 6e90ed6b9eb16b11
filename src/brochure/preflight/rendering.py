"""Preflight stage: pages rendered to CMYK by Ghostscript (pamcmyk32, bleed box) a chunk at a
time, so that a 1000-page file never fills the temp folder, and the peak total ink over 1 mm²
of each. Imports nothing heavy, so a preflight can start Ghostscript before it loads the rest."""

from __future__ import annotations

import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

RESOLUTION = 50.8  # 2 px per mm: a 2×2 block is 1 mm²
CHUNK = 32         # pages rendered by one Ghostscript run (about 1 MB each); the next renders while one is read
EARLY_PAGES = 4    # rendered from the start, while the file is read (a few: the rest once the repeats are known)
# a file of at most a chunk's pages is rendered whole from the start: each Ghostscript start reads the
# file and its fonts again (0.13 s of the 0.27 s an 18-page brochure takes), and with the early pages
# then the rest, a short file waited for two starts one after the other (0.15 s more a preflight)
SHORT_FILE = CHUNK
TIMEOUT = 600      # seconds for one chunk
# how a run that failed this time is reported (a report saying so is not kept: preflight/kept_reports.py)
FAILED, TIMED_OUT = "not checked: Ghostscript failed:", "not checked: Ghostscript took more than"
BYTES_PER_SQUARE_METRE = 4 * (1000 * RESOLUTION / 25.4) ** 2  # 4 inks of 8 bits: 16 MB
MAX_RENDERED_AREA = 4.0            # m² of one page rendered (its bleed box): 64 MB of temporary file
MAX_TEMPORARY_BYTES = 512 * 2 ** 20  # a run's temporary files: two chunks at most, each half of it
POINT_AREA = (25.4 / 72 / 1000) ** 2  # m² of a square point


def die_with_parent() -> Callable[[], None] | None:
    """What Ghostscript runs before it starts (Linux): it is killed when the preflight dies, even by
    SIGKILL, so that it never goes on writing temporary files for nobody."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None
    parent = os.getpid()

    def run() -> None:
        prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        if os.getppid() != parent:  # the parent died before prctl took effect
            os._exit(1)

    return run


def read_pam(path: Path) -> Image.Image:
    """A CMYK PAM (P7, 4 channels of 8 bits) as a Pillow image."""
    from PIL import Image

    data = path.read_bytes()
    end = data.index(b"ENDHDR\n") + len(b"ENDHDR\n")
    header = dict(line.split(" ", 1) for line in data[:end].decode("ascii").splitlines()[1:-1] if " " in line)
    size = (int(header["WIDTH"]), int(header["HEIGHT"]))
    return Image.frombytes("CMYK", size, data[end:end + size[0] * size[1] * 4])


def coverage_peak(image: Image.Image) -> tuple[float, tuple[int, int]]:
    """The highest total coverage (percent) over 1 mm² blocks, and where (mm from top left).
    The four inks are averaged over 2×2 pixels and added in Pillow's C code."""
    from PIL import ImageMath

    cyan, magenta, yellow, black = (channel.reduce(2).convert("I") for channel in image.split())
    total = ImageMath.lambda_eval(lambda ink: ink["c"] + ink["m"] + ink["y"] + ink["k"],
                                  c=cyan, m=magenta, y=yellow, k=black)
    peak = float(total.getextrema()[1])
    # 1 where the peak is, 0 or less elsewhere; "L" clips to 0..255, so getbbox finds it
    at_peak = ImageMath.lambda_eval(lambda ink: ink["t"] - (peak - 1), t=total).convert("L")
    hottest = at_peak.getbbox() or (0, 0, 0, 0)
    return peak / 255 * 100, (hottest[0], hottest[1])


class _Chunk:
    """One Ghostscript run over a list of pages into its own folder (files numbered in list order)."""

    def __init__(self, ghostscript: str, pdf: Path, folder: Path, pages: list[int]):
        self.pages, self.folder = pages, folder
        folder.mkdir()
        self.process = subprocess.Popen(
            [ghostscript, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pamcmyk32", f"-r{RESOLUTION}",
             "-dUseBleedBox", *_page_selection(pages), f"-sOutputFile={folder / 'page-%d.pam'}", str(pdf)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
            # one system call made before exec, with no lock or import: safe beside threads
            preexec_fn=die_with_parent())  # noqa: PLW1509

    @property
    def shown(self) -> str:
        return f"{self.pages[0]}–{self.pages[-1]}" if len(self.pages) > 1 else str(self.pages[0])

    def finish(self) -> str | None:
        """Wait for the run; a problem as text, or None."""
        try:
            _, errors = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            return f"{TIMED_OUT} {TIMEOUT // 60} minutes on pages {self.shown}"
        if self.process.returncode != 0:
            return f"{FAILED} {errors.decode('utf-8', 'replace').strip()[:200]}"
        return None

    def stop(self) -> None:
        if self.process.returncode is None:
            # its own process group (a terminal's Ctrl-C does not reach it): killed with whatever it started
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)


def _page_selection(pages: list[int]) -> list[str]:
    """A run of pages as First/LastPage (past the last page is no error: a short file's early chunk),
    other lists as Ghostscript's PageList."""
    if pages == list(range(pages[0], pages[-1] + 1)):
        return [f"-dFirstPage={pages[0]}", f"-dLastPage={pages[-1]}"]
    return [f"-sPageList={_page_list(pages)}"]


def _page_list(pages: list[int]) -> str:
    """Ghostscript's PageList: runs of pages as ranges ("1-32,40,45-47")."""
    runs: list[list[int]] = []
    for page in pages:
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return ",".join(f"{first}-{last}" if last > first else str(first) for first, last in runs)


class InkRendering:
    """Ghostscript rendering pages' bleed boxes to CMYK in chunks. The first few pages start at
    once, on another core while the file is read; then only the pages asked for (a page drawn
    by the same objects as an earlier one is not rendered again), a chunk ahead of the reading."""

    def __init__(self, pdf: Path, early: int = EARLY_PAGES):
        self.pdf = pdf
        self.folder = tempfile.TemporaryDirectory()
        self.problem: str | None = None
        self.ghostscript = shutil.which("gs")
        self.chunks: list[_Chunk] = []
        self.finished: set[int] = set()       # chunks waited for
        self.planned: list[int] = []          # pages to render, in order, past the early ones
        self.areas: dict[int, float] = {}     # m² of each planned page: chunks are cut to the temporary budget
        if self.ghostscript is None:
            self.problem = "not checked: Ghostscript (gs) is not installed (apt-get install ghostscript)"
            return
        if early:
            self._start(early_pages(pdf, early))

    def _start(self, pages: list[int]) -> None:
        if self.ghostscript is not None and pages:
            self.chunks.append(_Chunk(self.ghostscript, self.pdf, Path(self.folder.name) / f"chunk-{len(self.chunks)}",
                                      pages))

    def plan(self, pages: list[int], areas: dict[int, float] | None = None) -> None:
        """The pages whose coverage will be asked for, in that order, and their areas (m²); those not
        rendered yet are split into chunks started one ahead of the reading."""
        started = {page for chunk in self.chunks for page in chunk.pages}
        self.planned = [page for page in pages if page not in started]
        self.areas = areas or {}

    def _next_chunk(self) -> list[int]:
        """The next planned pages: CHUNK of them, fewer when they would pass half the temporary budget."""
        taken, size = 0, 0.0
        for page in self.planned[:CHUNK]:
            size += self.areas.get(page, 0.0) * BYTES_PER_SQUARE_METRE
            if taken and size > MAX_TEMPORARY_BYTES / 2:
                break
            taken += 1
        pages, self.planned = self.planned[:taken], self.planned[taken:]
        return pages

    def _chunk_of(self, number: int) -> int | None:
        for index, chunk in enumerate(self.chunks):
            if number in chunk.pages:
                return index
        return None

    def coverage(self, number: int, pages: int | None = None) -> tuple[float, tuple[int, int]] | None:
        """The peak coverage of page `number`, or None when it is not rendered. Without a plan, every
        page up to `pages` is planned in order."""
        if self.problem is not None:
            return None
        if not self.planned and self._chunk_of(number) is None and pages is not None:
            self.plan(list(range(number, pages + 1)))
        index = self._chunk_of(number)
        while index is None and self.planned:
            self._start(self._next_chunk())
            index = self._chunk_of(number)
        if index is None:
            return None
        for chunk in self.chunks[:index]:
            chunk.stop()  # read already (pages are asked for in order): free the disk
        chunk = self.chunks[index]
        if index == len(self.chunks) - 1 and self.planned:
            self._start(self._next_chunk())  # the next chunk renders while this one is read
        if index not in self.finished:
            self.problem = chunk.finish()
            self.finished.add(index)
            if self.problem is not None:
                return None
        rendered = chunk.folder / f"page-{chunk.pages.index(number) + 1}.pam"
        if not rendered.exists():
            return None
        try:
            return coverage_peak(read_pam(rendered))
        finally:
            rendered.unlink()

    def close(self) -> None:
        for chunk in self.chunks:
            chunk.stop()
        self.folder.cleanup()


def early_pages(pdf: Path, early: int) -> list[int]:
    """The first pages that can be rendered before the file is read: those among the first `early`
    (every page of a SHORT_FILE) whose bleed boxes are within the limits (read lazily from the
    file: a few objects)."""
    import pikepdf

    chosen: list[int] = []
    size = 0.0
    try:
        with pikepdf.open(pdf, access_mode=pikepdf.AccessMode.stream) as document:
            pages = len(document.pages)
            for index, page in enumerate(itertools.islice(document.pages, pages if pages <= SHORT_FILE else early)):
                area = page_area(page.bleedbox, page.obj.get("/UserUnit", 1))
                size += (area or 0.0) * BYTES_PER_SQUARE_METRE
                if area is None or area > MAX_RENDERED_AREA or size > MAX_TEMPORARY_BYTES / 2:
                    break
                chosen.append(index + 1)
    except Exception:  # noqa: BLE001 - whatever is wrong, the reading says it: nothing is rendered early
        return []
    return chosen


def page_area(box: object, unit: object = 1) -> float | None:
    """The area (m²) of a box of four numbers in user units of `unit` points; None when it is not one."""
    try:
        left, bottom, right, top = (float(value) for value in box)  # type: ignore[attr-defined]
        scale = float(unit)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return abs(right - left) * abs(top - bottom) * scale * scale * POINT_AREA
