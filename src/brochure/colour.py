"""Colour: conversions through the output profile (CMYK to sRGB for the screen edition,
images to CMYK for print), with Pillow's ImageCms (LittleCMS)."""

from __future__ import annotations

from functools import cache, lru_cache

from PIL import Image, ImageCms

INTENTS = {"relative": ImageCms.Intent.RELATIVE_COLORIMETRIC, "perceptual": ImageCms.Intent.PERCEPTUAL}


@cache
def _profile(path: str) -> ImageCms.ImageCmsProfile:
    return ImageCms.getOpenProfile(path)


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


@lru_cache(maxsize=8)
def cmyk_to_rgb_transform(profile_path: str, intent: str = "relative") -> ImageCms.ImageCmsTransform:
    return ImageCms.buildTransform(_profile(profile_path), _srgb(), "CMYK", "RGB", INTENTS[intent])


@lru_cache(maxsize=8)
def to_cmyk_transform(profile_path: str, intent: str) -> ImageCms.ImageCmsTransform:
    """sRGB (greyscale images go through it too) to the output profile's CMYK."""
    return ImageCms.buildTransform(_srgb(), _profile(profile_path), "RGB", "CMYK", INTENTS[intent])


@lru_cache(maxsize=1024)
def cmyk_to_srgb(cyan: float, magenta: float, yellow: float, black: float,
                 profile_path: str) -> tuple[float, float, float]:
    """A process colour as it prints, in sRGB (0..1 per channel), for screens."""
    pixel = Image.new("CMYK", (1, 1), tuple(round(v * 255) for v in (cyan, magenta, yellow, black)))
    red, green, blue = _converted(pixel, cmyk_to_rgb_transform(profile_path)).getpixel((0, 0))  # type: ignore[misc]
    return red / 255, green / 255, blue / 255


def image_to_cmyk(image: Image.Image, profile_path: str, intent: str) -> Image.Image:
    """An RGB or greyscale image converted to CMYK through the output profile."""
    if image.mode == "CMYK":
        return image
    rgb = image.convert("RGB")
    return _converted(rgb, to_cmyk_transform(profile_path, intent))


def image_to_srgb(image: Image.Image, profile_path: str) -> Image.Image:
    if image.mode == "CMYK":
        return _converted(image, cmyk_to_rgb_transform(profile_path))
    return image.convert("RGB")


def _converted(image: Image.Image, transform: ImageCms.ImageCmsTransform) -> Image.Image:
    """A new image through `transform` (Pillow returns None only when converting in place)."""
    converted = ImageCms.applyTransform(image, transform)
    assert converted is not None
    return converted
