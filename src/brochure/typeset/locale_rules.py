"""Typeset stage: a language's typographic rules (model.typography, loaded from data) as
pure str -> str functions, applied in order; each has a name for `--explain`."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache, lru_cache

from babel import Locale, UnknownLocaleError
from babel.dates import get_month_names

from brochure.model.typography import Typography
from brochure.typeset.quotes import set_quotes

NBSP = "\u00a0"          # no-break space: before the French colon, number and unit
NNBSP = "\u202f"         # narrow no-break space: French ; ! ? « » and digit groups
EN_DASH = "\u2013"
ELLIPSIS = "\u2026"
SPACE = {"none": "", "narrow": NNBSP, "nbsp": NBSP}
_ANY_SPACE = "[ \u00a0\u202f]"

Rule = Callable[[str], str]


def named(name: str, rule: Rule) -> Rule:
    rule.__name__ = name
    return rule


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


def bind_number_to_word(text: str) -> str:
    """No line break between a quantity and the word after it (3 heures, 84 000 habitants).

    A year (four digits, not grouped) is not a quantity: "2016 period" may break.
    """
    return re.sub(r"(?<![\d\u202f,.+-])(?<!\d )(\d{1,3}(?:[\u202f\u00a0,.]\d{3})*(?:[,.]\d+)?) (?=[^\W\d_])",
                  "\\1" + NBSP, text)


def quotes(marks: tuple[str, str, str, str], inner_space: str) -> Rule:
    """Straight quotes become this language's marks by level (typeset/quotes.py): first-level
    marks, nested ones its second level; `inner_space` goes inside the first level (French « x »).
    Typographic marks the author typed are kept as typed."""
    space = SPACE[inner_space]
    return named("quotes", lambda text: set_quotes(text, marks, space)[0])


def space_before(sign: str, kind: str) -> Rule:
    """The space before `sign`: none, or a no-break one where the sign ends a clause
    (not in 12:30 or https://)."""
    escaped = re.escape(sign)
    if kind == "none":
        return named(f"no_space_before_{sign}", lambda text: re.sub(rf"{_ANY_SPACE}+(?={escaped})", "", text))
    pattern = re.compile(rf"(?<=[^\s\d/]){_ANY_SPACE}*{escaped}(?=[\s\"»”“’)\]!?;:.,…]|$)"
                         if sign == ":" else rf"(?<=\S){_ANY_SPACE}*{escaped}(?=[\s\"»”“’)\]!?;:.,…]|$)")
    return named(f"space_before_{sign}", lambda text: pattern.sub(SPACE[kind] + sign, text))


def percent(kind: str) -> Rule:
    return named("percent", lambda text: re.sub(rf"(?<=\d){_ANY_SPACE}?%", SPACE[kind] + "%", text))


# a quantity written with spaced digit groups (84 000, 1 250 000): a first group of one to three
# digits not starting with 0, then groups of exactly three; not part of a longer run of spaced
# digits (a phone number: +39 0733 555 0142, 04 42 91 99 73), not after a + or a letter
# (an identifier: FR76 3000 6000), not followed by more digits
_QUANTITY = re.compile(r"(?<![\w+.,\u202f\u00a0/-])(?<!\d )([1-9]\d{0,2})((?: \d{3})+)(?![\w]|[ \u00a0\u202f/-]\d)")


# a phone number's label just before it: its groups are not a quantity's (tel. 915 881 000)
_PHONE_LABEL = re.compile(r"(?i)(?:tel|tél|phone|fax|telefon\w*|teléfono|telefoon|☎|電話|هاتف)\W{0,4}$")


def group_thousands(kind: str) -> Rule:
    """Digit groups of a quantity written with a plain space (400 000) take a no-break one;
    phone numbers, postcodes and identifiers written with spaces are left as they are."""
    space = SPACE[kind]

    def group(text: str) -> str:
        return _QUANTITY.sub(lambda m: m.group(0) if _PHONE_LABEL.search(text[max(m.start() - 16, 0):m.start()])
                             else m.group(1) + m.group(2).replace(" ", space), text)
    return named("group_thousands", group)


def bind_units(units: tuple[str, ...]) -> Rule:
    """42 km, 3 ha, 20 €: a number and its unit never break apart."""
    alternatives = "|".join(re.escape(unit) for unit in sorted(units, key=len, reverse=True))
    pattern = re.compile(rf"(?<=\d) (?=(?:{alternatives})(?![^\W\d_]))")
    return named("bind_units", lambda text: pattern.sub(NBSP, text))


def bind_before_numbers(words: tuple[str, ...]) -> Rule:
    """Nr. 112, p. 12, n° 5, art. 3: an abbreviation that numbers what follows never ends a line
    apart from its number."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    pattern = re.compile(rf"(?<![^\W_])((?:{alternatives})) (?=\d)")
    return named("bind_before_numbers", lambda text: pattern.sub(rf"\1{NBSP}", text))


def bind_day_to_month(months: tuple[str, ...]) -> Rule:
    """22 mars, 22. März, 22 de marzo, March 22, március 22.: a date never breaks."""
    names = "|".join(re.escape(month) for month in months)
    day_first = re.compile(rf"\b(\d{{1,2}}\.?) ((?:de |del )?)({names})(?![^\W\d_])", re.IGNORECASE)
    month_first = re.compile(rf"(?<![^\W\d_])({names}) (\d{{1,2}}\b\.?)", re.IGNORECASE)

    def bind(text: str) -> str:
        text = day_first.sub(lambda m: m.group(1) + NBSP + m.group(2).replace(" ", NBSP) + m.group(3), text)
        return month_first.sub(lambda m: m.group(1) + NBSP + m.group(2), text)
    return named("bind_day_to_month", bind)


@cache
def month_names(locale: str) -> tuple[str, ...]:
    """The locale's month names (CLDR), wide and abbreviated, as written in dates and alone."""
    try:
        parsed = Locale.parse(locale.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return ()
    names: set[str] = set()
    for width in ("wide", "abbreviated"):
        for context in ("format", "stand-alone"):
            names.update(get_month_names(width, context, parsed).values())
    return tuple(sorted(names, key=len, reverse=True))  # longest first: "juin" before "jui"


@cache
def rules_of(typography: Typography) -> tuple[Rule, ...]:
    """The rule functions of a language, in the order they apply."""
    rules: list[Rule] = [collapse_spaces]
    if typography.ellipsis:
        rules.append(ellipsis)
    if typography.year_ranges:
        rules.append(year_ranges)
    rules.append(quotes(typography.quotes, typography.quote_space))
    if typography.apostrophe:
        rules.append(typographic_apostrophe)
    rules += [space_before(sign, kind) for sign, kind in typography.space_before]
    if typography.percent is not None:
        rules.append(percent(typography.percent))
    if typography.thousands is not None:
        rules.append(group_thousands(typography.thousands))
    if typography.day_month and (months := month_names(typography.locale)):
        rules.append(bind_day_to_month(months))
    if typography.units:
        rules.append(bind_units(typography.units))
    if typography.before_numbers:
        rules.append(bind_before_numbers(typography.before_numbers))
    if typography.bind_number_to_word:
        rules.append(bind_number_to_word)
    return tuple(rules)


@lru_cache(maxsize=4096)  # a rebuild in a live process sets the same texts again
def apply_rules(text: str, typography: Typography) -> str:
    for rule in rules_of(typography):
        text = rule(text)
    return text


def explain_rules(text: str, typography: Typography) -> list[tuple[str, str]]:
    """(rule name, text after it) for each rule that changed the text."""
    changes = []
    for rule in rules_of(typography):
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
