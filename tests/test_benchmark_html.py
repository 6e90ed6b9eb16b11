"""benchmarks/html_brochure.py: the brochure written as HTML + CSS for WeasyPrint to set
(benchmarks/weasyprint_compare.py). WeasyPrint itself is not needed here."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
import yaml
from benchmarks.html_brochure import brochure_html

from tests.harness import REPOSITORY

VOID = {"meta", "img", "br", "link"}


class Outline(HTMLParser):
    """Checks that every element is closed in order; gathers each section's rows as
    (language, text) pairs of their cells."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []
        self.sections: list[list[tuple[str, str]]] = []
        self.language: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.open.append(tag)
        if tag == "section":
            self.sections.append([])
        if tag == "p" and self.sections:
            self.language, self.text = dict(attrs).get("lang"), []

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, f"</{tag}> closes <{self.open[-1] if self.open else None}>"
        self.open.pop()
        if tag == "p" and self.sections and self.language:
            self.sections[-1].append((self.language, "".join(self.text)))
            self.language = None

    def handle_data(self, data: str) -> None:
        if self.language:
            self.text.append(data)


def plain(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split())


@pytest.fixture(scope="module")
def document() -> str:
    return brochure_html(REPOSITORY, "fr-en")


def test_html_sets_both_languages_of_a_section_side_by_side(document: str) -> None:
    outline = Outline()
    outline.feed(document)
    outline.close()
    assert outline.open == [], f"unclosed elements: {outline.open}"
    pages = yaml.safe_load((REPOSITORY / "layout" / "pages.yaml").read_text(encoding="utf-8"))["sequence"]
    assert len(outline.sections) == len(pages)  # cover, each section, back cover
    strategy = outline.sections[1]
    section = yaml.safe_load((REPOSITORY / "content" / "sections" / "01-strategy.yaml").read_text(encoding="utf-8"))
    paragraphs = [block["paragraph"] for block in section["blocks"] if "paragraph" in block]
    for unit in paragraphs:  # each unit's French and English, in cells of their language, the French first
        french = next(index for index, (lang, text) in enumerate(strategy)
                      if lang == "fr-FR" and plain(text).startswith(plain(unit["fr"])[:60]))
        assert strategy[french + 1][0] == "en-GB"
        assert plain(strategy[french + 1][1]).startswith(plain(unit["en"])[:60])
    # the locale rules were applied: a no-break space before the French colon
    assert any(text.endswith(("\u202f:", "\xa0:")) for lang, text in strategy if lang == "fr-FR")


def test_stylesheet_gives_the_page_fonts_and_styles_of_the_layout(document: str) -> None:
    assert "@page { size: 595.28pt 841.89pt; bleed: 42.52pt; marks: crop cross; }" in document  # A4, 3 + 12 mm
    assert re.search(r"@page inner:right \{ margin: 68\.03pt 45\.35pt 73\.70pt 56\.69pt;", document)  # inner at left
    fonts = re.findall(r'@font-face \{ font-family: "([^"]+)"; src: url\("([^"]+)"\)', document)
    assert ("Lato Black", (REPOSITORY / "fonts/lato/Lato-Black.ttf").as_uri()) in fonts
    assert all(Path(unquote(urlparse(url).path)).is_file() for _, url in fonts)
    body = re.search(r"\.s-body \{([^}]*)\}", document)
    assert body is not None
    for declaration in ('font-family: "Lato"', "font-size: 9.50pt", "line-height: 13.40pt", "text-align: justify",
                        "hyphens: auto", "margin: 0.00pt 0 5.00pt"):
        assert declaration in body.group(1)
    assert "hyphenate-limit-chars: 6 2 3" in document
