"""End to end: the real Aix brochure built from content/ and layout/, read back from the PDF."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pytest

from brochure.explain import content_texts
from brochure.load.typography import shipped_typography
from brochure.model.content import Paragraph
from brochure.pipeline import Project, load_project
from brochure.typeset.locale_rules import apply_rules
from brochure.typeset.numbers import format_integer
from tests.conftest import REPOSITORY
from tests.pdf_reading import column_stream, fonts, squash, text_lines

pytestmark = pytest.mark.slow

BROCHURE, DESIGN = load_project(Project.at(REPOSITORY))
LOCALES = {language.code: shipped_typography(language.locale) for language in BROCHURE.languages}


@pytest.fixture(scope="module")
def lines(aix_pdf):
    return text_lines(aix_pdf)


@pytest.fixture(scope="module")
def columns(lines):
    """The text of the left and right facing columns, all pages in order."""
    page = DESIGN.page
    middle = page.trim_box.x + page.trim_box.width / 2
    lines = in_type_area(lines)
    return {"left": squash(column_stream(lines, 0, middle)),
            "right": squash(column_stream(lines, middle, page.media_width)),
            "all": squash("".join(line.text for line in lines))}


# The cover stacks its title's languages one above the other, and the back cover its department's
# (story.stacked_languages), so both start left of the middle; every other text faces its translation.
STACKED = {"title", "back cover.department"}


def test_every_text_unit_of_every_language_is_in_its_column(columns):
    side = {code: ("left", "right")[index] for index, code in enumerate(DESIGN.columns)}
    missing = []
    for name, unit in content_texts(BROCHURE):
        for code in DESIGN.columns:
            expected = squash(apply_rules(unit.get(code), LOCALES[code]))
            if expected not in columns["all" if name in STACKED else side[code]]:
                missing.append(f"{name} [{code}]: {unit.get(code)[:50]}")
    assert missing == []


def test_the_seed_text_is_carried_almost_whole(columns):
    """At least 95 % of the seed's text blocks (as printed, FR and EN) are in the PDF."""
    seed = REPOSITORY / "tests" / "fixtures" / "seed" / "000_30ced7cbb8106686.txt"
    blocks = [block for block in re.split(r"\n\s*\n", seed.read_text(encoding="utf-8"))
              if len(block.split()) >= 3]
    # compare words of 6+ letters: typos mended in content/CHANGELOG.md may differ
    pdf_text = columns["all"].lower()
    found = 0
    for block in blocks:
        words = list(re.findall(r"[^\W\d_]{6,}", block.lower()))
        if not words or sum(w in pdf_text for w in words) >= 0.8 * len(words):
            found += 1
    assert found / len(blocks) >= 0.95, f"{found} of {len(blocks)} seed blocks found"


def test_paired_paragraphs_start_level_with_french_on_the_left(lines):
    """For each paragraph pair, the first lines share a baseline (within 1 pt), FR left of EN."""
    checked = 0
    for section in BROCHURE.sections:
        for block in section.blocks:
            if not isinstance(block, Paragraph) or block.lead:
                continue
            candidates = []
            for code in DESIGN.columns:
                first_words = apply_rules(block.text.get(code), LOCALES[code]).split()[:4]
                probe = squash(" ".join(first_words))
                matches = [line for line in lines if squash(line.text).startswith(probe)]
                assert matches, f"{section.id}: no line starts with {first_words}"
                candidates.append(matches)
            pairs = [(left, right) for left in candidates[0] for right in candidates[1]
                     if left.page == right.page]
            assert pairs, f"{section.id}: the pair starts on different pages"
            left, right = min(pairs, key=lambda pair: abs(pair[0].y - pair[1].y))
            assert abs(left.y - right.y) <= 1.0, (section.id, left, right)
            assert left.x < right.x
            checked += 1
    assert checked >= 30


def test_all_partner_cities_with_population_and_year_in_both_locales(columns, lines):
    cities = BROCHURE.card_list("cities").cards
    assert len(cities) == 15
    for city in cities:
        french = squash(f"{format_integer(city.get('population'), 'fr_FR')} habitants")
        english = squash(f"{format_integer(city.get('population'), 'en_GB')} inhabitants")
        assert french in columns["left"], city.id
        assert english in columns["right"], city.id
        assert squash(f"depuis {city.get('partner_since')}") in columns["left"]
        assert squash(f"since {city.get('partner_since')}") in columns["right"]
    # French groups thousands with a narrow no-break space, English with a comma
    raw = "".join(line.text for line in lines)
    assert "84\u202f000\u00a0habitants" in raw
    assert "84,000\u00a0inhabitants" in raw


def test_page_count_is_a_multiple_of_four(aix_pdf, aix_build):
    pages = len(pypdf.PdfReader(aix_pdf).pages)
    assert pages == aix_build.pages
    assert pages % 4 == 0
    assert pages >= 12


def embedded_fonts(pdf: Path) -> dict[str, bool]:
    """Font base name -> embedded, for every font any page uses."""
    fonts: dict[str, bool] = {}
    for page in pypdf.PdfReader(pdf).pages:
        for reference in (page["/Resources"].get("/Font") or {}).values():
            font = reference.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts") or []:
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            embedded = any(d is not None and any(k in d.get_object() for k in
                                                 ("/FontFile", "/FontFile2", "/FontFile3"))
                           for d in descriptors)
            fonts[str(font["/BaseFont"])] = embedded
    return fonts


def test_every_font_is_embedded_and_none_is_base14(aix_pdf):
    fonts = embedded_fonts(aix_pdf)
    assert fonts, "no fonts found"
    assert all(fonts.values()), fonts
    base14 = ("Helvetica", "Times", "Courier", "Symbol", "ZapfDingbats")
    assert not [name for name in fonts if any(b in name for b in base14)]


def test_every_font_is_embedded_and_subset_as_pdffonts_would_list_it(aix_pdf):
    rows = fonts(aix_pdf)
    assert rows
    for row in rows:
        assert row.embedded and row.subset, row


def test_two_builds_give_identical_bytes(aix_pdf, tmp_path):
    from brochure.pipeline import Project, build
    again = build(Project.at(REPOSITORY, output=tmp_path), editions=("fr-en",)).pdf_path
    assert again.read_bytes() == aix_pdf.read_bytes()


def test_source_has_nothing_specific_to_aix():
    words = {"aix", "provence", "ocean", "ochre"} | {city.id for city in BROCHURE.card_list("cities").cards}
    offenders = []
    for path in (REPOSITORY / "src" / "brochure").rglob("*.py"):
        text = path.read_text(encoding="utf-8").lower()
        offenders += [f"{path.name}: {word}" for word in words
                      if re.search(rf"\b{re.escape(word)}\b", text)]
    assert offenders == []


def spaced(text: str) -> str:
    """Text with every kind of space folded to one plain space."""
    return " ".join(re.split(r"[\s\u00a0\u202f]+", text)).strip()


def in_type_area(lines):
    """The lines between the top and bottom margins: a running footer, folio or page-info mark
    would cut a paragraph that runs on from one page to the next (covers' texts are kept)."""
    page = DESIGN.page
    bottom, top = page.trim_box.y + page.margin_bottom, page.trim_box.top - page.margin_top
    last = max(line.page for line in lines)
    return [line for line in lines if line.page in (1, last) or bottom <= line.y <= top]


def column_text(lines, left: float, right: float) -> str:
    """A column's lines joined as a reader would: a hyphen at a line end followed by a
    lowercase letter joins the word again; a line ending at a slash (a compound broken
    there, `efforts/` `involvement`) goes on with no space; any other line end is a space."""
    joined = ""
    for line in (line for line in in_type_area(lines) if left <= line.x < right):
        text = line.text.rstrip("\n")
        if joined.endswith("-") and text[:1].islower():
            joined = joined[:-1] + text
        elif joined.endswith("/") and text[:1].isalpha():
            joined += text
        else:
            joined += (" " if joined else "") + text
    return spaced(joined)


def test_words_keep_their_spaces(lines):
    """Every paragraph reads in the PDF with the same words and spaces as the content."""
    page = DESIGN.page
    middle = page.trim_box.x + page.trim_box.width / 2
    text = {DESIGN.columns[0]: column_text(lines, 0, middle),
            DESIGN.columns[1]: column_text(lines, middle, page.media_width)}
    missing = []
    for section in BROCHURE.sections:
        for block in section.blocks:
            if isinstance(block, Paragraph) and not block.lead:
                for code in DESIGN.columns:
                    expected = spaced(apply_rules(block.text.get(code), LOCALES[code]))
                    # compare sentence by sentence: a paragraph may be split across pages
                    # hyphens left out: a line ending at a compound's own hyphen (well-|being) reads
                    # like a hyphenated word; the words and spaces are what this test is about
                    for sentence in re.split(r"(?<=[.:;])\s", expected):
                        if len(sentence) > 20 and sentence.replace("-", "") not in text[code].replace("-", ""):
                            missing.append(f"{section.id} [{code}]: {sentence[:60]}")
    assert missing == []


def test_caches_change_nothing_in_the_output(aix_pdf, tmp_path, monkeypatch):
    """The shaped-word and line-break caches must give the bytes an uncached build gives (a build
    without a session given starts with empty caches of its own)."""
    from brochure.pipeline import Project, build
    from brochure.typeset import total_fit
    from brochure.typeset.reportlab_fixes import shaping
    monkeypatch.setattr(shaping, "MAX_CACHED_WORDS", 0)
    monkeypatch.setattr(total_fit, "MAX_CACHED", 0)   # hyphenation points and line breaks too
    monkeypatch.setattr(total_fit, "MAX_CACHED_BREAKS", 0)
    uncached = build(Project.at(REPOSITORY, output=tmp_path), editions=("fr-en",)).pdf_path.read_bytes()
    assert uncached == aix_pdf.read_bytes()
