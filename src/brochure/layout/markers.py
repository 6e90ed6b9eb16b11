"""Layout stage: the markers of a story that only the document template can act on (it alone
knows the page number and the frame's fill): page breaks that depend on the room left,
where a sequence item starts, items made late, the padding of a booklet, a section's gap."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence

from reportlab.platypus import Flowable
from reportlab.platypus.doctemplate import ActionFlowable

from brochure.layout.filler_pages import FillerPage, filler_order


class AutoPageBreak(ActionFlowable):
    """new_page: auto: a page break only when less than `free_share` of the type area is
    left; the document template decides (only it knows the frame) and notes its choice."""

    def __init__(self, free_share: float, item: str):
        super().__init__(("autoPageBreak", free_share, item))


class RunOnBreak(ActionFlowable):
    """A section that runs on: the document template may start it on a new page instead, when
    the page plan spreads the content over pages a binding would otherwise leave blank."""

    def __init__(self, item: str):
        super().__init__(("runOnBreak", item))


class ItemStart(ActionFlowable):
    """A marker: sequence item `position` begins here, after its page break. The document
    notes its state there, where a rebuild may find that the rest is unchanged."""

    def __init__(self, position: int):
        super().__init__(("itemStart", position))
        self.position = position


class DeferredItem(ActionFlowable):
    """A marker: sequence item `position`'s flowables, made only when layout reaches them. A
    rebuild in a live process defers the items that did not change (their glyphs were checked
    by the build before): most are never laid out again."""

    def __init__(self, position: int, make: Callable[[], list[Flowable]]):
        super().__init__(("deferredItem", position))
        self.position = position
        self.make = make


class FlowOrigins:
    """Where each flowable the story builder made comes from: (sequence item position, index among
    the item's flowables). Known only for the very objects it made: a part split off one, a copy,
    a group reportlab makes of several, is none of them. A rebuild in a live process compares two
    builds where a page begins with the same flowable (render/reuse.py)."""

    def __init__(self) -> None:
        self._made: weakref.WeakValueDictionary[int, Flowable] = weakref.WeakValueDictionary()
        self._where: dict[int, tuple[int, int] | None] = {}

    def note(self, position: int, flowables: Sequence[Flowable], first: int = 0) -> None:
        """Item `position`'s flowables, numbered from `first` (its markers before it: -n to -1,
        page breaks, a template change, a section's gap, its start)."""
        for index, flowable in enumerate(flowables, first):
            key = id(flowable)
            # one object in two places (none is, today) has no one origin: it is never compared
            self._where[key] = None if self._made.get(key) is flowable else (position, index)
            self._made[key] = flowable  # (a gone object leaves this map: its id means nothing)

    def of(self, flowable: Flowable) -> tuple[int, int] | None:
        key = id(flowable)
        return self._where.get(key) if self._made.get(key) is flowable else None


TOUCHED = "_touched_by_layout"  # set on a flowable the document template changed ahead of placing it


class PadPages(Flowable):
    """A marker: blank pages go here until the pages after it end on a multiple.

    `pages_after` is how many pages follow (the back cover). The document
    template acts on it, since only it knows the current page number.
    """

    def __init__(self, multiple: int, pages_after: int, template: str,
                 fillers: Sequence[FillerPage] = (),
                 notes: Callable[[], list[Flowable]] | None = None):
        super().__init__()
        self.multiple = multiple
        self.pages_after = pages_after
        self.template = template
        # pages the layout offers instead of blank ones, in order
        self.fillers = filler_order(fillers)
        # the layout's notes, which may run on at the foot of the last page when other fillers follow
        self.notes = notes

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class SectionGap(Flowable):
    """The designed space above a section that runs on after the one before; none at the top
    of a column (reportlab drops the space before a flowable there)."""

    def __init__(self, height: float):
        super().__init__()
        self.spaceBefore = height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass
