"""Preflight check of total ink coverage: the pages Ghostscript rendered (rendering.py),
averaged over about 1 mm², against the profile's limits; a page drawn by the same objects
as an earlier one has its coverage and is not rendered again."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, measured, warn
from brochure.preflight.rendering import CHUNK, InkRendering
from brochure.preflight.report import Finding

__all__ = ["CHUNK", "InkRendering", "ink"]

MM = 72 / 25.4


@check("ink")
def ink(document: Document) -> list[Finding]:
    profile = document.profile
    if not profile.check_ink:
        return []
    beyond = [page.number for page in document.facts.pages
              if any(problem.rule == "limits" for problem in page.problems)]
    if beyond:
        # a page past our limits would keep Ghostscript busy for as long: do not render the file
        if document.ink is not None:
            document.ink.close()
        return [warn("ink-coverage", None, f"not checked: page {beyond[0]} is beyond the reading limits")]
    rendering = document.ink or InkRendering(document.path)
    findings = []
    highest: tuple[float, int, str, tuple[float, float] | None] | None = None
    # a page drawn by the same objects as an earlier one has its coverage; a page painted only in device
    # colours that cannot reach the warning level (facts.ink_bound) needs no rendering at all
    bounded = [page for page in document.facts.pages if page.same_as is None and page.ink_bound is not None
               and page.ink_bound <= profile.ink_warn]
    skipped = {page.number for page in bounded}
    rendering.plan([page.number for page in document.facts.pages
                    if page.same_as is None and page.number not in skipped])
    peaks: dict[int, tuple[float, tuple[int, int]] | None] = {}
    try:
        for page in document.facts.pages:
            if page.number in skipped or page.same_as in skipped:
                continue
            if page.same_as is not None:
                found = peaks.get(page.same_as)
            else:
                found = peaks[page.number] = rendering.coverage(page.number)
            if found is None:
                if rendering.problem is not None:
                    return [warn("ink-coverage", None, rendering.problem)]
                continue
            peak, (x, y) = found
            where = f"at {x} mm, {y} mm from the bleed's top left"
            area = page.bleed or page.trim or page.media
            at = (area.left + x * MM, area.top - y * MM) if area is not None else None
            if highest is None or peak > highest[0]:
                highest = (peak, page.number, where, at)
            detail = f"{peak:.0f} % total ink {where} (limit {profile.ink_error:g} %)"
            if peak > profile.ink_error:
                findings.append(error("ink-coverage", page.number, detail, at))
            elif peak > profile.ink_warn:
                findings.append(warn("ink-coverage", page.number, detail, at))
    finally:
        if document.ink is None:
            rendering.close()
    if bounded:
        findings.append(measured("ink-coverage", None, f"{len(bounded)} page(s) not rendered: at most "
                                                       f"{max(page.ink_bound or 0 for page in bounded):.0f} % "
                                                       "total ink from the device colours they paint"))
    if highest is not None:
        findings.append(measured("ink-coverage", highest[1], f"highest {highest[0]:.0f} % {highest[2]}", highest[3]))
    return findings
