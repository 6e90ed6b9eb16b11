"""Composition (issue 30): sections run on, pairs read well, lists never open a hole, one
language balances its columns, fillers replace blank pages; measured from the page map on
small harness brochures."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from brochure.layout.page_map import PlacedText, inner_fills
from brochure.pipeline import Project, build
from tests.conftest import REPOSITORY
from tests.harness import MINIMAL, build_from_yaml
from tests.pdf_reading import text_lines

FR_LONG = "Une phrase française assez longue pour occuper plusieurs lignes de la colonne " * 3
EN_SHORT = "A short English line."


def section(ident: str, blocks: str, title: str | None = None) -> str:
    head = f"id: {ident}\n" + (f"title: {{fr: {title}, en: {title}}}\n" if title else "")
    return head + "blocks:\n" + blocks


def paragraphs(count: int, words: int = 60) -> str:
    fr = " ".join(["mot"] * words)
    en = " ".join(["word"] * words)
    return "".join(f"  - paragraph: {{fr: {fr} {n}, en: {en} {n}}}\n" for n in range(count))


def pages_yaml(items: str, extra: str = "") -> str:
    return ("templates:\n  page: {folio: true}\n  opener: {folio: true, opener: true}\n  blank: {}\n"
            + extra + "sequence:\n" + items)


def placed(result, unit: str, language: str) -> list[PlacedText]:
    return [item for item in result.page_map.placed if item.unit.startswith(unit) and item.language == language]


def test_sections_run_on_unless_the_layout_asks_for_a_page(tmp_path):
    content: dict[str, str | None] = {f"sections/0{n + 1}-s{n}.yaml": section(f"s{n}", paragraphs(1, 20),
                                                                              title=f"Partie {n}")
                                      for n in (1, 2, 3)}
    content["sections/01-intro.yaml"] = None
    items = ("  - {section: s1, template: page}\n  - {section: s2, template: page}\n"
             "  - {section: s3, template: page, new_page: true}\n")
    result = build_from_yaml(tmp_path / "a", content=content, layout={"pages.yaml": pages_yaml(items)},
                             run_preflight=False)
    pages = {n: {item.page for item in placed(result, f"s{n}.", "fr")} for n in (1, 2, 3)}
    assert pages[1] == pages[2] == {1}  # s2 runs on after s1
    assert pages[3] == {2}              # s3 asked for a page
    s1 = placed(result, "s1.paragraph", "fr")[-1]
    s2 = placed(result, "s2.title", "fr")[0]
    assert s1.top - s1.height - s2.top >= 24 - 0.5  # the designed gap (24 pt by default) at least
    # an opener template starts a page without new_page
    items = ("  - {section: s1, template: page}\n  - {section: s2, template: opener}\n"
             "  - {section: s3, template: page}\n")
    result = build_from_yaml(tmp_path / "b", content=content, layout={"pages.yaml": pages_yaml(items)},
                             run_preflight=False)
    assert {item.page for item in placed(result, "s2.", "fr")} == {2}
    assert {item.page for item in placed(result, "s3.", "fr")} == {2}


def test_a_shorter_heading_sits_on_its_text(tmp_path):
    blocks = (f"  - heading: {{fr: {FR_LONG[:120]}, en: Short}}\n"
              "  - paragraph: {fr: Le texte qui suit le titre., en: The text under the heading.}\n")
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": section("intro", blocks)},
                             run_preflight=False)
    fr, en = placed(result, "intro.heading", "fr")[0], placed(result, "intro.heading", "en")[0]
    assert fr.lines > en.lines == 1
    assert abs((fr.top - fr.height) - (en.top - en.height)) < 0.5  # both headings end on the same line
    body_fr, body_en = placed(result, "intro.paragraph", "fr")[0], placed(result, "intro.paragraph", "en")[0]
    assert abs(body_fr.top - body_en.top) < 0.01  # first body lines level
    assert en.top - en.height - body_en.top < 12  # no line's hole between the heading and its text


def test_a_list_pairs_as_one_block_without_holes(tmp_path):
    items = "".join(f"      - {{fr: {FR_LONG if n % 2 == 0 else 'Court.'} {n}, en: {EN_SHORT} {n}}}\n"
                    for n in range(5))
    blocks = f"  - list:\n{items}"
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": section("intro", blocks)},
                             run_preflight=False)
    for language in ("fr", "en"):
        parts = placed(result, "intro.listblock[0].item", language)
        assert len(parts) == 5
        gaps = [above.top - above.height - below.top for above, below in itertools.pairwise(parts)
                if above.page == below.page]
        # each column's items follow each other at the list's own spacing: no hole in a list
        assert max(gaps) - min(gaps) < 0.5, (language, gaps)
    fr_last, en_last = placed(result, "intro.listblock[0].item[4]", "fr")[0], \
        placed(result, "intro.listblock[0].item[4]", "en")[0]
    assert fr_last.top < en_last.top  # English ran on: its items did not wait for the French ones


def test_numbers_sit_in_a_box_and_turnover_lines_share_the_first_line_edge(tmp_path):
    words = " ".join(["mot"] * 24)
    items = "".join(f"      - {{fr: {words} {n}, en: {words} {n}}}\n" for n in range(11))
    blocks = f"  - list:\n{items}    numbered: true\n"
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": section("intro", blocks)},
                             run_preflight=False)
    lines = [line for line in text_lines(result.pdf_path) if line.page == 1]
    first_column = min(line.x for line in lines)
    numbers = [line for line in lines if line.text.strip().rstrip(".").isdigit() and line.x < first_column + 30]
    assert len(numbers) >= 10
    one, ten = next(n for n in numbers if n.text.strip() == "1."), next(n for n in numbers if n.text.strip() == "10.")
    text_edges = sorted({round(line.x, 1) for line in lines
                         if line.x < first_column + 40 and not line.text.strip().rstrip(".").isdigit()})
    assert len(text_edges) == 1, text_edges  # first lines and turnover lines start at one edge
    assert one.x > ten.x  # "1." right-aligned with "10."


def test_one_language_fills_both_columns_and_balances_its_last_page(tmp_path):
    layout = {"editions.yaml": "editions:\n  - {name: fr, languages: [fr], binding: flat}\n",
              "document.yaml": minimal_document().replace("edition:\n  columns: [fr, en]\n", "")}
    content = {"sections/01-intro.yaml": section("intro", paragraphs(14), title="Intro")}
    result = build_from_yaml(tmp_path, content=content, layout=layout, run_preflight=False)
    last = max(item.page for item in result.page_map.placed)
    assert last >= 2
    for page in range(1, last + 1):
        columns = {round(item.x) for item in result.page_map.placed if item.page == page}
        assert len(columns) == 2, (page, columns)  # text in both columns of every page
    fill = next(fill for fill in result.page_map.page_fills if fill.page == last)
    assert fill.columns_used == 2
    feet = [min(item.top - item.height for item in result.page_map.placed if item.page == last and round(item.x) == x)
            for x in sorted({round(item.x) for item in result.page_map.placed if item.page == last})]
    assert abs(feet[0] - feet[1]) < 40  # balanced: the columns end within a few lines of each other


def build_booklet(folder: Path, fillers: str, templates: str = "", files: dict[str, Path] | None = None):
    """One short section on a page of its own in a saddle-stitched fr-en edition whose content has
    the label `notes`: the binding needs three pages more, which `fillers` (and `templates` added to
    the page templates) may fill."""
    editions = "editions:\n  - {name: fr-en, languages: [fr, en], binding: saddle-stitch}\n"
    document = minimal_document().replace("edition:\n  columns: [fr, en]\n", "")
    content = {"sections/01-intro.yaml": section("intro", paragraphs(1), title="Intro"),
               "brochure.yaml": brochure_with_notes()}
    pages = pages_yaml("  - {section: intro, template: page}\n", fillers).replace("  blank: {}\n",
                                                                                 "  blank: {}\n" + templates)
    return build_from_yaml(folder, content=content, files=files, run_preflight=False,
                           layout={"pages.yaml": pages, "editions.yaml": editions, "document.yaml": document})


def test_fillers_take_the_pages_a_binding_needs(tmp_path):
    result = build_booklet(tmp_path / "a", "fillers:\n  - {template: page, notes: true}\n")
    edition = result.editions["fr-en"]
    assert result.pages == 4
    assert edition.blank_pages == [3, 4]  # one filler declared: the page after it stays blank
    notes = [item for item in result.page_map.placed if item.unit == "notes.title"]
    # the notes are set once: on the filler page 2 (not under the short content of page 1 too)
    assert [item.page for item in notes] == [2, 2]
    assert result.page_map.notes_pages == [2]
    assert [fill.blank_below < 0.05 for fill in result.page_map.page_fills] == [False, True, False, False]
    warning = [d for d in result.diagnostics.items if "left blank" in d.message]
    assert warning and "editions.yaml:2" in warning[0].where


def minimal_document() -> str:
    return (MINIMAL / "layout" / "document.yaml").read_text(encoding="utf-8")


def brochure_with_notes() -> str:
    text = (MINIMAL / "content" / "brochure.yaml").read_text(encoding="utf-8")
    labels = "labels:\n  notes: {fr: Remarques, en: Notes}\n"
    return text.replace("labels:\n", labels, 1) if "labels:\n" in text else text + labels


def test_the_page_map_records_the_fill_of_each_page(tmp_path):
    content = {"sections/01-intro.yaml": section("intro", paragraphs(1), title="Intro")}
    result = build_from_yaml(tmp_path, content=content, run_preflight=False)
    fills = result.page_map.page_fills
    assert [fill.page for fill in fills] == [1]
    assert 0.3 < fills[0].blank_below < 1.0  # one short paragraph: most of the page is free
    summary = [d for d in result.diagnostics.items if d.where == "page fill"]
    assert summary and "blank at the foot" in summary[0].message


# -- the Aix brochure (slow) -------------------------------------------------------------


@pytest.mark.slow
def test_aix_fills_its_pages_and_pairs_its_headings(aix_build):
    fills = inner_fills(aix_build.page_map)
    assert len(fills) == aix_build.pages - 2
    assert sum(fill.blank_below for fill in fills) / len(fills) <= 0.15
    assert all(fill.blank_below <= 0.35 for fill in fills[:-1]), [(f.page, f.blank_below) for f in fills]
    assert not [fill for fill in fills if fill.columns_used == 0]  # no blank inner page
    assert not aix_build.editions["fr-en"].blank_pages
    by_unit: dict[tuple[int, str], dict[str, PlacedText]] = {}
    for item in aix_build.page_map.placed:
        by_unit.setdefault((item.page, item.unit), {})[item.language] = item
    headings = [pair for (_, unit), pair in by_unit.items() if ".heading[" in unit and len(pair) == 2]
    assert headings
    for pair in headings:  # each heading ends where the other language's does: on its text
        fr, en = pair["fr"], pair["en"]
        assert abs((fr.top - fr.height) - (en.top - en.height)) < 0.5, (fr.unit, fr.page)
    lists = [item for item in aix_build.page_map.placed if item.kind == "list-item"]
    for language in ("fr", "en"):  # no hole inside a list: items of a column follow at one spacing
        items = [item for item in lists if item.language == language]
        for above, below in itertools.pairwise(items):
            if above.page == below.page and above.unit.split(".item[")[0] == below.unit.split(".item[")[0] \
                    and abs(above.x - below.x) < 1:
                assert above.top - above.height - below.top < 6, (above.unit, below.unit)


@pytest.mark.slow
def test_a_one_language_edition_sets_text_in_both_columns_of_every_page(tmp_path):
    result = build(Project.at(REPOSITORY, output=tmp_path), editions=("fr",), run_preflight=False)
    fills = inner_fills(result.page_map)
    assert fills and all(fill.columns_used == fill.columns == 2 for fill in fills), \
        [(fill.page, fill.columns_used) for fill in fills]
    assert result.pages % 4 == 0 and not result.editions["fr"].blank_pages
