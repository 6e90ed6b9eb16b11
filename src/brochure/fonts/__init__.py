"""Fonts: the one place font files are opened, prepared (converted, instanced) and registered.

files.py reads and checks a file, convert.py holds the fontTools conversions, prepare.py
turns a face into a static TrueType font (cached by cache.py), registry.py registers it with
reportlab under a name keyed by its content."""

from brochure.fonts.registry import (
    FACES,
    RegisteredFamily,
    glyph_coverage,
    layout_features,
    lend_space,
    register_families,
)

__all__ = ["FACES", "RegisteredFamily", "glyph_coverage", "layout_features", "lend_space", "register_families"]
