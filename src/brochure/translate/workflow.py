"""Translate: status, export and import of one brochure's content (the CLI's verbs)."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from brochure.errors import ContentError, ErrorList, Location
from brochure.load.cards import load_cards
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.model.content import Brochure
from brochure.translate.exchange import Exchange, exchange_units, placeholders_of, read_exchange, write_exchange
from brochure.translate.inventory import Unit, fingerprint, inventory
from brochure.translate.store import dump_fingerprints, read_fingerprints, store_path
from brochure.translate.writeback import Change, apply_changes, write_files


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    units: int
    translated: int
    missing: tuple[Unit, ...]
    stale: tuple[Unit, ...]
    words_left: int  # words of the source still to translate (missing and stale units)

    def as_dict(self) -> dict[str, object]:
        return {"language": self.language, "units": self.units, "translated": self.translated,
                "missing": len(self.missing), "stale": len(self.stale), "words_left": self.words_left,
                "stale_units": [{"id": unit.id, "where": str(unit.location)} for unit in self.stale],
                "missing_units": [{"id": unit.id, "where": str(unit.location)} for unit in self.missing]}


def load_incomplete(root: Path, content: Path, layout: Path | None = None) -> Brochure:
    """The content with translations allowed to be missing (a unit then lists them), card
    lists included: they are typed by the layout's card kinds (`layout`, default
    <root>/layout), and only their source language is required here."""
    brochure = load_content(content, root, complete=False)
    layout = layout or root / "layout"
    if not (content / "cards").is_dir() or not (layout / "document.yaml").is_file():
        return brochure
    design = load_design(layout, root)
    codes = tuple(language.code for language in brochure.languages)
    cards = load_cards(content, root, design, codes, required=lambda _name: codes[:1])
    return replace(brochure, card_lists=cards)


def translation_status(root: Path, content: Path, layout: Path | None = None) -> list[LanguageStatus]:
    brochure = load_incomplete(root, content, layout)
    units = inventory(brochure)
    fingerprints = read_fingerprints(content)
    source = brochure.languages[0].code
    result = []
    for language in brochure.languages[1:]:
        recorded = fingerprints.get(language.code, {})
        missing = tuple(unit for unit in units if not unit.has(language.code))
        stale = tuple(unit for unit in units if unit.has(language.code) and unit.id in recorded
                      and recorded[unit.id] != fingerprint(unit.source(source)))
        words = sum(len(unit.source(source).split()) for unit in missing + stale)
        result.append(LanguageStatus(language.code, len(units), len(units) - len(missing) - len(stale),
                                     missing, stale, words))
    return result


def assign_ids(root: Path, content: Path, layout: Path | None = None) -> tuple[int, Brochure]:
    """Write the id of every unit whose id depends on its position (once): they then survive
    reordering and edits of the source. Returns how many were written, and the content as it
    now is (read again only when ids were written)."""
    brochure = load_incomplete(root, content, layout)
    changes = [Change(unit.location, "id", unit.id) for unit in inventory(brochure)
               if not unit.stable and unit.location is not None]
    if not changes:
        return 0, brochure
    write_files(apply_changes(root, changes, tuple(language.code for language in brochure.languages)))
    return len(changes), load_incomplete(root, content, layout)


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # BCP 47, as XLIFF and PO want
Room = Callable[[Brochure], dict[str, int]]  # unit id -> lines its source takes in the layout


def export_translation(root: Path, content: Path, target: str, source: str | None, kind: str,
                       room: Room | None = None, layout: Path | None = None) -> tuple[bytes, int]:
    """The exchange file for `target` and the number of unit ids written into the content;
    `room` measures each unit's room in the layout (the pipeline's, passed in)."""
    if not LANGUAGE_CODE.fullmatch(target):
        raise ContentError(f"'{target}' is not a language code", hint="use a code such as de, it or pt-BR")
    written, brochure = assign_ids(root, content, layout)
    codes = [language.code for language in brochure.languages]
    source = source or codes[0]
    if source not in codes:
        raise ContentError(f"the source language '{source}' is not a language of the content",
                           Location("content/brochure.yaml", key="languages"), "use one of " + ", ".join(codes))
    if target == source or target == codes[0]:
        raise ContentError(f"'{target}' is the source language", hint="choose the language to translate into")
    fingerprints = read_fingerprints(content).get(target, {})
    exchange = exchange_units(brochure, inventory(brochure), source, codes[0], target, fingerprints,
                              room(brochure) if room is not None else None)
    return write_exchange(exchange, kind), written


@dataclass
class ImportReport:
    language: str
    imported: list[str] = field(default_factory=list)      # unit ids written
    unchanged: int = 0
    untranslated: int = 0                                  # no target in the file
    refused: list[tuple[Unit, str]] = field(default_factory=list)  # unit, why
    not_found: list[str] = field(default_factory=list)     # ids in the file, not in the content


def import_translation(root: Path, content: Path, path: Path, partial: bool = False,
                       layout: Path | None = None) -> ImportReport:
    """Merge a filled-in exchange file into the content: all of it or, on any refusal, nothing
    (unless `partial`: then the units that can be imported are)."""
    exchange = read_exchange(path)
    brochure = load_incomplete(root, content, layout)
    codes = tuple(language.code for language in brochure.languages)
    _check_languages(exchange, codes, path)
    target = exchange.target_language
    units = {unit.id: unit for unit in inventory(brochure)}
    fingerprints = read_fingerprints(content)
    recorded = fingerprints.setdefault(target, {})
    report = ImportReport(target)
    changes: list[Change] = []
    for item in exchange.units:
        unit = units.get(item.id)
        if unit is None:
            report.not_found.append(item.id)
            continue
        translation = item.target.strip()
        if not translation:
            report.untranslated += 1
            continue
        current = unit.source(exchange.source_language)
        master = unit.source(codes[0])  # fingerprints are of the first language's text, whatever was sent
        if fingerprint(item.source) != fingerprint(current) or exchange.source_language in unit.text.missing:
            report.refused.append((unit, "the source changed since the export"))
            continue
        if set(placeholders_of(current)) != set(placeholders_of(translation)):
            report.refused.append((unit, "the translation must keep " + ", ".join(placeholders_of(current))))
            continue
        if unit.has(target) and unit.text.get(target) == translation:
            # sent back as it was: a stale translation stays stale until someone changes it
            recorded.setdefault(unit.id, fingerprint(master))
            report.unchanged += 1
            continue
        recorded[unit.id] = fingerprint(master)
        assert unit.location is not None
        changes.append(Change(unit.location, target, translation))
        if not unit.stable:
            changes.append(Change(unit.location, "id", unit.id))
        report.imported.append(unit.id)
    if report.refused and not partial:
        return report
    files = apply_changes(root, changes, codes) if changes else {}
    files[store_path(content)] = dump_fingerprints(fingerprints)
    _check_loads(root, content, files)
    write_files(files)
    return report


def _check_languages(exchange: Exchange, codes: tuple[str, ...], path: Path) -> None:
    where = Location(str(path))
    if exchange.source_language not in codes:
        raise ContentError(f"the file translates from '{exchange.source_language}', which the content does not "
                           "have", where, "export again with `brochure translate export`")
    if exchange.target_language not in codes:
        raise ContentError(f"the language '{exchange.target_language}' is not declared in content/brochure.yaml",
                           where, f"add '{exchange.target_language}: {{locale: …, name: …}}' under 'languages:' "
                                  "and import again")


def _check_loads(root: Path, content: Path, files: dict[Path, str]) -> None:
    """The content as it would be after the import still loads: else nothing is written."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / content.relative_to(root)
        shutil.copytree(content, copy)
        for path, text in files.items():
            (copy / path.relative_to(content)).write_text(text, encoding="utf-8")
        try:
            load_content(copy, Path(folder), complete=False)
        except (ErrorList, ContentError) as error:
            raise ContentError(f"the import would make the content unreadable ({error}); nothing was written",
                               Location(str(content.relative_to(root)))) from None
