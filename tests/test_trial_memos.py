"""What a rendering's page plan lays out again is taken from its first layout (issue 27): the
lines of paragraphs (typeset/laid_lines.py) and compressed streams (render/reuse.py); the
edition is byte for byte the one made without them."""

from __future__ import annotations

import io
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from brochure.pipeline import BuildSession, Project, load_project, render_pdf
from brochure.typeset import laid_lines
from tests.conftest import REPOSITORY


@pytest.mark.slow  # lays out the whole Aix edition six times
def test_the_page_plans_later_layouts_reuse_the_first_and_the_edition_is_the_same(monkeypatch):
    """fr-en is laid out three times (budgets 0, 2, and 2 with cards one fewer to a page)."""
    brochure, design = load_project(Project.at(REPOSITORY))
    edition = design.for_edition(design.edition_named("fr-en"))
    records: list[laid_lines.LaidLines] = []
    keep = laid_lines.lines_laid_kept

    @contextmanager
    def counted(budget: int | None = None, kept: laid_lines.LaidLines | None = None,
                ) -> Iterator[laid_lines.LaidLines]:
        with keep(budget, kept) as laid:
            records.append(laid)
            yield laid

    compressed: list[int] = []
    compress = zlib.compress
    monkeypatch.setattr(zlib, "compress", lambda data, *rest: compressed.append(len(data)) or compress(data, *rest))
    monkeypatch.setattr("brochure.pipeline.render.lines_laid_kept", counted)
    reusing = render_pdf(brochure, edition, REPOSITORY).pdf
    assert records[0].replayed > 300  # most paragraphs of the later layouts
    streams = len(compressed)
    # three layouts' pages (16 each, compressed as each ends), most of them alike, and the
    # chosen layout's fonts and images, written once
    assert streams < 45

    monkeypatch.setattr("brochure.pipeline.render.RENDERING_COMPRESSED_BYTES", 0)
    # a session keeping no laid lines (their budget 0)
    without = render_pdf(brochure, edition, REPOSITORY, session=BuildSession(laid_lines=laid_lines.LaidLines(0))).pdf
    assert records[1].replayed == 0 and len(compressed) - streams > 50  # 58: every page compressed
    assert reusing == without


def test_a_maps_country_paths_are_written_once_as_the_canvas_writes_them():
    from reportlab.pdfgen.canvas import Canvas

    from brochure.cartography.scene import MapPlace, compose_scene
    from brochure.layout.world_map import _country_code, _country_path, _path, _path_code

    scene = compose_scene([MapPlace("HOME", 5.45, 43.53, home=True), MapPlace("", -3.6, 37.18)], 300, 200,
                          labels=False)
    canvas = Canvas(io.BytesIO())
    for shape in scene.countries[:20]:
        built = canvas.beginPath()
        for ring in shape.rings:
            built.moveTo(*ring[0])
            for point in ring[1:]:
                built.lineTo(*point)
            built.close()
        assert _path(canvas, shape.rings, True).getCode() == built.getCode()
        assert _country_path(shape).getCode() == built.getCode()
    hits = _path_code.cache_info().hits
    assert all(_path(canvas, shape.rings, True) for shape in scene.countries[:20])
    assert _path_code.cache_info().hits == hits + 20  # the next layout's map: written again from memory
    hits = _country_code.cache_info().hits
    again = compose_scene([MapPlace("HOME", 5.45, 43.53, home=True), MapPlace("", -3.6, 37.18)], 300, 200,
                          labels=False)
    assert again == scene and all(_country_path(shape) for shape in again.countries[:20])
    assert _country_code.cache_info().hits == hits + 20  # the same countries placed alike: from memory


def test_a_country_on_a_map_is_its_shared_outline_placed_on_the_map():
    from brochure.cartography.projection import equal_earth
    from brochure.cartography.scene import MapPlace, compose_scene

    scene = compose_scene([MapPlace("HOME", 5.45, 43.53, home=True), MapPlace("", 13.4, 52.5)], 300, 200,
                          labels=False)
    france = next(shape for shape in scene.countries if shape.country.name == "France")
    lon, lat = france.country.rings[0][0]
    x, y = equal_earth(lon, lat)
    assert france.rings[0][0] == (france.offset[0] + france.scale * x, france.offset[1] + france.scale * y)
    assert any(0 < x < 300 and 0 < y < 200 for ring in france.rings for x, y in ring)  # metropolitan France
    other = compose_scene([MapPlace("", 2.35, 48.85), MapPlace("", 13.4, 52.5)], 100, 100, labels=False)
    assert france.outline is next(shape.outline for shape in other.countries if shape.country == france.country)


@pytest.mark.slow  # lays out the whole Aix edition three times
def test_a_tagged_renderings_chosen_trial_is_the_rendering_not_laid_out_again(monkeypatch):
    from brochure.pipeline import render

    brochure, design = load_project(Project.at(REPOSITORY))
    edition = design.for_edition(design.edition_named("fr-en"))
    layouts = []
    once = render._render_once

    def counted(*arguments, **options):
        made = once(*arguments, **options)
        layouts.append(made)
        return made

    monkeypatch.setattr(render, "_render_once", counted)
    screen = render_pdf(brochure, edition, REPOSITORY, "screen")
    # budgets 0, 2, 2 with cards one fewer: the last chosen, written, not laid out again
    assert len(layouts) == 3 and screen.page_map is layouts[-1].page_map and screen.pdf.startswith(b"%PDF")
    assert screen.structure is not None and all(layout.structure is not None for layout in layouts)


def test_only_the_page_plans_chosen_layout_is_written(tmp_path, monkeypatch):
    """The plan compares its layouts by their pages: each is laid out, and only the chosen one's
    file is written (a write lays every font subset and stream down: a tenth of a second each)."""
    from pypdf import PdfReader
    from reportlab.pdfgen.canvas import Canvas

    from brochure.pipeline import render
    from brochure.starter.create import create_brochure, parse_trim

    folder = tmp_path / "brochure"
    create_brochure(folder, ["fr", "en"], parse_trim("A4"))  # 7 pages of content in a booklet of 8
    brochure, design = load_project(Project.at(folder))
    edition = design.for_edition(design.editions[0])
    layouts, writes = [], []
    once, save = render._render_once, Canvas.save
    monkeypatch.setattr(render, "_render_once", lambda *arguments, **options: layouts.append(1) or once(
        *arguments, **options))
    monkeypatch.setattr(Canvas, "save", lambda canvas: writes.append(1) or save(canvas))
    rendered = render_pdf(brochure, edition, folder)
    assert len(layouts) >= 2 and len(writes) == 1
    assert rendered.unwritten is None and len(PdfReader(io.BytesIO(rendered.pdf)).pages) == rendered.pages
