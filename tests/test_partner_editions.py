"""The Aix brochure's partner editions fr-ja and fr-ar (issue 17): built from the repository's
content, read back; and the translation check asks only for the units an edition sets."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from brochure.errors import BrochureError, ErrorList
from brochure.pipeline import Project, build, check_translations, load_project
from tests.harness import REPOSITORY
from tests.pdf_reading import text_boxes
from tests.test_scripts import CLOSING, OPENING, _arabic_words, _drawn_notdef, _logical_lines, _text

ARABIC_SENTENCE = "تنسج مدينة إكس أون بروفانس علاقات متميزة مع 15 مدينة في العالم"
JAPANESE_SENTENCE = "市はこれらのパートナーシップを基盤として、国際的な活動を進めています。"

pytestmark = pytest.mark.slow  # the Aix brochure's partner editions, built whole


@pytest.fixture(scope="module")
def partner_editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    output = tmp_path_factory.mktemp("aix-partners")
    result = build(Project.at(REPOSITORY, output=output), formats=("print", "screen"),
                   editions=("fr-ja", "fr-ar"))
    return {name: {kind: Path(path) for kind, path in edition.outputs.items()}
            for name, edition in result.editions.items()}


def _page_lines(pdf: Path, page: int) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of each line of a page (tests/pdf_reading.text_boxes)."""
    return [(box.x_min, box.x_max, box.text) for box in text_boxes(pdf, page)]


def test_both_editions_hold_the_cover_the_partner_cities_and_the_back_cover(
        partner_editions: dict[str, dict[str, Path]]) -> None:
    assert sorted(partner_editions) == ["fr-ar", "fr-ja"]
    ja, ar = _text(partner_editions["fr-ja"]["print"]), _text(partner_editions["fr-ar"]["print"])
    for text in (ja, ar):
        assert text.count("\f") == 8  # seven pages and a blank, saddle-stitched
        assert "Stratégie internationale" in text and "DIRECTION ATTRACTIVITÉ" in text
        assert "KUMAMOTO" in text and "OUJDA" in text
    assert "国際戦略" in ja and "熊本" in ja and "都市魅力・国際協力局" in ja
    assert "اليابان" in " ".join(_logical_lines(ar)) and "Ivy League" in ar
    assert "The Camp" not in ja + ar  # the other sections are not in these editions


def test_sample_sentences_extract_in_logical_order(partner_editions: dict[str, dict[str, Path]]) -> None:
    words = _arabic_words(" ".join(_logical_lines(_text(partner_editions["fr-ar"]["screen"]))))
    wanted = _arabic_words(ARABIC_SENTENCE)
    assert any(words[start:start + len(wanted)] == wanted for start in range(len(words))), words
    japanese = _text(partner_editions["fr-ja"]["screen"])
    assert JAPANESE_SENTENCE in japanese.replace("\n", "")
    for line in japanese.splitlines():
        assert not line or line[0] not in CLOSING, line
        assert not line or line[-1] not in OPENING, line


def test_arabic_lines_end_at_the_right_edge_of_their_column(partner_editions: dict[str, dict[str, Path]]) -> None:
    lines = _page_lines(partner_editions["fr-ar"]["print"], 3)  # four cards, each text in two columns
    arabic = [line for line in lines if _arabic_words(line[2]) and "Stratégie" not in line[2]]
    french = [line for line in lines if not _arabic_words(line[2]) and line[1] - line[0] > 50]
    assert len(arabic) >= 16 and french
    right = max(x_max for _, x_max, _ in arabic)
    assert all(abs(x_max - right) < 1.0 for _, x_max, _ in arabic), [(x, t) for _, x, t in arabic]
    short = [line for line in arabic if line[1] - line[0] < 0.5 * (right - min(x for x, _, _ in arabic))]
    assert len(short) >= 8, arabic  # names, facts and last lines are short, and still end at the right
    assert min(x for x, _, _ in arabic) > max(x for _, x, _ in french)  # the Arabic column is the right one


def test_no_glyph_zero_is_drawn_in_either_edition(partner_editions: dict[str, dict[str, Path]]) -> None:
    for outputs in partner_editions.values():
        for path in outputs.values():
            assert _drawn_notdef(path.read_bytes()) == [], path


def test_only_the_units_an_edition_sets_need_its_languages(tmp_path: Path) -> None:
    brochure, design = load_project(Project.at(REPOSITORY), draft=True)
    japanese = design.edition_named("fr-ja")
    check_translations(brochure, design, [japanese], pseudo=False)  # strategy & co. lack `ja`: not set
    whole = dataclasses.replace(japanese, sections=None)
    with pytest.raises(ErrorList) as caught:
        check_translations(brochure, design, [whole], pseudo=False)
    messages = [str(error) for error in caught.value.errors]
    assert any(message.startswith("content/sections/01-strategy.yaml:") for message in messages)
    assert all("missing language 'ja'" in message for message in messages)
    assert not [message for message in messages if "04-partners" in message or "cities" in message
                or "brochure.yaml" in message or "back-cover" in message]


def test_a_card_an_edition_sets_must_have_its_language(project_copy: Path) -> None:
    cities = project_copy / "content" / "cards" / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    cities.write_text(text.replace(", ja: 熊本, ar: كوماموتو", ", ar: كوماموتو", 1), encoding="utf-8")
    line = next(number for number, row in enumerate(cities.read_text(encoding="utf-8").splitlines(), 1)
                if "ar: كوماموتو" in row)
    with pytest.raises(BrochureError) as caught:
        load_project(Project.at(project_copy))
    errors = caught.value.errors if isinstance(caught.value, ErrorList) else [caught.value]
    [message] = [str(error) for error in errors]
    assert message.startswith(f"content/cards/cities.yaml:{line}:")
    assert "city card 'kumamoto'" in message and "missing language 'ja'" in message
    # Hebrew is written on one card only: no edition sets it, so the others need none
    assert "he: אשקלון" in text and text.count("he:") == 3
