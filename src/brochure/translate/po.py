"""Translate: gettext PO files (polib): msgctxt is the unit id, msgid the source text.

Texts with placeholders carry `python-brace-format` (msgfmt -c and translators' tools check a
translation keeps them); a unit set in a fixed box carries Weblate's `max-length:N`; a stale
unit is `fuzzy` with its previous source as `#| msgid`.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib  # type: ignore[import-untyped]

from brochure.errors import ContentError, Location
from brochure.translate.codes import placeholders_of
from brochure.translate.exchange import (
    DRAFT,
    NEW,
    STALE,
    TRANSLATED,
    Exchange,
    ExchangeUnit,
    limit_note,
    room_note,
    text_encoding,
)


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
    if exchange.brochure:
        catalogue.metadata["X-Brochure"] = exchange.brochure
    for unit in exchange.units:
        file, _, line = unit.where.partition(":")
        comment = "\n".join(filter(None, [unit.context, *unit.notes, room_note(unit), limit_note(unit)]))
        entry = polib.POEntry(msgctxt=unit.id, msgid=unit.source, msgstr=unit.target,
                              comment=comment, occurrences=[(file, line.split(":")[0])] if file else [])
        if unit.state in (STALE, DRAFT):
            entry.flags.append("fuzzy")  # the source changed since, or a draft: to be reviewed
            if unit.previous_source:
                entry.previous_msgid = unit.previous_source
        if placeholders_of(unit.source):
            entry.flags.append("python-brace-format")
        if unit.max_chars is not None:
            entry.flags.append(f"max-length:{unit.max_chars}")
        catalogue.append(entry)
    return str(catalogue).encode("utf-8")


# a line of a PO file: a comment, a keyword and its string, or a string continued; a string is
# quoted whole on its line, its quotes and backslashes escaped (as msgfmt reads it)
_STRING = r'"(?:[^"\\]|\\.)*"'
_PO_LINE = re.compile(rf'\s*(?:#.*|(?:msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?)\s+{_STRING}|{_STRING})?\s*')


def syntax_problem(text: str) -> tuple[int, str] | None:
    """The first line msgfmt would refuse, and why; polib reads through such lines and would take
    the text after a broken string as the translation."""
    for number, line in enumerate(text.splitlines(), start=1):
        if _PO_LINE.fullmatch(line):
            continue
        if line.count('"') % 2 and not line.rstrip().endswith('"'):
            return number, "end of line within a string: a closing quote is missing"
        return number, f"not a PO line: {line.strip()[:40]!r}"
    return None


def read(path: Path) -> Exchange:
    try:
        data = path.read_bytes()
        text = data.decode(text_encoding(data)).lstrip("\ufeff")  # a Windows tool's UTF-16, a BOM
        problem = syntax_problem(text)
        if problem is not None:
            raise ContentError(f"cannot read the PO file: {problem[1]}", Location(str(path), problem[0]),
                               "write each string in double quotes on its line, its quotes escaped as \\\" "
                               "(msgfmt -c checks a file)")
        catalogue = polib.pofile(text)
    except (OSError, ValueError) as error:  # UnicodeDecodeError is a ValueError
        raise ContentError(f"cannot read the PO file: {error}", Location(str(path))) from None
    language = catalogue.metadata.get("Language", "")  # none: the import needs --lang (xliff2po writes none)
    units = []
    for entry in catalogue:
        if entry.obsolete:
            continue
        state = NEW if not entry.msgstr.strip() else DRAFT if "fuzzy" in entry.flags else TRANSLATED
        origin = ":".join(filter(None, entry.occurrences[0])) if entry.occurrences else ""
        units.append(ExchangeUnit(entry.msgctxt or "", entry.msgid, entry.msgstr, state,
                                  where=f"{path}:{entry.linenum}", origin=origin))
    return Exchange(catalogue.metadata.get("X-Source-Language", ""), language, tuple(units),
                    catalogue.metadata.get("X-Brochure", ""))
