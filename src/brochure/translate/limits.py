"""Translate: character limits for the units set in fixed boxes, which CAT tools enforce.

A city card has a fixed height (`max_height` of its box), a key figure, a heading and a cover
line a fixed width: a longer translation overflows them, and nothing in the translator's tool
says so unless the unit carries a limit in characters (XLIFF 1.2 `maxwidth` with
`size-unit="char"`, a note in XLIFF 2.0, Weblate's `max-length:N` flag in PO). Paragraphs in the
facing columns flow on and carry their room in lines instead (see `fit.source_room`).

The limit is computed from the box: the width of the unit's language column in it (the text
width less the box's padding and the gutters, shared by the edition's columns), the size of
its style and the average advance of a letter of the target script in em, which give the
characters of a line; and the lines the box leaves it (a card: what its height leaves after
its other lines and image; a key figure's value: one line; a heading, a label: the lines the
source takes). Never less than the source's own width in target characters (what fits now
fits); without a layout, the source's length with a box's slack. `translate fit` checks the
real set text afterwards.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from brochure.model.content import Brochure, Card, Text
from brochure.model.design import CardKind, Design
from brochure.translate.inventory import Unit

# Average advance of a letter (and its share of the spaces) in em: Latin and Cyrillic text
# faces about half an em; a CJK ideograph a full em; Arabic letters join and run narrower.
AVERAGE_EM = {"ja": 1.0, "zh": 1.0, "ko": 0.9, "ar": 0.42, "he": 0.5}
LATIN_EM = 0.5
FILL = 0.9          # a ragged or justified line is not filled to its last point
SLACK_SHORT = 1.5   # without a layout: a name or a figure has room on its line
SLACK_LONG = 1.15   # a longer text: its box fills
SHORT = 30          # characters: below, a text is one line in its box
# unit kinds (the last parts of its context) set in a fixed box, and their style
FIXED_STYLES = {("figures", "value"): "figure-value", ("figures", "label"): "figure-label",
                ("figures", "title"): "figures-title", ("heading",): "heading", ("title",): "section-title",
                ("subtitle",): "cover-subtitle", ("department",): "back-department", ("place", "name"): ""}
FIXED_BOXES = {"figures": "key-figures"}


def em(language: str) -> float:
    return AVERAGE_EM.get(language.split("-")[0].lower(), LATIN_EM)


@dataclass(frozen=True)
class Room:
    """Where a unit is set: its style's size, the width of its column, the lines it may take
    (None: as many as the source takes)."""

    size: float
    width: float
    lines: int | None


def _column_width(design: Design, padding: float) -> float:
    page = design.page
    text = page.trim_width - page.margin_inner - page.margin_outer - 2 * padding
    columns = max(1, len(design.columns))
    return (text - page.gutter * (columns - 1)) / columns


def _card_rooms(brochure: Brochure, design: Design) -> dict[int, Room]:
    """Text identity -> its room, for each text field of each card."""
    rooms: dict[int, Room] = {}
    for card_list in brochure.card_lists:
        try:
            kind = design.card_kind(card_list.kind)
        except KeyError:
            continue
        for card in card_list.cards:
            rooms.update(_card_room(card, kind, design))
    return rooms


def _card_room(card: Card, kind: CardKind, design: Design) -> dict[int, Room]:
    box = design.box(kind.box)
    width = _column_width(design, box.padding)
    if box.max_height is None:
        height = math.inf
    else:
        height = box.max_height - 2 * box.padding - box.rule_width
        if kind.image_field and card.get(kind.image_field):
            height -= box.image_height
    rooms: dict[int, Room] = {}
    flowing: list[tuple[Text, float, float]] = []  # the lines showing one text alone: (text, size, leading)
    for line in kind.lines:
        style = design.style(line.style)
        height -= style.leading + style.space_before + style.space_after
        shown = (line.show or "").strip()
        value = card.get(shown[1:-1]) if shown.startswith("{") and shown.endswith("}") else None
        if isinstance(value, Text):
            flowing.append((value, style.size, style.leading))
    # the last text alone on its lines (a description) takes what the box leaves, the others one line
    for number, (text, size, leading) in enumerate(flowing):
        spare = 0 if number < len(flowing) - 1 or math.isinf(height) else max(0, int(height // leading))
        rooms[id(text)] = Room(size, width, 1 + spare)
    return rooms


def _style_room(unit: Unit, design: Design) -> Room | None:
    if unit.context == ("title",):  # the brochure's own title: the cover's
        return _room(design, "cover-title", 0.0, None)
    for tail, style_name in FIXED_STYLES.items():
        if unit.context[-len(tail):] != tail or not style_name:
            continue
        padding = design.box(FIXED_BOXES[tail[0]]).padding if tail[0] in FIXED_BOXES else 0.0
        return _room(design, style_name, padding, 1 if tail == ("figures", "value") else None)
    return None


def _room(design: Design, style_name: str, padding: float, lines: int | None) -> Room | None:
    try:
        style = design.style(style_name)
    except KeyError:  # a layout without that style: the limit falls back to the source's length
        return None
    return Room(style.size, _column_width(design, padding), lines)


def _label_rooms(design: Design) -> dict[str, Room]:
    """Label name -> its room, for the labels the card kinds fill (one line of the card)."""
    rooms = {}
    for kind in design.card_kinds:
        width = _column_width(design, design.box(kind.box).padding)
        for line in kind.lines:
            if line.label:
                rooms[line.label] = Room(design.style(line.style).size, width, 1)
    return rooms


def _in_fixed_box(unit: Unit, cards: set[int], labels: dict[str, Room]) -> bool:
    return id(unit.text) in cards or any(unit.context[-len(tail):] == tail for tail in FIXED_STYLES) \
        or (len(unit.context) == 1 and unit.context[0] in labels)


def character_limit(source: str, source_language: str, target_language: str, room: Room | None) -> int:
    """The characters a translation into `target_language` may take in `room` (see the module)."""
    as_wide = math.ceil(len(source) * em(source_language) / em(target_language))  # the source's own width
    if room is None or room.width <= 0:
        slack = SLACK_SHORT if len(source) <= SHORT else SLACK_LONG
        return max(1, math.ceil(as_wide * slack))
    per_line = room.width / (room.size * em(target_language))
    lines = room.lines if room.lines is not None else max(1, math.ceil(as_wide / (per_line * FILL)))
    return max(as_wide, int(lines * per_line * FILL))


def fixed_box_limits(brochure: Brochure, units: list[Unit], source: str, target: str,
                     design: Design | None = None) -> dict[str, int]:
    """unit id -> the characters a translation into `target` may take, for each unit in a fixed box."""
    cards = {id(text) for card_list in brochure.card_lists for card in card_list.cards
             for _, text in card.values if isinstance(text, Text)}
    card_rooms = _card_rooms(brochure, design) if design is not None else {}
    labels = _label_rooms(design) if design is not None else {}
    limits = {}
    for unit in units:
        if not _in_fixed_box(unit, cards, labels):
            continue
        room = card_rooms.get(id(unit.text)) or (labels.get(unit.context[0]) if len(unit.context) == 1 else None) \
            or (_style_room(unit, design) if design is not None else None)
        limits[unit.id] = character_limit(unit.source(source), source, target, room)
    return limits
