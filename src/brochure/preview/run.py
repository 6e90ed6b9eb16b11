"""Preview: one preview of a PDF into a folder: pages, spreads and a contact sheet, the pages that
changed since the last preview, and the HTML page."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from brochure.preview.diff import compare_pages
from brochure.preview.html import build_script, index_page
from brochure.preview.pages import page_count, page_file, parse_page_range, render_pages, save_png
from brochure.preview.spreads import contact_sheet, reader_spreads, spread_image


@dataclass(frozen=True)
class PreviewRequest:
    pdf: Path
    folder: Path                       # output/preview
    dpi: float = 100
    pages: str | None = None           # "3-5,8"; None for every page
    spreads: bool = False              # write spreads/*.png and contact-sheet.png
    diff: bool = False                 # compare with the pages of the previous preview
    diff_against: Path | None = None   # ... or with this PDF


@dataclass
class PreviewResult:
    pages: list[Path] = field(default_factory=list)
    spreads: list[Path] = field(default_factory=list)
    contact_sheet: Path | None = None
    changed: list[int] = field(default_factory=list)       # page numbers, with --diff
    compared: bool = False                                  # False: there was nothing to compare with
    diffs: list[Path] = field(default_factory=list)
    index: Path | None = None


def previous_pages(request: PreviewRequest, numbers: list[int]) -> dict[int, Image.Image]:
    """What the pages looked like before: another PDF's, or the PNGs the last preview left."""
    if request.diff_against is not None:
        old_pdf = request.diff_against.read_bytes()
        count = page_count(old_pdf)
        return {page.number: page.image
                for page in render_pages(old_pdf, request.dpi, [n for n in numbers if n <= count])}
    old = {}
    for number in numbers:
        path = page_file(request.folder, number)
        if path.is_file():
            with Image.open(path) as image:
                old[number] = image.convert("RGB")
    return old


def make_preview(request: PreviewRequest) -> PreviewResult:
    pdf = request.pdf.read_bytes()
    count = page_count(pdf)
    numbers = parse_page_range(request.pages, count) if request.pages else list(range(1, count + 1))
    rendered = {page.number: page.image for page in render_pages(pdf, request.dpi, numbers)}
    result = PreviewResult()
    folder = request.folder
    folder.mkdir(parents=True, exist_ok=True)
    if request.diff or request.diff_against is not None:
        old = previous_pages(request, numbers)
        diff_folder = folder / "diff"
        for stale in diff_folder.glob("page-*.png"):
            stale.unlink()
        result.compared = bool(old)
        for change in compare_pages(old, rendered) if old else []:
            path = page_file(diff_folder, change.number)
            save_png(change.image, path)
            result.changed.append(change.number)
            result.diffs.append(path)
    if request.pages is None:  # a full preview: pages past the end belong to an older, longer build
        for stale in folder.glob("page-*.png"):
            if int(stale.stem.split("-")[1]) > count:
                stale.unlink()
    for number, image in rendered.items():
        path = page_file(folder, number)
        save_png(image, path)
        result.pages.append(path)
    spreads = reader_spreads(count)
    if request.spreads:
        # the pages just rendered from memory, the others as an earlier preview wrote them
        images = {number: rendered[number].convert("RGB") if number in rendered
                  else Image.open(page_file(folder, number)).convert("RGB")
                  for spread in spreads for number in spread.pages
                  if number in rendered or page_file(folder, number).is_file()}
        shown = [spread for spread in spreads if any(number in images for number in spread.pages)]
        spread_images = [spread_image(spread, images) for spread in shown]
        spread_folder = folder / "spreads"
        for stale in spread_folder.glob("spread-*.png"):
            stale.unlink()
        for index, (spread, image) in enumerate(zip(shown, spread_images), start=1):
            path = spread_folder / f"spread-{index:02d}-{spread.label.replace('|', '-').replace('–', 'x')}.png"
            save_png(image, path)
            result.spreads.append(path)
        if spread_images:
            result.contact_sheet = folder / "contact-sheet.png"
            save_png(contact_sheet([image.resize((image.width // 3, image.height // 3), Image.Resampling.LANCZOS)
                                    for image in spread_images]), result.contact_sheet)
    build = hashlib.sha256(pdf + f"@{request.dpi}".encode()).hexdigest()
    present = {number for number in range(1, count + 1) if page_file(folder, number).is_file()}
    result.index = folder / "index.html"
    result.index.write_text(index_page(request.pdf.stem, build, spreads, present, set(result.changed)),
                            encoding="utf-8")
    (folder / "build.js").write_text(build_script(build), encoding="utf-8")  # last: the page reloads on it
    return result
