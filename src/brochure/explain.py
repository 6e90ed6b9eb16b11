"""Explain: a plain-text listing of what the build did to the text and where it looked loose."""

from __future__ import annotations

from brochure.layout.page_map import PageMap, word_space_summary
from brochure.model.content import (
    Brochure,
    Cards,
    ImageBlock,
    KeyFigure,
    KeyFigures,
    ListBlock,
    MapBlock,
    Paragraph,
    Text,
)
from brochure.model.design import Design
from brochure.typeset.locale_rules import explain_rules, show_invisible
from brochure.typeset.numbers import format_integer


def figure_value(brochure: Brochure, figure: KeyFigure) -> Text:
    """A key figure's value as printed: its number formatted for each language."""
    if figure.number is None:
        return figure.value
    return Text(tuple((code, value.format(number=format_integer(figure.number, brochure.language(code).locale)))
                      for code, value in figure.value.values), figure.value.location)


def content_texts(brochure: Brochure) -> list[tuple[str, Text]]:
    """Every text unit of the content with a readable name, in reading order."""
    units: list[tuple[str, Text]] = [("title", brochure.title)]
    for section in brochure.sections:
        if section.title:
            units.append((f"{section.id}.title", section.title))
        for index, block in enumerate(section.blocks):
            name = f"{section.id}[{index}]"
            if isinstance(block, ListBlock):
                units += [(f"{name}.item[{n}]", item) for n, item in enumerate(block.items)]
            elif isinstance(block, KeyFigures):
                if block.title:
                    units.append((f"{name}.title", block.title))
                for n, figure in enumerate(block.items):
                    units += [(f"{name}.figure[{n}].value", figure_value(brochure, figure)),
                              (f"{name}.figure[{n}].label", figure.label)]
            elif isinstance(block, ImageBlock):
                units += [(f"{name}.{part}", text) for part, text in (("caption", block.caption),
                                                                      ("credit", block.credit)) if text]
            elif isinstance(block, MapBlock):
                if block.caption:
                    units.append((f"{name}.caption", block.caption))
            elif isinstance(block, Cards):
                continue  # the cards' texts are listed with their card list below
            else:
                if isinstance(block, Paragraph) and block.lead:
                    units.append((f"{name}.lead", block.lead))
                units.append((name, block.text))
    for card_list in brochure.card_lists:
        units += [(f"{card_list.kind} card {card.id}.{name}", value)
                  for card in card_list.cards for name, value in card.values if isinstance(value, Text)]
    if brochure.contact:
        units.append(("back cover.department", brochure.contact.department))
    return units


def page_lines(page_map: PageMap, blank_pages: list[int], filler_pages: list[int]) -> list[str]:
    """Per page: its template, the flow columns it set, the blank at its foot, and what the
    composer chose there (a section run on or started, a float, a filler or blank page)."""
    lines = []
    for fill in page_map.page_fills:
        what = [f"{choice.item} " + ("starts here on a new page" if choice.new_page else "runs on here")
                for choice in page_map.page_breaks
                if choice.page + (1 if choice.new_page else 0) == fill.page]
        if fill.page in filler_pages:
            what.append("a filler page of the layout")
        if fill.page in blank_pages:
            what.append("left blank for the binding")
        columns = f", {fill.columns_used} of {fill.columns} columns set" if fill.columns > 1 else ""
        lines.append(f"page {fill.page} ({fill.template}{columns}): {fill.blank_below:.0%} blank at the foot"
                     + ("; " + "; ".join(what) if what else ""))
    return lines


def explain(brochure: Brochure, design: Design, page_map: PageMap, blank_pages: list[int],
            fonts: list[str] | None = None, plans: list[str] | None = None,
            filler_pages: list[int] | None = None) -> str:
    """The listing; `fonts` says what was done to font files (converted, instanced) to embed them."""
    lines = ["# What the build did", "", ("Special spaces: ⍽ no-break space (U+00A0), "
             "⸱ narrow no-break space (U+202F)."), "", "## Typography rules applied", ""]
    for name, text in content_texts(brochure):
        for language in brochure.languages:
            if language.code not in text.languages:
                continue
            changes = explain_rules(text.get(language.code), design.typography_of(language.code))
            changes = [(rule, after) for rule, after in changes if rule != "collapse_spaces"]
            if changes:
                rules = ", ".join(rule for rule, _ in changes)
                lines.append(f"{name} [{language.code}] ({rules}): {show_invisible(changes[-1][1])}")
    lines += ["", "## Loose justified lines", ""]
    lines += [f"page {line.page}: {line.unit} [{line.language}] word spaces {line.word_space:.1f}×: "
              f"{line.text.strip()}" for line in page_map.loose_lines] or ["none"]
    lines += ["", "## Page plan", ""]
    lines += plans or ["sections run on; the page count needed no plan"]
    lines += ["", "## Pages", ""]
    lines += page_lines(page_map, blank_pages, filler_pages or []) or ["none"]
    lines += ["", "## Sections that run on or new_page: auto", ""]
    lines += [f"page {choice.page}: {choice.item}: {choice.free_share:.0%} of the type area free, "
              + ("started a new page" if choice.new_page else "continued on the same page")
              + {"plan": " (page plan)", "foot": " (too little room left to open a section)"}.get(
                  choice.reason, " (new_page: auto)")
              for choice in page_map.page_breaks] or ["none"]
    lines += ["", "## Figures filling the foot of a section (fill:)", ""]
    lines += [f"page {choice.page}: after {choice.item}: {choice.free_share:.0%} of the type area free, "
              + ("figure set" if choice.placed else f"left out: {choice.reason}" if choice.reason
                 else "no room, left out")
              for choice in page_map.fills] or ["none"]
    lines += ["", "## Maps", ""]
    lines += [f"page {placed.page}: {placed.what}: {sum(1 for label in placed.scene.labels if label)} labels, "
              f"{sum(1 for label in placed.scene.labels if label and label.leader)} with a leader line"
              for placed in page_map.maps] or ["none"]
    lines += ["", "## Line breaks", "", word_space_summary(page_map.paragraphs), "",
              ("Per paragraph (column part), the badness of each line as the total-fit breaker chose it "
               "(100 × |adjustment ratio|³; 0 is the natural space, 100 the style's maximum) and its "
               "widest word space:"), ""]
    lines += [(f"page {paragraph.page}: {paragraph.unit} [{paragraph.language}] badness "
               f"{' '.join(f'{value:.0f}' for value in paragraph.badness)}"
               + (f"; word spaces up to {max(paragraph.word_spaces):.2f}×" if paragraph.word_spaces else ""))
              for paragraph in page_map.paragraphs]
    lines += ["", "## Blank pages added for the booklet", "",
              ", ".join(map(str, blank_pages)) if blank_pages else "none"]
    lines += ["", "## Fonts converted to be embedded", ""]
    lines += fonts or ["none: every font file is embedded as it is"]
    return "\n".join(lines) + "\n"
