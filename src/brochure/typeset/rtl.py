"""Typeset stage: right-to-left paragraphs (Arabic, Hebrew) put in visual order, line by line.

reportlab breaks the lines of a paragraph in logical order (the order the text is written
in) and HarfBuzz has already shaped each word, an Arabic word's glyphs joined and in
visual order. What is left is the order of the words and runs on each line: right to left,
except that runs of Latin words and numbers inside read left to right (the Unicode
bidirectional algorithm, reduced to whole runs between spaces and font changes, which is
all a paragraph of one base direction needs). reportlab 5.1's own RTL support needs rlbidi,
which is not packaged; its drawing for `wordWrap='RTL'` is used (last line and bullets on
the right) with our visual order.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts

from brochure.typeset.reportlab_fixes.tounicode import ligature_letters

_STRONG_RTL = {"R", "AL"}
# no character before this one is of a right-to-left class (R or AL): text below it is read as it is
# (every line of a page map is read back; tests/test_scripts.py checks the bound)
FIRST_RIGHT_TO_LEFT = "\u05be"
_HEBREW_OR_ARABIC = re.compile("[\u0590-\u08ff\ufb1d-\ufeff]")  # the blocks has_right_to_left looks for
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")  # glyph codes reportlab gives glyphs no character maps to
_NUMBER = {"EN", "AN", "ES", "ET", "CS"}


def _logical_text(piece: Any, font_name: str) -> str:
    """What a piece of a line stands for: private-use glyph codes read back as their letters."""
    text: str = str.__str__(piece) if isinstance(piece, ttfonts.ShapedStr) else str(piece)
    if not _PRIVATE_USE.search(text):
        return text
    letters = ligature_letters(pdfmetrics.getFont(font_name))
    return "".join(letters.get(ord(char), "\u0627" if 0xE000 <= ord(char) <= 0xF8FF else char)
                   for char in text)


def readable(text: Any, font_name: str) -> str:
    """The text of a piece of a line as written, for messages: glyph codes read back as
    letters, right-to-left words (whose glyphs HarfBuzz put in visual order) turned round."""
    logical = _logical_text(text, font_name)
    if not logical or max(logical) < FIRST_RIGHT_TO_LEFT or direction_of(logical) != "R":
        return logical
    return " ".join(word[::-1] if direction_of(word) == "R" else word for word in logical.split(" "))


def direction_of(text: str) -> str:
    """'R' (right to left), 'L' (left to right), 'N' (digits: left to right inside) or '' (neutral)."""
    classes = {unicodedata.bidirectional(char) for char in text}
    if classes & _STRONG_RTL:
        return "R"
    if "L" in classes:
        return "L"
    if classes & {"EN", "AN"}:
        return "N"
    return ""


def _split_at_spaces(frag: Any) -> list[Any]:
    """A frag cut into words and the spaces between them (shape data cut alike)."""
    if hasattr(frag, "cbDefn"):
        return [frag]
    text = frag.text
    pieces: list[Any] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or (text[index] == " ") != (text[index - 1] == " "):
            pieces.append(frag.clone(text=text[start:index]))
            start = index
    return pieces or [frag]


# paired brackets drawn as their mirror image in a right-to-left run (the bidi algorithm's rule L4)
_MIRRORED = str.maketrans("()[]{}<>«»‹›", ")(][}{><»«›‹")


def _mirrored(piece: Any) -> Any:
    """A neutral piece (punctuation, brackets) set in a right-to-left run: its characters in
    visual order, right to left ("),": comma drawn left of the bracket), brackets turned round.
    The glyphs of a bracket pair have the same advance, so the shaping data stays, reversed."""
    if hasattr(piece, "cbDefn"):
        return piece
    text = piece.text if hasattr(piece, "text") else piece  # a frag, or a word of a one-font line
    turned = str.__str__(text)[::-1].translate(_MIRRORED)
    if turned == str.__str__(text):
        return piece
    if isinstance(text, ttfonts.ShapedStr):
        data = getattr(text, "__shapeData__")  # noqa: B009
        turned = ttfonts.ShapedStr(turned, shapeData=list(reversed(data)) if data else data)  # type: ignore[arg-type]  # the stub says one record
    return piece.clone(text=turned) if hasattr(piece, "text") else turned


_NEUTRAL_EDGE = {"ON", "CS", "ES", "WS", "S", "B", "BN", "NSM"}


def _split_neutral_ends(piece: Any, kind: str) -> list[tuple[Any, str]]:
    """A left-to-right piece with its leading and trailing punctuation cut off ("1995;" ->
    "1995", ";"), since that punctuation follows the paragraph's direction, not the word's.
    Right-to-left pieces are left whole: HarfBuzz has already ordered their glyphs."""
    if kind not in ("L", "N") or hasattr(piece, "cbDefn"):
        return [(piece, kind)]
    text = piece.text
    classes = [unicodedata.bidirectional(char) for char in str(text)]
    start, end = 0, len(classes)
    while start < end and classes[start] in _NEUTRAL_EDGE:
        start += 1
    while end > start and classes[end - 1] in _NEUTRAL_EDGE:
        end -= 1
    if (start, end) == (0, len(classes)) or start == end:
        return [(piece, kind)]
    parts = [(0, start, ""), (start, end, kind), (end, len(classes), "")]
    return [(piece.clone(text=text[a:b]), part_kind) for a, b, part_kind in parts if b > a]


def visual_order(pieces: list[Any], kinds: list[str], right_to_left: bool = True) -> list[Any]:
    """The pieces of one line, left to right as drawn; `kinds` are their directions
    (`direction_of`), `right_to_left` the paragraph's. In a left-to-right paragraph (a French
    running footer holding the Arabic title) only the right-to-left runs are turned round."""
    if not right_to_left:
        return _left_to_right_order(pieces, kinds)
    # numbers run left to right like Latin; spaces and punctuation between two Latin runs join
    # them, anywhere else they follow the paragraph (numbers count as right to left for them:
    # the bidi algorithm's rule N1, so "1985، Paris" keeps its comma on the Arabic side)
    ltr = [kind in ("L", "N") for kind in kinds]
    for index, kind in enumerate(kinds):
        if kind == "":
            before = next((kinds[i] for i in range(index - 1, -1, -1) if kinds[i]), "")
            after = next((kinds[i] for i in range(index + 1, len(kinds)) if kinds[i]), "")
            ltr[index] = before == after == "L" or _part_of_number(pieces, kinds, index)
    _bracket_pairs(pieces, kinds, ltr)
    result: list[Any] = []
    run: list[Any] = []
    for piece, kind, left_to_right in zip(reversed(pieces), reversed(kinds), reversed(ltr)):
        if left_to_right:
            run.append(piece)
            continue
        result.extend(reversed(run))
        run = []
        result.append(_mirrored(piece) if kind == "" else piece)
    result.extend(reversed(run))
    return result


def _part_of_number(pieces: list[Any], kinds: list[str], index: int) -> bool:
    """A neutral piece that belongs to the number beside it (the bidi algorithm's rules W4 and W5):
    one separator between two numbers (145 000 with a no-break space, 3,5, 10:30, 1/2), or signs
    of a number against it (38%, 20°, 5€). Else "145 000" reads "000 145" right to left."""
    if hasattr(pieces[index], "cbDefn"):
        return False
    classes = [unicodedata.bidirectional(char) for char in str(getattr(pieces[index], "text", pieces[index]))]
    before = kinds[index - 1] if index else ""
    after = kinds[index + 1] if index + 1 < len(kinds) else ""
    if len(classes) == 1 and classes[0] in ("CS", "ES") and before == after == "N":
        return True
    return bool(classes) and all(kind == "ET" for kind in classes) and "N" in (before, after)


_OPENING = {"(": ")", "[": "]", "{": "}"}


def _bracket_pairs(pieces: list[Any], kinds: list[str], ltr: list[bool]) -> None:
    """A bracket pair around Latin text after Latin text reads left to right, both brackets
    (the bidi algorithm's rule N0, for brackets set as pieces of their own)."""
    texts = [str(getattr(piece, "text", piece)) for piece in pieces]
    for start, text in enumerate(texts):
        if kinds[start] or text not in _OPENING:
            continue
        end = next((i for i in range(start + 1, len(texts)) if texts[i] == _OPENING[text]), None)
        if end is None:
            continue
        inside = next((kinds[i] for i in range(start + 1, end) if kinds[i] in ("L", "R")), "")
        before = next((kinds[i] for i in range(start - 1, -1, -1) if kinds[i] in ("L", "R")), "")
        if inside == "L" and before == "L":
            for index in range(start, end + 1):
                if not kinds[index]:
                    ltr[index] = True


def _left_to_right_order(pieces: list[Any], kinds: list[str]) -> list[Any]:
    rtl = [kind == "R" for kind in kinds]
    for index, kind in enumerate(kinds):
        if kind in ("", "N"):  # neutrals and numbers between two right-to-left runs join them
            before = next((kinds[i] for i in range(index - 1, -1, -1) if kinds[i] not in ("", "N")), "")
            after = next((kinds[i] for i in range(index + 1, len(kinds)) if kinds[i] not in ("", "N")), "")
            rtl[index] = before == after == "R"
    result: list[Any] = []
    run: list[Any] = []
    for piece, right_to_left in zip(pieces, rtl):
        if right_to_left:
            run.append(piece)
            continue
        result.extend(reversed(run))
        run = []
        result.append(piece)
    result.extend(reversed(run))
    return result


def has_right_to_left(text: str) -> bool:
    """Whether `text` holds a Hebrew or Arabic letter (the blocks U+0590–U+08FF, presentation forms)."""
    return _HEBREW_OR_ARABIC.search(text) is not None



def order_lines(para: Any, font_name: str, right_to_left: bool = True) -> None:
    """Put each line of a broken paragraph in visual order. Lines of one font (kind 0) are
    drawn as listed; reportlab's RTL drawing of frag lines reverses them, so those are
    stored reversed."""
    if para.kind == 0:
        for number, (extra, words) in enumerate(para.lines):
            kinds = [direction_of(_logical_text(word, font_name)) for word in words]
            para.lines[number] = (extra, visual_order(list(words), kinds, right_to_left))
        return
    for line in para.lines:
        pieces = [piece for frag in line.words for piece in _split_at_spaces(frag)]
        while right_to_left and pieces and not hasattr(pieces[-1], "cbDefn") and not str(pieces[-1].text).strip():
            pieces.pop()  # the space before the break is not drawn (it would show at the left)
        kinds = ["" if hasattr(piece, "cbDefn") else direction_of(_logical_text(piece.text, piece.fontName))
                 for piece in pieces]
        split = [part for piece, kind in zip(pieces, kinds) for part in _split_neutral_ends(piece, kind)]
        pieces, kinds = [piece for piece, _ in split], [kind for _, kind in split]
        ordered = visual_order(pieces, kinds, right_to_left)
        line.words = ordered[::-1] if right_to_left else ordered
