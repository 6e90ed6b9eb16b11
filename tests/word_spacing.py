"""Test helpers: the word spaces of set lines, measured in the PDF as a typesetter would.

Each gap between words is the distance from the origin of the space (U+0020 or
U+00A0) to the origin of the next glyph, divided by the space's own advance: 1.0 is
the font's space, 2.0 a space stretched to twice its width. Lines are found by
baseline inside the boxes the page map recorded for each placed text.
"""

from __future__ import annotations

import ctypes
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw

from brochure.layout.page_map import PlacedText

SPACES = (0x20, 0xA0)


@dataclass(frozen=True)
class SetLine:
    page: int
    unit: str
    language: str
    kind: str
    text: str
    gaps: tuple[float, ...]   # each word space as a multiple of the space's advance
    column: float             # the left edge of the column it is set in
    left: float
    right: float              # the end of the last glyph's advance
    last: bool                # the last line of its paragraph (set ragged)

    @property
    def word_space(self) -> float:
        return max(self.gaps, default=1.0)


@dataclass(frozen=True)
class _Char:
    char: str
    x: float
    y: float
    right: float
    advance: float


def _page_chars(textpage) -> list[_Char]:
    x, y = ctypes.c_double(), ctypes.c_double()
    box = pdfium_raw.FS_RECTF()
    chars = []
    for index in range(textpage.count_chars()):
        if pdfium_raw.FPDFText_IsGenerated(textpage.raw, index):
            continue
        code = pdfium_raw.FPDFText_GetUnicode(textpage.raw, index)
        pdfium_raw.FPDFText_GetCharOrigin(textpage.raw, index, ctypes.byref(x), ctypes.byref(y))
        pdfium_raw.FPDFText_GetLooseCharBox(textpage.raw, index, ctypes.byref(box))
        chars.append(_Char(chr(code), x.value, y.value, box.right, box.right - box.left))
    return chars


def set_lines(pdf: Path, placed: list[PlacedText]) -> list[SetLine]:
    """Every line of every placed text, with its word spaces and right edge."""
    document = pdfium.PdfDocument(str(pdf))
    by_page: dict[int, list[PlacedText]] = defaultdict(list)
    for item in placed:
        by_page[item.page].append(item)
    result = []
    for page_number, items in sorted(by_page.items()):
        chars = _page_chars(document[page_number - 1].get_textpage())
        rows: dict[int, dict[float, list[_Char]]] = defaultdict(lambda: defaultdict(list))
        for char in chars:
            owners = [i for i, item in enumerate(items) if item.x - 0.5 <= char.x
                      and item.top - item.height - 2 <= char.y <= item.top + 2]
            if owners:
                owner = max(owners, key=lambda i: items[i].x)
                rows[owner][round(char.y, 1)].append(char)
        for owner, lines in rows.items():
            item = items[owner]
            baselines = sorted(lines, reverse=True)
            for number, baseline in enumerate(baselines):
                line = sorted(lines[baseline], key=lambda c: c.x)
                # from the end of the glyph before the space to the start of the one after
                gaps = tuple((following.x - before.x - before.advance) / char.advance
                             for before, char, following in zip(line, line[1:], line[2:])
                             if ord(char.char) in SPACES and char.advance > 0)
                last = number == len(baselines) - 1 and not item.continues_after
                result.append(SetLine(page_number, item.unit, item.language, item.kind,
                                      "".join(c.char for c in line), gaps, item.x, line[0].x,
                                      max(c.right for c in line), last))
    document.close()
    return result


def column_edges(lines: list[SetLine]) -> dict[tuple[int, int], float]:
    """The right edge of each column (page, column's left edge): where most of its
    full lines end (glyph overhangs make single lines differ by a few tenths). Lines ending
    in a hyphen or punctuation are left out: with optical margins those hang past the edge."""
    ends: dict[tuple[int, int], list[float]] = defaultdict(list)
    for line in lines:
        if not line.last and line.text.rstrip()[-1:].isalnum():
            ends[(line.page, round(line.column))].append(line.right)
    return {key: percentile(values, 0.5) for key, values in ends.items()}


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    position = share * (len(ordered) - 1)
    low = int(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
