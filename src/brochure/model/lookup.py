"""Model: finding an item of a tuple by its name (styles, colours, templates, sections…)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")


def by_name(items: Iterable[T], name: str, attribute: str = "name") -> T:
    """The first item whose `attribute` equals `name`; KeyError when there is none."""
    for item in items:
        if getattr(item, attribute) == name:
            return item
    raise KeyError(name)
