"""Reproductions of the reportlab 5.1 defects that `brochure.typeset.reportlab_fixes` corrects.

Each function asserts the corrected behaviour, so it passes with every fix applied and
fails when the fix it is named after is left out (tests/test_reportlab_fixes.py runs each
both ways). Kept free of pytest so that a plain subprocess can run one.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from pathlib import Path

import pypdf
import reportlab
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

REPOSITORY = Path(__file__).resolve().parent.parent
LATO = REPOSITORY / "fonts/lato/Lato-Regular.ttf"
# a bold of another design, so that glyph numbers of one font drawn in the other show
VERA_BOLD = Path(reportlab.__file__).parent / "fonts" / "VeraBd.ttf"


def _lato() -> str:
    if "Case-Lato" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("Case-Lato", str(LATO)))
        pdfmetrics.registerFont(TTFont("Case-LatoBold", str(VERA_BOLD)))
        addMapping("Case-Lato", 0, 0, "Case-Lato")
        addMapping("Case-Lato", 1, 0, "Case-LatoBold")
    return "Case-Lato"


def _lines(paragraph: Paragraph, width: float) -> list[str]:
    paragraph.wrap(width, 10_000)
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(str(word) for word in words) for _, words in lines]
    return ["".join(str(frag.text) for frag in line.words) for line in lines]


def _pdf(*paragraphs: Paragraph) -> bytes:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, invariant=1).build(list(paragraphs))
    return buffer.getvalue()


def _extracted(pdf: bytes) -> str:
    return pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text()


def no_break_spaces_are_not_breaks() -> None:
    """A narrow no-break space before `;` never lets `;` start a line, with or without
    a U+00A0 elsewhere in the text (reportlab splits those two cases differently)."""
    style = ParagraphStyle("case", fontName="Helvetica", fontSize=10, leading=12)
    fits = stringWidth("aaaa bbbb", "Helvetica", 10) + 1
    for text in ("aaaa bbbb\u202f; cccc", "aaaa bbbb\u202f; cccc\u00a0dd"):
        lines = _lines(Paragraph(text, style), fits)
        assert not any(line.startswith(";") for line in lines), lines


def elided_words_hyphenate() -> None:
    """A French word behind an elision is hyphenated like any other."""
    style = ParagraphStyle("case", fontName="Helvetica", fontSize=10, leading=12, hyphenationLang="fr_FR",
                           embeddedHyphenation=0, uriWasteReduce=0)
    width = stringWidth("de l’attractivi-", "Helvetica", 10) + 1
    lines = _lines(Paragraph("de l’attractivité de la ville", style), width)
    assert lines[0].endswith("-"), lines


def shaped_words_from_plain_text() -> None:
    """A shaped paragraph wrapped twice (split across frames) does not fail, and a word
    whose font changes midway keeps each part's glyphs."""
    font = _lato()
    style = ParagraphStyle("case", fontName=font, fontSize=10, leading=12, shaping=1, alignment=TA_JUSTIFY,
                           hyphenationLang="fr_FR", embeddedHyphenation=0, uriWasteReduce=0)
    text = "Le territoire d’Aix se caractérise par des centres de recherche internationalisation. " * 6
    paragraph = Paragraph(text, style)
    paragraph.wrap(200, 1000)
    first, rest = paragraph.split(200, 40)
    rest.wrap(150, 1000)
    first.wrap(100, 1000)  # shaped words wrapped again: TypeError … ShapedStr without the fix
    pdf = _pdf(Paragraph("plus <b>d’</b>1,3 million", style))
    assert " ".join(_extracted(pdf).split()) == "plus d’1,3 million"


def ligatures_read_as_letters() -> None:
    """With standard ligatures on, copied text reads the ligature's letters."""
    from brochure.typeset.caches import TypesetCaches, typesetting

    font = _lato()
    with typesetting(TypesetCaches(), kerning=True, ligatures=True):
        style = ParagraphStyle("case", fontName=font, fontSize=12, leading=14, shaping=1)
        pdf = _pdf(Paragraph("office affiche fine", style))
    assert " ".join(_extracted(pdf).split()) == "office affiche fine"


def no_break_space_keeps_its_code() -> None:
    """U+00A0 is written with a code of its own: it copies as U+00A0, and word spacing
    stretches only real spaces, so a justified line ends at the column edge."""
    font = _lato()
    style = ParagraphStyle("case", fontName=font, fontSize=10, leading=12, shaping=1, alignment=TA_JUSTIFY)
    pdf = _pdf(Paragraph("habitants\u00a0: " + "mot " * 40, style))
    assert "\u00a0:" in _extracted(pdf)


def plain_compressed_streams() -> None:
    """Page streams are Flate-compressed, not also ASCII85-armoured."""
    pdf = _pdf(Paragraph("text", ParagraphStyle("case", fontName="Helvetica")))
    contents = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]["/Contents"].get_object()
    assert contents.get("/Filter") in ("/FlateDecode", ["/FlateDecode"]), contents.get("/Filter")


def shaped_text_in_one_pass() -> None:
    """Shaped Latin text (kerned, with ligatures) is written without reportlab's grouping pass
    (itertools.groupby over three values a glyph), and reads back as its text."""
    from reportlab.pdfgen import textobject

    from brochure.typeset.caches import TypesetCaches, typesetting

    def grouping(*_arguments: object, **_options: object) -> None:
        raise AssertionError("shaped text grouped glyph by glyph (reportlab's slow pass)")

    font = _lato()
    original, textobject.groupby = textobject.groupby, grouping  # type: ignore[attr-defined]
    try:
        with typesetting(TypesetCaches(), kerning=True, ligatures=True):
            style = ParagraphStyle("case", fontName=font, fontSize=12, leading=14, shaping=1)
            pdf = _pdf(Paragraph("Office affiné: AVATAR, Wafer, fjord", style))
    finally:
        textobject.groupby = original  # type: ignore[attr-defined]
    assert " ".join(_extracted(pdf).split()) == "Office affiné: AVATAR, Wafer, fjord", _extracted(pdf)


def cjk_justified_between_characters() -> None:
    """A justified Japanese line ends at the column's edge: its characters are spaced (Tc)."""
    from brochure.typeset.paragraph import TypesetParagraph

    pdfmetrics.registerFont(TTFont("MplusCase", str(REPOSITORY / "fonts/mplus/Mplus1-Regular.ttf")))
    style = ParagraphStyle("case", fontName="MplusCase", fontSize=9, leading=13, wordWrap="CJK",
                           alignment=TA_JUSTIFY)
    pdf = _pdf(TypesetParagraph("熊本市とは、文化、教育、経済の分野で交流を続けています。" * 4, style))
    contents = pypdf.PdfReader(io.BytesIO(pdf)).pages[0].get_contents().get_data()
    spacings = [float(value) for value in re.findall(rb"([-\d.]+) Tc", contents)]
    assert any(spacing > 0.01 for spacing in spacings), spacings


def authors_hyphens_kept() -> None:
    """A paragraph broken after a hyphen the author wrote (au-|dessus), then broken again (its
    frag words rejoined): the word keeps its hyphen; one reportlab added (desti-|nation) goes."""
    from reportlab.platypus import paragraph
    from reportlab.platypus.paraparser import ParaFrag

    frag = ParaFrag()
    frag.fontName, frag.fontSize, frag.text = _lato(), 10, ""

    def rejoined(head: list, tail: list) -> list[str]:
        words = [[20.0, (frag, "collines")], head, tail, [20.0, (frag, "large")]]
        return ["".join(str(text) for _, text in word[1:]) for word in paragraph._getFragWords(words)]

    assert rejoined(paragraph._SplitFragH([12.0, (frag, "au-")]), paragraph._SplitFrag([30.0, (frag, "dessus")])) \
        == ["collines", "au-dessus", "large"]
    assert rejoined(paragraph._SplitFragHY([12.0, (frag, "desti-")]), paragraph._SplitFrag([30.0, (frag, "nation")])) \
        == ["collines", "destination", "large"]


CASES: dict[str, Callable[[], None]] = {
    "no-break-spaces-are-not-breaks": no_break_spaces_are_not_breaks,
    "elided-words-hyphenate": elided_words_hyphenate,
    "shaped-words-from-plain-text": shaped_words_from_plain_text,
    "ligatures-read-as-letters": ligatures_read_as_letters,
    "no-break-space-keeps-its-code": no_break_space_keeps_its_code,
    "plain-compressed-streams": plain_compressed_streams,
    "cjk-justified-between-characters": cjk_justified_between_characters,
    "authors-hyphens-kept": authors_hyphens_kept,
    "shaped-text-in-one-pass": shaped_text_in_one_pass,
}


def run_without(fix_name: str) -> None:
    """Apply every fix but `fix_name`, then run its case (for a subprocess)."""
    from brochure.typeset import reportlab_fixes
    from brochure.typeset.reportlab_fixes.patching import apply_fix

    for fix in reportlab_fixes.FIXES:
        if fix.name != fix_name:
            apply_fix(fix)
    CASES[fix_name]()


def run_each_without(names: list[str]) -> dict[str, tuple[int, str]]:
    """name -> (exit code, standard error) of `run_without(name)`, each in a child forked from this
    process as it is before any fix is applied: what a fresh process running one case would do,
    without importing reportlab and the typesetter again for each case."""
    import os
    import sys
    import traceback

    from brochure.typeset import reportlab_fixes  # noqa: F401 - what run_without imports first, no fix applied

    results = {}
    for name in names:
        read, write = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - the child reports through the pipe and its exit code
            os.close(read)
            os.dup2(write, 2)
            code = 0
            try:
                run_without(name)
            except BaseException:  # noqa: BLE001 - reported as a fresh process would report it
                traceback.print_exc()
                code = 1
            sys.stderr.flush()
            os._exit(code)
        os.close(write)
        with os.fdopen(read, encoding="utf-8", errors="replace") as stream:
            error = stream.read()
        _, status = os.waitpid(child, 0)
        results[name] = (os.waitstatus_to_exitcode(status), error)
    return results


if __name__ == "__main__":
    import json
    import sys

    if sys.argv[1] == "--each":  # several cases, one forked child each: their results as JSON
        print(json.dumps(run_each_without(sys.argv[2:])))
    else:
        run_without(sys.argv[1])
