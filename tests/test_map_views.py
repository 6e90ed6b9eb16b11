"""Issue 30, item 7: maps in context. A map's view (the world without a ragged sliver of
Antarctica, a latitude band, a region, the bounding box of its places) and labels in the
languages of the columns it sits in, read back from the scene and from the PDF."""

from __future__ import annotations

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from brochure.cartography.scene import MapPlace, MapView, compose_scene
from brochure.errors import ErrorList
from brochure.pipeline import Project, build, load_project
from tests.conftest import REPOSITORY

PLACES = [MapPlace("AIX", 5.45, 43.53, home=True), MapPlace("BATH", -2.36, 51.38),
          MapPlace("KUMAMOTO", 130.7, 32.8), MapPlace("BATON ROUGE", -91.15, 30.45)]


def country_codes(scene) -> set[str]:
    return {shape.country.iso_a3 for shape in scene.countries}


def test_the_world_view_leaves_antarctica_out_unless_the_map_shows_the_pole():
    world = compose_scene(PLACES, 480, 300, extent="world")
    assert "ATA" not in country_codes(world) and "AUS" in country_codes(world)
    whole = compose_scene(PLACES, 480, 300, extent=MapView(south=-90, north=90))
    assert "ATA" in country_codes(whole)
    # a band of the northern hemisphere fills the width; its south edge is the box's foot
    band = compose_scene(PLACES, 480, 300, extent=MapView(south=0, north=66), align="bottom")
    assert "ATA" not in country_codes(band)
    equator = [y for shape in band.countries if shape.country.iso_a3 == "ECU" for ring in shape.rings for _, y in ring]
    assert min(equator) < 1.0 < max(equator)  # Ecuador straddles the foot of the box


def test_a_region_view_labels_only_the_places_inside_it():
    europe = compose_scene(PLACES, 300, 200, extent=MapView(west=-12, south=27, east=40, north=57))
    labelled = [place.label for place, label in zip(PLACES, europe.labels) if label is not None]
    assert labelled == ["AIX", "BATH"]
    marks = {place.label: mark.centre for place, mark in zip(PLACES, europe.marks)}
    assert 0 <= marks["BATH"][0] <= 300 and not 0 <= marks["KUMAMOTO"][0] <= 300
    fit = compose_scene(PLACES, 300, 200, extent="fit")
    assert all(label is not None for label in fit.labels)


def test_a_map_block_chooses_its_view_and_a_bad_view_names_its_line(project_copy):
    section = project_copy / "content/sections/04-partners.yaml"
    text = section.read_text(encoding="utf-8")
    style_line = "      style: partners\n"
    view = "      view: {west: -100, south: 10, east: 140, north: 62}\n"
    section.write_text(text.replace(style_line, style_line + view), encoding="utf-8")
    brochure, design = load_project(Project.at(project_copy))
    block = brochure.section("partners").blocks[1]
    assert block.view == MapView(west=-100, south=10, east=140, north=62)
    assert design.map_style("closing").extent == MapView(west=-12, south=27, east=40, north=57)
    assert design.map_style("back").extent == "world"
    section.write_text(text.replace(style_line, style_line + "      view: {west: 40, east: 10}\n"), encoding="utf-8")
    with pytest.raises(ErrorList) as raised:
        load_project(Project.at(project_copy))
    found = [str(error) for error in raised.value.errors]
    assert any(p.startswith("content/sections/04-partners.yaml:") and "west must be less than its east" in p
               for p in found), found


def map_text(result, edition: str) -> str:
    """The text printed inside the partners map's box, read from the PDF."""
    built = result.editions[edition]
    placed = next(placed for placed in built.page_map.maps if placed.what.startswith("map 'partners"))
    document = pdfium.PdfDocument(str(built.outputs["print"]))
    textpage = document[placed.page - 1].get_textpage()
    return str(textpage.get_text_bounded(placed.x, placed.y, placed.x + placed.scene.width,
                                         placed.y + placed.scene.height))


@pytest.mark.slow
def test_map_labels_are_in_the_languages_of_the_columns(tmp_path):
    result = build(Project.at(REPOSITORY, output=tmp_path), editions=("en-fr", "fr-ja", "fr-ar"),
                   run_preflight=False)
    english = map_text(result, "en-fr")
    assert "GRANADA" in english and "GRENADE" in english and "PHILADELPHIA" in english
    japanese = map_text(result, "fr-ja")
    assert "熊本" in japanese and "KUMAMOTO" in japanese and "グラナダ" in japanese
    arabic = map_text(result, "fr-ar")
    assert "قرطاج" in arabic and "CARTHAGE" in arabic


@pytest.mark.slow
def test_a_map_in_each_column_is_labelled_in_that_column_and_cropped_to_its_view(project_copy, tmp_path):
    styles = project_copy / "layout/styles.yaml"
    styles.write_text(styles.read_text(encoding="utf-8").replace("    languages: all ", "    languages: column ", 1),
                      encoding="utf-8")
    section = project_copy / "content/sections/04-partners.yaml"
    style_line = "      style: partners\n"
    section.write_text(section.read_text(encoding="utf-8").replace(
        style_line, style_line + "      view: {west: -12, south: 27, east: 40, north: 57}\n"), encoding="utf-8")
    result = build(Project.at(project_copy, output=tmp_path), editions=("en-fr",), run_preflight=False)
    built = result.editions["en-fr"]
    english, french = (placed for placed in built.page_map.maps if placed.what.startswith("map 'partners"))
    assert english.x < french.x
    document = pdfium.PdfDocument(str(built.outputs["print"]))
    textpage = document[english.page - 1].get_textpage()

    def inside(placed) -> str:
        assert placed.scene.crop is not None  # a view: the map as tall as its region, not its box
        x, y, width, height = placed.scene.crop
        return str(textpage.get_text_bounded(placed.x + x, placed.y + y, placed.x + x + width, placed.y + y + height))

    assert "GRANADA" in inside(english) and "GRENADE" not in inside(english)
    assert "GRENADE" in inside(french) and "PÉROUSE" in inside(french) and "PERUGIA" not in inside(french)
    assert "KUMAMOTO" not in inside(english)  # outside the view: no label
