"""Preflight stage: reading values out of PDF objects that may be anything: a number
where a name belongs, a string in a box, a missing key. Every accessor returns a
plain Python value or None and never raises, so a malformed file becomes a finding
in the caller, not a crash."""

from __future__ import annotations

import math
import re
from typing import Any

import pikepdf


def is_dict(value: Any) -> bool:
    return isinstance(value, pikepdf.Dictionary | pikepdf.Stream)


def get(container: Any, key: str) -> Any:
    """container[key] when the container is a dictionary (or stream) holding key, else None."""
    if not is_dict(container):
        return None
    try:
        return container.get(key)
    except (pikepdf.PdfError, KeyError, ValueError, TypeError, RuntimeError):
        return None


def name(value: Any) -> str | None:
    """A name as "/Name", else None."""
    return str(value) if isinstance(value, pikepdf.Name) else None


def name_text(value: Any) -> str | None:
    """A name for people: without the slash, #xx escapes decoded ("PANTONE 185 C")."""
    found = name(value)
    if found is None:
        return None
    return re.sub(r"#([0-9A-Fa-f]{2})", lambda match: chr(int(match.group(1), 16)), found[1:])


def number(value: Any) -> float | None:
    """A finite number, else None (booleans are not numbers here)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        result = float(value)
    except (TypeError, ValueError, ArithmeticError):
        return None
    return result if math.isfinite(result) else None


def integer(value: Any) -> int | None:
    result = number(value)
    return int(result) if result is not None and abs(result) < 2**31 else None


def numbers(value: Any, count: int | None = None) -> tuple[float, ...] | None:
    """An array of finite numbers (of exactly `count` when given), else None."""
    if not isinstance(value, pikepdf.Array | list | tuple):
        return None
    try:
        items = list(value)
    except (pikepdf.PdfError, RuntimeError, TypeError):
        return None
    result = tuple(number(item) for item in items)
    if any(item is None for item in result) or (count is not None and len(result) != count):
        return None
    return tuple(float(item) for item in result if item is not None)


def items(value: Any) -> list[tuple[str, Any]]:
    """A dictionary's (key, value) pairs, or nothing."""
    if not is_dict(value):
        return []
    try:
        return [(str(key), value.get(key)) for key in list(value.keys())]
    except (pikepdf.PdfError, RuntimeError, TypeError, ValueError):
        return []


def elements(value: Any) -> list[Any]:
    """An array's elements, or nothing."""
    if not isinstance(value, pikepdf.Array):
        return []
    try:
        return list(value)
    except (pikepdf.PdfError, RuntimeError, TypeError):
        return []


def text(value: Any) -> str | None:
    """A string or name as text, else None."""
    if isinstance(value, pikepdf.String):
        return str(value)
    if isinstance(value, pikepdf.Name):
        return str(value)
    return None


def object_key(value: Any) -> tuple[int, int] | None:
    """The (object, generation) of an indirect object, for loop detection; None if direct."""
    try:
        key = value.objgen
    except (AttributeError, pikepdf.PdfError, RuntimeError):
        return None
    return (int(key[0]), int(key[1])) if key != (0, 0) else None
