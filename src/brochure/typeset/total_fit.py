"""Typeset stage: a reportlab paragraph's words broken into lines by the total-fit breaker.

reportlab's own breaker fills one line at a time. Here the paragraph's shaped words
become boxes, glue and penalties (`linebreak.py`), the breaker chooses the lines, and
the lines are handed back in reportlab's own shape (`FragLine`, and the frag words of
the paragraph in `frags`, split at the hyphens taken) so that reportlab draws, splits
and re-wraps them as it would its own.

The search runs in passes, as TeX's does: first without hyphenation and a tight
tolerance, then with every hyphenation point up to the style's loose limit, then
with four times that, then as a last resort with any looseness allowed. A word wider
than the measure that no hyphenation point can break is reported, never cut.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from functools import cached_property
from itertools import groupby
from typing import Any, NamedTuple, overload

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.rl_accel import sameFrag
from reportlab.pdfbase.pdfmetrics import getAscentDescent, stringWidth
from reportlab.pdfbase.ttfonts import ShapedStr
from reportlab.platypus import paragraph as _rl_paragraph
from reportlab.platypus.paragraph import FragLine

from brochure.errors import Location, OversetError
from brochure.typeset.caches import active
from brochure.typeset.laid_lines import laid_key, record, replay
from brochure.typeset.linebreak import (
    FILL,
    HYPHEN_PENALTY,
    INFINITE_PENALTY,
    Box,
    BreakSettings,
    Glue,
    Item,
    Line,
    Penalty,
    break_lines,
    paragraph_end,
)

# reportlab's private frag-word classes and helpers are not in its type stubs
rl_paragraph: Any = _rl_paragraph
make_shaped_str: Any = ShapedStr

_NO_BREAK_SPACES = ("\u00a0", "\u202f")
_HYPHEN_ENDS = ("-", "/", "\u00ad")     # a break after these adds no hyphen
_LEADING = rl_paragraph._hy_pfx_pat
_TRAILING = rl_paragraph._hy_sfx_pat


@dataclass(frozen=True)
class Spacing:
    """How a style's lines may be set: word space limits as multiples of the space."""

    justified: bool
    word_space_min: float = 0.9
    word_space_max: float = 1.33
    loose_limit: float = 2.0         # beyond this a justified line is reported
    max_consecutive_hyphens: int = 2
    rag: float = 0.12                # ragged text: the shortfall, as a share of the measure, counted as ratio 1
    letter_spacing: float = 0.0      # a loose line may space its letters by up to this share of the em
    optical_margin: bool = False     # justified lines hang punctuation at their edges into the margin
    balance: bool = False            # ragged lines of even length (headings, titles): issue 23


class WordTooWide(OversetError):
    """A word wider than the measure with no hyphenation point that lets it fit: it is
    reported rather than cut, since a word cut without a hyphen reads as two."""

    def __init__(self, word: str, width: float, measure: float, location: Location | None = None):
        shown = word if len(word) <= 40 else word[:37] + "…"
        super().__init__(f"the word “{shown}” ({width:.1f} pt) is wider than its column ({measure:.1f} pt) "
                         "and cannot be hyphenated to fit", location,
                         hint="shorten or split the word, allow hyphenation in its style, "
                              "or make the column wider")
        self.word = word
        self.width = width
        self.measure = measure


class _Piece(NamedTuple):
    word: int       # the word's index
    start: int      # its first character in the word's text
    end: int        # one past its last character
    hyphen: bool    # a hyphen is added after it (the word breaks here)
    is_break: bool = False  # not material: the hyphenation point at `start`


def _hanging(word: Any, text: str) -> float:
    """How far the word's last mark hangs past the measure at a line's end (optical margins)."""
    share = PROTRUDE_RIGHT.get(text[-1:], 0.0) if text else 0.0
    if not share:
        return 0.0
    frag = word[-1][0]
    return share * stringWidth(text[-1], frag.fontName, frag.fontSize)


def _plain_text(word: Any) -> str:
    return "".join(str.__str__(text) for frag, text in word[1:] if not hasattr(frag, "cbDefn"))


def _ascent_descent(font: str, size: float) -> tuple[float, float]:
    key = (font, size)
    ascents = active().caches.ascents
    found = ascents.get(key)
    if found is None:
        found = ascents[key] = getAscentDescent(font, size)
    return found


def _space_after(word: Any) -> float:
    if not isinstance(word, rl_paragraph._HSFrag):
        return 0.0
    return _space_width(word[-1][0])


def _space_width(frag: Any) -> float:
    key = (frag.fontName, frag.fontSize)
    space_widths = active().caches.space_widths
    width = space_widths.get(key)
    if width is None:
        width = space_widths[key] = stringWidth(" ", frag.fontName, frag.fontSize)
    return width


# a hyphenation point: its position in the word's text, whether a hyphen is added, whether it
# counts as a hyphenated line end, the unshaped width before it and the hyphen's width
_Point = tuple[int, bool, bool, float, float]


def _hyphenation_points(word: Any, text: str, hyphenator: Any) -> tuple[float, list[_Point]]:
    """The word's unshaped width and the points where it may break."""
    if hyphenator is None or len(text) < 4:
        return 0.0, []
    points = active().caches.points
    if len(word) == 2:   # one frag: nearly every word
        frag = word[1][0]
        key: tuple[Any, ...] | None = (hyphenator, text, frag.fontName, frag.fontSize)
        cached = points.get(key)
    elif any(hasattr(f, "cbDefn") for f, _ in word[1:]):
        return 0.0, []
    else:
        key = cached = None
    if cached is None:
        positions = _points(text, hyphenator)
        cached = (_prefix_width(word, len(text)) if positions else 0.0,
                  [(position, hyphen, hyphen or text[position - 1] == "-", _prefix_width(word, position),
                    _hyphen_width(word, position) if hyphen else 0.0) for position, hyphen in positions])
        if key is not None:
            _remember(points, key, cached, MAX_CACHED)
    return cached


def _points(text: str, hyphenator: Any) -> list[tuple[int, bool]]:
    prefix = _LEADING.match(text)
    suffix = _TRAILING.search(text)
    start = prefix.end() if prefix else 0
    end = suffix.start() if suffix else len(text)
    core = text[start:end]
    if len(core) < 2:
        return []
    points = []
    for head, tail in hyphenator(core):
        if head + tail != core or not head or not tail:
            continue
        points.append((start + len(head), not head.endswith(_HYPHEN_ENDS)))  # a slash adds no hyphen
    return sorted(set(points))


def _prefix_width(word: Any, position: int) -> float:
    """The unshaped width of the word's first `position` characters."""
    width, seen = 0.0, 0
    for frag, drawn in word[1:]:
        if hasattr(frag, "cbDefn"):
            continue
        text = str.__str__(drawn)
        take = min(len(text), position - seen)
        if take <= 0:
            break
        width += stringWidth(text[:take], frag.fontName, frag.fontSize)
        seen += len(text)
    return width


def _hyphen_width(word: Any, position: int) -> float:
    seen = 0
    for frag, text in word[1:]:
        if hasattr(frag, "cbDefn"):
            continue
        seen += len(text)
        if seen >= position:
            return stringWidth("-", frag.fontName, frag.fontSize)
    return 0.0


class _Paragraph:
    """The items of one paragraph, with where each box came from."""

    def __init__(self, plain: list[Any], shaped: list[Any], hyphenator: Any, spacing: Spacing,
                 final_fill: bool, texts: list[str]) -> None:
        self.plain = plain
        self.shaped = shaped
        self.hyphenator = hyphenator
        self.spacing = spacing
        self.final_fill = final_fill
        self.texts = texts
        self._items: dict[tuple[bool, Any], tuple[list[Item], list[_Piece | None]]] = {}

    @cached_property
    def words_key(self) -> tuple[str, bytes, bytes, str, str]:
        """The paragraph's words, shaped widths, classes and fonts, as the breaks cache's key holds
        them (choose_lines); made once: a balanced paragraph is broken at several measures."""
        # packed: a tuple per word took 4 KB a paragraph, the key of each kept breaking
        texts = self.texts
        return ("".join(texts), array("Q", map(len, texts)).tobytes(),
                array("d", [word[0] for word in self.shaped]).tobytes(),
                " ".join(type(word).__name__ for word in self.plain),
                "\n".join(f"{len(list(run))} {font[0]} {font[1]!r}" for font, run in groupby(
                    (frag.fontName, frag.fontSize) for word in self.plain for frag, _ in word[1:2])))

    def items(self, hyphenate: bool, hyphenator: Any = None) -> tuple[list[Item], list[_Piece | None]]:
        """The paragraph's boxes, glue and penalties; with `hyphenator`, its breaks instead of the style's.
        Made once per paragraph and hyphenator: a balanced paragraph is broken at several measures."""
        hyphenator = hyphenator or self.hyphenator
        key = (hyphenate, hyphenator)
        made = self._items.get(key)
        if made is None:
            made = self._items[key] = self._make_items(hyphenate, hyphenator)
        return made

    def _make_items(self, hyphenate: bool, hyphenator: Any) -> tuple[list[Item], list[_Piece | None]]:
        spacing = self.spacing
        items: list[Item] = []
        pieces: list[_Piece | None] = []
        last = len(self.shaped) - 1
        for index, (plain, shaped) in enumerate(zip(self.plain, self.shaped)):
            text = self.texts[index]
            natural, points = _hyphenation_points(plain, text, hyphenator) if hyphenate else (0.0, [])
            if points:
                scale = shaped[0] / (natural or 1.0)   # kerning, spread along the word
                previous, previous_width = 0, 0.0
                for position, hyphen, flagged, prefix, hyphen_width in points:
                    width = prefix * scale
                    items.append(Box(width - previous_width))
                    pieces.append(_Piece(index, previous, position, False))
                    # a break after a slash is not a hyphenated line (no run limit)
                    hangs = PROTRUDE_RIGHT["-"] * hyphen_width if spacing.optical_margin and hyphen else 0.0
                    items.append(Penalty(hyphen_width - hangs, HYPHEN_PENALTY, flagged))
                    pieces.append(_Piece(index, position, position, hyphen, is_break=True))
                    previous, previous_width = position, width
                items.append(Box(shaped[0] - previous_width))
                pieces.append(_Piece(index, previous, len(text), False))
            else:
                items.append(Box(shaped[0]))
                pieces.append(_Piece(index, 0, len(text), False))
            space = _space_after(shaped)
            if space and index < last:
                # optical margins: a word ending in a comma or period is that much narrower when a
                # line ends with it (the mark hangs), and as wide as ever when the line goes on
                hangs = _hanging(plain, text) if spacing.optical_margin and spacing.justified else 0.0
                if hangs:
                    items[-1] = Box(items[-1].width - hangs)
                if spacing.justified:
                    items.append(Glue(space + hangs, space * (spacing.word_space_max - 1),
                                      space * (1 - spacing.word_space_min)))
                else:
                    items.append(Glue(space, 0.0, 0.0))
                pieces.append(None)
            elif index < last:
                # words that touch (a change of font inside a word): no break between them
                items.append(Penalty(0.0, INFINITE_PENALTY))
                pieces.append(None)
        end = paragraph_end() if self.final_fill else [Penalty(0.0, -INFINITE_PENALTY)]
        items.extend(end)
        pieces.extend([None] * len(end))
        return items, pieces


MAX_CACHED = 20_000         # words' hyphenation points
# paragraphs' chosen breaks: a paragraph is asked again soon after (measured by its row, by the
# frame, split), and a rebuild in `brochure watch` asks for a brochure's worth (the example: 355 an edition);
# a 1 400-page build held 19 MiB more with 20 000 kept (cleared when full) and a tuple a word
MAX_CACHED_BREAKS = 2_000
LOOSE_PASS = 4.0   # the third pass's tolerance, as a multiple of the second's
# ragged text: a last line of one word alone costs more than a line set at the rag's limit
RUNT_DEMERITS = 1e8
RUNT_TOLERANCE = 6.0    # ragged text: how loose a rag may go to keep a word from standing alone
BALANCED_RAG = 0.5      # balanced text: a line half the measure short counts as ratio 1 (the
                        # measure is narrowed to balance it; a short first line beats a lone word)
SHORT_LONE_WORD = 0.25  # balanced text: a word alone on a line shorter than this share of it
BALANCE_MAX_LINES = 6   # balanced text: headings, titles, short leads; longer text keeps its rag
BALANCE_STEPS = 7       # halvings of the search for the narrowest measure (under 0.4 % of it)
PRETOLERANCE_SPACE = 1.5
# The caches (hyphenation points, chosen breaks, space widths, ascents) are the build session's
# (typeset/caches.py), read from the rendering under way: reportlab calls break_paragraph back.
PLAN_CACHED_BREAKS = 20_000  # while the page plan lays an edition out several times (see below)


@contextmanager
def breaks_kept(limit: int) -> Iterator[None]:
    """Keep up to `limit` paragraphs' breaks in the session's caches inside the block, the usual
    number after it (the oldest forgotten): the page plan's trials ask for the same paragraphs
    layout after layout, and an edition of more than MAX_CACHED_BREAKS paragraph measures would
    push each trial's breaks out before the next trial asks for them again (N=10: 6 600 an
    edition, every trial missing all)."""
    caches = active().caches
    before = caches.breaks_kept
    caches.breaks_kept = max(before, limit)
    try:
        yield
    finally:
        caches.breaks_kept = before
        while len(caches.breaks) > _breaks_limit(caches.breaks_kept):
            del caches.breaks[next(iter(caches.breaks))]


def _breaks_limit(kept: int) -> int:
    """How many paragraphs' breaks are kept now (none at all when MAX_CACHED_BREAKS is 0: a test's
    uncached build)."""
    return max(MAX_CACHED_BREAKS, kept) if MAX_CACHED_BREAKS else 0


class _PackedPieces(Sequence[_Piece | None]):
    """A paragraph's pieces as one integer each (-1 for an item that is no piece): kept in the
    breaks cache, a tuple per piece took 5 KB a paragraph. Read back a line at a time."""

    __slots__ = ("codes",)
    SPAN = 1 << 20  # positions inside a word below this: a longer word's pieces are not packed

    def __init__(self, codes: array[int]):
        self.codes = codes

    @classmethod
    def pack(cls, pieces: list[_Piece | None]) -> Sequence[_Piece | None]:
        span = cls.SPAN
        if any(piece is not None and (piece.end >= span or piece.word >= span) for piece in pieces):
            return pieces
        return cls(array("q", (-1 if piece is None else
                               ((piece.word * span + piece.start) * span + piece.end) * 4 +
                               piece.hyphen * 2 + piece.is_break for piece in pieces)))

    @classmethod
    def unpack(cls, code: int) -> _Piece | None:
        if code < 0:
            return None
        span = cls.SPAN
        position, flags = divmod(code, 4)
        position, end = divmod(position, span)
        word, start = divmod(position, span)
        return _Piece(word, start, end, bool(flags & 2), bool(flags & 1))

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> _Piece | None: ...

    @overload
    def __getitem__(self, index: slice) -> list[_Piece | None]: ...

    def __getitem__(self, index: int | slice) -> _Piece | list[_Piece | None] | None:
        if isinstance(index, slice):
            return [self.unpack(code) for code in self.codes[index]]
        return self.unpack(self.codes[index])


def choose_lines(paragraph: _Paragraph, widths: Sequence[float]) -> tuple[list[Line], Sequence[_Piece | None]]:
    """The breaks of a paragraph, kept per paragraph (its words, fonts and shaped
    widths), measure and settings: frames, facing rows and editions ask again."""
    key = (*paragraph.words_key, tuple(widths), paragraph.spacing, paragraph.hyphenator, paragraph.final_fill)
    breaks = active().caches.breaks
    cached = breaks.get(key)
    if cached is None:
        lines, pieces = _choose_lines(paragraph, widths)
        cached = lines, _PackedPieces.pack(pieces)
        _remember(breaks, key, cached, _breaks_limit(active().caches.breaks_kept))
    return cached


def _remember(cache: dict[Any, Any], key: Any, value: Any, limit: int) -> None:
    """Keep `value`, forgetting the oldest entries past `limit` (first in, first out)."""
    if limit <= 0:
        return
    while len(cache) >= limit:
        del cache[next(iter(cache))]
    cache[key] = value


def _choose_lines(paragraph: _Paragraph, widths: Sequence[float]) -> tuple[list[Line], list[_Piece | None]]:
    spacing = paragraph.spacing
    stretch = max(spacing.word_space_max - 1, 0.01)
    loose = (spacing.loose_limit - 1) / stretch
    # the first pass, without hyphenation, accepts word spaces up to 1.5 times the space,
    # as TeX's does with its fonts' stretch (pretolerance 100, stretch half a space)
    first = max(PRETOLERANCE_SPACE - 1, 0.0) / stretch if spacing.justified else 1.0
    settings = BreakSettings(tolerance=min(first, loose), ragged=not spacing.justified,
                             rag=spacing.rag * min(widths),
                             max_consecutive_hyphens=spacing.max_consecutive_hyphens,
                             runt_demerits=0.0 if spacing.justified else RUNT_DEMERITS)
    items, pieces = paragraph.items(hyphenate=False)
    lines = break_lines(items, widths, settings)
    if lines is not None:
        return _without_runt(lines, items, widths, settings), pieces
    if paragraph.hyphenator is not None:
        items, pieces = paragraph.items(hyphenate=True)
    tolerance = max(loose, 1.0) if spacing.justified else 2.0
    settings = BreakSettings(tolerance=tolerance, ragged=settings.ragged, rag=settings.rag,
                             max_consecutive_hyphens=spacing.max_consecutive_hyphens,
                             runt_demerits=settings.runt_demerits)
    lines = break_lines(items, widths, settings)
    with_names = getattr(paragraph.hyphenator, "with_names", None)
    if lines is None and with_names is not None:
        # names (capitalised words) break only when no line within the loose limit can be set
        # without (a narrow column): a name broken reads better than a line of gaping spaces
        items, pieces = paragraph.items(hyphenate=True, hyphenator=with_names)
        lines = break_lines(items, widths, settings)
    if lines is None:
        # looser lines than the report limit, before the last resort: the same optimum in
        # nearly every case, for a quarter of the search (few breaks are that loose)
        lines = break_lines(items, widths, replace(settings, tolerance=tolerance * LOOSE_PASS))
    if lines is None:
        lines = break_lines(items, widths, settings, emergency=True)
    assert lines is not None  # the emergency pass always finds breaks
    lines = _without_runt(lines, items, widths, settings)
    for line in lines:
        if line.overfull:
            box = max((piece for piece in pieces[line.start:line.end] if piece is not None and not piece.is_break),
                      key=lambda piece: paragraph.shaped[piece.word][0])
            text = paragraph.texts[box.word]
            raise WordTooWide(text, paragraph.shaped[box.word][0], line.width)
    return lines, pieces


# -- the chosen lines in reportlab's shape -------------------------------------------------------

def _cut(word: Any, start: int, end: int, hyphen: bool, cls: type) -> Any:
    """The characters start..end of a plain frag word as a frag word of class `cls`."""
    items, seen = [], 0
    for frag, drawn in word[1:]:
        if hasattr(frag, "cbDefn"):
            if start <= seen <= end:
                items.append((frag, drawn))
            continue
        text = str.__str__(drawn)
        part = text[max(start - seen, 0):max(end - seen, 0)]
        if part:
            items.append((frag, part))
        seen += len(text)
    if hyphen:
        for position in range(len(items) - 1, -1, -1):
            frag, text = items[position]
            if not hasattr(frag, "cbDefn"):
                items[position] = (frag, text + "-")
                break
    width = sum(stringWidth(text, frag.fontName, frag.fontSize) for frag, text in items
                if not hasattr(frag, "cbDefn"))
    return cls([width] + items)


def _shaped(word: Any) -> Any:
    """A frag word shaped; one holding a no-break space always as glyphs with their
    own advances (`ShapedStr`), which a justified line widens like its spaces."""
    needs_advances = False
    for _, text in word[1:]:
        if "\u00a0" in text or "\u202f" in text:
            needs_advances = True
            break
    return rl_paragraph.shapeFragWord(word, force=True) if needs_advances else rl_paragraph.shapeFragWord(word)


@dataclass
class _LineWords:
    words: list[Any]     # frag words (whole or pieces) on the line
    spaced: list[bool]   # whether a space follows each


def _line_words(paragraph: _Paragraph, lines: list[Line],
                pieces: Sequence[_Piece | None]) -> tuple[list[_LineWords], list[Any]]:
    """Per line its frag words (whole words, or pieces of a word broken across lines),
    and every frag word of the paragraph in order (reportlab's `frags` after breaking)."""
    result: list[_LineWords] = []
    fragment_words: list[Any] = []
    cut_from: dict[int, int] = {}   # word -> where its next piece starts
    for line in lines:
        members: list[_Piece] = [piece for piece in pieces[line.start:line.end]
                                 if piece is not None and not piece.is_break]
        breaks_in_word = pieces[line.end] if line.end < len(pieces) else None
        words: list[int] = []
        for piece in members:
            if not words or words[-1] != piece.word:
                words.append(piece.word)
        entry = _LineWords([], [])
        for position, index in enumerate(words):
            start = cut_from.pop(index, 0)
            ends_here = (position == len(words) - 1 and breaks_in_word is not None
                         and breaks_in_word.word == index and breaks_in_word.is_break)
            plain = paragraph.plain[index]
            whole = start == 0 and not ends_here
            if whole:
                word = paragraph.shaped[index]
            elif ends_here:
                assert breaks_in_word is not None
                cls = rl_paragraph._SplitFragHY if breaks_in_word.hyphen else rl_paragraph._SplitFragH
                word = _shaped(_cut(plain, start, breaks_in_word.end, breaks_in_word.hyphen, cls))
                cut_from[index] = breaks_in_word.end
            else:
                cls = rl_paragraph._SplitFragHS if isinstance(plain, rl_paragraph._HSFrag) \
                    else rl_paragraph._SplitFrag
                word = _shaped(_cut(plain, start, len(paragraph.texts[index]), False, cls))
            entry.words.append(word)
            entry.spaced.append(not ends_here and _space_after(paragraph.shaped[index]) > 0
                                and position < len(words) - 1)
            fragment_words.append(word)
        result.append(entry)
    return result, fragment_words


_GAPS = (" ",) + _NO_BREAK_SPACES


def _spread(text: Any, gap: float, letter: float, size: float, last: bool) -> Any:
    """`text` with every no-break space widened by `gap` points, as word spacing (PDF
    `Tw`, which moves only byte 32) widens the ordinary spaces, and `letter` points
    after every other glyph (but the line's last)."""
    if not isinstance(text, ShapedStr) or not (gap or letter):
        return text
    chars = str.__str__(text)
    data = list(text.__shapeData__)  # type: ignore[attr-defined]
    scale = 1000.0 / size
    for position, char in enumerate(chars[:len(data)]):
        shape = data[position]
        if char in _NO_BREAK_SPACES and gap:
            # half before the glyph, half after: text extraction reads a move of about
            # a space's width as one more space, and each half stays below that
            data[position] = shape._replace(x_advance=shape.x_advance + gap * scale,
                                            x_offset=shape.x_offset + gap * scale / 2)
        elif char not in _GAPS and letter and not (last and position == len(chars) - 1):
            data[position] = shape._replace(x_advance=shape.x_advance + letter * scale)
    return make_shaped_str(chars, shapeData=data)


def _letters(frags: list[Any]) -> int:
    """The glyphs of a line that letter spacing moves: all but spaces and the last."""
    count = sum(sum(char not in _GAPS for char in str.__str__(f.text)) for f in frags
                if not hasattr(f, "cbDefn") and isinstance(f.text, ShapedStr))
    return max(count - 1, 0)


# Optical margin alignment (issue 23), as pdfTeX's microtype and InDesign do it: the share of a
# glyph's advance that hangs past the column edge when it ends (or starts) a justified line
PROTRUDE_RIGHT = {"-": 0.7, "\u2010": 0.7, ",": 0.7, ".": 0.7, "\u2019": 0.5, "\u201d": 0.5, "»": 0.5,
                  "'": 0.5, '"': 0.5, ":": 0.3, ";": 0.3, "\u2013": 0.3, "\u2026": 0.2}
PROTRUDE_LEFT = {"\u201c": 0.5, "\u2018": 0.5, "\u201e": 0.5, "«": 0.5, "'": 0.5, '"': 0.5}


def _protrude(frags: list[Any]) -> float:
    """Let the line's first and last glyphs hang into the margins by their share of
    PROTRUDE_LEFT/RIGHT: the last glyph's advance is shortened (it reaches past the measure),
    the first is drawn that much to the left and the line follows it. The width won, in points."""
    text_frags = [f for f in frags if not hasattr(f, "cbDefn") and str.__str__(f.text).strip()]
    if not text_frags:
        return 0.0
    won = 0.0
    for frag, at_end in ((text_frags[-1], True), (text_frags[0], False)):
        chars = str.__str__(frag.text)
        stripped = chars.rstrip(" ") if at_end else chars
        if not stripped or not isinstance(frag.text, ShapedStr):
            continue
        position = len(stripped) - 1 if at_end else 0
        share = (PROTRUDE_RIGHT if at_end else PROTRUDE_LEFT).get(stripped[position], 0.0)
        data = list(frag.text.__shapeData__)  # type: ignore[attr-defined]
        if not share or position >= len(data):
            continue
        shape = data[position]
        cut = shape.x_advance * share
        data[position] = shape._replace(x_advance=shape.x_advance - cut,
                                        x_offset=shape.x_offset - (0.0 if at_end else cut))
        frag.text = make_shaped_str(chars, shapeData=data)
        won += cut * frag.fontSize / 1000.0
    return won


def frag_line(entry: _LineWords, max_width: float, stretched: bool, sFW: int,
              spacing: Spacing | None = None) -> FragLine:
    """A reportlab FragLine of these words, as reportlab's breakLines would build it.

    When the line is justified (or shrunk), every gap moves alike: spaces by word
    spacing, no-break spaces by their own advance; `extraSpace` is set so that
    reportlab's word spacing is that same amount per gap. A line still looser than
    the style's limit spaces its letters, up to the style's letter spacing.
    """
    words = entry.words
    spaces = [_space_width(word[-1][0]) for word, spaced in zip(words, entry.spaced) if spaced]
    space = spaces[0] if spaces else 0.0
    extra = max_width - sum(word[0] for word in words) - sum(spaces)
    gaps = len(spaces)
    loose_gap = (spacing.loose_limit - 1) * space if spacing is not None else 0.0
    spread_letters = (stretched and spacing is not None and spacing.letter_spacing > 0 and gaps
                      and extra / gaps > loose_gap)
    optical = stretched and spacing is not None and spacing.optical_margin and bool(words)
    if spread_letters:
        # glyphs with their own advances, which letter spacing widens
        words = [rl_paragraph.shapeFragWord(word, force=True) for word in words]
    elif optical:  # the edge glyphs with their own advances, which hanging shortens
        words = [rl_paragraph.shapeFragWord(word, force=True) if index in (0, len(words) - 1) else word
                 for index, word in enumerate(words)]
    frags = _assemble(words, entry.spaced)
    if optical:
        extra += _protrude(frags)
    text_frags = [f for f in frags if not hasattr(f, "cbDefn")]
    nbsp = narrow = 0
    for f in text_frags:
        if "\u00a0" in f.text or "\u202f" in f.text:
            nbsp += f.text.count("\u00a0")
            narrow += f.text.count("\u202f")
    all_gaps = gaps + nbsp + narrow
    letter = 0.0
    if spread_letters and spacing is not None:
        letters = _letters(frags)
        size = max(f.fontSize for f in text_frags)
        if letters:
            letter = max(min((extra - loose_gap * all_gaps) / letters, spacing.letter_spacing * size), 0.0)
            extra -= letter * letters
    stretch = extra / all_gaps if stretched and all_gaps else 0.0
    if stretch or letter:
        last_text = text_frags[-1] if text_frags else None
        for frag in text_frags:
            frag.text = _spread(frag.text, stretch, letter, frag.fontSize, frag is last_text)
    extra_space = stretch * (gaps + nbsp) if stretch else extra
    top = [_ascent_descent(f.fontName, f.fontSize) for f in text_frags] or [(0.0, 0.0)]
    line = FragLine(extraSpace=extra_space, wordCount=gaps + 1, lineBreak=False, words=frags,
                    fontSize=max((f.fontSize for f in text_frags), default=0.0),
                    ascent=max(a for a, _ in top), descent=min(d for _, d in top),
                    maxWidth=max_width, sFW=sFW)
    line.gap_stretch = stretch
    line.letter_spacing = letter
    return line


def _assemble(words: list[Any], spaced: list[bool]) -> list[Any]:
    """The frags of a line: each word's frags cloned, a space after each spaced word,
    and words of one style joined into one frag, as reportlab joins them."""
    frags: list[Any] = []
    joined = None   # the clone the next word may join
    # the frag it was cloned from: a word of that same frag joins it as sameFrag would decide, without
    # its comparison of eight attributes (3 µs a call, 31 000 calls in a layout of 140 pages)
    source = None
    for word, spaced_before in zip(words, [False] + spaced[:-1]):
        for position, (frag, text) in enumerate(word[1:]):
            if position == 0 and joined is not None and not hasattr(frag, "cbDefn") and (
                    not hasattr(frag, "lineBreak") if frag is source else sameFrag(joined, frag)):
                joined.text = joined.text + (" " + text if spaced_before else text)
                continue
            if position == 0 and spaced_before:
                previous = next((f for f in reversed(frags) if not hasattr(f, "cbDefn")), None)
                if previous is not None:
                    previous.text = previous.text + " "
            clone = frag.clone()
            clone.text = text
            frags.append(clone)
            joined, source = (None, None) if hasattr(frag, "cbDefn") else (clone, frag)
    return frags


def _without_runt(lines: list[Line], items: Sequence[Item], widths: Sequence[float],
                  settings: BreakSettings) -> list[Line]:
    """Ragged text: a looser rag rather than a word alone on the last line (issue 23)."""
    if not settings.ragged or not _ends_in_one_word(lines, items):
        return lines
    looser = break_lines(items, widths, replace(settings, tolerance=max(settings.tolerance, RUNT_TOLERANCE)))
    return looser if looser is not None and not any(line.overfull for line in looser) else lines


def _ends_in_one_word(lines: list[Line], items: Sequence[Item]) -> bool:
    """Whether the last of several lines holds a single word (no word space in it)."""
    if len(lines) < 2:
        return False
    last = lines[-1]
    return not any(type(item) is Glue and item.stretch < FILL for item in items[last.start:last.end])


def _one_word_lines(lines: list[Line], pieces: Sequence[_Piece | None]) -> list[Line]:
    """The lines of several that hold pieces of one word only (words bound by a no-break space
    count as one)."""
    if len(lines) < 2:
        return []
    return [line for line in lines if len({piece.word for piece in (pieces[index] for index in
                                                                     range(line.start, line.end))
                                           if piece is not None}) <= 1]


def _last_line_one_word(lines: list[Line], pieces: Sequence[_Piece | None]) -> bool:
    """Whether the last of several lines holds pieces of one word only."""
    return bool(lines) and any(line is lines[-1] for line in _one_word_lines(lines, pieces))


def balanced_widths(paragraph: _Paragraph, widths: Sequence[float]) -> Sequence[float]:
    """The narrowest measures (the same share of each) that still set the paragraph in as few
    lines as its full measure: its ragged lines then come out of even length, as a designer
    balances a heading by hand, and its last line is no longer a word or two alone."""
    full, pieces = choose_lines(paragraph, widths)
    count = len(full)
    if count < 2 or count > BALANCE_MAX_LINES:
        return widths
    # narrower, the words that shared the last line may no longer fit on it: a measure that
    # leaves one word alone there is too narrow, unless the full measure does so too, or sets a
    # short word alone on a line of its own to avoid it (`un / aéroport international`: the
    # balanced `un aéroport / international` reads better)
    runt_allowed = _last_line_one_word(full, pieces) or any(
        line.natural < SHORT_LONE_WORD * line.width for line in _one_word_lines(full, pieces))
    low, high = 0.5, 1.0
    for _ in range(BALANCE_STEPS):
        middle = (low + high) / 2
        try:
            trial, pieces = choose_lines(paragraph, [width * middle for width in widths])
        except WordTooWide:
            trial = []
        if trial and len(trial) <= count and (runt_allowed or not _last_line_one_word(trial, pieces)):
            high = middle
        else:
            low = middle
    return [width * high for width in widths]


def build_lines(paragraph: _Paragraph, widths: Sequence[float], justified: bool,
                last_justified: bool) -> tuple[list[Any], list[Any], list[Line]]:
    balanced = paragraph.spacing.balance and not justified and not last_justified
    lines, pieces = choose_lines(paragraph, balanced_widths(paragraph, widths) if balanced else widths)
    entries, fragment_words = _line_words(paragraph, lines, pieces)
    result = []
    first_word = 0
    for number, entry in enumerate(entries):
        last = number == len(entries) - 1
        stretched = justified and (not last or last_justified)
        measure = widths[min(number, len(widths) - 1)]
        line = frag_line(entry, measure, stretched, first_word, paragraph.spacing)
        if not stretched and line.extraSpace < 0:
            line = frag_line(entry, measure, True, first_word)  # a line set tight shrinks its spaces
        line.badness = 0.0 if last and not last_justified else min(lines[number].badness, 1e6)
        result.append(line)
        first_word += len(entry.words)
    return result, fragment_words, lines




def break_paragraph(paragraph: Any, width: float | Sequence[float]) -> Any:
    """reportlab's `breakLines` for a justified or ragged-right paragraph of text;
    None for what the total-fit breaker does not set (centred or right-aligned text,
    images and forced line breaks inside a paragraph), which reportlab breaks itself.
    A paragraph the rendering broke before, equal in all the breaker reads, is laid as it was
    (typeset/laid_lines.py)."""
    laid = laid_key(paragraph, tuple(width) if isinstance(width, Sequence) else (width,))
    if laid is None:
        return _break_paragraph(paragraph, width)
    key, held = laid
    lines = replay(key, held, paragraph)
    if lines is not None:
        return lines
    sources = list(paragraph.frags)
    before = [dict(frag.__dict__) for frag in sources]
    caches = active().caches
    named = caches.named_glyph_words
    lines = _break_paragraph(paragraph, width)
    if lines is not None:
        # a paragraph whose words hold glyphs named by reportlab's own codes is not kept on disk
        record(key, held, sources, before, paragraph, lines, for_disk=caches.named_glyph_words == named)
    return lines


def _break_paragraph(paragraph: Any, width: float | Sequence[float]) -> Any:
    style = paragraph.style
    balance = bool(getattr(style, "balanceLines", False))
    if style.alignment not in ((TA_JUSTIFY, TA_LEFT, TA_CENTER, TA_RIGHT) if balance else (TA_JUSTIFY, TA_LEFT)) \
            or style.endDots or style.wordWrap:
        return None
    frags = paragraph.frags
    if not frags:
        return None
    max_widths = list(width) if isinstance(width, Sequence) else [width]
    rl_paragraph._handleBulletWidth(paragraph.bulletText, style, max_widths)
    plain = rl_paragraph._getFragWords(frags, max_widths[0])
    for word in plain:
        for frag, _ in word[1:]:
            kind: Any = getattr(frag, "_fkind", None)
            callback: Any = getattr(frag, "cbDefn", None)
            if kind in (rl_paragraph._FK_BREAK, rl_paragraph._FK_IMG) or (callback and callback.width):
                return None  # a forced line break, an image
    texts = [_plain_text(word) for word in plain]
    if not any(text.strip() for text in texts):
        return None
    shaped = [_shaped(word) for word in plain]
    justified = style.alignment == TA_JUSTIFY
    spacing = Spacing(justified, getattr(style, "wordSpaceMin", 1 - style.spaceShrinkage),
                      getattr(style, "wordSpaceMax", 1.33), getattr(style, "looseWordSpace", 2.0),
                      getattr(style, "maxConsecutiveHyphens", 2) or 0,
                      letter_spacing=getattr(style, "letterSpacing", 0.0),
                      rag=BALANCED_RAG if balance else Spacing.rag,
                      optical_margin=bool(getattr(style, "opticalMargin", False)), balance=balance)
    hyphenator = style.hyphenationLang if callable(style.hyphenationLang) else None
    # the first part of a paragraph split across frames keeps its last line justified
    last_justified = bool(getattr(paragraph, "_JustifyLast", False))
    state = _Paragraph(plain, shaped, hyphenator, spacing, final_fill=not last_justified, texts=texts)
    try:
        lines, fragment_words, chosen = build_lines(state, max_widths, justified, last_justified)
    except WordTooWide as error:
        raise WordTooWide(error.word, error.width, error.measure, getattr(paragraph, "where", None)) from None
    paragraph.frags = fragment_words
    paragraph._width_max = max((line.maxWidth - line.extraSpace for line in lines), default=0.0)
    paragraph._hyphenations = sum(line.hyphenated for line in chosen)
    paragraph._splitLongWordCount = 0
    paragraph.chosen_breaks = chosen
    return rl_paragraph.ParaLines(kind=1, lines=lines)
