"""Translate: pseudo-localisation, to see where a layout breaks before paying a translator.

The source text with accented letters (still readable), about 35 % longer (vowels doubled, as
German and Finnish words run long) and in brackets, so a cut-off end is seen at once.
Placeholders such as {population} are kept: the layout fills them.
"""

from __future__ import annotations

import dataclasses
import math
import re

from brochure.model.content import Brochure, Text
from brochure.model.walk import map_texts

GROWTH = 0.35
ACCENTS = str.maketrans("aeiouycnAEIOUYCN", "àéîõüýçñÀÉÎÕÜÝÇÑ")  # all in Latin-1: every text face has them
VOWELS = "aeiouyAEIOUY"
TOKENS = re.compile(r"\{[^{}]*\}|[^\W\d_]+|[^\w{]+|[\d_]+|\{")


def pseudo_text(text: str, growth: float = GROWTH, keep: tuple[str, ...] = ()) -> str:
    """`text` pseudo-localised: "Rome" -> "[Rõmé]". Phrases in `keep` (the brochure's
    unbreakable names) stay as written, as names do in a translation; the other words
    grow the more to make up the length."""
    extra = math.ceil(len(text) * growth) - 2  # the brackets count towards the growth
    kept = re.compile("(" + "|".join(map(re.escape, sorted(keep, key=len, reverse=True))) + ")") if keep else None
    parts = kept.split(text) if kept else [text]
    tokens: list[tuple[str, bool]] = []  # (text, may change)
    for index, part in enumerate(parts):
        if index % 2:  # a kept phrase: re.split puts what the pattern matched at odd places
            tokens.append((part, False))
        else:
            tokens += [(token, True) for token in TOKENS.findall(part)]
    letters = sum(len(token) for token, changeable in tokens if changeable and token[0].isalpha())
    out = []
    for token, changeable in tokens:
        if not changeable or not token[0].isalpha():
            out.append(token)
            continue
        share = max(0, round(extra * len(token) / letters)) if letters else 0
        out.append(_lengthen(token, share).translate(ACCENTS))
    return "[" + "".join(out) + "]"


def _lengthen(word: str, count: int) -> str:
    """`word` with `count` more letters: its vowels doubled from the first on, repeatedly."""
    positions = [index for index, char in enumerate(word) if char in VOWELS] or [len(word) - 1]
    repeats = [0] * len(word)
    for step in range(count):
        repeats[positions[step % len(positions)]] += 1
    return "".join(char * (1 + repeats[index]) for index, char in enumerate(word))


def pseudolocalise(brochure: Brochure, source: str, target: str) -> Brochure:
    """The brochure with `target`'s text replaced by the pseudo-localised `source` text."""
    def replace(text: Text) -> Text:
        pseudo = pseudo_text(text.get(source), keep=brochure.unbreakable)
        values = tuple((code, pseudo if code == target else value) for code, value in text.values)
        missing = tuple(code for code in text.missing if code != target)
        return dataclasses.replace(text, values=values, missing=missing)
    return map_texts(brochure, replace)
