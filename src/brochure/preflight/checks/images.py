"""Preflight check of image resolution at the size placed on the page (from the
transformation matrix, not the file's dpi tag)."""

from __future__ import annotations

import math

from brochure.preflight.checks import Document, check, error, measured, warn
from brochure.preflight.facts import PlacedImage
from brochure.preflight.report import Finding


def _describe(image: PlacedImage) -> str:
    return (f"{image.name}: {image.ppi:.0f} ppi ({image.width_px}×{image.height_px} px placed "
            f"at {image.placed_width / 72 * 25.4:.0f}×{image.placed_height / 72 * 25.4:.0f} mm)")


TOLERANCE = 1e-6  # ppi: the placed size is read back from a matrix of floats


def _hint(image: PlacedImage, target: float) -> str:
    """How to reach `target` ppi: more pixels, or a smaller placement."""
    needed = math.ceil(image.placed_width / 72 * target)
    largest = image.width_px / target * 25.4
    return (f"target {target:g} ppi: use an image of at least {needed} px across at this size, "
            f"or place this one at most {largest:.0f} mm wide")


@check("images")
def images(document: Document) -> list[Finding]:
    profile = document.profile
    findings = []
    lowest: tuple[float, int, PlacedImage] | None = None
    for page in document.facts.pages:
        for image in page.images:
            if image.bits == 1 or min(image.width_px, image.height_px) < 8:
                continue  # line art and tiny decorations are judged otherwise
            ppi = image.ppi
            if lowest is None or ppi < lowest[0]:
                lowest = (ppi, page.number, image)
            detail = f"{_describe(image)}; {_hint(image, profile.image_ppi_warn)}"
            if ppi < profile.image_ppi_error - TOLERANCE:
                findings.append(error("image-resolution", page.number, detail, image.centre))
            elif ppi < profile.image_ppi_warn - TOLERANCE:
                findings.append(warn("image-resolution", page.number, detail, image.centre))
        placed = [image for image in page.images if image.bits != 1 and min(image.width_px, image.height_px) >= 8]
        if placed:  # every image's effective resolution, page by page
            findings.append(measured("image-resolution", page.number, "effective: " + "; ".join(
                _describe(image) for image in placed), placed[0].centre))
    if lowest is not None:
        findings.append(measured("image-resolution", lowest[1], f"lowest: {_describe(lowest[2])}", lowest[2].centre))
    return findings
