"""Load stage: layout/*.yaml into the design model (geometry, palette, fonts, styles, pages)."""

from __future__ import annotations

import re
from dataclasses import fields as dataclass_fields
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any

from brochure.errors import BrochureError, DesignError, ErrorList, Location
from brochure.load.font_faces import font_family
from brochure.load.map_views import map_view
from brochure.load.paths import file_name_problem
from brochure.load.placeholders import placeholder_problems
from brochure.load.yaml_source import (
    Node,
    ParsedTrees,
    ProblemCollector,
    describe,
    did_you_mean,
    load_yaml,
    merged,
    note_shape,
)
from brochure.model.design import (
    BINDING_PAGE_MULTIPLES,
    FIELD_TYPES,
    PRINTABLE_TYPES,
    SYNC_LEVELS,
    Band,
    Binding,
    Box,
    CardField,
    CardKind,
    CardLine,
    CmykColour,
    Design,
    Edition,
    Feature,
    Filler,
    FontFamily,
    Hyphenation,
    ImageSettings,
    MapStyle,
    Margins,
    Marks,
    OutputIntent,
    PageGeometry,
    PageTemplate,
    PrintSettings,
    QrStyle,
    SequenceItem,
    SequenceKind,
    Shaping,
    TemplateImage,
    TextStyle,
)
from brochure.units import parse_length

EDITIONS_FILE = "editions.yaml"
NAME_HINT = "a name is part of the output files' names: use letters, digits and hyphens"
CARDS_FILE = "cards.yaml"
IMAGE_FITS = ("bleed", "frame")  # a template image fills the page to the bleed edge, or the text frame
PADDING_TEMPLATE = "blank"  # the page template of pages added to reach the binding's page multiple
MAX_COLUMNS = 3  # languages side by side on a page

ALIGNMENTS = ("left", "right", "center", "justify")
RENDERING_INTENTS = ("relative", "perceptual")
GREY_IMAGES = ("black", "process")  # a grey image in one ink (K), or in four through the output profile
MAP_LANGUAGES = ("all", "column")
MAP_LENGTHS = ("height", "border_width", "arc_width", "mark_size", "space_before", "space_after")
MAP_COLOURS = ("land", "partner_land", "borders", "sea", "arc", "mark", "home_mark", "leader", "halo")
MAP_KEYS = MAP_LENGTHS + MAP_COLOURS + ("extent", "margin", "align", "label", "home_label", "years", "languages")
MAP_ALIGNMENTS = ("top", "middle", "bottom")
EDGES = ("top", "bottom", "left", "right", "inner", "outer")
SEQUENCE_KINDS = tuple(kind.value for kind in SequenceKind)
STYLE_LENGTHS = ("size", "leading", "space_before", "space_after", "left_indent",
                 "first_indent")
STYLE_FLAGS = ("bold", "italic", "hyphenate", "uppercase", "hyphenate_capitalised", "optical_margin",
               "balance")
STYLE_TEXTS = ("font", "colour", "align", "bullet", "bullet_colour", "number_colour")
# justification: word spaces as multiples of the font's space, letter spacing as a share of the em
STYLE_NUMBERS = {"word_space_min": (0.5, 1.0), "word_space_max": (1.0, 3.0), "letter_spacing": (0.0, 0.05),
                 "tracking": (-0.05, 0.25), "fit_tracking": (0.0, 0.05), "fit_size": (0.0, 0.2)}
STYLE_KEYS = ("parent",) + STYLE_LENGTHS + STYLE_FLAGS + STYLE_TEXTS + ("features",) + tuple(STYLE_NUMBERS)
FEATURE_TAG = re.compile(r"^[A-Za-z0-9]{3}[A-Za-z0-9 ]?$")


def _features(node: Node, inherited: tuple[Feature, ...]) -> tuple[Feature, ...]:
    """A style's `features: {calt: true, onum: true}` over those of its parent."""
    settings = {feature.tag: feature for feature in inherited}
    for tag, flag in node.items():
        if not FEATURE_TAG.match(tag):
            raise flag.fail(f"'{tag}' is not an OpenType feature tag",
                            "a tag has four letters or digits, e.g. liga, calt, onum, smcp, ss01")
        settings[tag] = Feature(tag, flag.boolean(), flag.location)
    return tuple(settings.values())


def length(node: Node) -> float:
    note_shape(node, "length")
    try:
        return parse_length(node.node.value if node.node.tag.endswith(("str", "int", "float")) else "")
    except ValueError as error:
        raise node.fail(str(error)) from None


def image_settings(node: Node | None, ink_limit: Node | None) -> ImageSettings:
    """`print: images:` (resolution targets, JPEG quality) and `print: ink_limit:` (percent)."""
    values: dict[str, Any] = {}
    if ink_limit is not None:
        values["ink_limit"] = ink_limit.number(200, 400)
    if node is not None:
        fields = node.mapping(optional=("ppi", "screen_ppi", "downsample_above", "jpeg_quality",
                                        "screen_jpeg_quality"))
        for key, value in fields.items():
            if key.endswith("jpeg_quality"):
                values[key] = value.integer(30, 100)
            elif key == "downsample_above":
                values[key] = value.number(1, 4)
            else:
                values[key] = value.number(72, 2400)
    return ImageSettings(**values)


def palette_colour(node: Node, colours: list[str]) -> str:
    text = node.string()
    if text not in colours:
        raise node.fail(f"no palette colour named '{text}'", did_you_mean(text, colours))
    return text


def margins(node: Node) -> Margins:
    fields = node.mapping(required=("inner", "outer", "top", "bottom"))
    return Margins(**{key: length(value) for key, value in fields.items()})

# The format of the brochure's files this loader reads: `format:` in layout/document.yaml (absent:
# the first). brochure/upgrade.py rewrites a brochure of an older format to this one.
CURRENT_FORMAT = 2


class DesignReader(ProblemCollector):
    def __init__(self, folder: Path, shown_root: Path, trees: ParsedTrees | None = None):
        super().__init__()
        self.folder = folder
        self.trees = trees  # the build session's parsed files
        self.shown_root = shown_root
        # the map styles' nodes and values, for editions that change them
        self._map_context: tuple[dict[str, Node], tuple[MapStyle, ...], list[str], tuple[TextStyle, ...]] = \
            ({}, (), [], ())

    def shown(self, name: str) -> str:
        path = self.folder / name
        try:
            return str(path.relative_to(self.shown_root))
        except ValueError:
            return str(path)

    def load(self, name: str) -> Node:
        return load_yaml(self.folder / name, self.shown(name), DesignError, self.trees)

    def read(self) -> Design:
        document = self.load("document.yaml").mapping(
            required=("name", "page"),
            optional=("format", "edition", "booklet", "hyphenation", "justification", "shaping", "print",
                      "reading_order"))
        if "format" in document:  # an older one stopped the build before (brochure upgrade rewrites it)
            self.collect(lambda: document["format"].integer(1, CURRENT_FORMAT))
        styles_file = self.load("styles.yaml").mapping(required=("palette", "fonts", "styles"),
                                                      optional=("boxes", "maps", "qr"))
        pages_file = self.load("pages.yaml").mapping(required=("templates", "sequence"),
                                                     optional=("section_gap", "fillers"))

        page = self.collect(lambda: self._page(document["page"]))
        hyphenation = Hyphenation()
        if "hyphenation" in document:
            hyphenation = self.collect(lambda: self._hyphenation(document["hyphenation"])) or Hyphenation()

        loose_word_space, space_shrink = 2.0, 0.1
        # the tagged screen edition's reading order of parallel texts (issue 31)
        reading_order = self.collect(lambda: document["reading_order"].string(("by-language", "pairs"))) \
            if "reading_order" in document else None
        if "justification" in document:
            justification = document["justification"].mapping(optional=("loose_word_space", "space_shrink"))
            if "loose_word_space" in justification:
                loose_word_space = justification["loose_word_space"].number(1.0, 10.0)
            if "space_shrink" in justification:
                space_shrink = justification["space_shrink"].number(0.0, 0.5)
        shaping = Shaping()
        if "shaping" in document:
            options = document["shaping"].mapping(optional=("kerning", "ligatures"))
            shaping = Shaping(**{key: value.boolean() for key, value in options.items()})
        printing = None
        if "print" in document and page is not None:
            printing = self.collect(lambda: self._print(document["print"], page))
        # each named part of the layout read once; what the layout names is checked against every name it
        # declares, loaded or not: a colour, font, style, map or template in error is reported once, at its
        # own line, not again at each use
        parts = {key: styles_file[key].items() if key in styles_file else []
                 for key in ("palette", "fonts", "styles", "boxes", "maps")}
        declared = {key: [name for name, _ in entries] for key, entries in parts.items()}
        palette = tuple(c for name, node in parts["palette"] if (c := self.collect(partial(self._colour, name, node))))
        colour_names = declared["palette"]
        fonts = tuple(f for name, node in parts["fonts"] if (f := self.collect(partial(self._font, name, node))))
        font_names = declared["fonts"]
        for font in fonts:
            if font.fallback is not None and font.fallback not in font_names:
                self.errors.append(styles_file["fonts"].fail(
                    f"font '{font.name}': fallback '{font.fallback}' is not a font family here",
                    did_you_mean(font.fallback, font_names)))
        styles = self._styles(styles_file["styles"], colour_names, font_names)
        boxes = tuple(b for name, node in parts["boxes"]
                      if (b := self.collect(partial(self._box, name, node, colour_names))))
        maps = tuple(m for name, node in parts["maps"]
                     if (m := self.collect(partial(self._map_style, name, node, colour_names, styles))))
        map_names = declared["maps"]
        qr = QrStyle()
        if "qr" in styles_file:
            qr = self.collect(partial(self._qr, styles_file["qr"])) or QrStyle()
        template_entries = pages_file["templates"].items()
        templates = tuple(t for name, node in template_entries
                          if (t := self.collect(partial(self._template, name, node, colour_names, map_names))))
        template_names = [name for name, _ in template_entries]
        if PADDING_TEMPLATE not in template_names:  # the pages that pad a booklet: plain unless styled
            templates += (PageTemplate(PADDING_TEMPLATE),)
        sequence = tuple(s for node in pages_file["sequence"].sequence()
                         if (s := self.collect(partial(self._sequence_item, node, template_names, map_names))))
        section_gap = length(pages_file["section_gap"]) if "section_gap" in pages_file else Design.section_gap
        pictured = [template.name for template in templates if template.image is not None]
        fillers = tuple(filler for node in (pages_file["fillers"].sequence() if "fillers" in pages_file else ())
                        if (filler := self.collect(partial(self._filler, node, template_names, map_names,
                                                           pictured))))
        card_kinds = self._card_kinds(declared["styles"], declared["boxes"]) \
            if (self.folder / CARDS_FILE).is_file() else ()
        name = self.collect(document["name"].string) or ""
        if name and (problem := file_name_problem(name)) is not None:  # output/<name>.pdf: a file name
            self.errors.append(document["name"].fail(f"name {problem}", NAME_HINT))
            name = ""
        editions: tuple[Edition, ...] = ()
        if page is not None:
            self._map_context = (dict(styles_file["maps"].items()) if "maps" in styles_file else {}, maps,
                                 colour_names, styles)
            editions = self._editions(document, name, page, styles_file["styles"], colour_names, font_names)
        if self.errors or page is None or not editions:
            raise ErrorList(self.errors)
        design = Design(name=name, page=page, palette=palette, fonts=fonts,
                        styles=styles, boxes=boxes, templates=templates, sequence=sequence, columns=(),
                        hyphenation=hyphenation,
                        loose_word_space=loose_word_space, space_shrink=space_shrink, shaping=shaping,
                        printing=printing or PrintSettings(), editions=editions, card_kinds=card_kinds,
                        maps=maps, qr=qr, reading_order=reading_order or "by-language", section_gap=section_gap,
                        fillers=fillers)
        return design.for_edition(editions[0])

    # -- card kinds ---------------------------------------------------------

    def _card_kinds(self, styles: list[str], boxes: list[str]) -> tuple[CardKind, ...]:
        root = self.collect(lambda: self.load(CARDS_FILE).mapping(required=("kinds",)))
        if root is None:
            return ()
        kinds = (self.collect(partial(self._card_kind, name, node, styles, boxes))
                 for name, node in root["kinds"].items())
        return tuple(kind for kind in kinds if kind is not None)

    def _card_kind(self, name: str, node: Node, styles: list[str], boxes: list[str]) -> CardKind:
        fields = node.mapping(required=("fields", "lines"), optional=("box", "per_page"))
        card_fields = []
        for field_name, field_node in fields["fields"].items():
            if field_node.node.tag.endswith(":map"):
                options = field_node.mapping(required=("type",), optional=("optional",))
                type_node = options["type"]
                optional = options["optional"].boolean() if "optional" in options else False
            else:
                type_node, optional = field_node, False
            field_type = type_node.string(FIELD_TYPES)
            if field_type not in FIELD_TYPES:
                raise type_node.fail(f"no field type '{field_type}'", did_you_mean(field_type, list(FIELD_TYPES)))
            card_fields.append(CardField(field_name, field_type, optional))
        printable = [f.name for f in card_fields if f.type in PRINTABLE_TYPES]
        lines = []
        for line_node in fields["lines"].sequence():
            line = line_node.mapping(required=("style",), optional=("show", "label"))
            if ("show" in line) == ("label" in line):
                raise line_node.fail("a card line has either 'show:' (fields) or 'label:' (a content label)",
                                     "e.g. {style: card-title, show: '{name}'}")
            style = line["style"].string()
            if style not in styles:
                raise line["style"].fail(f"no style named '{style}'", did_you_mean(style, styles))
            show = line["show"].string() if "show" in line else None
            if show is not None:
                for problem in placeholder_problems(show, printable):
                    raise line["show"].fail(*problem)
            lines.append(CardLine(style, show, line["label"].string() if "label" in line else None,
                                  location=(line.get("label", line_node)).location))
        box = "card"  # without `box:`, the box named card when styles.yaml has one, else none
        if "box" in fields:
            box = fields["box"].string()
            if box not in boxes:  # a misspelt box would silently drop the rule, padding and height limit
                raise fields["box"].fail(f"no box named '{box}' under 'boxes:' in styles.yaml",
                                         did_you_mean(box, boxes) if boxes else "add it under 'boxes:'")
        return CardKind(name=name, fields=tuple(card_fields), lines=tuple(lines), box=box,
                        per_page=fields["per_page"].integer(1, 100) if "per_page" in fields else None,
                        location=node.location)

    # -- editions -----------------------------------------------------------

    def _editions(self, document: dict[str, Node], name: str, page: PageGeometry, styles: Node,
                  colours: list[str], fonts: list[str]) -> tuple[Edition, ...]:
        """The editions of layout/editions.yaml; without that file, the one edition
        document.yaml describes (`edition: columns` and `booklet:`)."""
        if not (self.folder / EDITIONS_FILE).is_file():
            return self._single_edition(document, name)
        for moved in ("edition", "booklet"):
            if moved in document:
                self.errors.append(document[moved].fail(
                    f"'{moved}:' is set per edition when the layout has {EDITIONS_FILE}",
                    f"move it to {EDITIONS_FILE} ('languages:' and 'binding:' of each edition)"))
        root = self.load(EDITIONS_FILE).mapping(required=("editions",))
        editions: list[Edition] = []
        names: dict[str, Node] = {}
        files: dict[str, Node] = {}
        for node in root["editions"].sequence():
            edition = self.collect(partial(self._edition, node, name, page, styles, colours, fonts))
            if edition is None:
                continue
            for value, seen, what in ((edition.name, names, "name"), (edition.file, files, "output file")):
                if value in seen:
                    self.errors.append(node.fail(
                        f"two editions have the {what} '{value}'",
                        f"the other is at {seen[value].location}; each edition needs its own {what}"))
                seen[value] = node
            editions.append(edition)
        if not editions and not self.errors:
            self.errors.append(root["editions"].fail("no edition declared",
                                                     "add e.g. '- {name: fr, languages: [fr]}'"))
        return tuple(editions)

    def _edition(self, node: Node, brochure_name: str, page: PageGeometry, styles: Node,
                 colours: list[str], fonts: list[str]) -> Edition:
        fields = node.mapping(required=("name", "languages"),
                              optional=("file", "binding", "sections", "page", "styles", "maps"))
        name = fields["name"].string()
        if (problem := file_name_problem(name)) is not None:  # the edition's name is part of its files' names
            raise fields["name"].fail(f"edition name {problem}", NAME_HINT)
        languages = tuple(code.string() for code in fields["languages"].sequence())
        if not 1 <= len(languages) <= MAX_COLUMNS:
            raise fields["languages"].fail(f"an edition sets one to {MAX_COLUMNS} languages side by side, "
                                           f"not {len(languages)}", "list the language codes, e.g. [fr, en]")
        if len(set(languages)) != len(languages):
            raise fields["languages"].fail("a language is listed twice", "list each language once")
        binding = fields["binding"].choice(Binding, "binding") if "binding" in fields else Binding.SADDLE_STITCH
        sections = tuple(item.string() for item in fields["sections"].sequence()) \
            if "sections" in fields else None
        edition_page = self._page(fields["page"], page) if "page" in fields else None
        edition_styles = None
        if "styles" in fields:
            edition_styles = self._styles(styles, colours, fonts, dict(fields["styles"].items()))
        file = fields["file"].string() if "file" in fields else f"{brochure_name}-{name}"
        if (problem := file_name_problem(file)) is not None:
            raise (fields.get("file") or fields["name"]).fail(f"'{file}' cannot be a file name: {problem}",
                                                              NAME_HINT)
        edition_maps = self._edition_maps(fields["maps"]) if "maps" in fields else None
        return Edition(name=name, file=file, languages=languages, binding=binding, sections=sections,
                       maps=edition_maps,
                       page=edition_page, styles=edition_styles, location=node.location)

    def _edition_maps(self, node: Node) -> tuple[MapStyle, ...]:
        """The map styles with an edition's changes: each named style's keys over the layout's."""
        nodes, maps, colours, styles = self._map_context
        changed = {}
        for name, override in node.items():
            if name not in nodes:
                raise override.fail(f"no map style named '{name}' to change",
                                    did_you_mean(name, list(nodes)) if nodes else "add it under maps: in styles.yaml")
            note_shape(override, "like", (nodes[name].key,), (nodes[name].file,))  # any of its keys, as there
            try:
                changed[name] = self._map_style(name, merged(nodes[name], override), colours, styles)
            except BrochureError as error:  # the merged keys carry styles.yaml's file name: point at the change
                raise override.fail(error.message, error.hint) from None
        return tuple(changed.get(style.name, style) for style in maps)

    def _single_edition(self, document: dict[str, Node], name: str) -> tuple[Edition, ...]:
        if "edition" not in document:
            self.errors.append(DesignError(
                f"no {EDITIONS_FILE} and no 'edition:' in document.yaml",
                Location(self.shown("document.yaml")),
                f"add {EDITIONS_FILE} listing each edition's name and languages"))
            return ()
        languages = self.collect(lambda: tuple(code.string() for code in document["edition"].mapping(
            required=("columns",))["columns"].sequence())) or ()
        binding = Binding.FLAT
        if "booklet" in document:
            multiple_node = document["booklet"].mapping(required=("page_multiple",))["page_multiple"]
            multiple = self.collect(lambda: multiple_node.integer(1, 64))
            bindings = {pages: binding for binding, pages in BINDING_PAGE_MULTIPLES.items()}
            if multiple is not None and multiple not in bindings:
                self.errors.append(multiple_node.fail(
                    f"no binding makes pages in multiples of {multiple}",
                    "use 4 (saddle stitch), 2 (perfect binding) or 1 (flat)"))
            binding = bindings.get(multiple or 1, Binding.FLAT)
        return (Edition(name=name, file=name, languages=languages, binding=binding,
                        location=document["edition"].location),)

    def _page(self, node: Node, base: PageGeometry | None = None) -> PageGeometry:
        """The page geometry; with `base`, only the keys given change it (an edition's override)."""
        keys = ("trim", "bleed", "margins", "columns", "gutter")
        fields = node.mapping(required=() if base else keys, optional=("slug",) + (keys if base else ()))
        values: dict[str, float | int] = {}
        if "trim" in fields:
            trim = fields["trim"].mapping(required=("width", "height"))
            values.update(trim_width=length(trim["width"]), trim_height=length(trim["height"]))
        if "margins" in fields:
            page_margins = margins(fields["margins"])
            values.update(margin_inner=page_margins.inner, margin_outer=page_margins.outer,
                          margin_top=page_margins.top, margin_bottom=page_margins.bottom)
        for key in ("bleed", "slug", "gutter"):
            if key in fields:
                values[key] = length(fields[key])
        if "columns" in fields:
            values["columns"] = fields["columns"].integer(1, 12)
        if base is not None:
            return replace(base, **values)  # type: ignore[arg-type]
        values.setdefault("slug", 0.0)
        return PageGeometry(**values)  # type: ignore[arg-type]

    def _print(self, node: Node, page: PageGeometry) -> PrintSettings:
        fields = node.mapping(optional=("output_intent", "rendering_intent", "marks", "creep", "preflight",
                                        "grey_images", "ink_limit", "images", "paper", "quantity"))
        intent = None
        if "output_intent" in fields:
            options = fields["output_intent"].mapping(required=("profile",),
                                                      optional=("condition", "description", "registry"))
            intent = OutputIntent(**{key: value.string() for key, value in options.items()})
        rendering = fields["rendering_intent"].string(RENDERING_INTENTS) if "rendering_intent" in fields else "relative"
        if rendering not in RENDERING_INTENTS:
            raise fields["rendering_intent"].fail(f"no rendering intent '{rendering}'",
                                                  did_you_mean(rendering, list(RENDERING_INTENTS)))
        marks = Marks()
        if "marks" in fields:
            options = fields["marks"].mapping(optional=("crop", "registration", "colour_bar", "page_info",
                                                        "offset", "length", "weight"))
            values: dict[str, Any] = {key: length(value) if key in ("offset", "length", "weight") else value.boolean()
                      for key, value in options.items()}
            marks = Marks(**values)
            if "offset" in options and marks.offset < page.bleed:
                raise options["offset"].fail("crop marks would reach into the bleed",
                                             f"use an offset of at least the bleed ({page.bleed / 72 * 25.4:g}mm)")
            if marks.offset + marks.length > page.bleed + page.slug + 1e-6:
                raise (options.get("length") or fields["marks"]).fail(
                    "the marks do not fit in the slug", "enlarge page.slug or shorten the marks")
        creep = length(fields["creep"]) if "creep" in fields else 0.0
        preflight = fields["preflight"].string() if "preflight" in fields else "pdfx4"
        grey = fields["grey_images"].string(GREY_IMAGES) if "grey_images" in fields else "black"
        if grey not in GREY_IMAGES:
            raise fields["grey_images"].fail(f"no way of printing grey images named '{grey}'",
                                             "black (one ink) or process (four inks through the profile)")
        images = image_settings(fields.get("images"), fields.get("ink_limit"))
        paper = fields["paper"].string() if "paper" in fields else None  # for the job ticket only
        quantity = fields["quantity"].integer(1, 10_000_000) if "quantity" in fields else None
        return PrintSettings(output_intent=intent, rendering_intent=rendering, marks=marks, creep=creep,
                             preflight_profile=preflight, grey_images=grey, images=images, paper=paper,
                             quantity=quantity)

    def _hyphenation(self, node: Node) -> Hyphenation:
        fields = node.mapping(optional=tuple(f.name for f in dataclass_fields(Hyphenation)))
        return Hyphenation(**{key: value.integer(0, 50) for key, value in fields.items()})

    def _colour(self, name: str, node: Node) -> CmykColour:
        hint = "write [cyan, magenta, yellow, black] in percent, e.g. [100, 60, 0, 25]"
        try:
            channels = node.sequence()
        except DesignError:  # "#FFCC00", an RGB hex: the palette is CMYK
            raise node.fail(f"a CMYK colour is a list of 4 numbers, got {describe(node.node)}", hint) from None
        if len(channels) != 4:
            raise node.fail(f"a CMYK colour has 4 numbers, got {len(channels)}", hint)
        c, m, y, k = (channel.number(0, 100) / 100 for channel in channels)
        return CmykColour(name, c, m, y, k)

    def _font(self, name: str, node: Node) -> FontFamily:
        return font_family(name, node)

    def _styles(self, node: Node, colours: list[str], fonts: list[str],
                overrides: dict[str, Node] | None = None) -> tuple[TextStyle, ...]:
        """Styles with their parents resolved; `overrides` (an edition's) change named styles,
        and the styles that inherit from them."""
        raw = dict(node.items())
        resolved: dict[str, TextStyle] = {}
        overrides = overrides or {}

        def resolve(name: str, chain: tuple[str, ...]) -> TextStyle:
            if name in resolved:
                return resolved[name]
            style_node = raw[name]
            fields = style_node.mapping(optional=STYLE_KEYS)
            values: dict[str, Any] = {}
            if "parent" in fields:
                parent = fields["parent"].string()
                if parent not in raw:
                    raise fields["parent"].fail(f"no style named '{parent}'",
                                                did_you_mean(parent, list(raw)))
                if parent in chain:
                    raise fields["parent"].fail("styles inherit from each other in a loop",
                                                " -> ".join(chain + (parent,)))
                values = {f.name: getattr(resolve(parent, chain + (name,)), f.name)
                          for f in dataclass_fields(TextStyle)}
            changes = overrides[name].mapping(optional=STYLE_KEYS[1:]) if name in overrides else {}
            for key, value in (*fields.items(), *changes.items()):
                if key in STYLE_LENGTHS:
                    values[key] = length(value)
                elif key in STYLE_FLAGS:
                    values[key] = value.boolean()
                elif key in STYLE_TEXTS:
                    values[key] = value.string(ALIGNMENTS if key == "align" else ())
                elif key in STYLE_NUMBERS:
                    values[key] = value.number(*STYLE_NUMBERS[key])
                elif key == "features":
                    values[key] = _features(value, values.get("features", ()))
            values["name"] = name
            # where a contrast warning points: the style's colour, or the style itself when inherited
            values["location"] = (fields.get("colour") or style_node).location
            self._check_style(style_node, fields, values, colours, fonts)
            resolved[name] = TextStyle(**values)
            return resolved[name]

        for name, override in overrides.items():
            if name not in raw:
                self.errors.append(override.fail(f"no style named '{name}' to change",
                                                 did_you_mean(name, list(raw))))
        for name in raw:
            self.collect(partial(resolve, name, ()))
        return tuple(resolved[name] for name in raw if name in resolved)

    @staticmethod
    def _check_style(node: Node, fields: dict[str, Node], values: dict[str, Any], colours: list[str],
                     fonts: list[str]) -> None:
        for key in ("font", "size", "leading", "colour"):
            if key not in values:
                raise node.fail(f"missing key '{key}'", f"add '{key}:' or a 'parent:' that has it")
        checks = (("font", fonts, "font family"), ("colour", colours, "palette colour"),
                  ("bullet_colour", colours, "palette colour"), ("number_colour", colours, "palette colour"),
                  ("align", list(ALIGNMENTS), "alignment"))
        for key, allowed, what in checks:
            value = values.get(key)
            if value is not None and value not in allowed:
                where = fields.get(key, node)
                raise where.fail(f"no {what} named '{value}'", did_you_mean(str(value), allowed))

    def _box(self, name: str, node: Node, colours: list[str]) -> Box:
        fields = node.mapping(optional=("background", "rule", "rule_width", "padding",
                                        "space_before", "space_after", "max_height", "image_height"))
        values: dict[str, Any] = {"name": name}
        for key, value in fields.items():
            if key in ("background", "rule"):
                values[key] = palette_colour(value, colours)
            else:
                values[key] = length(value)
        return Box(**values)

    def _qr(self, node: Node) -> QrStyle:
        fields = node.mapping(optional=("size", "gap"))
        qr = QrStyle()
        return QrStyle(size=length(fields["size"]) if "size" in fields else qr.size,
                       gap=length(fields["gap"]) if "gap" in fields else qr.gap)

    def _map_style(self, name: str, node: Node, colours: list[str], styles: tuple[TextStyle, ...]) -> MapStyle:
        lengths, colour_keys = MAP_LENGTHS, MAP_COLOURS
        fields = node.mapping(optional=MAP_KEYS)
        values: dict[str, object] = {"name": name}
        style_names = [style.name for style in styles]
        for key, value in fields.items():
            if key in lengths:
                values[key] = length(value)
            elif key in colour_keys:
                values[key] = None if value.is_null() else palette_colour(value, colours)
            elif key in ("label", "home_label"):
                text = None if value.is_null() else value.string()
                if text is not None and text not in style_names:
                    raise value.fail(f"no style named '{text}'", did_you_mean(text, style_names))
                values[key] = text
            elif key == "extent":
                values[key] = map_view(value)
            elif key == "languages":
                languages = value.string(MAP_LANGUAGES)
                if languages not in MAP_LANGUAGES:
                    raise value.fail(f"no map label languages '{languages}'",
                                     "use 'all' (one map across the columns) or 'column' (a map in each column)")
                values[key] = languages
            elif key == "align":
                align = value.string(MAP_ALIGNMENTS)
                if align not in MAP_ALIGNMENTS:
                    raise value.fail(f"no map alignment '{align}'", did_you_mean(align, list(MAP_ALIGNMENTS)))
                values[key] = align
            elif key == "margin":
                values[key] = value.number(0.0, 0.5)
            else:
                values[key] = value.boolean()
        for key in ("mark", "home_mark"):
            if values.get(key) is None:
                raise node.fail(f"a map needs the colour of its marks: '{key}' is missing",
                                f"add {key}: with a palette colour")
        style = MapStyle(**values)  # type: ignore[arg-type]
        for key in ("label", "home_label"):  # the defaults name styles this layout may not have
            name = getattr(style, key)
            if name is not None and name not in style_names:
                raise node.fail(f"'{key}' is the style '{name}' by default, which styles: lacks",
                                f"add the style, or set {key}: to another style or null")
        return style

    def _template(self, name: str, node: Node, colours: list[str], maps: list[str]) -> PageTemplate:
        fields = node.mapping(optional=("margins", "background", "bands", "folio", "running_footer",
                                        "footer_colour", "image", "logo", "graphic", "columns", "opener"))
        graphic = None
        if "graphic" in fields:
            graphic = fields["graphic"].mapping(required=("map",))["map"].string()
            if graphic not in maps:
                raise fields["graphic"].fail(f"no map style named '{graphic}'",
                                             did_you_mean(graphic, list(maps)) if maps else
                                             "add it under maps: in layout/styles.yaml")

        def colour(value: Node) -> str:
            return palette_colour(value, colours)

        bands = []
        for band_node in fields["bands"].sequence() if "bands" in fields else ():
            band = band_node.mapping(required=("edge", "size", "colour"))
            edge = band["edge"].string(EDGES)
            if edge not in EDGES:
                raise band["edge"].fail(f"no edge named '{edge}'", did_you_mean(edge, list(EDGES)))
            bands.append(Band(edge=edge, size=length(band["size"]), colour=colour(band["colour"])))
        return PageTemplate(
            name=name,
            margins=margins(fields["margins"]) if "margins" in fields else None,
            background=colour(fields["background"]) if "background" in fields else None,
            bands=tuple(bands),
            folio=fields["folio"].boolean() if "folio" in fields else False,
            running_footer=fields["running_footer"].boolean() if "running_footer" in fields else False,
            footer_colour=colour(fields["footer_colour"]) if "footer_colour" in fields else None,
            image=self._template_image(fields["image"]) if "image" in fields else None,
            logo=self._template_image(fields["logo"], logo=True) if "logo" in fields else None,
            graphic=graphic, columns=fields["columns"].integer(1, 12) if "columns" in fields else None,
            opener=fields["opener"].boolean() if "opener" in fields else False)

    @staticmethod
    def _template_image(node: Node, logo: bool = False) -> TemplateImage:
        if not node.node.tag.endswith(":map"):
            return TemplateImage(node.string(), "logo" if logo else "bleed", location=node.location)
        if logo:
            fields = node.mapping(required=("path",), optional=("height",))
            return TemplateImage(fields["path"].string(), "logo",
                                 length(fields["height"]) if "height" in fields else TemplateImage.height,
                                 location=fields["path"].location)
        fields = node.mapping(required=("path",), optional=("fit",))
        fit = fields["fit"].string(IMAGE_FITS) if "fit" in fields else "bleed"
        if fit not in IMAGE_FITS:
            raise fields["fit"].fail(f"no image fit '{fit}'", did_you_mean(fit, list(IMAGE_FITS)))
        return TemplateImage(fields["path"].string(), fit, location=fields["path"].location)

    def _sequence_item(self, node: Node, templates: list[str], maps: list[str]) -> SequenceItem:
        keys = node.mapping()
        kinds = [key for key in SEQUENCE_KINDS if key in keys]
        if len(kinds) != 1:
            raise node.fail("a sequence item needs exactly one of: " + ", ".join(SEQUENCE_KINDS))
        kind = SequenceKind(kinds[0])
        if kind == SequenceKind.SECTION:
            fields = node.mapping(required=("section", "template"), optional=("new_page", "fill", "sync"))
            options = fields
            section = fields["section"].string()
        else:
            node.mapping(required=(kind,))
            options = keys[kind].mapping(required=("template",), optional=("new_page",))
            section = None
        template = options["template"].string()
        if template not in templates:
            raise options["template"].fail(f"no page template named '{template}'",
                                           did_you_mean(template, templates))
        if "new_page" in options:
            note_shape(options["new_page"], "choice", ("auto",))  # or true / false
            note_shape(options["new_page"], "boolean")
        auto_page = "new_page" in options and options["new_page"].node.value == "auto"
        if "new_page" in options and not auto_page and not options["new_page"].node.tag.endswith(":bool"):
            raise options["new_page"].fail(f"expected true, false or auto, got {options['new_page'].node.value!r}",
                                           "auto starts a new page only when less than a third of the page is free")
        new_page = True if auto_page else options["new_page"].boolean() if "new_page" in options else None
        sync = options["sync"].string(SYNC_LEVELS) if "sync" in options else "paragraph"
        if sync not in SYNC_LEVELS:
            raise options["sync"].fail(f"no sync level '{sync}'", did_you_mean(sync, list(SYNC_LEVELS)))
        fill_map = None
        if "fill" in options:
            fill_map = options["fill"].mapping(required=("map",))["map"].string()
            if fill_map not in maps:
                raise options["fill"].fail(f"no map style named '{fill_map}'",
                                           did_you_mean(fill_map, list(maps)) if maps else
                                           "add it under maps: in layout/styles.yaml")
        return SequenceItem(kind=kind, template=template, section=section, new_page=new_page,
                            auto_page=auto_page, fill_map=fill_map, sync=sync)

    @staticmethod
    def _filler(node: Node, templates: list[str], maps: list[str], pictured: list[str]) -> Filler:
        fields = node.mapping(required=("template",), optional=("map", "notes", "title"))
        template = fields["template"].string()
        if template not in templates:
            raise fields["template"].fail(f"no page template named '{template}'", did_you_mean(template, templates))
        if "map" not in fields and "notes" not in fields and template not in pictured:
            # a page of a template with a picture (`image:`) is designed by itself: it needs nothing more
            raise node.fail("a filler page shows a map, notes or its template's picture",
                            "write map: STYLE and/or notes: true, or name a template with an image:")
        notes = fields["notes"].boolean() if "notes" in fields else False
        if "notes" in fields and not notes and "map" not in fields:
            raise fields["notes"].fail("notes: false fills nothing", "write notes: true, or leave the filler out")
        map_style = fields["map"].string() if "map" in fields else None
        if map_style is not None and map_style not in maps:
            raise fields["map"].fail(f"no map style named '{map_style}'", did_you_mean(map_style, maps) if maps
                                     else "add it under maps: in layout/styles.yaml")
        title = fields["title"].string() if "title" in fields else None
        if title is not None and map_style is None:
            raise fields["title"].fail("a title heads a map page", "add map: STYLE, or leave the title out "
                                       "(a notes page takes the label `notes`)")
        return Filler(template, map_style, notes, title, node.location)


def load_design(folder: Path, shown_root: Path | None = None, trees: ParsedTrees | None = None) -> Design:
    """Read the layout folder into a Design, or raise every problem found."""
    for name in ("document.yaml", "styles.yaml", "pages.yaml"):
        if not (folder / name).is_file():
            raise DesignError(f"no {name} in the layout folder", None,
                              f"expected {folder / name}; pass --layout to choose the folder")
    return DesignReader(folder, shown_root or folder.parent, trees).read()
