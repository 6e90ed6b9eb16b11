"""Preview: render PDF pages to images cut to the trim box (what the reader sees), with pypdfium2."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from PIL import Image


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
        rendered = []
        for number in wanted:
            page = document[number - 1]
            media_left, media_bottom, media_right, media_top = page.get_mediabox()
            trim_left, trim_bottom, trim_right, trim_top = page.get_trimbox()
            crop = (max(0.0, trim_left - media_left), max(0.0, trim_bottom - media_bottom),
                    max(0.0, media_right - trim_right), max(0.0, media_top - trim_top))
            bitmap = page.render(scale=dpi / 72, crop=crop)
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
