"""Translate: units the edition's languages lack; errors for a final build, marks for a draft."""

from __future__ import annotations

import dataclasses

from brochure.errors import ContentError
from brochure.model.content import Brochure, Text
from brochure.translate.inventory import Unit, inventory
from brochure.translate.transform import map_texts


def missing_units(brochure: Brochure, languages: tuple[str, ...]) -> list[tuple[Unit, str]]:
    """(unit, language) for every unit not yet written in one of `languages`."""
    return [(unit, code) for unit in inventory(brochure) for code in languages if code in unit.text.missing]


def missing_errors(brochure: Brochure, languages: tuple[str, ...]) -> list[ContentError]:
    """One error per missing translation, at the unit's file and line."""
    return [ContentError(f"missing language '{code}' (unit {unit.id})", unit.location,
                         f"add '{code}:' with the translation, import it (brochure translate import), "
                         "or build a proof with --draft")
            for unit, code in missing_units(brochure, languages)]


def marker(language: str) -> str:
    return f"[{language.upper()}?] "


def mark_missing(brochure: Brochure, languages: tuple[str, ...]) -> Brochure:
    """The brochure with each missing translation shown as its source text behind a marker
    (`[DE?] …`); the layout also sets it in its proof colour (Text.missing says which)."""
    def mark(text: Text) -> Text:
        if not any(code in text.missing for code in languages):
            return text
        values = tuple((code, marker(code) + value if code in text.missing and code in languages else value)
                       for code, value in text.values)
        return dataclasses.replace(text, values=values)
    return map_texts(brochure, mark)
