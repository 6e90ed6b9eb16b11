"""Typography rules as data: each shipped language from a real sentence, the brochure's own
changes in layout/typography.yaml, and a language without rules."""

from __future__ import annotations

import pytest

from brochure.errors import ErrorList
from brochure.load.typography import shipped_typography
from brochure.typeset.locale_rules import apply_rules
from tests.harness import build_from_yaml
from tests.pdf_reading import text_lines

NBSP, NNBSP = "\u00a0", "\u202f"


def typeset(text: str, locale: str) -> str:
    return apply_rules(text, shipped_typography(locale))


def test_german_quotes_percent_units_and_dates():
    sentence = 'Die "Städtepartnerschaft" wächst um 38 %: 7 Partnerstädte, 42 km entfernt, seit dem 22. März 1985.'
    assert typeset(sentence, "de_DE") == (
        f"Die „Städtepartnerschaft“ wächst um 38{NNBSP}%: 7{NBSP}Partnerstädte, 42{NBSP}km entfernt, "
        f"seit dem 22.{NBSP}März 1985.")
    assert typeset("Er sagte: \"Das ist 'gut'.\"", "de_AT") == "Er sagte: „Das ist ‚gut‘.“"


def test_italian_quotes_and_dates():
    sentence = 'Il "gemellaggio" con Perugia, firmato il 3 marzo 1970, conta 40 % di studenti : ecco.'
    assert typeset(sentence, "it_IT") == (
        f"Il «gemellaggio» con Perugia, firmato il 3{NBSP}marzo 1970, conta 40% di studenti: ecco.")


def test_spanish_angular_quotes_percent_and_de_dates():
    sentence = 'La ciudad "hermana" de Granada, desde el 12 de octubre de 1998, tiene 230 000 habitantes y 15 %.'
    assert typeset(sentence, "es_ES") == (
        f"La ciudad «hermana» de Granada, desde el 12{NBSP}de{NBSP}octubre de 1998, tiene "
        f"230{NNBSP}000{NBSP}habitantes y 15{NBSP}%.")


def test_portuguese_quotes_follow_the_country():
    assert typeset('a "geminação" de Coimbra', "pt_BR") == "a “geminação” de Coimbra"
    assert typeset('a "geminação" de Coimbra', "pt_PT") == "a «geminação» de Coimbra"


def test_dutch_and_hungarian_quotes_and_month_first_dates():
    assert typeset("de 'stedenband' sinds 22 maart", "nl_NL") == f"de ‘stedenband’ sinds 22{NBSP}maart"
    assert typeset('A "testvérváros" március 22. óta', "hu_HU") == f"A „testvérváros” március{NBSP}22. óta"


def test_french_still_sets_its_spaces():
    assert typeset('Il a dit : "oui" ; 14 % et 3 km...', "fr_FR") == (
        f"Il a dit{NBSP}: «{NNBSP}oui{NNBSP}»{NNBSP}; 14{NNBSP}% et 3{NBSP}km…")


def test_every_shipped_language_loads():
    for locale in ("fr_FR", "en_GB", "de_DE", "it_IT", "es_ES", "pt_PT", "nl_NL", "hu_HU"):
        assert shipped_typography(locale).has_rules, locale


SECTION = """
    id: intro
    blocks:
      - paragraph: {fr: "Die Stadt zählt 38 % Studierende.", en: "The city has 38 % students."}
      - quote: {fr: "Freundschaft über Grenzen", en: "Friendship across borders"}
"""
GERMAN = """
    title: {fr: Titel, en: Title}
    languages:
      fr: {locale: de-DE, name: Deutsch}
      en: {locale: en_GB, name: English}
"""


def text_of(result) -> str:
    return " ".join(line.text for line in text_lines(result.pdf_path))


def test_a_brochure_sets_german_quotes_on_quote_blocks(tmp_path):
    result = build_from_yaml(tmp_path, {"brochure.yaml": GERMAN, "sections/01-intro.yaml": SECTION},
                             run_preflight=False)
    text = text_of(result)
    assert "„Freundschaft über Grenzen“" in text
    assert "“Friendship across borders”" in text
    assert f"38{NNBSP}%" in text and "38% students" in text


def test_a_brochure_changes_a_rule_in_layout_typography(tmp_path):
    rules = """
        fr: {percent: nbsp, quotes: ["»", "«", "›", "‹"]}
    """
    result = build_from_yaml(tmp_path, {"brochure.yaml": GERMAN, "sections/01-intro.yaml": SECTION},
                             {"typography.yaml": rules}, run_preflight=False)
    text = text_of(result)
    assert "»Freundschaft über Grenzen«" in text and f"38{NBSP}%" in text


def test_a_mistake_in_layout_typography_names_its_line(tmp_path):
    rules = """
        fr: {percent: thin}
        xx: {percent: none}
    """
    with pytest.raises(ErrorList) as caught:
        build_from_yaml(tmp_path, {"brochure.yaml": GERMAN, "sections/01-intro.yaml": SECTION},
                        {"typography.yaml": rules}, run_preflight=False)
    message = str(caught.value)
    assert "layout/typography.yaml:1:" in message and "no space kind 'thin'" in message
    assert "layout/typography.yaml:2:" in message and "'xx' is not a language of the content" in message


def test_a_language_without_rules_is_a_warning_not_an_error(tmp_path):
    brochure = """
        title: {fr: Kichwa, en: Title}
        languages:
          fr: {locale: sw_KE, name: Kiswahili}
          en: {locale: en_GB, name: English}
    """
    section = """
        id: intro
        blocks:
          - paragraph: {fr: 'Jiji "rafiki" la Aix', en: "The 'twin' city"}
    """
    result = build_from_yaml(tmp_path, {"brochure.yaml": brochure, "sections/01-intro.yaml": section},
                             run_preflight=False)
    warnings = [str(item) for item in result.diagnostics.warnings]
    assert any("no spacing rules ship for language 'fr' (sw_KE)" in warning for warning in warnings), warnings
    assert "Jiji “rafiki” la Aix" in text_of(result)  # Swahili's CLDR quotes
