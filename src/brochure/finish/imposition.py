"""Finish stage: saddle-stitch imposition, the printer's spreads made from the print pages
(for 16 pages: 16|1 and 2|15 on the first sheet, 14|3 and 4|13 on the next, ...), kept
PDF/X-4 like the print file: its output intent carried over, its own XMP, Trapped, an ID.
Each sheet side says in its slug which job, edition, sheet and side it is, and the date."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import replace

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.generic import (
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    RectangleObject,
)
from reportlab.lib.colors import CMYKColor
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.finish.pdfx import PDF_HEADER, DocumentInfo, describe_document
from brochure.model.design import Design
from brochure.render.marks import BAR_PATCHES, REGISTRATION

MM = 72 / 25.4
SLUG_FONT = "BrochureSlugVera"
LABEL_SIZE = 7.0      # points: read at arm's length on the press
MIN_LABEL_SIZE = 4.0  # smaller is not worth printing
LABEL_INSET = 8 * MM  # clear of the crop and fold marks


def saddle_stitch_order(pages: int, right_to_left: bool = False) -> list[tuple[int, int]]:
    """(left, right) page numbers of each sheet side, outer sheet first, front then back.
    A booklet read right to left is bound on the right: every side is mirrored (the front
    cover on the left of the outer sheet, 1|16, then 15|2, …)."""
    if pages % 4:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {pages}")
    sides = []
    for sheet in range(pages // 4):
        sides.append((pages - 2 * sheet, 1 + 2 * sheet))
        sides.append((2 + 2 * sheet, pages - 1 - 2 * sheet))
    return [(right, left) for left, right in sides] if right_to_left else sides


def creep_shift(sheet: int, sheets: int, creep: float) -> float:
    """How far a sheet's pages move toward the spine: 0 outside, `creep` at the centre."""
    return creep * sheet / (sheets - 1) if sheets > 1 else 0.0


def sheet_label(job: str, edition: str | None, sheet: int, sheets: int, front: bool, day: str) -> str:
    """What a sheet side says in its slug, for the press room and the bindery."""
    parts = [f"job {job}"] + ([f"edition {edition}"] if edition else [])
    parts += [f"sheet {sheet} of {sheets}", "front" if front else "back", day]
    return " · ".join(parts)


def slug_font() -> str:
    """Bitstream Vera, shipped with reportlab (its licence beside it): an embedded font for the
    sheet labels that needs nothing from the brochure, so any booklet's sheets carry them."""
    if SLUG_FONT not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(SLUG_FONT, "Vera.ttf"))
    return SLUG_FONT


def sheet_marks(design: Design, width: float, height: float, labels: list[str]) -> bytes:
    """One page per sheet side: crop marks at the spread's outer corners and fold marks at the
    spine, the side's label and, when the layout asks for one, a colour bar, all in the slug."""
    page, marks = design.page, design.printing.marks
    offset = page.bleed + page.slug
    left, right = offset, width - offset
    bottom, top = offset, height - offset
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(width, height), invariant=1, enforceColorSpace="cmyk")
    for label in labels:
        canvas.setStrokeColor(REGISTRATION)
        canvas.setLineWidth(marks.weight)
        for x, y, sx, sy in ((left, bottom, -1, -1), (right, bottom, 1, -1), (left, top, -1, 1),
                             (right, top, 1, 1)):
            canvas.line(x + sx * marks.offset, y, x + sx * (marks.offset + marks.length), y)
            canvas.line(x, y + sy * marks.offset, x, y + sy * (marks.offset + marks.length))
        spine = width / 2
        canvas.setDash(2, 2)
        canvas.line(spine, bottom - marks.offset, spine, bottom - marks.offset - marks.length)
        canvas.line(spine, top + marks.offset, spine, top + marks.offset + marks.length)
        canvas.setDash()
        _slug_label(canvas, label, page.slug, left, spine)
        if marks.colour_bar:
            _colour_bar(canvas, page.slug, left + marks.length, height - page.slug)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _slug_label(canvas: Canvas, label: str, slug: float, left: float, spine: float) -> None:
    """The label in the bottom slug, between the first crop mark and the spine's fold mark,
    shrunk to fit there; none when the slug is too narrow for legible text."""
    font = slug_font()
    size = min(LABEL_SIZE, slug * 0.5)
    start = left + LABEL_INSET
    room = spine - LABEL_INSET - start
    natural = pdfmetrics.stringWidth(label, font, size)
    if natural > room:
        size *= room / natural
    if size < MIN_LABEL_SIZE:
        return
    canvas.setFillColor(CMYKColor(0, 0, 0, 1))
    canvas.setFont(font, size)
    canvas.drawString(start, (slug - size * 0.7) / 2, label)  # centred in the slug, cap height about 0.7


def _colour_bar(canvas: Canvas, slug: float, x: float, slug_bottom: float) -> None:
    """Process patches (solids and halves) in the top slug, for the press's densitometer."""
    size = min(5 * MM, slug * 0.6)
    y = slug_bottom + (slug - size) / 2
    for index, (cyan, magenta, yellow, black) in enumerate(BAR_PATCHES):
        canvas.setFillColor(CMYKColor(cyan, magenta, yellow, black))
        canvas.rect(x + index * size, y, size, size, stroke=0, fill=1)


def impose_saddle_stitch(pdf: bytes, design: Design, info: DocumentInfo, right_to_left: bool = False) -> bytes:
    """Each sheet side as one page: two trimmed pages meeting at the spine, bleed kept
    on the outer edges, crop and fold marks in the slug; mirrored for a booklet read
    right to left (an edition whose first language is Arabic or Hebrew). Its metadata is its
    own (title, XMP document ID), said as the print file's is."""
    geometry = design.page
    reader = PdfReader(io.BytesIO(pdf))
    count = len(reader.pages)
    sides = saddle_stitch_order(count, right_to_left)
    sheets = count // 4
    offset = geometry.bleed + geometry.slug
    width = 2 * geometry.trim_width + 2 * offset
    height = geometry.trim_height + 2 * offset
    edition = design.edition.name if design.edition is not None else None
    day = info.moment.strftime("%Y-%m-%d")
    labels = [sheet_label(design.name, edition, index // 2 + 1, sheets, index % 2 == 0, day)
              for index in range(len(sides))]
    marks = [without_text_setup(page) for page in PdfReader(io.BytesIO(sheet_marks(design, width, height,
                                                                                   labels))).pages]
    writer = PdfWriter()
    writer.pdf_header = PDF_HEADER
    trim = geometry.trim_box
    for index, (left_number, right_number) in enumerate(sides):
        shift = creep_shift(index // 2, sheets, design.printing.creep)
        sheet = writer.add_blank_page(width, height)
        for number, on_left in ((left_number, True), (right_number, False)):
            source = reader.pages[number - 1]
            # keep the bleed on the outer edges only: the spine side is cut at the trim
            x0 = trim.x - geometry.bleed if on_left else trim.x
            x1 = trim.right if on_left else trim.right + geometry.bleed
            source.mediabox = RectangleObject((x0, trim.y - geometry.bleed, x1, trim.top + geometry.bleed))
            dx = (width / 2 - trim.right + shift) if on_left else (width / 2 - trim.x - shift)
            sheet.merge_transformed_page(source, Transformation().translate(dx, offset - trim.y))
        sheet.merge_page(marks[index])
        sheet.trimbox = RectangleObject((offset, offset, width - offset, height - offset))
        sheet.bleedbox = RectangleObject((offset - geometry.bleed, offset - geometry.bleed,
                                          width - offset + geometry.bleed, height - offset + geometry.bleed))
    carry_output_intent(reader, writer)
    what = "saddle-stitch printer spreads"
    spreads = replace(info, title=f"{info.title}: {what}",
                      titles=tuple((language, f"{title}: {what}") for language, title in info.titles))
    describe_document(writer, spreads, hashlib.sha256(b"imposed:" + pdf).digest())
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def carry_output_intent(reader: PdfReader, writer: PdfWriter) -> None:
    """The print file's output intent (with its ICC profile) on the spreads."""
    root = reader.root_object
    if "/OutputIntents" in root:
        writer.root_object[NameObject("/OutputIntents")] = root.raw_get("/OutputIntents").clone(writer)


def without_text_setup(page: PageObject) -> PageObject:
    """reportlab opens every page by selecting Helvetica (BT /F1 12 Tf … ET) and lists it
    in the resources; no mark is set in it, so neither stays (no unembedded font). The label's
    embedded font stays."""
    contents = page.get_contents()
    if contents is not None:
        data = re.sub(rb"BT /F1 [\d.]+ Tf [\d.]+ TL ET", b"", contents.get_data())
        stream = DecodedStreamObject()
        stream.set_data(data)
        page[NameObject("/Contents")] = stream
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else None
    listed = resources["/Font"].get_object() if isinstance(resources, DictionaryObject) and "/Font" in resources \
        else None
    if isinstance(resources, DictionaryObject) and isinstance(listed, DictionaryObject):
        fonts = DictionaryObject({name: font for name, font in listed.items()
                                  if font.get_object().get("/BaseFont") != "/Helvetica"})
        if fonts:
            resources[NameObject("/Font")] = fonts
        else:
            del resources["/Font"]
    return page
