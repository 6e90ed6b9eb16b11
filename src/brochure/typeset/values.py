"""Typeset stage: card field values as text for one locale, through Babel (numbers, dates, money)."""

from __future__ import annotations

import datetime

from babel.dates import format_date
from babel.numbers import format_currency

from brochure.model.content import Coordinates, FieldValue, Money, Text
from brochure.typeset.numbers import format_integer, format_year, in_digits


def format_value(value: FieldValue, field_type: str, language: str, locale: str, digits: str = "latin") -> str:
    """The value as printed in `language` (its code) and `locale`: 84 000 / 84,000,
    21 juin 2024 / 21 June 2024, 12,50 € / €12.50; a year is never grouped. With
    `digits="native"`, numbers, dates and amounts in the locale's own digits (issue 17)."""
    if isinstance(value, Text):
        return value.get(language)
    if isinstance(value, int) and field_type == "integer":
        return format_integer(value, locale, digits)  # the locale's own separators with its digits
    if isinstance(value, int) and field_type == "year":
        return format_year(value, locale, digits)
    text = _format(value, field_type, locale)
    if isinstance(value, (Money, datetime.date)):
        return in_digits(text, locale, digits)  # not addresses, nor coordinates
    return text


def _format(value: FieldValue, field_type: str, locale: str) -> str:
    if isinstance(value, Money):
        return format_currency(value.amount, value.currency, locale=locale)
    if isinstance(value, datetime.date):
        return format_date(value, format="long", locale=locale)
    if isinstance(value, Coordinates):
        return f"{value.lat:.4f}, {value.lon:.4f}"
    return str(value)  # url
