"""Render stage: printer's marks in the slug, outside the bleed: crop marks, registration
targets, a colour bar and a page information line."""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen.canvas import Canvas

from brochure.model.design import Marks, PageGeometry

# The registration colour: every plate prints it, so marks show on each separation.
REGISTRATION = CMYKColor(1, 1, 1, 1, spotName="All")
BAR_PATCHES = ((1, 0, 0, 0), (0, 1, 0, 0), (0, 0, 1, 0), (0, 0, 0, 1),
               (0.5, 0, 0, 0), (0, 0.5, 0, 0), (0, 0, 0.5, 0), (0, 0, 0, 0.5))


def draw_marks(canvas: Canvas, page: PageGeometry, marks: Marks, info: str | None,
               info_font: str) -> None:
    trim = page.trim_box
    offset, length = marks.offset, marks.length
    canvas.saveState()
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(marks.weight)
    if marks.crop:
        for x, y, sx, sy in ((trim.x, trim.y, -1, -1), (trim.right, trim.y, 1, -1),
                             (trim.x, trim.top, -1, 1), (trim.right, trim.top, 1, 1)):
            canvas.line(x + sx * offset, y, x + sx * (offset + length), y)
            canvas.line(x, y + sy * offset, x, y + sy * (offset + length))
    if marks.registration:
        middle = offset + length / 2
        radius = min(length / 2, 8) * 0.6
        for x, y in ((trim.x + trim.width / 2, trim.y - middle), (trim.x + trim.width / 2, trim.top + middle),
                     (trim.x - middle, trim.y + trim.height / 2), (trim.right + middle, trim.y + trim.height / 2)):
            canvas.circle(x, y, radius, stroke=1, fill=0)
            canvas.line(x - radius * 1.5, y, x + radius * 1.5, y)
            canvas.line(x, y - radius * 1.5, x, y + radius * 1.5)
    if marks.colour_bar:
        size = min(length, 5 * 72 / 25.4)
        y = trim.top + offset + (length - size) / 2
        for index, (c, m, yellow, k) in enumerate(BAR_PATCHES):
            canvas.setFillColor(CMYKColor(c, m, yellow, k))
            canvas.rect(trim.x + length + index * size, y, size, size, stroke=0, fill=1)
    if marks.page_info and info:
        canvas.setFillColor(CMYKColor(0, 0, 0, 1))
        canvas.setFont(info_font, 6.5)
        canvas.drawString(trim.x + offset + length, trim.y - offset - length / 2 - 2, info)
    canvas.restoreState()
