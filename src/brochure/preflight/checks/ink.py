"""Preflight check of total ink coverage: the pages Ghostscript rendered (rendering.py),
averaged over about 1 mm², against the profile's limits; a page drawn by the same objects
as an earlier one has its coverage and is not rendered again."""

from __future__ import annotations

from brochure.preflight.checks import Document, check, error, measured, warn
from brochure.preflight.rendering import CHUNK, MAX_RENDERED_AREA, POINT_AREA, InkRendering
from brochure.preflight.report import Finding

__all__ = ["CHUNK", "InkRendering", "ink"]

MM = 72 / 25.4


def tenth(value: float) -> str:
    """A percentage to a tenth, without a trailing .0: 400, 329.8."""
    return f"{value:.1f}".removesuffix(".0")


def over_limit(peak: float, limit: float, where: str) -> str:
    """What an ink finding says: the figure, the limit, by how much, and the fix."""
    over = peak - limit
    by = tenth(over) if over >= 0.05 else "less than 0.1"
    return (f"{tenth(peak)} % total ink {where}: {by} % over the limit of {limit:g} %; lower the ink there "
            f"(images the build converts stay under print: ink_limit; a CMYK image is placed as it is: "
            f"separate it again with a total ink limit of {limit:g} % or less)")


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
    findings = []
    areas = {page.number: box.width * box.height * page.user_unit ** 2 * POINT_AREA
             for page in document.facts.pages if (box := page.bleed or page.media) is not None}
    too_large = {number for number, area in areas.items() if area > MAX_RENDERED_AREA}
    for number in sorted(too_large):
        findings.append(error("limits", number, f"ink not checked: the page is {areas[number]:.1f} m², more than "
                                                f"the {MAX_RENDERED_AREA:g} m² rendered (the limit on page area)"))
    if document.ink is not None and too_large & {page for chunk in document.ink.chunks for page in chunk.pages}:
        document.ink.close()  # started before the sizes were known (it checks the first pages, but not twice)
        return findings
    rendering = document.ink or InkRendering(document.path)
    highest: tuple[float, int, str, tuple[float, float] | None] | None = None
    # a page drawn by the same objects as an earlier one has its coverage; a page painted only in device
    # colours that cannot reach the warning level (facts.ink_bound) needs no rendering at all
    bounded = [page for page in document.facts.pages if page.same_as is None and page.ink_bound is not None
               and page.ink_bound <= profile.ink_warn]
    skipped = {page.number for page in bounded} | too_large
    rendering.plan([page.number for page in document.facts.pages
                    if page.same_as is None and page.number not in skipped], areas)
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
            # compared unrounded, and shown to a tenth: 329.8 % is never "330 % (limit 330 %)"
            if peak > profile.ink_error:
                findings.append(error("ink-coverage", page.number, over_limit(peak, profile.ink_error, where), at))
            elif peak > profile.ink_warn:
                findings.append(warn("ink-coverage", page.number, over_limit(peak, profile.ink_warn, where), at))
    finally:
        if document.ink is None:
            rendering.close()
    if bounded:
        findings.append(measured("ink-coverage", None, f"{len(bounded)} page(s) not rendered: at most "
                                                       f"{max(page.ink_bound or 0 for page in bounded):.0f} % "
                                                       "total ink from the device colours they paint"))
    if highest is not None:
        findings.append(measured("ink-coverage", highest[1], f"highest {tenth(highest[0])} % {highest[2]}", highest[3]))
    return findings
