"""Typeset stage: per-language hyphenation with pyphen, bounded by the layout's settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pyphen

from brochure.model.design import Hyphenation

# Words that must never break: e-mail addresses, URLs, anything with a digit.
_UNBREAKABLE = re.compile(r"[@/\d]|^www\.|\.\w+\.|://")

Hyphenator = Callable[[str], list[tuple[str, str]]]


@cache
def make_hyphenator(locale: str, settings: Hyphenation,
                    unbreakable_words: frozenset[str] = frozenset()) -> Hyphenator | None:
    """A callable giving the (head, tail) break pairs of a word, longest head first,
    as reportlab's `hyphenationLang` accepts; None when no dictionary exists.
    `unbreakable_words` (any case) are never broken."""
    unbreakable = {word.lower() for word in unbreakable_words}
    language = pyphen.language_fallback(locale)
    if language is None:
        return None
    dictionary = pyphen.Pyphen(lang=language, left=settings.min_before, right=settings.min_after)

    def hyphenate(word: str) -> list[tuple[str, str]]:
        # an elided article or pronoun (l’, d’, qu’) is kept with the first part
        elided, apostrophe, rest = word.rpartition("\u2019") if "\u2019" in word else word.rpartition("'")
        prefix = elided + apostrophe
        if (len(rest) < settings.min_word_length or _UNBREAKABLE.search(rest)
                or rest.lower() in unbreakable or word.lower() in unbreakable):
            return []
        return [(prefix + head, tail) for head, tail in dictionary.iterate(rest)]

    return hyphenate
