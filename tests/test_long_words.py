"""No word is ever cut without a hyphen: long city names in the narrow columns of a
three-language edition are hyphenated (at their own hyphens or by the dictionary), and a
word that cannot be made to fit is an error naming it, never cut mid-letter."""

from __future__ import annotations

import re

import pytest

from brochure.errors import BrochureError
from tests.harness import build_from_yaml
from tests.pdf_reading import text_lines

BROCHURE = """
    title: {de: Partnerschaften, fr: Jumelages, en: Twinnings}
    languages:
      de: {locale: de_DE, name: Deutsch}
      fr: {locale: fr_FR, name: Français}
      en: {locale: en_GB, name: English}
"""
DOCUMENT = """
    name: three
    page:
      trim: {width: 148mm, height: 210mm}
      bleed: 3mm
      slug: 12mm
      margins: {inner: 12mm, outer: 10mm, top: 15mm, bottom: 18mm}
      columns: 3
      gutter: 4mm
    edition:
      columns: [de, fr, en]
    print:
      output_intent: {profile: profiles/FOGRA39.icc, condition: FOGRA39, description: Coated FOGRA39}
"""
TEXTS = {
    "de": "Die 7 Partnerstädte von SAINT-GERMAIN-EN-LAYE und Aix-en-Provence: Städtepartnerschaftsvereinigungen "
          "in Baden-Württemberg, Mecklenburg-Vorpommern und Nordrhein-Westfalen.",
    "fr": "Les villes jumelées de SAINT-GERMAIN-EN-LAYE et d’Aix-en-Provence : intercommunalités, "
          "internationalisation et coopération décentralisée avec Villeneuve-lès-Avignon.",
    "en": "The twin towns of SAINT-GERMAIN-EN-LAYE and Aix-en-Provence: internationalisation, "
          "intergovernmental cooperation and Stratford-upon-Avon partnerships.",
}


def section(texts: dict[str, str], heading: dict[str, str] | None = None) -> str:
    blocks = []
    if heading:
        blocks.append("  - heading: {" + ", ".join(f'{code}: "{text}"' for code, text in heading.items()) + "}")
    blocks.append("  - paragraph: {" + ", ".join(f'{code}: "{text}"' for code, text in texts.items()) + "}")
    return "id: intro\nblocks:\n" + "\n".join(blocks) + "\n"


def words_of(text: str) -> set[str]:
    return set(re.findall(r"[^\s\u00a0\u202f:,.]+", text))


def tokens(text: str) -> list[str]:
    return re.findall(r"[^\s\u00a0\u202f:,.]+", text)


def test_long_names_in_three_columns_break_only_with_a_hyphen(tmp_path):
    result = build_from_yaml(tmp_path, {"brochure.yaml": BROCHURE, "sections/01-intro.yaml": section(TEXTS)},
                             {"document.yaml": DOCUMENT}, run_preflight=False)
    lines = [line for line in text_lines(result.pdf_path) if line.y > 100]  # not the footer
    columns: dict[float, list[str]] = {}
    for line in lines:
        columns.setdefault(round(line.x), []).append(line.text.rstrip("\n"))
    assert len(columns) == 3, columns.keys()  # three level columns
    expected = set().union(*(words_of(text) for text in TEXTS.values()))
    breaks = 0
    for column in columns.values():
        words: list[str] = []
        carried = ""
        for text in column:
            found = tokens(text)
            if carried:
                # a break inside a word adds a hyphen; at a compound's own hyphen the hyphen is the word's
                head = carried
                whole = {head + found[0], head[:-1] + found[0]}
                assert whole & expected, (head, found[0], column)
                words.append((whole & expected).pop())
                found = found[1:]
                breaks += 1
            carried = found.pop() if found and text.endswith("-") else ""
            words += found
        assert not carried
        cut = [word for word in words if word not in expected]
        assert cut == [], (cut, column)  # every word whole: none cut without a hyphen
    assert breaks >= 3  # the narrow columns did break long words, each at a hyphen


def test_a_word_that_cannot_fit_is_an_error_naming_it_never_cut(tmp_path):
    heading = {"de": "Städtepartnerschaftsvereinigungen", "fr": "Jumelages", "en": "Twinnings"}
    with pytest.raises(BrochureError) as caught:
        build_from_yaml(tmp_path, {"brochure.yaml": BROCHURE,
                                   "sections/01-intro.yaml": section(TEXTS, heading)},
                        {"document.yaml": DOCUMENT}, run_preflight=False)
    message = str(caught.value)
    assert "Städtepartnerschaftsvereinigungen" in message and "wider than its column" in message
    assert message.startswith("content/sections/01-intro.yaml:3:")
