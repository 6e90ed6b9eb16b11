"""Plan the editions of a build: which are built, in which formats, as a proof or not."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from brochure.errors import DesignError
from brochure.finish.formats import FORMATS
from brochure.load.yaml_source import did_you_mean
from brochure.model.content import Brochure
from brochure.model.design import Design, Edition
from brochure.translate.draft import mark_missing, missing_units


def choose_editions(brochure: Brochure, design: Design, names: tuple[str, ...] | None,
                    languages: tuple[str, ...] | None) -> list[Edition]:
    """The editions to build: those named, an ad hoc one for `languages`, or every one declared."""
    where = design.editions[0].location if design.editions else None
    chosen: list[Edition] = []
    for name in names or ():
        try:
            chosen.append(design.edition_named(name))
        except KeyError:
            declared = [edition.name for edition in design.editions]
            if name in FORMATS and name not in declared:
                raise DesignError(f"--edition {name}: output formats are now chosen with --format",
                                  hint=f"write --format {','.join(names or ())}") from None
            raise DesignError(f"no edition named '{name}' in layout/editions.yaml", where,
                              did_you_mean(name, declared)) from None
    if languages:
        codes = [language.code for language in brochure.languages]
        for code in languages:
            if code not in codes:
                raise DesignError(f"--languages: the content has no language '{code}'",
                                  hint=did_you_mean(code, codes))
        same = next((edition for edition in design.editions if edition.languages == languages), None)
        base = design.editions[0]
        chosen.append(same or Edition(name="-".join(languages), file=f"{design.name}-{'-'.join(languages)}",
                                          languages=languages, binding=base.binding, location=base.location))
    return list(dict.fromkeys(chosen)) or list(design.editions)


def check_formats(editions: list[Edition], formats: tuple[str, ...]) -> None:
    """Formats an edition cannot have are a user error before anything is rendered."""
    if "imposed" in formats:
        for edition in editions:
            if edition.binding != "saddle-stitch":
                raise DesignError(f"edition '{edition.name}' is bound {edition.binding}: printer spreads are "
                                  "made for saddle-stitched booklets only", edition.location,
                                  "set 'binding: saddle-stitch' for it, or leave 'imposed' out of --format")


def translation_drafts(content: Path) -> dict[str, dict[str, str]]:
    """language -> unit id -> a translator's draft waiting for review (see translate.store)."""
    from brochure.translate.store import drafts, read_work

    work = read_work(content)
    return {language: drafts(work, language) for language in work}


def proof_edition(brochure: Brochure, editions: list[Edition], draft: bool, pseudo: bool,
                  waiting: dict[str, dict[str, str]] | None = None) \
        -> tuple[Brochure, list[Edition], list[tuple[str, str]]]:
    """A draft (missing translations marked) or pseudo-localised edition, written under its own
    name (<file>-draft.pdf, <file>-pseudo.pdf) so that it is never taken for the final file;
    with the notes the build summary lists."""
    if not (draft or pseudo):
        return brochure, editions, []
    if len(editions) != 1:
        raise DesignError("a draft or pseudo-localised build sets one edition at a time",
                          editions[0].location if editions else None, "choose it with --edition NAME")
    [edition] = editions
    languages = edition.languages
    notes: list[tuple[str, str]] = []
    if pseudo:
        from brochure.translate.pseudo import pseudolocalise

        if len(languages) < 2:
            raise DesignError(f"edition '{edition.name}': a pseudo-localised build needs two languages",
                              edition.location, "choose an edition of two languages with --edition NAME")
        brochure = pseudolocalise(brochure, languages[0], languages[1])
        notes.append((str(edition.location or "layout/editions.yaml"),
                      (f"pseudo-localised: the '{languages[1]}' column is the '{languages[0]}' text with "
                      "accents, +35 % length and brackets")))
    if draft:
        for unit, code in missing_units(brochure, languages):
            if unit.id in (waiting or {}).get(code, {}):
                notes.append((str(unit.location), (f"draft: '{code}' needs review, the translator's draft is "
                              f"shown in magenta after [{code.upper()}?] (unit {unit.id})")))
                continue
            notes.append((str(unit.location), (f"draft: '{code}' missing, the source is shown in magenta "
                          f"after [{code.upper()}?] (unit {unit.id})")))
        brochure = mark_missing(brochure, languages, waiting)
    suffix = "-pseudo" if pseudo else "-draft"
    return brochure, [replace(edition, file=edition.file + suffix)], notes

