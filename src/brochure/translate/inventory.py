"""Translate: every text unit of a loaded brochure, with a stable id, context and fingerprint.

The walk is the model's (model/walk.py: every `Text` reachable from the `Brochure`), so new
kinds of blocks and cards are inventoried without change here. A unit's id is the author's `id:` when given;
otherwise it is made from the nearest enclosing id (section, city), the field path without
positions and, where the path runs through a list, the first words of the source text: that
id does not move when blocks are reordered, and is written into the YAML the first time the
unit is exported or imported so that later edits of the source keep it.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass

from brochure.errors import BrochureError, ContentError, ErrorList, Location
from brochure.model.content import Brochure, Text
from brochure.model.walk import texts, walk_texts

SLUG_WORDS = 5


@dataclass(frozen=True)
class Unit:
    """One translatable text: its id, where it is written and what it says."""

    id: str
    text: Text
    context: tuple[str, ...]  # e.g. ("section strategy", "paragraph", "text")
    stable: bool              # the id needs no writing back: `id:` given, or no list position in it

    @property
    def location(self) -> Location | None:
        return self.text.location

    def source(self, language: str) -> str:
        return self.text.get(language)

    def has(self, language: str) -> bool:
        return language in self.text.languages and language not in self.text.missing


def fingerprint(source: str) -> str:
    """A short hash of the source text, whitespace-normalised (re-folding a line is no change)."""
    return hashlib.sha256(" ".join(source.split()).encode("utf-8")).hexdigest()[:16]


def slug(text: str, words: int = SLUG_WORDS) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_text)[:words]) or "text"


def _short(path: tuple[str, ...]) -> tuple[str, ...]:
    """The field path with words that say nothing dropped ("blocks", "items", "text")."""
    return tuple(part for part in path if part not in ("blocks", "items", "text", "values", "sections",
                                                        "cities", "labels"))


def inventory(brochure: Brochure) -> list[Unit]:
    """Every text unit, in reading order, each with an id unique in the brochure."""
    source = brochure.languages[0].code
    units: list[Unit] = []
    given: dict[str, Text] = {}
    twice: list[BrochureError] = []
    for text in sorted(texts(brochure), key=_reading_order):  # the second one is the error
        if text.id and text.id in given:
            twice.append(ContentError(f"unit id '{text.id}' is used twice", text.location,
                                      f"the other is at {given[text.id].location}; ids must be unique"))
        elif text.id:
            given[text.id] = text
    if twice:
        raise ErrorList(twice)
    taken = set(given)
    for found in walk_texts(brochure):
        text, scope, path, positional = found.text, found.scope, found.path, found.positional
        if text.id:
            units.append(Unit(text.id, text, _context(scope, path), True))
            continue
        parts = [part for part in (scope, *_short(path)) if part]
        if positional:
            parts.append(slug(text.get(source)))
        base = ".".join(parts) or "text"
        unit_id, number = base, 2
        while unit_id in taken:
            unit_id, number = f"{base}-{number}", number + 1
        taken.add(unit_id)
        # a one-string unit has no mapping to write an id in: its id stays made from its text
        units.append(Unit(unit_id, text, _context(scope, path), not positional or text.shared))
    return sorted(units, key=lambda unit: _reading_order(unit.text))


def _reading_order(text: Text) -> tuple[str, int]:
    return (text.location.file, text.location.line or 0) if text.location else ("", 0)


def _context(scope: str, path: tuple[str, ...]) -> tuple[str, ...]:
    return ((scope,) if scope else ()) + _short(path)
