"""Layout stage, checked before layout: every text must stay legible (WCAG contrast).

Text over a cover graphic is an error (`check_graphic_contrast`): each text style set on a
page template that has a graphic is compared with every area colour of that graphic (land,
partner land, sea) and with the page's background. Every other text is checked by
`check_text_contrast`, a warning at the style's line: each style against what it is set on
(the page or its background, a template image's average colour, the box of the figures or
cards it sets, the map its labels are drawn on). Colours are converted to sRGB through the
output profile, as they print. Large text (18 pt, or 14 pt bold) needs 3:1, other text
4.5:1 (WCAG 2.1, level AA).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from brochure.colour import ColourTransforms
from brochure.errors import BrochureError, DesignError, Location
from brochure.load.validate import STYLES_FOR
from brochure.model.content import Brochure, ListBlock
from brochure.model.design import Design, PageTemplate, TextStyle

RGB = tuple[float, float, float]
PAPER: RGB = (1.0, 1.0, 1.0)  # an unprinted page: the paper's white

# the text styles each kind of cover page sets (and their "-2" variants for later languages): the
# loader's table, and the text beside the back cover's QR code
COVER_STYLES = {"cover": STYLES_FOR["cover"], "back_cover": (*STYLES_FOR["back_cover"], "qr-text")}


def relative_luminance(rgb: tuple[float, float, float]) -> float:
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """WCAG contrast ratio, from 1 (the same) to 21 (black on white)."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def needed_ratio(style: TextStyle) -> float:
    # the smallest the style may set (a title fitted so as not to end with one word alone)
    size = style.size * (1 - style.fit_size)
    large = size >= 18 or (style.bold and size >= 14) or "Black" in style.font
    return 3.0 if large and size >= 14 else 4.5


def check_graphic_contrast(design: Design, root: Path, colours: ColourTransforms) -> list[BrochureError]:
    intent = design.printing.output_intent
    if intent is None or not (root / intent.profile).is_file():
        return []  # reported elsewhere; nothing to convert with
    profile = str(root / intent.profile)
    names = {style.name for style in design.styles}

    def srgb(name: str) -> tuple[float, float, float]:
        colour = design.colour(name)
        return colours.cmyk_to_srgb(colour.cyan, colour.magenta, colour.yellow, colour.black, profile)

    errors: list[BrochureError] = []
    for item in design.sequence:
        template = design.template(item.template)
        if template.graphic is None or item.kind not in COVER_STYLES:
            continue
        graphic = design.map_style(template.graphic)
        areas = [name for name in (graphic.land, graphic.partner_land, graphic.sea, template.background) if name]
        styles = [design.style(name) for base in COVER_STYLES[item.kind] for name in (base, f"{base}-2")
                  if name in names]
        for style in styles:
            for area in areas:
                ratio = contrast_ratio(srgb(style.colour), srgb(area))
                if ratio < needed_ratio(style):
                    errors.append(DesignError(
                        f"style '{style.name}' ({style.colour}) over the {template.name} graphic's '{area}': "
                        f"contrast {ratio:.1f}:1, legible text needs {needed_ratio(style):g}:1",
                        Location("layout/styles.yaml", key=f"maps.{graphic.name}"),
                        "darken the map's land or sea colours, or lighten the text colour"))
    return errors


@dataclass(frozen=True)
class ContrastProblem:
    """Text of `style` too faint on `ground`: a warning at the style's line in layout/styles.yaml."""

    style: str
    colour: str        # the palette colour of the text (or of its list numbers)
    ground: str        # what is behind it, e.g. "the page", "box 'key-figures'", "map 'partners' land"
    ratio: float
    needed: float
    location: Location

    @property
    def message(self) -> str:
        return (f"style '{self.style}' ({self.colour}) on {self.ground}: contrast {self.ratio:.1f}:1, "
                f"text of its size needs {self.needed:g}:1")

    @property
    def hint(self) -> str:
        return ("use a darker ink for the text (keep the light colour for rules, bullets and bands), "
                "or a larger or bolder size (18 pt, or 14 pt bold, needs 3:1)")


def colour_converter(design: Design, root: Path, colours: ColourTransforms) -> Callable[[str], RGB]:
    """A palette colour in sRGB: through the output profile when there is one, as it prints;
    otherwise by the naive formula (enough to tell legible from faint)."""
    intent = design.printing.output_intent
    profile = str(root / intent.profile) if intent is not None and (root / intent.profile).is_file() else None

    def srgb(name: str) -> RGB:
        colour = design.colour(name)
        if profile is not None:
            return colours.cmyk_to_srgb(colour.cyan, colour.magenta, colour.yellow, colour.black, profile)
        return tuple((1 - channel) * (1 - colour.black)  # type: ignore[return-value]
                     for channel in (colour.cyan, colour.magenta, colour.yellow))
    return srgb


def _page_grounds(template: PageTemplate, root: Path, srgb: Callable[[str], RGB],
                  colours: ColourTransforms) -> Iterator[tuple[str, RGB]]:
    if template.background:
        yield f"the background of template '{template.name}' ({template.background})", srgb(template.background)
    else:
        yield "the page", PAPER
    if template.image is not None and template.image.fit != "logo":
        average = colours.image_average(root / template.image.path)
        if average is not None:
            yield f"the image of template '{template.name}' (its average colour)", average


def style_grounds(brochure: Brochure, design: Design, root: Path, srgb: Callable[[str], RGB],
                  colours: ColourTransforms) -> dict[str, list[tuple[str, RGB]]]:
    """What each text style is set on: (description, sRGB colour) pairs."""
    templates: dict[str, list[PageTemplate]] = {item.kind: [] for item in design.sequence}
    for item in design.sequence:
        template = design.template(item.template)
        if template not in templates[item.kind]:
            templates[item.kind].append(template)

    def on(kinds: tuple[str, ...]) -> list[tuple[str, RGB]]:
        grounds: dict[str, RGB] = {}
        for kind in kinds:
            for template in templates.get(kind, []):
                grounds.update(_page_grounds(template, root, srgb, colours))
        return list(grounds.items()) or [("the page", PAPER)]

    pages = on(("section",))
    grounds: dict[str, list[tuple[str, RGB]]] = {style.name: pages for style in design.styles}
    for kind, names in COVER_STYLES.items():
        for base in names:
            for name in (base, f"{base}-2"):
                grounds[name] = on((kind,))
    footed = [template for template in design.templates if template.running_footer or template.folio]
    for name in ("footer", "folio"):
        found: dict[str, RGB] = {}
        for template in footed:
            found.update(_page_grounds(template, root, srgb, colours))
        grounds[name] = list(found.items()) or pages

    def boxed(box_name: str, styles: list[str]) -> None:
        box = design.box(box_name)
        if box.background is not None:
            for name in styles:
                grounds[name] = [(f"box '{box_name}' ({box.background})", srgb(box.background))]

    boxed("key-figures", list(STYLES_FOR["figures"]))
    for card_kind in design.card_kinds:
        boxed(card_kind.box, [line.style for line in card_kind.lines])
    labelled: dict[str, list[tuple[str, RGB]]] = {}
    for map_style in design.maps:
        if map_style.halo is not None:  # the letters are outlined in the halo colour: that is their ground
            behind = [(f"the halo of map '{map_style.name}' ({map_style.halo})", srgb(map_style.halo))]
        else:
            behind = [(f"map '{map_style.name}' {part} ({colour})", srgb(colour))
                      for part, colour in (("land", map_style.land), ("partner land", map_style.partner_land),
                                           ("sea", map_style.sea)) if colour] or pages
        for label_style in (map_style.label, map_style.home_label):
            if label_style:
                labelled.setdefault(label_style, []).extend(behind)
    grounds.update(labelled)
    return grounds


def check_text_contrast(brochure: Brochure, design: Design, root: Path,
                        colours: ColourTransforms | None = None) -> list[ContrastProblem]:
    """Every text style against what it is set on; numbered lists' numbers too (`colours`: the
    build session's conversions, else a new set)."""
    colours = colours or ColourTransforms()
    srgb = colour_converter(design, root, colours)
    grounds = style_grounds(brochure, design, root, srgb, colours)
    numbered = any(isinstance(block, ListBlock) and block.numbered
                   for section in brochure.sections for block in section.blocks)
    problems: list[ContrastProblem] = []
    for style in design.styles:
        inks = [style.colour]
        if style.name == "list-item" and numbered:  # a list's numbers are text; its bullets are not
            inks.append(style.number_colour or style.bullet_colour or style.colour)
        location = style.location or Location("layout/styles.yaml", key=f"styles.{style.name}")
        for ink in dict.fromkeys(inks):
            for ground, colour in grounds.get(style.name, []):
                ratio = contrast_ratio(srgb(ink), colour)
                needed = needed_ratio(style)
                if ratio < needed:
                    problems.append(ContrastProblem(style.name, ink, ground, ratio, needed, location))
    return problems
