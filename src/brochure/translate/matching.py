"""Translate: which content unit and language a returned exchange file stands for.

Files come back rewritten by CAT tools and converters: ids renumbered or dropped (translate-
toolkit's po2xliff and xliff2po), languages written as people write them (de-DE, de_DE) or
wrongly (po2xliff's en-US), a file sent to the wrong brochure or language. Units are matched
by id, else by source text and location; the languages are checked before anything is read.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from brochure.errors import ContentError, Location
from brochure.model.content import Brochure
from brochure.translate.codes import language_key, match_language, without_codes
from brochure.translate.exchange import Exchange, ExchangeUnit, brochure_key
from brochure.translate.inventory import Unit


def normal(text: str) -> str:
    return " ".join(text.split())


class Matcher:
    """Finds the content unit an exchange unit stands for: by its id, else (a file a converter
    rewrote: translate-toolkit's xliff2po drops msgctxt, po2xliff numbers the units) by its source
    text, told apart by the content file and line the file gives when the text occurs twice."""

    def __init__(self, units: list[Unit], source: str):
        self.by_id = {unit.id: unit for unit in units}
        self.by_text: dict[str, list[Unit]] = {}
        self.by_bare_text: dict[str, list[Unit]] = {}  # without placeholders, which some converters drop
        for unit in units:
            if source in unit.text.languages:
                self.by_text.setdefault(normal(unit.source(source)), []).append(unit)
                self.by_bare_text.setdefault(normal(without_codes(unit.source(source))), []).append(unit)

    def find(self, item: ExchangeUnit) -> Unit | None:
        if item.id in self.by_id:
            return self.by_id[item.id]
        candidates = self.by_text.get(normal(item.source), []) or self.by_bare_text.get(normal(item.source), [])
        if len(candidates) > 1 and item.origin:
            file, _, line = item.origin.partition(":")
            line = line.split(":")[0]
            candidates = [unit for unit in candidates if unit.location is not None and unit.location.file == file
                          and (not line or str(unit.location.line) == line)] or candidates
        return candidates[0] if len(candidates) == 1 else None


def file_source_language(exchange: Exchange, units: list[Unit], codes: tuple[str, ...]) -> str:
    """The content language the file translates from: the one it says, when its sources are
    that language's texts; else the one whose texts they are (po2xliff writes en-US whatever
    the language; xliff2po writes none)."""
    said = match_language(exchange.source_language, codes) if exchange.source_language else None
    sources = {normal(item.source) for item in exchange.units}

    def matches(code: str) -> int:
        return sum(1 for unit in units if code in unit.text.languages and code not in unit.text.missing
                   and normal(unit.source(code)) in sources)
    counts = {code: matches(code) for code in codes}
    best = max(codes, key=lambda code: counts[code])
    if said is not None and (counts[said] >= counts[best] or counts[said] * 2 >= len(exchange.units)):
        return said
    return best if counts[best] else (said or codes[0])


def check_languages(exchange: Exchange, codes: tuple[str, ...], path: Path, asked: str | None) -> str:
    """The declared language the file translates into (de-DE, de_DE and DE are `de`)."""
    where = Location(str(path))
    if not exchange.target_language:
        if asked is None:
            raise ContentError("the PO file does not say its language (no 'Language:' header)", where,
                               "name it with --lang de (for example), or add \"Language: de\\n\" to its header")
        exchange = replace(exchange, target_language=asked)
    target = match_language(exchange.target_language, codes)
    if asked is not None:
        wanted = match_language(asked, codes)
        if wanted is None:
            raise ContentError(f"the language '{asked}' is not declared in content/brochure.yaml",
                               Location("content/brochure.yaml", key="languages"),
                               f"declared: {', '.join(codes)}")
        if target != wanted:
            raise ContentError(f"the file translates into '{exchange.target_language}', not into '{wanted}' as "
                               "asked (--lang): nothing imported", where,
                               "check you import the right file, or export again for that language")
    if target is None:
        code = language_key(exchange.target_language).split("-")[0] or "?"
        locale = exchange.target_language.replace("-", "_") if "-" in language_key(exchange.target_language) \
            else "…"
        raise ContentError(f"the language '{exchange.target_language}' is not declared in content/brochure.yaml",
                           where, f"add '{code}: {{locale: {locale}, name: …}}' under 'languages:' and import again")
    return target


def check_brochure(exchange: Exchange, brochure: Brochure, found: list[tuple[ExchangeUnit, Unit | None]],
                    path: Path) -> None:
    """A file exported from another brochure is refused before anything is matched on it."""
    known = sum(1 for _, unit in found if unit is not None)
    ours = brochure_key(brochure)
    if exchange.brochure and exchange.brochure != ours and known * 2 < len(found):
        raise ContentError(f"the file was exported from another brochure ('{exchange.brochure}', not "
                           f"'{ours}'): nothing imported", Location(str(path)),
                           "import it into the brochure it was exported from")
    if found and not known:
        raise ContentError(f"none of the file's {len(found)} units is a unit of this brochure: nothing imported",
                           Location(str(path)), "import it into the brochure it was exported from, or "
                           "export again with `brochure translate export`")
