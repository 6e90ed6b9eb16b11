"""Preflight checks of fonts: every font used (forms included) is embedded; fonts
listed in resources but never used are reported."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, warn
from brochure.preflight.report import Finding

BASE14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")


def is_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    descriptors = [font.get("/FontDescriptor")]
    for descendant in font.get("/DescendantFonts") or []:
        descriptors.append(descendant.get_object().get("/FontDescriptor"))
    return any(d is not None and any(key in d.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3"))
               for d in descriptors)


@check("fonts")
def fonts(document: Document) -> list[Finding]:
    findings = []
    for page in document.pages:
        for name, font in sorted(page.fonts_used.items()):
            if not is_embedded(font):
                base14 = " (a PDF base-14 font)" if any(b in name for b in BASE14) else ""
                findings.append(error("fonts-embedded", page.number, f"{name.lstrip('/')} is not embedded{base14}"))
    unused: dict[str, list[int]] = {}
    for page in document.pages:
        for resource, font in page.fonts_listed.items():
            base = str(font.get("/BaseFont", resource))
            if base not in page.fonts_used:
                unused.setdefault(base, []).append(page.number)
    for base, pages in sorted(unused.items()):
        shown = ", ".join(map(str, pages[:12])) + (" …" if len(pages) > 12 else "")
        findings.append(warn("fonts-unused", pages[0] if len(pages) == 1 else None,
                             f"{base.lstrip('/')} is listed but never used on {len(pages)} page(s): {shown}"))
    return findings
