"""The pages a binding needs beyond the content: the content spread over them first (cards
spaced down their pages, fewer to a page), then the layout's designed fillers (a titled map
page), ruled notes last and at most one page of them. Measured from the page map."""

from __future__ import annotations

import pytest
from pypdf import PdfReader
from reportlab.platypus import Flowable

from brochure.errors import BrochureError
from brochure.layout.card_spacing import MAX_GAP_SHARE, justify_cards, spread
from brochure.layout.filler_pages import FillerPage, filler_order
from brochure.layout.flowables import PanelPair
from brochure.layout.page_map import inner_fills
from brochure.layout.page_plan import NOTES_PAGE_COST, PageBudget, plan_cost
from brochure.pipeline import Project, build, load_project
from brochure.starter.create import create_brochure, parse_trim
from tests.conftest import REPOSITORY
from tests.harness import build_from_yaml
from tests.pdf_reading import text_lines
from tests.photos import photograph
from tests.test_flow import build_booklet, pages_yaml, paragraphs, section


class Card(Flowable):
    """A card of a fixed height, of the group `cities`."""

    def __init__(self, height: float, group: str = "cities", space: float = 6.0):
        super().__init__()
        self.card_height = height
        self.group = group
        self.per_page = 4
        self.spaceBefore = self.spaceAfter = space

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.card_height
        return self.width, self.height


def test_cards_that_run_on_are_spaced_down_their_page():
    story: list[Flowable] = [Card(100), Card(100), Card(100), Card(100), Card(100)]
    # 800 pt of room, four cards to a page: 400 pt of cards and 3 gaps of 6 pt leave 382 pt
    run = justify_cards(story, 300, 800, True, 0.0, 4)
    assert run is not None and run.count == 4
    assert run.extra == pytest.approx(MAX_GAP_SHARE * 100)  # capped: a share of a card's height
    spread(story, run, True, 0.0)
    assert [card.getSpaceBefore() for card in story[:4]] == [6.0, *[6.0 + run.extra] * 3]
    assert story[4].getSpaceBefore() == 6.0  # the next page's first card is not touched


def test_cards_share_the_room_they_leave_up_to_the_foot():
    story: list[Flowable] = [Card(150), Card(150), Card(150)]  # room for 2 and a third of a gap: not capped
    run = justify_cards(story, 300, 420, False, 6.0, 4)  # two fit under other text; the third does not
    assert run is not None and run.count == 2
    used = 150 * 2 + 6  # the gap between them (above the first: the space after the text above)
    assert run.extra == pytest.approx((420 - used - 2.0) / 2)  # two gaps: above each card


def test_the_last_cards_of_a_run_and_a_card_alone_keep_their_place():
    assert justify_cards([Card(100), Card(100), Paragraphless()], 300, 600, True, 0.0, 4) is None
    assert justify_cards([Card(400), Card(400)], 300, 600, True, 0.0, 4) is None  # one card on the page


def test_a_kept_pair_of_cards_counts_its_inner_gap():
    pair = PanelPair([Card(100), Card(100)])  # type: ignore[list-item]
    story: list[Flowable] = [Card(100), pair, Card(100)]
    run = justify_cards(story, 300, 500, True, 0.0, 3)
    assert run is not None and run.count == 2
    spread(story, run, True, 0.0)
    assert pair.items[0].getSpaceBefore() == pair.items[1].getSpaceBefore() == pytest.approx(6.0 + run.extra)


class Paragraphless(Flowable):
    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return availWidth, 10.0


def test_notes_come_after_the_designed_fillers_and_once():
    def make() -> list[Flowable]:
        return []

    notes, notes_again, a_map = FillerPage("page", make, True), FillerPage("page", make, True), \
        FillerPage("map", make, False)
    assert filler_order([notes, a_map, notes_again]) == (a_map, notes)


def test_a_notes_page_costs_the_plan_more_than_a_map_page():
    as_map = plan_cost(PageBudget(), 8, [], [], [6, 7])
    as_notes = plan_cost(PageBudget(), 8, [], [], [6, 7], notes_pages=[7])
    assert as_notes.cost > as_map.cost
    assert as_notes.cost - as_map.cost == pytest.approx(NOTES_PAGE_COST - 0.3)
    assert "1 of notes" in as_notes.describe() and "of notes" not in as_map.describe()
    assert "cards 1 fewer" in PageBudget(2.0, cards_fewer=1).describe()


def test_at_most_one_notes_page_and_no_notes_at_the_foot_above_it(tmp_path):
    result = build_booklet(tmp_path, "fillers:\n" + "  - {template: page, notes: true}\n" * 3)
    assert result.pages == 4
    assert result.editions["fr-en"].blank_pages == [3, 4]  # three notes fillers declared: one page of notes
    notes = [item.page for item in result.page_map.placed if item.unit == "notes.title"]
    assert notes == [2, 2]  # the title in both languages, on its page only: not under the content of page 1
    assert [d for d in result.diagnostics.items if "left blank" in d.message]


@pytest.mark.parametrize("fit", ["bleed", "frame"])
def test_a_filler_of_a_template_with_a_picture_is_a_photograph_page(tmp_path, fit):
    fillers = "fillers:\n" + "  - {template: view}\n" * 2 + "  - {template: page, notes: true}\n"
    result = build_booklet(tmp_path, fillers, templates=f"  view: {{image: {{path: images/view.jpg, fit: {fit}}}}}\n",
                           files={"images/view.jpg": photograph(tmp_path / "v.jpg")})
    edition = result.editions["fr-en"]
    assert result.pages == 4 and not edition.blank_pages
    assert edition.page_map.notes_pages == [4]  # the photographs first, the notes last
    reader = PdfReader(edition.outputs["print"])
    images = [[name for name, xobject in (page["/Resources"].get("/XObject") or {}).items()
               if xobject.get_object()["/Subtype"] == "/Image"] for page in reader.pages]
    assert [bool(names) for names in images] == [False, True, True, False]
    assert "Intro" not in reader.pages[1].extract_text()  # the photograph alone
    fill = next(fill for fill in edition.page_map.page_fills if fill.page == 2)
    assert fill.blank_below == 0  # the photograph is the page: not counted as blank
    assert not [d for d in result.diagnostics.items if "left blank" in d.message]


@pytest.mark.parametrize(("filler", "message", "hint"), [
    ("{template: page, notes: true, title: notes}", "a title heads a map page", "add map: STYLE"),
    ("{template: page}", "a filler page shows a map, notes or its template's picture", "a template with an image:")])
def test_a_filler_that_cannot_be_set_is_an_error_at_its_line(tmp_path, filler, message, hint):
    content = {"sections/01-intro.yaml": section("intro", paragraphs(1), title="Intro")}
    with pytest.raises(BrochureError, match=message) as error:
        build_from_yaml(tmp_path, content=content, layout={"pages.yaml": pages_yaml(
            "  - {section: intro, template: page}\n", f"fillers:\n  - {filler}\n")}, run_preflight=False)
    assert "pages.yaml:" in str(error.value) and hint in str(error.value)


@pytest.fixture(scope="module")
def starter(tmp_path_factory):
    folder = tmp_path_factory.mktemp("starter") / "brochure"
    create_brochure(folder, ["fr", "en"], parse_trim("A5"))
    return build(Project.at(folder), run_preflight=False)


def test_the_starter_ends_on_its_designed_pages_a_titled_map_and_a_photograph(starter):
    page_map = starter.page_map
    edition = next(iter(starter.editions.values()))
    assert not edition.blank_pages
    assert len(page_map.notes_pages) <= 1
    [map_page] = [page for page in range(2, starter.pages) if page not in page_map.notes_pages
                  and any(placed.what == "filler map 'partners-page'" for placed in page_map.maps
                          if placed.page == page)]
    titles = {item.text for item in page_map.on_page(map_page) if item.unit.endswith(".title")}
    assert {"Nos villes partenaires", "Our partner cities"} <= titles
    fill = next(fill for fill in page_map.page_fills if fill.page == map_page)
    assert fill.blank_below < 0.05  # the map runs to the foot of the type area


# -- the Aix brochure (slow) -------------------------------------------------------------


def assert_designed_ending(result, name: str, pages: int) -> None:
    """An edition of `pages` pages: no blank page, at most one page of notes, no inner page but
    the last over 35 % blank at the foot, and the partner cities' map page among the last pages."""
    edition = result.editions[name]
    page_map = edition.page_map
    assert edition.pages == pages and not edition.blank_pages
    assert len(page_map.notes_pages) <= 1, page_map.notes_pages
    fills = inner_fills(page_map)
    assert all(fill.blank_below <= 0.35 for fill in fills[:-1]), [(f.page, f.blank_below) for f in fills]
    map_pages = [placed.page for placed in page_map.maps if placed.what == "filler map 'partners-page'"]
    assert map_pages == [pages - 1]  # the map page before the back cover
    titles = {item.language for item in page_map.on_page(pages - 1) if item.unit == "filler.partners-page.title"}
    assert titles == set(edition.edition.languages)


@pytest.mark.slow
def test_aix_ends_on_text_and_notes_then_the_partner_map_page(aix_build):
    assert_designed_ending(aix_build, "fr-en", 16)
    page_map = aix_build.editions["fr-en"].page_map
    assert not page_map.notes_pages  # no page of ruled lines: the notes run on under the last text
    pdf = aix_build.editions["fr-en"].outputs["print"]
    notes = {line.page for line in text_lines(pdf) if line.text.strip() == "Notes"}
    assert notes == {14}
    # the cards are spread: one fewer to a page than the five of layout/cards.yaml
    cards = [count for (group, _), count in page_map.panels.items() if group == "city-card"]
    assert cards and max(cards) == 4


@pytest.mark.slow
def test_the_partner_editions_spread_their_cards_and_end_on_the_map_page(tmp_path):
    result = build(Project.at(REPOSITORY, output=tmp_path), editions=("fr-ja", "fr-ar"), run_preflight=False)
    for name in ("fr-ja", "fr-ar"):
        assert_designed_ending(result, name, 8)
        assert not result.editions[name].page_map.notes_pages


def test_a_map_page_titled_with_a_label_the_content_lacks_is_an_error_at_its_line(tmp_path):
    folder = tmp_path / "brochure"
    create_brochure(folder, ["fr", "en"], parse_trim("A5"))
    pages = folder / "layout" / "pages.yaml"
    text = pages.read_text(encoding="utf-8")
    pages.write_text(text.replace("title: partner_map", "title: partners_map"), encoding="utf-8")
    line = next(number for number, row in enumerate(text.splitlines(), start=1) if "title: partner_map" in row)
    with pytest.raises(BrochureError, match="names no label 'partners_map'") as error:
        build(Project.at(folder), run_preflight=False)
    assert f"pages.yaml:{line}:" in str(error.value)


@pytest.mark.slow
def test_a_one_language_edition_sets_its_map_page_across_the_columns(project_copy):
    editions = project_copy / "layout" / "editions.yaml"
    editions.write_text(editions.read_text(encoding="utf-8") +  # large text: the binding needs pages
                        "  - name: fr-large\n    languages: [fr]\n"
                        "    styles: {body: {size: 13pt, leading: 18pt}, figures-title: {size: 18pt, leading: 21pt}}\n"
                        "    maps: {partners: {label: null, home_label: null}}\n", encoding="utf-8")
    result = build(Project.at(project_copy), editions=("fr-large",), run_preflight=False)
    edition = result.editions["fr-large"]
    page_map = edition.page_map
    [placed] = [placed for placed in page_map.maps if placed.what == "filler map 'partners-page'"]
    design_page = load_project(Project.at(project_copy))[1].page
    type_width = design_page.trim_width - design_page.margin_inner - design_page.margin_outer
    assert placed.scene.width == pytest.approx(type_width, abs=1)  # across both columns, not one
    fill = next(fill for fill in page_map.page_fills if fill.page == placed.page)
    assert fill.columns == 2 and fill.blank_below < 0.2, fill  # the map runs down the page
    assert len(page_map.notes_pages) <= 1 and not edition.blank_pages
