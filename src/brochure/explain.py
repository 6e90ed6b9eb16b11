"""Explain: a plain-text listing of what the build did to the text and where it looked loose."""

from __future__ import annotations

from brochure.layout.page_map import PageMap, word_space_summary
from brochure.model.content import Brochure, Card, KeyFigure, Text
from brochure.model.design import Design
from brochure.model.walk import FoundText, walk_texts
from brochure.typeset.locale_rules import explain_rules, show_invisible
from brochure.typeset.numbers import figure_text


def figure_value(brochure: Brochure, figure: KeyFigure) -> Text:
    """A key figure's value as printed: its number formatted for each language (its digits too)."""
    if figure.number is None:
        return figure.value
    return Text(tuple((code, figure_text(figure.value.get(code), figure.number, brochure.language(code)))
                      for code, _ in figure.value.values), figure.value.location)


# The texts the columns set, by their owner's kind and field (a block's other texts, such as a
# quote's attribution or an image's description, are set elsewhere or not at all); any other
# block sets its `text`
SET_IN_COLUMNS = {("Brochure", "title"), ("Section", "title"), ("ListBlock", "items"), ("KeyFigures", "title"),
                  ("KeyFigure", "value"), ("KeyFigure", "label"), ("ImageBlock", "caption"), ("ImageBlock", "credit"),
                  ("MapBlock", "caption"), ("Paragraph", "lead"), ("Card", "values"), ("Contact", "department")}
# the listing's order: the brochure's title, its sections, the cards, the back cover; in a block,
# its title and lead before its items and text
LISTING_ORDER = {"title": 0, "sections": 1, "blocks": 1, "items": 2, "lead": 3, "text": 4, "value": 5, "label": 6,
                 "caption": 7, "credit": 8, "card_lists": 9, "cards": 9, "values": 9, "contact": 10, "department": 10}


def content_texts(brochure: Brochure) -> list[tuple[str, Text]]:
    """Every text unit the columns set, with a readable name, in reading order; found by the
    model's walk (model/walk.py)."""
    units: list[tuple[tuple[int, ...], str, Text]] = []
    for found in walk_texts(brochure):
        if not _set_in_columns(found):
            continue
        order = tuple(step if isinstance(step, int) else LISTING_ORDER.get(step, 11) for step in found.trail)
        units.append((order, _listed_name(brochure, found), _as_printed(brochure, found)))
    return [(name, text) for _, name, text in sorted(units, key=lambda unit: unit[0])]


def _set_in_columns(found: FoundText) -> bool:
    if (type(found.owner).__name__, found.field) in SET_IN_COLUMNS:
        return not isinstance(found.owner, Card) or isinstance(found.trail[-1], str)  # a card's own texts
    return found.field == "text" and found.trail[:1] == ("sections",) and len(found.trail) == 5  # a block's


def _listed_name(brochure: Brochure, found: FoundText) -> str:
    trail = found.trail
    if trail[0] == "sections":
        section = brochure.sections[int(trail[1])]
        if trail[2] == "title":
            return f"{section.id}.title"
        name = f"{section.id}[{trail[3]}]"
        rest = trail[4:]
        if isinstance(found.owner, KeyFigure):
            return f"{name}.figure[{rest[1]}].{found.field}"
        if found.field == "items":
            return f"{name}.item[{rest[1]}]"
        return name if found.field == "text" else f"{name}.{found.field}"
    if trail[0] == "card_lists":
        card_list = brochure.card_lists[int(trail[1])]
        card = card_list.cards[int(trail[3])]
        return f"{card_list.kind} card {card.id}.{trail[-1]}"
    if trail[0] == "contact":
        return "back cover.department"
    return "title"


def _as_printed(brochure: Brochure, found: FoundText) -> Text:
    """A key figure's value with its number formatted; any other text as written."""
    if isinstance(found.owner, KeyFigure) and found.field == "value":
        return figure_value(brochure, found.owner)
    return found.text


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
