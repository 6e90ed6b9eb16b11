"""Issue 23: no heading, title or lead ends with one word alone on its last line. Where no break
keeps two words there (a long name), its style may let it be set a little tighter, then smaller
(`fit_tracking`, `fit_size`): the least change is taken and reported; read back from the PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_raw
import pytest

from brochure.pipeline import Project, build
from brochure.typeset.display_fit import Fit, ends_with_lone_word, trials, words_on
from tests.display_text import display_paragraphs, ending_with_one_word
from tests.harness import MINIMAL, REPOSITORY, build_from_yaml, write_brochure

LATO_BLACK = ("FitLatoBlack", "fonts/lato/Lato-Black.ttf")
PARTNERS_TITLE = "Les 15\u00a0villes partenaires d’Aix-en-Provence"


def test_words_are_counted_as_a_reader_sees_them():
    assert words_on("d’Aix-en-Provence") == 1
    assert words_on("15\u00a0villes") == 2             # a no-break space still shows two words
    assert words_on("24\u202f000") == 1                # a number's narrow space parts nothing
    assert words_on("partenaires\u00a0:") == 1         # nor does a mark set off by a space
    assert ends_with_lone_word(["Les 15 villes partenaires", "d’Aix-en-Provence"])
    assert not ends_with_lone_word(["Les 15 villes", "partenaires d’Aix-en-Provence"])
    assert not ends_with_lone_word(["Introduction"])    # one line is no last line alone


def test_letters_are_tightened_before_the_size_is_reduced_and_within_the_styles_limits():
    tried = list(trials(20, 0.0, 0.02, 0.02))
    assert tried[:2] == [Fit(20, 20, -0.01, 0.0), Fit(20, 20, -0.02, 0.0)]
    assert tried[2] == Fit(19.8, 20, 0.0, 0.0)
    assert min(fit.size for fit in tried) == pytest.approx(19.6) and min(fit.tracking for fit in tried) == -0.02
    assert list(trials(11, 0.05, 0.0, 0.0)) == []                      # nothing declared: nothing tried
    assert all(fit.tracking <= 0.05 for fit in trials(11, 0.05, 0.0, 0.01))   # from the style's own tracking
    assert Fit(18.2, 20, -0.03, 0.0).describe() == ("set at 18.2 pt (91% of 20 pt), letters tightened by 0.03 em "
                                                    "so that its last line is not one word alone")
    assert Fit(18.2, 20, 0.0, 0.0, facing=True).describe() == ("set at 18.2 pt (91% of 20 pt) as the text it faces, "
                                                               "so that the two read alike")


def _title(text: str, width: float, **style: object):
    from tests.test_typography_levels import _set_paragraph
    return _set_paragraph(text, LATO_BLACK, width, **{"balanceLines": True, "fontSize": 20, "leading": 23, **style})


def test_a_title_whose_name_cannot_share_its_last_line_is_set_tighter_then_smaller():
    """Aix's partners title in its 82.5 mm column: `partenaires d’Aix-en-Provence` is 276 pt at
    20 pt, no break keeps two words on the last line (a word alone: 72 % of the measure)."""
    plain, lines = _title(PARTNERS_TITLE, 233.9)
    assert lines == ["Les 15\u00a0villes partenaires", "d’Aix-en-Provence"] and plain.fit is None
    fitted, lines = _title(PARTNERS_TITLE, 233.9, fitTracking=0.03, fitSize=0.1)
    assert lines == ["Les 15\u00a0villes", "partenaires d’Aix-en-Provence"]
    assert fitted.fit is not None and not fitted.lone_word
    assert fitted.fit.tracking == -0.03 and 18 <= fitted.fit.size < 20     # the letters first, then the size
    assert fitted.style.fontSize == fitted.fit.size and fitted.style.leading == 23   # the leading kept
    assert {frag.fontSize for line in fitted.blPara.lines for frag in line.words} == {fitted.fit.size}
    # wrapped again on another measure: from the style as written
    fitted.wrap(400, 1000)
    assert fitted.fit is None and fitted.style.fontSize == 20 and len(fitted.blPara.lines) == 1


def test_limits_too_small_leave_the_title_as_it_was_and_say_so():
    paragraph, lines = _title(PARTNERS_TITLE, 233.9, fitTracking=0.01, fitSize=0.02)
    assert lines == ["Les 15\u00a0villes partenaires", "d’Aix-en-Provence"]
    assert paragraph.fit is None and paragraph.lone_word and paragraph.style.fontSize == 20


def test_justified_and_japanese_text_are_never_fitted():
    from tests.test_typography_levels import _set_paragraph

    paragraph, _ = _title(PARTNERS_TITLE, 233.9, fitTracking=0.03, fitSize=0.1, balanceLines=False,
                          alignment=4)
    assert paragraph.fit is None and not paragraph.lone_word
    paragraph, lines = _set_paragraph("エクス＝アン＝プロヴァンスの15のパートナー都市",
                                      ("FitMPlus", "fonts/mplus/Mplus1-Bold.ttf"), 150, balanceLines=True,
                                      fontSize=20, leading=26, wordWrap="CJK", fitTracking=0.03, fitSize=0.1)
    assert len(lines) >= 2 and paragraph.fit is None and not paragraph.lone_word   # no word spaces to count


# --- read back from built PDFs ------------------------------------------------------------------

def _font_sizes(pdf: Path, page: int, texts: list[str]) -> set[float]:
    """The font sizes PDFium reads for the characters of the given lines of a page."""
    document = pypdfium2.PdfDocument(str(pdf))
    try:
        text_page = document[page - 1].get_textpage()
        whole = text_page.get_text_range()
        sizes = set()
        for text in texts:
            start = whole.find(text)
            assert start >= 0, (text, whole)
            sizes |= {round(pdfium_raw.FPDFText_GetFontSize(text_page.raw, start + offset), 1)
                      for offset, char in enumerate(text) if not char.isspace()}
        return sizes
    finally:
        document.close()


FIT_STYLES = (MINIMAL / "layout/styles.yaml").read_text(encoding="utf-8").replace(
    "space_after: 8pt, hyphenate: false}", "space_after: 8pt, hyphenate: false,\n"
    "                  fit_tracking: 0.03, fit_size: 0.1}").replace(
    "heading: {parent: section-title, size: 10pt,", "heading: {parent: section-title, fit_size: 0.02, fit_tracking: 0,"
    " size: 10pt,")


def test_a_brochures_titles_read_back_from_the_pdf_never_end_with_one_word(tmp_path):
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": """
        id: intro
        title: {fr: "Les jumelages de Villeneuve-lès-Avignon", en: "The twin towns of Villeneuve-lès-Avignon"}
        blocks:
          - paragraph: {fr: "Une ville ouverte sur le monde.", en: "A city open to the world."}
            style: lead
          - heading: {fr: "Partenariats internationaux Villeneuve-lès-Avignon-sur-Rhône", en: "Exchanges"}
        """}, layout={"styles.yaml": FIT_STYLES}, run_preflight=False)
    placed = result.page_map.placed
    paragraphs = display_paragraphs(result.pdf_path, placed)
    titles = {key[2]: lines for key, lines in paragraphs.items() if key[3] == "section-title"}
    assert titles["fr"] == ["Les jumelages", "de Villeneuve-lès-Avignon"], titles
    # the heading's limits (2 % smaller, no tracking) are not enough: it ends with its word alone,
    # and the build says where, once
    headings = {key[2]: lines for key, lines in paragraphs.items() if key[3] == "heading"}
    assert headings["fr"] == ["Partenariats internationaux", "Villeneuve-lès-Avignon-sur-Rhône"]
    assert set(ending_with_one_word(result.pdf_path, placed)) == {
        key for key in paragraphs if key[3] == "heading" and key[2] == "fr"}
    # the title was set tighter or smaller, within its style's limits, and the build said so; the
    # English title it faces was set alike (and said so), the heading it does not face was not
    fitted = {item.language: item for item in placed if item.fit}
    assert sorted(fitted) == ["en", "fr"] and {item.kind for item in fitted.values()} == {"section-title"}
    sizes = {language: _font_sizes(result.pdf_path, item.page, titles[language]) for language, item in fitted.items()}
    assert sizes["fr"] == sizes["en"] and len(sizes["fr"]) == 1 and 12.6 <= min(sizes["fr"]) <= 14.0, sizes
    assert "so that its last line is not one word alone" in fitted["fr"].fit
    assert "as the text it faces" in fitted["en"].fit
    notes = [d for d in result.diagnostics.items if "so that its last line is not one word alone" in d.message]
    assert len(notes) == 1 and notes[0].where.startswith("content/sections/01-intro.yaml:2"), notes
    warned = [d for d in result.diagnostics.warnings if "ends with one word alone" in d.message]
    assert len(warned) == 1 and warned[0].where.startswith("content/sections/01-intro.yaml:6"), warned
    assert "fit_size" in warned[0].hint


def _fixture_projects(folder: Path) -> dict[str, Project]:
    from tests.test_second_brochure import LEAFLET, leaflet_root
    partners = write_brochure(folder / "partners", base=REPOSITORY / "tests/fixtures/partners")
    return {
        "leaflet": Project.at(leaflet_root(folder / "leaflet"), content=LEAFLET / "content",
                              layout=LEAFLET / "layout", output=folder / "leaflet-output"),
        "partners": Project.at(partners, output=folder / "partners-output"),
        "minimal": Project.at(write_brochure(folder / "minimal"), output=folder / "minimal-output"),
    }


def test_the_test_brochures_titles_headings_and_leads_never_end_with_one_word(tmp_path):
    read = 0
    for name, project in _fixture_projects(tmp_path).items():
        result = build(project, run_preflight=False)
        for edition, built in result.editions.items():
            placed = built.page_map.placed
            read += len(display_paragraphs(built.outputs["print"], placed))
            assert ending_with_one_word(built.outputs["print"], placed) == {}, (name, edition)
    assert read >= 20


@pytest.mark.slow
def test_aix_titles_headings_and_leads_never_end_with_one_word_in_any_edition(tmp_path):
    root = tmp_path / "aix"
    for part in ("content", "layout", "fonts", "images", "profiles"):
        shutil.copytree(REPOSITORY / part, root / part)
    result = build(Project.at(root, output=tmp_path / "output"), run_preflight=False)
    assert sorted(result.editions) == ["en", "en-fr", "fr", "fr-ar", "fr-en", "fr-ja"]
    multiline = 0
    for edition, built in result.editions.items():
        placed = built.page_map.placed
        paragraphs = display_paragraphs(built.outputs["print"], placed)
        multiline += sum(len(lines) >= 2 for lines in paragraphs.values())
        assert ending_with_one_word(built.outputs["print"], placed) == {}, edition
        if edition != "en":   # the partners title: set tighter and smaller, and said; the title it faces alike
            fitted = {(item.unit, item.language): item.fit for item in placed if item.fit}
            assert sorted(fitted) == sorted(("partners.title", language) for language in built.edition.languages)
            assert "one word alone" in fitted[("partners.title", "fr")], edition
            title = next(lines for key, lines in paragraphs.items() if key[1] == "partners.title" and key[2] == "fr")
            assert title == ["Les 15\u00a0villes", "partenaires d’Aix-en-Provence"]
    assert multiline >= 40
    notes = [d for d in result.diagnostics.items if "so that its last line is not one word alone" in d.message]
    assert len(notes) == 5 and all(d.where.startswith("content/sections/04-partners.yaml:5") for d in notes)
    facing = [d for d in result.diagnostics.items if "as the text it faces" in d.message]
    assert {d.message.split("[")[1][:2] for d in facing} == {"en", "ja", "ar"} and len(facing) == 4


def test_the_contrast_check_asks_of_a_title_what_its_smallest_fitted_size_needs():
    from brochure.layout.contrast import needed_ratio
    from brochure.model.design import TextStyle

    title = TextStyle("title", font="Lato", size=18, leading=21, colour="sky")
    assert needed_ratio(title) == 3.0                         # large text
    assert needed_ratio(TextStyle("title", font="Lato", size=18, leading=21, colour="sky", fit_size=0.1)) == 4.5
