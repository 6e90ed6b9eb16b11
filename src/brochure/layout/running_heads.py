"""Layout stage: the texts the page templates repeat (running footer, folio, the page line
in the slug), computed once so that what is glyph-checked is what the pages draw."""

from __future__ import annotations

from dataclasses import replace

from brochure.errors import Location
from brochure.layout.page_map import PlacedText
from brochure.model.content import Brochure
from brochure.model.design import Design
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.locale_rules import apply_rules
from brochure.typeset.styles import StyleBook

FOOTER_SEPARATOR = "  ·  "
FOLIO_DIGITS = "0123456789"


def running_title(brochure: Brochure, design: Design) -> str:
    """The brochure's title in each column's language, as the running footer shows it."""
    return FOOTER_SEPARATOR.join(apply_rules(brochure.title.get(code), design.typography_of(code))
                                 for code in design.columns)


def page_line(design: Design, page_number: int, template: str) -> str:
    """The line printed in the slug beside the marks."""
    return f"{design.name} · page {page_number} · {template}"


def check_running_texts(brochure: Brochure, design: Design, styles: StyleBook, glyphs: GlyphCheck) -> None:
    """Every character the page templates draw must be in the face that draws it."""
    first = brochure.language(design.columns[0])
    footer = styles.paragraph_style("footer", first).fontName
    title = brochure.title.location or Location("content/brochure.yaml", key="title")
    if any(template.running_footer for template in design.templates):
        glyphs.check(running_title(brochure, design), footer, replace(title, key="title (running footer)"))
    if any(template.folio for template in design.templates):
        glyphs.check(FOLIO_DIGITS, styles.paragraph_style("folio", first).fontName,
                     Location("layout/styles.yaml", key="styles.folio"))
    if design.printing.marks.page_info:
        glyphs.check(page_line(design, 0, "") + "".join(t.name for t in design.templates), footer,
                     Location("layout/document.yaml", key="name (page line in the slug)"))


class SectionOpenings:
    """Which section a page's running elements belong to: a page takes its template (margins,
    frames) from the item that begins it, but when a section opens further down the page its
    band colour is that section's from the page it opens on, so a section never changes colour
    after its opening; only a section's last page may take the colour of the next one (issue 30:
    a section opening under the band of the cards above it went on under its own colour).

    Reads the page map as pages are drawn: a section opens on the page where its first text
    (a unit "<section id>.…") is placed."""

    def __init__(self, design: Design):
        self.templates = {item.section: item.template for item in design.sequence
                          if item.kind == "section" and item.section is not None}
        self.first_page: dict[str, int] = {}  # in the order the sections opened
        self._read = 0

    def template_opening_on(self, placed: list[PlacedText], page: int) -> str | None:
        """The template of the last section that opens on `page`, if one does: the one that goes on
        to the next page (a section that opens and ends on the page has no colour to keep)."""
        for item in placed[self._read:]:
            section = item.unit.split(".", 1)[0]
            if section in self.templates and section not in self.first_page:
                self.first_page[section] = item.page
        self._read = len(placed)
        opening = [section for section, first in self.first_page.items() if first == page]
        return self.templates[opening[-1]] if opening else None
