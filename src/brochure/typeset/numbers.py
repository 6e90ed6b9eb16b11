"""Typeset stage: numbers formatted per locale with Babel (84 000 in French, 84,000 in English),
in Latin digits or in the locale's own (Eastern Arabic ٦٦٩٬٥٤٠ for an Arabic edition that asks)."""

from __future__ import annotations

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal

from brochure.model.content import Language

# CLDR's native numbering system per language where it is not Latin digits, and its digits
# (Babel takes a numbering system's separators from CLDR but writes Latin digits)
_NATIVE = {"ar": "arab", "fa": "arabext", "ur": "arabext", "ps": "arabext"}
_DIGITS = {"arab": str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"),
           "arabext": str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")}


def numbering_system(locale: str, digits: str) -> str:
    """The CLDR numbering system of `digits` ("latin" or "native") in `locale`."""
    if digits != "native":
        return "latn"
    try:
        language = Locale.parse(locale.replace("-", "_")).language
    except (UnknownLocaleError, ValueError):
        return "latn"
    return _NATIVE.get(language, "latn")


def in_digits(text: str, locale: str, digits: str) -> str:
    """`text` (a number, date or amount Babel wrote) with its digits in the locale's own when asked."""
    system = numbering_system(locale, digits)
    return text.translate(_DIGITS[system]) if system in _DIGITS else text


def format_integer(value: int, locale: str, digits: str = "latin") -> str:
    text = format_decimal(value, locale=locale, numbering_system=numbering_system(locale, digits))
    return in_digits(text, locale, digits)


def figure_text(value: str, number: int, language: Language) -> str:
    """A key figure's value in one language, its {number} formatted for it (in its digits)."""
    return value.format(number=format_integer(number, language.locale, language.digits))


def format_year(value: int, locale: str = "en", digits: str = "latin") -> str:
    """Years are never grouped: 1985, not 1 985 (in the locale's digits when asked)."""
    return in_digits(str(value), locale, digits)
