"""Preflight check of image resolution at the size placed on the page (from the
transformation matrix, not the file's dpi tag)."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, warn
from brochure.preflight.report import Finding


@check("images")
def images(document: Document) -> list[Finding]:
    profile = document.profile
    findings = []
    for page in document.pages:
        for image in page.images:
            if image.bits == 1 or min(image.width_px, image.height_px) < 8:
                continue  # line art and tiny decorations are judged otherwise
            ppi = image.ppi
            detail = (f"{image.name.lstrip('/')}: {ppi:.0f} ppi ({image.width_px}×{image.height_px} px placed "
                      f"at {image.placed_width / 72 * 25.4:.0f}×{image.placed_height / 72 * 25.4:.0f} mm); "
                      f"target 300")
            if ppi < profile.image_ppi_error:
                findings.append(error("image-resolution", page.number, detail))
            elif ppi < profile.image_ppi_warn:
                findings.append(warn("image-resolution", page.number, detail))
    return findings
