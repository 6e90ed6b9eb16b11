"""Where a brochure's files are, and its content and layout loaded and checked against each other."""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path

from brochure.colour import ColourTransforms
from brochure.errors import ErrorList
from brochure.layout.contrast import check_graphic_contrast
from brochure.load.cards import load_cards
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.load.typography import load_typography
from brochure.load.validate import check_brochure
from brochure.load.yaml_source import ProblemCollector
from brochure.model.content import Brochure
from brochure.model.design import Design, Edition
from brochure.pipeline.session import BuildSession
from brochure.translate.draft import card_lists_set, edition_part, missing_errors
from brochure.upgrade import check_format


@dataclass(frozen=True)
class Project:
    """Where a brochure's files are: the folder, and content/layout/output inside it."""

    root: Path
    content: Path
    layout: Path
    output: Path

    @classmethod
    def at(cls, root: Path, content: Path | None = None, layout: Path | None = None,
           output: Path | None = None) -> Project:
        root = root.resolve()
        return cls(root, (content or root / "content").resolve(), (layout or root / "layout").resolve(),
                   (output or root / "output").resolve())


def load_project(project: Project, draft: bool = False, session: BuildSession | None = None) \
        -> tuple[Brochure, Design]:
    """Content and layout, checked against each other; every problem of both at once.
    A translation missing in a declared edition's languages is an error, unless `draft`
    (`build` passes it and checks the editions it builds itself). `session`: whose parsed files to reuse."""
    trees = session.trees if session is not None else None
    if project.layout == project.root / "layout":  # an older format: say to upgrade, not what fails in it
        check_format(project.root)
    collector = ProblemCollector()
    attempt = collector.collect
    brochure = attempt(partial(load_content, project.content, project.root, complete=False, trees=trees))
    design = attempt(partial(load_design, project.layout, project.root, trees))
    if brochure is not None and design is not None:  # cards are typed by the layout's card kinds
        languages = tuple(language.code for language in brochure.languages)
        # a draft (and `build`, which checks the editions it builds) asks only the source language
        # of the cards here; otherwise every language of the editions that set them
        required = (lambda _name: languages[:1]) if draft else partial(card_languages, brochure, design)
        cards = attempt(partial(load_cards, project.content, project.root, design, languages, required, trees))
        brochure = replace(brochure, card_lists=cards or ())
    if collector.errors or brochure is None or design is None:
        raise ErrorList(collector.errors)
    check_brochure(brochure, design, project.root)
    if not draft:
        check_translations(brochure, design, list(design.editions), pseudo=False)
    locales = {language.code: language.locale for language in brochure.languages}
    design = replace(design, typography=load_typography(project.layout, locales, project.root, trees))
    colours = session.colours if session is not None else ColourTransforms()
    contrast = check_graphic_contrast(design, project.root, colours)  # text over cover graphics stays legible
    if contrast:
        raise ErrorList(contrast)
    return brochure, design


def edition_sections(design: Design, edition: Edition) -> tuple[tuple[str, ...], bool]:
    """The ids of the sections an edition holds, and whether it draws a map at a section's end."""
    sequence = design.for_edition(edition).sequence
    return (tuple(item.section for item in sequence if item.kind == "section" and item.section),
            any(item.fill_map for item in sequence))


def card_languages(brochure: Brochure, design: Design, name: str) -> tuple[str, ...]:
    """The languages the cards of list `name` must be written in: those of the editions that
    set it (the source language at least)."""
    codes = [brochure.languages[0].code]
    for edition in design.editions:
        lists = card_lists_set(brochure, *edition_sections(design, edition))
        if lists is None or name in lists:
            codes += edition.languages
    return tuple(dict.fromkeys(codes))


def check_translations(brochure: Brochure, design: Design, editions: list[Edition], pseudo: bool) -> None:
    """Every unit an edition sets (its sections, their cards, the brochure-wide texts) is written
    in every language of that edition (a pseudo build makes the second language from the first);
    else an error per missing unit and language, file:line each."""
    parts = []
    for edition in editions:
        held = edition_part(brochure, *edition_sections(design, edition))
        parts.append((held, edition.languages[:1] if pseudo else edition.languages))
    required = tuple(dict.fromkeys(code for _, codes in parts for code in codes))
    missing = missing_errors(brochure, required, parts)
    if missing:
        raise ErrorList(list(missing))

