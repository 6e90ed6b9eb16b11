"""Translate: what an exchange file carries per unit, whatever its format (XLIFF or PO)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brochure.errors import ContentError, Location
from brochure.load.placeholders import placeholders
from brochure.model.content import Brochure
from brochure.translate.inventory import Unit, fingerprint


def placeholders_of(text: str) -> list[str]:
    """The placeholders a text holds, as written ("{population}"), read as the loader reads
    them (any field name); none when its braces do not pair (the loader reports that)."""
    try:
        return ["{" + name + "}" for name in placeholders(text)]
    except ValueError:
        return []
FORMATS = ("xliff", "xliff2", "po")
SUFFIXES = {"xliff": ".xlf", "xliff2": ".xlf", "po": ".po"}


@dataclass(frozen=True)
class ExchangeUnit:
    """One unit as sent to, or received from, a translator."""

    id: str
    source: str
    target: str                  # "" when not translated yet
    state: str = "new"           # new, translated, stale
    where: str = ""              # file:line in the content
    context: str = ""            # e.g. "section strategy, paragraph"
    notes: tuple[str, ...] = ()  # for the translator
    max_lines: int | None = None  # the room in the layout: lines the source takes in its column


@dataclass(frozen=True)
class Exchange:
    source_language: str
    target_language: str
    units: tuple[ExchangeUnit, ...]


def translator_notes(unit: Unit, source: str, brochure: Brochure) -> tuple[str, ...]:
    """What a translator should know that the text alone does not say."""
    notes = []
    letters = [char for char in source if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        notes.append("written in capitals (e.g. a city name): keep the translation in capitals")
    kept = placeholders_of(source)
    if kept:
        notes.append("keep " + ", ".join(kept) + " as they are: the layout fills them with data")
    phrases = [phrase for phrase in brochure.unbreakable if phrase in source]
    if phrases:
        notes.append("never broken across lines: " + ", ".join(phrases))
    return tuple(notes)


def exchange_units(brochure: Brochure, units: list[Unit], source: str, master: str, target: str,
                   fingerprints: dict[str, str], room: dict[str, int] | None = None) -> Exchange:
    """The exchange for `target` from `source`: every unit, with its translation where there is
    one (stale: the `master` language's text changed since it was translated)."""
    exchanged = []
    for unit in units:
        text = unit.source(source)
        translated = unit.has(target)
        stale = translated and unit.id in fingerprints and fingerprints[unit.id] != fingerprint(unit.source(master))
        state = "stale" if stale else "translated" if translated else "new"
        where = str(unit.location) if unit.location else ""
        exchanged.append(ExchangeUnit(unit.id, text, unit.text.get(target) if translated else "", state,
                                      where, ", ".join(unit.context), translator_notes(unit, text, brochure),
                                      (room or {}).get(unit.id)))
    return Exchange(source, target, tuple(exchanged))


def room_note(unit: ExchangeUnit) -> str:
    if unit.max_lines is None:
        return ""
    lines = "1 line" if unit.max_lines == 1 else f"{unit.max_lines} lines"
    return f"room: {lines} in its column, as the source takes (longer makes the page longer)"


def detect_format(path: Path) -> str:
    """"po", "xliff" or "xliff2", from the file's content (not its name: tools rename them)."""
    try:
        head = path.read_bytes()[:4096].decode("utf-8", errors="replace")
    except OSError as error:
        raise ContentError(f"cannot read {path}: {error.strerror}") from None
    if "urn:oasis:names:tc:xliff:document:2." in head:
        return "xliff2"
    if "urn:oasis:names:tc:xliff:document:1." in head or "<xliff" in head:
        return "xliff"
    if "msgid" in head or "msgctxt" in head:
        return "po"
    raise ContentError("not an XLIFF or PO file", Location(str(path)),
                       "import the file exported by `brochure translate export`, filled in")


def read_exchange(path: Path) -> Exchange:
    from brochure.translate import po, xliff

    kind = detect_format(path)
    return po.read(path) if kind == "po" else xliff.read(path)


def write_exchange(exchange: Exchange, kind: str) -> bytes:
    from brochure.translate import po, xliff

    if kind == "po":
        return po.write(exchange)
    return xliff.write_v12(exchange) if kind == "xliff" else xliff.write_v20(exchange)
