"""Preflight checks of production details: hairlines, tiny text, small text in too many
inks or rich black, small black text that knocks out, white overprint, page count."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, warn
from brochure.preflight.report import Finding


@check("production")
def production(document: Document) -> list[Finding]:
    profile = document.profile
    findings = []
    for page, pdf_page in zip(document.pages, document.reader.pages):
        bleed = pdf_page.bleedbox
        inside = lambda run: (float(bleed.left) <= run.x <= float(bleed.right)  # noqa: E731
                              and float(bleed.bottom) <= run.y <= float(bleed.top))
        thin = [width for width in page.stroke_widths if width < profile.min_line_width - 1e-6]
        if thin:
            findings.append(warn("line-width", page.number, f"{len(thin)} lines thinner than "
                                                            f"{profile.min_line_width:g} pt (thinnest {min(thin):.2f} pt)"))
        # text that prints: not invisible (mode 3), not in the slug (marks and page lines are cut away)
        visible = [run for run in page.text if run.text_render != 3 and inside(run)]
        tiny = [run for run in visible if run.size < profile.min_text_size - 1e-6]
        if tiny:
            findings.append(warn("text-size", page.number, f"{len(tiny)} text runs under "
                                                           f"{profile.min_text_size:g} pt (smallest {min(r.size for r in tiny):.1f} pt)"))
        small = [run for run in visible if run.size < profile.small_text_size - 1e-6]
        many_inks = [run for run in small if run.colour.space == "DeviceCMYK" and run.colour.inks > 2]
        if many_inks:
            findings.append(warn("small-text-inks", page.number, f"{len(many_inks)} small text runs in more than "
                                                                 "two inks: hard to register"))
        rich = [run for run in small if run.colour.is_rich_black]
        if rich:
            findings.append(warn("small-text-rich-black", page.number, f"{len(rich)} small text runs in rich black"))
        knockout = [run for run in small if run.colour.is_pure_black and not run.overprint]
        if knockout:
            findings.append(warn("black-overprint", page.number, f"{len(knockout)} small 100 % K text runs that "
                                                                 "do not overprint"))
        if page.white_overprint:
            findings.append(error("white-overprint", page.number, f"{page.white_overprint} white objects set to "
                                                                  "overprint: they would vanish"))
    count = len(document.pages)
    if profile.page_multiple > 1 and count % profile.page_multiple:
        findings.append(error("page-count", None, f"{count} pages: a saddle-stitched booklet needs a multiple "
                                                  f"of {profile.page_multiple}"))
    return findings
