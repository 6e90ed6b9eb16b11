"""Preflight checks of the page boxes: TrimBox on every page, Trim ⊆ Bleed ⊆ Media,
bleed of at least the profile's size on every side."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error
from brochure.preflight.report import Finding

MM = 72 / 25.4


def _box(page, key):
    value = page.get(key)
    return [float(v) for v in value.get_object()] if value is not None else None


def _inside(inner, outer, tolerance=0.01) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance and
            inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


@check("boxes")
def boxes(document: Document) -> list[Finding]:
    findings = []
    minimum = document.profile.min_bleed
    for number, page in enumerate(document.reader.pages, start=1):
        media = _box(page, "/MediaBox")
        trim = _box(page, "/TrimBox") or _box(page, "/ArtBox")
        if trim is None:
            findings.append(error("trim-box", number, "no TrimBox (nor ArtBox)"))
            continue
        bleed = _box(page, "/BleedBox") or list(trim)
        if not _inside(bleed, media):
            findings.append(error("box-nesting", number, "the BleedBox reaches outside the MediaBox"))
        if not _inside(trim, bleed):
            findings.append(error("box-nesting", number, "the TrimBox reaches outside the BleedBox"))
        sides = {"left": trim[0] - bleed[0], "bottom": trim[1] - bleed[1],
                 "right": bleed[2] - trim[2], "top": bleed[3] - trim[3]}
        short = {side: amount for side, amount in sides.items() if amount < minimum - 0.01}
        if short:
            detail = ", ".join(f"{side} {amount / MM:.1f} mm" for side, amount in short.items())
            findings.append(error("bleed", number, f"bleed under {minimum / MM:.0f} mm: {detail}"))
    return findings
