"""Fuzzing: random and malformed input through the loader and the whole build ends in a
valid PDF or a clean user error, never an unhandled exception or a hang."""

from __future__ import annotations

import contextlib
import json
import shutil
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from brochure.errors import BrochureError
from brochure.load.cards import load_cards
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.pipeline import PreflightFailed, Project, build
from tests.conftest import REPOSITORY, copy_project

YAMLISH = st.lists(st.sampled_from(list("[]{}:,-&*!|>'\"#%@`?\n \tabcidé0123") +
                                   ["fr: ", "en: ", "- ", "  ", "\n  ", "title:", "languages:", "cards:",
                                    "kind: city"]),
                   max_size=120).map("".join)
# as many examples as the profile says (tests/conftest.py: 40 in a developer's run, 300 in CI)
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="module")
def content_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz") / "content"
    shutil.copytree(REPOSITORY / "content", folder)
    return folder


DESIGN = load_design(REPOSITORY / "layout")


def load_or_user_error(folder: Path) -> None:
    with contextlib.suppress(BrochureError):
        load_content(folder, folder.parent)
        load_cards(folder, folder.parent, DESIGN, ("fr", "en"))


@pytest.fixture(scope="module")
def layout_copy(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("fuzz-layout") / "layout"
    shutil.copytree(REPOSITORY / "layout", folder)
    return folder


EDITION_WORDS = st.lists(st.sampled_from(["editions:", "\n  - ", "name: ", "languages: ", "[fr, en]", "[de]",
                                          "binding: ", "flat", "saddle", "sections: ", "[city]", "file: ",
                                          "page: ", "{columns: 0}", "styles: ", "{body: {size: x}}",
                                          "\n    ", "kinds:", "fields: ", "{a: date}", "lines: ",
                                          "[{style: body, show: '{a'}]", "fr", " "]), max_size=40).map("".join)


@FUZZ
@given(text=st.one_of(EDITION_WORDS, YAMLISH), file=st.sampled_from(["editions.yaml", "cards.yaml"]))
def test_any_text_as_the_editions_or_card_kinds_file_loads_or_is_a_user_error(layout_copy, text, file):
    original = (REPOSITORY / "layout" / file).read_text(encoding="utf-8")
    (layout_copy / file).write_text(text, encoding="utf-8")
    try:
        with contextlib.suppress(BrochureError):
            load_design(layout_copy, layout_copy.parent)
    finally:
        (layout_copy / file).write_text(original, encoding="utf-8")


@FUZZ
@given(text=st.one_of(YAMLISH, st.text(max_size=300)))
def test_any_text_as_the_brochure_file_loads_or_is_a_user_error(content_copy, text):
    (content_copy / "brochure.yaml").write_text(text, encoding="utf-8")
    load_or_user_error(content_copy)


@FUZZ
@given(text=st.one_of(YAMLISH, st.text(max_size=500)))
def test_any_text_as_the_cities_file_loads_or_is_a_user_error(content_copy, text):
    shutil.copy(REPOSITORY / "content" / "brochure.yaml", content_copy / "brochure.yaml")
    (content_copy / "cards" / "cities.yaml").write_text(text, encoding="utf-8")
    load_or_user_error(content_copy)


@pytest.mark.parametrize(("depth", "message"), [
    (50, "cities.yaml:2:9: city card 'cards[0]': 'cards[0]': expected a mapping of keys, got a list"),
    pytest.param(5_000, "cities.yaml: YAML nested too deeply", marks=pytest.mark.slow),
    pytest.param(50_000, "cities.yaml: YAML nested too deeply", marks=pytest.mark.slow),
])
def test_deeply_nested_yaml_is_refused_cleanly(content_copy, depth, message):
    """Shallow nesting is read and reported as the wrong shape; deep nesting is refused
    before it can exhaust the stack, naming the file."""
    (content_copy / "cards" / "cities.yaml").write_text("kind: city\ncards: " + "[" * depth + "]" * depth,
                                                        encoding="utf-8")
    with pytest.raises(BrochureError) as caught:
        load_cards(content_copy, content_copy.parent, DESIGN, ("fr", "en"))
    assert message in str(caught.value)
    assert "hint:" in str(caught.value) or depth == 50


def city(number: int, description: str = "Une ville.") -> str:
    return (f"  - id: city-{number}\n    name: {{fr: Ville {number}, en: City {number}}}\n"
            f"    country: {{fr: Pays, en: Country}}\n    population: {1000 + number}\n"
            f"    partner_since: {1950 + number % 70}\n"
            f"    description: {{fr: {json.dumps(description)}, en: {json.dumps(description)}}}\n")


def test_a_thousand_cities_load_each_in_order(content_copy):
    """Many cards load, each whole and in order (how long it takes is benchmarks/' business)."""
    shutil.copy(REPOSITORY / "content" / "brochure.yaml", content_copy / "brochure.yaml")
    (content_copy / "cards" / "cities.yaml").write_text("kind: city\ncards:\n" + "".join(city(n) for n in range(1000)),
                                              encoding="utf-8")
    [cities] = load_cards(content_copy, content_copy.parent, DESIGN, ("fr", "en"))
    assert len(cities.cards) == 1000
    assert [card.id for card in cities.cards] == [f"city-{n}" for n in range(1000)]


TEXTS = st.one_of(
    st.text(min_size=0, max_size=400),                                      # any Unicode
    st.text(alphabet=string.ascii_letters, min_size=60, max_size=400),      # one very long word
    st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), max_size=300),
)


@pytest.mark.slow
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(description=TEXTS, paragraph=TEXTS)
def test_random_text_through_a_full_build_gives_a_pdf_or_a_user_error(tmp_path_factory, description, paragraph):
    folder = copy_project(tmp_path_factory.mktemp("build") / "brochure")
    cities = folder / "content" / "cards" / "cities.yaml"
    text = cities.read_text(encoding="utf-8")
    start = text.index("    description:\n", text.index("- id: oujda"))
    end = text.index("  - id: bamako-commune-v")
    cities.write_text(text[:start] + f"    description: {{fr: {json.dumps(description)}, "
                                     f"en: {json.dumps(description[::-1])}}}\n" + text[end:], encoding="utf-8")
    section = folder / "content" / "sections" / "07-tourism.yaml"
    section.write_text(section.read_text(encoding="utf-8") +
                       f"  - paragraph:\n      fr: {json.dumps(paragraph)}\n      en: {json.dumps(paragraph)}\n",
                       encoding="utf-8")
    try:
        result = build(Project.at(folder), editions=("fr-en",))
    except (BrochureError, PreflightFailed):
        return
    data = result.pdf_path.read_bytes()
    assert data.startswith(b"%PDF-1.6") and data.rstrip().endswith(b"%%EOF")
