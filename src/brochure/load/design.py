"""Load stage: layout/*.yaml into the design model (geometry, palette, fonts, styles, pages)."""

from __future__ import annotations

import re
from dataclasses import fields as dataclass_fields
from functools import partial
from pathlib import Path
from typing import Any

from brochure.errors import DesignError, ErrorList
from brochure.load.font_faces import font_family
from brochure.load.yaml_source import Node, ProblemCollector, did_you_mean, load_yaml
from brochure.model.design import (
    Band,
    Box,
    CmykColour,
    Design,
    Feature,
    FontFamily,
    Hyphenation,
    MapStyle,
    Margins,
    Marks,
    OutputIntent,
    PageGeometry,
    PageTemplate,
    PrintSettings,
    QrStyle,
    SequenceItem,
    Shaping,
    TextStyle,
)
from brochure.units import parse_length

ALIGNMENTS = ("left", "right", "center", "justify")
EDGES = ("top", "bottom", "left", "right", "inner", "outer")
SEQUENCE_KINDS = ("cover", "section", "cities", "back_cover")
STYLE_LENGTHS = ("size", "leading", "space_before", "space_after", "left_indent",
                 "first_indent")
STYLE_FLAGS = ("bold", "italic", "hyphenate", "uppercase")
STYLE_TEXTS = ("font", "colour", "align", "bullet", "bullet_colour")
# justification: word spaces as multiples of the font's space, letter spacing as a share of the em
STYLE_NUMBERS = {"word_space_min": (0.5, 1.0), "word_space_max": (1.0, 3.0), "letter_spacing": (0.0, 0.05)}
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
    try:
        return parse_length(node.node.value if node.node.tag.endswith(("str", "int", "float")) else "")
    except ValueError as error:
        raise node.fail(str(error)) from None


def palette_colour(node: Node, colours: list[str]) -> str:
    text = node.string()
    if text not in colours:
        raise node.fail(f"no palette colour named '{text}'", did_you_mean(text, colours))
    return text


def margins(node: Node) -> Margins:
    fields = node.mapping(required=("inner", "outer", "top", "bottom"))
    return Margins(**{key: length(value) for key, value in fields.items()})


class DesignReader(ProblemCollector):
    def __init__(self, folder: Path, shown_root: Path):
        super().__init__()
        self.folder = folder
        self.shown_root = shown_root

    def load(self, name: str) -> Node:
        path = self.folder / name
        try:
            shown = str(path.relative_to(self.shown_root))
        except ValueError:
            shown = str(path)
        return load_yaml(path, shown, DesignError)

    def read(self) -> Design:
        document = self.load("document.yaml").mapping(
            required=("name", "page", "edition"),
            optional=("booklet", "hyphenation", "justification", "shaping", "print"))
        styles_file = self.load("styles.yaml").mapping(required=("palette", "fonts", "styles"),
                                                      optional=("boxes", "maps", "qr"))
        pages_file = self.load("pages.yaml").mapping(required=("templates", "sequence"))

        page = self.collect(lambda: self._page(document["page"]))
        columns = self.collect(lambda: tuple(code.string() for code in document["edition"].mapping(
            required=("columns",))["columns"].sequence())) or ()
        page_multiple = 1
        if "booklet" in document:
            page_multiple = self.collect(lambda: document["booklet"].mapping(
                required=("page_multiple",))["page_multiple"].integer(1, 64)) or 1
        hyphenation = Hyphenation()
        if "hyphenation" in document:
            hyphenation = self.collect(lambda: self._hyphenation(document["hyphenation"])) or Hyphenation()

        loose_word_space, space_shrink = 2.0, 0.1
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
        palette = tuple(c for name, node in styles_file["palette"].items()
                        if (c := self.collect(partial(self._colour, name, node))))
        colour_names = [colour.name for colour in palette]
        fonts = tuple(f for name, node in styles_file["fonts"].items()
                      if (f := self.collect(partial(self._font, name, node))))
        font_names = [font.name for font in fonts]
        for font in fonts:
            if font.fallback is not None and font.fallback not in font_names:
                self.errors.append(styles_file["fonts"].fail(
                    f"font '{font.name}': fallback '{font.fallback}' is not a font family here",
                    did_you_mean(font.fallback, font_names)))
        styles = self._styles(styles_file["styles"], colour_names, font_names)
        boxes = tuple(b for name, node in (styles_file["boxes"].items() if "boxes" in styles_file else [])
                      if (b := self.collect(partial(self._box, name, node, colour_names))))
        maps = tuple(m for name, node in (styles_file["maps"].items() if "maps" in styles_file else [])
                     if (m := self.collect(partial(self._map_style, name, node, colour_names, styles))))
        map_names = [style.name for style in maps]
        qr = QrStyle()
        if "qr" in styles_file:
            qr = self.collect(partial(self._qr, styles_file["qr"])) or QrStyle()
        templates = tuple(t for name, node in pages_file["templates"].items()
                          if (t := self.collect(partial(self._template, name, node, colour_names, map_names))))
        template_names = [template.name for template in templates]
        sequence = tuple(s for node in pages_file["sequence"].sequence()
                         if (s := self.collect(partial(self._sequence_item, node, template_names, map_names))))
        if self.errors or page is None:
            raise ErrorList(self.errors)
        return Design(name=document["name"].string(), page=page, palette=palette, fonts=fonts,
                      styles=styles, boxes=boxes, templates=templates, sequence=sequence, columns=columns,
                      page_multiple=page_multiple, hyphenation=hyphenation,
                      loose_word_space=loose_word_space, space_shrink=space_shrink, shaping=shaping,
                      printing=printing or PrintSettings(), maps=maps, qr=qr)

    def _page(self, node: Node) -> PageGeometry:
        fields = node.mapping(required=("trim", "bleed", "margins", "columns", "gutter"),
                              optional=("slug",))
        trim = fields["trim"].mapping(required=("width", "height"))
        page_margins = margins(fields["margins"])
        return PageGeometry(
            trim_width=length(trim["width"]), trim_height=length(trim["height"]),
            bleed=length(fields["bleed"]),
            slug=length(fields["slug"]) if "slug" in fields else 0.0,
            margin_inner=page_margins.inner, margin_outer=page_margins.outer,
            margin_top=page_margins.top, margin_bottom=page_margins.bottom,
            columns=fields["columns"].integer(1, 12), gutter=length(fields["gutter"]))

    def _print(self, node: Node, page: PageGeometry) -> PrintSettings:
        fields = node.mapping(optional=("output_intent", "rendering_intent", "marks", "creep", "preflight"))
        intent = None
        if "output_intent" in fields:
            options = fields["output_intent"].mapping(required=("profile",),
                                                      optional=("condition", "description", "registry"))
            intent = OutputIntent(**{key: value.string() for key, value in options.items()})
        rendering = fields["rendering_intent"].string() if "rendering_intent" in fields else "relative"
        if rendering not in ("relative", "perceptual"):
            raise fields["rendering_intent"].fail(f"no rendering intent '{rendering}'",
                                                  did_you_mean(rendering, ["relative", "perceptual"]))
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
        return PrintSettings(output_intent=intent, rendering_intent=rendering, marks=marks, creep=creep,
                             preflight_profile=preflight)

    def _hyphenation(self, node: Node) -> Hyphenation:
        fields = node.mapping(optional=tuple(f.name for f in dataclass_fields(Hyphenation)))
        return Hyphenation(**{key: value.integer(0, 50) for key, value in fields.items()})

    def _colour(self, name: str, node: Node) -> CmykColour:
        channels = node.sequence()
        if len(channels) != 4:
            raise node.fail(f"a CMYK colour has 4 numbers, got {len(channels)}",
                            "write [cyan, magenta, yellow, black] in percent, e.g. [100, 60, 0, 25]")
        c, m, y, k = (channel.number(0, 100) / 100 for channel in channels)
        return CmykColour(name, c, m, y, k)

    def _font(self, name: str, node: Node) -> FontFamily:
        return font_family(name, node)

    def _styles(self, node: Node, colours: list[str], fonts: list[str]) -> tuple[TextStyle, ...]:
        raw = dict(node.items())
        resolved: dict[str, TextStyle] = {}

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
            for key, value in fields.items():
                if key in STYLE_LENGTHS:
                    values[key] = length(value)
                elif key in STYLE_FLAGS:
                    values[key] = value.boolean()
                elif key in STYLE_TEXTS:
                    values[key] = value.string()
                elif key in STYLE_NUMBERS:
                    values[key] = value.number(*STYLE_NUMBERS[key])
                elif key == "features":
                    values[key] = _features(value, values.get("features", ()))
            values["name"] = name
            self._check_style(style_node, fields, values, colours, fonts)
            resolved[name] = TextStyle(**values)
            return resolved[name]

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
                  ("bullet_colour", colours, "palette colour"), ("align", list(ALIGNMENTS), "alignment"))
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
        lengths = ("height", "border_width", "arc_width", "mark_size", "space_before", "space_after")
        colour_keys = ("land", "partner_land", "borders", "sea", "arc", "mark", "home_mark", "leader", "halo")
        fields = node.mapping(optional=lengths + colour_keys + ("extent", "margin", "align", "label",
                                                                "home_label", "years"))
        values: dict[str, object] = {"name": name}
        style_names = [style.name for style in styles]
        for key, value in fields.items():
            if key in lengths:
                values[key] = length(value)
            elif key in colour_keys:
                values[key] = None if value.node.tag.endswith(":null") else palette_colour(value, colours)
            elif key in ("label", "home_label"):
                text = None if value.node.tag.endswith(":null") else value.string()
                if text is not None and text not in style_names:
                    raise value.fail(f"no style named '{text}'", did_you_mean(text, style_names))
                values[key] = text
            elif key == "extent":
                extent = value.string()
                if extent not in ("world", "fit"):
                    raise value.fail(f"no map extent '{extent}'", "use 'world' or 'fit'")
                values[key] = extent
            elif key == "align":
                align = value.string()
                if align not in ("top", "middle", "bottom"):
                    raise value.fail(f"no map alignment '{align}'", did_you_mean(align, ["top", "middle", "bottom"]))
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
                                        "footer_colour", "graphic"))
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
            edge = band["edge"].string()
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
            graphic=graphic)

    def _sequence_item(self, node: Node, templates: list[str], maps: list[str]) -> SequenceItem:
        keys = node.mapping()
        kinds = [key for key in SEQUENCE_KINDS if key in keys]
        if len(kinds) != 1:
            raise node.fail("a sequence item needs exactly one of: " + ", ".join(SEQUENCE_KINDS))
        kind = kinds[0]
        if kind == "section":
            fields = node.mapping(required=("section", "template"), optional=("new_page", "fill"))
            options = fields
            section = fields["section"].string()
        else:
            node.mapping(required=(kind,))
            options = keys[kind].mapping(required=("template",),
                                         optional=("new_page", "per_page") if kind == "cities" else ("new_page",))
            section = None
        template = options["template"].string()
        if template not in templates:
            raise options["template"].fail(f"no page template named '{template}'",
                                           did_you_mean(template, templates))
        auto_page = "new_page" in options and options["new_page"].node.value == "auto"
        if "new_page" in options and not auto_page and not options["new_page"].node.tag.endswith(":bool"):
            raise options["new_page"].fail(f"expected true, false or auto, got {options['new_page'].node.value!r}",
                                           "auto starts a new page only when less than a third of the page is free")
        new_page = True if auto_page or "new_page" not in options else options["new_page"].boolean()
        per_page = options["per_page"].integer(1, 100) if "per_page" in options else None
        fill_map = None
        if "fill" in options:
            fill_map = options["fill"].mapping(required=("map",))["map"].string()
            if fill_map not in maps:
                raise options["fill"].fail(f"no map style named '{fill_map}'",
                                           did_you_mean(fill_map, list(maps)) if maps else
                                           "add it under maps: in layout/styles.yaml")
        return SequenceItem(kind=kind, template=template, section=section, new_page=new_page,
                            per_page=per_page, auto_page=auto_page, fill_map=fill_map)


def load_design(folder: Path, shown_root: Path | None = None) -> Design:
    """Read the layout folder into a Design, or raise every problem found."""
    for name in ("document.yaml", "styles.yaml", "pages.yaml"):
        if not (folder / name).is_file():
            raise DesignError(f"no {name} in the layout folder", None,
                              f"expected {folder / name}; pass --layout to choose the folder")
    return DesignReader(folder, shown_root or folder.parent).read()
