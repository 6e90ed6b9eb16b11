"""Layout stage: a figure that fills the room a section leaves at the foot of its last page.

`fill:` on a sequence item: the figure is set after the section only when more
than a share of the type area is still free and the figure fits there; else it
takes no room at all (it never starts a page of its own). Where more room is
free, a figure that can be remade taller (a map) grows into it, up to
`MAX_GROWTH` times its height. What it did is noted for --explain.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import Flowable

from brochure.layout.page_map import FillChoice, PageMap

MAX_GROWTH = 1.3  # a figure that fills the foot grows to at most this many times its height


class FillIfRoom(Flowable):
    def __init__(self, figure: Flowable, min_free_share: float, frame_height: float, item: str,
                 page_map: PageMap, taller: Callable[[float], Flowable] | None = None, height: float = 0.0):
        super().__init__()
        self.base = figure
        self.figure = figure
        self.taller = taller  # the figure remade at a given height
        self.base_height = height
        self.min_free_share = min_free_share
        self.frame_height = frame_height
        self.item = item
        self.page_map = page_map
        self.placed = False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.figure = self.base
        width, height = self.figure.wrap(availWidth, availHeight)
        room = availHeight - self.figure.getSpaceBefore() - self.figure.getSpaceAfter()
        if self.taller is not None and self.base_height and room > height:
            self.figure = self.taller(min(room - (height - self.base_height), MAX_GROWTH * self.base_height))
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
