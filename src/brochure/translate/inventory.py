"""Translate: every text unit of a loaded brochure, with a stable id, context and fingerprint.

The walk is generic (every `Text` reachable from the `Brochure`), so new kinds of blocks and
cards are inventoried without change here. A unit's id is the author's `id:` when given;
otherwise it is made from the nearest enclosing id (section, city), the field path without
positions and, where the path runs through a list, the first words of the source text: that
id does not move when blocks are reordered, and is written into the YAML the first time the
unit is exported or imported so that later edits of the source keep it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from brochure.errors import BrochureError, ContentError, ErrorList, Location
from brochure.model.content import Brochure, Text

SLUG_WORDS = 5
KIND_NAMES = {"ListBlock": "list", "KeyFigures": "figures", "KeyFigure": "", "MapBlock": "map",
              "PartnerCity": "city", "Brochure": ""}


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


def _walk(value: object, path: tuple[str, ...], scope: str, positional: bool) \
        -> Iterator[tuple[Text, str, tuple[str, ...], bool]]:
    """(text, scope, field path, under a list) for every Text inside `value`."""
    if isinstance(value, Text):
        # a string written once for every language (an address line) is a unit too: its
        # translation may differ (France, Frankreich); it is then written per language
        yield value, scope, path, positional
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        own_id = getattr(value, "id", None)
        if isinstance(own_id, str):  # a section, a city, any card with an id: a stable scope
            scope, path, positional = own_id, (), False
        kind = KIND_NAMES.get(type(value).__name__, type(value).__name__.lower())
        for item in dataclasses.fields(value):
            field_path = (item.name,) if isinstance(own_id, str) else \
                path + ((kind,) if kind and kind not in path else ()) + (item.name,)
            yield from _walk(getattr(value, item.name), field_path, scope, positional)
    elif isinstance(value, tuple):
        if len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], Text):  # a named text
            yield from _walk(value[1], path + (value[0],), scope, positional)
            return
        for item in value:
            yield from _walk(item, path, scope, positional or not (
                isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)))


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
    for text, scope, path, positional in _walk(brochure, (), "", False):
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


def texts(brochure: Brochure) -> Iterator[Text]:
    """Every text unit's text, in walking order (no ids made: cheaper than `inventory`)."""
    for text, _, _, _ in _walk(brochure, (), "", False):
        yield text


def _context(scope: str, path: tuple[str, ...]) -> tuple[str, ...]:
    return ((scope,) if scope else ()) + _short(path)
