"""Fonts: what fontTools does to a font before reportlab can embed it. reportlab embeds
TrueType outlines only, from a static font: PostScript (CFF) outlines are converted to
TrueType, and a variable font gives a static instance."""

from __future__ import annotations

import re

from fontTools.ttLib import TTFont, newTable

from brochure.model.design import FontFace

# Largest distance between a cubic curve and its quadratic replacement, in em: 1/1000 em is
# 0.01 pt at 10 pt, a tenth of what a 2400 dpi imagesetter can show, so the change is invisible.
TOLERANCE_EM = 1 / 1000
# Characters a PostScript name may not hold (besides spaces and anything outside printable ASCII).
_NOT_IN_POSTSCRIPT_NAME = re.compile(r"[^!-~]|[\[\](){}<>/%]")


def cff_to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines by quadratic TrueType ones in place (after fontTools' otf2ttf
    snippet); cmap, GSUB, GPOS, GDEF and the advance widths stay, hinting does not."""
    # imported here: a brochure in TrueType fonts never loads the converters
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    tolerance = font["head"].unitsPerEm * TOLERANCE_EM
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyphs = {}
    for name in order:
        pen = TTGlyphPen(None)
        # PostScript outlines run counter-clockwise, TrueType ones clockwise: reverse them.
        glyph_set[name].draw(Cu2QuPen(pen, tolerance, reverse_direction=True))
        glyphs[name] = pen.glyph()
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    font["loca"] = newTable("loca")
    glyf = font["glyf"] = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = glyphs
    font.recalcBBoxes = True  # the new outlines need their bounds, and head and maxp theirs
    glyf.compile(font)
    metrics = font["hmtx"]
    for name, glyph in glyphs.items():
        if hasattr(glyph, "xMin"):  # the left side bearing is the outline's left edge
            metrics[name] = (metrics[name][0], glyph.xMin)
    maxp = font["maxp"] = newTable("maxp")
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 0)
    maxp.compile(font)
    post = font["post"]
    post.formatType = 2.0  # keep the glyph names the CFF table held
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    try:
        post.compile(font)
    except OverflowError:
        post.formatType = 3.0  # too many names for a format 2 table: none is needed to print
    font.sfntVersion = "\x00\x01\x00\x00"


class UnknownInstance(ValueError):
    """The face asks the variable font for an instance or an axis value it does not have."""


def axes_listing(font: TTFont) -> str:
    axes = ", ".join(f"{axis.axisTag} {axis.minValue:g}–{axis.maxValue:g} (default {axis.defaultValue:g})"
                     for axis in font["fvar"].axes)
    instances = ", ".join(instance_name(font, instance) for instance in font["fvar"].instances)
    return f"axes: {axes}; instances: {instances or 'none'}"


def instance_name(font: TTFont, instance: object) -> str:
    return str(font["name"].getDebugName(instance.subfamilyNameID) or "?")  # type: ignore[attr-defined]


def instance_location(font: TTFont, face: FontFace) -> tuple[dict[str, float], str]:
    """Every axis of the variable font pinned to a value, and the instance's name."""
    fvar = font["fvar"]
    defaults = {axis.axisTag: axis.defaultValue for axis in fvar.axes}
    if face.instance is not None:
        wanted = face.instance.replace(" ", "").casefold()
        for instance in fvar.instances:
            if instance_name(font, instance).replace(" ", "").casefold() == wanted:
                return defaults | dict(instance.coordinates), instance_name(font, instance)
        raise UnknownInstance(f"the variable font has no instance '{face.instance}'")
    location = dict(defaults)
    ranges = {axis.axisTag: axis for axis in fvar.axes}
    for tag, value in face.axes:
        if tag not in ranges:
            raise UnknownInstance(f"the variable font has no axis '{tag}'")
        axis = ranges[tag]
        if not axis.minValue <= value <= axis.maxValue:
            raise UnknownInstance(f"axis '{tag}' goes from {axis.minValue:g} to {axis.maxValue:g}, not {value:g}")
        location[tag] = value
    for instance in fvar.instances:  # axis values that match a named instance take its name
        if defaults | dict(instance.coordinates) == location:
            return location, instance_name(font, instance)
    return location, "".join(f"{tag}{value:g}" for tag, value in face.axes) or "default"


def make_instance(font: TTFont, location: dict[str, float], name: str) -> TTFont:
    """A static font at `location`, with a PostScript name of its own: two instances of one
    variable font must not share a name in the PDF."""
    from fontTools.varLib import instancer  # imported here, as the converters above

    static = instancer.instantiateVariableFont(font, location, inplace=False, static=True)
    names = static["name"]
    prefix = str(font["name"].getDebugName(25) or font["name"].getDebugName(6) or "Font").split("-")[0]
    family = str(font["name"].getDebugName(16) or font["name"].getDebugName(1) or prefix)
    postscript = _NOT_IN_POSTSCRIPT_NAME.sub("", f"{prefix}-{name}")[:63]
    for record in list(names.names):
        if record.nameID == 6:
            names.setName(postscript, 6, record.platformID, record.platEncID, record.langID)
        elif record.nameID == 4:
            names.setName(f"{family} {name}", 4, record.platformID, record.platEncID, record.langID)
    return static
