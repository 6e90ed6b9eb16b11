"""Cartography: the Equal Earth projection, great circles, outlines and label placement (pure)."""

from __future__ import annotations

import itertools
import math
import random

import pytest

from brochure.cartography.labels import Box, LabelRequest, LabelsDoNotFit, place_labels
from brochure.cartography.projection import central_angle, equal_earth, great_circle
from brochure.cartography.scene import MapPlace, compose_scene, nearest_country
from brochure.cartography.world import countries, country_at


def test_equal_earth_matches_the_published_extents():
    # Šavrič et al. 2018: the equator spans ±2.7066 and the poles sit at ±1.3173 on a unit sphere
    assert equal_earth(180, 0) == pytest.approx((2.70663, 0.0), abs=1e-5)
    assert equal_earth(0, 90) == pytest.approx((0.0, 1.31736), abs=1e-5)
    assert equal_earth(-180, -90)[1] == pytest.approx(-1.31736, abs=1e-5)
    assert equal_earth(0, 0) == (0.0, 0.0)


def test_equal_earth_keeps_areas_equal():
    """A 10° x 10° cell has the same projected area at the equator and at 60°N as on the sphere."""
    def projected_area(lon: float, lat: float, size: float = 1.0) -> float:
        (x0, y0), (x1, _), (_, y2) = equal_earth(lon, lat), equal_earth(lon + size, lat), equal_earth(lon, lat + size)
        return abs((x1 - x0) * (y2 - y0))

    def sphere_area(lat: float, size: float = 1.0) -> float:
        return math.radians(size) * (math.sin(math.radians(lat + size)) - math.sin(math.radians(lat)))

    for lat in (0, 30, 60):
        assert projected_area(10, lat) == pytest.approx(sphere_area(lat), rel=0.02)


def test_a_great_circle_runs_from_start_to_end_along_the_shortest_way():
    aix, kumamoto = (5.4474, 43.5297), (130.7, 32.8)
    path = great_circle(aix, kumamoto, steps=32)
    assert path[0] == pytest.approx(aix) and path[-1] == pytest.approx(kumamoto)
    # every step is the same angle, and the steps add up to the whole arc
    steps = [central_angle(a, b) for a, b in itertools.pairwise(path)]
    assert max(steps) == pytest.approx(min(steps), rel=1e-6)
    assert sum(steps) == pytest.approx(central_angle(aix, kumamoto), rel=1e-9)
    # the arc to Japan passes north of both ends (over Russia), as a great circle does
    assert max(lat for _, lat in path) > 55


def test_an_arc_across_the_date_line_keeps_continuous_longitudes():
    path = great_circle((170.0, 10.0), (-170.0, 10.0), steps=8)
    assert all(abs(b[0] - a[0]) < 10 for a, b in itertools.pairwise(path))


def test_outlines_place_cities_in_their_countries():
    assert len(countries()) == 177
    assert country_at(5.4474, 43.5297).name == "France"
    assert country_at(-91.15, 30.45).name == "United States of America"
    assert country_at(-30.0, 30.0) is None  # the Atlantic
    # a coastal city the 1:110m coast misses is given to the nearest country
    assert country_at(10.3233, 36.8528) is None
    assert nearest_country(10.3233, 36.8528).name == "Tunisia"


def boxes_overlap(a: Box, b: Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.top and b.y < a.top


@pytest.mark.parametrize("seed", range(12))
def test_placed_labels_never_overlap_each_other_or_any_mark(seed):
    rng = random.Random(seed)
    bounds = Box(0, 0, 500, 250)
    # a crowded cluster (like Europe on a world map) and a few scattered points; marks apart, as on a map
    points: list[tuple[float, float]] = []
    while len(points) < 15:
        cluster = len(points) < 9
        point = (rng.uniform(200, 260), rng.uniform(120, 160)) if cluster else \
            (rng.uniform(20, 480), rng.uniform(20, 230))
        if all(math.dist(point, other) > 7 for other in points):
            points.append(point)
    requests = [LabelRequest(point, rng.uniform(20, 60), 6.0, 2.0) for point in points]
    placed = place_labels(requests, bounds)
    marks = [Box(x - 2, y - 2, 4, 4) for x, y in points]
    for index, label in enumerate(placed):
        assert label.box.inside(bounds)
        assert label.box.width == pytest.approx(requests[index].width)
        for other in placed[index + 1:]:
            assert not boxes_overlap(label.box, other.box)
        for mark in marks:
            assert not boxes_overlap(label.box, mark)
        if label.leader is not None:  # a leader starts at its own mark and ends on its label
            start, end = label.leader
            assert math.dist(start, points[index]) == pytest.approx(2.0)
            assert label.box.x - 1e-6 <= end[0] <= label.box.right + 1e-6
            assert label.box.y - 1e-6 <= end[1] <= label.box.top + 1e-6


def test_labels_stay_beside_their_mark_when_there_is_room():
    placed = place_labels([LabelRequest((100, 100), 40, 6, 2)], Box(0, 0, 300, 200))
    assert placed[0].direction == "right" and placed[0].leader is None
    assert placed[0].box.x == pytest.approx(100 + 2 + 1.5)


def test_labels_that_cannot_fit_are_an_error():
    requests = [LabelRequest((50, 10), 90, 8, 2) for _ in range(6)]
    with pytest.raises(LabelsDoNotFit, match="find no free place"):
        place_labels(requests, Box(0, 0, 100, 20))


def test_a_scene_fits_the_cities_and_their_arcs_in_its_box():
    places = [MapPlace("HOME", 5.45, 43.53, home=True), MapPlace("EAST", 130.7, 32.8),
              MapPlace("WEST", -91.15, 30.45)]
    scene = compose_scene(places, 400, 200, margin=0.05)
    points = [mark.centre for mark in scene.marks] + [point for arc in scene.arcs for point in arc]
    assert all(0 <= x <= 400 and 0 <= y <= 200 for x, y in points)
    assert len(scene.arcs) == 2 and scene.marks[0].home
    assert scene.marks[0].radius > scene.marks[1].radius
    partners = {shape.country.name for shape in scene.countries if shape.partner}
    assert partners == {"Japan", "United States of America"}
    # align: the map sits at the top or the bottom of a box taller than it
    top = compose_scene(places, 400, 600, align="top")
    bottom = compose_scene(places, 400, 600, align="bottom")
    assert top.marks[0].centre[1] - bottom.marks[0].centre[1] > 300
