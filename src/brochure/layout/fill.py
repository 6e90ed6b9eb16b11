"""Layout stage: a figure that fills the room a section leaves at the foot of its last page.

`fill:` on a sequence item: the figure is set after the section only when more
than a share of the type area is still free and the figure fits there; else it
takes no room at all (it never starts a page of its own). What it did is noted
for --explain.
"""

from __future__ import annotations

from reportlab.platypus import Flowable

from brochure.layout.page_map import FillChoice, PageMap


class FillIfRoom(Flowable):
    def __init__(self, figure: Flowable, min_free_share: float, frame_height: float, item: str,
                 page_map: PageMap):
        super().__init__()
        self.figure = figure
        self.min_free_share = min_free_share
        self.frame_height = frame_height
        self.item = item
        self.page_map = page_map
        self.placed = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        width, height = self.figure.wrap(availWidth, availHeight)
        needed = height + self.figure.getSpaceBefore()
        self.placed = availHeight >= max(needed, self.min_free_share * self.frame_height)
        self.free_share = availHeight / self.frame_height if self.frame_height else 0.0
        self.width, self.height = (width, height) if self.placed else (0, 0)
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.figure.getSpaceBefore() if self.placed else 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        self.page_map.fills.append(FillChoice(self.canv.getPageNumber(), self.item, round(self.free_share, 3),
                                              self.placed))
        if self.placed:
            self.figure.drawOn(self.canv, 0, 0)
