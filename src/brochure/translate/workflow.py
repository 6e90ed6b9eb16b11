"""Translate: status, export and import of one brochure's content (the CLI's verbs)."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from brochure.errors import BrochureError, ContentError, ErrorList, Location
from brochure.limits import check_exchange_file, check_targets
from brochure.load.cards import load_cards
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.model.content import Brochure
from brochure.model.design import Design
from brochure.translate.codes import code_problem, language_key, match_language, normalise_space, without_codes
from brochure.translate.exchange import (
    FINAL,
    FINISHED,
    Exchange,
    ExchangeUnit,
    exchange_units,
    read_exchange,
    write_exchange,
)
from brochure.translate.inventory import Unit, fingerprint, inventory
from brochure.translate.limits import fixed_box_limits
from brochure.translate.matching import Matcher, check_brochure, check_languages, file_source_language, normal
from brochure.translate.store import (
    drafts,
    dump_fingerprints,
    dump_work,
    read_fingerprints,
    read_work,
    store_path,
    work_path,
)
from brochure.translate.tmx import write_memory
from brochure.translate.writeback import Change, apply_changes, content_lock, write_files


@dataclass(frozen=True)
class LanguageStatus:
    language: str
    units: int
    translated: int
    missing: tuple[Unit, ...]
    stale: tuple[Unit, ...]
    words_left: int  # words of the source still to translate (missing and stale units)
    needs_review: tuple[Unit, ...] = ()  # a draft came back for them (fuzzy, needs review, a copied source)

    def as_dict(self) -> dict[str, object]:
        return {"language": self.language, "units": self.units, "translated": self.translated,
                "missing": len(self.missing), "stale": len(self.stale), "needs_review": len(self.needs_review),
                "words_left": self.words_left,
                "stale_units": [{"id": unit.id, "where": str(unit.location)} for unit in self.stale],
                "missing_units": [{"id": unit.id, "where": str(unit.location)} for unit in self.missing],
                "needs_review_units": [{"id": unit.id, "where": str(unit.location)} for unit in self.needs_review]}


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
    work = read_work(content)
    source = brochure.languages[0].code
    result = []
    for language in brochure.languages[1:]:
        recorded = fingerprints.get(language.code, {})
        waiting = drafts(work, language.code)
        missing = tuple(unit for unit in units if not unit.has(language.code))
        stale = tuple(unit for unit in units if unit.has(language.code) and unit.id in recorded
                      and recorded[unit.id] != fingerprint(unit.source(source)))
        review = tuple(unit for unit in units if unit.id in waiting)  # a revision of a translation too
        words = sum(len(unit.source(source).split()) for unit in missing + stale)
        result.append(LanguageStatus(language.code, len(units), len(units) - len(missing) - len(stale),
                                     missing, stale, words, review))
    return result


def assign_ids(root: Path, content: Path, layout: Path | None = None) -> tuple[int, Brochure]:
    """Write the id of every unit whose id depends on its position (once): they then survive
    reordering and edits of the source. Returns how many were written, and the content as it
    now is (read again only when ids were written)."""
    with content_lock(content):
        brochure = load_incomplete(root, content, layout)
        master = brochure.languages[0].code
        changes = [Change(unit.location, "id", unit.id, unit.id, unit.source(master)) for unit in inventory(brochure)
                   if not unit.stable and unit.location is not None]
        if not changes:
            return 0, brochure
        read: dict[Path, str] = {}
        write_files(apply_changes(root, changes, tuple(language.code for language in brochure.languages), read),
                    read)
    return len(changes), load_incomplete(root, content, layout)


LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")  # BCP 47, as XLIFF and PO want
Room = Callable[[Brochure], dict[str, int]]  # unit id -> lines its source takes in the layout


def export_translation(root: Path, content: Path, target: str | None, source: str | None, kind: str,
                       room: Room | None = None, layout: Path | None = None) -> tuple[bytes, int]:
    """The exchange file for `target` (for TMX: every language) and the number of unit ids
    written into the content; `room` measures each unit's room in the layout (the pipeline's,
    passed in). Only the content is read: no font or image is needed."""
    if kind == "tmx":
        written, brochure = assign_ids(root, content, layout)
        return write_memory(brochure, inventory(brochure), read_fingerprints(content)), written
    if target is None:
        raise ContentError("the export needs the language to translate into", hint="add --lang de (for example)")
    given = target
    target = language_key(target)
    if not LANGUAGE_CODE.fullmatch(target):
        raise ContentError(f"'{given}' is not a language code", hint="use a code such as de, de-DE, it or pt-BR")
    written, brochure = assign_ids(root, content, layout)
    codes = [language.code for language in brochure.languages]
    target = match_language(target, codes) or target
    source = match_language(source, codes) or source if source else codes[0]
    if source not in codes:
        raise ContentError(f"the source language '{source}' is not a language of the content",
                           Location("content/brochure.yaml", key="languages"), "use one of " + ", ".join(codes))
    if target == source or target == codes[0]:
        raise ContentError(f"'{target}' is the source language", hint="choose the language to translate into")
    units = inventory(brochure)
    fingerprints = read_fingerprints(content).get(target, {})
    work = read_work(content)
    sources = {unit_id: entry["source"] for unit_id, entry in work.get(target, {}).items() if entry.get("source")}
    exchange = exchange_units(brochure, units, source, codes[0], target, fingerprints,
                              room(brochure) if room is not None else None,
                              fixed_box_limits(brochure, units, source, target, _design(root, layout)), sources,
                              drafts(work, target) if source == codes[0] else None)
    return write_exchange(exchange, kind), written


def _design(root: Path, layout: Path | None) -> Design | None:
    """The layout, for the boxes' sizes (the limits); None when there is none that loads
    (an export needs only the content: the limits are then the source's length with slack)."""
    layout = layout or root / "layout"
    if not (layout / "document.yaml").is_file():
        return None
    try:
        return load_design(layout, root)
    except BrochureError:  # ErrorList is one too
        return None


@dataclass
class ImportReport:
    language: str
    imported: list[str] = field(default_factory=list)      # unit ids written
    unchanged: int = 0
    untranslated: int = 0                                  # no target in the file
    refused: list[tuple[Unit, str]] = field(default_factory=list)  # unit, why
    not_found: list[str] = field(default_factory=list)     # ids in the file, not in the content
    drafts: list[tuple[Unit, str]] = field(default_factory=list)   # kept for review: unit, why
    confirmed: list[str] = field(default_factory=list)     # stale units the translator confirmed as they are
    replaced: int = 0                                      # finished translations the import changed
    warnings: list[str] = field(default_factory=list)      # file:line: what was not imported, and why


def import_translation(root: Path, content: Path, path: Path, partial: bool = False,
                       layout: Path | None = None, language: str | None = None) -> ImportReport:
    """Merge a filled-in exchange file into the content: all of it or, on any refusal, nothing
    (unless `partial`: then the units that can be imported are). Only finished targets become
    translations; the others are kept as drafts for review (`status`, `build --draft`).
    `language`: the language the file must be in (--lang), refused else. One import at a time:
    a second waits for the content (and the records beside it) the first wrote."""
    check_exchange_file(path)  # size limits first: a file or a text too large to be worth the work
    exchange = read_exchange(path)
    check_targets(exchange.units, path)
    with content_lock(content):
        return _import_locked(root, content, path, exchange, partial, layout, language)


def _import_locked(root: Path, content: Path, path: Path, exchange: Exchange, partial: bool,
                   layout: Path | None, language: str | None) -> ImportReport:
    brochure = load_incomplete(root, content, layout)
    codes = tuple(language.code for language in brochure.languages)
    units = inventory(brochure)
    target = check_languages(exchange, codes, path, language)
    if target == codes[0]:  # its targets would replace the text every translation is made from
        raise ContentError(f"the file translates into '{exchange.target_language}', the brochure's source language: "
                           "nothing imported", Location(str(path)),
                           "an import writes a translation, never the source; import the file exported with "
                           "`brochure translate export --lang <language>`, filled in")
    if exchange.source_language and match_language(exchange.source_language, codes) is None:
        raise ContentError(f"the file translates from '{exchange.source_language}', which is not a language of the "
                           "content: nothing imported", Location(str(path)),
                           f"import a file exported from this brochure (its languages: {', '.join(codes)})")
    source_language = file_source_language(exchange, units, codes)
    if source_language == target:
        raise ContentError(f"the file translates from '{target}' into '{target}'", Location(str(path)),
                           "import the file exported for the translator, filled in")
    matcher = Matcher(units, source_language)
    found = [(item, matcher.find(item)) for item in exchange.units]
    check_brochure(exchange, brochure, found, path)
    fingerprints = read_fingerprints(content)
    recorded = fingerprints.setdefault(target, {})
    work = read_work(content)
    kept = work.setdefault(target, {})
    report = ImportReport(target, warnings=list(exchange.warnings))
    changes: list[Change] = []
    seen: dict[str, ExchangeUnit] = {}
    for item, unit in found:
        if unit is None:
            if item.id:
                report.not_found.append(item.id)
            else:
                report.warnings.append(f"{item.where}: an entry without a unit id (msgctxt) whose source is not "
                                       f"found once in the content: not imported ({normal(item.source)[:40]!r})")
            continue
        if unit.id in seen:
            report.warnings.append(f"{item.where}: unit {unit.id} is in the file twice (first at "
                                   f"{seen[unit.id].where}): the first is imported")
            continue
        seen[unit.id] = item
        current = unit.source(source_language)
        # a tool's wrapping and stray spaces go; line breaks the source itself has are kept
        translation = normalise_space(item.target) if "\n" not in current else \
            "\n".join(normalise_space(line) for line in item.target.strip().splitlines())
        if not translation:
            report.untranslated += 1
            continue
        master = unit.source(codes[0])  # fingerprints are of the first language's text, whatever was sent
        if fingerprint(item.source) not in (fingerprint(current), fingerprint(without_codes(current))) \
                or source_language in unit.text.missing:  # (a converter may have dropped the codes)
            report.refused.append((unit, "the source changed since the export"))
            continue
        existing = unit.text.get(target) if unit.has(target) else ""
        if existing != without_codes(existing) and normal(translation) == normal(without_codes(existing)):
            report.unchanged += 1  # as in the content, but for the codes a converter dropped
            continue
        problem = item.code_problem or code_problem(current, translation)
        if problem:
            report.refused.append((unit, problem))
            continue
        has = unit.has(target)
        same = has and normal(unit.text.get(target)) == normal(translation)
        stale = has and unit.id in recorded and recorded[unit.id] != fingerprint(master)
        why = _draft_reason(item, translation, current)
        if why is not None:
            if same:
                report.unchanged += 1  # sent back as it was, not confirmed: a stale one stays stale
                continue
            kept.setdefault(unit.id, {})["draft"] = translation
            report.drafts.append((unit, why))
            continue
        kept.get(unit.id, {}).pop("draft", None)
        kept.setdefault(unit.id, {})["source"] = master
        if same:
            if stale:
                report.confirmed.append(unit.id)  # the translator confirmed it for the new source
            else:
                report.unchanged += 1
            recorded[unit.id] = fingerprint(master) if stale else recorded.get(unit.id, fingerprint(master))
            continue
        if has and not stale and not unit.text.shared:
            report.replaced += 1
        recorded[unit.id] = fingerprint(master)
        assert unit.location is not None
        changes.append(Change(unit.location, target, translation, unit.id, master))
        if not unit.stable:
            changes.append(Change(unit.location, "id", unit.id, unit.id, master))
        report.imported.append(unit.id)
    if report.refused and not partial:
        return report
    if not (report.imported or report.drafts or report.confirmed or report.refused) and report.untranslated:
        raise ContentError(f"nothing to import: {report.untranslated} units of the file have no translation and "
                           f"the {report.unchanged} others are as in the content", Location(str(path)),
                           "import the file the translator filled in (saved from the translation tool)")
    if not (report.imported or report.unchanged or report.drafts or report.confirmed or report.refused):
        raise ContentError(f"nothing to import: none of the file's {len(exchange.units)} units has a "
                           f"translation that matches a unit of the content", Location(str(path)),
                           "import the file exported by `brochure translate export --lang "
                           f"{target}`, filled in")
    read: dict[Path, str] = {}  # re-read now, each unit found again by its id and text
    files = apply_changes(root, changes, codes, read) if changes else {}
    files[store_path(content)] = dump_fingerprints(fingerprints)
    if any(work.values()) or work_path(content).exists():
        files[work_path(content)] = dump_work(work)
    _check_loads(root, content, files)
    write_files(files, read)
    return report


def _draft_reason(item: ExchangeUnit, translation: str, source: str) -> str | None:
    """Why a target is only a draft (None: it is a translation): not in a finished state, or
    the source copied into the target and not marked final."""
    if item.state not in FINISHED:
        return "not marked finished in the file (fuzzy, needs review, initial): kept as a draft to review"
    if item.state != FINAL and normal(translation) == normal(source):
        return ("the target is the source copied: kept as a draft (mark it final or signed off if the "
                "text is the same in both languages)")
    return None


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
