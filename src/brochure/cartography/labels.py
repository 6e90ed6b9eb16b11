"""Cartography: placing map labels so that none overlaps another label or any mark.

A small, deterministic algorithm (pure; lengths in any one unit, y upward):
every label gets candidate boxes around its mark, in eight directions and at
growing distances (a label set away from its mark is tied to it by a leader
line). The label with the fewest candidates still free is placed next, at its
cheapest free candidate; "most constrained first" keeps crowded clusters from
being boxed in by their roomier neighbours. Hard rules: a label stays inside
the bounds, clear of every other label, every mark and every leader line.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from brochure.cartography.projection import Point
from brochure.units import Rect

Box = Rect  # a label's box, a mark's, the map's frame

# Directions in order of preference (cartographic convention: right of the
# point first, then left, above, below, then the diagonals), as unit steps.
DIRECTIONS: tuple[tuple[str, float, float, float], ...] = (
    ("right", 1, 0, 0.0), ("left", -1, 0, 0.6), ("above", 0, 1, 0.9), ("below", 0, -1, 1.0),
    ("above-right", 1, 1, 0.5), ("below-right", 1, -1, 0.7), ("above-left", -1, 1, 0.8),
    ("below-left", -1, -1, 0.9),
)


@dataclass(frozen=True)
class LabelRequest:
    anchor: Point      # the mark's centre
    width: float       # the label's box
    height: float
    mark_radius: float  # the mark's half size: the label keeps clear of it


@dataclass(frozen=True)
class PlacedLabel:
    box: Box
    leader: tuple[Point, Point] | None  # from the mark's edge to the label, when set away
    direction: str


class LabelsDoNotFit(ValueError):
    """Some labels have no free place: the message names how many."""


def mark_box(request: LabelRequest, clearance: float) -> Box:
    r = request.mark_radius + clearance
    return Box(request.anchor[0] - r, request.anchor[1] - r, 2 * r, 2 * r)


def candidates(request: LabelRequest, gap: float, distances: Sequence[float]) -> list[tuple[float, Box, str]]:
    """(cost, box, direction) around one mark, cheapest first."""
    x, y = request.anchor
    w, h = request.width, request.height
    found = []
    for rank, distance in enumerate(distances):
        reach = request.mark_radius + gap + distance
        for name, dx, dy, penalty in DIRECTIONS:
            if dx and dy:  # diagonal: the box's corner at the reach, along 45°
                corner = reach / math.sqrt(2)
                left = x + corner if dx > 0 else x - corner - w
                bottom = y + corner if dy > 0 else y - corner - h
            elif dx:
                left = x + reach if dx > 0 else x - reach - w
                bottom = y - h / 2
            else:
                left = x - w / 2
                bottom = y + reach if dy > 0 else y - reach - h
            found.append((rank * 2.0 + penalty + distance * 0.01, Box(left, bottom, w, h), name))
    found.sort(key=lambda item: item[0])
    return found


def _segments_cross(p1: Point, p2: Point, q1: Point, q2: Point) -> bool:
    def orient(a: Point, b: Point, c: Point) -> float:
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])

    d1, d2 = orient(q1, q2, p1), orient(q1, q2, p2)
    d3, d4 = orient(p1, p2, q1), orient(p1, p2, q2)
    return (d1 * d2 < 0) and (d3 * d4 < 0)


def _segment_hits_box(start: Point, end: Point, box: Box) -> bool:
    """Whether a segment passes through a box's interior (Liang–Barsky clipping)."""
    (x0, y0), (x1, y1) = start, end
    if max(x0, x1) <= box.x or min(x0, x1) >= box.right or max(y0, y1) <= box.y or min(y0, y1) >= box.top:
        return False
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0 - box.x), (dx, box.right - x0), (-dy, y0 - box.y), (dy, box.top - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low >= high:
            return False
    return True


def place_labels(requests: Sequence[LabelRequest], bounds: Box, gap: float = 1.5,
                 clearance: float = 1.0, distances: Sequence[float] = (0, 4, 9, 15, 22, 30, 40, 52, 66),
                 obstacles: Sequence[Box] = (), first: Sequence[int] = ()) -> list[PlacedLabel]:
    """A place for every label, in the order of `requests`; raises LabelsDoNotFit.

    `gap` is the space between a mark and a label beside it, `clearance` the
    least space between two labels or a label and another mark; `obstacles`
    are more boxes no label may cover (marks without a label); the labels
    numbered in `first` are placed before the others (the home city's).
    """
    marks = [mark_box(request, 0.0) for request in requests] + list(obstacles)
    options = [[(cost, box, name) for cost, box, name in candidates(request, gap, distances)
                if box.inside(bounds)] for request in requests]
    placed: dict[int, PlacedLabel] = {}
    Option = tuple[float, Box, str, tuple[Point, Point] | None]

    def clear_of_marks(index: int, box: Box, leader: tuple[Point, Point] | None) -> bool:
        if any(box.overlaps(mark, clearance) for mark in marks):
            return False
        return leader is None or not any(number != index and _segment_hits_box(*leader, mark)
                                         for number, mark in enumerate(marks))

    def clear_of(other: PlacedLabel, option: Option) -> bool:
        _, box, _, leader = option
        if box.overlaps(other.box, clearance):
            return False
        if other.leader is not None and _segment_hits_box(*other.leader, box):
            return False
        if leader is not None:
            if _segment_hits_box(*leader, other.box):
                return False
            if other.leader is not None and _segments_cross(*leader, *other.leader):
                return False
        return True

    def leader_for(index: int, box: Box) -> tuple[Point, Point] | None:
        request = requests[index]
        touch = box.nearest_point(request.anchor)
        distance = math.dist(touch, request.anchor)
        if distance <= request.mark_radius + gap * 1.5 + 1e-6:
            return None
        ax, ay = request.anchor
        scale = request.mark_radius / distance
        start = (ax + (touch[0] - ax) * scale, ay + (touch[1] - ay) * scale)
        return start, touch

    # the options of each label still free: marks are fixed, so they are checked once;
    # each label placed then only removes the options it blocks (the same answer as
    # checking every option against everything again, in a fraction of the time)
    free: dict[int, list[Option]] = {}
    for index in range(len(requests)):
        with_leaders = ((cost, box, name, leader_for(index, box)) for cost, box, name in options[index])
        free[index] = [option for option in with_leaders if clear_of_marks(index, option[1], option[3])]

    while len(placed) < len(requests):
        waiting = [index for index in first if index not in placed] or \
            [index for index in range(len(requests)) if index not in placed]
        index = min(waiting, key=lambda i: (len(free[i]) > 0, len(free[i]), i))
        if not free[index]:
            missing = sum(1 for i in waiting if not free[i])
            raise LabelsDoNotFit(f"{missing} of {len(requests)} labels find no free place")
        others = [other for other in range(len(requests)) if other not in placed and other != index]

        def starves(option: Option, others: list[int] = others) -> bool:
            """Whether this place would leave another label with none (then the next is tried)."""
            trial = PlacedLabel(option[1], option[3], option[2])
            return any(not any(clear_of(trial, theirs) for theirs in free[other]) for other in others)

        # the cheapest place that leaves every other label one; when none does, the cheapest
        # (a label crowded out: the error names how many). Where the cheapest starves no one,
        # which is every map that could be labelled before, the answer is the same as greedy's
        _, box, name, leader = next((option for option in free[index] if not starves(option)), free[index][0])
        placed[index] = label = PlacedLabel(box, leader, name)
        for other in range(len(requests)):
            if other not in placed:
                free[other] = [option for option in free[other] if clear_of(label, option)]
    return [placed[index] for index in range(len(requests))]
