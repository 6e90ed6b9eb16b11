"""Layout stage: a QR code as vector squares (segno computes the matrix), with the text beside it.

Dark modules are 100 % K and the quiet zone (four modules, as ISO/IEC 18004
asks) is a white square, so the code reads on any background.
"""

from __future__ import annotations

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Paragraph

QUIET_ZONE = 4  # modules of light margin on every side


def qr_matrix(data: str) -> list[list[bool]]:
    """The dark (True) and light modules of the smallest QR code holding `data`, error level M or better."""
    import segno  # with its writers, urllib and the HTTP client: for brochures that have a QR code only

    code = segno.make(data, error="m", micro=False)
    return [[bool(module) for module in row] for row in code.matrix]


class QrCode(Flowable):
    """A square QR code, `size` wide including its quiet zone; `text` set to its right."""

    def __init__(self, data: str, size: float, dark: Color, light: Color, text: Paragraph | None = None,
                 gap: float = 8.0, href: str | None = None):
        super().__init__()
        self.data = data
        self.matrix = qr_matrix(data)
        self.size = size
        self.dark = dark
        self.light = light
        self.text = text
        self.gap = gap
        self.href = href
        self.spaceBefore = gap  # apart from the lines above, as far as from its text
        self._text_height = 0.0

    @property
    def module(self) -> float:
        return self.size / (len(self.matrix) + 2 * QUIET_ZONE)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self.text is not None:
            self._text_height = self.text.wrap(availWidth - self.size - self.gap, availHeight)[1]
        self.width, self.height = availWidth, max(self.size, self._text_height)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canvas = self.canv
        module = self.module
        bottom = self.height - self.size
        canvas.saveState()
        canvas.setFillColor(self.light)
        canvas.rect(0, bottom, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(self.dark)
        path = canvas.beginPath()
        count = len(self.matrix)
        for row_index, row in enumerate(self.matrix):
            y = bottom + (count - 1 - row_index + QUIET_ZONE) * module
            column = 0
            while column < count:  # one rectangle per run of dark modules
                if not row[column]:
                    column += 1
                    continue
                start = column
                while column < count and row[column]:
                    column += 1
                path.rect((start + QUIET_ZONE) * module, y, (column - start) * module, module)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()
        if self.href:
            canvas.linkURL(self.href, (0, bottom, self.size, bottom + self.size), relative=1, thickness=0)
        if self.text is not None:
            self.text.drawOn(canvas, self.size + self.gap, bottom + (self.size - self._text_height) / 2)
