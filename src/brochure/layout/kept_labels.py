"""Layout stage: map labels' places kept in the user's cache, by everything placing them reads.

Placing a map's labels (cartography/labels.py) is the costliest part of composing a map: about
0.05 s a map, the partners map more, in every cold build. It is a pure function of plain values
(each label's anchor, box and mark, the map's bounds, the gaps, the marks without a label) and
of the algorithm, so its answer is kept on disk under the digest of all of these, the
algorithm's source included (a changed algorithm places again), and read back by the next
process that asks the same question; as hyphenation patterns and colour conversions are kept
(user_cache.py). A kept answer that cannot be read is placed again and kept anew."""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from brochure import units
from brochure.cartography import labels
from brochure.cartography.labels import Box, LabelRequest, PlacedLabel, place_labels
from brochure.user_cache import cache_folder, keep

FORMAT = 1  # of the kept files
_DIRECTIONS = {name for name, *_ in labels.DIRECTIONS}


@cache
def _algorithm() -> str:
    """The digest of the placing code's source (the labels module and the boxes it reasons with)."""
    digest = hashlib.sha256()
    for module in (labels, units):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()


def placed_labels_kept(requests: list[LabelRequest], bounds: Box, **options: Any) -> list[PlacedLabel]:
    """labels.place_labels(requests, bounds, **options), from the cache when it was answered
    before; LabelsDoNotFit is raised as place_labels raises it (and nothing kept)."""
    try:
        algorithm = _algorithm()
    except OSError:  # the source is not readable as files (a zipped install): placed every time
        return place_labels(requests, bounds, **options)
    # the values' reprs: dataclasses and floats written exactly (repr round-trips a float)
    question = repr((FORMAT, algorithm, requests, bounds, sorted(options.items())))
    kept = cache_folder("map-labels") / f"{hashlib.sha256(question.encode()).hexdigest()}.json"
    try:
        answer = _decoded(json.loads(kept.read_bytes()), len(requests))
    except (OSError, ValueError, TypeError, KeyError):
        answer = None  # not kept yet, or not readable as kept: placed now
    if answer is not None:
        return answer
    placed = place_labels(requests, bounds, **options)
    keep(kept, json.dumps([_encoded(label) for label in placed], separators=(",", ":")).encode())
    return placed


def _encoded(label: PlacedLabel) -> list[Any]:
    box = label.box
    return [[box.x, box.y, box.width, box.height], [list(point) for point in label.leader] if label.leader else None,
            label.direction]


def _decoded(kept: Any, count: int) -> list[PlacedLabel] | None:
    """The kept labels, as place_labels gave them (tuples; JSON keeps an int an int and a float a
    float, to the last bit); None unless one per request."""
    if not isinstance(kept, list) or len(kept) != count:
        return None
    placed = []
    for (x, y, width, height), leader, direction in kept:
        numbers = [x, y, width, height, *(value for point in leader or () for value in point)]
        if not all(type(value) is float or type(value) is int for value in numbers) or direction not in _DIRECTIONS:
            return None
        ends = None if leader is None else (tuple(leader[0]), tuple(leader[1]))
        placed.append(PlacedLabel(Box(x, y, width, height), ends, direction))
    return placed
