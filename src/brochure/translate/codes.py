"""Translate: placeholders as inline codes, markup a target must not bring, language codes as
people write them (de-DE, de_DE, DE).

A `{population}` in a text is data the layout fills in: CAT tools protect it only when it is
an inline code (XLIFF 1.2 `<x/>`, 2.0 `<ph/>`) or flagged (PO `python-brace-format`), so the
exports write it that way and the imports read either form back to the brace text.
"""

from __future__ import annotations

import re
from collections import Counter

from brochure.load.placeholders import form_problems, placeholders

PLACEHOLDER = re.compile(r"(?<!\{)\{[^{}]*\}(?!\})")
MARKUP = re.compile(r"</?[A-Za-z][\w:-]*(\s[^<>]*)?/?>")  # <b>, </g>, <x id="1"/>: tags, not "a < b"


def placeholders_of(text: str) -> list[str]:
    """The placeholders a text holds, as written ("{population}"), read as the loader reads
    them (any field name); none when its braces do not pair (the loader reports that)."""
    try:
        return ["{" + name + "}" for name in placeholders(text)]
    except ValueError:
        return []


def split_codes(text: str) -> list[str]:
    """`text` cut into plain runs and placeholders ("{x}" items), in order: the placeholders are
    what the loader reads as such (nothing when the braces do not pair)."""
    if not placeholders_of(text):
        return [text] if text else []
    parts: list[str] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > position:
            parts.append(text[position:match.start()])
        parts.append(match[0])
        position = match.end()
    if position < len(text):
        parts.append(text[position:])
    return parts


def without_codes(text: str) -> str:
    """`text` without its placeholders: what a converter that drops inline codes leaves
    (translate-toolkit's xliff2po turns `{number} étudiants` into `étudiants`)."""
    return "".join(part for part in split_codes(text) if not is_code(part))


def is_code(part: str) -> bool:
    return PLACEHOLDER.fullmatch(part) is not None


def code_problem(source: str, target: str) -> str | None:
    """Why `target` cannot stand for `source` as far as codes go: a placeholder dropped or
    added, or markup the content does not allow (it is plain text); None when it can."""
    try:
        forms = form_problems(target)
    except ValueError:
        forms = []  # unpaired braces: the loader's check says so at the unit's line
    if forms:
        return (f"the translation writes '{forms[0]}': a placeholder is a name alone, with no format "
                "specification or conversion (keep it as the source writes it)")
    wanted, given = Counter(placeholders_of(source)), Counter(placeholders_of(target))
    if wanted != given:
        dropped = sorted((wanted - given).elements())
        extra = sorted((given - wanted).elements())
        parts = ([f"drops {', '.join(dropped)}"] if dropped else []) + ([f"adds {', '.join(extra)}"] if extra else [])
        kept = ", ".join(placeholders_of(source)) or "no placeholder"
        return f"the translation {' and '.join(parts)} (keep {kept}: the layout fills them)"
    tag = MARKUP.search(target)
    if tag and not MARKUP.search(source):
        return f"the translation holds markup '{tag[0]}': the content is plain text"
    return None


def normalise_space(text: str) -> str:
    """A target as the content keeps it: no space at the ends, runs of spaces, tabs and line
    breaks (a CAT tool's wrapping) made one space, non-breaking spaces kept."""
    return re.sub(r"[ \t\r\n]+", " ", text).strip(" ")


def language_key(code: str) -> str:
    return code.strip().replace("_", "-").split(".")[0].split("@")[0].lower()


def match_language(code: str, declared: tuple[str, ...] | list[str]) -> str | None:
    """The declared language `code` means, written as people write it: BCP 47 `de-DE`, POSIX
    `de_DE` or `de_DE.UTF-8`, capitals `DE`: exactly a declared code, else the one declared
    code of the same language (`de-DE` -> `de`; `pt-PT` is not `pt-BR`)."""
    key = language_key(code)
    if not key:
        return None
    for declared_code in declared:
        if language_key(declared_code) == key:
            return declared_code
    primary = key.split("-")[0]
    same = [declared_code for declared_code in declared if language_key(declared_code) == primary]
    if same:
        return same[0]
    region_free = [declared_code for declared_code in declared
                   if language_key(declared_code).split("-")[0] == primary and "-" not in key]
    return region_free[0] if len(region_free) == 1 else None
