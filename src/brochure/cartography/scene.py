"""Cartography: a map's scene in page units: projected outlines, arcs, marks and placed labels.

Pure: given the places, the box and the label sizes it returns everything a
renderer draws, so that tests can check the geometry (labels never overlap)
without drawing. Lengths are points, y upward, origin at the box's lower left.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from brochure.cartography.labels import Box, LabelRequest, PlacedLabel, place_labels
from brochure.cartography.projection import Point, bounds, equal_earth, great_circle
from brochure.cartography.world import Country, countries, country_at

WORLD_BOUNDS = (-2.7066, -1.3174, 2.7066, 1.3174)  # Equal Earth, the whole sphere
ARC_STEPS = 48
# The "world" view: every longitude, the latitudes people live at. Antarctica, cut by any edge
# above the pole, would show as a ragged sliver along the foot of the map (issue 30).
WORLD_SOUTH, WORLD_NORTH = -58.0, 84.0
POLE_IN_VIEW = -85.0  # Antarctica is drawn only when the map shows the land down to here


LabelPlacer = Callable[..., list[PlacedLabel]]  # as labels.place_labels: (requests, bounds, **options)


@dataclass(frozen=True)
class MapView:
    """A region of the Earth a map shows, in degrees: a latitude band when west and east are
    left at ±180. The map fills its box's width or height with it, whichever comes first."""

    west: float = -180.0
    south: float = WORLD_SOUTH
    east: float = 180.0
    north: float = WORLD_NORTH

    def projected_bounds(self) -> tuple[float, float, float, float]:
        """The region's bounding box in Equal Earth (its edges sampled: meridians curve)."""
        steps = 24
        points = [equal_earth(self.west + (self.east - self.west) * i / steps, latitude)
                  for i in range(steps + 1) for latitude in (self.south, self.north)]
        points += [equal_earth(longitude, self.south + (self.north - self.south) * i / steps)
                   for i in range(steps + 1) for longitude in (self.west, self.east)]
        return bounds(points)


WORLD = MapView()


@dataclass(frozen=True)
class MapPlace:
    label: str           # the text beside the mark ("" for none)
    lon: float
    lat: float
    home: bool = False   # arcs start here; its mark is larger
    width: float | None = None  # the label's width as set (fallback fonts, shaping), when measured
    height: float | None = None  # the label's height as set: taller than a line when it has several


@dataclass(frozen=True, eq=False)
class CountryOutline:
    """A country's outline projected (Equal Earth, unit sphere): made once per process
    (projected_countries) and shared by every map, so compared and hashed by identity (a
    drawing memo keys on it cheaply: layout/world_map.py)."""

    rings: tuple[tuple[Point, ...], ...]


@dataclass(frozen=True)
class CountryShape:
    """A country on a map: its shared outline, scaled and moved onto the map's box."""

    country: Country
    outline: CountryOutline
    scale: float
    offset: Point
    partner: bool        # a partner city lies in it

    @property
    def rings(self) -> tuple[tuple[Point, ...], ...]:
        """The outline in the map's box, computed when asked: kept, the outlines of a scene
        would be 12 000 points a map, and the drawing memo seldom needs them."""
        return placed_rings(self.outline, self.scale, self.offset)


def placed_rings(outline: CountryOutline, scale: float, offset: Point) -> tuple[tuple[Point, ...], ...]:
    offset_x, offset_y = offset
    return tuple(tuple((offset_x + scale * x, offset_y + scale * y) for x, y in ring) for ring in outline.rings)


@dataclass(frozen=True)
class Mark:
    centre: Point
    radius: float
    home: bool


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    countries: tuple[CountryShape, ...]
    arcs: tuple[tuple[Point, ...], ...]
    marks: tuple[Mark, ...]
    labels: tuple[PlacedLabel | None, ...]  # one per place, None when it has no label text
    # a view's region in the box (x, y, width, height): the map is cropped to it, a clean edge
    # along a parallel; None: the whole box (a "fit" view)
    crop: tuple[float, float, float, float] | None = None


@cache
def projected_countries() -> tuple[tuple[Country, CountryOutline], ...]:
    """Every country with its outline projected (Equal Earth, unit sphere): the same for every map,
    which only scales and moves it, so projected once per process (about 12 000 points)."""
    return tuple((country, CountryOutline(tuple(tuple(equal_earth(lon, lat) for lon, lat in ring)
                                                for ring in country.rings)))
                 for country in countries())


@cache
def nearest_country(lon: float, lat: float, within: float = 1.5) -> Country | None:
    """The country a place is in; for a coastal place the 1:110m outline misses,
    the country with a point within `within` degrees."""
    found = country_at(lon, lat)
    if found is not None:
        return found
    best, best_distance = None, within
    for country in countries():
        for ring in country.rings:
            for x, y in ring:
                distance = math.hypot(x - lon, y - lat)
                if distance < best_distance:
                    best, best_distance = country, distance
    return best


def compose_scene(places: Sequence[MapPlace], width: float, height: float, *, extent: str | MapView = "fit",
                  margin: float = 0.08, mark_size: float = 4.0, label_height: float = 7.0,
                  measure: Callable[[MapPlace], float] = lambda place: len(place.label) * 4.0,
                  home_label_height: float | None = None, arcs: bool = True,
                  labels: bool = True, align: str = "middle", place: LabelPlacer = place_labels) -> Scene:
    """Project and fit the places into a `width` × `height` box and place their labels.

    extent "world" shows every longitude between 58° S and 84° N (WORLD); "fit" the region
    holding the places and the arcs between the home and each partner, with `margin` (a share
    of the region) around it; a MapView that region. When the box is taller than the map,
    `align` puts the map at its "top", "middle" or "bottom". Antarctica is drawn only when the
    box shows it down to near the pole: cut by the box's edge it reads as a ragged sliver.
    Places outside the box get no label. Raises labels.LabelsDoNotFit when the labels cannot
    all be placed without overlapping. `place` places them: labels.place_labels, or a function
    answering as it does (one that keeps its answers: layout/kept_labels.py).
    """
    home = next((place for place in places if place.home), None)
    ends = [(place.lon, place.lat) for place in places if home is not None and not place.home] if arcs else []
    # places at the same point (a city listed twice) share one arc: a scene is kept in the page
    # map, and a thousand copies of the same 49 points are most of its memory
    arc_paths = {end: great_circle((home.lon, home.lat), end, ARC_STEPS) for end in dict.fromkeys(ends)} \
        if home is not None else {}
    view = extent if isinstance(extent, MapView) else WORLD if extent == "world" else None
    if view is not None:
        x0, y0, x1, y1 = view.projected_bounds()
    else:
        projected = [equal_earth(place.lon, place.lat) for place in places]
        projected += [equal_earth(lon, lat) for path in arc_paths.values() for lon, lat in path]
        x0, y0, x1, y1 = bounds(projected)
        pad = margin * max(x1 - x0, y1 - y0)
        x0, y0, x1, y1 = x0 - pad, y0 - pad, x1 + pad, y1 + pad
    scale = min(width / (x1 - x0), height / (y1 - y0))
    offset_x = width / 2 - scale * (x0 + x1) / 2
    offset_y = height / 2 - scale * (y0 + y1) / 2
    spare = height - scale * (y1 - y0)
    offset_y += {"top": spare / 2, "bottom": -spare / 2}.get(align, 0.0)

    def to_page(lon: float, lat: float) -> Point:
        x, y = equal_earth(lon, lat)
        return offset_x + scale * x, offset_y + scale * y

    partner_countries = {nearest_country(place.lon, place.lat) for place in places if not place.home}
    crop = None
    if view is not None:  # cropped to the view's region: its south and north edges are parallels
        left, bottom = max(offset_x + scale * x0, 0.0), max(offset_y + scale * y0, 0.0)
        crop = (left, bottom, min(offset_x + scale * x1, width) - left, min(offset_y + scale * y1, height) - bottom)
        pole_in_view = view.south <= POLE_IN_VIEW
    else:
        pole_in_view = offset_y + scale * equal_earth(0.0, POLE_IN_VIEW)[1] >= 0.0  # above the box's foot
    inside = crop or (0.0, 0.0, width, height)
    shapes = tuple(CountryShape(country, outline, scale, (offset_x, offset_y), country in partner_countries)
                   for country, outline in projected_countries()
                   if pole_in_view or country.iso_a3 != "ATA")
    on_page = {end: tuple(to_page(lon, lat) for lon, lat in path) for end, path in arc_paths.items()}
    arc_lines = tuple(on_page[end] for end in ends)
    marks = tuple(Mark(to_page(place.lon, place.lat), mark_size * (0.8 if place.home else 0.5), place.home)
                  for place in places)
    placed: list[PlacedLabel | None] = [None] * len(places)
    if labels:
        wanted = [index for index, place in enumerate(places) if place.label
                  and inside[0] <= marks[index].centre[0] <= inside[0] + inside[2]
                  and inside[1] <= marks[index].centre[1] <= inside[1] + inside[3]]
        requests = [LabelRequest(marks[index].centre, measure(places[index]),
                                 places[index].height or
                                 ((home_label_height or label_height) if places[index].home else label_height),
                                 marks[index].radius) for index in wanted]
        obstacles = [Box(mark.centre[0] - mark.radius, mark.centre[1] - mark.radius, 2 * mark.radius,
                         2 * mark.radius) for index, mark in enumerate(marks) if index not in wanted]
        results = place(requests, Box(inside[0] + 1.0, inside[1] + 1.0, inside[2] - 2.0, inside[3] - 2.0),
                        gap=mark_size * 0.4, clearance=1.2, obstacles=obstacles,
                        first=[n for n, index in enumerate(wanted) if places[index].home]) \
            if requests else []
        for index, result in zip(wanted, results):
            placed[index] = result
    return Scene(width, height, shapes, arc_lines, marks, tuple(placed), crop)
