"""Load stage: checks between content and layout, made before anything is laid out."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from pathlib import Path

from brochure.errors import BrochureError, ContentError, DesignError, ErrorList, Location
from brochure.load.images import open_image
from brochure.load.paths import inside_project
from brochure.load.yaml_source import did_you_mean
from brochure.model.content import Brochure, MapBlock, Paragraph, PartnerCity
from brochure.model.design import Design

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
    names |= {"map-caption" for block in map_blocks(brochure) if block.caption is not None}
    if brochure.contact is not None and brochure.contact.qr is not None:
        names.add("qr-text")
    return names


def _check_image(root: Path, city: PartnerCity, relative: str) -> None:
    path = inside_project(root, relative, city.location, f"partner city '{city.id}': image", ContentError)
    open_image(path, relative, city.location).close()


def map_blocks(brochure: Brochure) -> list[MapBlock]:
    return [block for section in brochure.sections for block in section.blocks if isinstance(block, MapBlock)]


def check_maps(brochure: Brochure, design: Design) -> list[BrochureError]:
    """Map blocks and cover graphics need a map style, the home city and every city's coordinates."""
    errors: list[BrochureError] = []
    map_names = [style.name for style in design.maps]
    blocks = map_blocks(brochure)
    for block in blocks:
        if block.style not in map_names:
            errors.append(ContentError(f"map: no map style named '{block.style}' in the layout", block.location,
                                       did_you_mean(block.style, map_names) if map_names else
                                       "add it under maps: in layout/styles.yaml"))
    graphics = [template for template in design.templates if template.graphic is not None]
    if (blocks or graphics) and brochure.home is not None:
        for city in brochure.cities:
            if city.coordinates is None:
                errors.append(ContentError(f"partner city '{city.id}' has no coordinates, which the map needs",
                                           city.location, "add coordinates: {lat: ..., lon: ...}"))
    if (blocks or graphics) and brochure.home is None:
        where = blocks[0].location if blocks else Location(SEQUENCE_FILE, key=f"templates.{graphics[0].name}")
        errors.append(ContentError("a map needs the home city: content/cities.yaml has no 'home:'", where,
                                   "add home: {name: {...}, coordinates: {lat: ..., lon: ...}} to cities.yaml"))
    return errors


def check_files(brochure: Brochure, design: Design, root: Path) -> list[BrochureError]:
    """Every file the content and layout name: inside the folder, present, readable."""
    errors: list[BrochureError] = []

    def keep(check: Callable[[], object]) -> None:
        try:
            check()
        except BrochureError as error:
            errors.append(error)

    for city in brochure.cities:
        if city.image:
            keep(partial(_check_image, root, city, city.image))
    for family in design.fonts:
        for face, relative in family.faces():
            keep(partial(inside_project, root, relative,
                         Location("layout/styles.yaml", key=f"fonts.{family.name}.{face}"),
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
    for code in design.columns:
        if code not in languages:
            errors.append(DesignError(f"edition column language '{code}' is not in the content",
                                      Location("layout/document.yaml", key="edition.columns"),
                                      did_you_mean(code, languages)))
    section_ids = [section.id for section in brochure.sections]
    placed = [item.section for item in design.sequence if item.kind == "section"]
    for section_id in placed:
        if section_id is not None and section_id not in section_ids:
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
        for label in ("city_facts", "partner_since"):
            try:
                brochure.label(label)
            except KeyError:
                errors.append(DesignError(f"content/brochure.yaml has no label '{label}' for the city cards",
                                          Location("content/brochure.yaml", key="labels"),
                                          "add it, e.g. city_facts: {en: '{population} inhabitants, {country}'}"))
    errors.extend(check_maps(brochure, design))
    style_names = [style.name for style in design.styles]
    for name in sorted(needed_styles(brochure, design)):
        if name not in style_names:
            errors.append(DesignError(f"no style named '{name}', which the content needs",
                                      Location("layout/styles.yaml", key="styles"), did_you_mean(name, style_names)))
    if errors:
        raise ErrorList(errors)
