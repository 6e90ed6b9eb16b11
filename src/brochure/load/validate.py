"""Load stage: checks between content and layout, made before anything is laid out."""

from __future__ import annotations

import difflib
import string
from pathlib import Path

from brochure.errors import BrochureError, ContentError, DesignError, ErrorList, Location
from brochure.load.paths import inside_project
from brochure.load.yaml_source import did_you_mean
from brochure.model.content import Brochure, Paragraph, Text
from brochure.model.design import Design
from brochure.render.images import open_image

# The styles each kind of content needs from the layout.
STYLES_FOR = {
    "always": ("body", "footer", "folio"),
    "title": ("section-title",),
    "heading": ("heading",),
    "lead": ("run-in",),
    "list": ("list-item",),
    "quote": ("quote",),
    "note": ("note",),
    "figures": ("figures-title", "figure-value", "figure-label"),
    "cities": ("city-name", "city-facts", "city-text"),
    "cover": ("cover-title", "cover-subtitle", "cover-publisher"),
    "back_cover": ("back-department", "back-contact"),
}

SEQUENCE_FILE = "layout/pages.yaml"

# The data each label of the city cards is filled with.
CITY_LABEL_FIELDS = {"city_facts": ("population", "country"), "partner_since": ("year",)}


def placeholders(template: str) -> list[str]:
    """The names between braces in a label ("{population} inhabitants" -> ["population"]);
    ValueError when the braces do not pair."""
    return [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]


def check_placeholders(label: str, text: Text, known: tuple[str, ...]) -> list[BrochureError]:
    """Each language of a label names only data the layout fills it with."""
    errors: list[BrochureError] = []
    listed = ", ".join("{" + name + "}" for name in known)
    for code, template in text.values:
        try:
            names = placeholders(template)
        except ValueError as error:
            errors.append(ContentError(f"label '{label}' [{code}]: {error}", text.location,
                                       f"write a brace pair around a name ({listed}); "
                                       "double a brace to print it: {{ }}"))
            continue
        for name in names:
            if name not in known:
                close = difflib.get_close_matches(name, known, n=1)
                guess = f"did you mean '{{{close[0]}}}'? " if close else ""
                errors.append(ContentError(f"label '{label}' [{code}]: unknown placeholder '{{{name}}}'",
                                           text.location, f"{guess}known placeholders: {listed}"))
    return errors


def needed_styles(brochure: Brochure, design: Design) -> set[str]:
    kinds = {"always"} | {item.kind for item in design.sequence}
    for section in brochure.sections:
        if section.title is not None:
            kinds.add("title")
        for block in section.blocks:
            kind = type(block).__name__.lower()
            kinds.add({"keyfigures": "figures", "listblock": "list"}.get(kind, kind))
            if isinstance(block, Paragraph) and block.lead is not None:
                kinds.add("lead")
    names = {name for kind in kinds for name in STYLES_FOR.get(kind, ())}
    names |= {block.style for section in brochure.sections for block in section.blocks
              if isinstance(block, Paragraph) and block.style}
    return names


def check_files(brochure: Brochure, design: Design, root: Path) -> list[BrochureError]:
    """Every file the content and layout name: inside the folder, present, readable."""
    errors: list[BrochureError] = []

    def keep(check) -> None:
        try:
            check()
        except BrochureError as error:
            errors.append(error)

    for city in brochure.cities:
        if city.image:
            def check_image(city=city):
                path = inside_project(root, city.image, city.location, f"partner city '{city.id}': image",
                                      ContentError)
                image = open_image(path, city.image, city.location)
                image.close()
            keep(check_image)
    for family in design.fonts:
        for face, relative in family.faces():
            keep(lambda relative=relative, face=face, family=family: inside_project(
                root, relative, Location("layout/styles.yaml", key=f"fonts.{family.name}.{face}"),
                f"font '{family.name}' {face}", DesignError))
    intent = design.printing.output_intent
    if intent is not None:
        keep(lambda: inside_project(root, intent.profile,
                                    Location("layout/document.yaml", key="print.output_intent.profile"),
                                    "ICC profile", DesignError))
    return errors


def check_brochure(brochure: Brochure, design: Design, root: Path | None = None) -> None:
    """Raise every inconsistency between content and layout, and every bad file, at once."""
    errors: list[BrochureError] = check_files(brochure, design, root) if root is not None else []
    languages = [language.code for language in brochure.languages]
    section_ids = [section.id for section in brochure.sections]
    for edition in design.editions:
        for code in edition.languages:
            if code not in languages:
                errors.append(DesignError(f"edition '{edition.name}': the content has no language '{code}'",
                                          edition.location,
                                          did_you_mean(code, languages)))
        for section_id in edition.sections or ():
            if section_id not in section_ids:
                errors.append(DesignError(f"edition '{edition.name}' names section '{section_id}', "
                                          "which content/sections/ lacks", edition.location,
                                          did_you_mean(section_id, section_ids)))
    placed = [item.section for item in design.sequence if item.kind == "section"]
    for section_id in placed:
        if section_id not in section_ids:
            errors.append(DesignError(f"sequence names section '{section_id}', which content/sections/ lacks",
                                      Location(SEQUENCE_FILE, key="sequence"), did_you_mean(section_id, section_ids)))
    for section in brochure.sections:
        if section.id not in placed:
            errors.append(DesignError(f"section '{section.id}' is not placed in the page sequence",
                                      section.location, f"add '- section: {section.id}' to {SEQUENCE_FILE}"))
    kinds = [item.kind for item in design.sequence]
    if brochure.cities and "cities" not in kinds:
        errors.append(DesignError("the content has partner cities but the sequence has no 'cities' item",
                                  Location(SEQUENCE_FILE, key="sequence"), "add '- cities: {template: ...}'"))
    if brochure.cities:
        for label, fields in CITY_LABEL_FIELDS.items():
            try:
                text = brochure.label(label)
            except KeyError:
                errors.append(DesignError(f"content/brochure.yaml has no label '{label}' for the city cards",
                                          Location("content/brochure.yaml", key="labels"),
                                          "add it, e.g. city_facts: {en: '{population} inhabitants, {country}'}"))
                continue
            errors.extend(check_placeholders(label, text, fields))
    style_names = [style.name for style in design.styles]
    for name in sorted(needed_styles(brochure, design)):
        if name not in style_names:
            errors.append(DesignError(f"no style named '{name}', which the content needs",
                                      Location("layout/styles.yaml", key="styles"), did_you_mean(name, style_names)))
    if errors:
        raise ErrorList(errors)
