"""Load stage: content/*.yaml into the content model, checking every language is present."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from babel import Locale, UnknownLocaleError

from brochure.errors import ContentError, ErrorList
from brochure.limits import MAX_SECTION_BLOCKS, too_long
from brochure.load.map_views import map_view
from brochure.load.placeholders import placeholder_problems
from brochure.load.yaml_source import Node, ParsedTrees, ProblemCollector, bounds, load_yaml, note_shape
from brochure.model.content import (
    IMAGE_ALIGNS,
    IMAGE_FITS,
    IMAGE_PLACES,
    IMAGE_WIDTHS,
    Block,
    Brochure,
    Cards,
    Contact,
    Coordinates,
    Focus,
    Heading,
    ImageBlock,
    ImageWidth,
    KeyFigure,
    KeyFigures,
    Language,
    ListBlock,
    MapBlock,
    Note,
    Paragraph,
    Place,
    Quote,
    Section,
    Text,
)
from brochure.units import parse_length

QR_CONTENTS = ("website", "email", "vcard")
UNIT_ID = "id"  # a text unit's stable id for translation exchange, beside its languages
UNIT_ID_FORM = re.compile(r"[A-Za-z0-9_][A-Za-z0-9._-]*")  # an XML NMTOKEN, as XLIFF 2.0 wants
IMAGE_PLACEMENT_KEYS = ("width", "align", "place", "fit", "focus", "height", "style", "box")


def focus(node: Node) -> Focus:
    """`focus: {x: 0.5, y: 0.3}`: the point a crop keeps, 0..1 from the left and the top."""
    fields = node.mapping(optional=("x", "y"))
    return Focus(x=fields["x"].number(0, 1) if "x" in fields else 0.5,
                 y=fields["y"].number(0, 1) if "y" in fields else 0.5)


def image_placement(fields: dict[str, Node]) -> dict[str, Any]:
    """An image block's placement keys as ImageBlock's arguments, each checked at its line."""
    values: dict[str, Any] = {}
    for key, choices in (("align", IMAGE_ALIGNS), ("place", IMAGE_PLACES), ("fit", IMAGE_FITS)):
        if key in fields:
            word = fields[key].string(choices)
            word = "centre" if word == "center" else word
            if word not in choices:
                raise fields[key].fail(f"no {key} '{word}'", "one of: " + ", ".join(choices))
            values[key] = word
    if "width" in fields:
        values["width"] = image_width(fields["width"])
    if "focus" in fields:
        values["focus"] = focus(fields["focus"])
    if "height" in fields:
        values["height"] = parse_length_node(fields["height"])
    if "style" in fields and "box" in fields:
        raise fields["style"].fail("an image takes `style` or `box`, not both", "they name the same thing: a box")
    for key in ("style", "box"):
        if key in fields:
            values["box"] = fields[key].string()
    return values


def image_width(node: Node) -> ImageWidth:
    """`frame`, `column`, a share of the frame (0.5, 50%) or a length (80mm)."""
    note_shape(node, "string")
    note_shape(node, "number", bounds(0, 1))
    text = str(node.node.value).strip() if isinstance(node.node, yaml.ScalarNode) else ""
    if text in IMAGE_WIDTHS:
        return ImageWidth(text)
    try:
        if text.endswith("%"):
            share = float(text[:-1]) / 100
        elif text.replace(".", "", 1).isdigit():
            share = float(text)
        else:
            return ImageWidth("length", parse_length(text))
    except ValueError:
        share = -1.0
    if not text.endswith("%") and not text.replace(".", "", 1).isdigit():
        raise node.fail(f"width {text!r} is neither a word the layout knows nor a length",
                        "write frame, column, a share such as 0.5 or 50%, or a length such as 80mm")
    if not 0 < share <= 1:
        raise node.fail(f"width {text!r} is not a share of the frame from 0 to 1",
                        "write frame, column, a share such as 0.5 or 50%, or a length such as 80mm")
    return ImageWidth("share", share)


def parse_length_node(node: Node) -> float:
    note_shape(node, "length")
    try:
        value = parse_length(str(node.node.value) if isinstance(node.node, yaml.ScalarNode) else "")
    except ValueError as error:
        raise node.fail(str(error), "write a length with its unit, e.g. 60mm") from None
    if value <= 0:
        raise node.fail("must be more than zero")
    return value


BLOCK_TYPES = ("paragraph", "heading", "list", "quote", "note", "figures", "map", "cards", "image")


DIGITS = ("latin", "native")  # a language's digits: 0123, or its locale's own (CLDR numbering system)


class ContentReader(ProblemCollector):
    """Reads the content folder; collects problems item by item so that all are reported."""

    def __init__(self, folder: Path, shown_root: Path, complete: bool = True, trees: ParsedTrees | None = None):
        super().__init__()
        self.folder = folder
        self.trees = trees  # the build session's parsed files
        self.shown_root = shown_root
        self.languages: tuple[str, ...] = ()
        # False: only the first (source) language is required; a language not written yet
        # takes the source text and is listed in Text.missing (the build decides what to do)
        self.complete = complete
        self.required: tuple[str, ...] | None = None  # the languages a text must have, if not as `complete` says

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.shown_root))
        except ValueError:
            return str(path)

    def load(self, name: str) -> Node:
        path = self.folder / name
        return load_yaml(path, self.shown(path), ContentError, self.trees, self.confined_to)

    @property
    def confined_to(self) -> tuple[Path, ...]:
        """The folders a content file may lead into through a link: the brochure's and the content's."""
        return (self.shown_root, self.folder)

    # -- text units ---------------------------------------------------------

    def text(self, node: Node) -> Text:
        """A text unit: one string per language of the brochure, keyed by code."""
        if not node.node.tag.endswith(":map"):
            raise node.fail("expected one text per language, e.g. 'fr: ...' and 'en: ...'",
                            "indent the languages under this key")
        note_shape(node, "text")
        fields = node.mapping(optional=(*self.languages, UNIT_ID))
        missing = [code for code in self.languages if code not in fields]
        required = self.required if self.required is not None else \
            self.languages if self.complete else self.languages[:1]
        if any(code in required for code in missing):
            first = next(code for code in missing if code in required)
            raise node.fail(f"missing language '{first}'", f"add '{first}:' with the translation")
        values = []
        for code in self.languages:
            if code in missing:
                continue
            value = fields[code].string().strip()
            if not value:
                raise fields[code].fail(f"the '{code}' text is empty", "write the translation, or remove the block")
            if (problem := too_long(value)) is not None:
                raise fields[code].fail(f"[{code}] {problem}", "split it into paragraphs")
            values.append((code, value))
        values += [(code, values[0][1]) for code in missing]  # the source text stands in
        unit_id = None
        if UNIT_ID in fields and UNIT_ID not in self.languages:  # (a language coded "id" wins)
            unit_id = fields[UNIT_ID].string()
            if not UNIT_ID_FORM.fullmatch(unit_id):
                raise fields[UNIT_ID].fail(f"'{unit_id}' is not a unit id",
                                           "use letters, digits, '.', '-' and '_' only, e.g. intro.welcome")
        return Text(tuple(values), node.location, unit_id, tuple(missing))

    def text_or_string(self, node: Node) -> Text:
        """A text per language, or one string that reads the same in every language."""
        note_shape(node, "text")  # either way, whichever this one is written (for the JSON Schema)
        note_shape(node, "string")
        if node.node.tag.endswith(":map"):
            return self.text(node)
        return Text.same(node.string(), self.languages, node.location)

    # -- files --------------------------------------------------------------

    def read(self) -> Brochure:
        root = self.load("brochure.yaml")
        fields = root.mapping(required=("title", "languages"),
                              optional=("subtitle", "publisher", "subject", "labels", "unbreakable", "credits", "home"))
        languages = tuple(self._language(code, node) for code, node in fields["languages"].items())
        if not languages:
            raise fields["languages"].fail("no language declared", "add e.g. 'fr: {locale: fr_FR, name: Français}'")
        self.languages = tuple(language.code for language in languages)
        title = self.collect(lambda: self.text(fields["title"]))
        subtitle = self.collect(lambda: self.text(fields["subtitle"])) if "subtitle" in fields else None
        publisher = self.collect(lambda: self.text(fields["publisher"])) if "publisher" in fields else None
        subject = self.collect(lambda: self.text(fields["subject"])) if "subject" in fields else None
        home = self.collect(partial(self._home, fields["home"])) if "home" in fields else None
        credits = tuple(credit for node in (fields["credits"].sequence() if "credits" in fields else ())
                        if (credit := self.collect(partial(self.text_or_string, node))) is not None)
        labels: tuple[tuple[str, Text], ...] = ()
        if "labels" in fields:
            labels = tuple((name, label) for name, node in fields["labels"].items()
                           if (label := self.collect(partial(self.text, node))) is not None)
        unbreakable = tuple(item.string() for item in fields["unbreakable"].sequence()) \
            if "unbreakable" in fields else ()
        sections = self._sections()
        contact = self.collect(self._contact) if (self.folder / "back-cover.yaml").exists() else None
        if self.errors or title is None:
            raise ErrorList(self.errors)
        return Brochure(title=title, languages=languages, sections=sections,
                        contact=contact, labels=labels, subtitle=subtitle, publisher=publisher,
                        subject=subject, credits=credits, unbreakable=unbreakable, home=home)

    def _language(self, code: str, node: Node) -> Language:
        fields = node.mapping(required=("locale",), optional=("name", "digits"))
        name = fields["name"].string() if "name" in fields else code
        digits = fields["digits"].string(DIGITS) if "digits" in fields else "latin"
        if digits not in DIGITS:
            raise fields["digits"].fail(f"unknown digits '{digits}'",
                                        "write 'latin' (0123) or 'native' (the locale's own, e.g. ٠١٢٣ for Arabic)")
        # BCP 47 spells de-DE, CLDR and Babel de_DE: both are read, the CLDR one is kept
        locale = fields["locale"].string().replace("-", "_")
        problem = locale_problem(locale)
        if problem is not None:
            raise fields["locale"].fail(*problem)
        return Language(code=code, locale=locale, name=name, digits=digits, location=node.location)

    def _sections(self) -> tuple[Section, ...]:
        sections: list[Section] = []
        seen: dict[str, Node] = {}
        for path in sorted((self.folder / "sections").glob("*.yaml")):
            section = self.collect(partial(self._section, path, seen))
            if section is not None:
                sections.append(section)
        return tuple(sections)

    def _section(self, path: Path, seen: dict[str, Node]) -> Section:
        root = load_yaml(path, self.shown(path), ContentError, self.trees, self.confined_to)
        fields = root.mapping(required=("id", "blocks"), optional=("title",))
        section_id = fields["id"].string()
        if section_id in seen:
            raise fields["id"].fail(f"section id '{section_id}' is used twice",
                                    f"the other is at {seen[section_id].location}")
        seen[section_id] = fields["id"]
        title = self.text(fields["title"]) if "title" in fields else None
        listed = fields["blocks"].sequence()
        if len(listed) > MAX_SECTION_BLOCKS:
            raise listed[MAX_SECTION_BLOCKS].fail(f"more than {MAX_SECTION_BLOCKS:,} blocks in one section",
                                                  "split it into sections")
        blocks = [self.collect(partial(self._block, node)) for node in listed]
        return Section(id=section_id, title=title, blocks=tuple(b for b in blocks if b is not None),
                       location=root.location)

    def _block(self, node: Node) -> Block:
        kinds = [key for key in BLOCK_TYPES if key in node.mapping()]
        if len(kinds) != 1:
            raise node.fail("a block needs exactly one of: " + ", ".join(BLOCK_TYPES),
                            "start the block with e.g. '- paragraph:'")
        kind = kinds[0]
        if kind == "paragraph":
            fields = node.mapping(required=("paragraph",), optional=("lead", "style"))
            return Paragraph(text=self.text(fields["paragraph"]),
                             lead=self.text(fields["lead"]) if "lead" in fields else None,
                             style=fields["style"].string() if "style" in fields else None)
        if kind == "list":
            fields = node.mapping(required=("list",), optional=("numbered",))
            items = tuple(self.text(item) for item in fields["list"].sequence())
            numbered = fields["numbered"].boolean() if "numbered" in fields else False
            return ListBlock(items=items, numbered=numbered)
        if kind == "map":
            return self._map(node)
        if kind == "figures":
            fields = node.mapping(required=("figures",))["figures"].mapping(
                required=("items",), optional=("title",))
            figures = tuple(self._figure(item) for item in fields["items"].sequence())
            title = self.text(fields["title"]) if "title" in fields else None
            return KeyFigures(items=figures, title=title)
        if kind == "cards":
            fields = node.mapping(required=("cards",))
            return Cards(list=fields["cards"].string(), location=fields["cards"].location)
        if kind == "image":
            fields = node.mapping(required=("image",), optional=("caption", "credit", "alt") + IMAGE_PLACEMENT_KEYS)
            return ImageBlock(path=fields["image"].string(),
                              alt=self.text(fields["alt"]) if "alt" in fields else None,
                              caption=self.text(fields["caption"]) if "caption" in fields else None,
                              credit=self.text(fields["credit"]) if "credit" in fields else None,
                              location=fields["image"].location,
                              **image_placement(fields))
        if kind == "quote":
            return self._quote(node.mapping(required=("quote",))["quote"])
        text = self.text(node.mapping(required=(kind,))[kind])
        if kind == "heading":
            return Heading(text)
        return Note(text)

    def _quote(self, node: Node) -> Quote:
        """`quote: TEXT` or `quote: {text: TEXT, by: WHO}` (TEXT and WHO per language)."""
        if isinstance(node.node, yaml.MappingNode) and any(
                getattr(key, "value", None) == "text" for key, _ in node.node.value):
            fields = node.mapping(required=("text",), optional=("by",))
            return Quote(self.text(fields["text"]), self.text(fields["by"]) if "by" in fields else None)
        return Quote(self.text(node))

    def _map(self, node: Node) -> MapBlock:
        fields = node.mapping(required=("map",))["map"]
        if fields.is_null():  # `- map:` alone: the default style, no caption
            return MapBlock(location=node.location)
        options = fields.mapping(optional=("style", "caption", "view"))
        return MapBlock(style=options["style"].string() if "style" in options else "map",
                        caption=self.text(options["caption"]) if "caption" in options else None,
                        view=map_view(options["view"]) if "view" in options else None,
                        location=node.location)

    def _coordinates(self, node: Node) -> Coordinates:
        place = node.mapping(required=("lat", "lon"))
        return Coordinates(place["lat"].number(-90, 90), place["lon"].number(-180, 180))

    def _home(self, node: Node) -> Place:
        fields = node.mapping(required=("name", "coordinates"))
        return Place(name=self.text(fields["name"]), coordinates=self._coordinates(fields["coordinates"]),
                     location=node.location)

    def _figure(self, node: Node) -> KeyFigure:
        fields = node.mapping(required=("value", "label"), optional=("number",))
        number = fields["number"].integer() if "number" in fields else None
        value = self.text(fields["value"])
        if number is not None:
            for code, template in value.values:
                for message, hint in placeholder_problems(template, ["number"]):
                    raise fields["value"].fail(f"[{code}] {message}", hint)
        elif any("{number}" in template for _, template in value.values):
            raise fields["value"].fail("'{number}' with no 'number:' to fill it",
                                       "add e.g. 'number: 36000' to the figure")
        return KeyFigure(value=value, label=self.text(fields["label"]), number=number)

    def _contact(self) -> Contact:
        root = self.load("back-cover.yaml")
        fields = root.mapping(required=("department", "email", "phone", "address", "website"), optional=("qr",))
        qr = fields["qr"].string() if "qr" in fields else None
        if qr is not None and qr not in QR_CONTENTS:
            raise fields["qr"].fail(f"no QR code content '{qr}'", "use " + " or ".join(QR_CONTENTS))
        return Contact(department=self.text(fields["department"]), email=fields["email"].string(),
                       phone=fields["phone"].string(),
                       address=tuple(self.text_or_string(line) for line in fields["address"].sequence()),
                       website=fields["website"].string(), qr=qr,
                       locations=tuple((name, fields[name].location) for name in ("email", "phone", "website")))


def locale_problem(locale: str) -> tuple[str, str] | None:
    """Why Babel cannot use `locale` (message, hint), or None when it can."""
    try:
        Locale.parse(locale)
    except (ValueError, UnknownLocaleError):
        hint = "write a CLDR locale: a language code, then a territory after an underscore, such as fr_FR"
        return (f"unknown locale '{locale}'", hint)
    return None


def load_content(folder: Path, shown_root: Path | None = None, complete: bool = True,
                 trees: ParsedTrees | None = None) -> Brochure:
    """Read the content folder into a Brochure, or raise every problem found; with
    `complete=False` a unit may lack a translation (it is listed in its Text.missing)."""
    if not (folder / "brochure.yaml").is_file():
        raise ContentError("no brochure.yaml in the content folder", None,
                           f"expected {folder / 'brochure.yaml'}; pass --content to choose the folder")
    return ContentReader(folder, shown_root or folder.parent, complete, trees).read()
