"""Load stage: the {names} in labels and card lines, checked against the data that fills them."""

from __future__ import annotations

import difflib
import re
import string
from collections.abc import Sequence

NAME = re.compile(r"[^\W\d]\w*")  # a field name: letters, digits and underscores, not led by a digit


def placeholders(template: str) -> list[str]:
    """The names between braces ("{population} inhabitants" -> ["population"]);
    ValueError when the braces do not pair."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def literal_text(template: str) -> str:
    """What a template prints of its own, without the data filling it ("{population}
    inhabitants" -> " inhabitants"; a doubled brace is one brace)."""
    return "".join(literal for literal, _, _, _ in string.Formatter().parse(template))


def form_problems(template: str) -> list[str]:
    """What in `template`'s braces is more than a name: a format specification
    ({population:>15}), a conversion ({population!r}), an attribute or index ({population.real},
    {population[0]}). Formatting belongs to the field's type and locale, and a stranger's format
    spec can ask for a gigabyte of padding. ValueError when the braces do not pair."""
    problems = []
    for _, name, spec, conversion in string.Formatter().parse(template):
        if name is None:
            continue
        written = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
        if spec or conversion or not NAME.fullmatch(name):
            problems.append(written)
    return problems


def placeholder_problems(template: str, known: Sequence[str]) -> list[tuple[str, str]]:
    """(message, hint) for each placeholder of `template` not in `known` or written as more than
    a name, or for unpaired braces."""
    listed = ", ".join("{" + name + "}" for name in known) or "none"
    try:
        names = placeholders(template)
        forms = form_problems(template)
    except ValueError as error:
        return [(f"{error}", f"write a brace pair around a name ({listed}); double a brace to print it: {{{{ }}}}")]
    if forms:
        return [(f"placeholder '{written}' is more than a name (no format, conversion or index)",
                 f"write the name alone, e.g. {{{re.split(r'[!:.[]', written[1:-1])[0] or 'name'}}}: "
                 "the field's type and the locale format it; known placeholders: " + listed)
                for written in forms]
    problems = []
    for name in names:
        if name not in known:
            close = difflib.get_close_matches(name, list(known), n=1)
            guess = f"did you mean '{{{close[0]}}}'? " if close else ""
            problems.append((f"unknown placeholder '{{{name}}}'", f"{guess}known placeholders: {listed}"))
    return problems
