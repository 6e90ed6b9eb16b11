"""Issue 31: the screen edition is a tagged PDF (PDF/UA-1): structure, languages, artifacts,
alternative texts, links and bookmarks, read back with pikepdf, PDFium and the `pdfua`
checker (never with the project's own code)."""

from __future__ import annotations

import re
from pathlib import Path

import pikepdf
import pypdf
import pypdfium2
import pytest
import yaml
from pdfua import validate

from brochure.cli import main
from brochure.pipeline import Project, build
from tests.conftest import REPOSITORY
from tests.harness import build_from_yaml
from tests.tagged_reading import Node, TaggedPdf, letters

HEADING = re.compile(r"^H[1-6]$")


def assert_pdf_ua(pdf: TaggedPdf) -> None:
    """The machine-checkable part of PDF/UA-1 that the checks below and `pdfua` cover."""
    report = validate(str(pdf.path))
    assert not report.findings, [str(finding) for finding in report.findings]
    root = pdf.pdf.Root
    assert root.MarkInfo.Marked is True
    assert root.ViewerPreferences.DisplayDocTitle is True
    assert str(pdf.pdf.docinfo.Title)
    with pdf.pdf.open_metadata() as metadata:
        assert metadata.get("pdfuaid:part") == "1"
        assert metadata.get("dc:title")
    assert pdf.problems == []  # every painting is tagged or an artifact, none nested wrongly
    assert pdf.parent_tree_problems() == []
    for page in pdf.pdf.pages:
        for annotation in page.obj.get("/Annots", []):
            assert str(annotation.Contents), "a link says where it leads"
            assert "/StructParent" in annotation
        if "/Annots" in page.obj:
            assert page.obj.Tabs == "/S"
    nodes = pdf.tree.walk()
    assert all(node.alt for node in nodes if node.role == "Figure")
    links = [node for node in nodes if node.role == "Link"]
    annotations = sum(len(page.obj.get("/Annots", [])) for page in pdf.pdf.pages)
    assert sum(node.links for node in links) == annotations
    assert pdf.tagged_characters + pdf.artifact_characters >= 0.99 * pdf.characters


def sections(pdf: TaggedPdf) -> list[Node]:
    return [node for node in pdf.tree.children if node.role == "Sect"]


def element_with(pdf: TaggedPdf, text: str, spoken: bool = False) -> Node:
    """The innermost element whose text starts with the first letters of `text`."""
    wanted = letters(text)[:24]
    found = [node for node in pdf.tree.walk() if node.marked
             and letters(pdf.spoken_text_of(node) if spoken else pdf.text_of(node)).startswith(wanted)]
    assert found, f"no element reads {text[:40]!r}"
    return found[-1]


# -- a new brochure (brochure init): every block kind --------------------------------------------

@pytest.fixture(scope="module")
def starter(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("tagged") / "starter"
    assert main(["init", str(folder), "--languages", "fr,en", "--trim", "A5"]) == 0
    return folder


@pytest.fixture(scope="module")
def starter_screen(starter) -> TaggedPdf:
    result = build(Project.at(starter), formats=("screen",))
    return TaggedPdf(result.outputs["screen"])


def test_a_new_brochure_reads_as_a_tagged_pdf(starter_screen):
    pdf = starter_screen
    assert_pdf_ua(pdf)
    assert pdf.tagged_characters + pdf.artifact_characters == pdf.characters
    assert pdf.artifact_characters > 0  # the running footer and folios
    nodes = pdf.tree.walk()
    roles = {node.role for node in nodes}
    assert {"Sect", "H1", "H2", "P", "L", "LI", "Lbl", "LBody", "BlockQuote", "Note", "Figure", "Caption",
            "Div", "Link", "Address"} <= roles
    for section in sections(pdf):
        assert any(HEADING.match(node.role) for node in section.walk()), "a heading in every section"
    for item in (node for node in nodes if node.role == "LI"):
        assert [child.role for child in item.children] == ["Lbl", "LBody"]
    assert nodes[1:][0].role == "Sect" and next(node for node in nodes if HEADING.match(node.role)).role == "H1"


def test_every_text_is_in_its_language(starter_screen):
    pdf = starter_screen
    assert pdf.document_language == "fr-FR"
    french = element_with(pdf, "Cette brochure a été faite par brochure init")
    english = element_with(pdf, "This brochure was made by brochure init")
    assert (french.role, french.language, french.own_language) == ("P", "fr-FR", None)
    assert (english.role, english.language) == ("P", "en-US")
    # a card's heading and lines inherit the language of the card's division
    lisbon = element_with(pdf, "LISBON")
    assert lisbon.role == "H2" and lisbon.language == "en-US"


def test_figures_are_described_in_each_language(starter, starter_screen):
    figures = [node.alt or "" for node in starter_screen.tree.walk() if node.role == "Figure"]
    texts = yaml.safe_load((starter / "content" / "sections" / "02-partners.yaml").read_text())
    image = next(block for block in texts["blocks"] if "image" in block)
    assert any(image["alt"]["fr"] in alt and image["alt"]["en"] in alt for alt in figures)
    maps = [alt for alt in figures if alt.startswith("Carte")]
    assert maps and all("LISBONNE" in alt and "Map:" in alt and "LISBON," in alt for alt in maps)
    assert any(alt.startswith("Code QR : https://") and "QR code: https://" in alt for alt in figures)


def test_map_labels_read_once_and_maps_are_no_links(starter_screen):
    pdf = starter_screen
    maps = [node for node in pdf.tree.walk() if node.role == "Figure" and (node.alt or "").startswith("Carte")]
    # the labelled maps (the partners' map, the map page) read each name once: the halo is an
    # artifact; a quiet map under the last cards (when the notes do not take that foot) has no labels
    counts = sorted(pdf.text_of(figure).count("LISBONNE") for figure in maps)
    assert counts[-2:] == [1, 1] and set(counts) <= {0, 1}, counts
    assert all(figure.links == 0 for figure in maps)
    # read once by extractors that ignore marked content (pypdf's plain text) too: the halo is paths
    plain = pypdf.PdfReader(pdf.path)
    document = pypdfium2.PdfDocument(pdf.path)
    counts = [(plain.pages[index].extract_text().count("LISBONNE"),
               document[index].get_textpage().get_text_range().count("LISBONNE")) for index in range(len(document))]
    assert any(pdfium for _, pdfium in counts) and all(pypdf_count == pdfium for pypdf_count, pdfium in counts)
    # the links are the e-mail address, the phone, the website and the QR code: what they name
    contents = sorted(str(annotation.Contents) for page in pdf.pdf.pages for annotation in page.obj.get("/Annots", []))
    assert len(contents) == 4 and "contact@example.org" in contents
    assert any(pdf.text_of(node) == "contact@example.org" for node in pdf.tree.walk() if node.role == "Link")


def test_bookmarks_nest_headings_in_every_language(starter_screen):
    marks = starter_screen.bookmarks()
    assert (0, "Bienvenue / Welcome") in marks
    assert (1, "Ce que contient une section / What a section holds") in marks
    assert all(not title.endswith(":") for _, title in marks)
    quotes = [letters(starter_screen.text_of(node)) for node in starter_screen.tree.walk() if node.role == "BlockQuote"]
    assert not any(letters(title) in quotes for _, title in marks)


def test_reading_order_by_language_or_pair_by_pair(starter, starter_screen, tmp_path):
    def languages(pdf: TaggedPdf) -> list[str]:
        welcome = sections(pdf)[1]
        return [node.language for node in welcome.children if node.role == "P"]

    by_language = languages(starter_screen)
    assert by_language == sorted(by_language, key=lambda language: language != "fr-FR")  # French, then English
    document = starter / "layout" / "document.yaml"
    saved = document.read_text()
    try:
        document.write_text(saved + "reading_order: pairs\n")
        rebuilt = build(Project.at(starter, output=tmp_path), formats=("screen",))
        paired = languages(TaggedPdf(rebuilt.outputs["screen"]))
    finally:
        document.write_text(saved)
    assert paired[:4] == ["fr-FR", "en-US", "fr-FR", "en-US"]


# -- the Aix brochure's fr-en, fr-ja and fr-ar screen editions ----------------------------------

@pytest.fixture(scope="module")
def aix_screens(tmp_path_factory) -> dict[str, TaggedPdf]:
    output = tmp_path_factory.mktemp("screens")
    result = build(Project.at(REPOSITORY, output=output), formats=("screen",), editions=("fr-en", "fr-ja", "fr-ar"))
    return {name: TaggedPdf(edition.outputs["screen"]) for name, edition in result.editions.items()}


def partners_paragraph(language: str) -> str:
    section = yaml.safe_load((REPOSITORY / "content" / "sections" / "04-partners.yaml").read_text())
    return section["blocks"][0]["paragraph"][language]


@pytest.mark.slow
@pytest.mark.parametrize(("edition", "second", "locale"), [("fr-en", "en", "en-GB"), ("fr-ja", "ja", "ja-JP"),
                                                      ("fr-ar", "ar", "ar-MA")])
def test_aix_screen_editions_are_tagged_in_their_languages(aix_screens, edition, second, locale):
    pdf = aix_screens[edition]
    assert_pdf_ua(pdf)
    assert pdf.document_language == "fr-FR"
    french = element_with(pdf, partners_paragraph("fr"))
    assert (french.role, french.language) == ("P", "fr-FR")
    other = element_with(pdf, partners_paragraph(second), spoken=True)  # Arabic: its /ActualText
    assert (other.role, other.language) == ("P", locale)
    roles = [node.role for node in pdf.tree.walk()]
    assert roles.count("Figure") >= 2 and roles.count("Div") >= 30  # maps, QR code; 15 cards per language
    if edition == "fr-en":  # the other editions hold the partners section only
        assert {"L", "LI", "Lbl", "LBody", "BlockQuote", "Note", "H2"} <= set(roles)
    # every section whose content has a title or a heading has a heading element
    headed = sum(any(HEADING.match(node.role) for node in section.walk()) for section in sections(pdf))
    assert headed >= len(sections(pdf)) - 1


@pytest.mark.slow
def test_aix_arabic_reads_in_logical_order(aix_screens):
    pdf = aix_screens["fr-ar"]
    arabic = [pdf.spoken_text_of(node) for node in pdf.tree.walk() if node.language.startswith("ar") and node.marked]
    spoken = " ".join(arabic)
    assert "على" in spoken and "الاستراتيجية" in spoken
    assert "عىل" not in spoken and "االستراتيجية" not in spoken
    # an extractor that applies the bidirectional algorithm (pdfium) reads the words as written too
    document = pypdfium2.PdfDocument(pdf.path)
    extracted = " ".join(document[index].get_textpage().get_text_range() for index in range(len(document)))
    assert extracted.count("على") >= 5 and "عىل" not in extracted and "االستراتيجية" not in extracted


@pytest.mark.slow
def test_aix_map_labels_and_bookmarks(aix_screens):
    pdf = aix_screens["fr-en"]
    maps = [node for node in pdf.tree.walk() if node.role == "Figure" and (node.alt or "").startswith("Carte")]
    counts = [pdf.text_of(node).count("BATH") for node in maps]
    assert 1 in counts and set(counts) <= {0, 1}  # once on a labelled map (the halo is no text)
    plain, document = pypdf.PdfReader(pdf.path), pypdfium2.PdfDocument(pdf.path)
    for index in range(len(document)):  # pypdf's plain text, which reads no marks, too
        assert plain.pages[index].extract_text().count("BATH") == \
            document[index].get_textpage().get_text_range().count("BATH")
    assert all("15" in (node.alt or "") and "Map: AIX-EN-PROVENCE and its 15 partners: BATH" in (node.alt or "")
               for node in maps)
    marks = [(depth, title.replace("\xa0", " ")) for depth, title in pdf.bookmarks()]
    assert any(depth == 1 for depth, _ in marks)
    assert not any("FRENCH TECH" in title or "Mobiliser" in title for _, title in marks)
    assert (0, "Les 15 villes partenaires d’Aix-en-Provence / Aix-en-Provence’s 15 Partner Cities") in marks
    with pikepdf.open(pdf.path) as document:
        assert document.Root.PageLayout == "/TwoPageRight"  # a saddle-stitched booklet reads in spreads


def test_a_section_without_title_or_heading_is_reported_for_the_screen_edition(tmp_path):
    untitled = """
        id: intro
        blocks:
          - paragraph:
              fr: Une ville ouverte sur le monde.
              en: A city open to the world.
        """
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": untitled}, formats=("screen",))
    warnings = [str(item) for item in result.diagnostics.warnings if item.stage == "accessibility"]
    assert warnings == [("warning: content/sections/01-intro.yaml:1:1: section 'intro' has no title or heading: "
                        "the screen edition reads it as part of the section before it, and a screen reader "
                        "cannot reach it by heading or bookmark (hint: give it a title: (or begin it with a "
                        "heading:))")]
    pdf = TaggedPdf(result.outputs["screen"])
    assert_pdf_ua(pdf)
    assert pdf.bookmarks() == []  # no heading: no bookmark, none made from a paragraph
    # no Sect of its own, which no heading would name: its text continues the section before it
    # (this brochure has no cover: the document's first section)
    assert len(sections(pdf)) == 1
    assert "Une ville ouverte sur le monde." in pdf.text_of(sections(pdf)[0])


@pytest.mark.slow
def test_aix_every_section_has_a_heading(aix_screens):
    """The introduction with neither title nor heading (Aix's `strategy`) is read under the cover's
    title, in each language; every section of the tree has a heading."""
    for pdf in aix_screens.values():
        for section in sections(pdf):
            assert any(HEADING.match(node.role) for node in section.walk()), pdf.text_of(section)[:80]
    front = sections(aix_screens["fr-en"])[0]
    roles = [(node.role, pdf_text[:25]) for node, pdf_text in
             ((node, aix_screens["fr-en"].text_of(node)) for node in front.children)]
    assert roles[0] == ("H1", "Stratégie internationale")
    assert any(text.startswith("La mondialisation") for _, text in roles)


@pytest.mark.slow
def test_aix_numbered_list_is_a_list_in_each_language(aix_screens):
    """A numbered list item's style carries its number after its language (`list-item:fr:1.`): still a
    list item of that language, not one paragraph holding both languages."""
    pdf = aix_screens["fr-en"]
    lists = [node for node in sections(pdf)[0].children if node.role == "L"]  # the introduction, under the title
    assert [node.language for node in lists] == ["fr-FR", "en-GB"]
    for items in lists:
        assert [child.role for child in items.children] == ["LI", "LI"]
        assert [pdf.text_of(item.children[0]) for item in items.children] == ["1.", "2."]
        assert all(item.children[1].role == "LBody" for item in items.children)
