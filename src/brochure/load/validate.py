"""Load stage: checks between content and layout, made before anything is laid out."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, partial
from pathlib import Path

from brochure.errors import BrochureError, ContentError, DesignError, ErrorList, Location
from brochure.load.images import open_image
from brochure.load.paths import file_stamp, inside_project
from brochure.load.placeholders import placeholder_problems
from brochure.load.yaml_source import did_you_mean
from brochure.model.content import Brochure, Cards, ImageBlock, ImageRef, MapBlock, Paragraph, Text
from brochure.model.design import PRINTABLE_TYPES, Design
from brochure.model.places import mapped_cards

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
    "imageblock": ("caption",),
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
    used = {card_list.kind for card_list in brochure.card_lists}
    names |= {line.style for kind in design.card_kinds if kind.name in used for line in kind.lines}
    names |= {block.style for section in brochure.sections for block in section.blocks
              if isinstance(block, Paragraph) and block.style}
    names |= {"map-caption" for block in map_blocks(brochure) if block.caption is not None}
    if brochure.contact is not None and brochure.contact.qr is not None:
        names.add("qr-text")
    return names


def check_placeholders(label: str, text: Text, known: list[str]) -> list[BrochureError]:
    """Each language of a label names only data the layout fills it with."""
    return [ContentError(f"label '{label}' [{code}]: {message}", text.location, hint)
            for code, template in text.values for message, hint in placeholder_problems(template, known)]


def card_blocks(brochure: Brochure) -> list[Cards]:
    return [block for section in brochure.sections for block in section.blocks if isinstance(block, Cards)]


def check_cards(brochure: Brochure, design: Design) -> list[BrochureError]:
    """Card blocks name card lists; the labels of card lines exist and name only fields."""
    errors: list[BrochureError] = []
    lists = [card_list.name for card_list in brochure.card_lists]
    for block in card_blocks(brochure):
        if block.list not in lists:
            errors.append(ContentError(f"no card list named '{block.list}'", block.location,
                                       did_you_mean(block.list, lists) if lists else
                                       f"write content/cards/{block.list}.yaml"))
    used = {card_list.kind for card_list in brochure.card_lists}
    labels = [name for name, _ in brochure.labels]
    for kind in design.card_kinds:
        if kind.name not in used:
            continue
        printable = [f.name for f in kind.fields if f.type in PRINTABLE_TYPES]
        for line in kind.lines:
            if line.label is None:
                continue
            if line.label not in labels:
                close = did_you_mean(line.label, labels) if labels else ""
                errors.append(DesignError(f"card kind '{kind.name}': content/brochure.yaml has no label "
                                          f"'{line.label}'", line.location or kind.location,
                                          close if close.startswith("did you mean") else
                                          f"add it under 'labels:', e.g. {line.label}: {{en: '...'}}"))
                continue
            errors.extend(check_placeholders(line.label, brochure.label(line.label), printable))
    return errors


def image_references(brochure: Brochure, design: Design) -> list[tuple[str, Location | None, str]]:
    """(path, where it is named, what it is) of every image the content and layout place."""
    found: list[tuple[str, Location | None, str]] = []
    for card_list in brochure.card_lists:
        for card in card_list.cards:
            for name, value in card.values:
                if isinstance(value, ImageRef):
                    found.append((value.path, card.location, f"{card_list.kind} card '{card.id}': {name}"))
                elif isinstance(value, str) and design_field_type(design, card_list.kind, name) == "image":
                    found.append((value, card.location, f"{card_list.kind} card '{card.id}': {name}"))
    for section in brochure.sections:
        for block in section.blocks:
            if isinstance(block, ImageBlock):
                found.append((block.path, block.location, f"section '{section.id}': image"))
    for template in design.templates:
        for image, key in ((template.image, "image"), (template.logo, "logo")):
            if image is not None:
                found.append((image.path, image.location or Location(SEQUENCE_FILE, key=f"templates.{template.name}"),
                              f"template '{template.name}': {key}"))
    return found


def _check_image(root: Path, relative: str, where: Location | None, what: str) -> None:
    path = inside_project(root, relative, where, what, ContentError)
    _image_readable(path, relative, where, file_stamp(path))


@lru_cache(maxsize=256)
def _image_readable(path: Path, relative: str, where: Location | None, stamp: object) -> None:
    """The image decodes; checked once per file as it is (`stamp`: its size and times), so that a
    watch's rebuilds and an image named by many cards do not decode it again. Errors are not kept."""
    open_image(path, relative, where).close()


def design_field_type(design: Design, kind: str, field: str) -> str | None:
    try:
        return design.card_kind(kind).field(field).type
    except KeyError:
        return None


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
        for place in mapped_cards(brochure, design):
            if place.coordinates is None:
                errors.append(ContentError(f"{place.kind} card '{place.card.id}' has no coordinates, which the map "
                                           "needs", place.card.location, "add coordinates: {lat: ..., lon: ...}"))
    if (blocks or graphics) and brochure.home is None:
        where = blocks[0].location if blocks else Location(SEQUENCE_FILE, key=f"templates.{graphics[0].name}")
        errors.append(ContentError("a map needs the home city: content/brochure.yaml has no 'home:'", where,
                                   "add home: {name: {...}, coordinates: {lat: ..., lon: ...}} to brochure.yaml"))
    return errors


def check_image_boxes(brochure: Brochure, design: Design) -> list[BrochureError]:
    """An image block's `style`/`box` names a box of layout/styles.yaml (`image`, the default,
    may be left out of the layout: then the image is undecorated)."""
    names = [box.name for box in design.boxes]
    return [ContentError(f"image: no box named '{block.box}' in layout/styles.yaml", block.location,
                         did_you_mean(block.box, names) if names else "add it under boxes: in layout/styles.yaml")
            for section in brochure.sections for block in section.blocks
            if isinstance(block, ImageBlock) and block.box != "image" and block.box not in names]


def check_files(brochure: Brochure, design: Design, root: Path) -> list[BrochureError]:
    """Every file the content and layout name: inside the folder, present, readable."""
    errors: list[BrochureError] = []

    def keep(check: Callable[[], object]) -> None:
        try:
            check()
        except BrochureError as error:
            errors.append(error)

    for relative, where, what in image_references(brochure, design):
        keep(partial(_check_image, root, relative, where, what))
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
    section_ids = [section.id for section in brochure.sections]
    for edition in design.editions:
        for code in edition.languages:
            if code not in languages:
                errors.append(DesignError(f"edition '{edition.name}': the content has no language '{code}'",
                                          edition.location,
                                          did_you_mean(code, languages)))
        for held in edition.sections or ():
            if held not in section_ids:
                errors.append(DesignError(f"edition '{edition.name}' names section '{held}', "
                                          "which content/sections/ lacks", edition.location,
                                          did_you_mean(held, section_ids)))
    placed = [item.section for item in design.sequence if item.kind == "section"]
    for section_id in placed:
        if section_id is not None and section_id not in section_ids:
            errors.append(DesignError(f"sequence names section '{section_id}', which content/sections/ lacks",
                                      Location(SEQUENCE_FILE, key="sequence"), did_you_mean(section_id, section_ids)))
    for section in brochure.sections:
        if section.id not in placed:
            errors.append(DesignError(f"section '{section.id}' is not placed in the page sequence",
                                      section.location, f"add '- section: {section.id}' to {SEQUENCE_FILE}"))
    errors.extend(check_cards(brochure, design))
    errors.extend(check_maps(brochure, design))
    errors.extend(check_image_boxes(brochure, design))
    style_names = [style.name for style in design.styles]
    for name in sorted(needed_styles(brochure, design)):
        if name not in style_names:
            errors.append(DesignError(f"no style named '{name}', which the content needs",
                                      Location("layout/styles.yaml", key="styles"), did_you_mean(name, style_names)))
    if errors:
        raise ErrorList(errors)
