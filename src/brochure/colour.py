"""Colour: conversions through the output profile (CMYK to sRGB for the screen edition,
images to CMYK for print), with Pillow's ImageCms (LittleCMS)."""

from __future__ import annotations

import hashlib
import io
import json
from functools import cache
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, ImageCms, ImageMath, UnidentifiedImageError, features

from brochure.load.paths import file_stamp
from brochure.user_cache import cache_folder, keep

INTENTS = {"relative": ImageCms.Intent.RELATIVE_COLORIMETRIC, "perceptual": ImageCms.Intent.PERCEPTUAL}


RGB = tuple[float, float, float]
DEFAULT_INK_LIMIT = 300.0  # percent of total ink: FOGRA39's sheet-fed offset figure
# 8-bit samples round: the limit is applied this many levels (of 255 per ink) below the figure
# asked, so that no rounded pixel passes it
INK_LIMIT_MARGIN = 2
STRIP_PIXELS = 1 << 20  # pixels of an image's band summed at once (32-bit channels: 4 MiB each)
MAX_PROFILES = 8  # profiles a session keeps converting through (a watch whose profile is replaced: a few)


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@cache
def _lab() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("LAB"))


@cache
def lab_to_srgb_transform() -> ImageCms.ImageCmsTransform:
    """Built-in profiles only (no file): the same for every build of the process."""
    return ImageCms.buildTransform(_lab(), _srgb(), "LAB", "RGB")


class ColourTransforms:
    """A build session's colour conversions through output profiles (pipeline/session.py): the
    profiles, LittleCMS's transforms, converted palette colours and images' average colours,
    kept by the profile's *content* (the digest of its bytes), never by a module. A file is read
    again when its stamp (size, times, inode: load/paths.file_stamp) changes, so a profile replaced
    while `brochure watch` runs converts through its new content, and the same bytes under another
    name or touched by an editor reuse what was built."""

    def __init__(self) -> None:
        self._forget()

    def _forget(self) -> None:
        self._digests: dict[tuple[str, object], str] = {}          # (path, stamp) -> content digest
        self._profiles: dict[str, ImageCms.ImageCmsProfile] = {}    # digest -> profile
        self._transforms: dict[tuple[str, str, str], ImageCms.ImageCmsTransform] = {}  # (digest, way, intent)
        self._kept: dict[str, KeptColours] = {}                    # digest -> colours kept on disk
        self._averages: dict[tuple[str, object], RGB | None] = {}   # (image path, stamp) -> average

    def digest(self, path: str) -> str:
        """The digest of a profile's content (read again when its stamp changes)."""
        stamp = file_stamp(Path(path))
        digest = self._digests.get((path, stamp))
        if digest is None:
            if len(self._profiles) >= MAX_PROFILES:
                self._forget()  # a long watch through many profiles: start again
            try:
                data = Path(path).read_bytes()
            except OSError:
                return f"unreadable {path}"  # ImageCms then says what is wrong with it
            digest = hashlib.sha256(data).hexdigest()
            self._digests[(path, stamp)] = digest
            if digest not in self._profiles:
                self._profiles[digest] = ImageCms.ImageCmsProfile(io.BytesIO(data))
        return digest

    def _profile(self, path: str) -> tuple[str, ImageCms.ImageCmsProfile]:
        digest = self.digest(path)
        profile = self._profiles.get(digest)
        return digest, profile if profile is not None else ImageCms.getOpenProfile(path)

    def _transform(self, path: str, way: str, intent: str) -> ImageCms.ImageCmsTransform:
        digest, profile = self._profile(path)
        transform = self._transforms.get((digest, way, intent))
        if transform is None:
            if way == "cmyk-rgb":
                transform = ImageCms.buildTransform(profile, _srgb(), "CMYK", "RGB", INTENTS[intent])
            elif way == "rgb-cmyk":
                transform = ImageCms.buildTransform(_srgb(), profile, "RGB", "CMYK", INTENTS[intent])
            else:
                transform = ImageCms.buildTransform(_lab(), profile, "LAB", "CMYK", INTENTS[intent])
            self._transforms[(digest, way, intent)] = transform
        return transform

    def cmyk_to_rgb_transform(self, profile_path: str, intent: str = "relative") -> ImageCms.ImageCmsTransform:
        return self._transform(profile_path, "cmyk-rgb", intent)

    def to_cmyk_transform(self, profile_path: str, intent: str) -> ImageCms.ImageCmsTransform:
        """sRGB (greyscale images go through it too) to the output profile's CMYK."""
        return self._transform(profile_path, "rgb-cmyk", intent)

    def lab_to_cmyk_transform(self, profile_path: str, intent: str) -> ImageCms.ImageCmsTransform:
        return self._transform(profile_path, "lab-cmyk", intent)

    def cmyk_to_srgb(self, cyan: float, magenta: float, yellow: float, black: float, profile_path: str) -> RGB:
        """A process colour as it prints, in sRGB (0..1 per channel), for screens."""
        cmyk = tuple(round(v * 255) for v in (cyan, magenta, yellow, black))
        digest = self.digest(profile_path)
        kept = self._kept.get(digest)
        if kept is None:
            kept = self._kept[digest] = KeptColours(digest)
        rgb = kept.colours.get(",".join(map(str, cmyk)))
        if rgb is None:
            pixel = Image.new("CMYK", (1, 1), cmyk)
            converted = _converted(pixel, self.cmyk_to_rgb_transform(profile_path)).getpixel((0, 0))
            assert isinstance(converted, tuple)  # an RGB pixel
            rgb = kept.add(cmyk, converted)
        return rgb[0] / 255, rgb[1] / 255, rgb[2] / 255

    def image_to_cmyk(self, image: Image.Image, profile_path: str, intent: str,
                      ink_limit: float | None = DEFAULT_INK_LIMIT) -> Image.Image:
        """An RGB, Lab or greyscale image converted to CMYK through the output profile, its total
        ink held under `ink_limit` percent (None: as the profile gives it)."""
        if image.mode == "CMYK":
            return image
        if image.mode == "LAB":  # Pillow cannot convert Lab itself: LittleCMS does, with the D50 Lab profile
            cmyk = _converted(image, self.lab_to_cmyk_transform(profile_path, intent))
        else:
            rgb = image if image.mode == "RGB" else image.convert("RGB")
            cmyk = _converted(rgb, self.to_cmyk_transform(profile_path, intent))
        return limit_ink(cmyk, ink_limit) if ink_limit is not None else cmyk

    def image_to_srgb(self, image: Image.Image, profile_path: str) -> Image.Image:
        if image.mode == "CMYK":
            return _converted(image, self.cmyk_to_rgb_transform(profile_path))
        if image.mode == "LAB":
            return _converted(image, lab_to_srgb_transform())
        return image.convert("RGB")

    def image_average(self, path: Path) -> RGB | None:
        """The average colour of an image file, in RGB (None when it cannot be read), read again
        when the file changes."""
        key = (str(path), file_stamp(path))
        if key not in self._averages:
            self._averages[key] = _average(path)
        return self._averages[key]


def _average(path: Path) -> RGB | None:
    try:
        with Image.open(path) as image:
            red, green, blue = image.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))  # type: ignore[misc]
    except (OSError, UnidentifiedImageError, ValueError):
        return None
    return red / 255, green / 255, blue / 255


class KeptColours:
    """The layout's colours converted to sRGB through one profile, kept in the user's cache folder
    (brochure/colour): building LittleCMS's transform from a CMYK profile takes about 20 ms of every
    cold build, which a print build spends on a few colours (its cover graphics' contrast check).
    Named by the profile's content digest and the Pillow and LittleCMS versions that converted them."""

    def __init__(self, digest: str):
        versions = f";{PIL.__version__};{features.version('littlecms2')};relative;2"
        self.path = cache_folder("colour") / f"{hashlib.sha256((digest + versions).encode()).hexdigest()}.json"
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


def strips(image: Image.Image) -> list[tuple[int, Image.Image]]:
    """The image in bands of rows (their top row and pixels), STRIP_PIXELS at most each: pixel
    arithmetic widens every channel to 32 bits, so a page-sized photograph taken whole would need
    hundreds of MiB; band by band the same sums need a few."""
    rows = max(1, STRIP_PIXELS // max(image.width, 1))
    if rows >= image.height:
        return [(0, image)]
    return [(top, image.crop((0, top, image.width, min(top + rows, image.height))))
            for top in range(0, image.height, rows)]


def total_ink_peak(cmyk: Image.Image) -> float:
    """The highest total ink of any pixel of a CMYK image, in percent."""
    return max(_total_ink_peak(strip) for _, strip in strips(cmyk))


def _total_ink_peak(cmyk: Image.Image) -> float:
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
    bands = strips(cmyk)
    if len(bands) == 1:
        return _limited(cmyk, ceiling)
    limited = Image.new("CMYK", cmyk.size)
    for top, band in bands:  # each pixel on its own: band by band is the same image
        limited.paste(_limited(band, ceiling), (0, top))
    return limited


def _limited(cmyk: Image.Image, ceiling: float) -> Image.Image:
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


def _converted(image: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    """A new image through `transform`, band by band (see `strips`: LittleCMS's buffers follow
    the size converted at once); each pixel is converted on its own, so the image is the same."""
    bands = strips(image)
    if len(bands) == 1:
        return _applied(image, transform)
    converted = Image.new(transform.output_mode, image.size)
    for top, band in bands:
        converted.paste(_applied(band, transform), (0, top))
    return converted


def _applied(image: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    converted = ImageCms.applyTransform(image, transform)  # None only when converting in place
    assert converted is not None
    return converted
