"""Translate: character limits for the units set in fixed boxes, which CAT tools enforce.

A city card has a fixed height (`max_height` of its box), a key figure, a heading and a cover
line a fixed width: a longer translation overflows them, and nothing in the translator's tool
says so unless the unit carries a limit in characters (XLIFF 1.2 `maxwidth` with
`size-unit="char"`, a note in XLIFF 2.0, Weblate's `max-length:N` flag in PO). Paragraphs in the
facing columns flow on and carry their room in lines instead (see `fit.source_room`).

The limit is the room the source fills, in characters of the target language: the source's
length scaled by how much wider or narrower the target script's letters are on average, plus
the slack a box keeps (a short line has more room left than a long one fills). `translate
fit` checks the real set text afterwards.
"""

from __future__ import annotations

import math

from brochure.model.content import Brochure
from brochure.translate.inventory import Unit, texts

# Average advance of a letter in the target script against a Latin one in the same size (the
# fonts' own figures: a CJK ideograph is a full em, about twice a Latin letter; Arabic and
# Hebrew letters run a little narrower than Latin ones).
GLYPH_WIDTH = {"ja": 2.0, "zh": 2.0, "ko": 1.8, "ar": 0.9, "he": 0.9}
SLACK_SHORT = 1.5   # a name or a figure: room on its line
SLACK_LONG = 1.15   # a card's description: the box fills
SHORT = 30          # characters: below, a text is one line in its box
FIXED_KINDS = {"figures", "heading", "title", "subtitle", "department", "name", "country", "description",
               "city_facts", "partner_since", "place"}


def fixed_box_texts(brochure: Brochure) -> set[int]:
    """Identities of the texts set in a fixed box: every text of a card list, the card
    lines of the labels, and the headings, titles and key figures of the sections."""
    fixed = {id(text) for cards in brochure.card_lists for text in texts(cards)}  # type: ignore[arg-type]
    return fixed


def _in_fixed_box(unit: Unit, cards: set[int]) -> bool:
    return id(unit.text) in cards or any(part in FIXED_KINDS for part in unit.context[1:] or unit.context)


def character_limit(source: str, target_language: str) -> int:
    width = GLYPH_WIDTH.get(target_language.split("-")[0].lower(), 1.0)
    slack = SLACK_SHORT if len(source) <= SHORT else SLACK_LONG
    return max(1, math.ceil(len(source) * slack / width))


def fixed_box_limits(brochure: Brochure, units: list[Unit], source: str, target: str) -> dict[str, int]:
    """unit id -> the characters a translation into `target` may take, for each unit in a fixed box."""
    cards = fixed_box_texts(brochure)
    return {unit.id: character_limit(unit.source(source), target) for unit in units if _in_fixed_box(unit, cards)}

