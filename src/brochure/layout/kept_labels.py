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
import sys
from functools import cache
from typing import Any

from brochure import units
from brochure.cartography import labels
from brochure.cartography.labels import Box, LabelRequest, PlacedLabel, place_labels
from brochure.user_cache import cache_folder, keep, read_kept, source_digest

FORMAT = 1  # of the kept files
_DIRECTIONS = {name for name, *_ in labels.DIRECTIONS}


def placed_labels_kept(requests: list[LabelRequest], bounds: Box, **options: Any) -> list[PlacedLabel]:
    """labels.place_labels(requests, bounds, **options), from the cache when it was answered
    before; LabelsDoNotFit is raised as place_labels raises it (and nothing kept)."""
    algorithm = _algorithm()
    if algorithm is None:  # the source is not readable as files (a zipped install): placed every time
        return place_labels(requests, bounds, **options)
    # the values' reprs: dataclasses and floats written exactly (repr round-trips a float); and the
    # interpreter, whose math.dist places a leader's ends
    question = repr((FORMAT, sys.version, algorithm, requests, bounds, sorted(options.items())))
    kept = cache_folder("map-labels") / f"{hashlib.sha256(question.encode()).hexdigest()}.json"
    answer = read_kept(kept, lambda value: _decoded(value, requests))
    if answer is not None:
        return answer
    placed = place_labels(requests, bounds, **options)
    keep(kept, json.dumps([_encoded(label) for label in placed], separators=(",", ":")).encode())
    return placed


@cache
def _algorithm() -> str | None:
    """The digest of the placing code's source (the labels module and the boxes it reasons with)."""
    return source_digest(labels, units)


def _encoded(label: PlacedLabel) -> list[Any]:
    box = label.box
    return [[box.x, box.y, box.width, box.height], [list(point) for point in label.leader] if label.leader else None,
            label.direction]


def _decoded(kept: Any, requests: list[LabelRequest]) -> list[PlacedLabel] | None:
    """The kept labels, as place_labels gave them (tuples; JSON keeps an int an int and a float a
    float, to the last bit); None unless each is shaped as place_labels makes them: one per
    request, a box of the request's own size, a leader of two points or none, a known direction."""
    if type(kept) is not list or len(kept) != len(requests):
        return None
    placed = []
    for item, request in zip(kept, requests, strict=True):
        if type(item) is not list or len(item) != 3:
            return None
        box, leader, direction = item
        if not _numbers(box, 4) or direction not in _DIRECTIONS or \
                (box[2], box[3]) != (request.width, request.height) or \
                (type(box[2]), type(box[3])) != (type(request.width), type(request.height)):
            return None
        if leader is not None and not (type(leader) is list and len(leader) == 2 and all(_numbers(end, 2)
                                                                                        for end in leader)):
            return None
        ends = None if leader is None else (tuple(leader[0]), tuple(leader[1]))
        placed.append(PlacedLabel(Box(*box), ends, direction))
    return placed


def _numbers(value: Any, count: int) -> bool:
    """`count` numbers, as a JSON list (read_kept has refused the infinities)."""
    return type(value) is list and len(value) == count and all(type(item) in (int, float) for item in value)
