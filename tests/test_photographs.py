"""Photographs as designers place them (issue 24): width, crop focus, effective resolution,
ink limit in conversion, JPEG for photographs, file sizes; read back from the PDF."""

from __future__ import annotations

import json
import math
import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageStat

from brochure.colour import ColourTransforms, limit_ink, total_ink_peak
from brochure.errors import BrochureError, ErrorList
from brochure.images import crop_box
from brochure.model.content import Focus
from brochure.pipeline import PreflightFailed
from tests.conftest import require_tool
from tests.harness import MINIMAL, build_from_yaml
from tests.photos import line_art, photograph

PROFILE = str(Path(__file__).resolve().parent.parent / "profiles" / "FOGRA39.icc")
FACE = (0.7, 0.35)  # where the test photograph's face is, as shares of its width and height
MM = 72 / 25.4
A4_COLUMN_MM = (210 - 20 - 16 - 9) / 2  # A4, inner 20 mm, outer 16 mm, gutter 9 mm: 82.5 mm

A4_TWO_COLUMNS = (MINIMAL / "layout" / "document.yaml").read_text(encoding="utf-8") \
    .replace("trim: {width: 148mm, height: 210mm}", "trim: {width: 210mm, height: 297mm}") \
    .replace("margins: {inner: 15mm, outer: 12mm, top: 15mm, bottom: 18mm}",
             "margins: {inner: 20mm, outer: 16mm, top: 24mm, bottom: 26mm}") \
    .replace("gutter: 6mm", "gutter: 9mm")
STYLES = (MINIMAL / "layout" / "styles.yaml").read_text(encoding="utf-8") + """\
  caption: {parent: body, italic: true, size: 7.5pt, leading: 9pt, align: left}
  card-title: {parent: body, bold: true}
boxes:
  image: {space_after: 6pt, image_height: 50mm}
  portrait-card: {padding: 2mm, image_height: 60mm, space_after: 4mm}
"""
PARAGRAPH = ("  - paragraph:\n      fr: Une ville ouverte sur le monde, qui accueille des étudiants.\n"
             "      en: A city open to the world, which welcomes students.\n")


def section(*blocks: str) -> dict[str, str]:
    return {"sections/01-intro.yaml": "id: intro\ntitle: {fr: Introduction, en: Introduction}\nblocks:\n"
            + "".join(blocks)}


def image_block(path: str = "images/photo.jpg", **keys: str) -> str:
    lines = [f"  - image: {path}\n", "    caption: {fr: Un visage, en: A face}\n"]
    lines += [f"    {key}: {value}\n" for key, value in keys.items()]
    return "".join(lines)


@dataclass(frozen=True)
class Embedded:
    page: int
    filter: str  # the image stream's filter, e.g. /DCTDecode (JPEG)
    width: int
    height: int
    pixels: Image.Image


def placed_images(pdf: Path) -> list[Embedded]:
    """Every image in the file, in the order the pages draw them, with its decoded pixels."""
    found = []
    with pikepdf.open(pdf) as document, warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        for number, page in enumerate(document.pages, start=1):
            images = page.images
            drawn = [str(operands[0]) for operands, operator in pikepdf.parse_content_stream(page)
                     if str(operator) == "Do" and str(operands[0]) in images]
            for image in (images[name] for name in drawn):
                filters = image.get("/Filter")
                first = filters[0] if isinstance(filters, pikepdf.Array) else filters
                found.append(Embedded(number, str(first), int(image.Width),
                                      int(image.Height), pikepdf.PdfImage(image).as_pil_image().copy()))
    return found


def report(output: Path) -> dict:
    return json.loads(next(output.glob("*.preflight.json")).read_text(encoding="utf-8"))


# -- crop around the focus ----------------------------------------------------------------------

def test_the_crop_keeps_the_focus_in_view_as_far_as_the_edges_allow():
    strip = crop_box((800, 600), 82.5 / 30, Focus(*FACE))  # a card's 30 mm strip at column width
    assert strip[0] == 0 and strip[2] == 800 and strip[3] - strip[1] == round(800 / (82.5 / 30))
    assert (strip[1] + strip[3]) / 2 == pytest.approx(FACE[1] * 600, abs=1)  # centred on the face
    tall = crop_box((800, 600), 0.5, Focus(0.95, 0.5))  # a narrow box: the sides are cut
    assert tall == (500, 0, 800, 600)  # pushed against the right edge, never past it
    assert crop_box((800, 600), 800 / 600, Focus(0.1, 0.9)) == (0, 0, 800, 600)


def test_a_card_photograph_with_a_focus_keeps_the_face(tmp_path):
    # 1200 px across 170 mm (179 ppi: preflight warns, and this test is about the crop): converting a
    # 2400 px one for print took most of its time, and the face's rows are found all the same
    photo = photograph(tmp_path / "photo.jpg", 1200, 900, face=FACE)
    cards_layout = """\
kinds:
  person:
    box: portrait-card
    fields:
      name: text
      photo: {type: image}
    lines:
      - {style: card-title, show: "{name}"}
"""
    people = """\
kind: person
cards:
  - id: centred
    name: {fr: Centre, en: Centre}
    photo: images/photo.jpg
  - id: focused
    name: {fr: Visage, en: Face}
    photo: {path: images/photo.jpg, focus: {x: 0.7, y: 0.35}}
"""
    result = build_from_yaml(tmp_path, content={**section("  - cards: people\n"), "cards/people.yaml": people},
                             layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES,
                                     "cards.yaml": cards_layout},
                             files={"images/photo.jpg": photo}, formats=("print",))
    images = [embedded.pixels for embedded in placed_images(result.outputs["print"])]
    assert len(images) == 2
    for pixels in images:  # a strip of the frame's width inside the padding and 60 mm: 170 x 60 mm
        assert pixels.width / pixels.height == pytest.approx(170 / 60, rel=0.01)
    centred, focused = (face_rows(pixels) for pixels in images)
    # the face (0.39 of the photo's height) is kept whole with the focus, cut through without
    assert focused is not None and focused[0] > 0 and focused[1] < images[1].height - 1
    assert centred is None or centred[0] == 0 or centred[1] >= images[0].height - 1


def face_rows(cmyk: Image.Image) -> tuple[int, int] | None:
    """The first and last rows holding the face's pale skin (low cyan, some magenta and yellow)."""
    rgb = cmyk.convert("RGB")
    skin = Image.eval(ImageChops.difference(rgb, Image.new("RGB", rgb.size, (236, 196, 170))).convert("L"),
                      lambda v: 255 if v < 40 else 0)
    box = skin.getbbox()
    return (box[1], box[3] - 1) if box else None


# -- resolution ---------------------------------------------------------------------------------

def test_a_photograph_at_column_width_reports_pixels_over_placed_inches(tmp_path):
    """800 px across an A4 column of 82.5 mm is 246 ppi: the physics of the issue's photograph.
    The build reports exactly that, and preflight warns (under 300) with the fix, and passes."""
    photo = photograph(tmp_path / "photo.jpg", face=FACE)
    result = build_from_yaml(tmp_path, content=section(PARAGRAPH, image_block(width="column", fit="contain")),
                             layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES},
                             files={"images/photo.jpg": photo}, formats=("print",))
    expected = 800 / (A4_COLUMN_MM / 25.4)
    assert expected == pytest.approx(246.3, abs=0.1)
    found = report(result.outputs["print"].parent)
    assert found["passed"] is True
    resolution = [f for f in found["findings"] if f["rule"] == "image-resolution"]
    assert [f["severity"] for f in resolution] == ["WARN"]
    assert f"{expected:.0f} ppi (800×600 px placed at 83×62 mm)" in resolution[0]["detail"]
    assert "at least 975 px across" in resolution[0]["detail"]  # 82.5 mm at 300 ppi
    # the build's preflight names the file, and where the content places it, beside the name in the PDF
    assert re.match(r"FormXob\.[0-9a-f]{32} \(images/photo\.jpg, content/sections/[\w.-]+\.yaml:\d+:\d+\): ",
                    resolution[0]["detail"]), resolution[0]["detail"]
    effective = [m["detail"] for m in found["measured"] if m["detail"].startswith("effective")]
    assert effective and f"{expected:.0f} ppi" in effective[0]


def test_a_large_photograph_is_resampled_to_300_ppi_and_a_1200_px_one_is_not(tmp_path):
    large = photograph(tmp_path / "large.jpg", 2000, 1500, face=FACE)
    fair = photograph(tmp_path / "fair.jpg", 1200, 900, face=FACE)
    result = build_from_yaml(tmp_path, content=section(image_block("images/large.jpg", width="column", fit="contain"),
                                                       image_block("images/fair.jpg", width="column", fit="contain")),
                             layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES},
                             files={"images/large.jpg": large, "images/fair.jpg": fair}, formats=("print",))
    widths = [embedded.width for embedded in placed_images(result.outputs["print"])]
    # 2000 px at 82.5 mm is 616 ppi, over 1.5 x 300: resampled to 300 ppi; 1200 px (369 ppi) kept
    assert sorted(widths) == [math.ceil(2000 * 300 / (2000 / (A4_COLUMN_MM / 25.4))), 1200]
    found = report(result.outputs["print"].parent)
    assert not [f for f in found["findings"] if f["rule"] == "image-resolution"]


# -- ink limit ----------------------------------------------------------------------------------

def test_pure_black_goes_to_cmyk_under_the_limit_with_its_shadow_neutral():
    black = Image.new("RGB", (4, 4), (0, 0, 0))
    unlimited = ColourTransforms().image_to_cmyk(black, PROFILE, "relative", None)
    assert total_ink_peak(unlimited) == pytest.approx(329.8, abs=0.5)  # FOGRA39 as it comes
    limited = ColourTransforms().image_to_cmyk(black, PROFILE, "relative", 300)
    assert total_ink_peak(limited) <= 300
    before, after = unlimited.getpixel((0, 0)), limited.getpixel((0, 0))
    assert after[3] == 255  # black full
    # C, M and Y shrink in proportion: their balance (the neutral grey) is kept
    assert [a / after[0] for a in after[:3]] == pytest.approx([b / before[0] for b in before[:3]], abs=0.02)
    assert limit_ink(limited, 320) is limited  # under the limit: untouched


def test_a_photograph_with_black_shadows_passes_the_builds_own_ink_check(tmp_path):
    require_tool("gs", "the preflight's ink coverage check renders the pages with Ghostscript")
    photo = photograph(tmp_path / "photo.jpg", face=FACE, black_shadows=True)
    result = build_from_yaml(tmp_path, content=section(PARAGRAPH, image_block(width="column", fit="contain")),
                             layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES},
                             files={"images/photo.jpg": photo}, formats=("print",))
    [embedded] = placed_images(result.outputs["print"])
    pixels = embedded.pixels
    assert embedded.filter == "/DCTDecode" and pixels.mode == "CMYK"  # a CMYK JPEG
    assert total_ink_peak(pixels) <= 300  # every decoded sample, JPEG ringing included
    assert ImageStat.Stat(pixels.crop((0, 540, 800, 600))).mean[3] > 250  # the shadows still print black
    found = report(result.outputs["print"].parent)
    assert found["passed"] is True
    assert not [f for f in found["findings"] if f["rule"] == "ink-coverage"]
    [highest] = [m["detail"] for m in found["measured"] if m["rule"] == "ink-coverage"]
    assert float(highest.split()[1]) <= 300


def test_line_art_stays_lossless(tmp_path):
    drawing = line_art(tmp_path / "map.png")
    result = build_from_yaml(tmp_path, content=section(image_block("images/map.png", width="column", fit="contain")),
                             layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES},
                             files={"images/map.png": drawing}, formats=("print", "screen"))
    for output in result.outputs.values():
        [embedded] = placed_images(output)
        assert embedded.filter == "/FlateDecode"


# -- mistakes -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("keys", "message"), [
    ({"focus": "{x: 1.5, y: 0.2}"}, r"sections/01-intro.yaml:\d+:\d+: 'blocks\[0\].focus.x': 1.5 is out of range"),
    ({"width": "1.5"}, r"width '1.5' is not a share of the frame from 0 to 1 \(hint: write frame, column"),
    ({"width": "wide"}, r"width 'wide' is neither a word the layout knows nor a length \(hint: write frame"),
    ({"place": "float"}, r"no place 'float' \(hint: one of: here, top, foot, page-top, page-foot, next-page\)"),
    ({"fit": "stretch"}, r"no fit 'stretch'"),
    ({"style": "hero"}, r"image: no box named 'hero' in layout/styles.yaml"),
    ({"style": "image", "box": "image"}, r"an image takes `style` or `box`, not both"),
    ({"colour": "red"}, r"'blocks\[0\].colour': unknown key"),
])
def test_a_mistake_in_an_image_block_is_one_line_at_its_place(tmp_path, keys, message):
    photo = photograph(tmp_path / "photo.jpg")
    with pytest.raises(BrochureError) as caught:
        build_from_yaml(tmp_path, content=section(image_block(**keys)), layout={"styles.yaml": STYLES},
                        files={"images/photo.jpg": photo})
    errors = caught.value.errors if isinstance(caught.value, ErrorList) else [caught.value]
    assert len(errors) == 1 and re.search(message, str(errors[0])), str(errors[0])


def test_an_ink_limit_out_of_range_is_an_error_at_its_line(tmp_path):
    document = A4_TWO_COLUMNS.replace("print:\n", "print:\n  ink_limit: 450\n")
    with pytest.raises(BrochureError, match=r"layout/document.yaml:\d+:\d+: 'print.ink_limit': 450 is out of range"):
        build_from_yaml(tmp_path, layout={"document.yaml": document})


# -- outputs ------------------------------------------------------------------------------------

def test_a_good_build_removes_the_rejected_file_and_the_screen_file_carries_xmp(tmp_path):
    small = photograph(tmp_path / "small.jpg", 300, 225)  # 300 px across 174 mm: 44 ppi
    with pytest.raises(PreflightFailed) as failed:
        build_from_yaml(tmp_path, content=section(image_block("images/small.jpg")),
                        layout={"styles.yaml": STYLES}, files={"images/small.jpg": small}, formats=("print",))
    rejected = failed.value.rejected
    assert rejected.name == "minimal.rejected.pdf" and rejected.is_file()
    result = build_from_yaml(tmp_path, content=section(PARAGRAPH), layout={"styles.yaml": STYLES},
                             formats=("print", "screen"))
    assert result.outputs["print"].is_file() and not rejected.exists()
    with pikepdf.open(result.outputs["screen"]) as screen:
        xmp = bytes(screen.Root.Metadata.read_bytes()).decode("utf-8")
    assert "<dc:title>" in xmp and "<dc:language>" in xmp and "<xmp:CreateDate>" in xmp
    assert "GTS_PDFXVersion" not in xmp  # a screen file claims no PDF/X


def test_the_ink_finding_shows_the_unrounded_figure_how_far_over_and_the_fix():
    from brochure.preflight.checks.ink import over_limit

    # shown to a tenth with how far over: 330.2 % is never printed "330 % (limit 330 %)"
    assert over_limit(330.2, 330, "at 1 mm, 2 mm").startswith("330.2 % total ink at 1 mm, 2 mm: 0.2 % over the limit "
                                                              "of 330 %; lower the ink there")
    assert over_limit(300.04, 300, "here").startswith("300 % total ink here: less than 0.1 % over the limit of 300 %")
    assert "print: ink_limit" in over_limit(329.8, 300, "here") and "29.8 % over" in over_limit(329.8, 300, "here")


def test_a_lab_photograph_converts_under_the_limit_for_print_and_to_srgb_for_screens(tmp_path):
    from PIL import ImageCms

    rgb = Image.open(photograph(tmp_path / "photo.jpg", face=FACE, black_shadows=True)).convert("RGB")
    to_lab = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.createProfile("LAB"), "RGB", "LAB")
    lab = ImageCms.applyTransform(rgb, to_lab)
    assert lab is not None and lab.mode == "LAB"
    lab.save(tmp_path / "photo.tif")
    result = build_from_yaml(tmp_path, content=section(PARAGRAPH, image_block("images/photo.tif", width="column",
                                                                              fit="contain")),
                             layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES},
                             files={"images/photo.tif": tmp_path / "photo.tif"}, formats=("print", "screen"))
    [printed] = placed_images(result.outputs["print"])
    assert printed.pixels.mode == "CMYK" and total_ink_peak(printed.pixels) <= 300
    assert ImageStat.Stat(printed.pixels.crop((0, 540, 800, 600))).mean[3] > 250  # black shadows stay black
    [shown] = placed_images(result.outputs["screen"])
    sky = ImageStat.Stat(shown.pixels.convert("RGB").crop((300, 5, 400, 20))).mean
    assert sky[2] > sky[0] + 60  # the blue sky is blue on screen: Lab read as Lab
