"""Images: RGB and greyscale photographs converted to CMYK through the output profile,
CMYK JPEGs placed untouched and not inverted twice; screen images in sRGB."""

from __future__ import annotations

import io
import shutil

import pytest
from PIL import Image, ImageStat
from reportlab.pdfgen.canvas import Canvas

from brochure.errors import ContentError
from brochure.images import ImageAssets
from brochure.layout.flowables import Picture
from brochure.pipeline import PreflightFailed, Project, build
from tests.conftest import REPOSITORY
from tests.pdf_reading import images

PHOTOS = REPOSITORY / "tests" / "fixtures" / "images"
PROFILE = str(REPOSITORY / "profiles" / "FOGRA39.icc")


def placed_and_rendered(relative: str, screen: bool = False) -> Image.Image:
    """The photograph drawn on a page through our image path, then rendered by pdfium."""
    pdfium = pytest.importorskip("pypdfium2")
    assets = ImageAssets(REPOSITORY, PROFILE, "relative", screen=screen)
    prepared = assets.prepare(relative, 300, None)
    picture = Picture(prepared.drawable, prepared.width_px, prepared.height_px,
                      300 * prepared.height_px / prepared.width_px, relative)
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(300, picture.box_height), enforceColorSpace=None if screen else "cmyk")
    picture.wrapOn(canvas, 300, picture.box_height)
    picture.drawOn(canvas, 0, 0)
    canvas.save()
    return pdfium.PdfDocument(buffer.getvalue())[0].render(scale=1).to_pil().convert("RGB")


def mean(image: Image.Image) -> list[float]:
    return ImageStat.Stat(image.convert("RGB")).mean


@pytest.mark.parametrize(("name", "original"), [
    ("coffee-rgb.png", "coffee-rgb.png"),
    ("camera-grey.png", "camera-grey.png"),
    ("chelsea-cmyk.jpg", None),
])
def test_placed_photographs_keep_their_colours(name, original):
    rendered = mean(placed_and_rendered(f"tests/fixtures/images/{name}"))
    if original is None:  # the CMYK JPEG: compare with what Pillow decodes, un-inverted
        reference = mean(Image.open(PHOTOS / name).convert("RGB"))
    else:
        reference = mean(Image.open(PHOTOS / original))
    # a naive CMYK rendering differs a little from the profile; an inverted image by ~100+
    assert all(abs(a - b) < 45 for a, b in zip(rendered, reference)), (rendered, reference)


@pytest.mark.slow  # two whole Aix builds
def test_print_images_are_cmyk_and_screen_images_rgb(tmp_path):
    project = tmp_path / "brochure"
    for folder in ("content", "layout", "fonts", "images", "profiles"):
        shutil.copytree(REPOSITORY / folder, project / folder)
    for photo in PHOTOS.glob("*.*"):
        shutil.copy(photo, project / "images" / photo.name)
    cities = project / "content" / "cards" / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    for city, photo in (("bath", "coffee-rgb.png"), ("coimbra", "camera-grey.png"), ("granada", "chelsea-cmyk.jpg")):
        text = text.replace(f"  - id: {city}\n", f"  - id: {city}\n    image: images/{photo}\n", 1)
    cities.write_text(text, encoding="utf-8")
    styles = project / "layout" / "styles.yaml"
    styles.write_text(styles.read_text(encoding="utf-8").replace("max_height: 62mm", "max_height: 100mm"),
                      encoding="utf-8")
    # 600-pixel photographs across a card are far under 150 ppi: the print build fails
    # preflight on exactly that, and keeps the rejected file aside for inspection
    with pytest.raises(PreflightFailed) as failed:
        build(Project.at(project), formats=("print",), editions=("fr-en",))
    assert {finding.rule for finding in failed.value.report.errors} == {"image-resolution"}
    outputs = {"print": failed.value.rejected,
               "screen": build(Project.at(project), formats=("screen",), editions=("fr-en",)).outputs["screen"]}
    listing = {edition: images(path) for edition, path in outputs.items()}
    assert len(listing["print"]) == 3 and len(listing["screen"]) == 3
    assert {row.colour for row in listing["print"]} == {"cmyk"}
    assert {row.colour for row in listing["screen"]} == {"rgb"}
    # photographs as JPEG in both (the CMYK one is cropped to the card's strip, so encoded again)
    assert [row.encoding for row in listing["print"]] == ["jpeg"] * 3


def test_a_missing_or_corrupt_image_is_a_user_error(tmp_path):
    assets = ImageAssets(tmp_path, PROFILE)
    with pytest.raises(ContentError, match=r"image not found: photo\.jpg"):
        assets.prepare("photo.jpg", 100, None)
    (tmp_path / "broken.jpg").write_bytes((PHOTOS / "chelsea-cmyk.jpg").read_bytes()[:5000])
    with pytest.raises(ContentError, match=r"broken\.jpg cannot be read"):
        assets.prepare("broken.jpg", 100, None)
    (tmp_path / "notes.png").write_text("not an image")
    with pytest.raises(ContentError, match="not an image format"):
        assets.prepare("notes.png", 100, None)
