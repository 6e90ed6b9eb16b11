"""Load stage: image files opened and decoded under a pixel limit, or a user error naming them."""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from brochure.errors import ContentError, Location

MAX_PIXELS = 100_000_000  # 10 000 x 10 000: larger is refused before decoding
Image.MAX_IMAGE_PIXELS = MAX_PIXELS  # Pillow's own guard, at the same limit


def open_image(path: Path, shown: str, where: Location | None) -> Image.Image:
    """Open and fully decode an image, or raise a user error naming it."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
            if image.width * image.height > MAX_PIXELS:
                raise Image.DecompressionBombError("too many pixels")
            image.load()
            return image
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
