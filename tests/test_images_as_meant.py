"""Images as the file means them: a phone photograph turned as its EXIF orientation says, 16-bit
images scaled to 8 bits (not clipped to white), CMYK and greyscale kept as they are. Each is
placed through the build's image path on a PDF page and read back from the PDF (pikepdf's
image extraction, pdfium's rendering)."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageDraw, ImageStat
from reportlab.pdfgen.canvas import Canvas

from brochure.images import ImageAssets
from brochure.layout.flowables import Picture
from tests.conftest import REPOSITORY

PROFILE = str(REPOSITORY / "profiles" / "FOGRA39.icc")


def placed(root: Path, relative: str) -> bytes:
    """A one-page PDF with the image drawn 300 pt wide through the print edition's image path."""
    prepared = ImageAssets(root, PROFILE, "relative").prepare(relative, 300, None)
    picture = Picture(prepared.drawable, prepared.width_px, prepared.height_px,
                      300 * prepared.height_px / prepared.width_px, relative)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, picture.box_height), enforceColorSpace="cmyk")
    picture.wrapOn(canvas, 300, picture.box_height)
    picture.drawOn(canvas, 0, 0)
    canvas.save()
    return buffer.getvalue()


def image_in(pdf: bytes) -> Image.Image:
    """The one image of the PDF's page as pikepdf extracts it."""
    with pikepdf.open(io.BytesIO(pdf)) as document:
        [image] = [pikepdf.PdfImage(xobject) for xobject in document.pages[0].get_images().values()]
        return image.as_pil_image()


def rendered(pdf: bytes) -> Image.Image:
    pdfium = pytest.importorskip("pypdfium2")
    return pdfium.PdfDocument(pdf)[0].render(scale=1).to_pil().convert("L")


def png16(path: Path, width: int, height: int, pixel) -> Path:
    """A 16-bit PNG written by hand (Pillow writes no 16-bit RGB): grey when `pixel` gives one value."""
    channels = len(pixel(0, 0))
    rows = b"".join(b"\0" + b"".join(struct.pack(">" + "H" * channels, *pixel(x, y)) for x in range(width))
                    for y in range(height))
    colour_type = 0 if channels == 1 else 2

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
                     + chunk(b"IEND", b""))
    return path


def left_and_right(image: Image.Image) -> tuple[float, float]:
    """The mean tone (0 black .. 255 white) of the left and right eighths."""
    grey = image.convert("L")
    strip = grey.width // 8
    left = grey.crop((0, 0, strip, grey.height))
    right = grey.crop((grey.width - strip, 0, grey.width, grey.height))
    return ImageStat.Stat(left).mean[0], ImageStat.Stat(right).mean[0]


@pytest.mark.parametrize("kind", ["grey PNG", "grey TIFF big-endian", "RGB PNG"])
def test_a_16_bit_image_is_scaled_to_8_bits_not_clipped_to_white(tmp_path, kind):
    # a ramp from black on the left to white on the right, in 16 bits
    if kind == "grey PNG":
        png16(tmp_path / "ramp.png", 256, 32, lambda x, y: (x * 257,))
        name = "ramp.png"
    elif kind == "RGB PNG":
        png16(tmp_path / "ramp.png", 256, 32, lambda x, y: (x * 257, x * 257, x * 257))
        name = "ramp.png"
    else:
        data = b"".join(struct.pack(">H", x * 257) for y in range(32) for x in range(256))
        Image.frombytes("I;16B", (256, 32), data).save(tmp_path / "ramp.tif")
        name = "ramp.tif"
    dark, light = left_and_right(rendered(placed(tmp_path, name)))
    assert dark < 60 and light > 200, (dark, light)  # clipped, the whole ramp was white


def phone_photograph(path: Path, orientation: int, mode: str = "RGB") -> Path:
    """A 400 × 200 JPEG as a phone stores it (sideways) with its EXIF orientation; a red (or cyan) block in
    the stored top left corner."""
    image = Image.new("RGB", (400, 200), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 99, 49), fill=(255, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = orientation
    (image.convert("CMYK") if mode == "CMYK" else image).save(path, "JPEG", quality=95, exif=exif.tobytes())
    return path


@pytest.mark.parametrize("mode", ["RGB", "CMYK"])
def test_a_phone_photograph_is_turned_as_its_exif_orientation_says(tmp_path, mode):
    # orientation 6: the stored image is shown turned 90° clockwise: 200 wide, 400 tall, the stored
    # top left corner at the top right
    phone_photograph(tmp_path / "phone.jpg", 6, mode)
    pdf = placed(tmp_path, "phone.jpg")
    image = image_in(pdf)
    assert image.size == (200, 400)
    page = rendered(pdf)
    corner = page.width // 5, page.height // 10
    top_right = page.crop((page.width - corner[0], 0, page.width, corner[1]))
    top_left = page.crop((0, 0, corner[0], corner[1]))
    assert top_right.getextrema()[1] < 200 and top_left.getextrema()[0] > 200


def test_cmyk_and_greyscale_are_placed_as_they_are(tmp_path):
    # flat colours (line art: placed lossless): pure cyan and a 40 % grey
    Image.new("CMYK", (120, 80), (255, 0, 0, 0)).save(tmp_path / "cyan.tif")
    Image.new("L", (120, 80), 153).save(tmp_path / "grey.png")
    cyan = image_in(placed(tmp_path, "cyan.tif")).convert("CMYK")
    assert cyan.getextrema() == ((255, 255), (0, 0), (0, 0), (0, 0))
    grey = image_in(placed(tmp_path, "grey.png")).convert("CMYK")
    assert grey.getextrema() == ((0, 0), (0, 0), (0, 0), (102, 102))  # black ink only: 255 - 153
