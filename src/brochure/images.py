"""Images prepared for an edition (shared by layout and render): cropped to what shows, CMYK
through the output profile under the ink limit for print, sRGB for screens, resampled when far
above the target resolution, photographs as JPEG and line art lossless."""

from __future__ import annotations

import io
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps

from brochure import limits
from brochure.colour import ColourTransforms, total_ink_peak
from brochure.errors import Location
from brochure.images_on_disk import disk_key, read_kept, write_kept
from brochure.kept import Kept
from brochure.load.images import TRANSPOSED, open_image
from brochure.load.paths import file_stamp
from brochure.model.content import Focus
from brochure.model.design import ImageSettings

PHOTO_COLOURS = 1024  # more distinct colours than this (in a sample) make an image a photograph
PHOTO_GREYS = 64
SAMPLE_SIDE = 256
JPEG_INK_MARGIN = 1.0  # percent under the limit for decoded JPEG pixels: decoders round differently
JPEG_INK_TRIES = 4
JPEG_SUBSAMPLING = 0  # 4:4:4 for print and screen alike: no colour bleeding at sharp edges


@dataclass(frozen=True)
class PreparedImage:
    """What reportlab draws: a file to embed as is (a CMYK JPEG), JPEG bytes, or decoded pixels.
    `crop` is the part of the source (left, top, right, bottom in its pixels) these pixels show."""

    source: str | bytes | Image.Image
    width_px: int
    height_px: int
    mode: str
    crop: tuple[int, int, int, int] = (0, 0, 0, 0)
    source_size: tuple[int, int] = (0, 0)

    @property
    def drawable(self) -> str | Image.Image | io.BytesIO:
        """What reportlab's drawImage takes: JPEG bytes as a file, so it embeds them as they are."""
        return io.BytesIO(self.source) if isinstance(self.source, bytes) else self.source

    @cached_property
    def xobject_name(self) -> str | None:
        """reportlab's name for these pixels, as its drawImage makes it: the digest of the decoded
        RGB data (and of no mask). drawImage decodes and hashes them at every draw (a page's
        photograph: 0.07 s, at each of the page plan's layouts); made once here, kept with the
        prepared image. None for a file embedded as is, which reportlab names by its path."""
        if isinstance(self.source, str):
            return None
        from reportlab.lib.utils import ImageReader, _digester  # type: ignore[attr-defined]  # drawImage's own

        pixels: bytes = ImageReader(self.drawable).getRGBData()  # type: ignore[no-untyped-call]
        return str(_digester(pixels + b"None"))

    def ppi(self, placed_width: float) -> float:
        """The effective resolution at a placed width (points)."""
        return self.width_px / (placed_width / 72)


@dataclass(frozen=True)
class Fitting:
    """The box an image fills (points) and how: `cover` crops around `focus`, `contain` shows all."""

    width: float
    height: float | None = None  # None: the image's own proportion at `width`
    fit: str = "cover"
    focus: Focus = field(default_factory=Focus)


GREY_MODES = ("1", "L", "LA", "I", "I;16")


class KeptImages:
    """A build session's prepared images (pipeline/session.py), kept for reuse (the same picture in
    several editions, a watch's rebuilds), up to `limits.MAX_KEPT_IMAGE_PIXELS` held in memory in
    all, the oldest forgotten first; an image larger than that alone is prepared each time it is
    asked for, never kept. (Kept by count alone, four 81-megapixel images placed without a box held
    2.25 GB.)"""

    def __init__(self) -> None:
        self.kept: Kept[tuple[Any, ...], PreparedImage] = Kept(lambda _key, image: held_pixels(image),
                                                                limits.MAX_KEPT_IMAGE_PIXELS)

    def get(self, key: tuple[Any, ...], prepare: Callable[[], PreparedImage]) -> PreparedImage:
        """The image prepared under `key` (everything its preparation reads), prepared now if not kept."""
        prepared = self.kept.get(key)
        if prepared is None:
            self.kept.budget = limits.MAX_KEPT_IMAGE_PIXELS  # read when used (a test lowers it)
            prepared = self.kept.keep(key, prepare())
        return prepared

    def held_pixels(self) -> int:
        return self.kept.total


def held_pixels(prepared: PreparedImage) -> int:
    """The pixels a prepared image holds in memory (JPEG bytes count as a quarter of a pixel a
    byte; a file embedded as is holds none)."""
    if isinstance(prepared.source, Image.Image):
        return prepared.source.width * prepared.source.height
    return len(prepared.source) // 4 if isinstance(prepared.source, bytes) else 0


def crop_box(size: tuple[int, int], box_ratio: float, focus: Focus) -> tuple[int, int, int, int]:
    """The part of an image of `size` a box of width/height `box_ratio` shows when the image
    covers it: as large as it can be, centred on `focus` where the edges allow."""
    width, height = size
    if width / height > box_ratio:  # wider than the box: cut the sides
        shown = max(1, min(width, round(height * box_ratio)))
        left = min(max(round(focus.x * width - shown / 2), 0), width - shown)
        return left, 0, left + shown, height
    shown = max(1, min(height, round(width / box_ratio)))
    top = min(max(round(focus.y * height - shown / 2), 0), height - shown)
    return 0, top, width, top + shown


def is_photograph(image: Image.Image) -> bool:
    """JPEG sources, and images of many colours; a map, a logo, line art (few flat colours) are not."""
    if image.format == "JPEG":
        return True
    if image.mode in ("1", "P", "PA"):
        return False
    scale = min(1.0, SAMPLE_SIDE / max(image.size))
    sample = image.resize((max(1, round(image.width * scale)), max(1, round(image.height * scale))),
                          Image.Resampling.NEAREST)
    # a greyscale photograph has at most 256 tones, line art a handful
    return sample.getcolors(PHOTO_GREYS if sample.mode in ("L", "LA", "I", "I;16") else PHOTO_COLOURS) is None


def resample(image: Image.Image, placed_width: float, target_ppi: float, above: float) -> Image.Image:
    """`image` resampled to `target_ppi` at `placed_width` points when it is over `above` times it."""
    ppi = image.width / (placed_width / 72)
    if ppi <= target_ppi * above:
        return image
    # rounded up: the file then never reads a hair under the target
    share = target_ppi / ppi
    size = (max(1, math.ceil(image.width * share)), max(1, math.ceil(image.height * share)))
    return image.resize(size, Image.Resampling.LANCZOS)


def jpeg(image: Image.Image, quality: int) -> bytes:
    """JPEG bytes (Pillow writes CMYK as Adobe's inverted CMYK, which reportlab marks with its
    Decode array). No metadata and no timestamps: the same pixels give the same bytes."""
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=quality, subsampling=JPEG_SUBSAMPLING, optimize=True)
    return buffer.getvalue()


def fitted(image: Image.Image, fitting: Fitting) -> tuple[Image.Image, tuple[int, int, int, int], float]:
    """The part of `image` that shows in the box, its crop box, and the width (points) it is drawn at."""
    if fitting.fit == "cover" and fitting.height is not None:
        box = crop_box(image.size, fitting.width / fitting.height, fitting.focus)
        shown = image.crop(box) if box != (0, 0, image.width, image.height) else image
        return shown, box, fitting.width
    full = (0, 0, image.width, image.height)
    if fitting.height is None:
        return image, full, fitting.width
    return image, full, min(fitting.width, fitting.height * image.width / image.height)


def prepare_for_print(colours: ColourTransforms, path: str, shown: str, profile: str, intent: str,
                      fitting: Fitting | None, settings: ImageSettings, where: Location | None = None,
                      grey_as_black: bool = True) -> PreparedImage:
    """CMYK for the print edition. A CMYK JPEG shown whole at a sensible resolution is embedded
    untouched (reportlab writes the Decode array Adobe's inverted CMYK needs); a greyscale image
    prints in black ink only (`grey_as_black`: no colour cast, no register problem); anything else
    goes through the output profile under the ink limit, so no RGB or greyscale reaches the press."""
    image = open_image(Path(path), shown, where)
    photograph = is_photograph(image)
    size = image.size
    shown_part, box, drawn_width = fitted(image, fitting) if fitting is not None else (image, (0, 0, *size), 0.0)
    if fitting is not None:
        shown_part = resample(shown_part, drawn_width, settings.ppi, settings.downsample_above)
    if image.format == "JPEG" and image.mode == "CMYK" and shown_part is image and not image.info.get(TRANSPOSED):
        return PreparedImage(path, image.width, image.height, "CMYK", box, size)
    grey = shown_part.mode in GREY_MODES
    if shown_part.mode in ("RGBA", "LA", "P", "PA"):
        shown_part = flatten(shown_part)
    if grey and grey_as_black:
        cmyk = grey_to_black(shown_part)
        source: bytes | Image.Image = jpeg(cmyk, settings.jpeg_quality) if photograph else cmyk
    elif photograph:
        cmyk, source = cmyk_jpeg_under_limit(colours, shown_part, profile, intent, settings)
    else:
        cmyk = source = colours.image_to_cmyk(shown_part, profile, intent, settings.ink_limit)
    return PreparedImage(source, cmyk.width, cmyk.height, "CMYK", box, size)


def cmyk_jpeg_under_limit(colours: ColourTransforms, image: Image.Image, profile: str, intent: str,
                          settings: ImageSettings) -> tuple[Image.Image, bytes]:
    """`image` in CMYK as JPEG whose decoded pixels stay under the ink limit. JPEG rings where
    black meets light (about 15 % more ink over a pixel or two) and a press check samples single
    pixels, so the limit is lowered by what the decoded file still has too much, and tried again."""
    limit = settings.ink_limit
    ceiling = limit - JPEG_INK_MARGIN
    cmyk = colours.image_to_cmyk(image, profile, intent, ceiling)
    encoded = jpeg(cmyk, settings.jpeg_quality)
    for _ in range(JPEG_INK_TRIES):
        over = total_ink_peak(Image.open(io.BytesIO(encoded))) - (limit - JPEG_INK_MARGIN)
        if over <= 0:
            break
        ceiling -= over + 0.5
        cmyk = colours.image_to_cmyk(image, profile, intent, ceiling)
        encoded = jpeg(cmyk, settings.jpeg_quality)
    return cmyk, encoded


def prepare_for_screen(colours: ColourTransforms, path: str, shown: str, profile: str, fitting: Fitting | None,
                       settings: ImageSettings, where: Location | None = None) -> PreparedImage:
    """sRGB, resampled to the screen target (150 ppi) at the size it is placed when above 1.5 times it."""
    image = open_image(Path(path), shown, where)
    photograph = is_photograph(image)
    size = image.size
    shown_part, box, drawn_width = fitted(image, fitting) if fitting is not None else (image, (0, 0, *size), 0.0)
    if shown_part.mode in ("RGBA", "LA", "P", "PA"):
        shown_part = flatten(shown_part)
    rgb = colours.image_to_srgb(shown_part, profile)
    if fitting is not None:
        rgb = resample(rgb, drawn_width, settings.screen_ppi, settings.downsample_above)
    source: bytes | Image.Image = jpeg(rgb, settings.screen_jpeg_quality) if photograph else rgb
    return PreparedImage(source, rgb.width, rgb.height, "RGB", box, size)


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
    settings: ImageSettings = field(default_factory=ImageSettings)
    # the build session's (pipeline/session.py): conversions by profile content, prepared images
    colours: ColourTransforms = field(default_factory=ColourTransforms, compare=False)
    kept: KeptImages = field(default_factory=KeptImages, compare=False)
    # each image file (and where the layout or content places it) by the name reportlab gives its
    # pixels in the PDF: the build's preflight says which file a finding is about, not "FormXob.ddf8…"
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def prepare(self, relative: str, placed: float | Fitting | None, where: Location | None) -> PreparedImage:
        """`relative` prepared for this edition. `placed`: the box it fills (cropped to what shows,
        resampled when far above the target), or a width only (an upper bound: resampled, not cropped)."""
        path = str(self.root / relative)
        fitting = Fitting(placed, None, "contain") if isinstance(placed, (int, float)) else placed
        # what the preparation reads beside the file: the profile by its content
        made_from = (self.screen, self.colours.digest(self.profile), self.intent, fitting, self.settings,
                     self.grey_as_black)

        def prepare() -> PreparedImage:
            if self.screen:
                return prepare_for_screen(self.colours, path, relative, self.profile, fitting, self.settings, where)
            return prepare_for_print(self.colours, path, relative, self.profile, self.intent, fitting, self.settings,
                                     where, self.grey_as_black)

        # kept in memory by the file's stamp (a file replaced in a live process is read again) and
        # where it is placed (its errors name it); on disk by the file's content
        key = (path, file_stamp(Path(path)), where, *made_from)
        prepared = self.kept.get(key, lambda: on_disk(Path(path), made_from, prepare))
        if (name := prepared.xobject_name) is not None:  # made once, and needed to draw it anyway
            self.sources.setdefault(f"FormXob.{name}", relative if where is None else f"{relative}, {where}")
        return prepared


def on_disk(path: Path, made_from: tuple[Any, ...], prepare: Callable[[], PreparedImage]) -> PreparedImage:
    """A photograph prepared by an earlier build, read back from the user's cache folder
    (images_on_disk), else prepared now and kept there. `made_from`: what the preparation reads
    beside the file's content."""
    name = disk_key(path, *made_from)
    kept = read_kept(name) if name is not None else None
    if kept is not None and (prepared := from_header(*kept)) is not None:
        return prepared
    prepared = prepare()
    if name is not None and isinstance(prepared.source, bytes):
        write_kept(name, {"width": prepared.width_px, "height": prepared.height_px, "mode": prepared.mode,
                          "crop": list(prepared.crop), "source_size": list(prepared.source_size),
                          "name": prepared.xobject_name}, prepared.source)
    return prepared


def from_header(header: dict[str, Any], jpeg: bytes) -> PreparedImage | None:
    """A kept photograph as a PreparedImage, its reportlab name already known; None when the header
    is not one this version wrote."""
    try:
        crop, source_size = tuple(map(int, header["crop"])), tuple(map(int, header["source_size"]))
        prepared = PreparedImage(jpeg, int(header["width"]), int(header["height"]), str(header["mode"]),
                                 crop, source_size)  # type: ignore[arg-type]
        name = str(header["name"])
    except (KeyError, TypeError, ValueError):
        return None
    if len(crop) != 4 or len(source_size) != 2:
        return None
    prepared.__dict__["xobject_name"] = name  # its cached_property's value, as the first build made it
    return prepared
