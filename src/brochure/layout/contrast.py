"""Layout stage, checked before layout: text over a cover graphic must stay legible (WCAG contrast).

Each text style set on a page template that has a graphic is compared with every
area colour of that graphic (land, partner land, sea) and with the page's
background, converted to sRGB through the output profile. Large text (18 pt,
or 14 pt bold) needs 3:1, other text 4.5:1 (WCAG 2.1, level AA).
"""

from __future__ import annotations

from pathlib import Path

from brochure.colour import cmyk_to_srgb
from brochure.errors import BrochureError, DesignError, Location
from brochure.load.validate import STYLES_FOR
from brochure.model.design import Design, TextStyle

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
    large = style.size >= 18 or (style.bold and style.size >= 14) or "Black" in style.font
    return 3.0 if large and style.size >= 14 else 4.5


def check_graphic_contrast(design: Design, root: Path) -> list[BrochureError]:
    intent = design.printing.output_intent
    if intent is None or not (root / intent.profile).is_file():
        return []  # reported elsewhere; nothing to convert with
    profile = str(root / intent.profile)
    names = {style.name for style in design.styles}

    def srgb(name: str) -> tuple[float, float, float]:
        colour = design.colour(name)
        red, green, blue = cmyk_to_srgb(colour.cyan, colour.magenta, colour.yellow, colour.black, profile)
        return red, green, blue

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
