"""A second brochure (tests/fixtures/leaflet): another trim and fonts, three languages in
level columns, event cards with dates and prices per locale, images on the cover and in a
section, a flat four-page leaflet (its sections run on); built from its folders as they are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdf
import pytest
import reportlab

from brochure.errors import BrochureError, ErrorList
from brochure.pipeline import Project, build, load_project
from tests.conftest import REPOSITORY
from tests.harness import linked_assets
from tests.pdf_reading import squash, text_lines

pytestmark = pytest.mark.slow
LEAFLET = REPOSITORY / "tests" / "fixtures" / "leaflet"
MM = 72 / 25.4


def leaflet_root(folder: Path) -> Path:
    """The brochure folder's fonts, images and profile; content and layout stay in the fixture."""
    vera = Path(reportlab.__file__).parent / "fonts"
    (folder / "fonts" / "vera").mkdir(parents=True)
    for face in ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf"):
        shutil.copy(vera / face, folder / "fonts" / "vera" / face)
    linked_assets("fonts/lato", folder / "fonts" / "lato")
    linked_assets("profiles", folder / "profiles")
    shutil.copytree(REPOSITORY / "tests" / "fixtures" / "images", folder / "images")
    return folder


def project(folder: Path) -> Project:
    return Project.at(folder, content=LEAFLET / "content", layout=LEAFLET / "layout", output=folder / "output")


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory):
    folder = leaflet_root(tmp_path_factory.mktemp("leaflet"))
    # the fixture's photographs are small (600 px across a page): preflight would reject them
    return build(project(folder), formats=("print", "screen"), run_preflight=False)


@pytest.fixture(scope="module")
def lines(leaflet):
    return text_lines(leaflet.pdf_path)


def test_a_flat_four_page_a5_landscape_leaflet(leaflet):
    assert leaflet.pages == 4 and leaflet.editions["de-fr-en"].blank_pages == []
    reader = pypdf.PdfReader(leaflet.pdf_path)
    assert len(reader.pages) == 4
    trim = reader.pages[0].trimbox
    assert float(trim.width) == pytest.approx(210 * MM, abs=0.01)
    assert float(trim.height) == pytest.approx(148 * MM, abs=0.01)
    assert leaflet.outputs["screen"].name == "festival-leaflet-screen.pdf"


def test_three_languages_in_three_level_columns(leaflet, lines):
    titles = {line.text.strip(): line for line in lines if line.page == 2}
    german, french, english = titles["Willkommen"], titles["Bienvenue"], titles["Welcome"]
    assert german.y == french.y == english.y
    assert german.x < french.x < english.x
    assert french.x - german.x == pytest.approx(english.x - french.x, abs=0.01)


def test_event_cards_format_dates_money_and_numbers_per_locale(lines):
    text = squash(" ".join(line.text for line in lines if line.page in (2, 3)))  # the cards run on
    for expected in ("21. Juni 2024, Seebühne", "21 juin 2024, Scène du lac", "21 June 2024, Lake stage",
                     "Eintritt 12,50 €, 1.200 Plätze", "Entrée 12,50 €, 1 200 places",
                     "Admission €12.50, 1,200 seats", "seeufer.example/opening"):
        assert squash(expected) in text, expected
    # the optional url is left out of the card that has none, not printed as '{url}'
    assert "{url}" not in text and text.count(squash("seeufer.example/")) == 2 * 3


def test_key_figure_numbers_are_formatted_per_locale(lines):
    text = squash(" ".join(line.text for line in lines if line.page == 3))
    for expected in ("12.000 Gäste", "12 000 visiteurs", "12,000 visitors"):
        assert squash(expected) in text, expected


def test_every_text_of_the_back_cover_in_each_language(lines):
    text = squash(" ".join(line.text for line in lines if line.page == 4))
    for expected in ("Deutschland", "Allemagne", "Germany", "Seestraße 1",
                     "Titelbild: Rachel Michetti (CC0) · Foto: Lav Varshney (CC0)",
                     "Cover photograph: Rachel Michetti (CC0) · Photograph: Lav Varshney (CC0)"):
        assert squash(expected) in text, expected
    assert text.count(squash("Seestraße 1")) == 1  # the same in every language: set once


def test_images_on_the_cover_to_the_bleed_and_a_greyscale_image_in_black_only(leaflet):
    reader = pypdf.PdfReader(leaflet.pdf_path)
    [cover] = reader.pages[0].images
    assert cover.image.mode == "CMYK"
    [grey] = reader.pages[1].images
    cyan, magenta, yellow, black = grey.image.split()
    assert cyan.getextrema() == magenta.getextrema() == yellow.getextrema() == (0, 0)
    assert black.getextrema()[1] > 200  # the photograph's darks are in the black ink
    [logo] = reader.pages[-1].images
    assert logo.image.mode == "CMYK"
    cover_xobject = reader.pages[0]["/Resources"]["/XObject"]
    assert len(cover_xobject) == 1


def test_fonts_of_the_leaflet_are_embedded(leaflet):
    reader = pypdf.PdfReader(leaflet.pdf_path)
    names = {str(font["/BaseFont"]) for page in reader.pages
             for font in (page["/Resources"].get("/Font") or {}).values()}
    assert any("Vera" in name for name in names), names


def test_language_metadata_follows_the_edition(leaflet):
    reader = pypdf.PdfReader(leaflet.pdf_path)
    assert reader.trailer["/Root"]["/Lang"] == "de-DE"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<rdf:li>de-DE</rdf:li><rdf:li>fr-FR</rdf:li><rdf:li>en-GB</rdf:li>" in xmp
    assert '<rdf:li xml:lang="fr-FR">Programme du festival</rdf:li>' in xmp
    assert reader.metadata["/Subject"] == "Programm des Festivals / Programme du festival / Festival programme"


def copy_leaflet(folder: Path) -> Project:
    shutil.copytree(LEAFLET / "content", folder / "content")
    shutil.copytree(LEAFLET / "layout", folder / "layout")
    return Project.at(leaflet_root(folder))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(("file", "old", "new", "message", "hint"), [
    ("layout/cards.yaml", 'show: "{title}"', 'show: "{titel}"', "unknown placeholder '{titel}'",
     "did you mean '{title}'?"),
    ("layout/cards.yaml", "date: date", "date: dat", "no field type 'dat'", "did you mean 'date'?"),
    ("content/cards/concerts.yaml", "date: 2024-06-22", "date: 22.06.2024", "expected a date",
     "YYYY-MM-DD"),
    ("content/cards/concerts.yaml", "currency: EUR}\n    seats: 450", "currency: euro}\n    seats: 450",
     "'euro' is not a currency code", "ISO 4217"),
    ("content/brochure.yaml", '"Entrée {price}, {seats} places"', '"Entrée {prix}, {seats} places"',
     "unknown placeholder '{prix}'", "known placeholders: {title}, {date}"),
    ("content/sections/2-programme.yaml", "cards: concerts", "cards: concert", "no card list named 'concert'",
     "did you mean 'concerts'?"),
    ("content/cards/concerts.yaml", "kind: event", "kind: events", "no card kind 'events'",
     "did you mean 'event'?"),
])
def test_a_mistake_in_cards_names_its_file_and_line(tmp_path, file, old, new, message, hint):
    built = copy_leaflet(tmp_path / "leaflet")
    edit(built.root / file, old, new)
    with pytest.raises(BrochureError) as caught:
        load_project(built)
    errors = caught.value.errors if isinstance(caught.value, ErrorList) else [caught.value]
    [error] = [str(error) for error in errors]
    assert error.startswith(f"{file}:") and message in error and hint in error, error
    assert error.split(":")[1].isdigit(), error


def test_preflight_checks_the_placed_images_resolution(leaflet):
    """Images anywhere are checked as city images are: 600 px across an A5 page is too few."""
    from brochure.preflight.profiles import profile_named
    from brochure.preflight.run import preflight

    report = preflight(leaflet.pdf_path, profile_named("pdfx4", None))
    low = [finding for finding in report.findings if finding.rule == "image-resolution"]
    assert [finding.page for finding in low if finding.severity == "ERROR"][:1] == [1], report.text()


def test_a_framed_template_image_stays_inside_the_margins(tmp_path):
    import pypdfium2 as pdfium

    built = copy_leaflet(tmp_path / "leaflet")
    edit(built.root / "layout" / "pages.yaml", "    background: paper\n",
         "    background: paper\n    image: {path: images/chelsea-cmyk.jpg, fit: frame}\n")
    result = build(built, formats=("screen",), run_preflight=False)
    document = pdfium.PdfDocument(str(result.outputs["screen"]))
    page = document[len(document) - 1]
    scale = 2
    picture = page.render(scale=scale).to_pil().convert("RGB")
    # back cover (a verso): the frame runs from 14 mm to 196 mm across, 40 mm from the top
    def at(x_mm: float, y_mm: float) -> tuple[int, int, int]:
        return picture.getpixel((round(x_mm * MM * scale), round(y_mm * MM * scale)))
    paper = at(5, 5)
    assert at(8, 80) == paper and at(202, 80) == paper and at(100, 30) == paper  # margins keep the paper
    assert at(100, 80) != paper and at(20, 45) != paper  # the photograph fills the frame


def test_a_missing_template_image_names_the_layout_file_and_line(tmp_path):
    built = copy_leaflet(tmp_path / "leaflet")
    pages = built.root / "layout" / "pages.yaml"
    edit(pages, "images/coffee-rgb.png", "images/cofee.png")
    line = next(number for number, text in enumerate(pages.read_text().splitlines(), 1) if "cofee.png" in text)
    with pytest.raises(BrochureError) as caught:
        load_project(built)
    errors = caught.value.errors if isinstance(caught.value, ErrorList) else [caught.value]
    [error] = [str(error) for error in errors]
    assert error.startswith(f"layout/pages.yaml:{line}:") and "image not found: images/cofee.png" in error, error
