"""No silent names: every name a layout refers to is resolved when the files are read, with an
error at its line and a suggestion; every key the loader accepts changes the output."""

from __future__ import annotations

import re

import pikepdf
import pytest

from brochure.cli import main
from tests.conftest import REPOSITORY, copy_project
from tests.harness import build_from_yaml

# (file, text, misspelt, the error's line, the suggestion)
MISSPELT = [
    ("layout/cards.yaml", "box: city-card", "box: city-crad", "no box named 'city-crad'", "did you mean 'city-card'?"),
    ("layout/cards.yaml", "{style: city-name,", "{style: city-nmae,", "no style named 'city-nmae'",
     "did you mean 'city-name'?"),
    ("layout/cards.yaml", "label: city_facts}", "label: city_fatcs}", "has no label 'city_fatcs'",
     "did you mean 'city_facts'?"),
    ("layout/pages.yaml", "template: cities", "template: citeis", "no page template named 'citeis'",
     "did you mean 'cities'?"),
    ("layout/pages.yaml", "fill: {map: closing}", "fill: {map: clossing}", "no map style named 'clossing'",
     "did you mean 'closing'?"),
    ("layout/pages.yaml", "colour: ocean}]", "colour: ocaen}]", "no palette colour named 'ocaen'",
     "did you mean 'ocean'?"),
    ("layout/styles.yaml", "font: Lato Light", "font: Lato Lihgt", "no font family named 'Lato Lihgt'",
     "did you mean 'Lato Light'?"),
]


@pytest.mark.parametrize(("file", "text", "misspelt", "message", "hint"), MISSPELT,
                         ids=[case[2] for case in MISSPELT])
def test_a_misspelt_name_is_an_error_at_its_line_with_a_suggestion(tmp_path, capsys, file, text, misspelt,
                                                                     message, hint):
    folder = copy_project(tmp_path / "brochure")
    path = folder / file
    original = path.read_text(encoding="utf-8")
    assert text in original
    path.write_text(original.replace(text, misspelt, 1), encoding="utf-8")
    line = original[:original.index(text)].count("\n") + 1
    assert main(["build", str(folder), "--no-preflight", "--output", str(tmp_path / "output")]) == 2
    error = capsys.readouterr().err
    assert re.search(rf"^(?:error: )?{re.escape(file)}:{line}:\d+: .*{re.escape(message)}.*\(hint: {re.escape(hint)}\)",
                     error, re.M), error
    assert not (tmp_path / "output").exists() or not list((tmp_path / "output").glob("*.pdf"))


def text_colours(pdf) -> list[tuple[float, ...]]:
    """The CMYK fill colours set in the text objects of the first page, in order."""
    colours = []
    with pikepdf.open(pdf) as document:
        inside = False
        for operands, operator in pikepdf.parse_content_stream(document.pages[0]):
            name = str(operator)
            inside = True if name == "BT" else False if name == "ET" else inside
            if inside and name == "k":
                colours.append(tuple(round(float(value), 2) for value in operands))
    return colours


def test_a_templates_footer_colour_colours_its_folio_and_running_title(tmp_path):
    pages = (REPOSITORY / "tests/fixtures/minimal/layout/pages.yaml").read_text(encoding="utf-8")
    # the footer style is blue in the fixture: the template asks for black
    coloured = pages.replace("    running_footer: true\n", "    running_footer: true\n    footer_colour: black\n")
    assert coloured != pages
    plain = build_from_yaml(tmp_path / "plain", run_preflight=False)
    black = build_from_yaml(tmp_path / "black", layout={"pages.yaml": coloured}, run_preflight=False)
    plain_colours, black_colours = text_colours(plain.pdf_path), text_colours(black.pdf_path)
    assert len(plain_colours) == len(black_colours)
    changed = [(a, b) for a, b in zip(plain_colours, black_colours) if a != b]
    # the footer's text (folio and running title), blue [100, 60, 0, 25] in its style, now black
    assert changed and all(pair == ((1.0, 0.6, 0.0, 0.25), (0.0, 0.0, 0.0, 1.0)) for pair in changed), changed
