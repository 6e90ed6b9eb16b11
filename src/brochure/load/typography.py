"""Load stage: each language's typographic rules, from the data shipped with brochure
(brochure/data/typography/<language>.yaml, CLDR quotation marks) and the brochure's own
changes in layout/typography.yaml."""

from __future__ import annotations

from dataclasses import replace
from functools import cache, partial
from importlib import resources
from pathlib import Path
from typing import Any

from brochure.errors import DesignError, ErrorList
from brochure.load.yaml_source import Node, ParsedTrees, ProblemCollector, did_you_mean, load_yaml, note_shape
from brochure.model.typography import SPACE_KINDS, Typography

DATA = resources.files("brochure") / "data"
OVERRIDES_FILE = "typography.yaml"
FLAGS = ("apostrophe", "ellipsis", "bind_number_to_word", "day_month", "year_ranges", "hyphenate_capitalised")
SPACES = ("quote_space", "percent", "thousands")
KEYS = ("quotes", "space_before", "units", "before_numbers", "hyphenation_exceptions", *FLAGS, *SPACES)
ENGLISH_QUOTES = ("\u201c", "\u201d", "\u2018", "\u2019")


def language_of(locale: str) -> str:
    """`de_DE`, `de-DE` -> `de`."""
    return locale.replace("-", "_").split("_")[0].lower()


@cache
def cldr_quotes() -> dict[str, tuple[str, str, str, str]]:
    """Quotation marks per CLDR locale (data/cldr-quotes.tsv, from the Unicode CLDR)."""
    table: dict[str, tuple[str, str, str, str]] = {}
    for line in (DATA / "cldr-quotes.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            locale, *marks = line.split("\t")
            table[locale] = (marks[0], marks[1], marks[2], marks[3])
    return table


def quotes_for(locale: str) -> tuple[str, str, str, str] | None:
    """The CLDR quotes of `locale` or of its nearest parent (de_CH, then de); None if CLDR has none."""
    parts = locale.replace("-", "_").split("_")
    for length in range(len(parts), 0, -1):
        found = cldr_quotes().get("_".join(parts[:length]))
        if found:
            return found
    return None


def _read_rules(node: Node, base: Typography, locale: str) -> Typography:
    """`base` changed by the keys of one language's rules mapping."""
    fields = node.mapping(optional=KEYS)
    changes: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "quotes":
            changes[key] = _quotes(value, locale)
        elif key == "space_before":
            changes[key] = tuple((sign, _space(kind, allow_none=True)) for sign, kind in value.items())
        elif key in ("units", "before_numbers"):
            changes[key] = tuple(word.string() for word in value.sequence())
        elif key == "hyphenation_exceptions":  # the brochure's own add to those shipped
            changes[key] = base.hyphenation_exceptions + tuple(_exception(entry) for entry in value.sequence())
        elif key in FLAGS:
            changes[key] = value.boolean()
        else:
            changes[key] = _space(value, allow_none=key != "quote_space")
    return replace(base, **changes)


def _quotes(node: Node, locale: str) -> tuple[str, str, str, str]:
    note_shape(node, "choice", ("cldr",))  # or the marks
    if isinstance(node.node.value, str) and node.node.value == "cldr":
        return quotes_for(locale) or ENGLISH_QUOTES
    marks = [mark.string() for mark in node.sequence()]
    if len(marks) != 4:
        raise node.fail(f"quotes need 4 marks, got {len(marks)}",
                        'write [open, close, nested open, nested close], e.g. ["„", "“", "‚", "‘"], or cldr')
    return (marks[0], marks[1], marks[2], marks[3])


def _exception(node: Node) -> str:
    entry = node.string()
    if not entry or " " in entry or "--" in entry or entry.startswith("-") or entry.endswith("-"):
        raise node.fail(f"'{entry}' is not a word with its breaks",
                        "write the word with a hyphen at each place it may break, e.g. in-no-va-tive, "
                        "or without hyphens to keep it whole")
    return entry


def _space(node: Node, allow_none: bool) -> str | None:
    if allow_none and node.is_null():
        return None
    kind = node.string(SPACE_KINDS)
    if kind not in SPACE_KINDS:
        raise node.fail(f"no space kind '{kind}'", did_you_mean(kind, list(SPACE_KINDS)) or
                        "use narrow (U+202F), nbsp (U+00A0) or none")
    return kind


@cache
def shipped_typography(locale: str) -> Typography:
    """The rules brochure ships for the locale's language; for a language it has no rules
    for, its CLDR quotes only (`has_rules` False: the build warns)."""
    language = language_of(locale)
    # the month names are read from CLDR when a text of the language is set (typeset/locale_rules.py):
    # a one-edition build loads the locale data of its own languages only
    base = Typography(language=language, quotes=quotes_for(locale) or ENGLISH_QUOTES, locale=locale)
    source = DATA / "typography" / f"{language}.yaml"
    if not source.is_file():
        return replace(base, apostrophe=False, has_rules=False)
    with resources.as_file(source) as path:
        root = load_yaml(path, f"brochure/data/typography/{language}.yaml", DesignError)
    return _read_rules(root, base, locale)


def load_typography(layout: Path, locales: dict[str, str], shown_root: Path,
                    trees: ParsedTrees | None = None) -> tuple[tuple[str, Typography], ...]:
    """(language code, rules) for each content language: shipped rules, changed by
    layout/typography.yaml where the brochure says so (keyed by content language code)."""
    resolved = {code: shipped_typography(locale) for code, locale in locales.items()}
    path = layout / OVERRIDES_FILE
    if not path.is_file():
        return tuple(resolved.items())
    shown = str(path.relative_to(shown_root)) if path.is_relative_to(shown_root) else str(path)
    collector = ProblemCollector()
    for code, node in load_yaml(path, shown, DesignError, trees).items():
        if code not in resolved:
            collector.errors.append(node.fail(f"'{code}' is not a language of the content", did_you_mean(
                code, list(resolved)) or "use the codes of content/brochure.yaml"))
            continue
        rules = collector.collect(partial(_read_rules, node, resolved[code], locales[code]))
        if rules is not None:
            resolved[code] = replace(rules, has_rules=True)
    if collector.errors:
        raise ErrorList(collector.errors)
    return tuple(resolved.items())
