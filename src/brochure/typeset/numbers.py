"""Typeset stage: numbers formatted per locale with Babel (84 000 in French, 84,000 in English)."""

from __future__ import annotations

from babel.numbers import format_decimal


def format_integer(value: int, locale: str) -> str:
    return format_decimal(value, locale=locale)


def format_year(value: int) -> str:
    """Years are never grouped: 1985, not 1 985."""
    return str(value)
