"""Preflight check of total ink coverage: pages rendered to CMYK by Ghostscript
(pamcmyk32, bleed box) a few at a time, so a 1000-page file never fills the temp
folder, averaged over about 1 mm², against the profile's limits."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageMath

from brochure.preflight.checks import Document, check, error, measured, warn
from brochure.preflight.report import Finding

RESOLUTION = 50.8  # 2 px per mm: a 2×2 block is 1 mm²
CHUNK = 32         # pages rendered by one Ghostscript run (about 1 MB each); the next renders while one is read
TIMEOUT = 600      # seconds for one chunk
MM = 72 / 25.4


def read_pam(path: Path) -> Image.Image:
    """A CMYK PAM (P7, 4 channels of 8 bits) as a Pillow image."""
    data = path.read_bytes()
    end = data.index(b"ENDHDR\n") + len(b"ENDHDR\n")
    header = dict(line.split(" ", 1) for line in data[:end].decode("ascii").splitlines()[1:-1] if " " in line)
    size = (int(header["WIDTH"]), int(header["HEIGHT"]))
    return Image.frombytes("CMYK", size, data[end:end + size[0] * size[1] * 4])


def coverage_peak(image: Image.Image) -> tuple[float, tuple[int, int]]:
    """The highest total coverage (percent) over 1 mm² blocks, and where (mm from top left).
    The four inks are averaged over 2×2 pixels and added in Pillow's C code."""
    cyan, magenta, yellow, black = (channel.reduce(2).convert("I") for channel in image.split())
    total = ImageMath.lambda_eval(lambda ink: ink["c"] + ink["m"] + ink["y"] + ink["k"],
                                  c=cyan, m=magenta, y=yellow, k=black)
    peak = float(total.getextrema()[1])
    # 1 where the peak is, 0 or less elsewhere; "L" clips to 0..255, so getbbox finds it
    at_peak = ImageMath.lambda_eval(lambda ink: ink["t"] - (peak - 1), t=total).convert("L")
    hottest = at_peak.getbbox() or (0, 0, 0, 0)
    return peak / 255 * 100, (hottest[0], hottest[1])


class _Chunk:
    """One Ghostscript run over pages first..last into its own folder."""

    def __init__(self, ghostscript: str, pdf: Path, folder: Path, first: int, last: int):
        self.first, self.last, self.folder = first, last, folder
        folder.mkdir()
        self.process = subprocess.Popen(
            [ghostscript, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pamcmyk32", f"-r{RESOLUTION}",
             "-dUseBleedBox", f"-dFirstPage={first}", f"-dLastPage={last}",
             f"-sOutputFile={folder / 'page-%d.pam'}", str(pdf)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def finish(self) -> str | None:
        """Wait for the run; a problem as text, or None."""
        try:
            _, errors = self.process.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            self.stop()
            return f"not checked: Ghostscript took more than {TIMEOUT // 60} minutes on pages {self.first}–{self.last}"
        if self.process.returncode != 0:
            return f"not checked: Ghostscript failed: {errors.decode('utf-8', 'replace').strip()[:200]}"
        return None

    def stop(self) -> None:
        if self.process.returncode is None:
            self.process.kill()
            self.process.communicate()
        shutil.rmtree(self.folder, ignore_errors=True)


class InkRendering:
    """Ghostscript rendering the pages' bleed boxes to CMYK in chunks, the first started
    early so that it runs on another core while the other checks read the file."""

    def __init__(self, pdf: Path):
        self.pdf = pdf
        self.folder = tempfile.TemporaryDirectory()
        self.problem: str | None = None
        self.ghostscript = shutil.which("gs")
        self.chunks: dict[int, _Chunk] = {}
        self.finished: set[int] = set()
        if self.ghostscript is None:
            self.problem = "not checked: Ghostscript (gs) is not installed (apt-get install ghostscript)"
            return
        self._start(0)

    def _start(self, index: int) -> None:
        if self.ghostscript is not None and index not in self.chunks:
            self.chunks[index] = _Chunk(self.ghostscript, self.pdf, Path(self.folder.name) / f"chunk-{index}",
                                        index * CHUNK + 1, (index + 1) * CHUNK)

    def coverage(self, number: int, pages: int) -> tuple[float, tuple[int, int]] | None:
        """The peak coverage of page `number` (of `pages`), or None when it is not rendered."""
        if self.problem is not None:
            return None
        index = (number - 1) // CHUNK
        for earlier in [i for i in self.chunks if i < index]:
            self.chunks.pop(earlier).stop()  # read already: free the disk
        self._start(index)
        if (index + 1) * CHUNK < pages:
            self._start(index + 1)  # the next chunk renders while this one is read
        chunk = self.chunks[index]
        if index not in self.finished:
            self.problem = chunk.finish()
            self.finished.add(index)
            if self.problem is not None:
                return None
        rendered = chunk.folder / f"page-{number - chunk.first + 1}.pam"
        if not rendered.exists():
            return None
        try:
            return coverage_peak(read_pam(rendered))
        finally:
            rendered.unlink()

    def close(self) -> None:
        for chunk in self.chunks.values():
            chunk.stop()
        self.folder.cleanup()


def tenth(value: float) -> str:
    """A percentage to a tenth, without a trailing .0: 400, 329.8."""
    return f"{value:.1f}".removesuffix(".0")


def over_limit(peak: float, limit: float, where: str) -> str:
    """What an ink finding says: the figure, the limit, by how much, and the fix."""
    over = peak - limit
    by = tenth(over) if over >= 0.05 else "less than 0.1"
    return (f"{tenth(peak)} % total ink {where}: {by} % over the limit of {limit:g} %; lower the ink there "
            f"(images the build converts stay under print: ink_limit; a CMYK image is placed as it is: "
            f"separate it again with a total ink limit of {limit:g} % or less)")


@check("ink")
def ink(document: Document) -> list[Finding]:
    profile = document.profile
    if not profile.check_ink:
        return []
    beyond = [page.number for page in document.facts.pages
              if any(problem.rule == "limits" for problem in page.problems)]
    if beyond:
        # a page past our limits would keep Ghostscript busy for as long: do not render the file
        if document.ink is not None:
            document.ink.close()
        return [warn("ink-coverage", None, f"not checked: page {beyond[0]} is beyond the reading limits")]
    rendering = document.ink or InkRendering(document.path)
    findings = []
    highest: tuple[float, int, str, tuple[float, float] | None] | None = None
    pages = len(document.facts.pages)
    try:
        for page in document.facts.pages:
            found = rendering.coverage(page.number, pages)
            if found is None:
                if rendering.problem is not None:
                    return [warn("ink-coverage", None, rendering.problem)]
                continue
            peak, (x, y) = found
            where = f"at {x} mm, {y} mm from the bleed's top left"
            area = page.bleed or page.trim or page.media
            at = (area.left + x * MM, area.top - y * MM) if area is not None else None
            if highest is None or peak > highest[0]:
                highest = (peak, page.number, where, at)
            # compared unrounded, and shown to a tenth: 329.8 % is never "330 % (limit 330 %)"
            if peak > profile.ink_error:
                findings.append(error("ink-coverage", page.number, over_limit(peak, profile.ink_error, where), at))
            elif peak > profile.ink_warn:
                findings.append(warn("ink-coverage", page.number, over_limit(peak, profile.ink_warn, where), at))
    finally:
        if document.ink is None:
            rendering.close()
    if highest is not None:
        findings.append(measured("ink-coverage", highest[1], f"highest {tenth(highest[0])} % {highest[2]}", highest[3]))
    return findings
