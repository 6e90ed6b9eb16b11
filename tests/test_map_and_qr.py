"""The partners' map, the back cover's QR code and the fill of every page, read back from the built brochure."""

from __future__ import annotations

import pypdf
import pypdfium2
import pytest

from brochure.cartography.labels import Box
from brochure.layout.geometry import is_recto, text_frame
from brochure.load.design import load_design
from brochure.pipeline import Project, load_project
from tests.conftest import REPOSITORY
from tests.pdf_reading import decode_qr_codes, render_page, text_lines

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def content():
    return load_project(Project.at(REPOSITORY))[0]


@pytest.fixture(scope="module")
def design():
    return load_design(REPOSITORY / "layout", REPOSITORY)


def overlap(a: Box, b: Box) -> bool:
    return a.x < b.right and b.x < a.right and a.y < b.top and b.y < a.top


def test_the_partners_page_shows_the_map_with_every_partner_and_the_home_city(aix_build, aix_pdf, content):
    maps = aix_build.page_map.maps
    # the partners' map, the closing map that fills the foot of the cards' last page, and the
    # titled map page that fills a page the binding needs
    assert [item.what for item in maps] == ["map 'partners.mapblock[1]'", "fill map after 'partners'",
                                           "filler map 'partners-page'"]
    partners_map = maps[0]
    title_page = next(item.page for item in aix_build.page_map.placed if item.unit == "partners.title")
    assert partners_map.page == title_page
    cities = content.card_list("cities").cards
    # the map spans the French and English columns: each city named in both, a line each (once when the same)
    expected = {"AIX-EN-PROVENCE"} | {"\n".join(dict.fromkeys(city.get("name").get(code) for code in ("fr", "en")))
                                      for city in cities}
    assert len(cities) == 15 and set(partners_map.texts) == expected
    assert "GRENADE\nGRANADA" in expected
    assert all(label is not None for label in partners_map.scene.labels)
    # every label is printed on that page where its box says, in the PDF's own text
    printed = {(line.text.strip(), round(line.x, 1)) for line in text_lines(aix_pdf) if line.page == title_page}
    for text, label in zip(partners_map.texts, partners_map.scene.labels):
        for name in text.split("\n"):
            assert (name, round(partners_map.x + label.box.x, 1)) in printed, text


def test_no_map_label_overlaps_another_label_or_a_mark(aix_build):
    scene = aix_build.page_map.maps[0].scene
    boxes = [label.box for label in scene.labels]
    marks = [Box(m.centre[0] - m.radius, m.centre[1] - m.radius, 2 * m.radius, 2 * m.radius) for m in scene.marks]
    frame = Box(0, 0, scene.width, scene.height)
    for index, box in enumerate(boxes):
        assert box.inside(frame)
        assert not any(overlap(box, other) for other in boxes[index + 1:])
        assert not any(overlap(box, mark) for mark in marks)


def test_the_back_cover_qr_code_decodes_to_the_website_from_a_300_dpi_rendering(aix_pdf, content):
    pages = len(pypdf.PdfReader(aix_pdf).pages)
    assert decode_qr_codes(render_page(aix_pdf, pages, 300, grey=True)) == ["https://" + content.contact.website]
    # the URL is printed beside the code
    assert content.contact.website in [line.text.strip() for line in text_lines(aix_pdf) if line.page == pages]


def test_the_qr_code_is_one_ink_black_on_a_white_quiet_zone(aix_pdf):
    reader = pypdf.PdfReader(aix_pdf)
    operations = pypdf.generic.ContentStream(reader.pages[-1].get_contents(), reader).operations
    fill, runs = None, {}
    for operands, operator in operations:
        if operator == b"k":
            fill = tuple(float(value) for value in operands)
        elif operator == b"re" and fill is not None:
            runs[fill] = runs.get(fill, 0) + 1
    # the QR code's modules are by far the most rectangles on the back cover, all in 100 % K
    colour, count = max(runs.items(), key=lambda item: item[1])
    assert colour == (0, 0, 0, 1) and count > 100
    assert (0, 0, 0, 0) in runs  # the quiet zone is knocked out to paper white


def page_fill(image, frame, scale: float) -> float:
    """The share of the type area above the lowest inked pixel row (0 for an empty page)."""
    grey = image.convert("L")
    left, right = int(frame.x * scale) + 1, int(frame.right * scale) - 1
    top, bottom = grey.height - int(frame.top * scale), grey.height - int(frame.y * scale)
    for row in range(bottom, top, -1):
        if min(grey.getpixel((x, row)) for x in range(left, right)) < 245:
            return (row - top) / (bottom - top)
    return 0.0


def test_no_page_is_more_than_half_empty_and_the_page_count_holds(aix_build, aix_pdf, design):
    """Rendered: every inner page has ink in the lower half of its type area. The covers
    are full-page designs, and there is no blank page to pad the booklet."""
    assert aix_build.pages == 16
    scale = 30 / 72
    document = pypdfium2.PdfDocument(aix_pdf)
    fills = {}
    for number in range(2, len(document)):  # the inner pages: not the cover (1) nor the back cover
        image = document[number - 1].render(scale=scale).to_pil()
        frame = text_frame(design.page, design.template("inner"), is_recto(number))
        fills[number] = page_fill(image, frame, scale)
    document.close()
    assert min(fills.values()) >= 0.5, {page: f"{fill:.0%}" for page, fill in fills.items()}


def test_explain_says_where_a_section_stayed_on_the_page_and_where_a_figure_filled_it(aix_build):
    choices = aix_build.page_map.page_breaks
    [auto] = [choice for choice in choices if choice.reason == "auto"]
    assert auto.item == "attractiveness" and auto.new_page == (auto.free_share < 1 / 3)
    # every other section runs on, or starts a page where the page plan or a short foot said so
    assert {choice.reason for choice in choices if choice is not auto} <= {"plan", "foot"}
    assert all(choice.new_page == (choice.free_share < 0.25) for choice in choices if choice.reason == "foot")
    fills = aix_build.page_map.fills
    assert [fill.item for fill in fills] == ["partners", "exchanges"]
    assert all(fill.free_share >= 1 / 3 for fill in fills if fill.placed)
    assert any(fill.placed for fill in fills)


def test_in_the_screen_edition_the_qr_code_is_a_link_and_the_map_is_not(tmp_path_factory, aix_build, content):
    """A link covers only what it names (issue 31): the code and the printed address, not a map."""
    from brochure.pipeline import Project, build
    output = tmp_path_factory.mktemp("screen")
    screen = build(Project.at(REPOSITORY, output=output), formats=("screen",), editions=("fr-en",)).outputs["screen"]
    reader = pypdf.PdfReader(screen)
    website = "https://" + content.contact.website

    def link_rects(page_number: int) -> list[list[float]]:
        annotations = [a.get_object() for a in reader.pages[page_number - 1].get("/Annots", [])]
        return [[float(v) for v in a["/Rect"]] for a in annotations if a["/A"].get("/URI") == website]

    partners_map = aix_build.page_map.maps[0]
    assert not any(abs(rect[2] - rect[0] - partners_map.scene.width) < 1 and
                   abs(rect[3] - rect[1] - partners_map.scene.height) < 1 for rect in link_rects(partners_map.page))
    # on the back cover: the printed address and the square code
    assert any(abs((rect[2] - rect[0]) - (rect[3] - rect[1])) < 0.5 for rect in link_rects(len(reader.pages)))


def test_preflight_finds_nothing_on_the_pages_with_maps_and_the_qr_code(aix_pdf):
    """No RGB, no hairline, no small text in three inks (the labels' halos included), ink within limits."""
    import json
    import shutil
    report = json.loads(aix_pdf.with_name(aix_pdf.stem + ".preflight.json").read_text())
    findings = report["findings"]
    if shutil.which("gs") is None:  # the build's ink check renders with Ghostscript: it can only say so
        findings = [finding for finding in findings
                    if not (finding["rule"] == "ink-coverage" and finding["detail"].startswith("not checked"))]
    assert report["passed"] and findings == [], findings


def test_the_explain_listing_names_the_page_flow_choices_and_the_maps(aix_build, content, design):
    from brochure.explain import explain
    listing = explain(content, design, aix_build.page_map, [])
    import re
    assert re.search(r"page \d+: attractiveness: \d+% of the type area free, (started a new page|continued on "
                     r"the same page) \(new_page: auto\)", listing)
    assert re.search(r"page \d+: governance: \d+% of the type area free, continued on the same page", listing)
    assert re.search(r"page \d+: after (partners|exchanges): \d+% of the type area free, figure set", listing)
    assert re.search(r"page \d+ \(inner\): \d+% blank at the foot", listing)
    assert re.search(r"page \d+: map 'partners.mapblock\[1\]': 16 labels, \d+ with a leader line", listing)


def test_years_follow_the_names_when_the_map_style_asks_for_them(content):
    from brochure.layout.map_blocks import map_places
    places = map_places(content, load_project(Project.at(REPOSITORY))[1], "en", years=True)
    assert places[0].home and places[0].label == "AIX-EN-PROVENCE"  # the home city has no year
    assert "BATH 1985" in [place.label for place in places]
    assert len(places) == 16


def test_a_vcard_qr_code_carries_the_contact(project_copy):
    """qr: vcard: the code holds a vCard (name, e-mail, phone, website); the website is printed beside it."""
    from brochure.pipeline import Project, build
    path = project_copy / "content/back-cover.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("qr: website", "qr: vcard"), encoding="utf-8")
    pdf = build(Project.at(project_copy), formats=("print",), editions=("fr-en",)).pdf_path
    pages = len(pypdf.PdfReader(pdf).pages)
    [decoded] = decode_qr_codes(render_page(pdf, pages, 300, grey=True))
    assert decoded.startswith("BEGIN:VCARD")
    assert "EMAIL:daci@mairie-aixenprovence.fr" in decoded and "URL:https://www.aixenprovence.fr" in decoded
