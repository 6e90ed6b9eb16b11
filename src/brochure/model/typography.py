"""Model: the typographic rules of one language (quotes, spaces, what never breaks), as data."""

from __future__ import annotations

from dataclasses import dataclass

SPACE_KINDS = ("none", "narrow", "nbsp")  # no space, U+202F, U+00A0


@dataclass(frozen=True)
class Typography:
    """How text in one language is set. Shipped per language in brochure/data/typography/,
    changed per brochure in layout/typography.yaml; quotes default to the locale's CLDR ones."""

    language: str                                   # a language code: fr, de, pt_PT
    quotes: tuple[str, str, str, str] = ("\u201c", "\u201d", "\u2018", "\u2019")  # open, close, nested
    quote_space: str = "none"                       # inside the outer quotes
    apostrophe: bool = True                         # ' between letters -> ’
    ellipsis: bool = True                           # ... -> …
    space_before: tuple[tuple[str, str], ...] = ()  # (sign, space kind) for ; ! ? :
    percent: str | None = None                      # the space between a number and %
    thousands: str | None = None                    # digit groups written with a space: which space
    bind_number_to_word: bool = False               # 3 heures: never broken
    units: tuple[str, ...] = ()                     # 42 km: never broken
    before_numbers: tuple[str, ...] = ()            # Nr. 112, p. 12, n° 5: never broken
    day_month: bool = False                         # 22 mars, 22. März, március 22.: never broken
    locale: str = ""                                # its CLDR locale (fr_FR): the month names day_month binds
    year_ranges: bool = True                        # 2016-2020 -> 2016–2020
    hyphenate_capitalised: bool = False             # names (Bamako) break; True in German, whose nouns are capitalised
    hyphenation_exceptions: tuple[str, ...] = ()    # "in-no-va-tive": the breaks of known words, over the patterns
    has_rules: bool = True                          # False: only CLDR quotes are known for it
