"""Typeset stage: per-language typographic rules as pure str -> str functions.

Each language has an ordered list of rules in RULES; a language without an
entry gets the common rules. Add German, Spanish or Japanese by adding a list.
"""

from __future__ import annotations

import re
from collections.abc import Callable

NBSP = "\u00a0"          # no-break space: before the French colon, number and unit
NNBSP = "\u202f"         # narrow no-break space: French ; ! ? « » and digit groups
EN_DASH = "\u2013"
ELLIPSIS = "\u2026"

Rule = Callable[[str], str]


def collapse_spaces(text: str) -> str:
    """Runs of ordinary spaces and line breaks become one space."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip()


def ellipsis(text: str) -> str:
    return re.sub(r"\.{3,}", ELLIPSIS, text)


def typographic_apostrophe(text: str) -> str:
    """A straight apostrophe between letters, or after one, becomes ’."""
    return re.sub(r"(?<=\w)'", "\u2019", text)


def year_ranges(text: str) -> str:
    """1998-2020 is a range: an en dash between the years."""
    return re.sub(r"\b(\d{4})-(\d{4})\b", rf"\1{EN_DASH}\2", text)


def group_thousands(separator: str) -> Rule:
    """Digit groups written with a plain space (400 000) take `separator` instead."""
    def group_thousands(text: str) -> str:
        return re.sub(r"(?<=\d) (?=\d{3}\b)", separator, text)
    return group_thousands


def bind_number_to_word(text: str) -> str:
    """No line break between a quantity and the word after it (3 heures, 84 000 habitants).

    A year (four digits, not grouped) is not a quantity: "2016 period" may break.
    """
    return re.sub(r"(?<![\d\u202f,.])(\d{1,3}(?:[\u202f,.]\d{3})*(?:[,.]\d+)?) (?=[^\W\d_])",
                  "\\1" + NBSP, text)


# -- French -------------------------------------------------------------------

def french_quotes(text: str) -> str:
    """"x" and “x” become « x », and the inside of « » gets narrow no-break spaces."""
    text = re.sub(r'"([^"]*)"', r"«\1»", text)
    text = re.sub(r"“([^”]*)”", r"«\1»", text)
    text = re.sub(r"«[ \u00a0\u202f]*", "«" + NNBSP, text)
    return re.sub(r"[ \u00a0\u202f]*»", NNBSP + "»", text)


def french_high_punctuation(text: str) -> str:
    """; ! ? take a narrow no-break space before them, : a no-break space."""
    text = re.sub(r"(?<=\S)[ \u00a0\u202f]*([;!?])", NNBSP + r"\1", text)
    # a colon inside a time, a URL or a number (12:30, https://) keeps no space
    return re.sub(r"(?<=[^\s\d/])[ \u00a0\u202f]*:(?=\s|$)", NBSP + ":", text)


def french_percent(text: str) -> str:
    return re.sub(r"(?<=\d)[ \u00a0]?%", NNBSP + "%", text)


# -- English ------------------------------------------------------------------

def english_quotes(text: str) -> str:
    """Straight or French quotes become curly ones: “x” and ‘x’."""
    text = re.sub(r"«[ \u00a0\u202f]*([^»]*?)[ \u00a0\u202f]*»", r"“\1”", text)
    text = re.sub(r'"([^"]*)"', r"“\1”", text)
    return re.sub(r"(?<![\w\u2019])'([^']*)'(?!\w)", r"‘\1’", text)


def english_punctuation(text: str) -> str:
    """No space before : ; ! ? in English."""
    return re.sub(r"[ \u00a0\u202f]+([:;!?])", r"\1", text)


COMMON: list[Rule] = [collapse_spaces, ellipsis, year_ranges]

RULES: dict[str, list[Rule]] = {
    "fr": COMMON + [typographic_apostrophe, french_quotes, french_high_punctuation,
                    french_percent, group_thousands(NNBSP), bind_number_to_word],
    "en": COMMON + [english_quotes, typographic_apostrophe, english_punctuation,
                    bind_number_to_word],
}


def rules_for(locale: str) -> list[Rule]:
    """The rule list of a locale such as fr_FR (by its language part)."""
    return RULES.get(locale.split("_")[0].split("-")[0].lower(), COMMON)


def apply_rules(text: str, locale: str) -> str:
    for rule in rules_for(locale):
        text = rule(text)
    return text


def explain_rules(text: str, locale: str) -> list[tuple[str, str]]:
    """(rule name, text after it) for each rule that changed the text."""
    changes = []
    for rule in rules_for(locale):
        changed = rule(text)
        if changed != text:
            changes.append((getattr(rule, "__name__", "rule"), changed))
        text = changed
    return changes


def show_invisible(text: str) -> str:
    """Text with its special spaces made visible, for listings."""
    return text.replace(NNBSP, "⸱").replace(NBSP, "⍽")


def bind_phrases(text: str, phrases: tuple[str, ...]) -> str:
    """The spaces inside each phrase (e.g. "Coral Gables") become no-break spaces."""
    for phrase in phrases:
        if " " in phrase:
            text = text.replace(phrase, phrase.replace(" ", NBSP))
    return text
