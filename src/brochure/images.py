"""Images prepared for an edition (shared by layout and render): CMYK through the output
profile for print, sRGB down-sampled for screens."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps

from brochure.colour import image_to_cmyk, image_to_srgb
from brochure.errors import Location
from brochure.load.images import open_image
from brochure.load.paths import file_stamp

SCREEN_PPI = 150


@dataclass(frozen=True)
class PreparedImage:
    """What reportlab draws: a file to embed as is (a CMYK JPEG), or decoded pixels."""

    source: str | Image.Image
    width_px: int
    height_px: int
    mode: str


GREY_MODES = ("1", "L", "LA", "I", "I;16")


@lru_cache(maxsize=64)
def prepare_for_print(path: str, shown: str, profile: str, intent: str,
                      where: Location | None = None, grey_as_black: bool = True,
                      stamp: object = None) -> PreparedImage:
    """CMYK for the print edition. A CMYK JPEG is embedded untouched (reportlab writes
    the Decode array Adobe's inverted CMYK needs); a greyscale image prints in black
    ink only (`grey_as_black`: no colour cast, no register problem); anything else goes
    through the output profile, so no RGB or greyscale reaches the press. `stamp` (the file's
    size and times) keys the cache with the path: a file replaced in a live process is read again."""
    image = open_image(Path(path), shown, where)
    if image.format == "JPEG" and image.mode == "CMYK":
        return PreparedImage(path, image.width, image.height, "CMYK")
    grey = image.mode in GREY_MODES
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = flatten(image)
    if grey and grey_as_black:
        black = grey_to_black(image)
        return PreparedImage(black, black.width, black.height, "CMYK")
    cmyk = image_to_cmyk(image, profile, intent)
    return PreparedImage(cmyk, cmyk.width, cmyk.height, "CMYK")


@lru_cache(maxsize=64)
def prepare_for_screen(path: str, shown: str, profile: str, placed_width_pt: float,
                       where: Location | None = None, stamp: object = None) -> PreparedImage:
    """sRGB, down-sampled to about 150 ppi at the size it is placed (`stamp`: as for print)."""
    image = open_image(Path(path), shown, where)
    if image.mode in ("RGBA", "LA", "P", "PA"):
        image = flatten(image)
    rgb = image_to_srgb(image, profile)
    wanted = max(1, round(placed_width_pt / 72 * SCREEN_PPI))
    if rgb.width > wanted:
        rgb = rgb.resize((wanted, max(1, round(rgb.height * wanted / rgb.width))), Image.Resampling.LANCZOS)
    return PreparedImage(rgb, rgb.width, rgb.height, "RGB")


def grey_to_black(image: Image.Image) -> Image.Image:
    """A greyscale image as CMYK with the tone in the black channel and no C, M or Y."""
    black = ImageOps.invert(image.convert("L"))
    empty = Image.new("L", black.size, 0)
    return Image.merge("CMYK", (empty, empty, empty, black))


def flatten(image: Image.Image) -> Image.Image:
    """Transparency over white paper."""
    rgba = image.convert("RGBA")
    paper = Image.new("RGB", rgba.size, (255, 255, 255))
    paper.paste(rgba, mask=rgba.getchannel("A"))
    return paper


@dataclass(frozen=True)
class ImageAssets:
    """Where images come from and what an edition needs of them."""

    root: Path
    profile: str
    intent: str = "relative"
    screen: bool = False
    grey_as_black: bool = True  # greyscale images in black ink only (print)

    def prepare(self, relative: str, placed_width_pt: float, where: Location | None) -> PreparedImage:
        path = str(self.root / relative)
        stamp = file_stamp(Path(path))
        if self.screen:
            return prepare_for_screen(path, relative, self.profile, placed_width_pt, where, stamp)
        return prepare_for_print(path, relative, self.profile, self.intent, where, self.grey_as_black, stamp)
