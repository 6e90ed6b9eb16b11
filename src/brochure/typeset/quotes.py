"""Typeset stage: quotation marks by level (issue 23).

A straight quote the author typed ("x", 'x') becomes the language's first-level marks, or its
second-level marks when it stands inside another quotation (a straight one, one the author typed
with typographic marks, or the quote block the text sits in). Typographic marks the author typed
(« », „ “, “ ”, 「 」...) are kept as typed: a translator's «…» in an Arabic text is a choice.
A straight double quote that opens nothing and closes nothing is left as it is and reported
(`unbalanced_quotes`), never guessed at silently.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection
from dataclasses import dataclass

from brochure.errors import Location
from brochure.model.walk import texts

NBSP = "\u00a0"
NNBSP = "\u202f"
_SPACES = " \t\n" + NBSP + NNBSP
# typographic marks that open a quotation, and the mark that closes each (German „ closes with “)
TYPED_PAIRS = {"«": "»", "„": "“", "“": "”", "‚": "‘", "‘": "’", "‹": "›", "「": "」", "『": "』",
               "”": "”", "»": "«"}   # Swedish ”x”, Hungarian nested »x«
_GUILLEMETS = "«»‹›"
SINGLE_MARKS = "‘’‚‹›"
_OPENS_AFTER = set(_SPACES) | set("([{/—–-:") | set(TYPED_PAIRS)


@dataclass(frozen=True)
class _Open:
    mark: str      # the straight quote (" or ') or the typed closing mark expected
    level: int     # its level: 0 first, 1 second, then again
    typed: bool
    source: int = 0  # where it stands in the text
    written: int = 0  # where its mark stands in the output


def _is_word(char: str | None) -> bool:
    return char is not None and (char.isalnum() or unicodedata.category(char) == "Mn")


def _marks_at(level: int, marks: tuple[str, str, str, str]) -> tuple[str, str]:
    return (marks[0], marks[1]) if level % 2 == 0 else (marks[2], marks[3])


def set_quotes(text: str, marks: tuple[str, str, str, str], inner_space: str,
               base_level: int = 0) -> tuple[str, list[int]]:
    """`text` with its straight quotes set by level, and the positions (in `text`) of straight
    double quotes left unbalanced. `inner_space` (a character, or "") goes inside first-level
    quotes, and inside the author's typed first-level marks of this language (French « x »)."""
    out: list[str] = []
    stack: list[_Open] = []
    unbalanced: list[int] = []
    single_first = marks[0] in SINGLE_MARKS

    def level_now() -> int:
        return base_level + len(stack)

    def strip_tail() -> None:
        while out and out[-1] in _SPACES and out[-1] != "\n":
            out.pop()

    index, length = 0, len(text)
    skip_spaces = False
    while index < length:
        char = text[index]
        previous = text[index - 1] if index else None
        following = text[index + 1] if index + 1 < length else None
        if skip_spaces and char in " " + NBSP + NNBSP:
            index += 1
            continue
        skip_spaces = False
        opens_here = previous is None or previous in _OPENS_AFTER
        closes_here = following is None or not _is_word(following)
        top = stack[-1] if stack else None
        if char == '"':
            ambiguous = not opens_here and not closes_here  # "x"y"z": scripts without spaces
            if ambiguous and top is not None and top.mark == '"':
                # open a nested quotation only if enough quotes follow to close it and the open ones
                opened = sum(entry.mark == '"' for entry in stack)
                ambiguous = text.count('"', index + 1) >= opened + 1
            if top is not None and top.mark == '"' and not ((opens_here or ambiguous) and not closes_here):
                stack.pop()
                closing = _marks_at(top.level, marks)[1]
                if top.level % 2 == 0 and inner_space:
                    strip_tail()
                    out.append(inner_space)
                out.append(closing)
            elif (opens_here or ambiguous) and following is not None and following not in _SPACES:
                level = level_now()
                stack.append(_Open('"', level, False, index, len(out)))
                out.append(_marks_at(level, marks)[0])
                if level % 2 == 0 and inner_space:
                    out.append(inner_space)
                    skip_spaces = True
            else:
                unbalanced.append(index)
                out.append(char)
        elif char == "'":
            if _is_word(previous) and _is_word(following):
                out.append(char)  # an apostrophe: l'art, geht's (the apostrophe rule curls it)
            elif top is not None and top.mark == "'" and not opens_here:
                stack.pop()
                out.append(_marks_at(top.level, marks)[1])
            elif opens_here and _is_word(following):
                level = level_now() if single_first else max(level_now(), 1)
                stack.append(_Open("'", level, False, index, len(out)))
                out.append(_marks_at(level, marks)[0])
            else:
                out.append(char)  # the students' union: the apostrophe rule curls it
        elif top is not None and top.typed and char == top.mark and not (char == "’" and _is_word(following)):
            stack.pop()
            if char in _GUILLEMETS or (top.level % 2 == 0 and char == marks[1]):
                strip_tail()
                out.append(inner_space if char == marks[1] and inner_space else NNBSP
                           if text[index - 1:index] in _SPACES else "")
            out.append(char)
        elif char in TYPED_PAIRS and (char != "‘" or not _is_word(previous)) and not (
                char in "”»" and not opens_here):
            stack.append(_Open(TYPED_PAIRS[char], level_now(), True))
            out.append(char)
            if char in _GUILLEMETS or char == marks[0]:
                spaced = following is not None and following in _SPACES
                if char == marks[0] and inner_space:
                    out.append(inner_space)
                    skip_spaces = True
                elif spaced:
                    out.append(NNBSP)  # « x » as typed: no line break inside the marks
                    skip_spaces = True
        else:
            out.append(char)
        index += 1
    for left in stack:
        if left.mark == "'":
            out[left.written] = "’"  # 'n or '90s: an elision, not a quotation
        elif left.mark == '"':
            out[left.written] = '"'  # opened and never closed: left as written, and reported
            if inner_space and left.written + 1 < len(out) and out[left.written + 1] == inner_space:
                out[left.written + 1] = ""
            unbalanced.append(left.source)
    return "".join(out), sorted(unbalanced)


def unbalanced_quotes(text: str, base_level: int = 0) -> list[int]:
    """The positions of straight double quotes in `text` that open or close nothing."""
    return set_quotes(text, ("“", "”", "‘", "’"), "", base_level)[1]


@dataclass(frozen=True)
class UnbalancedQuote:
    where: Location | None
    language: str
    excerpt: str     # the words around the quote


def unbalanced_in(content: object, languages: Collection[str]) -> list[UnbalancedQuote]:
    """Every straight double quote of the content's texts (in `languages`) that opens or
    closes nothing, with the text's file:line."""
    found: list[UnbalancedQuote] = []
    for text in texts(content):
        for code, value in text.values:
            if code in languages and '"' in value:
                for position in unbalanced_quotes(value):
                    excerpt = " ".join(value[max(position - 25, 0):position + 25].split())
                    found.append(UnbalancedQuote(text.location, code, excerpt))
    return found
