"""Layout stage: pure geometry of pages and frames, in media-box points."""

from __future__ import annotations

from brochure.model.design import Margins, PageGeometry, PageTemplate
from brochure.units import Rect


def page_margins(page: PageGeometry, template: PageTemplate) -> Margins:
    return template.margins or Margins(page.margin_inner, page.margin_outer,
                                       page.margin_top, page.margin_bottom)


def is_recto(page_number: int) -> bool:
    """Page 1 is a right-hand page; odd pages are rectos."""
    return page_number % 2 == 1


def text_frame(page: PageGeometry, template: PageTemplate, recto: bool) -> Rect:
    """The text area of a page: the trim less the margins, inner margin at the spine."""
    margins = page_margins(page, template)
    left, right = (margins.inner, margins.outer) if recto else (margins.outer, margins.inner)
    return page.trim_box.inset(left, margins.bottom, right, margins.top)


def column_rects(frame: Rect, count: int, gutter: float) -> list[Rect]:
    """The frame cut into `count` columns of equal width, left to right."""
    width = (frame.width - gutter * (count - 1)) / count
    return [Rect(frame.x + index * (width + gutter), frame.y, width, frame.height) for index in range(count)]


def band_rect(page: PageGeometry, edge: str, size: float, recto: bool) -> Rect:
    """A band of `size` along an edge of the trim, extended through the bleed."""
    trim, bleed = page.trim_box, page.bleed
    if edge in ("inner", "outer"):
        edge = {("inner", True): "left", ("inner", False): "right",
                ("outer", True): "right", ("outer", False): "left"}[(edge, recto)]
    full = trim.outset(bleed)
    if edge == "top":
        return Rect(full.x, trim.top - size, full.width, size + bleed)
    if edge == "bottom":
        return Rect(full.x, full.y, full.width, size + bleed)
    if edge == "left":
        return Rect(full.x, full.y, size + bleed, full.height)
    return Rect(trim.right - size, full.y, size + bleed, full.height)
