"""Preflight fixtures: a clean PDF/X-4 page and copies of it with exactly one defect each.

Made at test time from code, so the defects are documented here; run
`python -m tests.preflight_fixtures DIR` to write them out for other tools.
"""

from __future__ import annotations

import io
import sys
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    RectangleObject,
    TextStringObject,
)
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.finish.pdfx import DocumentInfo, make_pdfx4
from brochure.model.design import OutputIntent

REPOSITORY = Path(__file__).resolve().parent.parent
MM = 72 / 25.4
TRIM = (210 * MM, 297 * MM)
BLEED, SLUG = 3 * MM, 10 * MM
OFFSET = BLEED + SLUG
PHOTO = REPOSITORY / "tests" / "fixtures" / "images" / "coffee-rgb.png"


def _canvas(buffer, bleed: float = BLEED) -> Canvas:
    pdfmetrics.registerFont(TTFont("Fixture-Lato", str(REPOSITORY / "fonts/lato/Lato-Regular.ttf")))
    media = (TRIM[0] + 2 * OFFSET, TRIM[1] + 2 * OFFSET)
    canvas = Canvas(buffer, pagesize=media, invariant=1, initialFontName="Fixture-Lato")
    trim = (OFFSET, OFFSET, OFFSET + TRIM[0], OFFSET + TRIM[1])
    canvas.setTrimBox(trim)
    canvas.setBleedBox((trim[0] - bleed, trim[1] - bleed, trim[2] + bleed, trim[3] + bleed))
    return canvas


def _page(canvas: Canvas, extra=None) -> None:
    """A plain page: a band into the bleed, text in 100 % K, a 300 ppi CMYK photograph."""
    canvas.setFillColor(CMYKColor(1, 0.6, 0, 0.2))
    canvas.rect(0, OFFSET + TRIM[1] - 30 * MM, TRIM[0] + 2 * OFFSET, 30 * MM + BLEED + SLUG, stroke=0, fill=1)
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.setFont("Fixture-Lato", 11)
    canvas.drawString(OFFSET + 20 * MM, OFFSET + 200 * MM, "Preflight fixture: a clean page.")
    photo = Image.open(PHOTO).convert("CMYK")
    canvas.drawImage(ImageReader(photo), OFFSET + 20 * MM, OFFSET + 100 * MM, 600 / 300 * 72, 400 / 300 * 72)
    if extra is not None:
        extra(canvas)
    canvas.showPage()


def _finished(pdf: bytes) -> bytes:
    info = DocumentInfo("Preflight fixture", "brochure tests", "en-GB", datetime(2026, 1, 1, tzinfo=UTC))
    profile = (REPOSITORY / "profiles" / "FOGRA39.icc").read_bytes()
    return make_pdfx4(pdf, info, OutputIntent("profiles/FOGRA39.icc"), profile)


def _render(extra=None, bleed: float = BLEED, pages: int = 4) -> bytes:
    buffer = io.BytesIO()
    canvas = _canvas(buffer, bleed)
    for number in range(pages):
        _page(canvas, extra if number == 0 else None)
    canvas.save()
    return _finished(buffer.getvalue())


def _edit(pdf: bytes, change) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    change(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def clean() -> bytes:
    return _render()


def base14_font() -> bytes:
    return _render(lambda c: (c.setFont("Helvetica", 11), c.drawString(OFFSET + 20 * MM, OFFSET + 180 * MM,
                                                                        "Helvetica is never embedded")))


def rgb_image_and_text() -> bytes:
    def draw(canvas):
        canvas.setFillColor(Color(0.9, 0.1, 0.1))
        canvas.drawString(OFFSET + 20 * MM, OFFSET + 180 * MM, "red in RGB")
        canvas.drawImage(ImageReader(Image.open(PHOTO).convert("RGB")), OFFSET + 110 * MM, OFFSET + 100 * MM,
                         600 / 300 * 72, 400 / 300 * 72)
    buffer = io.BytesIO()
    canvas = _canvas(buffer)
    canvas._enforceColorSpace = None
    _page(canvas, draw)
    for _ in range(3):
        _page(canvas)
    canvas.save()
    return _finished(buffer.getvalue())


def low_resolution_image() -> bytes:
    tiny = Image.open(PHOTO).convert("CMYK").resize((120, 80))
    return _render(lambda c: c.drawImage(ImageReader(tiny), OFFSET + 20 * MM, OFFSET + 20 * MM, 150 * MM, 100 * MM))


def ink_400() -> bytes:
    def draw(canvas):
        canvas.setFillColor(CMYKColor(1, 1, 1, 1))
        canvas.rect(OFFSET + 120 * MM, OFFSET + 20 * MM, 30 * MM, 30 * MM, stroke=0, fill=1)
    return _render(draw)


def missing_trimbox() -> bytes:
    def change(writer):
        for page in writer.pages:
            for key in ("/TrimBox", "/ArtBox"):
                if key in page:
                    del page[key]
    return _edit(clean(), change)


def bleed_2mm() -> bytes:
    return _render(bleed=2 * MM)


def javascript() -> bytes:
    def change(writer):
        action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                                   NameObject("/JS"): TextStringObject("app.alert('hello');")})
        writer.root_object[NameObject("/OpenAction")] = writer._add_object(action)
    return _edit(clean(), change)


def encrypted() -> bytes:
    def change(writer):
        writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    return _edit(clean(), change)


def printing_link() -> bytes:
    def change(writer):
        link = DictionaryObject({
            NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): RectangleObject((OFFSET + 20 * MM, OFFSET + 195 * MM,
                                                  OFFSET + 90 * MM, OFFSET + 205 * MM)),
            NameObject("/F"): NumberObject(4),
            NameObject("/Border"): ArrayObject([FloatObject(0), FloatObject(0), FloatObject(1)]),
            NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"),
                                                NameObject("/URI"): TextStringObject("https://example.org")}),
        })
        writer.pages[0][NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    return _edit(clean(), change)


def white_overprint() -> bytes:
    def draw(canvas):
        canvas.setFillColor(CMYKColor(0, 0, 0, 0))
        canvas.setFillOverprint(True)
        canvas.rect(OFFSET + 20 * MM, OFFSET + 250 * MM, 50 * MM, 10 * MM, stroke=0, fill=1)
    return _render(draw)


def tiny_text() -> bytes:
    def draw(canvas):
        canvas.setFillOverprint(True)  # black overprints, as it should: only the size is wrong
        canvas.setOverprintMask(1)
        canvas.setFont("Fixture-Lato", 4.5)
        canvas.drawString(OFFSET + 20 * MM, OFFSET + 60 * MM, "legal small print at 4.5 pt")
    return _render(draw)


def hairline() -> bytes:
    def draw(canvas):
        canvas.setStrokeColor(CMYKColor(0, 0, 0, 1))
        canvas.setLineWidth(0.1)
        canvas.line(OFFSET + 20 * MM, OFFSET + 50 * MM, OFFSET + 150 * MM, OFFSET + 50 * MM)
    return _render(draw)


def three_pages() -> bytes:
    return _render(pages=3)


def transparency() -> bytes:
    def draw(canvas):
        canvas.setFillColor(CMYKColor(0, 1, 0, 0, alpha=0.5))
        canvas.rect(OFFSET + 20 * MM, OFFSET + 20 * MM, 40 * MM, 40 * MM, stroke=0, fill=1)
    return _render(draw)


# fixture name -> (maker, the rule that must report it)
BROKEN = {
    "base14-font": (base14_font, "fonts-embedded"),
    "rgb-image-and-text": (rgb_image_and_text, "colour-rgb"),
    "low-resolution-image": (low_resolution_image, "image-resolution"),
    "ink-400": (ink_400, "ink-coverage"),
    "missing-trimbox": (missing_trimbox, "trim-box"),
    "bleed-2mm": (bleed_2mm, "bleed"),
    "javascript": (javascript, "javascript"),
    "encrypted": (encrypted, "encryption"),
    "printing-link": (printing_link, "annotations"),
    "white-overprint": (white_overprint, "white-overprint"),
}

# defects that are warnings under pdfx4: fixture name -> (maker, rule)
WARNED = {
    "tiny-text": (tiny_text, "text-size"),
    "hairline": (hairline, "line-width"),
}


if __name__ == "__main__":
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "preflight-fixtures")
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "clean.pdf").write_bytes(clean())
    for name, (maker, _) in BROKEN.items():
        (folder / f"{name}.pdf").write_bytes(maker())
    print(f"wrote {len(BROKEN) + 1} PDFs to {folder}")
