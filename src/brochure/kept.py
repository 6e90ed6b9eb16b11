"""What a build or a live process keeps for reuse, within a budget: the most recently used kept,
the oldest forgotten first, each entry weighed by what it holds (characters of YAML, bytes of a
compressed stream, pixels of a prepared image) rather than counted."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Iterator
from typing import Generic, TypeVar

Key = TypeVar("Key")
Value = TypeVar("Value")


class Kept(Generic[Key, Value]):
    """Values by key, up to `budget` in all as `weight(key, value)` says; a value heavier than
    the whole budget is never kept. The running total is kept with the entries (not summed again
    on each addition)."""

    def __init__(self, weight: Callable[[Key, Value], int], budget: int):
        self.weight = weight
        self.budget = budget
        self.entries: OrderedDict[Key, Value] = OrderedDict()
        self.total = 0

    def __contains__(self, key: Key) -> bool:
        return key in self.entries

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Key]:
        return iter(self.entries)

    def get(self, key: Key) -> Value | None:
        """The value kept for `key` (now the most recent), or None."""
        value = self.entries.get(key)
        if value is not None:
            self.entries.move_to_end(key)
        return value

    def keep(self, key: Key, value: Value) -> Value:
        """Keep `value` if it fits the budget alone, forgetting the oldest past it; `value` back."""
        weight = self.weight(key, value)
        if weight > self.budget:
            return value
        if key in self.entries:
            self.total -= self.weight(key, self.entries.pop(key))
        self.entries[key] = value
        self.total += weight
        while self.total > self.budget:
            old_key, old_value = self.entries.popitem(last=False)
            self.total -= self.weight(old_key, old_value)
        return value

    def clear(self) -> None:
        self.entries.clear()
        self.total = 0
