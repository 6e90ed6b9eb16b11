"""Preview: render PDF pages to images cut to the trim box (what the reader sees), with pypdfium2."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from brochure.errors import OutputError
from brochure.limits import MAX_PREVIEW_PIXELS


@dataclass(frozen=True)
class PageImage:
    number: int             # 1-based page number in the PDF
    image: Image.Image      # RGB, cut to the trim box


def parse_page_range(text: str, page_count: int) -> list[int]:
    """'3-5,8' -> [3, 4, 5, 8] (1-based); ValueError with a readable message when out of range."""
    chosen: list[int] = []
    for part in (piece.strip() for piece in text.split(",")):
        if not part:
            continue
        first, _, last = part.partition("-")
        try:
            start = int(first) if first else 1
            end = (int(last) if last else page_count) if _ else start
        except ValueError:
            raise ValueError(f"not a page range: {part!r} (write 3-5 or 2,4,7)") from None
        if not 1 <= start <= end <= page_count:
            raise ValueError(f"pages {part} are outside 1-{page_count}")
        chosen.extend(range(start, end + 1))
    if not chosen:
        raise ValueError(f"no pages in {text!r}")
    return list(dict.fromkeys(chosen))


def page_count(pdf: bytes) -> int:
    import pypdfium2

    document = pypdfium2.PdfDocument(pdf)
    try:
        return len(document)
    finally:
        document.close()


def render_pages(pdf: bytes, dpi: float, numbers: Iterable[int] | None = None) -> list[PageImage]:
    """Each chosen page at `dpi`, cut to its TrimBox (the bleed and crop marks are not the reader's)."""
    import pypdfium2  # imported here: `brochure build` does not need it

    document = pypdfium2.PdfDocument(pdf)
    try:
        wanted = list(numbers) if numbers is not None else list(range(1, len(document) + 1))
        crops = {}
        for number in wanted:  # every page's size checked before any is rendered
            page = document[number - 1]
            media_left, media_bottom, media_right, media_top = page.get_mediabox()
            trim_left, trim_bottom, trim_right, trim_top = page.get_trimbox()
            crops[number] = crop = (max(0.0, trim_left - media_left), max(0.0, trim_bottom - media_bottom),
                                    max(0.0, media_right - trim_right), max(0.0, media_top - trim_top))
            width = media_right - media_left - crop[0] - crop[2]
            height = media_top - media_bottom - crop[1] - crop[3]
            page.close()
            pixels = abs(width * height) * (dpi / 72) ** 2
            if pixels > MAX_PREVIEW_PIXELS:
                raise OutputError(f"page {number} is {abs(width) / 72:.0f} × {abs(height) / 72:.0f} in: "
                                  f"{pixels / 1e6:,.0f} million pixels at {dpi:g} dpi, more than the "
                                  f"{MAX_PREVIEW_PIXELS // 1_000_000} million a preview renders",
                                  hint=f"preview it at --dpi {max(1, int(dpi * (MAX_PREVIEW_PIXELS / pixels) ** 0.5))}"
                                       " or less")
        rendered = []
        for number in wanted:
            page = document[number - 1]
            bitmap = page.render(scale=dpi / 72, crop=crops[number])
            rendered.append(PageImage(number, bitmap.to_pil().convert("RGB")))
            bitmap.close()
            page.close()
        return rendered
    finally:
        document.close()


def page_file(folder: Path, number: int) -> Path:
    return folder / f"page-{number:03d}.png"


def save_png(image: Image.Image, path: Path) -> None:
    """PNG without a timestamp: same pages, same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", optimize=False, compress_level=6)
