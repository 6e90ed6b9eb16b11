"""Layout stage: the texts the page templates repeat (running footer, folio, the page line
in the slug), computed once so that what is glyph-checked is what the pages draw."""

from __future__ import annotations

from dataclasses import replace

from brochure.errors import Location
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
