"""Total-fit line breaking: the pure breaker on boxes, glue and penalties, and the
brochures it sets, measured in their PDFs (word spaces against the font's space)."""

from __future__ import annotations

import random
import re

import pytest
import yaml

from brochure.errors import OversetError
from brochure.typeset.linebreak import (
    INFINITE_PENALTY,
    Box,
    BreakSettings,
    Glue,
    Item,
    Line,
    Penalty,
    break_lines,
    fitness_class,
    paragraph_end,
)
from tests.harness import REPOSITORY, build_from_yaml
from tests.word_spacing import SetLine, column_edges, percentile, set_lines

SPACE = 3.0


def words_to_items(widths: list[float], stretch: float = 1.0, shrink: float = 0.5) -> list[Item]:
    items: list[Item] = []
    for index, width in enumerate(widths):
        if index:
            items.append(Glue(SPACE, stretch, shrink))
        items.append(Box(width))
    return items + paragraph_end()


def first_fit(widths: list[float], measure: float) -> list[list[float]]:
    """As reportlab breaks: as many words as fit on each line in turn."""
    lines: list[list[float]] = [[]]
    for width in widths:
        line = lines[-1]
        if line and sum(line) + SPACE * len(line) + width > measure:
            lines.append([width])
        else:
            line.append(width)
    return lines


def shortfall(line: list[float], measure: float) -> float:
    return measure - sum(line) - SPACE * (len(line) - 1)


# -- the breaker ------------------------------------------------------------------------------

def test_total_fit_spreads_the_slack_that_first_fit_leaves_on_one_line():
    widths = [18, 11, 36, 6, 29, 32, 43, 5, 33]
    lines = break_lines(words_to_items(widths, shrink=0.0), [100], BreakSettings(tolerance=100))
    assert lines is not None
    greedy = [shortfall(line, 100) / (len(line) - 1) for line in first_fit(widths, 100)[:-1]]
    assert [round(ratio, 2) for ratio in greedy] == [6.67, 36.0]    # one line 36 pt short
    assert [round(line.ratio, 2) for line in lines[:-1]] == [14.5, 13.5]


def test_the_last_line_is_set_with_its_natural_spaces():
    lines = break_lines(words_to_items([30, 30, 30, 30, 10]), [100], BreakSettings(tolerance=10))
    assert lines is not None and len(lines) == 2
    assert lines[-1].ratio == pytest.approx(0.0, abs=1e-3)


def test_no_feasible_breaks_within_the_tolerance_gives_none_then_the_emergency_pass_sets_them():
    items = words_to_items([60, 60, 60], stretch=0.1)
    assert break_lines(items, [100], BreakSettings(tolerance=1.0)) is None
    lines = break_lines(items, [100], BreakSettings(tolerance=1.0), emergency=True)
    assert lines is not None and len(lines) == 3


def test_a_box_wider_than_the_measure_is_overfull_only_in_the_emergency_pass():
    items = words_to_items([30, 150, 30])
    assert break_lines(items, [100], BreakSettings(tolerance=100)) is None
    lines = break_lines(items, [100], BreakSettings(tolerance=100), emergency=True)
    assert lines is not None and [line.overfull for line in lines] == [False, True, False]


def hyphen_runs(lines: list[Line]) -> int:
    run = longest = 0
    for line in lines:
        run = run + 1 if line.hyphenated else 0
        longest = max(longest, run)
    return longest


def paragraph_with_hyphenation_points(generator: random.Random) -> list[Item]:
    items: list[Item] = []
    for index in range(40):
        if index:
            items.append(Glue(SPACE, 1.0, 0.5))
        head, tail = generator.randint(8, 30), generator.randint(8, 30)
        items += [Box(head), Penalty(2, 50, True), Box(tail)]
    return items + paragraph_end()


def test_never_more_hyphenated_lines_in_a_row_than_the_limit():
    """Paragraphs whose cheapest breaks, with no limit, hyphenate three lines in a row."""
    generator = random.Random(13)
    tried = 0
    for _ in range(20):
        items = paragraph_with_hyphenation_points(generator)
        unlimited = break_lines(items, [100], BreakSettings(tolerance=50, max_consecutive_hyphens=0))
        if unlimited is None or hyphen_runs(unlimited) < 3:
            continue
        tried += 1
        for limit in (1, 2):
            limited = break_lines(items, [100], BreakSettings(tolerance=50, max_consecutive_hyphens=limit),
                                  emergency=True)
            assert limited is not None and hyphen_runs(limited) <= limit
    assert tried >= 3


def test_a_forbidding_penalty_is_never_a_break_and_a_forcing_one_always_is():
    items: list[Item] = [Box(40), Penalty(0, INFINITE_PENALTY), Glue(SPACE, 1, 0.5), Box(40),
                         Penalty(0, -INFINITE_PENALTY), Box(10), *paragraph_end()]
    lines = break_lines(items, [90], BreakSettings(tolerance=100))
    assert lines is not None
    assert [line.end for line in lines] == [4, len(items) - 1]


def test_ragged_lines_keep_their_spaces_and_even_the_rag():
    widths = [50, 40, 5, 40, 50]
    lines = break_lines(words_to_items(widths, stretch=0.0, shrink=0.0), [100],
                        BreakSettings(tolerance=10, ragged=True, rag=12))
    assert lines is not None
    assert all(line.natural <= line.width for line in lines)  # never shrunk, never stretched
    shortfalls = [line.width - line.natural for line in lines[:-1]]
    greedy = [shortfall(line, 100) for line in first_fit(widths, 100)[:-1]]
    assert shortfalls == [50, 9] and greedy == [7, 52]


def test_the_last_resort_sets_the_less_loose_of_two_hopeless_lines():
    """An unbreakable name in a narrow column (`L’université d’Aix-Marseille compte`, EB Garamond in
    163 pt): ending the first line after the name or after the next word are both far beyond any
    tolerance. TeX counts them alike and took two words 27 spaces apart because the lines below
    came out better; the looser line costs more now: three words, 7 spaces apart."""
    widths = [43.6, 55.6, 27.3, 43.0, 14.9, 8.5, 60.6, 21.0, 8.5, 15.3, 8.5, 33.0, 9.1, 44.3]
    items = words_to_items(widths, stretch=0.7, shrink=0.2)
    lines = break_lines(items, [163.3], BreakSettings(tolerance=2.0), emergency=True)
    assert lines is not None
    first = [item for item in items[:lines[0].end] if isinstance(item, Box)]
    assert len(first) == 3, lines[0]
    assert lines[0].ratio < 25


def test_fitness_classes_follow_tex():
    assert [fitness_class(r) for r in (2.0, 0.8, 0.0, -0.8)] == [0, 1, 2, 3]


# -- the brochures -----------------------------------------------------------------------------

def justified(lines: list[SetLine], kinds: tuple[str, ...] = ("body",)) -> list[SetLine]:
    return [line for line in lines if line.kind in kinds and not line.last and line.gaps]


def short_of_the_edge(lines: list[SetLine], edges: dict[tuple[int, int], float]) -> list[SetLine]:
    return [line for line in lines if line.right < edges[(line.page, round(line.column))] - 1.0]


@pytest.mark.slow
def test_aix_justified_lines_are_evenly_spaced_and_reach_the_column_edge(aix_build):
    lines = set_lines(aix_build.pdf_path, aix_build.page_map.placed)
    body = justified(lines)
    ratios = [line.word_space for line in body]
    assert len(body) > 200
    worst = max(body, key=lambda line: line.word_space)
    assert percentile(ratios, 0.99) <= 2.6, worst.text
    assert worst.word_space <= 3.0, worst.text
    assert short_of_the_edge(body, column_edges(lines)) == []


@pytest.mark.slow
def test_every_gap_of_a_justified_line_stretches_alike_no_break_spaces_too(aix_build):
    lines = set_lines(aix_build.pdf_path, aix_build.page_map.placed)
    with_no_break_space = [line for line in justified(lines) if "\u00a0" in line.text]
    assert len(with_no_break_space) >= 5
    for line in with_no_break_space:
        assert max(line.gaps) - min(line.gaps) < 0.15, line
    # and they are still no-break spaces in the text; no word space is lost beside them
    text = " ".join(line.text for line in justified(lines))
    assert "FRENCH TECH\u00a0: un label" in text
    assert re.search(r"[:;!?»][^\W\d_]", text) is None


def garamond_section() -> str:
    """Every plain paragraph of the Aix brochure, as one section."""
    blocks = []
    for path in sorted((REPOSITORY / "content" / "sections").glob("*.yaml")):
        for block in yaml.safe_load(path.read_text(encoding="utf-8"))["blocks"]:
            if "paragraph" in block and "lead" not in block and "style" not in block:
                blocks.append({"paragraph": {code: block["paragraph"][code] for code in ("fr", "en")}})
    return yaml.safe_dump({"id": "intro", "title": {"fr": "Stratégie", "en": "Strategy"}, "blocks": blocks},
                          allow_unicode=True)


@pytest.mark.slow
def test_a5_two_columns_of_garamond_stay_within_the_loose_limits(tmp_path):
    """The Aix paragraphs, A5 in two columns of EB Garamond 9.5 pt (the fixture's font)."""
    garamond = REPOSITORY / "tests" / "fixtures" / "fonts" / "ebgaramond"
    styles = (REPOSITORY / "tests" / "fixtures" / "minimal" / "layout" / "styles.yaml").read_text(encoding="utf-8")
    styles = styles.replace("fonts:\n", "fonts:\n  EB Garamond:\n"
                            "    regular: fonts/ebgaramond/EBGaramond12-Regular.ttf\n"
                            "    italic: fonts/ebgaramond/EBGaramond12-Italic.ttf\n")
    styles = styles.replace("body: {font: Lato, size: 9pt, leading: 12pt",
                            "body: {font: EB Garamond, size: 9.5pt, leading: 12pt, letter_spacing: 0.02")
    assert "EB Garamond, size: 9.5pt" in styles
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": garamond_section()},
                             layout={"styles.yaml": styles},
                             files={f"fonts/ebgaramond/{name}": garamond / name
                                    for name in ("EBGaramond12-Regular.ttf", "EBGaramond12-Italic.ttf")},
                             run_preflight=False)
    lines = set_lines(result.pdf_path, result.page_map.placed)
    body = justified(lines)
    assert len(body) > 250
    assert sum(len(line.gaps) + 1 for line in body) / len(body) < 8  # narrow: few words a line
    worst = max(body, key=lambda line: line.word_space)
    assert percentile([line.word_space for line in body], 0.99) <= 3.0, worst.text
    assert worst.word_space <= 3.5, worst.text
    assert short_of_the_edge(body, column_edges(lines)) == []
    assert longest_hyphen_run([line for line in lines if line.kind == "body"]) <= 2


def longest_hyphen_run(lines: list[SetLine]) -> int:
    """Hyphenated line ends in a row within one paragraph (pdfium reads a line-end hyphen as U+0002)."""
    run = longest = 0
    previous = None
    for line in lines:
        if (line.page, line.unit, line.language) != previous:
            run = 0
        previous = (line.page, line.unit, line.language)
        run = run + 1 if line.text.endswith(("\x02", "-")) else 0
        longest = max(longest, run)
    return longest


def test_a_word_wider_than_its_column_is_an_error_naming_it_never_cut(tmp_path):
    word = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 3
    section = f"""
        id: intro
        title: {{fr: Introduction, en: Introduction}}
        blocks:
          - paragraph:
              fr: Un mot {word} trop long.
              en: A word {word} too long.
        """
    styles = (REPOSITORY / "tests" / "fixtures" / "minimal" / "layout" / "styles.yaml").read_text(encoding="utf-8")
    styles = styles.replace("body: {font: Lato, size: 9pt, leading: 12pt,",
                            "body: {font: Lato, size: 9pt, leading: 12pt, hyphenate: false,")
    with pytest.raises(OversetError) as caught:
        build_from_yaml(tmp_path, content={"sections/01-intro.yaml": section}, layout={"styles.yaml": styles},
                        run_preflight=False)
    message = str(caught.value)
    assert word[:30] in message and "wider than its column" in message
    assert "01-intro.yaml:5" in message


def test_explain_lists_each_paragraphs_badness_and_the_build_reports_the_word_space_distribution(tmp_path):
    section = """
        id: intro
        title: {fr: Introduction, en: Introduction}
        blocks:
          - paragraph:
              fr: Une ville ouverte sur le monde, qui accueille chaque année des étudiants de nombreux pays
                et des chercheurs venus de tous les continents pour travailler ensemble.
              en: A city open to the world, which welcomes students from many countries every year and
                researchers from every continent who come to work together.
        """
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": section}, explain_listing=True,
                             run_preflight=False)
    summary = [item.message for item in result.diagnostics.items if item.where == "line breaks"]
    assert len(summary) == 1 and re.match(r"\d+ justified lines; word spaces median [\d.]+×, p99 [\d.]+×, "
                                          r"max [\d.]+× the font's space; \d+ over 2×", summary[0]), summary
    listing = next((tmp_path / "output").glob("*.explain.txt")).read_text(encoding="utf-8")
    assert "## Line breaks" in listing
    assert re.search(r"page 1: intro\.paragraph\[0\] \[fr\] badness( \d+)+; word spaces up to [\d.]+×", listing)
    paragraphs = [p for p in result.page_map.paragraphs if p.unit == "intro.paragraph[0]"]
    assert {p.language for p in paragraphs} == {"fr", "en"}
    assert all(len(p.badness) >= 2 and p.badness[-1] == 0 for p in paragraphs)  # the last line is free


def test_a_paragraph_cut_at_a_column_end_does_not_leave_a_hyphen_there():
    from reportlab.lib.styles import ParagraphStyle

    from brochure.model.design import Hyphenation
    from brochure.typeset.hyphenation import make_hyphenator
    from brochure.typeset.paragraph import TypesetParagraph, line_infos

    text = ("Internationalisation, intercommunalité, responsabilités et développement territorial "
            "accompagnent constamment l’administration municipale dans ses interventions quotidiennes. ") * 4
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12, alignment=4,
                           hyphenationLang=make_hyphenator("fr_FR", Hyphenation()), maxConsecutiveHyphens=2,
                           allowWidows=0, allowOrphans=0)
    whole = TypesetParagraph(text, style)
    whole.wrap(150, 10_000)
    ends = [line.ends_hyphenated for line in line_infos(whole)]
    total = len(ends)
    assert any(ends[1:total - 2]), "the test needs hyphenated lines to cut at"
    moved = 0
    for kept in range(2, total - 1):
        paragraph = TypesetParagraph(text, style)
        paragraph.wrap(150, 10_000)
        parts = paragraph.split(150, kept * 12 + 0.5)
        assert len(parts) == 2
        first = line_infos(parts[0])
        if ends[kept - 1] and kept - 1 >= 2 and total - kept + 1 >= 2 and not ends[kept - 2]:
            assert len(first) == kept - 1 and not first[-1].ends_hyphenated
            moved += 1
        else:
            assert len(first) == kept
    assert moved >= 1
