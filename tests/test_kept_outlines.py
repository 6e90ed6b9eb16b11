"""Glyph outlines for halos kept in the user's cache (layout/outlines.py): a build that finds them
draws the same paths without opening the font; damaged or foreign files are drawn again."""

from __future__ import annotations

import io
import json

import pytest
from reportlab.pdfgen.canvas import Canvas

from brochure.layout import outlines
from tests.test_label_halo import _stroked_page


def _page_stream() -> bytes:
    """A page of halo text (Latin and shaped Arabic) drawn as outlines, uncompressed."""
    stream = io.BytesIO()
    canvas = Canvas(stream, pageCompression=0, invariant=1)  # no date, no random ID
    _stroked_page(canvas, outlines=True)
    canvas.save()
    return stream.getvalue()


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    outlines._face.cache_clear()
    outlines._outlined.cache_clear()
    yield tmp_path / "brochure" / "glyph-outlines"
    outlines._face.cache_clear()
    outlines._outlined.cache_clear()


def _fresh_process() -> None:
    """What a new process has: no face opened, no drawing remembered."""
    outlines._face.cache_clear()
    outlines._outlined.cache_clear()


def test_kept_outlines_draw_the_same_paths_without_opening_the_font(cache, monkeypatch):
    drawn = _page_stream()
    assert b" c " in drawn or b" c\n" in drawn  # curves: the glyphs' outlines were drawn
    kept = sorted(cache.iterdir())
    assert len(kept) == 2  # the Latin face and the Arabic face
    assert all(json.loads(path.read_bytes())["outlines"] for path in kept)

    def not_opened(*_arguments, **_options):
        raise AssertionError("the font was opened although its outlines were kept")

    _fresh_process()
    with monkeypatch.context() as patched:
        patched.setattr(outlines, "FontToolsFont", not_opened)
        assert _page_stream() == drawn

    for path in kept:  # damaged: drawn from the font again, and kept anew
        path.write_text('{"format": 1, "units_per_em": "many", "outlines": {}}')
    _fresh_process()
    assert _page_stream() == drawn
    assert all(type(json.loads(path.read_bytes())["units_per_em"]) is int for path in kept)

    for path in kept:  # an operator the pen does not write is not copied into the page
        tampered = json.loads(path.read_bytes())
        glyph = next(iter(tampered["outlines"]))
        tampered["outlines"][glyph] = [["Q q 1 0 0 1 0 0 cm", [1, 2]]]
        path.write_text(json.dumps(tampered))
    _fresh_process()
    assert _page_stream() == drawn


def test_outlines_kept_for_another_pen_are_not_read(cache, monkeypatch):
    _page_stream()
    _fresh_process()
    monkeypatch.setattr(outlines, "_drawing_code", lambda: "another pen")
    _page_stream()
    assert len(list(cache.iterdir())) == 4


@pytest.mark.parametrize("damage", [
    {"units_per_em": 0},                                         # glyphs scaled by a division
    {"units_per_em": 1000.0},
    {"format": True},
    {"outlines": {" 3": [["m", [1, 2]]]}},                       # a glyph id written otherwise
    {"outlines": {"36": [[["m"], [1, 2]]]}},                     # an operator that is no name
    {"outlines": {"36": [["m", [1, 2, 3]]]}},                    # a point of three numbers
    {"outlines": {"36": [["l", [1e999, 2]]]}},                   # an infinity
    {"outlines": {"36": [["l", [1, 2]], 5]}},                    # an operation that is not a pair
    {"outlines": [1, 2]},
])
def test_a_kept_face_not_shaped_as_the_pen_writes_is_drawn_again(cache, damage):
    drawn = _page_stream()
    for path in cache.iterdir():
        kept = json.loads(path.read_bytes())
        kept.update(damage)
        path.write_text(json.dumps(kept))
    _fresh_process()
    assert _page_stream() == drawn
    for path in cache.iterdir():
        path.write_text("[" * 50_000 + "]" * 50_000)  # too deep to read
    _fresh_process()
    assert _page_stream() == drawn
