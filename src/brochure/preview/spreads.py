"""Preview: reader spreads (the cover alone on the right, then 2|3, 4|5, …, the back alone on the
left) and a contact sheet of them all."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageDraw

GAP = 24          # pixels between spreads on the contact sheet
GUTTER_LINE = (170, 170, 170)
DESK = (64, 64, 64)


@dataclass(frozen=True)
class Spread:
    left: int | None        # page number on the left, None for the cover's empty side
    right: int | None       # page number on the right, None for the back cover's empty side

    @property
    def label(self) -> str:
        return "|".join(str(number) if number else "–" for number in (self.left, self.right))

    @property
    def pages(self) -> tuple[int, ...]:
        return tuple(number for number in (self.left, self.right) if number)


def reader_spreads(page_count: int) -> list[Spread]:
    """How a reader opens the booklet: page 1 alone on the right, then even|odd pairs."""
    if page_count < 1:
        return []
    spreads = [Spread(None, 1)]
    for left in range(2, page_count + 1, 2):
        right = left + 1
        spreads.append(Spread(left, right if right <= page_count else None))
    return spreads


def spread_image(spread: Spread, pages: dict[int, Image.Image]) -> Image.Image:
    """Two pages side by side at their size; a missing side is left as the desk colour."""
    sample = next(iter(pages.values()))
    width, height = sample.size
    image = Image.new("RGB", (2 * width, height), DESK)
    for slot, number in enumerate((spread.left, spread.right)):
        if number and number in pages:
            image.paste(pages[number], (slot * width, 0))
    if spread.left and spread.right:
        ImageDraw.Draw(image).line([(width, 0), (width, height - 1)], fill=GUTTER_LINE, width=1)
    return image


def contact_sheet(spreads: list[Image.Image], per_row: int = 3) -> Image.Image:
    """All spreads in rows on a dark desk, as a designer pins them on a wall."""
    width = max(image.width for image in spreads)
    height = max(image.height for image in spreads)
    rows = (len(spreads) + per_row - 1) // per_row
    columns = min(per_row, len(spreads))
    sheet = Image.new("RGB", (columns * (width + GAP) + GAP, rows * (height + GAP) + GAP), DESK)
    for index, image in enumerate(spreads):
        row, column = divmod(index, per_row)
        sheet.paste(image, (GAP + column * (width + GAP) + (width - image.width) // 2,
                            GAP + row * (height + GAP)))
    return sheet
