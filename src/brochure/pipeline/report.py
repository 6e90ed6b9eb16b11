"""What a build tells the designer: layout, typography, contrast and accessibility diagnostics."""

from __future__ import annotations

from pathlib import Path

from brochure.colour import ColourTransforms
from brochure.diagnostics import DiagnosticSink
from brochure.errors import Location
from brochure.layout.contrast import check_text_contrast
from brochure.layout.page_map import fill_summary, inner_fills, word_space_summary
from brochure.model.content import Brochure
from brochure.model.design import Design
from brochure.pipeline.render import Rendered
from brochure.render.tagging import sections_without_heading
from brochure.typeset.quotes import unbalanced_in


def report_contrast(brochure: Brochure, designs: list[Design], root: Path, diagnostics: DiagnosticSink,
                    colours: ColourTransforms) -> None:
    """Text too faint on what is behind it: a warning at the style's line, once for all editions."""
    seen: set[str] = set()
    for design in designs:
        for problem in check_text_contrast(brochure, design, root, colours):
            if problem.message not in seen:
                seen.add(problem.message)
                diagnostics.warn("layout", str(problem.location), problem.message, problem.hint)


def report_typography(brochure: Brochure, design: Design, diagnostics: DiagnosticSink) -> None:
    for language in brochure.languages:
        if language.code in design.columns and not design.typography_of(language.code).has_rules:
            diagnostics.warn("typography", str(language.location or "content/brochure.yaml"),
                             f"no spacing rules ship for language '{language.code}' ({language.locale}): "
                             "only its CLDR quotes are applied",
                             f"add layout/typography.yaml with '{language.code}:' rules (see the README)")
    for problem in unbalanced_in(brochure, design.columns):  # issue 23: never a silent straight quote
        diagnostics.warn("typography", str(problem.where or "content"),
                         f"unbalanced straight quote in [{problem.language}]: “{problem.excerpt}”",
                         "close the quotation, or type the mark you mean (“ ” « » ’)")


def report_accessibility(brochure: Brochure, design: Design, diagnostics: DiagnosticSink, prefix: str) -> None:
    """What the tagged screen edition cannot give a screen reader from the content (issue 31)."""
    for section in sections_without_heading(brochure, design):
        diagnostics.warn("accessibility", str(section.location or f"section '{section.id}'"),
                         f"{prefix}section '{section.id}' has no title or heading: the screen edition reads it as "
                         "part of the section before it, and a screen reader cannot reach it by heading or "
                         "bookmark",
                         "give it a title: (or begin it with a heading:)")


def report_layout(rendered: Rendered, diagnostics: DiagnosticSink, prefix: str = "",
                  binding: Location | None = None) -> None:
    """What a designer should look at: loose justified lines and blank pages, with their page.
    `binding`: where the edition's binding (which sets the page multiple) is written."""
    if rendered.blank_pages:
        diagnostics.warn("layout", str(binding or "layout/pages.yaml"),  # the binding's page multiple decides it
                         prefix + "pages " + ", ".join(map(str, rendered.blank_pages)) +
                         ": left blank to make the page count a multiple for the booklet",
                         "add content or change the page sequence to fill them")
    diagnostics.info("layout", "line breaks", word_space_summary(rendered.page_map.paragraphs))
    for where, note in rendered.page_map.notes:
        diagnostics.info("fonts", where, note)
    diagnostics.info("layout", "page fill", fill_summary(inner_fills(rendered.page_map)))
    for placed in rendered.page_map.placed:
        text = " ".join(placed.text.split())
        where = placed.where or f"{prefix}page {placed.page}"
        on_page = f"{prefix}page {placed.page}: " if placed.where else ""
        if placed.fit:  # issue 23: an adjustment a typesetter makes by hand, never silent
            diagnostics.info("layout", where, f"{on_page}{placed.kind} [{placed.language}] {placed.fit}: “{text}”")
        if placed.lone_word:
            diagnostics.warn("layout", where, f"{on_page}{placed.kind} [{placed.language}] ends with one word "
                                              "alone on its last line, even as tight and small as its style "
                                              f"allows: “{text}”",
                             "reword it, or raise the style's fit_tracking or fit_size")
    for line in rendered.page_map.loose_lines:
        spaced = f", letters spaced {line.letter_spacing:.2f} pt" if line.letter_spacing else ""
        # the text's file:line:column first (an editor jumps there), then the page it landed on
        diagnostics.warn("layout", line.where or f"{prefix}page {line.page}",
                         (f"{prefix}page {line.page}: " if line.where else "") +
                         f"loose line in {line.unit} [{line.language}]: word spaces {line.word_space:.1f}× "
                         f"the normal space{spaced}: “{line.text.strip()}”",
                         "no break of the paragraph sets it tighter: reword a few words, let a long word "
                         "of it hyphenate, or raise the style's letter_spacing or word_space_max")

