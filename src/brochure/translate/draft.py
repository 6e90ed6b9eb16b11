"""Translate: units the edition's languages lack; errors for a final build, marks for a draft."""

from __future__ import annotations

import dataclasses

from brochure.errors import ContentError
from brochure.model.content import Brochure, Cards, MapBlock, Text
from brochure.model.walk import map_texts, texts
from brochure.translate.inventory import Unit, inventory


def missing_units(brochure: Brochure, languages: tuple[str, ...]) -> list[tuple[Unit, str]]:
    """(unit, language) for every unit not yet written in one of `languages`."""
    if not any(code in text.missing for text in texts(brochure) for code in languages):
        return []  # the usual case of a final build: no ids to work out
    return [(unit, code) for unit in inventory(brochure) for code in languages if code in unit.text.missing]


def card_lists_set(brochure: Brochure, sections: tuple[str, ...], maps: bool) -> set[str] | None:
    """The names of the card lists that the `sections` set; None (all of them) when a map is
    drawn (`maps`, or a map block in a section): its labels name the cards' places."""
    blocks = [block for section in brochure.sections if section.id in sections for block in section.blocks]
    if maps or any(isinstance(block, MapBlock) for block in blocks):
        return None
    return {block.list for block in blocks if isinstance(block, Cards)}


def edition_part(brochure: Brochure, sections: tuple[str, ...], maps: bool) -> Brochure:
    """The part of the brochure an edition sets: the brochure-wide texts (title, labels, back
    cover, credits, home city), the `sections` it holds and the card lists they set (see
    `card_lists_set`). The texts are the brochure's own objects: units match by identity."""
    lists = card_lists_set(brochure, sections, maps)
    return dataclasses.replace(
        brochure, sections=tuple(section for section in brochure.sections if section.id in sections),
        card_lists=tuple(cards for cards in brochure.card_lists if lists is None or cards.name in lists))


def missing_errors(brochure: Brochure, languages: tuple[str, ...],
                   parts: list[tuple[Brochure, tuple[str, ...]]] | None = None) -> list[ContentError]:
    """One error per missing translation, at the unit's file and line, in reading order. With
    `parts` (each edition's part of the brochure, see `edition_part`, and its languages), a
    unit is required only in the languages of the editions that set it; else in `languages`."""
    required: dict[int, set[str]] | None = None
    if parts is not None:
        required = {}
        for part, codes in parts:
            for text in texts(part):
                required.setdefault(id(text), set()).update(codes)
    return [ContentError(f"missing language '{code}' (unit {unit.id})", unit.location,
                         f"add '{code}:' with the translation, import it (brochure translate import), "
                         "or build a proof with --draft")
            for unit, code in missing_units(brochure, languages)
            if required is None or code in required.get(id(unit.text), ())]


def marker(language: str) -> str:
    return f"[{language.upper()}?] "


def mark_missing(brochure: Brochure, languages: tuple[str, ...],
                 drafts: dict[str, dict[str, str]] | None = None) -> Brochure:
    """The brochure with each missing translation shown as its source text behind a marker
    (`[DE?] …`), or as the draft a translator sent back not finished (`drafts`: language ->
    unit id -> text, see store.read_work; a draft for a unit translated already shows in place
    of the translation); the layout also sets it in its proof colour (Text.missing says which)."""
    waiting: dict[int, dict[str, str]] = {}
    if drafts and any(drafts.get(code) for code in languages):
        for unit in inventory(brochure):
            for code in languages:
                if unit.id in drafts.get(code, {}):
                    waiting.setdefault(id(unit.text), {})[code] = drafts[code][unit.id]

    def mark(text: Text) -> Text:
        shown = waiting.get(id(text), {})
        # a draft waiting for a unit already translated is proofed too, in place of the translation
        marked = tuple(code for code in languages if code in text.missing or code in shown)
        if not marked:
            return text
        values = tuple((code, marker(code) + shown.get(code, value) if code in marked else value)
                       for code, value in text.values)
        return dataclasses.replace(text, values=values,
                                   missing=(*text.missing, *(code for code in marked if code not in text.missing)))
    return map_texts(brochure, mark)
