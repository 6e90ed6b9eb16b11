"""The printer's file: PDF/X-4 structure, boxes and bleed, colour, marks, editions,
checked with pypdf, qpdf's library (pikepdf) and PDFium as a printer's tools would, and with
Ghostscript when it is installed."""

from __future__ import annotations

import io
import re
import subprocess
from datetime import UTC, datetime

import pypdf
import pytest
from PIL import ImageCms

from brochure.finish.imposition import saddle_stitch_order
from brochure.pipeline import Project, build
from tests.conftest import REPOSITORY, require_tool
from tests.pdf_reading import page_boxes, pdf_version, structure_problems, text_lines, uncompressed

pytestmark = pytest.mark.slow

MM = 72 / 25.4


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    output = tmp_path_factory.mktemp("editions")
    result = build(Project.at(REPOSITORY, output=output), formats=("print", "screen", "imposed"), editions=("fr-en",))
    return result.outputs


@pytest.fixture(scope="module")
def printed(editions):
    return pypdf.PdfReader(editions["print"])


def all_objects(reader):
    for number in range(1, len(reader.xref_objStm) + 10_000):
        try:
            yield reader.get_object(number)
        except Exception:  # noqa: BLE001  # past the last object pypdf raises one of several types
            return


def test_output_intent_is_fogra39_with_an_embedded_cmyk_profile(printed):
    [intent] = [i.get_object() for i in printed.trailer["/Root"]["/OutputIntents"]]
    assert intent["/S"] == "/GTS_PDFX"
    assert intent["/OutputConditionIdentifier"] == "FOGRA39"
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    icc = ImageCms.ImageCmsProfile(io.BytesIO(profile.get_data()))
    assert icc.profile.xcolor_space.strip() == "CMYK"


def test_pdfx4_metadata_trapped_and_id(printed, editions):
    assert editions["print"].read_bytes().startswith(b"%PDF-1.6")
    assert editions["screen"].read_bytes().startswith(b"%PDF-1.7")  # PDF/UA-1: PDF 1.7, not reportlab's 1.3
    xmp = printed.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert "<pdf:Trapped>False</pdf:Trapped>" in xmp
    for tag in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:CreatorTool", "dc:title"):
        assert f"<{tag}>" in xmp
    info = printed.trailer["/Info"].get_object()
    assert info["/Trapped"] == "/False" and info["/Title"] and info["/CreationDate"].startswith("D:")
    identifiers = printed.trailer["/ID"]
    assert len(identifiers) == 2 and len(identifiers[0]) == 16
    assert not printed.is_encrypted
    assert "/Names" not in printed.trailer["/Root"] and "/OpenAction" not in printed.trailer["/Root"]


def test_every_page_has_trim_and_bleed_boxes_with_3mm_bleed_inside_the_media(printed):
    for page in printed.pages:
        trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
        assert trim.width == pytest.approx(595.276, abs=0.01)
        assert trim.height == pytest.approx(841.890, abs=0.01)
        for side in ("left", "bottom"):
            assert float(getattr(trim, side)) - float(getattr(bleed, side)) >= 3 * MM - 0.01
        for side in ("right", "top"):
            assert float(getattr(bleed, side)) - float(getattr(trim, side)) >= 3 * MM - 0.01
        assert float(media.left) <= float(bleed.left) and float(bleed.right) <= float(media.right)
        assert float(media.bottom) <= float(bleed.bottom) and float(bleed.top) <= float(media.top)
        assert "/Annots" not in page


def test_a_reader_finds_the_same_boxes_and_version(editions):
    """The boxes as pdfinfo -box reports them (inherited, defaulted), read with pikepdf."""
    trim = page_boxes(editions["print"], 1)["TrimBox"]
    assert trim[2] - trim[0] == pytest.approx(595.28, abs=0.02)
    assert pdf_version(editions["print"]) == "1.6"


def content_streams(reader):
    for page in reader.pages:
        yield page.get_contents().get_data()
        for reference in (page["/Resources"].get("/XObject") or {}).values():
            xobject = reference.get_object()
            if xobject.get("/Subtype") == "/Form":
                yield xobject.get_data()


def test_no_device_rgb_anywhere_in_the_print_file(printed, editions):
    for data in content_streams(printed):
        assert not re.search(rb"(^|\s)[\d.]+\s+[\d.]+\s+[\d.]+\s+(rg|RG)(\s|$)", data)
    assert b"/DeviceRGB" not in uncompressed(editions["print"])


def test_black_text_overprints(printed):
    states = [s.get_object() for s in printed.pages[1]["/Resources"]["/ExtGState"].values()]
    assert any(s.get("/op") == True for s in states)   # noqa: E712 (a PDF boolean): fill overprint on
    assert any(s.get("/OPM") == 1 for s in states)     # with the nonzero overprint mode
    stream = printed.pages[1].get_contents().get_data()
    assert re.search(rb"/gRLs\d+ gs\s+/gRLs\d+ gs.*?BT", stream, re.S)


def test_qpdf_finds_no_error(editions):
    """qpdf --check through pikepdf: cross-references, objects, streams, page contents."""
    for edition, path in editions.items():
        assert structure_problems(path) == [], edition


def test_ghostscript_renders_every_page_without_a_complaint(editions):
    """A second, independent PostScript/PDF interpreter, as many print shops' RIPs are."""
    gs = require_tool("gs", "a second PDF interpreter reads every page")
    for edition, path in editions.items():
        render = subprocess.run([gs, "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage",
                                 str(path)], capture_output=True, text=True)
        assert render.returncode == 0 and render.stderr.strip() == "", (edition, render.stderr[-500:])


def test_backgrounds_reach_the_bleed_edge_and_marks_stay_in_the_slug(editions):
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(editions["print"]))
    image = document[0].render(scale=1).to_pil().convert("RGB")  # 1 px per point, media box
    height = image.height
    def pixel(x, y):  # PDF coordinates, origin bottom left
        return image.getpixel((int(x), int(height - y)))
    page = pypdf.PdfReader(editions["print"]).pages[0]
    trim, bleed = page.trimbox, page.bleedbox
    middle_y = float(trim.bottom) + 400
    inside_bleed = pixel(float(bleed.left) + 2, middle_y)     # between bleed edge and trim: artwork
    outside_bleed = pixel(float(bleed.left) - 4, middle_y)    # in the slug: paper
    assert sum(inside_bleed) < 400, inside_bleed
    assert outside_bleed == (255, 255, 255)
    # a crop mark: dark on the trim line, in the slug beyond the bleed
    mark = pixel(float(trim.left) - 3 * MM - 8, float(trim.bottom))
    assert sum(mark) < 200, mark


def test_two_builds_with_source_date_epoch_are_identical(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = build(Project.at(REPOSITORY, output=tmp_path / "a"), editions=("en-fr",)).pdf_path.read_bytes()
    second = build(Project.at(REPOSITORY, output=tmp_path / "b"), editions=("en-fr",)).pdf_path.read_bytes()
    assert first == second
    info = pypdf.PdfReader(io.BytesIO(first)).trailer["/Info"]
    assert info["/CreationDate"] == "D:20231114221320+00'00'"


def test_imposed_sheets_pair_the_right_pages(editions, printed):
    imposed = pypdf.PdfReader(editions["imposed"])
    pages = len(printed.pages)
    order = saddle_stitch_order(pages)
    assert len(imposed.pages) == len(order) == pages // 2
    assert order[:2] == [(16, 1), (2, 15)]
    printed_lines = text_lines(editions["print"])
    sheet_lines = text_lines(editions["imposed"])
    spine = float(imposed.pages[0].mediabox.width) / 2

    def signature(page):  # the longest line of a print page identifies it
        lines = [line.text for line in printed_lines if line.page == page]
        return max(lines, key=len) if lines else None

    for side, (left, right) in enumerate(order, start=1):
        on_sheet = [line for line in sheet_lines if line.page == side]
        for number, expect_left in ((left, True), (right, False)):
            text = signature(number)
            if text is None:
                continue  # a blank page
            found = [line for line in on_sheet if line.text == text]
            assert found, (side, number)
            assert all((line.x < spine) == expect_left for line in found), (side, number)


def test_imposed_sheets_are_described_as_themselves(editions, printed):
    """The spreads' XMP and document information agree, and name the spreads, not the print file."""
    imposed = pypdf.PdfReader(editions["imposed"])
    root = imposed.trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode("utf-8")
    printed_xmp = printed.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    document_id = re.search(r"<xmpMM:DocumentID>(.+?)</xmpMM:DocumentID>", xmp).group(1)
    assert document_id not in printed_xmp  # each file its own identity
    title = imposed.metadata["/Title"]
    assert title.endswith(": saddle-stitch printer spreads") and title.startswith(printed.metadata["/Title"])
    assert f'<rdf:li xml:lang="x-default">{title}</rdf:li>' in xmp
    assert imposed.metadata["/Author"] == printed.metadata["/Author"]
    assert "<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>" in xmp
    assert root["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFX"
    assert imposed.trailer["/ID"][0] != printed.trailer["/ID"][0]


def test_screen_edition_is_trimmed_rgb_with_links_bookmarks_and_language(editions):
    screen = pypdf.PdfReader(editions["screen"])
    for page in screen.pages:
        assert page.mediabox == page.trimbox
    links = [annotation.get_object()["/A"]["/URI"] for page in screen.pages
             for annotation in page.get("/Annots") or []]
    assert any(link.startswith("mailto:") for link in links)
    assert any(link.startswith("tel:+33") for link in links)
    assert any(link.startswith("https://") for link in links)
    assert len(screen.outline) >= 8
    assert screen.trailer["/Root"]["/Lang"] == "fr-FR"
    assert "/OutputIntents" not in screen.trailer["/Root"]


def test_a_booklet_read_right_to_left_is_imposed_mirrored():
    """An edition led by Arabic or Hebrew is bound on the right: the front cover is on the
    left half of the outer sheet, and every sheet side is the mirror of the Latin one."""
    from reportlab.pdfgen.canvas import Canvas

    from brochure.finish.imposition import impose_saddle_stitch
    from brochure.finish.pdfx import DocumentInfo
    from brochure.load.design import load_design

    assert saddle_stitch_order(8, right_to_left=True) == [(1, 8), (7, 2), (3, 6), (5, 4)]
    design = load_design(REPOSITORY / "layout")
    page = design.page
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(page.media_width, page.media_height), invariant=1)
    for number in range(1, 5):
        canvas.drawString(page.trim_box.x + page.trim_width / 2, page.trim_box.y + page.trim_height / 2, f"P{number}")
        canvas.showPage()
    canvas.save()
    for right_to_left, first_sheet in ((False, ("P4", "P1")), (True, ("P1", "P4"))):
        info = DocumentInfo(title="P", author="", language="ar", moment=datetime(2026, 1, 1, tzinfo=UTC))
        imposed = impose_saddle_stitch(buffer.getvalue(), design, info, right_to_left=right_to_left)
        spine = float(pypdf.PdfReader(io.BytesIO(imposed)).pages[0].mediabox.width) / 2
        sheet = sorted((line for line in text_lines(imposed) if line.page == 1 and not line.text.startswith("job ")),
                       key=lambda line: line.x)
        assert tuple(line.text.strip() for line in sheet) == first_sheet
        assert sheet[0].x < spine < sheet[1].x
