"""Typeset stage: Japanese (and Chinese) lines broken between characters with kinsoku rules.

reportlab's `wordWrap='CJK'` breaks at the character that overflows, keeps one closing mark
hanging in the margin and nothing more: a line could still start with the second of `。」`,
end with `「` or `（`, or cut a Latin word or a number. Here a break is moved back until it
is allowed (oidashi: the line gets shorter, nothing hangs outside the column):
- no line starts with a closing mark, small kana or a prolonged sound mark (JIS X 4051's
  gyōtō kinsoku, reportlab's own list `ALL_CANNOT_START`);
- no line ends with an opening mark (`ALL_CANNOT_END`);
- letters and digits of Latin words are never separated, and a line never starts with the
  space between two words;
- given phrase boundaries (typeset/phrases.py, for headings), a line breaks only between phrases
  where one fits, else after a name's own separator (＝, ・), and between characters only where
  neither does.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.textsplit import ALL_CANNOT_END, ALL_CANNOT_START
from reportlab.platypus.paragraph import ParaLines, cjkU, makeCJKParaLine  # type: ignore[attr-defined]  # not in the stubs

from brochure.typeset.phrases import phrase_starts

_FUZZ = 1e-6
_NAME_SEPARATORS = set("＝=・･")   # between the parts of a name in katakana: エクス＝アン＝プロヴァンス
_OPENING = set(ALL_CANNOT_END) | set("（「『【〔［｛〈《‘“([{")
_CLOSING = set(ALL_CANNOT_START) | set("）」』】〕］｝〉》’”)]}、。，．・：；？！ー")


def _is_word_char(char: str) -> bool:
    """Part of a Latin word or a number (kept whole), as opposed to CJK text and spaces."""
    return bool(char) and ord(char) < 0x2E80 and not char.isspace()


def may_break_before(text: list[str], index: int) -> bool:
    """Whether a line may start at `text[index]` (the character after the break)."""
    before, after = text[index - 1], text[index]
    if after in _CLOSING or before in _OPENING:
        return False
    return not (_is_word_char(before) and _is_word_char(after))


def kinsoku_split(frags: list[Any], max_widths: list[float], calc_bounds: bool,
                  phrase_model: str | None = None) -> Any:
    """reportlab's `cjkFragSplit` with the rules above: frag lines (kind 1) of the paragraph."""
    units = []
    for frag in frags:
        text = frag.text
        units.extend([cjkU(char, frag, "utf8") for char in text] if text else [cjkU(text, frag, "utf8")])
    text = [str(unit) for unit in units]
    phrase_units: frozenset[int] | None = None
    if phrase_model is not None:
        offsets, offset = [], 0
        for char in text:
            offsets.append(offset)
            offset += len(char)
        starts = phrase_starts("".join(text), phrase_model)
        phrase_units = frozenset(index for index, at in enumerate(offsets) if at in starts and text[index])
    widths = [float(unit.width) for unit in units]
    lines: list[Any] = []
    start = 0

    def add_line(end: int, line_break: bool) -> None:
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        used = sum(widths[start:end])
        line = makeCJKParaLine(units[start:end], max_width, used, max_width - used, line_break, calc_bounds)
        line.inter_character = True  # justified between characters (reportlab_fixes.line_breaking)
        lines.append(line)

    index, used = 0, 0.0
    while index < len(units):
        max_width = max_widths[min(len(lines), len(max_widths) - 1)]
        if hasattr(units[index].frag, "lineBreak"):
            add_line(index + 1, True)
            start = index = index + 1
            used = 0.0
            continue
        used += widths[index]
        if used <= max_width + _FUZZ or index == start:
            index += 1
            continue
        # units[index] overflows: the next line starts at it, or earlier where allowed
        end = index
        if phrase_units is not None:  # a phrase boundary that fits, if there is one on the line
            while end > start + 1 and not (end in phrase_units and may_break_before(text, end)):
                end -= 1
            if end == start + 1 and end not in phrase_units:
                # a phrase longer than the line (a name): after one of its own separators
                end = index
                while end > start + 1 and not (text[end - 1] in _NAME_SEPARATORS and may_break_before(text, end)):
                    end -= 1
                if end == start + 1:
                    end = index
        while end > start + 1 and not may_break_before(text, end):
            end -= 1
        if end == start + 1 and not may_break_before(text, end):
            end = index  # nothing allowed on this line: break where it overflows
        add_line(end, False)
        while end < len(units) and text[end] == " ":
            end += 1  # the space at a break is not carried to the next line
        start = index = end
        used = 0.0
    if start < len(units):
        add_line(len(units), False)
    return ParaLines(kind=1, lines=lines)
