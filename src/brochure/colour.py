"""Colour: conversions through the output profile (CMYK to sRGB for the screen edition,
images to CMYK for print), with Pillow's ImageCms (LittleCMS)."""

from __future__ import annotations

import hashlib
import json
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageCms, ImageMath, features

from brochure.load.paths import file_stamp
from brochure.user_cache import cache_folder, keep

INTENTS = {"relative": ImageCms.Intent.RELATIVE_COLORIMETRIC, "perceptual": ImageCms.Intent.PERCEPTUAL}


# Profiles, transforms and converted colours are kept by the profile's path *and* its stamp (size,
# times, inode: load/paths.file_stamp): a profile replaced while `brochure watch` runs is read again,
# never converted through the transforms of the file it replaced. Bounded; the same for every build
# of the process (they depend on the file alone), so a build session need not own them.
def _stamp(path: str) -> object:
    return file_stamp(Path(path))


@lru_cache(maxsize=8)
def _profile(path: str, stamp: object = None) -> ImageCms.ImageCmsProfile:
    return ImageCms.getOpenProfile(path)


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def cmyk_to_rgb_transform(profile_path: str, intent: str = "relative") -> ImageCms.ImageCmsTransform:
    return _cmyk_to_rgb_transform(profile_path, intent, _stamp(profile_path))


@lru_cache(maxsize=8)
def _cmyk_to_rgb_transform(profile_path: str, intent: str, stamp: object) -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(_profile(profile_path, stamp), _srgb(), "CMYK", "RGB", INTENTS[intent])


def to_cmyk_transform(profile_path: str, intent: str) -> ImageCms.ImageCmsTransform:
    """sRGB (greyscale images go through it too) to the output profile's CMYK."""
    return _to_cmyk_transform(profile_path, intent, _stamp(profile_path))


@lru_cache(maxsize=8)
def _to_cmyk_transform(profile_path: str, intent: str, stamp: object) -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(_srgb(), _profile(profile_path, stamp), "RGB", "CMYK", INTENTS[intent])


def cmyk_to_srgb(cyan: float, magenta: float, yellow: float, black: float,
                 profile_path: str) -> tuple[float, float, float]:
    """A process colour as it prints, in sRGB (0..1 per channel), for screens."""
    return _cmyk_to_srgb(cyan, magenta, yellow, black, profile_path, _stamp(profile_path))


@lru_cache(maxsize=1024)
def _cmyk_to_srgb(cyan: float, magenta: float, yellow: float, black: float, profile_path: str,
                  stamp: object) -> tuple[float, float, float]:
    cmyk = tuple(round(v * 255) for v in (cyan, magenta, yellow, black))
    kept = _kept_colours(profile_path, stamp)
    found = kept.colours.get(",".join(map(str, cmyk)))
    if found is None:
        pixel = Image.new("CMYK", (1, 1), cmyk)
        converted = _converted(pixel, cmyk_to_rgb_transform(profile_path)).getpixel((0, 0))
        assert isinstance(converted, tuple)  # an RGB pixel
        found = kept.add(cmyk, converted)
    red, green, blue = found
    return red / 255, green / 255, blue / 255


class KeptColours:
    """The layout's colours converted to sRGB through one profile, kept in the user's cache folder
    (brochure/colour): building LittleCMS's transform from a CMYK profile takes about 20 ms of every
    cold build, which a print build spends on a few colours (its cover graphics' contrast check).
    Named by the profile's content and the Pillow and LittleCMS versions that converted them."""

    def __init__(self, profile_path: str):
        try:
            profile = Path(profile_path).read_bytes()
        except OSError:
            profile = profile_path.encode()  # then the transform reports what is wrong with it
        versions = f";{PIL.__version__};{features.version('littlecms2')};relative;1"
        self.path = cache_folder("colour") / f"{hashlib.sha256(profile + versions.encode()).hexdigest()}.json"
        self.colours: dict[str, tuple[int, int, int]] = {}
        try:
            kept = json.loads(self.path.read_bytes())
            self.colours = {str(cmyk): (int(rgb[0]), int(rgb[1]), int(rgb[2])) for cmyk, rgb in kept.items()
                            if len(rgb) == 3 and all(0 <= value <= 255 for value in rgb)}
        except (OSError, ValueError, TypeError, AttributeError):
            pass  # none kept yet, or not readable: converted again

    def add(self, cmyk: tuple[int, ...], rgb: tuple[float, ...]) -> tuple[int, int, int]:
        """Keep a conversion (the file is written again: a build adds a few colours, once)."""
        converted = self.colours[",".join(map(str, cmyk))] = (int(rgb[0]), int(rgb[1]), int(rgb[2]))
        keep(self.path, json.dumps(self.colours, sort_keys=True).encode())
        return converted


@lru_cache(maxsize=8)
def _kept_colours(profile_path: str, stamp: object = None) -> KeptColours:
    return KeptColours(profile_path)


DEFAULT_INK_LIMIT = 300.0  # percent of total ink: FOGRA39's sheet-fed offset figure
# 8-bit samples round: the limit is applied this many levels (of 255 per ink) below the figure
# asked, so that no rounded pixel passes it
INK_LIMIT_MARGIN = 2


@cache
def _lab() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))


def lab_to_cmyk_transform(profile_path: str, intent: str) -> ImageCms.ImageCmsTransform:
    return _lab_to_cmyk_transform(profile_path, intent, _stamp(profile_path))


@lru_cache(maxsize=8)
def _lab_to_cmyk_transform(profile_path: str, intent: str, stamp: object) -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(_lab(), _profile(profile_path, stamp), "LAB", "CMYK", INTENTS[intent])


@cache
def lab_to_srgb_transform() -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(_lab(), _srgb(), "LAB", "RGB")


def image_to_cmyk(image: Image.Image, profile_path: str, intent: str,
                  ink_limit: float | None = DEFAULT_INK_LIMIT) -> Image.Image:
    """An RGB, Lab or greyscale image converted to CMYK through the output profile, its total
    ink held under `ink_limit` percent (None: as the profile gives it)."""
    if image.mode == "CMYK":
        return image
    if image.mode == "LAB":  # Pillow cannot convert Lab itself: LittleCMS does, with the D50 Lab profile
        cmyk = _converted(image, lab_to_cmyk_transform(profile_path, intent))
    else:
        cmyk = _converted(image.convert("RGB"), to_cmyk_transform(profile_path, intent))
    return limit_ink(cmyk, ink_limit) if ink_limit is not None else cmyk


def total_ink_peak(cmyk: Image.Image) -> float:
    """The highest total ink of any pixel of a CMYK image, in percent."""
    cyan, magenta, yellow, black = (channel.convert("I") for channel in cmyk.split())
    total = ImageMath.lambda_eval(lambda ink: ink["c"] + ink["m"] + ink["y"] + ink["k"],
                                  c=cyan, m=magenta, y=yellow, k=black)
    return float(total.getextrema()[1]) / 255 * 100


def limit_ink(cmyk: Image.Image, limit: float) -> Image.Image:
    """A CMYK image with no pixel over `limit` percent of total ink.

    Where a pixel is over, its grey component moves from C, M and Y into K first (black
    generation, as far as K has room), then C, M and Y shrink in proportion: their balance,
    which is what keeps a shadow neutral rather than green or red, stays as the profile made
    it. Pixels under the limit are untouched. FOGRA39 puts RGB black at about 330 %."""
    ceiling = limit / 100 * 255 - INK_LIMIT_MARGIN
    if total_ink_peak(cmyk) / 100 * 255 <= ceiling:
        return cmyk
    cyan, magenta, yellow, black = (channel.convert("F") for channel in cmyk.split())

    def moved(ink: dict[str, Any]) -> Any:
        """How much grey each pixel moves into black: half the excess (each unit taken
        from three inks and given to one removes two), at most its grey and K's room."""
        low, high = ink["min"], ink["max"]
        excess = high(ink["c"] + ink["m"] + ink["y"] + ink["k"] - ceiling, 0.0)
        return low(low(excess / 2, low(low(ink["c"], ink["m"]), ink["y"])), 255.0 - ink["k"])

    grey = ImageMath.lambda_eval(moved, c=cyan, m=magenta, y=yellow, k=black)
    cyan, magenta, yellow = (ImageMath.lambda_eval(lambda ink: ink["v"] - ink["g"], v=channel, g=grey)
                             for channel in (cyan, magenta, yellow))
    black = ImageMath.lambda_eval(lambda ink: ink["k"] + ink["g"], k=black, g=grey)

    def shrink(ink: dict[str, Any]) -> Any:
        """The share of C, M and Y a pixel keeps so that with its black it meets the ceiling."""
        colour = ink["c"] + ink["m"] + ink["y"]
        room = ink["max"](ceiling - ink["k"], 0.0)
        return ink["min"](room / ink["max"](colour, 0.001), 1.0)

    share = ImageMath.lambda_eval(shrink, c=cyan, m=magenta, y=yellow, k=black)
    # truncate, not round: the sum of four rounded inks could pass the ceiling again
    channels = [ImageMath.lambda_eval(lambda ink: ink["int"](ink["v"] * ink["s"]), v=channel, s=share)
                for channel in (cyan, magenta, yellow)]
    channels.append(ImageMath.lambda_eval(lambda ink: ink["int"](ink["v"]), v=black))
    return Image.merge("CMYK", [channel.convert("L") for channel in channels])


def image_to_srgb(image: Image.Image, profile_path: str) -> Image.Image:
    if image.mode == "CMYK":
        return _converted(image, cmyk_to_rgb_transform(profile_path))
    if image.mode == "LAB":
        return _converted(image, lab_to_srgb_transform())
    return image.convert("RGB")


def _converted(image: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    """A new image through `transform` (Pillow returns None only when converting in place)."""
    converted = ImageCms.applyTransform(image, transform)
    assert converted is not None
    return converted
