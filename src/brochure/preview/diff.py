"""Preview: which pages changed between two renderings, with the changed areas boxed in red."""

from __future__ import annotations

from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw

TILE = 8                # pixels: changes are boxed per tile so that a moved word reads as one box
THRESHOLD = 24          # per-channel difference below this is anti-aliasing noise, not a change
HIGHLIGHT = (230, 0, 60)


@dataclass(frozen=True)
class PageChange:
    number: int
    boxes: tuple[tuple[int, int, int, int], ...]   # changed areas in pixels (left, top, right, bottom)
    image: Image.Image                              # the new page, faded, changes boxed


def changed_boxes(old: Image.Image, new: Image.Image) -> list[tuple[int, int, int, int]]:
    """Rectangles around the tiles that differ, merged row by row into larger boxes."""
    if old.size != new.size:
        return [(0, 0, new.width, new.height)]
    difference = ImageChops.difference(old.convert("RGB"), new.convert("RGB")).convert("L")
    mask = difference.point(lambda value: 255 if value >= THRESHOLD else 0)
    if mask.getbbox() is None:
        return []
    # a tile is changed when any pixel in it is: shrink the mask with a max filter per tile
    small = mask.resize(((new.width + TILE - 1) // TILE, (new.height + TILE - 1) // TILE), Image.Resampling.BOX)
    small = small.point(lambda value: 255 if value > 0 else 0)
    return [(left * TILE, top * TILE, min(new.width, right * TILE), min(new.height, bottom * TILE))
            for left, top, right, bottom in regions(small)]


def regions(mask: Image.Image) -> list[tuple[int, int, int, int]]:
    """Bounding boxes of the 8-connected regions of set pixels in a small mask."""
    width, height = mask.size
    pixels = mask.load()
    assert pixels is not None
    seen: set[tuple[int, int]] = set()
    boxes = []
    for y in range(height):
        for x in range(width):
            if not pixels[x, y] or (x, y) in seen:
                continue
            stack = [(x, y)]
            seen.add((x, y))
            left, top, right, bottom = x, y, x + 1, y + 1
            while stack:
                cx, cy = stack.pop()
                left, top, right, bottom = min(left, cx), min(top, cy), max(right, cx + 1), max(bottom, cy + 1)
                for nx in range(max(0, cx - 1), min(width, cx + 2)):
                    for ny in range(max(0, cy - 1), min(height, cy + 2)):
                        if pixels[nx, ny] and (nx, ny) not in seen:
                            seen.add((nx, ny))
                            stack.append((nx, ny))
            boxes.append((left, top, right, bottom))
    return boxes


def highlight(new: Image.Image, boxes: list[tuple[int, int, int, int]]) -> Image.Image:
    """The new page faded to 40 %, with each changed area shown at full strength and boxed."""
    faded = Image.blend(Image.new("RGB", new.size, (255, 255, 255)), new.convert("RGB"), 0.4)
    draw = ImageDraw.Draw(faded)
    for box in boxes:
        faded.paste(new.crop(box), box[:2])
        draw.rectangle((box[0] - 2, box[1] - 2, box[2] + 1, box[3] + 1), outline=HIGHLIGHT, width=2)
    return faded


def compare_pages(old: dict[int, Image.Image], new: dict[int, Image.Image]) -> list[PageChange]:
    """Pages of `new` that differ from the same page of `old` (a page with no old one has changed)."""
    changes = []
    for number, image in sorted(new.items()):
        previous = old.get(number)
        boxes = [(0, 0, image.width, image.height)] if previous is None else changed_boxes(previous, image)
        if boxes:
            changes.append(PageChange(number, tuple(boxes), highlight(image, boxes)))
    return changes
