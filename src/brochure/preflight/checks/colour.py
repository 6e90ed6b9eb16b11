"""Preflight checks of colour: no DeviceRGB (operators, images, shadings) in a CMYK
print file; for PDF/X-1a, no ICC-based colour and no transparency."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, warn
from brochure.preflight.report import Finding


def _is_rgb(space: str) -> bool:
    return space in ("DeviceRGB", "Indexed:DeviceRGB", "CalRGB", "Indexed:CalRGB")


@check("colour")
def colour(document: Document) -> list[Finding]:
    profile = document.profile
    findings = []
    for page in document.pages:
        if not profile.allow_rgb:
            if "DeviceRGB" in page.colour_spaces:
                findings.append(error("colour-rgb", page.number, "DeviceRGB colour set by content (rg/RG)"))
            for image in page.images:
                if _is_rgb(image.colour_space):
                    findings.append(error("colour-rgb", page.number, f"RGB image {image.name.lstrip('/')} "
                                                                     f"({image.width_px}×{image.height_px})"))
            if any(_is_rgb(space) for space in page.shading_spaces):
                findings.append(error("colour-rgb", page.number, "RGB shading"))
            icc_rgb = [s for s in page.colour_spaces | {i.colour_space for i in page.images} if s == "ICCBased3"]
            if icc_rgb and profile.allow_icc:
                findings.append(warn("colour-rgb", page.number, "ICC-based RGB colour: converted by the RIP"))
        if not profile.allow_icc:
            spaces = page.colour_spaces | {image.colour_space for image in page.images} | page.shading_spaces
            for space in sorted(s for s in spaces if s.startswith(("ICCBased", "Indexed:ICCBased"))):
                findings.append(error("colour-icc", page.number, f"{space} colour; {profile.name} allows device "
                                                                 "CMYK and spot colours only"))
        if not profile.allow_transparency and page.transparency:
            findings.append(error("transparency", page.number, "transparency: " +
                                  ", ".join(sorted(set(page.transparency)))))
    return findings
