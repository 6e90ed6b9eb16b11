"""Every character drawn has a glyph: body, run-in leads, the running footer, labels; a
missing one is an error naming the character, the face and where the text is; a family's
fallback face draws what the family lacks, wherever the text is."""

from __future__ import annotations

import subprocess
import sys

import pytest
from fontTools import subset

from brochure.errors import ErrorList
from brochure.pipeline import Project, build
from tests.harness import REPOSITORY, build_from_yaml
from tests.pdf_reading import fonts, squash, text_lines

LEAD_SECTION = """
    id: intro
    blocks:
      - paragraph: {fr: "une liste de cours.", en: "a list of courses."}
        lead: {fr: "{lead_fr}", en: "Schools:"}
"""


def section_with_lead(lead_fr: str) -> str:
    return LEAD_SECTION.replace("{lead_fr}", lead_fr)


def test_a_character_missing_from_the_running_footer_face_is_an_error(tmp_path):
    brochure = """
        title: {fr: "Amitié 日本", en: Friendship}
        languages:
          fr: {locale: fr_FR, name: Français}
          en: {locale: en_GB, name: English}
    """
    with pytest.raises(ErrorList) as caught:
        build_from_yaml(tmp_path, {"brochure.yaml": brochure}, run_preflight=False)
    [problem] = caught.value.errors
    assert str(problem).startswith("content/brochure.yaml:1:")
    assert "'日' (U+65E5), '本' (U+672C) are not in font Lato (fonts/lato/Lato-Regular.ttf)" in str(problem)
    assert problem.location.key == "title (running footer)"


def test_a_character_missing_from_a_run_in_lead_is_an_error_at_its_line(tmp_path):
    with pytest.raises(ErrorList) as caught:
        build_from_yaml(tmp_path, {"sections/01-intro.yaml": section_with_lead("Écoles 学校 :")},
                        run_preflight=False)
    [problem] = caught.value.errors
    assert str(problem).startswith("content/sections/01-intro.yaml:4:")
    assert "'学' (U+5B66), '校' (U+6821) are not in font Lato (fonts/lato/Lato-Bold.ttf)" in str(problem)


def test_a_character_missing_from_a_quote_is_an_error_at_its_line(tmp_path):
    """A quote is set inside quotation marks made for it: its text keeps where it is written."""
    section = """
    id: intro
    blocks:
      - paragraph: {fr: "un paragraphe.", en: "a paragraph."}
      - quote: {fr: "Écoles 学校", en: "Schools"}
"""
    with pytest.raises(ErrorList) as caught:
        build_from_yaml(tmp_path, {"sections/01-intro.yaml": section}, run_preflight=False)
    [problem] = caught.value.errors
    assert str(problem).startswith("content/sections/01-intro.yaml:4:"), str(problem)
    assert "'学' (U+5B66), '校' (U+6821) are not in font Lato" in str(problem)
    # the fallbacks searched are named, and the hint is about them (the layout's Lato has none in italic)
    assert ", nor in its fallback" not in str(problem) and "give the family a 'fallback:'" in str(problem)


def test_a_character_no_fallback_has_names_the_chain_searched(project_copy):
    """Aix's Lato falls back on Arabic, Hebrew and Japanese faces: a kanji the subset Japanese face
    lacks names them all, and the hint is about the chain, not about giving Lato a fallback."""
    section = project_copy / "content" / "sections" / "01-strategy.yaml"
    text = section.read_text(encoding="utf-8")
    opening = "      fr: >-\n        La mondialisation"
    assert opening in text
    section.write_text(text.replace(opening, opening.replace("La", "鬱 La"), 1), encoding="utf-8")
    with pytest.raises(ErrorList) as caught:
        build(Project.at(project_copy), run_preflight=False, editions=("fr-en",))
    [problem] = caught.value.errors
    said = str(problem)
    assert said.startswith("content/sections/01-strategy.yaml:"), said
    assert "'鬱' (U+9B31) is not in font Lato" in said and ", nor in its fallbacks Noto Sans Arabic" in said, said
    assert "M+ 1" in said and "give the last fallback a 'fallback:' font" in said, said


def test_a_run_in_lead_uses_the_familys_fallback(tmp_path):
    """A bold face without É: the lead's É comes from the fallback family, not an empty box."""
    without_e_acute = tmp_path / "Lato-Bold-no-Eacute.ttf"
    options = subset.Options()
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(REPOSITORY / "fonts/lato/Lato-Bold.ttf"), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for c in range(0x20, 0x17F) if c != 0xC9])
    subsetter.subset(font)
    # a PostScript name of its own: reportlab maps a second font of the same name to the first
    for record in font["name"].names:
        if record.nameID in (4, 6):
            record.string = "LatoPartial-Bold"
    subset.save_font(font, str(without_e_acute), options)
    font.close()
    # a family name of its own, so that this process's other builds do not share its faces
    styles = (REPOSITORY / "tests/fixtures/minimal/layout/styles.yaml").read_text(encoding="utf-8").replace(
        "font: Lato,", "font: Partial Lato,").replace("  Lato:\n", "  Partial Lato:\n").replace(
        "    bold: fonts/lato/Lato-Bold.ttf\n",
        "    bold: fonts/partial/Lato-Bold-no-Eacute.ttf\n    fallback: Lato Full\n  Lato Full:\n"
        "    regular: fonts/lato/Lato-Regular.ttf\n    bold: fonts/lato/Lato-Bold.ttf\n")
    result = build_from_yaml(tmp_path / "build", {"sections/01-intro.yaml": section_with_lead("Écoles :")},
                             {"styles.yaml": styles}, files={"fonts/partial/Lato-Bold-no-Eacute.ttf": without_e_acute},
                             run_preflight=False)
    text = squash(" ".join(line.text for line in text_lines(result.pdf_path)))
    assert squash("Écoles : une liste de cours.") in text
    names = [row.name for row in fonts(result.pdf_path)]
    assert any("LatoPartial-Bold" in name for name in names) and any(name.endswith("+Lato-Bold") for name in names)
    # both faces draw part of the lead


@pytest.mark.slow  # the Aix brochure read in a new process
def test_a_character_missing_from_a_label_is_a_user_error_naming_the_file(project_copy):
    labels = project_copy / "content" / "brochure.yaml"
    text = labels.read_text(encoding="utf-8")
    labels.write_text(text.replace('fr: "{population} habitants, {country}"', 'fr: "{population} ประชากร, {country}"'),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "brochure", "build", str(project_copy), "--no-preflight"],
                            capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "error: content/brochure.yaml:" in result.stderr and "'ป' (U+0E1B)" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1  # once, at the label, not again per city
    assert "Lato (fonts/lato/Lato-Bold.ttf)" in result.stderr
