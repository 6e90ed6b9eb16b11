"""Issue 30, items 5 and 6: tracked capitals, a legible contrast for every text (a warning at the
style's line), the type scale of the Aix layout and of the starter."""

from __future__ import annotations

import re

import pypdfium2 as pdfium  # type: ignore[import-untyped]
import pytest

from brochure.cli import main
from brochure.layout.contrast import check_text_contrast
from brochure.pipeline import Project, load_project
from tests.harness import MINIMAL, REPOSITORY, build_from_yaml

HEADING_SECTION = (MINIMAL / "content/sections/01-intro.yaml").read_text(encoding="utf-8") + """\
  - heading:
      fr: UN TERRITOIRE OUVERT
      en: AN OPEN TERRITORY
  - list:
      - {fr: Premier point., en: First point.}
    numbered: true
  - paragraph:
      fr: Texte.
      en: Text.
"""


def styles_with(old: str, new: str) -> str:
    text = (MINIMAL / "layout/styles.yaml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new)


def heading_width(pdf_path, text: str) -> float:
    """The width of `text` as drawn, from the PDF's character boxes."""
    document = pdfium.PdfDocument(str(pdf_path))
    for page in document:
        textpage = page.get_textpage()
        found = textpage.get_text_range()
        start = found.find(text)
        if start >= 0:
            first, last = textpage.get_charbox(start), textpage.get_charbox(start + len(text) - 1)
            return float(last[2] - first[0])
    raise AssertionError(f"{text!r} not in the PDF")


def test_tracking_spaces_the_letters_of_a_style(tmp_path):
    plain = build_from_yaml(tmp_path / "plain", content={"sections/01-intro.yaml": HEADING_SECTION},
                            run_preflight=False)
    tracked = build_from_yaml(
        tmp_path / "tracked", content={"sections/01-intro.yaml": HEADING_SECTION},
        layout={"styles.yaml": styles_with("heading: {parent: section-title,",
                                           "heading: {parent: section-title, tracking: 0.1,")},
        run_preflight=False)
    before = heading_width(plain.pdf_path, "UN TERRITOIRE OUVERT")
    after = heading_width(tracked.pdf_path, "UN TERRITOIRE OUVERT")
    # 10 pt heading: 1 pt after each of the 19 glyphs before the last one measured
    assert after - before == pytest.approx(19 * 1.0, abs=2.5)
    # the body is not tracked
    assert heading_width(plain.pdf_path, "Premier point.") == pytest.approx(
        heading_width(tracked.pdf_path, "Premier point."), abs=0.01)


def contrast_warnings(result) -> list[str]:
    return [f"{item.where}: {item.message}" for item in result.diagnostics.warnings if "contrast" in item.message]


def test_faint_text_is_a_warning_at_the_style_line(tmp_path):
    styles = styles_with("  blue: [100, 60, 0, 25]\n", "  blue: [100, 60, 0, 25]\n  ochre: [0, 40, 100, 0]\n")
    styles = styles.replace("  quote: {parent: body,", "  quote: {parent: body, colour: ochre,")
    styles = styles.replace("list-item: {parent: body,", "list-item: {parent: body, bullet_colour: ochre,")
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": HEADING_SECTION},
                             layout={"styles.yaml": styles}, run_preflight=False)
    warnings = contrast_warnings(result)
    lines = styles.splitlines()
    quote_line = next(number for number, line in enumerate(lines, 1) if line.startswith("  quote:"))
    list_line = next(number for number, line in enumerate(lines, 1) if line.startswith("  list-item:"))
    assert any(re.match(rf"layout/styles.yaml:{quote_line}:\d+: style 'quote' \(ochre\) on the page: "
                        r"contrast 2\.0:1", warning) for warning in warnings), warnings
    # a numbered list's numbers take the bullet colour unless number_colour says otherwise
    assert any(warning.startswith(f"layout/styles.yaml:{list_line}:") and "'list-item' (ochre)" in warning
               for warning in warnings), warnings
    fixed = styles.replace("bullet_colour: ochre,", "bullet_colour: ochre, number_colour: black,")
    result = build_from_yaml(tmp_path / "fixed", content={"sections/01-intro.yaml": HEADING_SECTION},
                             layout={"styles.yaml": fixed}, run_preflight=False)
    assert not any("list-item" in warning for warning in contrast_warnings(result))


def test_text_in_a_box_is_checked_against_the_box(tmp_path):
    styles = styles_with("  blue: [100, 60, 0, 25]\n", "  blue: [100, 60, 0, 25]\n  white: [0, 0, 0, 0]\n")
    styles += ("  figures-title: {parent: body, colour: blue}\n  figure-value: {parent: body, colour: white}\n"
               "  figure-label: {parent: body, colour: white}\n"
               "boxes:\n  key-figures: {background: blue, padding: 3mm}\n")
    section = HEADING_SECTION + """\
  - figures:
      title: {fr: Chiffres, en: Figures}
      items:
        - {value: {fr: "3", en: "3"}, label: {fr: gares, en: stations}}
"""
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": section},
                             layout={"styles.yaml": styles}, run_preflight=False)
    warnings = contrast_warnings(result)
    assert any("'figures-title' (blue) on box 'key-figures' (blue): contrast 1.0:1" in w for w in warnings), warnings
    assert not any("'figure-value'" in warning or "'figure-label'" in warning for warning in warnings)


def test_aix_and_the_starter_pass_the_contrast_check(tmp_path):
    brochure, design = load_project(Project.at(REPOSITORY))
    for edition in design.editions:
        assert check_text_contrast(brochure, design.for_edition(edition), REPOSITORY) == [], edition.name
    folder = tmp_path / "starter"
    assert main(["init", str(folder), "--languages", "fr,en", "--trim", "A5"]) == 0
    brochure, design = load_project(Project.at(folder))
    assert check_text_contrast(brochure, design, folder) == []


def test_the_aix_type_scale():
    _, design = load_project(Project.at(REPOSITORY))
    title, heading, run_in, body, lead = (design.style(name) for name in
                                          ("section-title", "heading", "run-in", "body", "lead"))
    caption, folio = design.style("caption"), design.style("folio")
    assert title.size > heading.size * 1.5 and heading.size >= body.size * 1.15  # a real level between
    assert run_in.size == body.size and caption.size < body.size and folio.size < body.size
    assert lead.size > body.size
    assert heading.tracking > 0  # the headings are written in capitals
    for style in (title, heading):
        assert style.space_before >= 2 * style.space_after


BAND_PAGES = """\
templates:
  first:
    bands: [{edge: top, size: 10mm, colour: blue}]
    folio: true
  second:
    bands: [{edge: top, size: 10mm, colour: red}]
    folio: true
  blank: {}
sequence:
  - section: intro
    template: first
  - section: more
    template: second
    new_page: false
"""


def band_colour(pdf_path, page: int) -> tuple[int, int, int]:
    """The colour at the middle of the top band (5 mm below the trim's top edge)."""
    document = pdfium.PdfDocument(str(pdf_path))
    image = document[page - 1].render(scale=1).to_pil().convert("RGB")
    offset = (3 + 12) * 72 / 25.4  # bleed and slug
    pixel = image.getpixel((image.width // 2, round(offset + 5 * 72 / 25.4)))
    assert isinstance(pixel, tuple)
    return pixel[0], pixel[1], pixel[2]


def test_a_section_opening_mid_page_gives_the_page_its_band_colour(tmp_path):
    styles = styles_with("  blue: [100, 60, 0, 25]\n", "  blue: [100, 60, 0, 25]\n  red: [0, 100, 100, 0]\n")
    long_text = " ".join(["Une ville ouverte sur le monde, qui accueille des étudiants."] * 6)
    more = """\
id: more
title: {fr: Suite, en: More}
blocks:
""" + "".join(f"""\
  - paragraph:
      fr: {long_text}
      en: {long_text.replace("Une ville", "A city")}
""" for _ in range(12))
    result = build_from_yaml(tmp_path, content={"sections/02-more.yaml": more},
                             layout={"styles.yaml": styles, "pages.yaml": BAND_PAGES}, run_preflight=False)
    opened = {item.unit.split(".")[0]: item.page for item in reversed(result.page_map.placed)}
    assert opened["intro"] == opened["more"] == 1  # the second section runs on under the first
    red, blue = band_colour(result.pdf_path, 1), band_colour(result.pdf_path, 2)
    assert red[0] > 200 and red[2] < 80, red  # the section that opens on page 1 colours its band
    assert red == blue  # and keeps that colour on the pages after (the "second" template's)
