"""Map, QR and page-flow options: read from content and layout, and every mistake reported with its place."""

from __future__ import annotations

import pytest

from brochure.errors import ErrorList
from brochure.pipeline import Project, load_project


def replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(folder) -> list[str]:
    with pytest.raises(ErrorList) as raised:
        load_project(Project.at(folder))
    return [str(error) for error in raised.value.errors]


def test_the_options_are_read(project_copy):
    brochure, design = load_project(Project.at(project_copy))
    assert brochure.home is not None and brochure.home.name.get("fr") == "AIX-EN-PROVENCE"
    assert brochure.contact.qr == "website"
    block = brochure.section("partners").blocks[1]
    assert type(block).__name__ == "MapBlock" and block.style == "partners"
    assert design.map_style("partners").extent == "fit" and design.map_style("closing").label is None
    assert design.template("cover").graphic == "cover"
    items = {item.section: item for item in design.sequence if item.section}
    assert items["attractiveness"].auto_page and items["attractiveness"].new_page
    assert not items["governance"].auto_page
    assert items["exchanges"].fill_map == "closing"


def test_a_map_block_naming_an_unknown_style_is_an_error_at_its_line(project_copy):
    replace(project_copy / "content/sections/04-partners.yaml", "style: partners", "style: partner")
    found = problems(project_copy)
    assert any(p.startswith("content/sections/04-partners.yaml:") and "no map style named 'partner'" in p
               and "did you mean 'partners'" in p for p in found), found


def test_a_map_without_the_home_city_is_an_error(project_copy):
    replace(project_copy / "content/brochure.yaml", "home:\n  name: {fr: AIX-EN-PROVENCE, en: AIX-EN-PROVENCE, "
            "ja: エクス＝アン＝プロヴァンス, ar: إكس أون بروفانس}\n  coordinates: {lat: 43.5297, lon: 5.4474}\n", "")
    found = problems(project_copy)
    assert any("a map needs the home city" in p for p in found), found


def test_a_partner_without_coordinates_is_an_error_when_a_map_is_drawn(project_copy):
    replace(project_copy / "content/cards/cities.yaml", "    coordinates: {lat: 51.3811, lon: -2.3590}\n", "")
    found = problems(project_copy)
    assert any(p.startswith("content/cards/cities.yaml:") and "'bath' has no coordinates" in p for p in found), found


@pytest.mark.parametrize(("file", "old", "new", "message"), [
    ("layout/pages.yaml", "fill: {map: closing}", "fill: {map: closed}", "no map style named 'closed'"),
    ("layout/pages.yaml", "graphic: {map: cover}", "graphic: {map: covers}", "no map style named 'covers'"),
    ("layout/pages.yaml", "new_page: auto", "new_page: sometimes", "expected true, false or auto"),
    ("layout/styles.yaml", "extent: fit", "extent: europe", "no map extent 'europe'"),
    ("layout/styles.yaml", "align: bottom", "align: down", "no map alignment 'down'"),
    ("layout/styles.yaml", "partner_land: rule", "partner_land: rules", "no palette colour named 'rules'"),
    ("layout/styles.yaml", "    halo: white\n", "    halo: white\n    glow: 2pt\n", "glow': unknown key"),
    ("content/back-cover.yaml", "qr: website", "qr: contact", "no QR code content 'contact'"),
])
def test_a_mistake_in_a_map_option_names_its_file_and_line(project_copy, file, old, new, message):
    replace(project_copy / file, old, new)
    found = problems(project_copy)
    assert any(p.startswith(file + ":") and message in p for p in found), found


def test_contrast_ratios_follow_wcag():
    from brochure.layout.contrast import contrast_ratio
    assert contrast_ratio((1, 1, 1), (0, 0, 0)) == pytest.approx(21)
    assert contrast_ratio((0.5, 0.5, 0.5), (0.5, 0.5, 0.5)) == pytest.approx(1)
    assert contrast_ratio((1, 1, 1), (0.4627, 0.4627, 0.4627)) == pytest.approx(4.54, abs=0.02)  # #767676


def test_a_cover_graphic_too_close_to_the_title_colour_is_an_error(project_copy):
    # white land under the white title: the title could not be read
    replace(project_copy / "layout/styles.yaml", "    land: deep\n", "    land: white\n")
    found = problems(project_copy)
    assert any(p.startswith("layout/styles.yaml:") and "style 'cover-title' (white) over the cover graphic's "
               "'white': contrast 1.0:1" in p for p in found), found


def test_a_map_style_without_its_marks_colours_is_an_error(project_copy):
    replace(project_copy / "layout/styles.yaml", "    mark: ocean\n", "")
    found = problems(project_copy)
    assert any(p.startswith("layout/styles.yaml:") and "'mark' is missing" in p for p in found), found


def test_a_map_style_whose_default_label_style_is_missing_is_an_error(project_copy):
    text = (project_copy / "layout/styles.yaml").read_text(encoding="utf-8")
    text = text.replace("  map-home-label:\n    parent: map-label", "  map-home-label:\n    font: Lato\n    size: 8pt")
    text = text.replace("  map-label:\n", "  map-labels:\n")
    (project_copy / "layout/styles.yaml").write_text(text, encoding="utf-8")
    found = problems(project_copy)
    assert any("'label' is the style 'map-label' by default, which styles: lacks" in p for p in found), found


@pytest.mark.slow  # a whole Aix build
def test_a_map_too_small_for_its_labels_stops_the_build_naming_the_block(project_copy):
    import subprocess
    import sys
    replace(project_copy / "layout/styles.yaml", "    height: 92mm\n", "    height: 12mm\n")
    result = subprocess.run([sys.executable, "-m", "brochure", "build", str(project_copy), "--no-preflight"],
                            capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: content/sections/04-partners.yaml:")
    assert "map 'partners.mapblock[1]'" in lines[0] and "labels find no free place" in lines[0]
    assert "Traceback" not in result.stderr
