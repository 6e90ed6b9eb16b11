"""Translate: the brochure with every text unit passed through a function (draft, pseudo)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, TypeVar

from brochure.model.content import Text

T = TypeVar("T")


def map_texts(value: T, change: Callable[[Text], Text]) -> T:
    """`value` rebuilt with `change` applied to every Text inside it (a generic walk, so new
    kinds of blocks and cards need nothing here)."""
    result: Any = value
    if isinstance(value, Text):
        result = change(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        updates = {item.name: map_texts(getattr(value, item.name), change) for item in dataclasses.fields(value)}
        result = dataclasses.replace(value, **updates)
    elif isinstance(value, tuple):
        result = tuple(map_texts(item, change) for item in value)
    return result  # type: ignore[no-any-return]
