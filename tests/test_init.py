"""`brochure init`: a new brochure folder that builds at once and passes preflight, in the languages
and trim asked for, with every block kind, an OFL font with its licence and a sample image."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from pypdf import PdfReader

from brochure.cli import main
from brochure.load.content import BLOCK_TYPES
from brochure.pipeline import Project, build
from brochure.starter.create import parse_trim


@pytest.mark.slow
def test_a_new_brochure_builds_and_passes_preflight(tmp_path, capsys):
    folder = tmp_path / "my-brochure"
    assert main(["init", str(folder), "--languages", "fr,en", "--trim", "A5"]) == 0
    assert "created" in capsys.readouterr().out
    kinds = set()
    for section in (folder / "content" / "sections").glob("*.yaml"):
        for block in yaml.safe_load(section.read_text())["blocks"]:
            kinds.update(key for key in block if key in BLOCK_TYPES)
    assert kinds == set(BLOCK_TYPES)      # every block kind, so that a designer sees each
    assert (folder / "fonts" / "lato" / "OFL.txt").is_file()
    assert "CC0" in (folder / "images" / "SOURCE.md").read_text()
    result = build(Project.at(folder))    # preflight runs in the build: it raises when it fails
    report = (folder / "output" / "my-brochure.preflight.json").read_text()
    assert '"passed": true' in report
    reader = PdfReader(result.pdf_path)
    trim = reader.pages[0].trimbox
    assert round(float(trim.width) / 72 * 25.4) == 148 and round(float(trim.height) / 72 * 25.4) == 210
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Bienvenue" in text and "Welcome" in text and "LISBONNE" in text
    assert result.pages % 4 == 0


@pytest.mark.slow
def test_a4_in_three_languages_builds(tmp_path):
    folder = tmp_path / "trois"
    assert main(["init", str(folder), "--languages", "en,fr,de", "--trim", "A4"]) == 0
    brochure = (folder / "content" / "brochure.yaml").read_text()
    assert "de: {locale: de_DE" in brochure
    welcome = (folder / "content" / "sections" / "01-welcome.yaml").read_text()
    assert 'de: "[de] Welcome"' in welcome      # untranslated text is marked, never left out
    result = build(Project.at(folder))
    assert result.pages >= 4
    # the title in three languages is one group: the third follows the second as the second the first
    baselines: dict[str, float] = {}

    def seen(text, cm, tm, font, size):
        if "Our city and the world" in text or "Notre ville et le monde" in text:
            baselines[text.strip()] = (cm[5] + tm[5] * cm[3]) if cm else tm[5]
    PdfReader(next((folder / "output").glob("*.pdf"))).pages[0].extract_text(visitor_text=seen)
    first, second, third = sorted(baselines.values(), reverse=True)
    assert len(baselines) == 3 and abs((first - second) - (second - third)) < 1.0, baselines


@pytest.mark.slow
@pytest.mark.parametrize(("trim", "languages"), [("A4", "fr,en"), ("A5", "fr,en"), ("A6", "fr,en"),
                                                 ("letter", "en,es"), ("A4", "en,fr,de"), ("A5", "fr"),
                                                 ("170x240", "de,fr")])
def test_every_trim_builds_clean_no_blank_page_no_loose_line_no_warning(tmp_path, trim, languages):
    """What a new user sees first: at every trim the starter offers, pictures at the print
    resolution (no preflight warning), narrow columns set ragged (no loose line), every page the
    booklet needs designed (no blank page) and the cards' and back cover's text in their frames."""
    folder = tmp_path / "new"
    assert main(["init", str(folder), "--languages", languages, "--trim", trim]) == 0
    result = build(Project.at(folder))  # the preflight included
    # without Ghostscript the ink coverage is not checked, and the preflight says so: not the starter's
    unchecked = "ink-coverage" if shutil.which("gs") is None else None
    warnings = [str(item) for item in result.diagnostics.items
                if item.severity.word == "warning" and not (unchecked and f"{unchecked}: not checked" in str(item))]
    assert not warnings, warnings
    [edition] = result.editions.values()
    assert not edition.blank_pages and result.pages % 4 == 0
    report = json.loads(next((folder / "output").glob("*.preflight.json")).read_text())
    findings = [finding for finding in report["findings"] if finding["rule"] != unchecked]
    assert report["passed"] and not findings, findings


def test_narrow_columns_are_set_ragged_and_wide_ones_justified(tmp_path):
    from brochure.starter.create import geometry

    aligned = {(trim, languages): geometry(parse_trim(trim), languages.split(","))["body_align"]
               for trim, languages in (("A4", "fr,en"), ("letter", "en,es"), ("A5", "fr,en"), ("A4", "en,fr,de"),
                                       ("A5", "fr"), ("A6", "fr"))}
    # A4 and letter in two columns (about 82 mm, 26 ems of 9 pt) and one language a page wide: justified
    assert aligned == {("A4", "fr,en"): "justify", ("letter", "en,es"): "justify", ("A5", "fr,en"): "left",
                       ("A4", "en,fr,de"): "left", ("A5", "fr"): "justify", ("A6", "fr"): "justify"}


def test_init_refuses_a_folder_with_files_and_bad_options(tmp_path, capsys):
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "keep.txt").write_text("mine")
    assert main(["init", str(tmp_path / "full")]) == 2
    assert "not empty" in capsys.readouterr().err
    assert (tmp_path / "full" / "keep.txt").read_text() == "mine"
    assert main(["init", str(tmp_path / "new"), "--trim", "B7"]) == 2
    assert "unknown trim 'B7'" in capsys.readouterr().err
    assert main(["init", str(tmp_path / "new"), "--languages", "zz-qq"]) == 2
    assert "unknown language code" in capsys.readouterr().err


def test_trims():
    assert (parse_trim("a4").width_mm, parse_trim("A4").height_mm) == (210, 297)
    assert parse_trim("170x240").width_mm == 170
    with pytest.raises(ValueError, match="outside"):
        parse_trim("10x20")
