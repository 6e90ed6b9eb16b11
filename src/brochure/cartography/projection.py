"""Cartography: the Equal Earth projection and great-circle arcs, as pure functions of degrees.

Equal Earth (Šavrič, Patterson and Jenny, 2018) is equal-area and closed-form,
so a world map needs no GIS library: a few lines of arithmetic per point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

A1, A2, A3, A4 = 1.340264, -0.081106, 0.000893, 0.003796
M = math.sqrt(3) / 2

LonLat = tuple[float, float]
Point = tuple[float, float]


def equal_earth(lon: float, lat: float, centre_lon: float = 0.0) -> Point:
    """(x, y) on a unit sphere for a longitude and latitude in degrees; y grows northward.

    The whole world spans about ±2.7066 in x and ±1.3173 in y.
    """
    lam = math.radians(wrap_longitude(lon - centre_lon))
    theta = math.asin(M * math.sin(math.radians(lat)))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta) / (3 * (9 * A4 * t6 * t2 + 7 * A3 * t6 + 3 * A2 * t2 + A1))
    y = theta * (A1 + A2 * t2 + t6 * (A3 + A4 * t2))
    return x, y


def wrap_longitude(lon: float) -> float:
    """A longitude brought into [-180, 180]."""
    if -180.0 <= lon <= 180.0:
        return lon
    return (lon + 180.0) % 360.0 - 180.0


def _unit_vector(lon: float, lat: float) -> tuple[float, float, float]:
    lam, phi = math.radians(lon), math.radians(lat)
    return math.cos(phi) * math.cos(lam), math.cos(phi) * math.sin(lam), math.sin(phi)


def central_angle(start: LonLat, end: LonLat) -> float:
    """The angle between two places seen from the centre of the Earth, in radians."""
    a, b = _unit_vector(*start), _unit_vector(*end)
    dot = max(-1.0, min(1.0, sum(p * q for p, q in zip(a, b))))
    return math.acos(dot)


def great_circle(start: LonLat, end: LonLat, steps: int = 64) -> list[LonLat]:
    """Points along the shorter great-circle arc from `start` to `end`, both included.

    Longitudes are kept continuous from `start` (they may pass ±180) so that a
    projected arc never jumps across the map.
    """
    omega = central_angle(start, end)
    if omega < 1e-12:
        return [start, end]
    a, b = _unit_vector(*start), _unit_vector(*end)
    points: list[LonLat] = []
    previous_lon = start[0]
    for step in range(steps + 1):
        t = step / steps
        wa, wb = math.sin((1 - t) * omega) / math.sin(omega), math.sin(t * omega) / math.sin(omega)
        x, y, z = (wa * p + wb * q for p, q in zip(a, b))
        lat = math.degrees(math.atan2(z, math.hypot(x, y)))
        lon = math.degrees(math.atan2(y, x))
        lon += 360.0 * round((previous_lon - lon) / 360.0)  # continuous with the last point
        points.append((lon, lat))
        previous_lon = lon
    return points


def bounds(points: Sequence[Point]) -> tuple[float, float, float, float]:
    """(min x, min y, max x, max y) of some projected points."""
    xs = [x for x, _ in points]
    ys = [y for _, y in points]
    return min(xs), min(ys), max(xs), max(ys)
