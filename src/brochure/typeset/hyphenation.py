"""Typeset stage: per-language hyphenation with pyphen, bounded by the layout's settings."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pyphen

from brochure.model.design import Hyphenation
from brochure.typeset import patterns

# Words that must never break: e-mail addresses, URLs, anything with a digit.
_UNBREAKABLE = re.compile(r"[@\d]|^www\.|\.\w+\.|://")
_APOSTROPHES = "\u2019'"
_JOINERS = re.compile("([/-])")  # a compound breaks after its own hyphen or slash

Hyphenator = Callable[[str], list[tuple[str, str]]]


@cache
def make_hyphenator(locale: str, settings: Hyphenation,
                    unbreakable_words: frozenset[str] = frozenset()) -> Hyphenator | None:
    """A callable giving the (head, tail) break pairs of a word, longest head first,
    as reportlab's `hyphenationLang` accepts; None when no dictionary exists.
    `unbreakable_words` (any case) are never broken.

    Besides the dictionary's points: a compound (`efforts/involvement`, `savoir-faire`)
    also breaks after each slash or hyphen of its own, with no hyphen added; an elided article or pronoun
    (`l’`, `d’`, `qu’`) stays with the head; an English possessive (`’s`, or a final
    `’`) stays with the tail, and the word before it hyphenates as usual.
    """
    unbreakable = {word.lower() for word in unbreakable_words}
    language = pyphen.language_fallback(locale)
    if language is None:
        return None
    dictionary = patterns.dictionary(language, settings.min_before, settings.min_after)

    def word_breaks(word: str) -> list[tuple[str, str]]:
        if _UNBREAKABLE.search(word) or word.lower() in unbreakable:
            return []
        apostrophe = max(word.rfind(mark) for mark in _APOSTROPHES)
        if apostrophe >= 0 and word[apostrophe + 1:] in ("", "s"):
            stem, suffix = word[:apostrophe], word[apostrophe:]    # collectivity’s, partners’
            return [(head, tail + suffix) for head, tail in word_breaks(stem)]
        prefix, rest = word[:apostrophe + 1], word[apostrophe + 1:]  # l’attractivité
        if len(rest) < settings.min_word_length or rest.lower() in unbreakable:
            return []
        return [(prefix + head, tail) for head, tail in dictionary.iterate(rest)]

    def hyphenate(word: str) -> list[tuple[str, str]]:
        if word.lower() in unbreakable or _UNBREAKABLE.search(word) or word.startswith("/"):
            return []
        pieces = _JOINERS.split(word)   # parts, each followed by its joiner: a, "/", b, "-", c
        parts, joiners = pieces[::2], pieces[1::2] + [""]
        if len(parts) == 1:
            return word_breaks(word)
        if not all(parts):
            return []
        pairs = []
        for index, part in enumerate(parts):
            before = "".join(p + j for p, j in zip(parts[:index], joiners[:index]))
            after = joiners[index] + "".join(p + j for p, j in zip(parts[index + 1:], joiners[index + 1:]))
            pairs += [(before + head, tail + after) for head, tail in word_breaks(part)]
            if joiners[index] and len(part) >= settings.min_before and len(parts[index + 1]) >= settings.min_after:
                pairs.append((before + part + joiners[index], after[1:]))
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    return hyphenate
