"""Preflight check of image resolution at the size placed on the page (from the
transformation matrix, not the file's dpi tag)."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, measured, warn
from brochure.preflight.facts import PlacedImage
from brochure.preflight.report import Finding


def _describe(image: PlacedImage) -> str:
    return (f"{image.name}: {image.ppi:.0f} ppi ({image.width_px}×{image.height_px} px placed "
            f"at {image.placed_width / 72 * 25.4:.0f}×{image.placed_height / 72 * 25.4:.0f} mm)")


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
            detail = f"{_describe(image)}; target 300"
            if ppi < profile.image_ppi_error:
                findings.append(error("image-resolution", page.number, detail, image.centre))
            elif ppi < profile.image_ppi_warn:
                findings.append(warn("image-resolution", page.number, detail, image.centre))
    if lowest is not None:
        findings.append(measured("image-resolution", lowest[1], f"lowest: {_describe(lowest[2])}", lowest[2].centre))
    return findings
