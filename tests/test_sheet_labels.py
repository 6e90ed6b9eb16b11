"""Imposed sheets say what they are: job, edition, sheet, side and date in the slug, outside
the bleed and inside the sheet (not clipped), read back with pypdf and pypdfium2; a colour bar
when the layout asks for one."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, datetime

import pypdf
import pypdfium2
from reportlab.pdfgen.canvas import Canvas

from brochure.finish.imposition import impose_saddle_stitch
from brochure.finish.pdfx import DocumentInfo
from brochure.load.design import load_design
from brochure.model.design import Edition
from tests.conftest import REPOSITORY
from tests.pdf_reading import text_lines


def booklet(design, pages: int = 8) -> bytes:
    page = design.page
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page.media_width, page.media_height), invariant=1)
    for number in range(1, pages + 1):
        canvas.drawString(page.trim_box.x + page.trim_width / 2, page.trim_box.y + page.trim_height / 2, f"P{number}")
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def imposed_sheets(colour_bar: bool = False) -> bytes:
    design = load_design(REPOSITORY / "layout")
    design = replace(design, name="city-guide-fr", edition=Edition("fr", "city-guide-fr", ("fr",)),
                     printing=replace(design.printing, marks=replace(design.printing.marks, colour_bar=colour_bar)))
    info = DocumentInfo(title="Guide", author="", language="fr", moment=datetime(2026, 3, 9, tzinfo=UTC))
    return impose_saddle_stitch(booklet(design), design, info)


def test_each_sheet_side_names_job_edition_sheet_side_and_date_in_the_slug():
    imposed = imposed_sheets()
    reader = pypdf.PdfReader(io.BytesIO(imposed))
    labels = [line for line in text_lines(imposed) if line.text.startswith("job ")]
    assert [(line.page, line.text.strip()) for line in labels] == [
        (1, "job city-guide-fr · edition fr · sheet 1 of 2 · front · 2026-03-09"),
        (2, "job city-guide-fr · edition fr · sheet 1 of 2 · back · 2026-03-09"),
        (3, "job city-guide-fr · edition fr · sheet 2 of 2 · front · 2026-03-09"),
        (4, "job city-guide-fr · edition fr · sheet 2 of 2 · back · 2026-03-09")]
    for line in labels:
        page = reader.pages[line.page - 1]
        bleed, media = page.bleedbox, page.mediabox
        assert float(media.bottom) < line.y < float(bleed.bottom) - 5  # in the slug, below the bleed
        assert float(bleed.left) < line.x < float(media.width) / 2    # left of the spine's fold mark


def test_the_label_is_drawn_whole_inside_the_sheet():
    """pdfium's own text boxes: every character of the label lies within the media box and below
    the bleed, so nothing is clipped and nothing is cut away into the job."""
    document = pypdfium2.PdfDocument(imposed_sheets())
    for index in range(len(document)):
        page = document[index]
        text = page.get_textpage()
        whole = text.get_text_range()
        assert f"sheet {index // 2 + 1} of 2" in whole and ("front" if index % 2 == 0 else "back") in whole
        width, _ = page.get_size()
        start = whole.index("job ")
        bleed_bottom = 12 * 72 / 25.4  # the slug: 12 mm below the bleed
        for position in range(start, start + len(whole[start:].splitlines()[0])):
            left, bottom, right, top = text.get_charbox(position)
            assert left >= 0 and right <= width / 2 and bottom >= 0 and top <= bleed_bottom, (index, position)


def test_a_colour_bar_is_printed_in_the_slug_when_the_layout_asks():
    def patches(pdf: bytes) -> int:
        page = pypdf.PdfReader(io.BytesIO(pdf)).pages[0]
        return page.get_contents().get_data().count(b" re\nf*")
    assert patches(imposed_sheets(colour_bar=True)) >= patches(imposed_sheets()) + 8
