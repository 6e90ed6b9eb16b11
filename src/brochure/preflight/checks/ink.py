"""Preflight check of total ink coverage: each page rendered to CMYK by Ghostscript
(pamcmyk32, bleed box), averaged over about 1 mm², against the profile's limits."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image

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
    """The highest total coverage (percent) over 1 mm² blocks, and where (mm from top left)."""
    blocks = [channel.reduce(2) for channel in image.split()]
    width = blocks[0].width
    peak, where = 0, 0
    for index, values in enumerate(zip(*(block.tobytes() for block in blocks))):
        total = sum(values)
        if total > peak:
            peak, where = total, index
    return peak / 255 * 100, (where % width, where // width)


@check("ink")
def ink(document: Document) -> list[Finding]:
    ghostscript = shutil.which("gs")
    if ghostscript is None:
        return [warn("ink-coverage", None, "not checked: Ghostscript (gs) is not installed "
                                           "(apt-get install ghostscript)")]
    profile = document.profile
    findings = []
    with tempfile.TemporaryDirectory() as folder:
        pattern = Path(folder) / "page-%d.pam"
        result = subprocess.run([ghostscript, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pamcmyk32",
                                 f"-r{RESOLUTION}", "-dUseBleedBox", f"-sOutputFile={pattern}", str(document.path)],
                                capture_output=True, text=True, timeout=300)
        if result.returncode != 0:
            return [warn("ink-coverage", None, f"not checked: Ghostscript failed: {result.stderr.strip()[:200]}")]
        for page in document.pages:
            rendered = Path(folder) / f"page-{page.number}.pam"
            if not rendered.exists():
                continue
            peak, (x, y) = coverage_peak(read_pam(rendered))
            detail = f"{peak:.0f} % total ink at {x} mm, {y} mm from the bleed's top left " \
                     f"(limit {profile.ink_error:g} %)"
            if peak > profile.ink_error:
                findings.append(error("ink-coverage", page.number, detail))
            elif peak > profile.ink_warn:
                findings.append(warn("ink-coverage", page.number, detail))
    return findings
