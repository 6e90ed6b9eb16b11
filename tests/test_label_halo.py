"""Issue 31: a map label's halo is drawn as the outlines of its glyphs, not as text, so every
extractor (pypdf's plain text included, which reads no marked content) reads a label once, and
it looks as the stroked text it replaces."""

from __future__ import annotations

import io

import pypdf
import pypdfium2
from PIL import ImageChops
from reportlab.lib.colors import Color
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from brochure.cartography.labels import Box, PlacedLabel
from brochure.cartography.scene import Mark, Scene
from brochure.layout.outlines import drawn_as_outlines
from brochure.layout.world_map import LabelFont, MapPaint, draw_scene
from tests.conftest import REPOSITORY

BLUE = Color(0.1, 0.3, 0.6)
ORANGE = Color(1.0, 0.6, 0.1)


def _font(name: str, path: str) -> str:
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(REPOSITORY / path)))
    return name


def _stroked_page(canvas: Canvas, outlines: bool) -> None:
    """One line of Latin and one of Arabic (shaped, joined), stroked thick, as text or as outlines."""
    latin = _font("HaloTestLato", "fonts/lato/Lato-Bold.ttf")
    arabic = _font("HaloTestArabic", "fonts/noto-arabic/NotoSansArabic-Bold.ttf")
    canvas.setStrokeColor(ORANGE)
    canvas.setLineWidth(1.2)
    canvas.setLineJoin(1)
    canvas.saveState()
    if outlines:
        with drawn_as_outlines(canvas):
            canvas.addLiteral("1 Tr")
            _draw_words(canvas, latin, arabic)
    else:
        canvas.addLiteral("1 Tr")
        _draw_words(canvas, latin, arabic)
        canvas.addLiteral("0 Tr")
    canvas.restoreState()
    canvas.showPage()


def _draw_words(canvas: Canvas, latin: str, arabic: str) -> None:
    text = canvas.beginText(20, 150)
    text.setFont(latin, 30)
    text.setCharSpace(1.5)
    text.textOut("COÏMBRA Tübingen")
    canvas.drawText(text)
    paragraph = Paragraph("وجدة العربية", ParagraphStyle("arabic", fontName=arabic, fontSize=30, leading=36,
                                                        wordWrap="RTL"))
    paragraph.wrap(300, 100)
    paragraph.drawOn(canvas, 20, 40)


def test_text_drawn_as_outlines_looks_as_the_stroked_text_and_reads_as_nothing():
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(400, 200))
    _stroked_page(canvas, outlines=False)
    _stroked_page(canvas, outlines=True)
    canvas.save()
    reader = pypdf.PdfReader(io.BytesIO(buffer.getvalue()))
    assert "COÏMBRA" in reader.pages[0].extract_text()
    assert reader.pages[1].extract_text().strip() == ""
    assert b"Tj" not in reader.pages[1].get_contents().get_data()
    document = pypdfium2.PdfDocument(buffer.getvalue())
    assert document[1].get_textpage().get_text_range().strip() == ""
    as_text, as_outlines = (document[index].render(scale=3).to_pil().convert("L") for index in (0, 1))
    inked = sum(as_text.point(lambda value: value < 250 and 255).convert("1").histogram()[1:])
    assert inked > 5000  # the stroked words are there
    difference = ImageChops.difference(as_text, as_outlines).histogram()
    assert sum(difference[64:]) < 0.01 * inked, "the outlines are where the stroked glyphs were"


def test_a_haloed_label_reads_once_with_every_extractor():
    font = _font("HaloTestLato", "fonts/lato/Lato-Bold.ttf")
    scene = Scene(width=300, height=120, countries=(), arcs=(((0.0, 60.0), (300.0, 60.0)),),
                  marks=(Mark((40.0, 60.0), 2.0, False), Mark((200.0, 60.0), 3.0, True)),
                  labels=(PlacedLabel(Box(45.0, 55.0, 80.0, 10.0), None, "right"),
                          PlacedLabel(Box(120.0, 62.0, 90.0, 10.0), None, "right")))
    label = LabelFont(font, 9, BLUE)
    paint = MapPaint(land=None, partner_land=None, borders=None, border_width=0.3, sea=None, arc=ORANGE,
                     arc_width=1.0, mark=BLUE, home_mark=ORANGE, leader=None, label=label, home_label=label,
                     halo=Color(1, 1, 1))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, 120))
    draw_scene(canvas, scene, paint, ["KUMAMOTO", "AIX-EN-PROVENCE"], 0, 0)
    canvas.showPage()
    canvas.save()
    plain = pypdf.PdfReader(io.BytesIO(buffer.getvalue())).pages[0].extract_text()
    pdfium = pypdfium2.PdfDocument(buffer.getvalue())[0].get_textpage().get_text_range()
    for extracted in (plain, pdfium):
        assert extracted.count("KUMAMOTO") == 1 and extracted.count("AIX-EN-PROVENCE") == 1, extracted


def _outlined_page(canvas: Canvas, before: str = "") -> str:
    """The operators a halo of the two words leaves on a new page, after `before` drawn as text
    (which takes glyph codes of the font's subset first)."""
    latin = _font("HaloTestLato", "fonts/lato/Lato-Bold.ttf")
    arabic = _font("HaloTestArabic", "fonts/noto-arabic/NotoSansArabic-Bold.ttf")
    if before:
        canvas.setFont(latin, 10)
        canvas.drawString(10, 10, before)
    start = len(canvas._code)
    with drawn_as_outlines(canvas):
        _draw_words(canvas, latin, arabic)
    drawn = "\n".join(canvas._code[start:])
    canvas.showPage()
    return drawn


def test_a_halo_drawn_again_is_outlined_from_memory_and_the_same():
    from brochure.layout.outlines import _outlined

    canvases = [Canvas(io.BytesIO(), pagesize=(400, 200)) for _ in range(3)]
    first = _outlined_page(canvases[0])
    hits = _outlined.cache_info().hits
    assert _outlined_page(canvases[1]) == first  # another document, the same glyph codes: the same paths
    assert _outlined.cache_info().hits == hits + 1
    # other glyph codes for the same letters (the subset filled in another order): outlined anew, alike
    misses = _outlined.cache_info().misses
    assert _outlined_page(canvases[2], before="ÿþæœ") == first
    assert _outlined.cache_info().misses == misses + 1
