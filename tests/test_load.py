"""Load: content and layout YAML into the model; every problem names its file and line."""

from __future__ import annotations

import pytest

from brochure.errors import BrochureError, ErrorList
from brochure.load.design import load_design
from brochure.pipeline import Project, load_project
from tests.conftest import REPOSITORY


def messages(error: BrochureError) -> list[str]:
    return [str(e) for e in (error.errors if isinstance(error, ErrorList) else [error])]


def test_the_real_content_loads():
    brochure, _ = load_project(Project.at(REPOSITORY))
    assert [language.code for language in brochure.languages] == ["fr", "en", "ja", "ar", "he"]
    cities = brochure.card_list("cities")
    assert cities.kind == "city"
    assert len(cities.cards) == 15
    assert len({city.id for city in cities.cards}) == 15
    granada = next(city for city in cities.cards if city.id == "granada")
    assert granada.get("name").get("fr") == "GRENADE" and granada.get("name").get("en") == "GRANADA"
    assert granada.get("population") == 237000 and granada.get("partner_since") == 1979
    assert granada.get("coordinates").lat == pytest.approx(37.18, abs=0.01)


def test_a_locale_written_with_a_hyphen_is_read_as_cldr_spells_it(project_copy):
    brochure = project_copy / "content" / "brochure.yaml"
    edit(brochure, "locale: fr_FR", "locale: fr-FR")
    content, _ = load_project(Project.at(project_copy))
    assert content.language("fr").locale == "fr_FR"


def test_the_real_layout_loads_with_inherited_styles():
    design = load_design(REPOSITORY / "layout")
    assert design.page.trim_width == pytest.approx(595.276, abs=0.001)
    assert design.page.trim_height == pytest.approx(841.890, abs=0.001)
    assert design.page.bleed == pytest.approx(8.504, abs=0.001)
    lead = design.style("lead")
    assert lead.align == "left" and lead.hyphenate  # own value, and one inherited from body
    assert design.columns == ("fr", "en")


def edit(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_missing_language_names_file_line_and_language(project_copy):
    cities = project_copy / "content" / "cards" / "cities.yaml"
    edit(cities, "    country: {fr: Hongrie, en: Hungary, ja:", "    country: {fr: Hongrie, ja:")
    with pytest.raises(BrochureError) as caught:
        load_project(Project.at(project_copy))
    [message] = messages(caught.value)
    assert message.startswith(f"content/cards/cities.yaml:{line_of(cities, 'fr: Hongrie')}:")
    assert "city card 'pecs'" in message and "missing language 'en'" in message


def test_misspelt_key_suggests_the_right_one(project_copy):
    cities = project_copy / "content" / "cards" / "cities.yaml"
    edit(cities, "    population: 84000", "    popluation: 84000")
    with pytest.raises(BrochureError) as caught:
        load_project(Project.at(project_copy))
    text = "\n".join(messages(caught.value))
    assert f"content/cards/cities.yaml:{line_of(cities, 'popluation')}:" in text
    assert "unknown key" in text and "did you mean 'population'?" in text


def test_population_written_as_text_is_an_error(project_copy):
    cities = project_copy / "content" / "cards" / "cities.yaml"
    edit(cities, "    population: 84000", '    population: "84 000"')
    with pytest.raises(BrochureError) as caught:
        load_project(Project.at(project_copy))
    assert "expected a whole number, got '84 000'" in "\n".join(messages(caught.value))


def test_all_problems_of_a_run_are_listed(project_copy):
    cities = project_copy / "content" / "cards" / "cities.yaml"
    edit(cities, "    partner_since: 1985", "    partner_since: 19850")
    edit(cities, "    country: {fr: Hongrie, en: Hungary, ja:", "    country: {fr: Hongrie, ja:")
    edit(cities, "  - id: granada", "  - id: bath")
    with pytest.raises(ErrorList) as caught:
        load_project(Project.at(project_copy))
    text = "\n".join(messages(caught.value))
    assert "19850 is out of range" in text
    assert "missing language 'en'" in text
    assert "card id 'bath' is used twice" in text


def test_yaml_syntax_error_names_the_line(project_copy):
    brochure = project_copy / "content" / "brochure.yaml"
    brochure.write_text(brochure.read_text(encoding="utf-8") + "\nbroken: [unclosed\n", encoding="utf-8")
    with pytest.raises(BrochureError) as caught:
        load_project(Project.at(project_copy))
    assert str(caught.value).startswith("content/brochure.yaml:")
    assert "YAML syntax error" in str(caught.value)


def test_duplicate_keys_and_aliases_are_refused(project_copy):
    brochure = project_copy / "content" / "brochure.yaml"
    brochure.write_text(brochure.read_text(encoding="utf-8") + "\ntitle: again\n", encoding="utf-8")
    with pytest.raises(BrochureError, match="duplicate key"):
        load_project(Project.at(project_copy))
    brochure.write_text("a: &x [1, 2]\nb: [*x, *x]\n", encoding="utf-8")
    with pytest.raises(BrochureError, match="aliases are not supported"):
        load_project(Project.at(project_copy))


def test_unknown_style_parent_and_colour_in_layout(project_copy):
    styles = project_copy / "layout" / "styles.yaml"
    edit(styles, "    parent: body\n    font: Lato Light", "    parent: bodyy\n    font: Lato Light")
    edit(styles, "    colour: ocean\n    align: left\n    tracking:",
         "    colour: oceen\n    align: left\n    tracking:")
    with pytest.raises(ErrorList) as caught:
        load_design(project_copy / "layout", project_copy)
    text = "\n".join(messages(caught.value))
    assert "no style named 'bodyy'" in text and "did you mean 'body'?" in text
    assert "no palette colour named 'oceen'" in text and "did you mean 'ocean'?" in text


def test_a_control_character_in_a_text_is_refused_where_it_is(tmp_path):
    from brochure.errors import ContentError
    from brochure.load.yaml_source import load_yaml

    path = tmp_path / "brochure.yaml"
    path.write_text('title:\n  fr: "Aix\\ten\\tProvence"\n  en: "Aix\\aen-Provence"\n', encoding="utf-8")
    fields = load_yaml(path, "content/brochure.yaml", ContentError).mapping()["title"].mapping()
    assert fields["fr"].string() == "Aix\ten\tProvence"  # a tab is allowed
    with pytest.raises(ContentError) as refused:
        fields["en"].string()
    assert str(refused.value).startswith("content/brochure.yaml:3:7: 'title.en': control character U+0007 at "
                                         "character 4"), str(refused.value)


@pytest.mark.parametrize(("value", "said"), [
    ("[100, 60, 190, 25]", "'palette.ocean[2]': 190 is out of range"),
    ('"#1F4E9A"', ("'palette.ocean': a CMYK colour is a list of 4 numbers, got '#1F4E9A' (hint: write [cyan, "
                  "magenta, yellow, black] in percent")),
])
def test_a_colour_in_error_is_one_error_at_its_line_not_one_at_each_use(project_copy, value, said):
    """A palette colour that cannot be read is still a colour the layout declares: the styles, boxes,
    maps and templates that use it are not reported too (20 false errors, before), nor what uses them."""
    styles = project_copy / "layout" / "styles.yaml"
    edit(styles, "  ocean: [100, 60, 0, 25]", f"  ocean: {value}")
    assert "colour: ocean" in styles.read_text(encoding="utf-8")
    with pytest.raises(BrochureError) as caught:
        load_design(project_copy / "layout", project_copy)
    [message] = messages(caught.value)
    assert message.startswith(f"layout/styles.yaml:{line_of(styles, '  ocean: ')}:") and said in message, message
