"""Issue 23: a German/French/English brochure, A5 in three language columns (about 30
characters a line): numbers bound to their nouns set without a "wider than its column", every
word read back whole or hyphenated, and the word spaces of its justified lines measured."""

from __future__ import annotations

import re

import pytest

from tests.display_text import display_paragraphs, ending_with_one_word
from tests.harness import MINIMAL, build_from_yaml
from tests.word_spacing import set_lines

PARAGRAPHS = {
    "de": [
        ("Die Universität Aix-Marseille zählt heute rund 24.000 Studierende aus mehr als 130 Ländern; "
         "die Städtepartnerschaftsvereinbarungen mit Tübingen und Perugia fördern seit 1960 den "
         "Austausch zwischen Hochschulen, Forschungseinrichtungen und Kulturvereinen."),
        ("Das Innovationsnetzwerk der Metropolregion verbindet 3.500 Unternehmen mit internationalen "
         "Investoren; Wirtschaftsförderungsgesellschaften begleiten Neugründungen bei der Erschließung"
         " ausländischer Märkte und bei der Anwerbung qualifizierter Fachkräfte."),
        ("Über 1,3 Millionen Übernachtungen im Jahr, 300 Sonnentage und ein internationaler Flughafen "
         "mit 120 Direktverbindungen machen die Stadt zu einem Ziel für Kongresse und Tagungen."),
    ],
    "fr": [
        ("L’université d’Aix-Marseille compte aujourd’hui près de 24 000 étudiants venus de plus de "
         "130 pays ; les conventions de jumelage avec Tübingen et Pérouse favorisent depuis 1960 les "
         "échanges entre universités, organismes de recherche et associations culturelles."),
        ("Le réseau d’innovation de la métropole relie 3 500 entreprises à des investisseurs "
         "internationaux ; les agences de développement économique accompagnent les jeunes pousses "
         "dans la conquête des marchés étrangers et le recrutement de personnels qualifiés."),
        ("Plus de 1,3 million de nuitées par an, 300 jours de soleil et un aéroport international "
         "offrant 120 destinations directes font de la ville une destination de congrès."),
    ],
    "en": [
        ("Aix-Marseille University now has some 24,000 students from more than 130 countries; the "
         "twinning agreements with Tübingen and Perugia have fostered exchanges between universities, "
         "research institutions and cultural associations since 1960."),
        ("The metropolitan innovation network connects 3,500 businesses with international investors; "
         "economic development agencies support start-ups in entering foreign markets and in "
         "recruiting qualified staff."),
        ("Over 1.3 million overnight stays a year, 300 days of sunshine and an international airport "
         "with 120 direct destinations make the city a destination for congresses and conferences."),
    ],
}


def _yaml(text: str) -> str:
    return '"' + text.replace('"', '\\"') + '"'


@pytest.fixture(scope="module")
def three_columns(tmp_path_factory):
    folder = tmp_path_factory.mktemp("three-columns")
    blocks = "\n".join("  - paragraph:\n" + "".join(f"      {code}: {_yaml(PARAGRAPHS[code][index])}\n"
                                                     for code in ("de", "fr", "en"))
                       for index in range(3))
    document = (MINIMAL / "layout/document.yaml").read_text(encoding="utf-8").replace(
        "columns: [fr, en]", "columns: [de, fr, en]").replace("columns: 2", "columns: 3").replace(
        "gutter: 6mm", "gutter: 4mm")
    return build_from_yaml(folder, content={
        "brochure.yaml": """
            title: {de: Testbroschüre, fr: Brochure d’essai, en: Test brochure}
            languages:
              de: {locale: de_DE, name: Deutsch}
              fr: {locale: fr_FR, name: Français}
              en: {locale: en_GB, name: English}
            unbreakable: [Aix-Marseille]
            """,
        "sections/01-intro.yaml": "id: intro\ntitle: {de: Einführung, fr: Introduction, en: Introduction}\n"
                                  "blocks:\n" + blocks,
    }, layout={"document.yaml": document}, run_preflight=False)


def _read_back(column: list[str], words: set[str]) -> list[str]:
    """The column's words, each line-end hyphen joined to the next line's start (a compound's
    own hyphen kept when the joined word is no word of the text)."""
    tokens: list[str] = []
    carry = ""
    for text in column:
        parts = re.split(r"[\s\u00a0\u202f]+", text.strip())
        parts[0] = carry + parts[0]
        carry = ""
        last = parts[-1]
        if last.endswith(("-", "\x02")):
            head = parts.pop()[:-1]
            own_hyphen = any(word.startswith(head + "-") for word in words)  # Aix-|Marseille, start-|ups
            carry = head + "-" if own_hyphen else head
        tokens += parts
    return tokens + ([carry] if carry else [])


def test_three_narrow_columns_build_and_every_word_reads_back_whole_or_hyphenated(three_columns):
    lines = set_lines(three_columns.pdf_path, three_columns.page_map.placed)
    body = [line for line in lines if line.kind == "body"]
    assert {line.language for line in body} == {"de", "fr", "en"}
    hyphenated = 0
    for language in ("de", "fr", "en"):
        words = {token.strip(".,;:()") for paragraph in PARAGRAPHS[language]
                 for token in re.split(r"[\s\u00a0\u202f]+", paragraph)}
        column = [line.text for line in body if line.language == language]
        assert len(column) > 15   # narrow: many lines
        hyphenated += sum(text.rstrip().endswith("\x02") for text in column)
        for token in _read_back(column, words):
            assert token.strip(".,;:()") in words, (language, token)
    assert hyphenated >= 5   # words were broken, and read back whole
    # its titles never end with one word alone (issue 23): none of them, read back from the PDF
    titles = display_paragraphs(three_columns.pdf_path, three_columns.page_map.placed)
    assert len(titles) == 3 and ending_with_one_word(three_columns.pdf_path, three_columns.page_map.placed) == {}
