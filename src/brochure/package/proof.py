"""Package: the proof, the finished pages as the reader sees them, spread by spread (the cover
alone, then 2|3, 4|5, …; mirrored for a booklet read right to left), cut at the trim and
rendered at a low resolution (pypdfium2) into a small RGB PDF for the client's approval."""

from __future__ import annotations

import io

import pypdfium2
from PIL import Image
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

PROOF_PPI = 60
JPEG_QUALITY = 70


def reading_spreads(pages: int, right_to_left: bool = False) -> list[tuple[int | None, int | None]]:
    """(left, right) page numbers of each spread as a reader opens the booklet; None: no page."""
    spreads: list[tuple[int | None, int | None]] = [(None, 1)]
    for left in range(2, pages + 1, 2):
        spreads.append((left, left + 1 if left + 1 <= pages else None))
    if right_to_left:
        spreads = [(right, left) for left, right in spreads]
    return spreads


def _trimmed(page: pypdfium2.PdfPage) -> Image.Image:
    """The page cut at its trim box, at PROOF_PPI."""
    media = page.get_mediabox()
    trim = page.get_trimbox()  # pdfium falls back to the crop box, then the media box
    crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
    image: Image.Image = page.render(scale=PROOF_PPI / 72, crop=crop).to_pil().convert("RGB")
    return image


def spreads_proof(pdf: bytes, right_to_left: bool = False) -> bytes:
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = [_trimmed(document[index]) for index in range(len(document))]
        width = max(image.width for image in images)
        height = max(image.height for image in images)
        buffer = io.BytesIO()
        canvas = Canvas(buffer, invariant=1)
        canvas.setTitle("Proof (spreads, low resolution)")
        for left, right in reading_spreads(len(images), right_to_left):
            spread = Image.new("RGB", (2 * width, height), "white")
            for number, x in ((left, 0), (right, width)):
                if number is not None:
                    spread.paste(images[number - 1], (x, 0))
            encoded = io.BytesIO()
            spread.save(encoded, "JPEG", quality=JPEG_QUALITY, optimize=True)
            size = (2 * width * 72 / PROOF_PPI, height * 72 / PROOF_PPI)
            canvas.setPageSize(size)
            canvas.drawImage(ImageReader(io.BytesIO(encoded.getvalue())), 0, 0, *size)  # embedded as JPEG
            canvas.showPage()
        canvas.save()
        return buffer.getvalue()
    finally:
        document.close()

