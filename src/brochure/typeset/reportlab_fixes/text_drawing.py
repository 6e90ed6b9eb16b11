"""Typeset stage: shaped text written to the page in one pass, as reportlab 5.1 writes it.

reportlab's `PDFTextObject._formatText` writes a shaped string glyph by glyph: three values a
glyph (HarfBuzz's offset, the glyph's byte, the advance's difference from the font's width),
then a pass that filters the zeros, groups bytes and numbers with `itertools.groupby` and a
lambda, and sums each group of numbers. A layout spends a fifth of its drawing there (profile of
a 420-page edition: 3.1 s of 15.5). Text that HarfBuzz set on the baseline (no glyph raised or
lowered: Latin, Cyrillic, Greek, kana, kanji) is written here in one pass over the glyphs with the
same operators, numbers summed in the same order, and so the same bytes; text with raised or
lowered glyphs (Arabic and Hebrew marks), and any text that is not a shaped string, is left to
reportlab's own code.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfgen import textobject

from brochure.typeset.reportlab_fixes.patching import Fix, Patch
from brochure.typeset.reportlab_fixes.shaping import _shape_data

_TEXT_OBJECT: Any = textobject.PDFTextObject  # its private method is not in the stubs
_original_format_text = _TEXT_OBJECT._formatText


def _format_text(self: Any, text: Any) -> str:
    """reportlab's _formatText, its common case (a shaped string on the baseline) in one pass."""
    font: Any = pdfmetrics.getFont(self._fontname)
    if not (font._dynamicFont and font.shapable and isinstance(text, ttfonts.ShapedStr)):
        return _reportlabs(self, text)
    data = _shape_data(text)
    canvas = self._canvas
    document, escape = canvas._doc, canvas._escape
    subset_before = self._curSubset
    written: list[str] = []
    setting = None  # "<size> Tf <leading> TL", made once, when the subset first changes
    start = 0
    for subset, codes in font.splitString(text, document):  # the same chunks each time it is asked
        end = start + len(codes)
        operands = _operands(codes, data[start:end], escape)
        start = end
        if operands is None:
            self._curSubset = subset_before  # as it was: reportlab's own code writes it all
            return _reportlabs(self, text)
        if subset != self._curSubset:
            if setting is None:
                setting = f"{fp_str(self._fontsize)} Tf {fp_str(self._leading)} TL"
            written.append(f"{font.getSubsetInternalName(subset, document)} {setting}")
            self._curSubset = subset
        if len(operands) == 1 and operands[0].startswith("("):
            written.append(f"{operands[0]} Tj")
        else:
            written.append(f"[{' '.join(operands)}] TJ")
    return " ".join(written)


def _reportlabs(self: Any, text: Any) -> str:
    written: str = _original_format_text(self, text)
    return written


def _operands(codes: bytes, data: list[Any], escape: Any) -> list[str] | None:
    """The operands of one subset's TJ, as reportlab makes them: for each glyph, minus its
    horizontal offset, its byte, then its width less its advance plus its offset; zeros left out,
    runs of bytes written as one string, runs of numbers summed (left to right, as `sum` does) and
    left out when they round to 0. None when a glyph is raised or lowered (reportlab then starts
    a new group and moves the text rise), is reportlab's end marker (a cluster below 0), or has
    no record (reportlab then writes none of the subset's glyphs): reportlab's to write."""
    if len(data) < len(codes):
        return None
    operands: list[str] = []
    run = bytearray()
    number: Any = None  # the numbers since the last byte, summed; None when there are none
    for code, shape in zip(codes, data):
        if shape.y_offset or shape.cluster < 0:
            return None
        offset = shape.x_offset
        if offset:
            if run:
                operands.append(f"({escape(bytes(run))})")
                run.clear()
            number = -offset if number is None else number + -offset
        if number is not None:
            written = fp_str(number)
            if written != "0":
                operands.append(written)
            number = None
        run.append(code)
        adjustment = shape.width - shape.x_advance + offset
        if adjustment:
            operands.append(f"({escape(bytes(run))})")
            run.clear()
            number = adjustment
    if run:
        operands.append(f"({escape(bytes(run))})")
    if number is not None and (written := fp_str(number)) != "0":
        operands.append(written)
    return operands


SHAPED_TEXT_IN_ONE_PASS = Fix(
    "shaped-text-in-one-pass",
    "reportlab writes shaped text three values a glyph, then filters and groups them: the same "
    "operators are written in one pass.",
    lambda: [Patch(textobject.PDFTextObject, "_formatText", _format_text, "(self, text)")])
