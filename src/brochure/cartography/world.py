"""Cartography: the world's country outlines (Natural Earth 1:110m, public domain), read once.

See data/SOURCE.md for where the file comes from and how it was made.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from brochure.cartography.projection import LonLat


@dataclass(frozen=True)
class Country:
    iso_a3: str  # "-99" where Natural Earth gives none (France, Norway, Kosovo, ...)
    name: str
    rings: tuple[tuple[LonLat, ...], ...]  # outer rings and islands, in degrees

    def contains(self, lon: float, lat: float) -> bool:
        """Whether the place lies inside one of the country's rings (even-odd rule)."""
        return any(_in_ring(ring, lon, lat) for ring in self.rings)


def _in_ring(ring: tuple[LonLat, ...], lon: float, lat: float) -> bool:
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


@cache
def countries() -> tuple[Country, ...]:
    """Every country of the 1:110m outlines, sorted by ISO code."""
    text = files("brochure.cartography").joinpath("data/countries-110m.json").read_text(encoding="utf-8")
    document = json.loads(text)
    return tuple(
        Country(entry["iso_a3"], entry["name"],
                tuple(tuple((flat[i] / 10, flat[i + 1] / 10) for i in range(0, len(flat), 2))
                      for flat in entry["rings"]))
        for entry in document["countries"])


def country_at(lon: float, lat: float) -> Country | None:
    """The country a place lies in, or None at sea (or on a coast the 1:110m outline misses)."""
    return next((country for country in countries() if country.contains(lon, lat)), None)
