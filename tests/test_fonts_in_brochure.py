"""Fonts in a whole brochure: faces written in layout/styles.yaml, a CFF body and variable-font
headings built, preflighted and read back; bad font files reported at their line, exit 2."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from reportlab.pdfbase import pdfmetrics

from brochure.errors import ErrorList
from brochure.explain import content_texts
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.load.typography import shipped_typography
from brochure.pipeline import Project, build
from brochure.preflight.profiles import profile_named
from brochure.preflight.run import preflight
from brochure.typeset.locale_rules import apply_rules
from tests.conftest import REPOSITORY, copy_project
from tests.font_files import GARAMOND_OTF, INTER_VARIABLE, LATO, LATO_BOLD, changed_font, collection, truncated
from tests.harness import MINIMAL, build_from_yaml, write_brochure
from tests.pdf_reading import column_stream, fonts, squash, text_lines

LATO_LIGHT_FAMILY = "  Lato Light:\n    regular: fonts/lato/Lato-Light.ttf\n"


def add_fonts(folder: Path, families: str) -> Path:
    """Add font families (YAML, indented as under `fonts:`) to the layout of the brochure in `folder`."""
    styles = folder / "layout" / "styles.yaml"
    text = styles.read_text(encoding="utf-8")
    assert LATO_LIGHT_FAMILY in text
    styles.write_text(text.replace(LATO_LIGHT_FAMILY, LATO_LIGHT_FAMILY + families), encoding="utf-8")
    return styles


def line_of(path: Path, text: str) -> int:
    return next(number for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text in line)


# -- faces as written in layout/styles.yaml ----------------------------------------------------------

def test_faces_are_read_as_a_path_or_a_file_with_its_choice(project_copy):
    add_fonts(project_copy, "  Inter:\n"
                            "    regular: {file: fonts/Inter.ttf, instance: Semi Bold}\n"
                            "    bold: {file: fonts/Inter.ttf, wght: 720, opsz: 32}\n"
                            "    italic: {file: fonts/Noto.ttc, index: 2}\n"
                            "    bold_italic: {file: fonts/Noto.ttc, name: Noto-Bold}\n")
    inter = next(family for family in load_design(project_copy / "layout").fonts if family.name == "Inter")
    assert inter.regular.file == "fonts/Inter.ttf" and inter.regular.instance == "Semi Bold"
    assert inter.bold is not None and inter.bold.axes == (("wght", 720.0), ("opsz", 32.0))
    assert inter.italic is not None and inter.italic.index == 2
    assert inter.bold_italic is not None and inter.bold_italic.name == "Noto-Bold"
    assert inter.regular.location is not None and inter.regular.location.line == line_of(
        project_copy / "layout/styles.yaml", "instance: Semi Bold")
    assert inter.faces() == (("regular", "fonts/Inter.ttf"), ("bold", "fonts/Inter.ttf"),
                             ("italic", "fonts/Noto.ttc"), ("bold_italic", "fonts/Noto.ttc"))


@pytest.mark.parametrize(("face", "message"), [
    ("{file: fonts/Inter.ttf, instanse: Bold}",
     "'fonts.Inter.regular.instanse': unknown key (hint: did you mean 'instance'?)"),
    ("{file: fonts/Inter.ttf, instance: Bold, wght: 700}", "give a named instance or axis values, not both"),
    ("{fiel: fonts/Inter.ttf, wght: 700}", "'fonts.Inter.regular.fiel': unknown key (hint: did you mean 'file'?)"),
    ("{instance: Bold}", "'fonts.Inter.regular': missing key 'file'"),
    ("{file: fonts/Inter.ttf, wght: heavy}", "expected a number, got 'heavy'"),
    ("{file: fonts/Noto.ttc, index: 1, name: Noto}", "by index or by name, not both"),
])
def test_a_face_written_wrongly_is_an_error_at_its_line(project_copy, face, message):
    styles = add_fonts(project_copy, f"  Inter:\n    regular: {face}\n")
    with pytest.raises(ErrorList) as raised:
        load_design(project_copy / "layout")
    [error] = raised.value.errors
    assert error.location is not None and error.location.line == line_of(styles, face)
    assert message in str(error)


def test_every_bad_font_file_is_reported_at_its_line_with_exit_2(project_copy):
    fonts = project_copy / "fonts" / "test"
    truncated(LATO, fonts / "Cut.ttf", 0.5)
    changed_font(LATO, fonts / "Restricted.ttf", fs_type=0x0002)
    collection([LATO, LATO_BOLD], fonts / "Lato.ttc")
    shutil.copy(INTER_VARIABLE, fonts / "Inter.ttf")
    (fonts / "Page.otf").write_text("<html>Not found</html>")
    styles = add_fonts(project_copy, "  Cut:\n    regular: fonts/test/Cut.ttf\n"
                                     "  Restricted:\n    regular: fonts/test/Restricted.ttf\n"
                                     "  Collection:\n    regular: fonts/test/Lato.ttc\n"
                                     "  Inter:\n    regular: {file: fonts/test/Inter.ttf, instance: Heavy}\n"
                                     "  Page:\n    regular: fonts/test/Page.otf\n")
    result = subprocess.run([sys.executable, "-m", "brochure", "build", str(project_copy)],
                            capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr and "internal error" not in result.stderr
    lines = result.stderr.strip().splitlines()
    expected = {"Cut.ttf": "the file is cut short", "Restricted.ttf": "its licence forbids embedding it",
                "Lato.ttc": "is a collection of 2 fonts (0: Lato-Regular; 1: Lato-Bold)",
                "Inter.ttf": "the variable font has no instance 'Heavy'; axes: wght 100–900 (default 400); "
                             "instances: Thin, Extra Light, Light, Regular, Medium, Semi Bold, Bold",
                "Page.otf": "not a font file"}
    assert len(lines) == len(expected), lines
    for (name, message), line in zip(expected.items(), lines):
        row = line_of(styles, f"fonts/test/{name}")
        assert line.startswith(f"error: layout/styles.yaml:{row}:"), line
        assert f"fonts/test/{name}: {message}" in line, line
    assert not (project_copy / "output").exists()


# -- a brochure set in a CFF .otf and a variable font ----------------------------------------------------

@pytest.fixture(scope="module")
def designer_fonts_build(tmp_path_factory):
    """The brochure with its body in EB Garamond (CFF outlines, licensed here for preview & print
    embedding) and its titles, key figures and city names in Inter (a variable font), built with
    --explain into a folder of its own."""
    folder = copy_project(tmp_path_factory.mktemp("designer-fonts") / "brochure")
    changed_font(GARAMOND_OTF, folder / "fonts" / GARAMOND_OTF.name, fs_type=0x0004)
    shutil.copy(INTER_VARIABLE, folder / "fonts" / INTER_VARIABLE.name)
    styles = add_fonts(folder, f"  Garamond:\n    regular: fonts/{GARAMOND_OTF.name}\n"
                               f"  Inter:\n    regular: {{file: fonts/{INTER_VARIABLE.name}, instance: Extra Bold}}\n"
                               f"    bold: {{file: fonts/{INTER_VARIABLE.name}, wght: 650}}\n")
    text = styles.read_text(encoding="utf-8")
    text = text.replace("  heading:\n    font: Lato\n", "  heading:\n    font: Inter\n")
    text = text.replace("font: Lato Black\n", "font: Inter\n").replace("font: Lato\n", "font: Garamond\n")
    assert "font: Lato\n" not in text and text.count("font: Inter\n") > 3 and text.count("font: Garamond\n") > 3
    styles.write_text(text, encoding="utf-8")
    result = build(Project.at(folder), explain_listing=True, editions=("fr-en",))  # the FR/EN brochure
    return folder, result


@pytest.mark.slow
def test_a_cff_body_and_variable_headings_build_embedded_and_preflighted(designer_fonts_build):
    folder, result = designer_fonts_build
    report = (folder / "output" / "aix-international-strategy.preflight.json").read_text()
    assert '"passed": true' in report and '"errors": 0' in report
    listed = {row.name.split("+")[1]: row for row in fonts(result.pdf_path)}
    assert {"EBGaramond12-Regular", "Inter-ExtraBold", "Inter-wght650"} <= listed.keys(), listed.keys()
    for name in ("EBGaramond12-Regular", "Inter-ExtraBold"):
        assert listed[name].embedded and listed[name].subset, listed[name]
        assert listed[name].kind == "TrueType", listed[name]  # the converted outlines are embedded


@pytest.mark.slow
def test_text_set_in_converted_and_instanced_fonts_reads_back_faithfully(designer_fonts_build):
    folder, result = designer_fonts_build
    design = load_design(folder / "layout")
    page = design.page
    middle, bottom, top = page.trim_box.x + page.trim_box.width / 2, page.trim_box.y + page.margin_bottom, \
        page.trim_box.top - page.margin_top
    lines = text_lines(result.pdf_path)
    last = max(line.page for line in lines)
    # each facing column read on its own, without the running footers: a paragraph that goes on
    # to the next page reads whole (the covers' texts are kept)
    lines = [line for line in lines if line.page in (1, last) or bottom <= line.y <= top]
    extracted = "\n".join(squash(column_stream(lines, left, right))
                          for left, right in ((0, middle), (middle, page.media_width)))
    brochure = load_content(folder / "content", complete=False)
    locales = {language.code: shipped_typography(language.locale) for language in brochure.languages
               if language.code in ("fr", "en")}  # the languages of the edition built
    missing = [f"{name} [{code}]" for name, unit in content_texts(brochure) for code in locales
               if squash(apply_rules(unit.get(code), locales[code])) not in extracted]
    assert missing == []


@pytest.mark.slow
def test_a_font_licensed_for_preview_and_print_is_embedded_and_said(designer_fonts_build):
    _, result = designer_fonts_build
    said = [f"{item.where}: {item.message}" for item in result.diagnostics.items if item.stage == "fonts"]
    expected = (f"font 'Garamond': fonts/{GARAMOND_OTF.name}: its licence allows preview & print embedding "
                "(OS/2 fsType 0x0004): embedded; the PDF may be viewed and printed, not edited")
    assert said == [expected]


@pytest.mark.slow
def test_explain_lists_the_converted_fonts(designer_fonts_build):
    folder, _ = designer_fonts_build
    listing = (folder / "output" / "aix-international-strategy.explain.txt").read_text(encoding="utf-8")
    section = listing.split("## Fonts converted to be embedded")[1]
    assert (f"{GARAMOND_OTF.name}: PostScript (CFF) outlines converted to TrueType (tolerance 1/1000 em), "
            "hinting dropped") in section
    assert f"{INTER_VARIABLE.name}: static instance 'Extra Bold' (wght 800) made from the variable font" in section
    assert f"{INTER_VARIABLE.name}: static instance 'wght650' (wght 650)" in section
    assert "Lato" not in section


# -- fonts registered by content ---------------------------------------------------------------------------

def embedded_widths(pdf: Path, font: str) -> list[float]:
    """The glyph widths of every embedded subset of the font whose name holds `font`, sorted."""
    widths: dict[str, list[float]] = {}
    for page in pypdf.PdfReader(pdf).pages:
        for value in page["/Resources"]["/Font"].get_object().values():
            entry = value.get_object()
            if font in str(entry["/BaseFont"]):
                widths[str(entry["/BaseFont"])] = [float(width) for width in entry["/Widths"]]
    assert widths, f"no font {font} in {pdf}"
    return sorted(width for subset in widths.values() for width in subset)


def test_a_font_file_swapped_between_two_builds_in_one_process_changes_the_pdf(tmp_path):
    """reportlab keeps the first font registered under a name: registration by content is what
    makes the second build use the new file (same file name, same PostScript name)."""
    folder = write_brochure(tmp_path / "brochure")
    project = Project.at(folder)
    first = build(project, run_preflight=False).pdf_path
    before = first.read_bytes()
    widths_before = embedded_widths(first, "Lato-Regular")
    changed_font(REPOSITORY / "fonts/lato/Lato-Regular.ttf", folder / "fonts/lato/Lato-Regular.ttf", widen=60)
    second = build(project, run_preflight=False).pdf_path
    assert second.read_bytes() != before
    # every glyph 60 units of Lato's 2000 wider: 30 thousandths of an em in the PDF
    assert len(widths_before) > 20
    assert embedded_widths(second, "Lato-Regular") == [width + 30 for width in widths_before]
    # only the new version stays registered: lookups by PostScript name find it
    versions = [font for font in pdfmetrics.getRegisteredFontNames()
                if getattr(pdfmetrics.getFont(font), "face", None) is not None
                and pdfmetrics.getFont(font).face.name == b"Lato-Regular"]
    assert len(versions) == 1, versions


def test_a_small_brochure_in_a_cff_font_and_a_variable_font_builds_and_reads_back(tmp_path):
    styles = (MINIMAL / "layout" / "styles.yaml").read_text(encoding="utf-8")
    styles = styles.replace("fonts:\n", f"fonts:\n  Garamond:\n    regular: fonts/{GARAMOND_OTF.name}\n"
                            f"  Inter:\n    regular: {{file: fonts/{INTER_VARIABLE.name}, instance: Bold}}\n")
    styles = styles.replace("body: {font: Lato,", "body: {font: Garamond,")
    styles = styles.replace("section-title: {font: Lato, bold: true,", "section-title: {font: Inter,")
    assert "body: {font: Garamond," in styles and "section-title: {font: Inter," in styles
    result = build_from_yaml(tmp_path, layout={"styles.yaml": styles}, run_preflight=False,
                             files={f"fonts/{source.name}": source for source in (GARAMOND_OTF, INTER_VARIABLE)})
    # pdfx4 asks no page multiple of its own (the binding does): the one-page file passes whole
    findings = preflight(result.pdf_path, profile_named("pdfx4")).findings
    assert [finding.line() for finding in findings if finding.rule.startswith("fonts")] == []
    assert [finding.rule for finding in findings if finding.severity == "ERROR"] == []
    fonts = {str(font["/BaseFont"]).split("+")[-1]: font for page in pypdf.PdfReader(result.pdf_path).pages
             for font in (value.get_object() for value in page["/Resources"]["/Font"].get_object().values())}
    assert {"EBGaramond12-Regular", "Inter-Bold"} <= fonts.keys()
    for name in ("EBGaramond12-Regular", "Inter-Bold"):
        assert "/FontFile2" in fonts[name]["/FontDescriptor"].get_object()  # TrueType outlines, embedded
    text = squash(" ".join(line.text for line in text_lines(result.pdf_path)))
    assert squash("Une ville ouverte sur le monde, qui accueille chaque année des étudiants") in text
    assert squash("Introduction") in text


def test_a_small_brochure_in_a_collection_and_a_woff2_builds_and_reads_back(tmp_path):
    """Regular and bold from a .ttc (by index and by name), the body in italic from a WOFF2."""
    body = ("Une ville ouverte sur le monde, qui accueille chaque année des étudiants de nombreux pays. "
            "A city open to the world, which welcomes students from many countries every year.")
    fonts = tmp_path / "fonts"
    collection([LATO, LATO_BOLD], fonts / "Lato.ttc")
    changed_font(REPOSITORY / "fonts/lato/Lato-Italic.ttf", fonts / "Lato-Italic.woff2", flavor="woff2",
                 only=body + "-\u00a0\u202f\u2019")
    styles = (MINIMAL / "layout" / "styles.yaml").read_text(encoding="utf-8")
    faces = ("    regular: {file: fonts/Lato.ttc, index: 0}\n"
             "    bold: {file: fonts/Lato.ttc, name: Lato-Bold}\n"
             "    italic: fonts/Lato-Italic.woff2\n")
    styles = styles.replace("    regular: fonts/lato/Lato-Regular.ttf\n    bold: fonts/lato/Lato-Bold.ttf\n"
                            "    italic: fonts/lato/Lato-Italic.ttf\n", faces)
    styles = styles.replace("body: {font: Lato,", "body: {font: Lato, italic: true,")
    assert faces in styles and "italic: true" in styles and "Lato-Regular.ttf" not in styles
    result = build_from_yaml(tmp_path, layout={"styles.yaml": styles}, run_preflight=False,
                             files={f"fonts/{name}": fonts / name for name in ("Lato.ttc", "Lato-Italic.woff2")})
    names = {str(font["/BaseFont"]).split("+")[-1] for page in pypdf.PdfReader(result.pdf_path).pages
             for font in (value.get_object() for value in page["/Resources"]["/Font"].get_object().values())}
    assert {"Lato-Regular", "Lato-Bold", "Lato-Italic"} <= names
    text = squash(" ".join(line.text for line in text_lines(result.pdf_path)))
    assert squash("qui accueille chaque année des étudiants") in text and squash("welcomes students") in text
