"""Test helpers: the headings, titles and leads of a built PDF read back line by line (PDFium's
characters with their positions, inside the boxes the page map recorded), and those whose last
line shows one word alone, as a typesetter reading the proof would count them."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from brochure.layout.page_map import PlacedText
from tests.word_spacing import set_lines

# a word: a run between spaces (or no-break spaces) holding a letter or a digit; a number's
# narrow no-break space (`24 000`) parts none, nor does a mark set off by a space (`villes :`)
_SPACES = re.compile(r"[ \u00a0]+")
_LETTER_OR_DIGIT = re.compile(r"\w")
# Japanese and Chinese have no word spaces: their headings are read for phrase breaks instead
_NO_WORD_SPACES = ("ja", "zh")


def is_display(kind: str) -> bool:
    """A heading, a title (section, key figures, map page) or a lead."""
    return kind.endswith("title") or kind in ("heading", "lead")


def display_paragraphs(pdf: Path, placed: list[PlacedText]) -> dict[tuple[int, str, str, str], list[str]]:
    """(page, unit, language, kind) -> the lines of each heading, title and lead as drawn."""
    paragraphs: dict[tuple[int, str, str, str], list[str]] = defaultdict(list)
    for line in set_lines(pdf, [item for item in placed if is_display(item.kind)]):
        paragraphs[(line.page, line.unit, line.language, line.kind)].append(line.text.strip())
    return dict(paragraphs)


def words_shown(line: str) -> int:
    return sum(1 for token in _SPACES.split(line) if _LETTER_OR_DIGIT.search(token))


def ending_with_one_word(pdf: Path, placed: list[PlacedText]) -> dict[tuple[int, str, str, str], list[str]]:
    """The headings, titles and leads of several lines whose last line shows one word alone."""
    return {key: lines for key, lines in display_paragraphs(pdf, placed).items()
            if len(lines) >= 2 and words_shown(lines[-1]) < 2 and key[2].split("_")[0] not in _NO_WORD_SPACES}
