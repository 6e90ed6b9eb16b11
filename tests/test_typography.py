"""Typography read back from the brochure's PDF: locale spacing, quotes, kerning,
hyphenation, widows and orphans; and the errors for missing glyphs and overset."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys

import pypdf
import pytest

from tests.pdf_reading import column_stream, extract_text, text_lines

pytestmark = pytest.mark.slow

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.fixture(scope="module")
def columns(aix_pdf, aix_build):
    lines = text_lines(aix_pdf)
    reader = pypdf.PdfReader(aix_pdf)
    box = reader.pages[0].trimbox
    middle = float(box.left) + float(box.width) / 2
    body_lines = [line for line in lines if line.y > float(box.bottom) + 40]  # not the footer
    return {"fr": column_stream(body_lines, 0, middle), "en": column_stream(body_lines, middle, 10_000),
            "lines": lines}


def test_french_high_punctuation_and_guillemets_take_narrow_no_break_spaces(columns):
    french = columns["fr"].replace("\n", " ")
    for match in re.finditer(r"[;!?»]", french):
        assert french[match.start() - 1] == NNBSP, french[match.start() - 30:match.end()]
    for match in re.finditer(r"«", french):
        assert french[match.end()] == NNBSP, french[match.start():match.end() + 30]
    colons = list(re.finditer(r":", french))
    assert len(colons) >= 10
    for match in colons:
        assert french[match.start() - 1] in (NBSP, NNBSP), french[match.start() - 30:match.end()]
    assert "«" in french and "’" in french and "'" not in french


def test_english_has_curly_quotes_and_apostrophes(columns):
    english = columns["en"]
    assert "“" in english and "”" in english and "’" in english
    assert '"' not in english and "'" not in english
    assert not re.search(r" [:;!?]", english)


def test_extracted_text_has_no_private_use_or_presentation_forms(aix_pdf, columns):
    pdfium = extract_text(aix_pdf)
    for text in (pdfium, "".join(line.text for line in columns["lines"])):
        odd = [c for c in text if 0xE000 <= ord(c) <= 0xF8FF or 0xFB00 <= ord(c) <= 0xFB4F]
        assert odd == []
    assert "dispositif" in pdfium and "office" in pdfium.lower()


def test_kerning_adjustments_are_in_the_content_stream(aix_pdf):
    streams = b"".join(page.get_contents().get_data() for page in pypdf.PdfReader(aix_pdf).pages)
    # a TJ array moving the glyph after a capital T, V, A, W or Y: kerned pairs
    kerned = re.findall(rb"[TVAWYP]\)\s*-?\d+(?:\.\d+)?\s*\([a-zAV]", streams)
    assert len(kerned) >= 20


def hyphen_runs(lines):
    """Runs of consecutive lines of one column ending in a hyphenation."""
    by_column = {}
    for line in lines:
        by_column.setdefault((line.page, round(line.x)), []).append(line)
    runs, total = [], 0
    for column in by_column.values():
        run = 0
        for current, following in itertools.pairwise(column):
            text = current.text.rstrip("\n")
            if text.endswith("-") and following.text[:1].islower():
                run += 1
                total += 1
            else:
                run = 0
            runs.append(run)
    return total, max(runs, default=0)


def test_justified_columns_hyphenate_but_never_three_lines_in_a_row(columns):
    total, longest = hyphen_runs(columns["lines"])
    assert total >= 20
    assert longest <= 2


def test_no_widow_or_orphan_anywhere(aix_build):
    placed = aix_build.page_map.placed
    assert placed
    for item in placed:
        if item.continues_after or item.continued_from_before:
            assert item.lines >= 2, item
    # and a heading never ends a page: something of the same column follows it
    for page in {item.page for item in placed}:
        on_page = sorted((item for item in placed if item.page == page), key=lambda i: -i.top)
        for language in {item.language for item in on_page}:
            column = [item for item in on_page if item.language == language]
            if column[-1].kind in ("heading", "section-title"):  # only a figure may follow it: a map page's title
                assert any(placed.page == page and placed.y < column[-1].top - column[-1].height
                           for placed in aix_build.page_map.maps), column[-1]


def run_build(folder):
    return subprocess.run([sys.executable, "-m", "brochure", "build", str(folder), "--edition", "fr-en"],
                          capture_output=True, text=True)


def test_a_character_missing_from_its_font_is_one_clear_error(project_copy):
    cities = project_copy / "content" / "cards" / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    cities.write_text(text.replace("country: {fr: Japon, en: Japan", "country: {fr: Japon กข, en: Japan"),
                      encoding="utf-8")
    result = run_build(project_copy)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("error: content/cards/cities.yaml:")
    assert "'ก' (U+0E01), 'ข' (U+0E02) are not in font Lato (fonts/lato/Lato-" in line


def test_a_city_description_too_long_for_its_card_is_one_clear_error(project_copy):
    cities = project_copy / "content" / "cards" / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    original = "Inscrite au patrimoine mondial de l’UNESCO, Bath est surtout connue\n        pour ses bains romains."
    cities.write_text(text.replace(original, (original + " ") * 6, 1), encoding="utf-8")
    result = run_build(project_copy)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "city card 'bath' does not fit its frame" in line
    assert re.search(r"page \d+", line) and "first words that do not fit" in line


def test_the_words_that_do_not_fit_a_card_read_as_written_in_arabic_too(project_copy):
    """A right-to-left card's lines are drawn reversed and shaped: the message quotes the words
    as written (it quoted glyph codes backwards, or only "(the last lines)")."""
    cities = project_copy / "content" / "cards" / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    original = "والتكنولوجيات الحديثة."
    assert original in text
    cities.write_text(text.replace(original, original + " وفيها أسواق قديمة وحدائق كثيرة." * 12, 1),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "brochure", "build", str(project_copy), "--edition", "fr-ar",
                             "--no-preflight"], capture_output=True, text=True)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    words = re.search(r"first words that do not fit: “(.*)”", line)
    assert "city card 'bath' does not fit its frame" in line and words is not None, line
    assert words.group(1).split() and all(word in text + " وفيها أسواق قديمة وحدائق كثيرة." for word in
                                          words.group(1).split()), line
