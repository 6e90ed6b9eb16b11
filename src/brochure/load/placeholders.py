"""Load stage: the {names} in labels and card lines, checked against the data that fills them."""

from __future__ import annotations

import difflib
import string
from collections.abc import Sequence


def placeholders(template: str) -> list[str]:
    """The names between braces ("{population} inhabitants" -> ["population"]);
    ValueError when the braces do not pair."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def literal_text(template: str) -> str:
    """What a template prints of its own, without the data filling it ("{population}
    inhabitants" -> " inhabitants"; a doubled brace is one brace)."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(template))


def placeholder_problems(template: str, known: Sequence[str]) -> list[tuple[str, str]]:
    """(message, hint) for each placeholder of `template` not in `known`, or for unpaired braces."""
    listed = ", ".join("{" + name + "}" for name in known) or "none"
    try:
        names = placeholders(template)
    except ValueError as error:
        return [(f"{error}", f"write a brace pair around a name ({listed}); double a brace to print it: {{{{ }}}}")]
    problems = []
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            guess = f"did you mean '{{{close[0]}}}'? " if close else ""
            problems.append((f"unknown placeholder '{{{name}}}'", f"{guess}known placeholders: {listed}"))
    return problems
