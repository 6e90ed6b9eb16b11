"""Typeset stage: the writing direction and line-breaking kind of a language, from CLDR.

Babel knows each locale's character order (`Locale.text_direction`: "rtl" for Arabic,
Hebrew, Persian, Urdu...); the languages written without spaces between words, whose
lines break between characters (Chinese, Japanese), are named here from their CLDR
default scripts (Hani, Hira, Kana), which Babel does not expose."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from babel import Locale, UnknownLocaleError

# CLDR likely scripts of the languages set without word spaces and broken between characters
# (Korean uses spaces between words and breaks at them, as Latin text does)
_CHARACTER_BREAKING = {"ja": "Jpan", "zh": "Hans", "yue": "Hant"}


@dataclass(frozen=True)
class ScriptRules:
    """How a language's text runs: its direction and how its lines break."""

    right_to_left: bool = False
    breaks_between_characters: bool = False  # CJK: any character boundary, with kinsoku rules


@cache
def script_rules(locale: str) -> ScriptRules:
    """The rules of a CLDR locale (`ar_MA`, `he`, `ja_JP`); unknown locales run left to right."""
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return ScriptRules()
    return ScriptRules(right_to_left=parsed.text_direction == "rtl",
                       breaks_between_characters=parsed.language in _CHARACTER_BREAKING)
