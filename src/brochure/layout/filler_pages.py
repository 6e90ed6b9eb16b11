"""Layout stage: the pages a binding needs beyond the content (`fillers:` in layout/pages.yaml).

A professional booklet never ends on pages of ruled lines when its content can fill them: the
page plan first spreads the content (layout/page_plan.py); the pages still missing then show the
layout's designed fillers (a map across the page), in the order the layout lists them, and ruled
notes only as the last resort: notes fillers are used after every designed one, and at most one
notes page is set (a second one would be a page of lines a designer does not sign off; a page
left blank instead is warned about at the edition's line).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from brochure.layout.flowables import EPSILON

MAX_NOTES_PAGES = 1  # ruled notes pages a booklet ends with, at most


@dataclass(frozen=True)
class FillerPage:
    """One page the layout offers instead of a blank one: its template and its flowables, made
    only when the binding needs the page; `notes`: ruled lines (the last resort)."""

    template: str
    make: Callable[[], list[Flowable]]
    notes: bool = False


def filler_order(fillers: Sequence[FillerPage]) -> tuple[FillerPage, ...]:
    """The fillers in the order their pages are used: the designed ones as the layout lists
    them, then at most `MAX_NOTES_PAGES` notes pages."""
    designed = [filler for filler in fillers if not filler.notes]
    notes = [filler for filler in fillers if filler.notes][:MAX_NOTES_PAGES]
    return (*designed, *notes)


class PicturePage(Flowable):
    """A designed filler page that is its template's picture alone (`image:`, drawn by the page
    template): it takes the rest of the frame, so that the page counts as full as a map page does,
    and draws nothing itself."""

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, max(availHeight - EPSILON, 0.0)
        return self.width, self.height

    def draw(self) -> None:
        pass


class MapPage(Flowable):
    """A designed filler page: its heading (one row of the page's languages, when the layout
    gives a `title`), then a map made as tall as the rest of the type area allows. On a page of
    flow columns (a one-language edition) it is set in the first and drawn across the type
    area, `span` wide: a map a column wide would be too narrow for its names."""

    splittable = False  # set whole: column balancing counts on it

    def __init__(self, heading: Flowable | None, make_map: Callable[[float], Flowable], max_height: float,
                 span: float | None = None):
        super().__init__()
        self.heading = heading
        self.make_map = make_map  # the map remade at a height, in points
        self.max_height = max_height  # the type area's: the page is this tall at most
        self.span = span
        self.map: Flowable | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        room = min(availHeight, self.max_height)
        width = max(self.span or 0.0, availWidth)
        above = 0.0
        if self.heading is not None:
            above = self.heading.wrap(width, room)[1] + self.heading.getSpaceAfter()
        self.map = self.make_map(room - above - 1)
        height = self.map.wrap(width, room - above)[1]
        self.width, self.height = availWidth, above + height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        if self.map is None:
            return
        y = self.height
        if self.heading is not None:
            y -= self.heading.height
            self.heading.drawOn(self.canv, 0, y)
            y -= self.heading.getSpaceAfter()
        self.map.drawOn(self.canv, 0, y - self.map.height)
