"""Preflight checks of the page boxes: TrimBox on every page, Trim ⊆ Bleed ⊆ Media,
bleed of at least the profile's size on every side. Boxes are read as written: a
page without a BleedBox has no bleed beyond its TrimBox (nothing is filled in)."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, measured
from brochure.preflight.report import Finding

MM = 72 / 25.4


@check("boxes")
def boxes(document: Document) -> list[Finding]:
    findings = []
    minimum = document.profile.min_bleed
    sizes: dict[str, list[int]] = {}
    for page in document.facts.pages:
        if page.media is None:
            findings.append(error("box-nesting", page.number, "no usable MediaBox"))
            continue
        trim = page.trim or page.art
        if trim is None:
            if document.profile.require_trim_box:
                findings.append(error("trim-box", page.number, "no TrimBox (nor ArtBox)"))
            continue
        bleed = page.bleed or trim
        if not bleed.inside(page.media):
            findings.append(error("box-nesting", page.number, "the BleedBox reaches outside the MediaBox"))
        if not trim.inside(bleed):
            findings.append(error("box-nesting", page.number, "the TrimBox reaches outside the BleedBox"))
        sides = {"left": trim.left - bleed.left, "bottom": trim.bottom - bleed.bottom,
                 "right": bleed.right - trim.right, "top": bleed.top - trim.top}
        short = {side: amount for side, amount in sides.items() if amount < minimum - 0.01}
        if short:
            detail = ", ".join(f"{side} {amount / MM:.1f} mm" for side, amount in short.items())
            findings.append(error("bleed", page.number, f"bleed under {minimum / MM:.0f} mm: {detail}"))
        size = (f"trim {trim.width / MM:.0f}×{trim.height / MM:.0f} mm, "
                f"bleed {min(sides.values()) / MM:.1f} mm")
        sizes.setdefault(size, []).append(page.number)
    for size, pages in sizes.items():
        findings.append(measured("boxes", pages[0] if len(pages) == 1 else None,
                                 f"{size} on {len(pages)} page(s)"))
    return findings
