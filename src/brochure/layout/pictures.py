"""Layout stage: image blocks as designers place them. A figure sized to the frame, a column,
a share or a length, aligned, cropped around its focus or shown whole, its captions at its
width; placed where it stands, or floated to the top or foot of a column, or the next page."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable

from brochure.errors import Location
from brochure.images import Fitting, ImageAssets, PreparedImage
from brochure.layout.flowables import Stack, draw_cropped, gap
from brochure.model.content import Focus, ImageWidth

EPSILON = 1e-6
STORY_ORDER = itertools.count()  # numbers floats as the story makes them: only their order matters


@dataclass(frozen=True)
class PictureSpec:
    """What an image block asks for, before the width it gets is known."""

    path: str
    width: ImageWidth = field(default_factory=ImageWidth)
    align: str = "centre"
    fit: str = "cover"
    focus: Focus = field(default_factory=Focus)
    height: float | None = None  # cover: the box's image_height when None; contain: the image's proportion
    where: Location | None = None


def resolved_width(width: ImageWidth, available: float, columns: int, gutter: float) -> float:
    """The width an image takes of `available` points: the frame, one of `columns`, a share, a length."""
    if width.kind == "column":
        return (available - gutter * (columns - 1)) / columns
    if width.kind == "share":
        return available * width.value
    if width.kind == "length":
        return min(width.value, available)
    return available


def aligned_x(width: float, available: float, align: str) -> float:
    if align == "left":
        return 0.0
    if align == "right":
        return available - width
    return (available - width) / 2


class Picture(Flowable):
    """An image in a box of its own width at `align` in the available width: `cover` fills the
    box and is cropped around the focus (the crop is made in the pixels, so only what shows is
    embedded), `contain` shows the whole image. Prepared for the edition when its size is known."""

    def __init__(self, spec: PictureSpec, assets: ImageAssets, columns: int, gutter: float, what: str,
                 default_height: float):
        super().__init__()
        self.spec = spec
        self.assets = assets
        self.columns = columns
        self.gutter = gutter
        self.what = what
        self.default_height = default_height
        self.box_width = 0.0
        self.box_height = 0.0
        self.x = 0.0
        self.prepared: PreparedImage | None = None

    def fitting(self, width: float) -> Fitting:
        spec = self.spec
        height = spec.height if spec.height is not None else (self.default_height if spec.fit == "cover" else None)
        return Fitting(width, height, spec.fit, spec.focus)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.box_width = resolved_width(self.spec.width, availWidth, self.columns, self.gutter)
        prepared = self.prepared = self.assets.prepare(self.spec.path, self.fitting(self.box_width), self.spec.where)
        if self.spec.fit == "cover" or self.spec.height is not None:
            self.box_height = self.fitting(self.box_width).height or 0.0
        else:
            self.box_height = self.box_width * prepared.height_px / prepared.width_px
        self.x = aligned_x(self.box_width, availWidth, self.spec.align)
        self.width, self.height = availWidth, self.box_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        prepared = self.prepared
        assert prepared is not None  # wrapped before drawn
        if self.spec.fit == "cover":
            draw_cropped(self.canv, prepared.drawable, prepared.width_px, prepared.height_px,
                         self.x, 0, self.box_width, self.box_height, prepared.xobject_name)
            return
        scale = min(self.box_width / prepared.width_px, self.box_height / prepared.height_px)
        width, height = prepared.width_px * scale, prepared.height_px * scale
        draw_cropped(self.canv, prepared.drawable, prepared.width_px, prepared.height_px,
                     self.x + aligned_x(width, self.box_width, self.spec.align), self.box_height - height,
                     width, height, prepared.xobject_name)


class Figure(Flowable):
    """A picture with what goes under it at its width: captions in their language columns when the
    picture spans the frame, else one above the other at the picture's width and position."""

    def __init__(self, picture: Picture, facing: Flowable | None, stacked: Sequence[Flowable]):
        super().__init__()
        self.picture = picture
        self.facing = facing
        self.stacked = Stack(stacked) if stacked else None
        self.below: Flowable | None = None
        self._below_x = 0.0

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        height = self.picture.wrap(availWidth, availHeight)[1]
        narrower = self.picture.box_width < availWidth - EPSILON
        self.below = self.stacked if narrower and self.stacked is not None else self.facing
        self._below_x = self.picture.x if narrower else 0.0
        if self.below is not None:
            width = self.picture.box_width if narrower else availWidth
            height += gap(self.picture, self.below) + self.below.wrap(width, availHeight)[1]
        self.width, self.height = availWidth, height
        return self.width, self.height

    def getSpaceAfter(self) -> float:
        return self.below.getSpaceAfter() if self.below is not None else self.picture.getSpaceAfter()

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        self.picture.drawOn(self.canv, 0, self.height - self.picture.height)
        if self.below is not None:
            self.below.drawOn(self.canv, self._below_x, 0)


# -- floats ----------------------------------------------------------------------------------------
# reportlab's document template lays `_topFlowables` at the top of every frame it begins and
# `_pageTopFlowables` at the top of every page (its SetTopFlowables mechanism); a float puts a copy
# of itself there, and the copy takes itself out once drawn.


def _document(flowable: Flowable) -> Any:
    """The document template drawing `flowable` (reportlab's private `_doctemplate`), or None."""
    return getattr(getattr(flowable, "canv", None), "_doctemplate", None)


def _frame(flowable: Flowable) -> Any:
    """The frame laying `flowable` out (reportlab's Frame sets `_frame` before it wraps; inside a
    group of rows, the document's current frame), or None."""
    found = getattr(flowable, "_frame", None)
    return found if found is not None else getattr(_document(flowable), "frame", None)


class Float(Flowable):
    """`content` at the top or foot of the frame it falls in, or of the next frame (when it is
    not at the top, or does not fit above the foot); at the top of the page (its first frame) or
    its foot (its last frame), or of the next page; or at the top of the next page. The text after
    it fills the room it leaves. `deferred`: the copy that waits for its frame."""

    _ZEROSIZE = 1
    splittable = False  # set whole (split gives nothing): column balancing counts on it

    def __init__(self, content: Flowable, place: str, deferred: bool = False, order: int | None = None):
        super().__init__()
        self.order = next(STORY_ORDER) if order is None else order  # floats left over keep story order
        self.content = content
        self.place = place
        self.deferred = deferred
        self._here = False  # drawn in this frame (rather than sent on)

    @property
    def at_foot(self) -> bool:
        return self.place in ("foot", "page-foot")

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        frame = _frame(self)
        at_top = bool(frame is not None and frame._atTop)
        frames = getattr(getattr(_document(self), "pageTemplate", None), "frames", None) or [frame]
        height = self.content.wrap(availWidth, availHeight)[1]
        fits = height <= availHeight + EPSILON
        if self.place == "top":
            self._here = at_top and fits
        elif self.place == "page-top":
            self._here = at_top and fits and frame is frames[0]
        elif self.place == "foot":
            self._here = fits
        elif self.place == "page-foot":
            self._here = fits and frame is frames[-1]
        else:  # next-page: only its copy, at a page's top, is drawn
            self._here = self.deferred and fits
        self.width = availWidth
        self.height = height if self._here and not self.at_foot else 0.0
        return self.width, self.height

    def getSpaceAfter(self) -> float:
        return self.content.getSpaceAfter() if self._here and not self.at_foot else 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        document = _document(self)
        if self.deferred and document is not None:
            document._topFlowables = [f for f in document._topFlowables if f is not self]
            document._pageTopFlowables = [f for f in document._pageTopFlowables if f is not self]
        if not self._here:
            if document is not None:
                waiting = Float(self.content, self.place, deferred=True, order=self.order)
                if self.place in ("next-page", "page-top"):
                    document._pageTopFlowables = [*document._pageTopFlowables, waiting]
                else:
                    document._topFlowables = [*document._topFlowables, waiting]
            return
        if not self.at_foot:
            self.content.drawOn(self.canv, 0, 0)
            return
        frame = _frame(self)
        if frame is None:
            self.content.drawOn(self.canv, 0, -self.content.height)
            return
        # the foot of the frame, in this flowable's coordinates; the frame then ends above it
        _, here_y = self.canv.absolutePosition(0, 0)
        bottom = frame._y1p
        self.content.drawOn(self.canv, 0, bottom - here_y)
        frame._y1p = bottom + self.content.height + gap(self.content, self.content)
        if document is not None:
            document._topFlowables = [*document._topFlowables, FrameRestore(frame)]


class FrameRestore(Flowable):
    """At the next frame's start: the frame a foot float shortened gets its own foot back."""

    _ZEROSIZE = 1

    def __init__(self, frame: Any):
        super().__init__()
        self.frame = frame

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0.0, 0.0

    def draw(self) -> None:
        self.frame._geom()
        document = _document(self)
        if document is not None:
            document._topFlowables = [f for f in document._topFlowables if f is not self]


class FloatsEnd(Flowable):
    """Where a part of the story ends (a section): floats still waiting for a frame's or a page's
    top are set here, one under the other, so that none crosses into what follows or is lost at
    the end of the document."""

    def __init__(self) -> None:
        super().__init__()
        self.waiting: list[Flowable] = []
        self._stack = Stack([])

    @property
    def splittable(self) -> bool:
        """Split between floats only: one float waiting is set whole (column balancing counts on it)."""
        return len(self.waiting) > 1

    def _take(self) -> None:
        document = _document(self)
        if document is None:
            return
        floats: list[Float] = []
        for name in ("_topFlowables", "_pageTopFlowables"):
            pending = getattr(document, name)
            floats += [f for f in pending if isinstance(f, Float)]
            setattr(document, name, [f for f in pending if not isinstance(f, Float)])
        self.waiting += [f.content for f in sorted(floats, key=lambda f: f.order)]

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._take()
        self._stack = Stack(self.waiting)
        self.width, self.height = self._stack.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if len(self.waiting) < 2 or self.waiting[0].wrap(availWidth, availHeight)[1] > availHeight + EPSILON:
            return []
        rest = FloatsEnd()
        rest.waiting = self.waiting[1:]
        return [self.waiting[0], rest]

    def draw(self) -> None:
        if self.waiting:
            self._stack.drawOn(self.canv, 0, 0)
