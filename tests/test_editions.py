"""Editions as data: one layout, several language editions, each set, bound and labelled as declared."""

from __future__ import annotations

import pypdf
import pytest

from brochure.load.design import load_design
from brochure.pipeline import Project, build, document_info, load_project, render_pdf
from tests.conftest import REPOSITORY
from tests.pdf_reading import squash, text_lines

pytestmark = pytest.mark.slow


def test_the_aix_layout_declares_six_editions_of_one_layout():
    design = load_design(REPOSITORY / "layout")
    assert [(e.name, e.languages, e.binding) for e in design.editions] == [
        ("fr-en", ("fr", "en"), "saddle-stitch"), ("en-fr", ("en", "fr"), "saddle-stitch"),
        ("fr", ("fr",), "saddle-stitch"), ("en", ("en",), "saddle-stitch"),
        ("fr-ja", ("fr", "ja"), "saddle-stitch"), ("fr-ar", ("fr", "ar"), "saddle-stitch")]
    assert design.edition_named("fr-ja").sections == ("partners",)
    assert design.editions[0].file == "aix-international-strategy"
    assert design.editions[2].file == "aix-international-strategy-fr"
    french = design.for_edition(design.edition_named("fr"))
    assert french.columns == ("fr",) and french.name == "aix-international-strategy-fr"
    # the edition's style change reaches that edition only
    assert french.style("figures-title").size == pytest.approx(18)
    assert design.style("figures-title").size == pytest.approx(24)


@pytest.fixture(scope="module")
def aix():
    return load_project(Project.at(REPOSITORY))


def rendered(aix, name: str):
    brochure, design = aix
    return render_pdf(brochure, design.for_edition(design.edition_named(name)), REPOSITORY)


def test_a_one_language_edition_flows_through_the_column_grid(project_copy):
    editions = project_copy / "layout" / "editions.yaml"
    editions.write_text(editions.read_text(encoding="utf-8") +
                        # large body text; the key-figures title made to fit half a page, as in `fr`
                        "  - name: fr-large\n    languages: [fr]\n"
                        "    styles: {body: {size: 13pt, leading: 18pt}, figures-title: {size: 18pt, leading: 21pt}}\n"
                        "    maps: {partners: {label: null, home_label: null}}\n",
                        encoding="utf-8")
    brochure, design = load_project(Project.at(project_copy))
    large = design.for_edition(design.edition_named("fr-large"))
    result = render_pdf(brochure, large, project_copy)
    page = large.page
    column = (page.trim_width - page.margin_inner - page.margin_outer - page.gutter) / 2
    lines = text_lines(result.pdf)
    text = " ".join(line.text for line in lines)
    assert "Dans un contexte" in text and "In a context" not in text
    # the strategy section (page 2, a verso) runs down the left column of the grid and on
    # into the right one: its lines start at the two columns, none across the gutter
    starts = {round(line.x - page.trim_box.x) for line in lines if line.page == 2
              and page.trim_box.y + page.margin_bottom < line.y < page.trim_box.top - page.margin_top}
    left, right = round(page.margin_outer), round(page.margin_outer + column + page.gutter)
    assert left in starts and right in starts, starts
    assert all(x < left + 25 or right <= x < right + 25 for x in starts), starts  # list items indent


def test_an_edition_in_english_first_sets_english_in_the_left_column(aix):
    _, design = aix
    result = rendered(aix, "en-fr")
    middle = design.page.trim_box.x + design.page.trim_box.width / 2
    lines = [line for line in text_lines(result.pdf) if line.page == 2]
    left = " ".join(line.text for line in lines if line.x < middle)
    right = " ".join(line.text for line in lines if line.x >= middle)
    assert "In a context" in left and "Dans un contexte" in right


def test_metadata_follows_the_edition(aix, tmp_path):
    brochure, design = aix
    english = design.for_edition(design.edition_named("en"))
    info = document_info(brochure, english, Project.at(REPOSITORY))
    assert info.title == "International strategy" and info.language == "en-GB"
    assert info.languages == ("en-GB",)
    both = document_info(brochure, design.for_edition(design.edition_named("en-fr")), Project.at(REPOSITORY))
    assert both.title == "International strategy / Stratégie internationale"
    assert both.languages == ("en-GB", "fr-FR")
    result = build(Project.at(REPOSITORY, output=tmp_path), editions=("en-fr",), run_preflight=False)
    reader = pypdf.PdfReader(result.pdf_path)
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert "<rdf:Bag><rdf:li>en-GB</rdf:li><rdf:li>fr-FR</rdf:li></rdf:Bag>" in xmp
    assert '<rdf:li xml:lang="fr-FR">Stratégie internationale</rdf:li>' in xmp
    assert result.pdf_path.name == "aix-international-strategy-en-fr.pdf"


def test_sections_and_binding_of_an_edition(project_copy):
    editions = project_copy / "layout" / "editions.yaml"
    editions.write_text(editions.read_text(encoding="utf-8") +
                        "  - name: short\n    languages: [en]\n    binding: flat\n"
                        "    sections: [strategy, city]\n"
                        # the key figures fit the column left on the page only smaller
                        "    styles: {figures-title: {size: 16pt, leading: 19pt}, "
                        "figure-value: {size: 14pt, leading: 16pt}}\n", encoding="utf-8")
    result = build(Project.at(project_copy), editions=("short",), run_preflight=False)
    pages = len(pypdf.PdfReader(result.pdf_path).pages)
    # cover, two sections run on in one page's two columns (the city cards are in a section
    # left out), back cover; not padded
    assert result.editions["short"].blank_pages == []
    assert pages == result.pages == 3
    text = squash(" ".join(line.text for line in text_lines(result.pdf_path)))
    assert squash("In a context") in text and squash("a digital and cultural city") in text
    assert squash("a label awarded by the French government") not in text


def test_a_layout_without_editions_file_keeps_the_one_edition_of_document_yaml(project_copy):
    (project_copy / "layout" / "editions.yaml").unlink()
    document = project_copy / "layout" / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8") +
                        "edition:\n  columns: [en, fr]\nbooklet:\n  page_multiple: 4\n", encoding="utf-8")
    design = load_design(project_copy / "layout")
    [edition] = design.editions
    assert edition.languages == ("en", "fr") and edition.binding == "saddle-stitch"
    assert edition.file == "aix-international-strategy"
