"""Shaping traps of reportlab 5.1 + uharfbuzz 0.57, each reproduced and kept fixed."""

from __future__ import annotations

import io
from pathlib import Path

import pypdf
import pytest
import reportlab
from reportlab.lib.fonts import addMapping
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

from brochure.typeset import reportlab_fixes
from brochure.typeset.caches import TypesetCaches, typesetting
from tests.conftest import REPOSITORY

VERA = Path(reportlab.__file__).parent / "fonts"


@pytest.fixture
def fonts() -> None:
    reportlab_fixes.apply()
    pdfmetrics.registerFont(TTFont("Test-Lato", str(REPOSITORY / "fonts/lato/Lato-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Test-VeraBold", str(VERA / "VeraBd.ttf")))
    addMapping("Test-Lato", 0, 0, "Test-Lato")
    addMapping("Test-Lato", 1, 0, "Test-VeraBold")


def render(markup: str, ligatures: bool = False) -> bytes:
    """The markup set as a build sets it: kerning on, ligatures as asked (the layout's `shaping:`)."""
    style = ParagraphStyle("test", fontName="Test-Lato", fontSize=20, leading=24, shaping=1)
    buffer = io.BytesIO()
    with typesetting(TypesetCaches(), kerning=True, ligatures=ligatures):
        SimpleDocTemplate(buffer, invariant=1).build([Paragraph(markup, style)])
    return buffer.getvalue()


def extracted(pdf: bytes) -> str:
    return " ".join(pypdf.PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())


def to_unicode_maps(pdf: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts = reader.pages[0]["/Resources"]["/Font"].values()
    return "".join(font.get_object()["/ToUnicode"].get_object().get_data().decode("latin-1")
                   for font in fonts if "/ToUnicode" in font.get_object())


def test_ligatures_are_drawn_and_read_back_as_their_letters(fonts):
    pdf = render("office affiche fine flow", ligatures=True)
    assert extracted(pdf) == "office affiche fine flow"
    # the ligature glyph maps to several letters in the ToUnicode CMap (f f i = 0066 0066 0069)
    assert "<006600660069>" in to_unicode_maps(pdf)


def test_without_ligatures_every_letter_has_its_own_glyph(fonts):
    pdf = render("office affiche")
    assert extracted(pdf) == "office affiche"
    assert "<006600660069>" not in to_unicode_maps(pdf)


def test_a_word_that_changes_font_midway_keeps_its_glyphs(fonts):
    """reportlab shaped d’1,3 whole with the first letter's font: 'd’ØKP' came out."""
    pdf = render("plus <b>d’</b>1,3 million")
    assert extracted(pdf) == "plus d’1,3 million"


def test_no_discretionary_ligatures(fonts):
    pdf = render("first stage", ligatures=True)
    assert extracted(pdf) == "first stage"
    assert "<00730074>" not in to_unicode_maps(pdf)  # Lato's dlig s+t
