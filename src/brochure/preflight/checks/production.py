"""Preflight checks of production details: hairlines, tiny text, small text in too many
inks or rich black, small black text that knocks out, white overprint, page count
(the multiple comes from the binding or a house profile)."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, measured, warn
from brochure.preflight.facts import PageFacts, TextRun
from brochure.preflight.report import Finding


def _printing_text(page: PageFacts) -> list[TextRun]:
    """Text that prints: not invisible (mode 3), not in the slug (cut away with the marks)."""
    area = page.bleed or page.trim or page.media
    return [run for run in page.text if run.text_render != 3 and
            (area is None or (area.left <= run.x <= area.right and area.bottom <= run.y <= area.top))]


def _page_details(page: PageFacts, document: Document) -> list[Finding]:
    profile = document.profile
    findings = []
    thin = [width for width in page.stroke_widths if width < profile.min_line_width - 1e-6]
    if thin:
        findings.append(warn("line-width", page.number, f"{len(thin)} lines thinner than "
                                                        f"{profile.min_line_width:g} pt (thinnest {min(thin):.2f} pt)"))
    visible = _printing_text(page)
    tiny = [run for run in visible if run.size < profile.min_text_size - 1e-6]
    if tiny:
        smallest = min(tiny, key=lambda run: run.size)
        findings.append(warn("text-size", page.number, f"{len(tiny)} text runs under {profile.min_text_size:g} pt "
                                                       f"(smallest {smallest.size:.1f} pt)", (smallest.x, smallest.y)))
    small = [run for run in visible if run.size < profile.small_text_size - 1e-6]
    many_inks = [run for run in small if run.colour.space == "DeviceCMYK" and run.colour.inks > 2]
    if many_inks:
        findings.append(warn("small-text-inks", page.number, f"{len(many_inks)} small text runs in more than "
                                                             "two inks: hard to register"))
    rich = [run for run in small if run.colour.is_rich_black]
    if rich:
        findings.append(warn("small-text-rich-black", page.number, f"{len(rich)} small text runs in rich black"))
    if profile.pdfx:
        knockout = [run for run in small if run.colour.is_pure_black and not run.overprint]
        if knockout:
            findings.append(warn("black-overprint", page.number, f"{len(knockout)} small 100 % K text runs that "
                                                                 "do not overprint"))
    if page.white_overprint:
        findings.append(error("white-overprint", page.number, f"{page.white_overprint} white objects set to "
                                                              "overprint: they would vanish"))
    return findings


@check("production")
def production(document: Document) -> list[Finding]:
    findings = []
    for page in document.facts.pages:
        findings += _page_details(page, document)
    count = len(document.facts.pages)
    multiple = document.profile.page_multiple
    if count and multiple > 1 and count % multiple:
        findings.append(error("page-count", None, f"{count} pages: the binding needs a multiple of {multiple}"))
    sizes = [run.size for page in document.facts.pages for run in _printing_text(page)]
    if sizes:
        findings.append(measured("text-size", None, f"smallest text {min(sizes):.1f} pt"))
    widths = [width for page in document.facts.pages for width in page.stroke_widths]
    if widths:
        findings.append(measured("line-width", None, f"thinnest line {min(widths):.2f} pt"))
    return findings
