"""Typeset stage: per-language hyphenation with pyphen, bounded by the layout's settings."""

from __future__ import annotations

import re
from collections.abc import Callable

import pyphen

from brochure.model.design import Hyphenation
from brochure.typeset import patterns

# Words that must never break: e-mail addresses, URLs, anything with a digit.
_UNBREAKABLE = re.compile(r"[@\d]|^www\.|\.\w+\.|://")
_APOSTROPHES = "\u2019'"
_JOINERS = re.compile("([/-])")  # a compound breaks after its own hyphen or slash

Hyphenator = Callable[[str], list[tuple[str, str]]]


_ELISION = re.compile(r"^[^\W\d_]{1,4}[\u2019']")   # d’, l’, qu’, dell’: an elided word before a name
_POSSESSIVE = re.compile(r"[\u2019'](?:s)?$")       # the City’s, partners’
_NO_BREAK = re.compile("([\u00a0\u202f])")          # a no-break group: 24 000 Studierende


def _exception_points(entries: tuple[str, ...]) -> dict[str, tuple[int, ...]]:
    """Written breaks per word: "in-no-va-tive" -> {"innovative": (2, 4, 6)}; a word written
    without hyphens never breaks."""
    table: dict[str, tuple[int, ...]] = {}
    for entry in entries:
        parts = entry.lower().split("-")
        table["".join(parts)] = tuple(sum(map(len, parts[:index])) for index in range(1, len(parts)))
    return table


def make_hyphenator(locale: str, settings: Hyphenation,
                    unbreakable_words: frozenset[str] = frozenset(), capitalised: bool = True,
                    exceptions: tuple[str, ...] = ()) -> Hyphenator | None:
    """A callable giving the (head, tail) break pairs of a word, longest head first,
    as reportlab's `hyphenationLang` accepts; None when no dictionary exists.
    `unbreakable_words` (any case) are never broken, also after an elision (d’Ille-et-Vilaine)
    or before a possessive (Ille-et-Vilaine’s); a multi-word entry keeps each of its words whole.
    Unless `capitalised`, a word starting with a capital (a name: Bamako, Jupiter) is not broken.
    `exceptions` ("in-no-va-tive") replace the dictionary's points for their words.

    Besides the dictionary's points: a compound (`efforts/involvement`, `savoir-faire`)
    also breaks after each slash or hyphen of its own, with no hyphen added; an elided article or pronoun
    (`l’`, `d’`, `qu’`) stays with the head; an English possessive (`’s`, or a final
    `’`) stays with the tail, and the word before it hyphenates as usual. A no-break group
    (`24 000 Studierende`) breaks inside its words, never at its no-break space.
    """
    unbreakable = {word.lower() for entry in unbreakable_words for word in (entry, *entry.split())}
    language = pyphen.language_fallback(locale)
    if language is None:
        return None
    dictionary = patterns.dictionary(language, settings.min_before, settings.min_after)
    written = _exception_points(exceptions)

    def is_unbreakable(word: str) -> bool:
        core = _POSSESSIVE.sub("", _ELISION.sub("", word)).lower()
        return word.lower() in unbreakable or core in unbreakable

    def dictionary_breaks(rest: str) -> list[tuple[str, str]]:
        points = written.get(rest.lower())
        if points is not None:
            return [(rest[:point], rest[point:]) for point in sorted(points, reverse=True)
                    if point >= settings.min_before and len(rest) - point >= settings.min_after]
        if not capitalised and rest[:1].isupper():
            return []   # a name: Bamako, Madagascar
        return list(dictionary.iterate(rest))

    def word_breaks(word: str) -> list[tuple[str, str]]:
        if _UNBREAKABLE.search(word) or is_unbreakable(word):
            return []
        apostrophe = max(word.rfind(mark) for mark in _APOSTROPHES)
        if apostrophe >= 0 and word[apostrophe + 1:] in ("", "s"):
            stem, suffix = word[:apostrophe], word[apostrophe:]    # collectivity’s, partners’
            return [(head, tail + suffix) for head, tail in word_breaks(stem)]
        prefix, rest = word[:apostrophe + 1], word[apostrophe + 1:]  # l’attractivité
        if len(rest) < settings.min_word_length or rest.lower() in unbreakable:
            return []
        return [(prefix + head, tail) for head, tail in dictionary_breaks(rest)]

    def hyphenate_word(word: str) -> list[tuple[str, str]]:
        if is_unbreakable(word) or _UNBREAKABLE.search(word) or word.startswith("/"):
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

    def hyphenate(word: str) -> list[tuple[str, str]]:
        if not _NO_BREAK.search(word):
            return hyphenate_word(word)
        pieces = _NO_BREAK.split(word)  # words and the no-break spaces between them
        pairs = []
        for index in range(0, len(pieces), 2):
            before, after = "".join(pieces[:index]), "".join(pieces[index + 1:])
            pairs += [(before + head, tail + after) for head, tail in hyphenate_word(pieces[index])]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    # what the hyphenator is, for the keys of laid lines kept from build to build (laid_lines.py)
    hyphenate.laid_fingerprint = (  # type: ignore[attr-defined]
        "hyphenator", locale, repr(settings), tuple(sorted(unbreakable_words)), capitalised, exceptions)
    if not capitalised:  # the breaker's last resort before a line looser than its limit (total_fit.py)
        hyphenate.with_names = make_hyphenator(  # type: ignore[attr-defined]
            locale, settings, unbreakable_words, True, exceptions)
    return hyphenate
