"""Map labels' places kept in the user's cache (layout/kept_labels.py): read back as placed,
placed again when damaged or when the question differs, never kept when they do not fit."""

from __future__ import annotations

import json

import pytest

from brochure.cartography import labels
from brochure.cartography.labels import Box, LabelRequest, LabelsDoNotFit, place_labels
from brochure.layout import kept_labels
from brochure.layout.kept_labels import placed_labels_kept

REQUESTS = [LabelRequest((50.0, 50.0), 40.25, 7.6, 2.0), LabelRequest((58.5, 52.0), 31.125, 7.6, 1.25),
            LabelRequest((20.0, 80.0), 12.0, 14.2, 1.25)]
BOUNDS = Box(1.0, 1.0, 118.0, 98.0)
OPTIONS = {"gap": 1.6, "clearance": 1.2, "obstacles": [Box(70.0, 40.0, 2.5, 2.5)], "first": [0]}


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "brochure" / "map-labels"


def test_placed_labels_are_kept_and_read_back_as_placed(cache, monkeypatch):
    placed = place_labels(REQUESTS, BOUNDS, **OPTIONS)
    assert any(label.leader is not None for label in placed) or len({label.direction for label in placed}) > 1
    assert placed_labels_kept(REQUESTS, BOUNDS, **OPTIONS) == placed
    [kept] = cache.iterdir()

    def not_placed(*_arguments, **_options):
        raise AssertionError("the kept places were not used")

    monkeypatch.setattr(kept_labels, "place_labels", not_placed)
    again = placed_labels_kept(REQUESTS, BOUNDS, **OPTIONS)
    assert again == placed
    assert [repr(label) for label in again] == [repr(label) for label in placed]  # to the last bit, ints and floats
    with pytest.raises(AssertionError, match="not used"):  # another question: placed, not read
        placed_labels_kept(REQUESTS[:2], BOUNDS, **OPTIONS)
    kept.write_text(json.dumps([[[1, 2, 3, 4], None, "sideways"]] * 3))  # damaged: no such direction
    monkeypatch.setattr(kept_labels, "place_labels", place_labels)
    assert placed_labels_kept(REQUESTS, BOUNDS, **OPTIONS) == placed
    kept.write_text(json.dumps([[[1, 2, 3, 4], None, "right"]]))  # damaged (one label for three)
    monkeypatch.setattr(kept_labels, "place_labels", place_labels)
    assert placed_labels_kept(REQUESTS, BOUNDS, **OPTIONS) == placed
    assert len(json.loads(kept.read_bytes())) == 3  # placed again and kept


def test_a_changed_algorithm_places_again(cache, monkeypatch):
    placed_labels_kept(REQUESTS, BOUNDS, **OPTIONS)
    monkeypatch.setattr(kept_labels, "_algorithm", lambda: "another placing code")
    placed_labels_kept(REQUESTS, BOUNDS, **OPTIONS)
    assert len(list(cache.iterdir())) == 2


def test_labels_that_do_not_fit_raise_as_before_and_keep_nothing(cache):
    crowded = [LabelRequest((10.0, 10.0), 80.0, 7.6, 2.0), LabelRequest((12.0, 10.0), 80.0, 7.6, 2.0)]
    with pytest.raises(LabelsDoNotFit):
        placed_labels_kept(crowded, Box(0.0, 0.0, 90.0, 20.0))
    assert not cache.exists() or not any(cache.iterdir())


def test_an_unwritable_cache_still_places(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert placed_labels_kept(REQUESTS, BOUNDS, **OPTIONS) == labels.place_labels(REQUESTS, BOUNDS, **OPTIONS)


@pytest.mark.parametrize("damage", [
    '[[[1, 2, 40.25, 7.6], [], "right"]]',                    # a leader of no point
    '[[[1, 2, 40.25, 7.6], [[1, 2]], "right"]]',              # of one point
    '[[[1, 2, 40.25, 7.6], [[1, 2, 9], [3, 4]], "right"]]',   # a point of three numbers
    '[[[NaN, 2, 40.25, 7.6], null, "right"]]',                # not a number
    '[[[1e999, 2, 40.25, 7.6], null, "right"]]',              # an infinity
    '[[[1, 2, 3, 4], null, "right"]]',                        # a box not of the label's size
    '[[[1, 2, 40.25, 7.6], null, ["right"]]]',                # a direction not a name
    '{"labels": 1}', '[1]', '[[1, 2, 3]]', "[" * 50_000 + "]" * 50_000,  # other shapes, too deep
])
def test_a_kept_file_not_shaped_as_placing_makes_it_is_placed_again(cache, damage):
    requests = REQUESTS[:1]
    placed = place_labels(requests, BOUNDS, **OPTIONS)
    placed_labels_kept(requests, BOUNDS, **OPTIONS)
    [kept] = cache.iterdir()
    kept.write_text(damage)
    assert placed_labels_kept(requests, BOUNDS, **OPTIONS) == placed
    assert json.loads(kept.read_bytes())[0][2] == placed[0].direction  # kept anew
