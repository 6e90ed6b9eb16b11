"""Typeset stage: reportlab 5.1's character codes and ToUnicode maps corrected, so that
text copied or searched in the PDF is the text that was set."""

from __future__ import annotations

import inspect
import textwrap
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts

from brochure.typeset.reportlab_fixes.patching import Fix, Patch, ReportlabChanged

_original_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def ligature_letters(font: Any) -> dict[int, str]:
    """The letters each ligature glyph of `font` stands for, kept on reportlab's
    own (process-wide) font object beside the glyph codes it assigns."""
    face = font.face
    if not hasattr(face, "brochure_ligature_letters"):
        face.brochure_ligature_letters = {}
    letters: dict[int, str] = face.brochure_ligature_letters
    return letters


def _to_unicode_cmap(fontname: str, subset: list[int]) -> str:
    """reportlab's ToUnicode CMap, with each ligature mapped to its letters."""
    cmap: str = _original_to_unicode_cmap(fontname, subset)
    face_name = fontname.split("+", 1)[-1]
    letters: dict[int, str] = {}
    registry: dict[str, Any] = getattr(pdfmetrics, "_fonts")  # noqa: B009  # private, not in the stubs
    for font in list(registry.values()):
        face = getattr(font, "face", None)
        name = getattr(face, "name", b"")
        if isinstance(name, bytes) and name.decode("latin-1") == face_name:
            letters.update(getattr(face, "brochure_ligature_letters", {}))
    for code, value in enumerate(subset):
        if value in letters:
            utf16 = letters[value].encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{code:02X}> <{value:04X}>", f"<{code:02X}> <{utf16}>", 1)
    return cmap


LIGATURES_READ_AS_LETTERS = Fix(
    "ligatures-read-as-letters",
    "reportlab's ToUnicode map gives a ligature glyph the first code point the font maps to it "
    "(a private-use or presentation form); copied text must read f+f+i.",
    lambda: [Patch(ttfonts, "makeToUnicodeCMap", _to_unicode_cmap, "(fontname, subset)")])


_NBSP_TO_SPACE = "if code==0xa0: code = 32    #map nbsp into space"


def _split_string_keeping_nbsp() -> object:
    """reportlab's TTFont.splitString recompiled from its own source without the one
    line that writes U+00A0 as a space, so that nothing else of it is copied here; a
    reportlab whose source differs stops the build instead of being patched blindly."""
    source = textwrap.dedent(inspect.getsource(ttfonts.TTFont.splitString))
    if _NBSP_TO_SPACE not in source:
        raise ReportlabChanged("reportlab's TTFont.splitString no longer maps U+00A0 to the space as "
                               "expected; review src/brochure/typeset/reportlab_fixes/tounicode.py")
    namespace: dict[str, object] = {}
    # compiling reportlab's own installed source, one line removed, in its own module namespace
    exec(compile(source.replace(_NBSP_TO_SPACE, "pass"), ttfonts.__file__, "exec"),  # noqa: S102
         ttfonts.__dict__, namespace)
    return namespace["splitString"]


NO_BREAK_SPACE_KEEPS_ITS_CODE = Fix(
    "no-break-space-keeps-its-code",
    "reportlab writes U+00A0 with the code of the space: text extraction then reads a space (a "
    "French colon loses its no-break space when copied) and word spacing (Tw), which PDF applies "
    "to code 32 only, stretches it too, so a justified line holding one overruns its column.",
    lambda: [Patch(ttfonts.TTFont, "splitString", _split_string_keeping_nbsp(),
                   "(self, text, doc, encoding='utf-8')")])
