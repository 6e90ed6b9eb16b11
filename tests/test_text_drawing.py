"""Shaped text written in one pass (typeset/reportlab_fixes/text_drawing.py): the operators
reportlab's own _formatText writes, for shaped words, made-up glyph records and text that
spans two font subsets."""

from __future__ import annotations

import io
import random

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import ShapeData, ShapedStr, TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.typeset import reportlab_fixes
from brochure.typeset.reportlab_fixes.text_drawing import _format_text, _original_format_text
from tests.reportlab_fix_cases import LATO

FONT = "TextDrawing-Lato"


@pytest.fixture(scope="module")
def canvas() -> Canvas:
    reportlab_fixes.apply()
    if FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(FONT, str(LATO)))
    return Canvas(io.BytesIO(), invariant=1)


def _both(canvas: Canvas, text: str, size: float = 9.5, subset: int = -1) -> tuple[str, str]:
    """The operators reportlab writes for `text`, and ours, each from the same text state."""
    written = []
    for format_text in (_original_format_text, _format_text):
        state = canvas.beginText(10, 10)
        state.setFont(FONT, size, size * 1.2)
        state._curSubset = subset  # type: ignore[attr-defined]  # reportlab's, as a page left it
        written.append(format_text(state, text))
    return written[0], written[1]


def _shaped(text: str, records: list[tuple[float, float, float, float]]) -> ShapedStr:
    """`text` with made-up glyph records: (x advance, x offset, y offset, width) a character."""
    return ShapedStr(text, shapeData=[ShapeData(index, advance, 0, x_offset, y_offset, width)
                                      for index, (advance, x_offset, y_offset, width) in enumerate(records)])


def test_shaped_words_are_written_as_reportlab_writes_them(canvas):
    from reportlab.lib.abag import ABag
    from reportlab.platypus.paragraph import _SplitFrag

    from brochure.typeset.caches import TypesetCaches, typesetting
    from brochure.typeset.reportlab_fixes.shaping import _shape_frag_word

    compared = 0
    with typesetting(TypesetCaches(), kerning=True, ligatures=True):
        for word in ("AVATAR", "Wafer,", "office", "affiné", "Tôkyô", "d’Aix-en-Provence", "Ljubljana", "yo-yo"):
            frag = ABag(fontName=FONT, fontSize=9.5, text=word)
            shaped = _shape_frag_word(_SplitFrag([pdfmetrics.stringWidth(word, FONT, 9.5), (frag, word)]), force=True)
            for _, text in shaped[1:]:
                if isinstance(text, ShapedStr):
                    theirs, ours = _both(canvas, text)
                    assert ours == theirs
                    compared += 1
    assert compared == 8


def test_offsets_and_adjustments_are_summed_and_dropped_alike(canvas):
    generator = random.Random(7)
    values = [0, 0.0, -0.0, 1, -1, 0.25, -0.25, 12.5, 1e-9, -1e-9, 0.1, 0.2, -0.3, 500, 3.333333]
    for _ in range(600):
        text = "".join(generator.choice("abcdefghij AVW.,()\\é") for _ in range(generator.randint(1, 9)))
        records = [(generator.choice(values), generator.choice(values), 0, generator.choice(values))
                   for _ in text]
        theirs, ours = _both(canvas, _shaped(text, records), size=generator.choice((9.5, 10, 7.25)),
                             subset=generator.choice((-1, 0, 1)))
        assert ours == theirs, (text, records)


def test_records_reportlab_stops_at_are_left_to_it(canvas):
    """A record of a cluster below 0 (reportlab's end marker), and records fewer than the glyphs
    (reportlab then writes none of the subset's glyphs), are written by reportlab's own code."""
    ended = ShapedStr("abc", shapeData=[ShapeData(0, 500, 0, 0, 0, 500), ShapeData(-1, 500, 0, 0, 0, 500),
                                        ShapeData(2, 500, 0, 0, 0, 500)])
    short = ShapedStr("abc", shapeData=[ShapeData(0, 500, 0, 0, 0, 500)])
    empty = ShapedStr("ab", shapeData=[])
    for text in (ended, short, empty):
        theirs, ours = _both(canvas, text)
        assert ours == theirs, text
    assert "TJ" not in _both(canvas, empty)[1] and "Tj" not in _both(canvas, empty)[1]


def test_raised_glyphs_and_plain_strings_are_left_to_reportlab(canvas):
    raised = _shaped("ab", [(500, 0, 120, 500), (500, 0, 0, 500)])
    theirs, ours = _both(canvas, raised)
    assert ours == theirs and " Ts" in ours  # reportlab raises the glyph with the text rise
    theirs, ours = _both(canvas, "plain")
    assert ours == theirs and ours.endswith(" Tf 11.4 TL (plain) Tj")


def test_text_across_two_subsets_switches_font_as_reportlab_does(canvas):
    face = pdfmetrics.getFont(FONT).face
    characters = "".join(chr(code) for code in sorted(face.charToGlyph) if code > 32)[:300]
    assert len(characters) == 300  # more than a subset's 256 codes
    records = [(face.charWidths.get(ord(char), 0), 0, 0, face.charWidths.get(ord(char), 0)) for char in characters]
    for subset in (-1, 0, 1):
        theirs, ours = _both(canvas, _shaped(characters, records), subset=subset)
        assert ours == theirs
    assert _both(canvas, _shaped(characters, records))[1].count(" Tf ") == 2  # the first subset, then the second
    # a mark raised in the second subset only: reportlab writes the whole text, from the first subset on
    raised = records[:280] + [(0, 0, 150, 0)] + records[281:]
    theirs, ours = _both(canvas, _shaped(characters, raised))
    assert ours == theirs and ours.count(" Tf ") == 2 and " Ts" in ours
