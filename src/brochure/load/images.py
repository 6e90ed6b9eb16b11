"""Load stage: image files opened and decoded under a pixel limit, or a user error naming them."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from brochure.errors import ContentError, Location

MAX_PIXELS = 100_000_000  # 10 000 x 10 000: larger is refused before decoding
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, at the same limit
SIXTEEN_BIT_GREY = ("I;16", "I;16L", "I;16B", "I;16N", "I")  # "I": how Pillow holds 16-bit grey it converts
ORIENTATION = 0x0112  # the EXIF tag a phone writes instead of turning the pixels
TRANSPOSED = "brochure-changed"  # info key: the pixels are not the file's (never embed the file as is)


def open_image(path: Path, shown: str, where: Location | None) -> Image.Image:
    """Open and fully decode an image, or raise a user error naming it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            image.load()
            return as_meant(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ContentError(f"image {shown} is too large to place", where,
                           f"at most {MAX_PIXELS:,} pixels; resize it for print (300 ppi at its size)") from None
    except FileNotFoundError:
        raise ContentError(f"image not found: {shown}", where,
                           "check the path, relative to the brochure folder") from None
    except UnidentifiedImageError:
        raise ContentError(f"image {shown} is not an image format Pillow reads", where,
                           "save it as JPEG, PNG or TIFF") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise ContentError(f"image {shown} cannot be read: {error}", where,
                           "the file may be truncated or corrupt; export it again") from None


def as_meant(image: Image.Image) -> Image.Image:
    """The image as the file means it to look: turned as its EXIF orientation says (a phone photograph
    stored sideways), and 16-bit grey scaled to 8 bits (Pillow's own conversion clips every tone above
    1/256 to white: a 16-bit scan would print blank). 16-bit RGB Pillow already reads as 8 bits."""
    changed = image
    try:
        orientation = image.getexif().get(ORIENTATION, 1)
    except (OSError, SyntaxError, ValueError, TypeError):
        orientation = 1  # unreadable EXIF: the pixels as stored
    if orientation in range(2, 9):
        changed = ImageOps.exif_transpose(image)  # a turned copy, without the tag
    if changed.mode in SIXTEEN_BIT_GREY:
        changed = changed.convert("I").point(lambda value: value / 257).convert("L")
    if changed is not image:
        changed.format = image.format  # a JPEG is still a photograph
        changed.info[TRANSPOSED] = True
    return changed
