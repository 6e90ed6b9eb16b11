"""Preflight checks of fonts: every font used (forms, glyphs and appearances included)
is embedded and its program is not empty; fonts listed but never used are reported."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, measured, warn
from brochure.preflight.report import Finding

BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


@check("fonts")
def fonts(document: Document) -> list[Finding]:
    findings = []
    used: dict[str, str] = {}
    for page in document.facts.pages:
        for font in sorted(page.fonts_used, key=lambda font: font.name):
            if not font.embedded:
                base14 = " (a PDF base-14 font)" if any(b in font.name for b in BASE14) else ""
                findings.append(error("fonts-embedded", page.number, f"{font.name} is not embedded{base14}"))
                used[font.name] = "not embedded"
            elif font.too_large is not None:
                findings.append(error("limits", page.number, f"{font.name}: not checked: {font.too_large}"))
                used[font.name] = "not checked"
            elif font.empty_program:
                findings.append(error("fonts-embedded", page.number, f"{font.name}: the embedded font program "
                                                                     "is empty (no bytes, or zero bytes only)"))
                used[font.name] = "empty program"
            else:
                subset = "subset" if len(font.name) > 7 and font.name[6] == "+" else "embedded"
                used.setdefault(font.name, f"{font.subtype}, {subset}")
    unused: dict[str, list[int]] = {}
    for page in document.facts.pages:
        names_used = {font.name for font in page.fonts_used}
        for font in page.fonts_listed:
            if font.name not in names_used and page.number not in unused.get(font.name, []):
                unused.setdefault(font.name, []).append(page.number)
    for name, pages in sorted(unused.items()):
        shown = ", ".join(map(str, pages[:12])) + (" …" if len(pages) > 12 else "")
        findings.append(warn("fonts-unused", pages[0] if len(pages) == 1 else None,
                             f"{name} is listed but never used on {len(pages)} page(s): {shown}"))
    if used:
        findings.append(measured("fonts", None, "; ".join(f"{name} ({how})" for name, how in sorted(used.items()))))
    return findings
