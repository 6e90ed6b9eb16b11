"""Layout stage: text drawn as the outlines of its glyphs (a map label's halo, issue 31).

A halo repeats its label's letters under them. Drawn as text (stroked, render mode 1) it is
text to every extractor: a label reads twice (`BATHBATH`), and marking it as an artifact helps
only the extractors that read marks (pdfium, poppler; not pypdf's plain text). Drawn as paths it
is no text at all. The drawing is done as usual (a paragraph with its fallback fonts, shaping and
right-to-left lines, or a plain string), then the text operators it wrote are replaced by the
paths of the same glyphs at the same places, painted as the text render mode in effect asked
(stroke for a halo), in the same user space: the look is unchanged.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from typing import Any

import fontTools
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont as FontToolsFont
from pypdf.generic import ByteStringObject, ContentStream, DecodedStreamObject, TextStringObject
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics

from brochure.fonts.prepare import quiet_fonttools
from brochure.user_cache import cache_folder, keep, read_kept, source_digest

Matrix = tuple[float, float, float, float, float, float]
Outline = tuple[tuple[str, tuple[float, ...]], ...]  # (operator, points in font units)

_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
# Operators that set the text state or show text: replaced by paths.
_TEXT_STATE = {"Tc", "Tw", "Tz", "TL", "Tf", "Tr", "Ts"}
_TEXT_POSITION = {"Td", "TD", "Tm", "T*"}
_TEXT_SHOW = {"Tj", "TJ", "'", '"'}
# How each text render mode paints its outlines (7: only a clip, none of our drawings use it).
_PAINT = {0: "f", 1: "S", 2: "B", 3: "n", 4: "f", 5: "S", 6: "B", 7: "n"}


def _multiply(first: Matrix, second: Matrix) -> Matrix:
    a, b, c, d, e, f = first
    p, q, r, s, t, u = second
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


class _OutlinePen(BasePen):  # type: ignore[misc]  # fontTools has no type hints
    """Collects a glyph's contours as PDF path operators in font units (quadratic curves made cubic)."""

    def __init__(self, glyph_set: Any):
        super().__init__(glyph_set)
        self.operations: list[tuple[str, tuple[float, ...]]] = []

    def _moveTo(self, point: tuple[float, float]) -> None:
        self.operations.append(("m", point))

    def _lineTo(self, point: tuple[float, float]) -> None:
        self.operations.append(("l", point))

    def _curveToOne(self, first: tuple[float, float], second: tuple[float, float],
                    third: tuple[float, float]) -> None:
        self.operations.append(("c", (*first, *second, *third)))

    def _closePath(self) -> None:
        self.operations.append(("h", ()))


class _Face:
    """A registered TrueType font's glyph outlines, by glyph id: read from the user's cache where an
    earlier build kept them, else drawn from the font (opened with fontTools only then: 20 ms a face,
    most of a cold build's halos) and kept for the next build (`keep_new`)."""

    def __init__(self, data: bytes):
        self._data = data
        key = _face_key(data)
        self._kept_at = None if key is None else cache_folder("glyph-outlines") / f"{key}.json"
        self._glyph_set: Any = None
        self._order: list[str] = []
        self._new = False
        kept = read_kept(self._kept_at, _decoded) if self._kept_at is not None else None
        if kept is None:
            self._outlines: dict[int, Outline] = {}
            self.units_per_em = self._open()
        else:
            self.units_per_em, self._outlines = kept

    def _open(self) -> int:
        with quiet_fonttools():  # its remarks on fonts that work (an old 'created' date) are no one's to act on
            font = FontToolsFont(io.BytesIO(self._data), lazy=True)
            self._glyph_set = font.getGlyphSet()
            self._order = font.getGlyphOrder()
            units_per_em: int = font["head"].unitsPerEm
        return units_per_em

    def outline(self, glyph_id: int) -> Outline:
        found = self._outlines.get(glyph_id)
        if found is None:
            if self._glyph_set is None:
                self._open()
            pen = _OutlinePen(self._glyph_set)
            if glyph_id < len(self._order):
                self._glyph_set[self._order[glyph_id]].draw(pen)
            found = self._outlines[glyph_id] = tuple(pen.operations)
            self._new = True
        return found

    def keep_new(self) -> None:
        """Keep the outlines in the user's cache if some were drawn since they were last kept."""
        if self._new and self._kept_at is not None:
            self._new = False
            outlines = {str(glyph): [[operator, list(points)] for operator, points in outline]
                        for glyph, outline in sorted(self._outlines.items())}
            keep(self._kept_at, json.dumps({"format": KEPT_FORMAT, "units_per_em": self.units_per_em,
                                            "outlines": outlines}, separators=(",", ":")).encode())


KEPT_FORMAT = 1  # of the kept outlines
_PEN_POINTS = {"m": 2, "l": 2, "c": 6, "h": 0}  # the operators _OutlinePen writes, and their numbers


def _face_key(data: bytes) -> str | None:
    """What a face's outlines are drawn from: the font's bytes, fontTools and this module's pen;
    None when the pen's source cannot be read (a zipped install): then nothing is kept."""
    code = _drawing_code()
    return None if code is None else hashlib.sha256(hashlib.sha256(data).digest() + code.encode()).hexdigest()


@cache
def _drawing_code() -> str | None:
    pen = source_digest(sys.modules[__name__])
    return None if pen is None else f"{KEPT_FORMAT};fontTools {fontTools.version};{pen}"


def _decoded(kept: Any) -> tuple[int, dict[int, Outline]] | None:
    """The kept units per em and outlines (JSON keeps an int an int and a float a float, to the
    last bit); None unless as the pen writes them: a kept file is written into content streams as
    it reads."""
    units_per_em = kept["units_per_em"]
    if type(kept["format"]) is not int or kept["format"] != KEPT_FORMAT or type(units_per_em) is not int \
            or not 16 <= units_per_em <= 16384:  # the OpenType range
        return None
    outlines: dict[int, Outline] = {}
    for glyph, outline in kept["outlines"].items():
        if type(glyph) is not str or not glyph.isascii() or not glyph.isdigit() or glyph != str(int(glyph)):
            return None
        operations = []
        for operator, points in outline:
            if type(operator) is not str or _PEN_POINTS.get(operator) != len(points) or \
                    not all(type(value) in (int, float) for value in points):  # finite: read_kept's
                return None
            operations.append((operator, tuple(points)))
        outlines[int(glyph)] = tuple(operations)
    return units_per_em, outlines


@cache
def _face(font_name: str) -> _Face:
    """Opened once per registered font (its name holds its content's digest)."""
    return _Face(pdfmetrics.getFont(font_name).face._ttf_data)  # type: ignore[attr-defined]  # a TTFont's


def _subset_fonts(doc: Any) -> dict[str, Any]:
    """The PDF font resource name of each TrueType font used in `doc`: `F3` for `/F3+0`."""
    fonts: dict[str, Any] = {}
    for font in set(pdfmetrics._fonts.values()):  # type: ignore[attr-defined]  # reportlab's registry
        state = getattr(font, "state", {}).get(doc) if getattr(font, "_dynamicFont", False) else None
        if state is not None and state.internalName is not None:
            fonts[state.internalName] = font
    return fonts


# A document's fonts as the outlines of a drawing depend on them: per PDF resource name, the
# registered font's name and its subsets (the characters each glyph code of the drawing stands for)
FontSubsets = tuple[tuple[str, str, tuple[tuple[int, ...], ...]], ...]


def _font_subsets(doc: Any) -> FontSubsets:
    return tuple(sorted((name, font.fontName, tuple(tuple(subset) for subset in font.state[doc].subsets))
                        for name, font in _subset_fonts(doc).items()))


@lru_cache(maxsize=512)
def _outlined(drawn: bytes, fonts: FontSubsets) -> str:
    """The operators `drawn` with their text as glyph paths: a pure function of them and the
    fonts' subsets (fonts are registered under names holding their content's digest), kept
    because the page plan's layouts draw the same labels' halos again. Glyphs drawn from a font
    for the first time are kept in the user's cache for the next build."""
    rewriting = _TextToPaths(fonts)
    paths = rewriting.run(_parsed(drawn))
    for face in rewriting.faces:
        face.keep_new()
    return paths


class _TextToPaths:
    """Rewrites a run of content-stream operators: text operators become glyph paths."""

    def __init__(self, fonts: FontSubsets):
        self.fonts = {name: pdfmetrics.getFont(font_name) for name, font_name, _ in fonts}
        self.subsets = {name: subsets for name, _, subsets in fonts}
        self.out: list[str] = []
        self.path: list[str] = []
        self.faces: set[_Face] = set()  # the faces whose glyphs were drawn
        self.font: Any = None
        self.font_subsets: tuple[tuple[int, ...], ...] = ()
        self.subset = 0
        self.size = 0.0
        self.char_spacing = 0.0
        self.word_spacing = 0.0
        self.scale = 1.0
        self.leading = 0.0
        self.rise = 0.0
        self.mode = 0
        self.matrix = _IDENTITY
        self.line_matrix = _IDENTITY

    def run(self, operators: list[tuple[list[Any], str]]) -> str:
        for operands, operator in operators:
            if operator in _TEXT_STATE:
                self._state(operator, operands)
            elif operator == "BT":
                self.matrix = self.line_matrix = _IDENTITY
            elif operator == "ET":
                self._paint()
            elif operator in _TEXT_POSITION:
                self._position(operator, operands)
            elif operator in _TEXT_SHOW:
                self._show(operator, operands)
            else:  # graphics state, colours, marked content: as drawn, after the glyphs before them
                self._paint()
                self.out.append(_unparsed(operands, operator))
        self._paint()
        return "\n".join(self.out)

    def _state(self, operator: str, operands: list[Any]) -> None:
        if operator == "Tf":
            name, subset = str(operands[0]).lstrip("/").rsplit("+", 1)
            self.font, self.font_subsets = self.fonts[name], self.subsets[name]
            self.subset, self.size = int(subset), float(operands[1])
            return
        value = float(operands[0])
        if operator == "Tc":
            self.char_spacing = value
        elif operator == "Tw":
            self.word_spacing = value
        elif operator == "Tz":
            self.scale = value / 100
        elif operator == "TL":
            self.leading = value
        elif operator == "Ts":
            self.rise = value
        else:
            self.mode = int(value)

    def _position(self, operator: str, operands: list[Any]) -> None:
        if operator == "Tm":
            self.matrix = self.line_matrix = tuple(float(value) for value in operands)  # type: ignore[assignment]
            return
        if operator == "T*":
            x, y = 0.0, -self.leading
        else:
            x, y = float(operands[0]), float(operands[1])
            if operator == "TD":
                self.leading = -y
        self.matrix = self.line_matrix = _multiply((1.0, 0.0, 0.0, 1.0, x, y), self.line_matrix)

    def _show(self, operator: str, operands: list[Any]) -> None:
        if operator in ("'", '"'):
            if operator == '"':
                self.word_spacing, self.char_spacing = float(operands[0]), float(operands[1])
            self._position("T*", [])
            operands = operands[-1:]
        items = list(operands[0]) if operator == "TJ" else operands
        for item in items:
            if isinstance(item, (ByteStringObject, TextStringObject)):
                for code in _string_bytes(item):
                    self._glyph(code)
            else:  # a TJ adjustment, in thousandths of the size, leftwards
                self._advance(-float(item) / 1000 * self.size * self.scale)

    def _glyph(self, code: int) -> None:
        font = self.font
        subset = self.font_subsets[self.subset]
        character = subset[code] if code < len(subset) else 0
        face = _face(font.fontName)
        self.faces.add(face)
        glyph = font.face.charToGlyph.get(character, 0)
        em = face.units_per_em
        scale = self.size * self.scale / em
        a, b, c, d, e, f = _multiply((scale, 0.0, 0.0, self.size / em, 0.0, self.rise), self.matrix)
        for operator, points in face.outline(glyph):
            placed = [fp_str(a * x + c * y + e, b * x + d * y + f) for x, y in zip(points[::2], points[1::2])]
            self.path.append(" ".join([*placed, operator]))
        width = font.face.getCharWidth(character) / 1000 * self.size
        self._advance((width + self.char_spacing + (self.word_spacing if code == 32 else 0.0)) * self.scale)

    def _advance(self, distance: float) -> None:
        self.matrix = _multiply((1.0, 0.0, 0.0, 1.0, distance, 0.0), self.matrix)

    def _paint(self) -> None:
        if self.path:
            self.out.extend(self.path)
            self.out.append(_PAINT[self.mode])
            self.path = []


@contextmanager
def drawn_as_outlines(canvas: Any) -> Iterator[None]:
    """What is drawn inside is kept, but its text becomes the outlines of its glyphs: no text
    for any extractor to read. Wrap only drawings of a few words (a label): the operators are
    parsed again."""
    start = len(canvas._code)
    yield
    drawn = "\n".join(canvas._code[start:]).encode("latin-1")
    del canvas._code[start:]
    canvas._code.append(_outlined(drawn, _font_subsets(canvas._doc)))


def _parsed(drawn: bytes) -> list[tuple[list[Any], str]]:
    """Content stream operators with their operands (pypdf's parser: a build already imports it)."""
    stream = DecodedStreamObject()
    stream.set_data(drawn)
    return [(list(operands), operator.decode("latin-1"))
            for operands, operator in ContentStream(stream, None).operations]


def _unparsed(operands: list[Any], operator: str) -> str:
    """One operator written back as content stream text."""
    written = []
    for operand in operands:
        buffer = io.BytesIO()
        operand.write_to_stream(buffer)
        written.append(buffer.getvalue().decode("latin-1"))
    return " ".join([*written, operator])


def _string_bytes(text: ByteStringObject | TextStringObject) -> bytes:
    """A shown string's character codes as drawn (pypdf decodes text strings: their original bytes)."""
    return bytes(text) if isinstance(text, ByteStringObject) else text.get_original_bytes()
