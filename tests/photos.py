"""Test photographs drawn with Pillow (no downloads): a gradient sky, noise like film grain, a
face-like focal shape placed where a test wants it, and shadows of pure black."""

from __future__ import annotations

import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter


def photograph(path: Path, width: int = 800, height: int = 600, face: tuple[float, float] = (0.5, 0.5),
               black_shadows: bool = False, seed: int = 1) -> Path:
    """An RGB JPEG of `width` x `height` px: a warm-to-blue gradient with grain, a pale oval 'face'
    with two dark eyes centred at `face` (shares of width and height), and with `black_shadows`
    a band of pure black (0, 0, 0) along the bottom and a black disc beside the face."""
    rng = random.Random(seed)
    gradient = Image.linear_gradient("L").resize((width, height))
    sky = Image.merge("RGB", (gradient.point(lambda v: 40 + v * 0.7), gradient.point(lambda v: 90 + v * 0.4),
                              gradient.point(lambda v: 200 - v * 0.5)))
    grain = Image.effect_noise((width, height), 40).convert("RGB")
    image = Image.blend(sky, grain, 0.18)
    draw = ImageDraw.Draw(image)
    side = min(width, height) * 0.3
    cx, cy = face[0] * width, face[1] * height
    draw.ellipse((cx - side / 2, cy - side * 0.65, cx + side / 2, cy + side * 0.65), fill=(236, 196, 170))
    for dx in (-0.18, 0.18):
        draw.ellipse((cx + dx * side - side * 0.06, cy - side * 0.2, cx + dx * side + side * 0.06, cy - side * 0.08),
                     fill=(30, 20, 20))
    draw.arc((cx - side * 0.2, cy + side * 0.05, cx + side * 0.2, cy + side * 0.35), 20, 160, fill=(150, 60, 60),
             width=max(1, round(side * 0.03)))
    for _ in range(40):  # leaves: texture a JPEG must keep
        x, y = rng.uniform(0, width), rng.uniform(0, height * 0.3)
        draw.ellipse((x, y, x + side * 0.1, y + side * 0.06), fill=(rng.randrange(30, 90), rng.randrange(100, 160), 40))
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    if black_shadows:
        draw = ImageDraw.Draw(image)
        draw.rectangle((0, round(height * 0.8), width, height), fill=(0, 0, 0))
        draw.ellipse((width * 0.05, height * 0.3, width * 0.3, height * 0.6), fill=(0, 0, 0))
    image.save(path, "JPEG", quality=92)
    return path


def line_art(path: Path, width: int = 600, height: int = 400) -> Path:
    """A PNG map-like drawing in four flat colours (kept lossless)."""
    image = Image.new("RGB", (width, height), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    for index in range(0, width, 40):
        draw.line((index, 0, width - index, height), fill=(40, 90, 160), width=3)
    draw.rectangle((width * 0.3, height * 0.3, width * 0.7, height * 0.7), outline=(200, 40, 40), width=5)
    image.save(path, "PNG")
    return path
