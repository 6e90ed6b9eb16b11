"""Translate: gettext PO files (polib): msgctxt is the unit id, msgid the source text."""

from __future__ import annotations

from pathlib import Path

import polib  # type: ignore[import-untyped]

from brochure.errors import ContentError, Location
from brochure.translate.exchange import Exchange, ExchangeUnit, room_note


def write(exchange: Exchange) -> bytes:
    catalogue = polib.POFile(wrapwidth=78)
    catalogue.metadata = {
        "Project-Id-Version": "brochure",
        "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",  # gettext's "not yet": exports stay reproducible
        "Last-Translator": "",
        "Language-Team": "",
        "Language": exchange.target_language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": exchange.source_language,
    }
    for unit in exchange.units:
        file, _, line = unit.where.partition(":")
        comment = "\n".join(filter(None, [unit.context, *unit.notes, room_note(unit)]))
        entry = polib.POEntry(msgctxt=unit.id, msgid=unit.source, msgstr=unit.target,
                              comment=comment, occurrences=[(file, line.split(":")[0])] if file else [])
        if unit.state == "stale":
            entry.flags.append("fuzzy")  # the source changed since: to be reviewed
        catalogue.append(entry)
    return str(catalogue).encode("utf-8")


def read(path: Path) -> Exchange:
    try:
        catalogue = polib.pofile(str(path), encoding="utf-8")
    except (OSError, ValueError) as error:
        raise ContentError(f"cannot read the PO file: {error}", Location(str(path))) from None
    language = catalogue.metadata.get("Language", "")
    source = catalogue.metadata.get("X-Source-Language", "")
    if not language or not source:
        raise ContentError("the PO file does not say its languages (Language, X-Source-Language)",
                           Location(str(path)), "import a file exported by `brochure translate export`")
    units = []
    for entry in catalogue:
        if entry.obsolete or not entry.msgctxt:
            continue
        state = "stale" if "fuzzy" in entry.flags else "translated" if entry.msgstr else "new"
        units.append(ExchangeUnit(entry.msgctxt, entry.msgid, entry.msgstr, state,
                                  where=f"{path}:{entry.linenum}"))
    return Exchange(source, language, tuple(units))
