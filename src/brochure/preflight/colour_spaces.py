"""Preflight stage: a colour space object (a name, a resource name or an array) as a
ColourSpace: family, channels, base or alternate, and spot colour names. JPEG 2000
images without /ColorSpace carry their colour in the codestream, read here too."""

from __future__ import annotations

import struct
from typing import Any

import pikepdf

from brochure.preflight import values
from brochure.preflight.facts import PROCESS_INKS, ColourSpace

COMPONENTS = {"DeviceRGB": 3, "DeviceCMYK": 4, "DeviceGray": 1, "CalRGB": 3, "CalGray": 1, "Lab": 3}
DEVICE = {"/DeviceRGB": "DeviceRGB", "/RGB": "DeviceRGB", "/DeviceCMYK": "DeviceCMYK", "/CMYK": "DeviceCMYK",
          "/DeviceGray": "DeviceGray", "/G": "DeviceGray", "/Pattern": "Pattern", "/CalRGB": "CalRGB",
          "/CalGray": "CalGray", "/Lab": "Lab"}
UNKNOWN = ColourSpace("unknown")


def colour_space(value: Any, resources: Any, depth: int = 0) -> ColourSpace:
    """What `value` (an operand or an object's /ColorSpace) names, looked up in resources."""
    if depth > 8:
        return UNKNOWN
    named = values.name(value)
    if named is not None:
        if named in DEVICE:
            return ColourSpace(DEVICE[named], components=COMPONENTS.get(DEVICE[named]))
        table = values.get(resources, "/ColorSpace")
        found = values.get(table, named)
        if found is not None:
            return colour_space(found, None, depth + 1)
        return UNKNOWN
    parts = values.elements(value)
    if not parts:
        return UNKNOWN
    family = (values.name(parts[0]) or "").lstrip("/")
    if family in ("ICCBased",) and len(parts) > 1:
        channels = values.integer(values.get(parts[1], "/N"))
        return ColourSpace("ICCBased", channels, components=channels)
    if family in ("Indexed", "I") and len(parts) > 1:
        return ColourSpace("Indexed", base=colour_space(parts[1], resources, depth + 1), components=1)
    if family == "Separation" and len(parts) > 2:
        ink = values.name_text(parts[1]) or "?"
        spots: tuple[str, ...] = () if ink in PROCESS_INKS + ("All", "None") else (ink,)
        return ColourSpace("Separation", base=colour_space(parts[2], resources, depth + 1), spots=spots,
                           components=1)
    if family == "DeviceN" and len(parts) > 2:
        inks = [values.name_text(part) or "?" for part in values.elements(parts[1])]
        spots = tuple(ink for ink in inks if ink not in PROCESS_INKS + ("None", "All"))
        return ColourSpace("DeviceN", base=colour_space(parts[2], resources, depth + 1), spots=spots,
                           components=len(inks) or None)
    if family == "Pattern":
        base = colour_space(parts[1], resources, depth + 1) if len(parts) > 1 else None
        return ColourSpace("Pattern", base=base)
    if "/" + family in DEVICE:
        return ColourSpace(DEVICE["/" + family], components=COMPONENTS.get(DEVICE["/" + family]))
    return ColourSpace(family or "unknown")


def jpx_colour(stream: Any) -> ColourSpace:
    """The colour of a JPEG 2000 image from its codestream: the JP2 'colr' box when there
    is one (enumerated sRGB, grey, CMYK, sYCC), else the component count (SIZ marker)."""
    try:
        data = bytes(stream.read_raw_bytes()[:4096])
    except (pikepdf.PdfError, RuntimeError, AttributeError):
        return ColourSpace("JPX")
    at = data.find(b"colr")
    if at >= 0 and len(data) >= at + 11 and data[at + 4] == 1:
        enumerated = struct.unpack(">I", data[at + 7:at + 11])[0]
        known = {16: ("DeviceRGB", 3), 17: ("DeviceGray", 1), 12: ("DeviceCMYK", 4), 18: ("DeviceRGB", 3)}
        if enumerated in known:
            family, channels = known[enumerated]
            return ColourSpace("JPX", channels) if family == "DeviceRGB" else ColourSpace(family, channels)
    size = data.find(b"\xff\x51")
    if size >= 0 and len(data) >= size + 40:
        components = struct.unpack(">H", data[size + 38:size + 40])[0]
        if components == 4:
            return ColourSpace("DeviceCMYK", 4)
        if components == 1:
            return ColourSpace("DeviceGray", 1)
        return ColourSpace("JPX", components)
    return ColourSpace("JPX")
