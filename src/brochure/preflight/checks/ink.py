"""Preflight check of total ink coverage: each page rendered to CMYK by Ghostscript
(pamcmyk32, bleed box), averaged over about 1 mm², against the profile's limits."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageMath

from brochure.preflight.checks import Document, check, error, warn
from brochure.preflight.report import Finding

RESOLUTION = 50.8  # 2 px per mm: a 2×2 block is 1 mm²


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
    peak = total.getextrema()[1]
    # 1 where the peak is, 0 or less elsewhere; "L" clips to 0..255, so getbbox finds it
    at_peak = ImageMath.lambda_eval(lambda ink: ink["t"] - (peak - 1), t=total).convert("L")
    hottest = at_peak.getbbox() or (0, 0, 0, 0)
    return peak / 255 * 100, (hottest[0], hottest[1])


class InkRendering:
    """Ghostscript rendering every page's bleed box to CMYK, started early so that it
    runs on another core while the other checks read the file."""

    def __init__(self, pdf: Path):
        self.folder = tempfile.TemporaryDirectory()
        self.process = None
        self.problem = None
        ghostscript = shutil.which("gs")
        if ghostscript is None:
            self.problem = "not checked: Ghostscript (gs) is not installed (apt-get install ghostscript)"
            return
        pattern = Path(self.folder.name) / "page-%d.pam"
        self.process = subprocess.Popen(
            [ghostscript, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pamcmyk32", f"-r{RESOLUTION}",
             "-dUseBleedBox", f"-sOutputFile={pattern}", str(pdf)],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

    def page(self, number: int) -> Path | None:
        """The rendered page (waiting for Ghostscript the first time), or None."""
        if self.process is not None and self.process.returncode is None:
            try:
                _, errors = self.process.communicate(timeout=600)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.communicate()
                self.problem = "not checked: Ghostscript took more than 10 minutes"
                return None
            if self.process.returncode != 0:
                self.problem = f"not checked: Ghostscript failed: {errors.decode('utf-8', 'replace').strip()[:200]}"
        if self.problem is not None:
            return None
        rendered = Path(self.folder.name) / f"page-{number}.pam"
        return rendered if rendered.exists() else None

    def close(self) -> None:
        if self.process is not None and self.process.returncode is None:
            self.process.kill()
            self.process.communicate()
        self.folder.cleanup()


@check("ink")
def ink(document: Document) -> list[Finding]:
    rendering = document.ink or InkRendering(document.path)
    profile = document.profile
    findings = []
    try:
        for page in document.pages:
            rendered = rendering.page(page.number)
            if rendered is None:
                if rendering.problem is not None:
                    return [warn("ink-coverage", None, rendering.problem)]
                continue
            peak, (x, y) = coverage_peak(read_pam(rendered))
            detail = f"{peak:.0f} % total ink at {x} mm, {y} mm from the bleed's top left " \
                     f"(limit {profile.ink_error:g} %)"
            if peak > profile.ink_error:
                findings.append(error("ink-coverage", page.number, detail))
            elif peak > profile.ink_warn:
                findings.append(warn("ink-coverage", page.number, detail))
    finally:
        if document.ink is None:
            rendering.close()
    return findings
