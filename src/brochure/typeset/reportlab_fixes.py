"""Typeset stage: the few corrections reportlab 5.1 needs, applied once, each explained.

reportlab keeps these behaviours in module globals, so a correction is a change
of those globals. They are applied by `apply()` (idempotent) before any text
is measured, and nowhere else.
"""

from __future__ import annotations

import inspect
import re
import textwrap

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

# OpenType features for running text: kerning. reportlab's default also turns
# on standard and discretionary ligatures; its ligature glyphs reach the PDF
# as private-use code points, so extracted text (copy, search, screen readers)
# would lose the letters "fi", "fl", "st".
SHAPING_FEATURES = {"kern": True, "liga": False, "dlig": False}

_NO_BREAK_SPACES = "\u00a0\u202f\u2007\u2060"
_applied = False


def _keep_no_break_spaces() -> None:
    """reportlab lists U+202F NARROW NO-BREAK SPACE (and U+2007 FIGURE SPACE) as
    break points, so a French `;` `!` `?` `»` or the group of a number could
    start a line on its own. Remove them from the break characters."""
    kept = "".join(char for char in paragraph._wsc if char not in _NO_BREAK_SPACES)
    paragraph._wsc = kept
    paragraph._wsc_re_split = re.compile("[%s]+" % re.escape(kept)).split
    paragraph._wsc_end_search = re.compile("[%s]+$" % re.escape(kept)).search


def _shape_frag_word(word, features=None, force=False):
    """Shape a frag word with our feature set, from plain text.

    reportlab keeps the shaped text of a word as `ShapedStr` in its frags. When
    a paragraph is wrapped again (split across frames, measured then placed),
    those frags are shaped a second time and uharfbuzz rejects the str subclass
    with `TypeError: expected str, got ShapedStr`. Shaping from the plain text
    of each frag avoids it and gives the same glyphs.
    """
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    plain = [word[0]]
    for frag_and_text in word[1:]:
        frag, text = frag_and_text[0], frag_and_text[1]
        if isinstance(text, ttfonts.ShapedStr):
            frag_and_text = (frag, str.__str__(text)) + tuple(frag_and_text[2:])
        plain.append(frag_and_text)
    plain = type(word)(plain)
    shaped = _original_shape_frag_word(plain, features=features or SHAPING_FEATURES, force=force)
    if shaped is plain:
        return shaped
    text = "".join(str.__str__(item[1]) for item in plain[1:] if not hasattr(item[0], "cbDefn"))
    return _restore_characters(shaped, text)


def _restore_characters(shaped, text: str):
    """Give back the characters the text had where the font draws them with one glyph.

    reportlab names each shaped glyph by the first character the font maps to
    it, so a no-break space U+00A0 (same glyph as the space in most fonts)
    reaches the PDF as U+0020, and copied text loses the French spacing.
    """
    for index, item in enumerate(shaped[1:], start=1):
        string = item[1]
        if not isinstance(string, ttfonts.ShapedStr):
            continue
        data = string.__shapeData__
        font = pdfmetrics.getFont(item[0].fontName)
        glyphs = font.face.charToGlyph
        chars = list(string)
        for position, (char, shape) in enumerate(zip(chars, data)):
            if 0 <= shape.cluster < len(text):
                original = text[shape.cluster]
                if original != char and glyphs.get(ord(original)) == glyphs.get(ord(char)) is not None:
                    chars[position] = original
        restored = "".join(chars)
        if restored != string:
            shaped[index] = (item[0], ttfonts.ShapedStr(restored, shapeData=data)) + tuple(item[2:])
    return shaped


_original_shape_frag_word = ttfonts.shapeFragWord


_NBSP_TO_SPACE = "if code==0xa0: code = 32    #map nbsp into space"


def _keep_no_break_space_code() -> None:
    """reportlab writes U+00A0 with the code of the space. The PDF then says
    "space" to text extraction (French `:` loses its no-break space when copied)
    and word spacing (Tw), which PDF applies to code 32 only, stretches the
    no-break space too, so a justified line holding one overruns its column by
    the stretch. Give U+00A0 its own code, like any other character.

    The method is recompiled from reportlab's own source without that one line,
    so that nothing else of it is copied here; a reportlab whose source differs
    stops the build instead of being patched blindly.
    """
    source = textwrap.dedent(inspect.getsource(ttfonts.TTFont.splitString))
    if _NBSP_TO_SPACE not in source:
        raise RuntimeError("reportlab's TTFont.splitString changed; review typeset/reportlab_fixes.py")
    namespace: dict = {}
    exec(compile(source.replace(_NBSP_TO_SPACE, "pass"), ttfonts.__file__, "exec"),
         ttfonts.__dict__, namespace)
    ttfonts.TTFont.splitString = namespace["splitString"]


def apply() -> None:
    global _applied
    if _applied:
        return
    _keep_no_break_spaces()
    _keep_no_break_space_code()
    # paragraph.py imported the function by name (frag paragraphs); ttfonts'
    # shapeStr looks it up in its own module (single-font paragraphs).
    paragraph.shapeFragWord = _shape_frag_word
    ttfonts.shapeFragWord = _shape_frag_word
    _applied = True
