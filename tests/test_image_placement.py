"""Image blocks placed as the designer says (issue 24): width (frame, column, share, length),
align, captions at the image's width, floats to the foot or top of a frame or the next page.
Positions are read back from the rendered PDF with pdfium."""

from __future__ import annotations

import pytest

from brochure.layout.geometry import text_frame
from brochure.pipeline import Project, load_project, render_pdf
from tests.harness import write_brochure
from tests.photos import photograph
from tests.test_photographs import A4_TWO_COLUMNS, STYLES, image_block

pdfium = pytest.importorskip("pypdfium2")
raw = pytest.importorskip("pypdfium2.raw")

MM = 72 / 25.4
# a small photograph: these tests are about where images go, which its size in pixels does not change
# (only its aspect ratio does); converting 1600 x 1200 px for print took most of their time
PHOTO_PIXELS = (400, 300)
FILLER = ("  - paragraph:\n      fr: " + "Une ville ouverte sur le monde, qui accueille des étudiants. " * 5
          + "\n      en: " + "A city open to the world, which welcomes students from many countries. " * 5 + "\n")


def render(tmp_path, *blocks: str):
    """The rendered pages (pdfium), the recto text frame and the gutter, in PDF points."""
    photo = photograph(tmp_path / "photo.jpg", *PHOTO_PIXELS)
    root = write_brochure(tmp_path / "brochure", content={
        "sections/01-intro.yaml": "id: intro\nblocks:\n" + "".join(blocks)},
        layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES}, files={"images/photo.jpg": photo})
    brochure, design = load_project(Project.at(root))
    rendered = render_pdf(brochure, design, root)
    document = pdfium.PdfDocument(rendered.pdf)
    frames = [text_frame(design.page, design.template("page"), number % 2 == 1)
              for number in range(1, len(document) + 1)]
    return document, frames, design.page.gutter


def images_on(page) -> list[tuple[float, float, float, float]]:
    return [image.get_bounds() for image in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=3)]


def text_box(page, text: str) -> tuple[float, float, float, float]:
    """The box of the first character of `text` on `page`."""
    textpage = page.get_textpage()
    found = textpage.search(text).get_next()
    assert found is not None, text
    return textpage.get_charbox(found[0])


def test_width_and_align_and_captions_at_the_images_width(tmp_path):
    document, frames, gutter = render(
        tmp_path,
        image_block(width="column", align="right", fit="contain"),
        image_block(width="60mm", fit="contain").replace("A face", "Sixty"),
        image_block(width="0.5", align="left", height="30mm").replace("A face", "Half"),
        image_block(width="frame", height="40mm").replace("A face", "Wide"))
    page = document[0]
    frame = frames[0]
    boxes = sorted(images_on(page), key=lambda box: -box[3])  # top to bottom
    assert len(boxes) == 4
    column = (frame.width - gutter) / 2
    right, sixty, half, wide = boxes
    shift = wide[0] - frame.x  # the media box's origin (bleed and slug) before the trim
    assert wide[2] - wide[0] == pytest.approx(frame.width, abs=0.5)
    assert right[2] - right[0] == pytest.approx(column, abs=0.5)
    assert right[2] == pytest.approx(shift + frame.x + frame.width, abs=0.5)  # aligned right
    assert sixty[2] - sixty[0] == pytest.approx(60 * MM, abs=0.5)
    assert (sixty[0] + sixty[2]) / 2 == pytest.approx(shift + frame.x + frame.width / 2, abs=0.5)  # centred
    assert half[2] - half[0] == pytest.approx(frame.width / 2, abs=0.5) and half[0] == pytest.approx(wide[0], abs=0.5)
    assert half[3] - half[1] == pytest.approx(30 * MM, abs=0.5)
    # a caption under a narrower image starts where the image does, each language under the other
    for caption, box in (("A face", right), ("Sixty", sixty), ("Half", half)):
        assert text_box(page, caption)[0] == pytest.approx(box[0], abs=1.5), caption
    # under a frame-wide image, the captions stand in their language columns
    assert text_box(page, "Wide")[0] == pytest.approx(wide[0] + column + gutter, abs=1.5)


def test_floats_go_to_the_foot_the_top_and_the_next_page(tmp_path):
    document, frames, _ = render(
        tmp_path, FILLER * 3,
        image_block(width="column", fit="contain", place="foot").replace("A face", "Foot"),
        FILLER * 2,
        image_block(width="column", fit="contain", place="top").replace("A face", "Top"),
        FILLER * 3,
        image_block(width="column", fit="contain", place="next-page").replace("A face", "Next"),
        FILLER * 2,
        image_block(width="column", fit="contain", place="top").replace("A face", "Last"))
    pages = [sorted(images_on(page), key=lambda box: -box[3]) for page in document]  # top to bottom
    assert [len(found) for found in pages] == [1, 1, 2]
    # the media box's origin (bleed and slug) before the trim, from the centred foot image
    shift = (pages[0][0][0] + pages[0][0][2]) / 2 - (frames[0].x + frames[0].width / 2)
    [foot], [top], [following, last] = pages
    # `foot`: at the foot of the frame it fell in, its caption the last line there; text fills above
    assert text_box(document[0], "Foot")[1] == pytest.approx(shift + frames[0].y, abs=3)
    assert text_box(document[0], "Une ville")[1] > foot[3]
    # `top`, met below the top of page 1: at the top of page 2, the text after it stayed on page 1
    assert top[3] == pytest.approx(shift + frames[1].top, abs=1)
    assert text_box(document[1], "Top")[3] < top[1]
    # `next-page` and a last `top` still waiting when the section ends: set there, in story order
    assert following[3] == pytest.approx(shift + frames[2].top, abs=1)
    assert text_box(document[2], "Next")[1] > last[3] > text_box(document[2], "Last")[1]


def test_in_flow_columns_page_floats_go_to_the_pages_first_and_last_column(tmp_path):
    """A one-language edition flows in two columns: `foot` stays in its column, `page-foot` goes
    to the foot of the page's last column, `page-top` to the top of the next page's first."""
    document_yaml = A4_TWO_COLUMNS.replace("columns: [fr, en]", "columns: [fr]")
    photo = photograph(tmp_path / "photo.jpg", *PHOTO_PIXELS)
    root = write_brochure(tmp_path / "brochure", content={"sections/01-intro.yaml": "id: intro\nblocks:\n" + "".join((
        FILLER * 2, image_block(width="column", fit="contain", place="page-foot").replace("A face", "PageFoot"),
        FILLER, image_block(width="column", fit="contain", place="page-top").replace("A face", "PageTop"),
        FILLER * 40))},
        layout={"document.yaml": document_yaml, "styles.yaml": STYLES}, files={"images/photo.jpg": photo})
    brochure, design = load_project(Project.at(root))
    document = pdfium.PdfDocument(render_pdf(brochure, design, root).pdf)
    middle = document[0].get_size()[0] / 2
    [foot] = images_on(document[0])
    assert foot[0] > middle  # the page's last (right) column, though it stood in the first
    assert text_box(document[0], "Une ville")[0] < middle  # the text went on in the first column
    [top] = images_on(document[1])
    assert top[2] < middle  # the next page's first (left) column, at its top
    assert top[3] > text_box(document[1], "Une ville")[3] and text_box(document[1], "Un visage")[1] < top[1]
