"""Model: the one walk over a brochure's texts. Every `Text` reachable from a value (a brochure,
a section, a card list), in the order of the dataclasses' fields, with where it was found; and
the same value rebuilt with each text changed. The walk is generic (dataclass fields, tuples),
so a new kind of block or card is walked without change here.

Used by the translation inventory (unit ids from `scope` and `path`), the explain listing
(`trail`), the quote check and the draft and pseudo proofs (`map_texts`)."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

from brochure.model.content import Text

T = TypeVar("T")

# A dataclass's name in a path, when its field path runs through it without an id of its own
# ("" leaves it out); others are named in lower case
KIND_NAMES = {"ListBlock": "list", "KeyFigures": "figures", "KeyFigure": "", "MapBlock": "map",
              "PartnerCity": "city", "Brochure": ""}


@dataclass(frozen=True)
class FoundText:
    """One text and where the walk found it."""

    text: Text
    scope: str                        # the id of the nearest dataclass that has one (a section, a card)
    path: tuple[str, ...]             # field names (and kinds) from that scope down to the text
    positional: bool                  # reached through a position in a list since that scope
    trail: tuple[str | int, ...]      # from the walk's start: field names, list positions, names of named texts
    owners: tuple[object, ...]        # the dataclasses passed through, the start first
    field: str                        # the field of the last of them that holds the text (or its list)

    @property
    def owner(self) -> object:
        """The dataclass whose field holds the text (a block, a figure, a card)."""
        return self.owners[-1]


def walk_texts(value: object) -> Iterator[FoundText]:
    """Every Text inside `value`, in field order."""
    yield from _walk(value, (), "", False, (), (), "")


def texts(value: object) -> Iterator[Text]:
    """Every Text inside `value`, in field order."""
    for found in walk_texts(value):
        yield found.text


@functools.cache
def _field_names(kind: type) -> tuple[str, ...]:
    """A dataclass's field names, in order (dataclasses.fields filters them on every call: a walk
    asks for each block and card of the brochure)."""
    return tuple(item.name for item in dataclasses.fields(kind))


def _walk(value: object, path: tuple[str, ...], scope: str, positional: bool, trail: tuple[str | int, ...],
          owners: tuple[object, ...], field: str) -> Iterator[FoundText]:
    if isinstance(value, Text):
        # a string written once for every language (an address line) is a unit too: its
        # translation may differ (France, Frankreich); it is then written per language
        yield FoundText(value, scope, path, positional, trail, owners, field)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        own_id = getattr(value, "id", None)
        if isinstance(own_id, str):  # a section, a city, any card with an id: a stable scope
            scope, path, positional = own_id, (), False
        kind = KIND_NAMES.get(type(value).__name__, type(value).__name__.lower())
        for name in _field_names(type(value)):
            field_path = (name,) if isinstance(own_id, str) else \
                path + ((kind,) if kind and kind not in path else ()) + (name,)
            yield from _walk(getattr(value, name), field_path, scope, positional, trail + (name,),
                             owners + (value,), name)
    elif isinstance(value, tuple):
        if len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], Text):  # a named text
            yield from _walk(value[1], path + (value[0],), scope, positional, trail + (value[0],), owners, field)
            return
        for position, item in enumerate(value):
            yield from _walk(item, path, scope, positional or not (
                isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str)), trail + (position,),
                owners, field)


def map_texts(value: T, change: Callable[[Text], Text]) -> T:
    """`value` rebuilt with `change` applied to every Text inside it."""
    result: Any = value
    if isinstance(value, Text):
        result = change(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {name: map_texts(getattr(value, name), change) for name in _field_names(type(value))}
        result = dataclasses.replace(value, **updates)
    elif isinstance(value, tuple):
        result = tuple(map_texts(item, change) for item in value)
    return result  # type: ignore[no-any-return]
