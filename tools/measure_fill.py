"""Measure how full the pages of a built brochure are, from a render of its PDF.

For each inner page (the first and last pages, the covers, are left out) the type area
(the trim less the margins of layout/document.yaml, or of the edition's `page:`) is
rendered at 30 dpi; the script prints the share of its height that is blank below the
last ink, whether the page is blank, and which columns of the page grid hold ink. It is
the eye's figure, independent of the page map the build records.

    python tools/measure_fill.py output/aix-international-strategy.pdf --layout layout --edition fr-en
"""

from __future__ import annotations

import argparse
import statistics
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pypdfium2

from brochure.layout.geometry import column_rects, is_recto
from brochure.load.design import load_design
from brochure.model.design import PageGeometry

DPI = 30
INK = 250  # a pixel darker than this is ink (white paper is 255; a pale map tint about 245)


@dataclass(frozen=True)
class PageFill:
    page: int
    blank_below: float          # share of the type area's height below the last ink
    blank: bool                 # no ink at all in the type area
    columns_with_ink: tuple[bool, ...]


def pixel_box(rect_x: float, rect_y: float, width: float, height: float, scale: float,
              height_px: int) -> tuple[int, int, int, int]:
    """A rectangle in PDF points (origin at the foot) as a Pillow crop box."""
    return (round(rect_x * scale), round(height_px - (rect_y + height) * scale),
            round((rect_x + width) * scale), round(height_px - rect_y * scale))


def measure(pdf: Path, page: PageGeometry) -> list[PageFill]:
    document = pypdfium2.PdfDocument(str(pdf))
    scale = DPI / 72
    fills = []
    for index in range(1, len(document) - 1):  # inner pages only
        number = index + 1
        image = document[index].render(scale=scale).to_pil().convert("L")
        margins_left, margins_right = ((page.margin_inner, page.margin_outer) if is_recto(number)
                                       else (page.margin_outer, page.margin_inner))
        area = page.trim_box.inset(margins_left, page.margin_bottom, margins_right, page.margin_top)
        box = partial(pixel_box, scale=scale, height_px=image.height)

        ink = image.point(lambda value: 255 if value < INK else 0)  # ink white on black
        inked = ink.crop(box(area.x, area.y, area.width, area.height)).getbbox()
        height = round(area.height * scale)
        blank_below = 1 - inked[3] / height if inked else 1.0
        columns = tuple(ink.crop(box(rect.x, rect.y, rect.width, rect.height)).getbbox() is not None
                        for rect in column_rects(area, page.columns, page.gutter))
        fills.append(PageFill(number, round(max(blank_below, 0.0), 3), inked is None, columns))
    return fills


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pdf", type=Path)
    parser.add_argument("--layout", type=Path, required=True)
    parser.add_argument("--edition", default=None)
    parser.add_argument("--quiet", action="store_true", help="the summary line only")
    arguments = parser.parse_args()
    design = load_design(arguments.layout)
    page = design.page
    if arguments.edition:
        edition = design.edition_named(arguments.edition)
        page = edition.page or page
    fills = measure(arguments.pdf, page)
    if not arguments.quiet:
        for fill in fills:
            columns = "".join("#" if inked else "." for inked in fill.columns_with_ink)
            print(f"p{fill.page:<3} blank below {fill.blank_below:6.1%}  columns {columns}"
                  + ("  BLANK" if fill.blank else ""))
    shares = [fill.blank_below for fill in fills]
    over = [f"p{fill.page}" for fill in fills[:-1] if fill.blank_below > 0.35]
    blank = [f"p{fill.page}" for fill in fills if fill.blank]
    one_column = [f"p{fill.page}" for fill in fills if not fill.blank and not all(fill.columns_with_ink)]
    print(f"{arguments.pdf.name}: {len(fills) + 2} pages; inner mean blank below {statistics.mean(shares):.1%}"
          f" (last excluded {statistics.mean(shares[:-1]) if len(shares) > 1 else 0:.1%}); "
          f"over 35 % (not last): {' '.join(over) or 'none'}; blank: {' '.join(blank) or 'none'}; "
          f"ink in some columns only: {' '.join(one_column) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
