"""Layout stage: the map flowable (home city, partner cities, arcs) and the drawing of a map scene.

The geometry comes from brochure.cartography (pure); this module only turns a
scene into PDF drawing operators, in the layout's CMYK palette.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from functools import lru_cache

from reportlab.lib.colors import Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject
from reportlab.platypus import Flowable

from brochure.cartography.labels import LabelsDoNotFit
from brochure.cartography.scene import (
    CountryOutline,
    CountryShape,
    MapPlace,
    MapView,
    Scene,
    compose_scene,
    placed_rings,
)
from brochure.errors import Location, OversetError
from brochure.layout.kept_labels import placed_labels_kept
from brochure.layout.outlines import drawn_as_outlines
from brochure.layout.page_map import PageMap, PlacedMap

# A label's box: from the descender to the top of the capitals, as shares of the size.
LABEL_DESCENT = 0.2
LABEL_HEIGHT = 0.95


@dataclass(frozen=True)
class LabelFont:
    name: str
    size: float
    colour: Color


@dataclass(frozen=True)
class MapPaint:
    """The colours, line widths and fonts of a map, resolved from its map style."""

    land: Color | None
    partner_land: Color | None
    borders: Color | None
    border_width: float
    sea: Color | None
    arc: Color | None
    arc_width: float
    mark: Color
    home_mark: Color
    leader: Color | None
    label: LabelFont | None
    home_label: LabelFont | None
    halo: Color | None = None  # a thin outline of this colour around label letters, over arcs


def _path(canvas: Canvas, rings: tuple[tuple[tuple[float, float], ...], ...], closed: bool) -> PDFPathObject:
    return PDFPathObject(code=[_path_code(rings, closed)])  # what canvas.beginPath() and its moves build


def _country_path(shape: CountryShape) -> PDFPathObject:
    return PDFPathObject(code=[_country_code(shape.outline, shape.scale, shape.offset)])


@lru_cache(maxsize=4096)
def _country_code(outline: CountryOutline, scale: float, offset: tuple[float, float]) -> str:
    """A country's path operators on a map: those of its outline placed there, kept because the
    page plan's layouts, and the pages a map decorates, draw the same map again (about 50 000
    points a layout); by the outline (by identity: one per process) and its placing, cheap to
    look up where the placed points would have to be hashed."""
    return _rings_code(placed_rings(outline, scale, offset), True)


@lru_cache(maxsize=4096)
def _path_code(rings: tuple[tuple[tuple[float, float], ...], ...], closed: bool) -> str:
    """The path operators of `rings` (a map's arcs), kept: the page plan's layouts, and the
    pages a map decorates, draw the same map again."""
    return _rings_code(rings, closed)


def _rings_code(rings: tuple[tuple[tuple[float, float], ...], ...], closed: bool) -> str:
    """The path operators of `rings` as reportlab's path object writes them ("n" first, each
    point by fp_str, "m" then "l", "h" to close; joined by spaces: tests/test_trial_memos.py
    holds the two alike), without a method call a point (50 000 points a map page). A pure
    function of the points: points equal as floats are written alike (fp_str writes -0.0 as 0)."""
    operators = ["n"] if rings else []
    for ring in rings:
        operators.append(f"{fp_str(*ring[0])} m")
        operators += [f"{fp_str(x, y)} l" for x, y in ring[1:]]
        if closed:
            operators.append("h")
    return " ".join(operators)


def draw_scene(canvas: Canvas, scene: Scene, paint: MapPaint, texts: Sequence[str], x: float, y: float,
               set_labels: Sequence[Flowable | None] | None = None) -> None:
    """Draw `scene` with its lower left corner at (x, y), clipped to its box. `set_labels`, one per
    place: labels set as paragraphs (fallback fonts, shaping, right to left), drawn instead of `texts`."""
    canvas.saveState()
    canvas.translate(x, y)
    clip = canvas.beginPath()
    crop = scene.crop or (0.0, 0.0, scene.width, scene.height)  # a view's region: a clean edge
    clip.rect(*crop)
    canvas.clipPath(clip, stroke=0, fill=0)
    if paint.sea is not None:
        canvas.setFillColor(paint.sea)
        canvas.rect(*crop, stroke=0, fill=1)
    if paint.land is not None or paint.borders is not None:
        canvas.setLineWidth(paint.border_width)
        canvas.setLineJoin(1)
        if paint.borders is not None:
            canvas.setStrokeColor(paint.borders)
        for shape in scene.countries:
            fill = paint.partner_land if shape.partner and paint.partner_land is not None else paint.land
            if fill is not None:
                canvas.setFillColor(fill)
            canvas.drawPath(_country_path(shape), stroke=int(paint.borders is not None),
                            fill=int(fill is not None))
    if paint.arc is not None and scene.arcs:
        canvas.setStrokeColor(paint.arc)
        canvas.setLineWidth(paint.arc_width)
        canvas.setLineCap(1)
        canvas.drawPath(_path(canvas, scene.arcs, False), stroke=1, fill=0)
    if paint.leader is not None:
        canvas.setStrokeColor(paint.leader)
        canvas.setLineWidth(0.3)
        for label in scene.labels:
            if label is not None and label.leader is not None:
                canvas.line(*label.leader[0], *label.leader[1])
    for mark in scene.marks:
        canvas.setFillColor(paint.home_mark if mark.home else paint.mark)
        canvas.circle(mark.centre[0], mark.centre[1], mark.radius, stroke=0, fill=1)
    for index, (mark, label, text) in enumerate(zip(scene.marks, scene.labels, texts)):
        font = paint.home_label if mark.home else paint.label
        if label is None or font is None:
            continue
        baseline = label.box.y + font.size * LABEL_DESCENT
        paragraph = set_labels[index] if set_labels is not None else None
        if paragraph is not None:  # its first line at the top of the label's box
            first_baseline = label.box.y + label.box.height - font.size * (LABEL_HEIGHT - LABEL_DESCENT)
            _draw_set_label(canvas, paragraph, paint.halo, label.box.x, first_baseline, font.size)
            continue
        if paint.halo is not None:
            with _halo(canvas, paint.halo):
                halo = canvas.beginText(label.box.x, baseline)
                halo.setFont(font.name, font.size)
                halo.textOut(text)
                canvas.drawText(halo)
        canvas.setFillColor(font.colour)
        canvas.setFont(font.name, font.size)
        canvas.drawString(label.box.x, baseline, text)
    canvas.restoreState()


def _draw_set_label(canvas: Canvas, paragraph: Flowable, halo: Color | None, x: float, baseline: float,
                    size: float) -> None:
    """A label set as a paragraph, its first baseline on `baseline`; with a halo first."""
    bottom = baseline - paragraph.height + size
    if halo is not None:
        with _halo(canvas, halo):
            paragraph.drawOn(canvas, x, bottom)
    paragraph.drawOn(canvas, x, bottom)


@contextmanager
def _halo(canvas: Canvas, colour: Color) -> Iterator[None]:
    """The text drawn inside stroked in `colour` as a thin knock-out outline under the letters
    drawn next. Drawn as glyph outlines, not as text: no extractor reads a label twice (issue
    31); and on a canvas that tags its content (the screen edition's, which has a `tagger`),
    an artifact: it is decoration."""
    tagger = getattr(canvas, "tagger", None)
    with tagger.artifact(canvas) if tagger is not None else nullcontext():
        canvas.saveState()
        canvas.setStrokeColor(colour)
        canvas.setLineWidth(1.2)
        canvas.setLineJoin(1)
        with drawn_as_outlines(canvas):
            canvas.addLiteral("1 Tr")  # stroke only: how the outlines are painted (not written out)
            yield
        canvas.restoreState()


def map_scene(places: Sequence[MapPlace], width: float, height: float, extent: str | MapView, margin: float,
              mark_size: float, paint: MapPaint, align: str = "middle") -> Scene:
    """The scene of a map, labels measured in the paint's fonts."""
    label, home = paint.label, paint.home_label
    return composed_scene(tuple(places), width, height, extent, margin, mark_size,
                          (label.name, label.size) if label else None, (home.name, home.size) if home else None,
                          align)


@lru_cache(maxsize=8)
def composed_scene(places: tuple[MapPlace, ...], width: float, height: float, extent: str | MapView, margin: float,
                   mark_size: float, label: tuple[str, float] | None, home: tuple[str, float] | None,
                   align: str) -> Scene:
    """Label placement is the costliest step of a rebuild (0.3-0.5 s for the partners map); a scene
    is a pure function of these values (frozen places, sizes, label fonts by registered name and
    size), so a long-lived process (`brochure watch`) composes each distinct map once; and the
    labels' places are kept on disk (layout/kept_labels.py) for the next process."""

    def measure(place: MapPlace) -> float:
        if place.width is not None:
            return place.width
        font = home if place.home and home is not None else label
        return stringWidth(place.label, font[0], font[1]) if font is not None else 0.0

    return compose_scene(places, width, height, extent=extent, margin=margin, mark_size=mark_size,
                         label_height=(label[1] if label else 7.0) * LABEL_HEIGHT,
                         home_label_height=(home[1] if home else 7.0) * LABEL_HEIGHT,
                         measure=measure, labels=label is not None or home is not None, align=align,
                         place=placed_labels_kept)


class WorldMap(Flowable):
    """A map of the available width and a fixed height; never split."""

    def __init__(self, places: Sequence[MapPlace], paint: MapPaint, height: float, extent: str | MapView,
                 margin: float, mark_size: float, what: str, location: Location | None = None,
                 page_map: PageMap | None = None, space_before: float = 0.0, space_after: float = 0.0,
                 href: str | None = None, set_labels: Sequence[Flowable | None] | None = None,
                 align: str = "middle"):
        super().__init__()
        self.align = align  # where the map sits in a box taller than it (a map page: top)
        self.places = list(places)
        self.paint = paint
        self.box_height = height
        self.extent = extent
        self.margin = margin
        self.mark_size = mark_size
        self.what = what
        self.location = location
        self.page_map = page_map
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.href = href
        self.set_labels = set_labels  # labels set as paragraphs, one per place (see draw_scene)
        self.scene: Scene | None = None

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.scene is None or abs(self.scene.width - availWidth) > 1e-6:
            try:
                self.scene = map_scene(self.places, availWidth, self.box_height, self.extent, self.margin,
                                       self.mark_size, self.paint, self.align)
            except LabelsDoNotFit as error:
                raise OversetError(f"{self.what}: {error}", self.location,
                                   "make the map taller (maps: height in layout/styles.yaml), its labels "
                                   "smaller, or its extent 'world'") from None
        # a view's map is cropped to its region: the flowable is as tall as the map, not its box
        self.width, self.height = availWidth, self.scene.crop[3] if self.scene.crop else self.box_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        assert self.scene is not None
        bottom = -self.scene.crop[1] if self.scene.crop else 0.0
        draw_scene(self.canv, self.scene, self.paint, [place.label for place in self.places], 0, bottom,
                   self.set_labels)
        if self.href:
            self.canv.linkURL(self.href, (0, 0, self.width, self.height), relative=1, thickness=0)
        if self.page_map is not None:
            origin_x, origin_y = self.canv.absolutePosition(0, bottom)
            self.page_map.maps.append(PlacedMap(
                self.canv.getPageNumber(), self.what, origin_x, origin_y, self.scene,
                tuple(place.label for place in self.places)))
