"""Fonts: the one place font files are opened and registered with reportlab."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTFont as FontToolsFont
from fontTools.ttLib import TTLibError
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from brochure.errors import FontError, Location
from brochure.model.design import FontFamily

FACES = {"regular": (False, False), "bold": (True, False), "italic": (False, True),
         "bold_italic": (True, True)}


@dataclass(frozen=True)
class RegisteredFamily:
    """The reportlab font names of one family's faces."""

    family: str
    names: tuple[tuple[str, str], ...]  # (face, reportlab font name)
    paths: tuple[tuple[str, str], ...] = ()  # (reportlab font name, file path shown to users)
    fallback: str | None = None  # the family that draws the characters this one lacks

    def face_name(self, bold: bool, italic: bool) -> str:
        wanted = {(b, i): face for face, (b, i) in FACES.items()}[(bold, italic)]
        faces = dict(self.names)
        return faces.get(wanted) or faces["regular"]


def font_name(family: str, face: str) -> str:
    return f"{family.replace(' ', '')}-{face}"


# reportlab's font registry is global to the process: remember which file each
# name holds, so that a second brochure with another file under the same family
# name replaces it instead of silently using the first one.
_registered_files: dict[str, str] = {}


def _register_file(name: str, path: str) -> None:
    """Register one TrueType/OpenType file under `name`, parsing it once per process."""
    if _registered_files.get(name) == path:
        return
    pdfmetrics.registerFont(TTFont(name, path))
    _registered_files[name] = path


def register_families(families: tuple[FontFamily, ...], root: Path, shown_file: str) -> dict[str, RegisteredFamily]:
    """Register every face of every family; font paths are relative to `root`."""
    registered: dict[str, RegisteredFamily] = {}
    for family in families:
        names = []
        for face, relative in family.faces():
            path = root / relative
            if not path.is_file():
                raise FontError(f"font '{family.name}' {face}: file not found: {relative}",
                                Location(shown_file, key=f"fonts.{family.name}.{face}"),
                                "put the .ttf or .otf file there, or correct the path")
            name = font_name(family.name, face)
            try:
                _register_file(name, str(path.resolve()))
            except (TTFError, OSError, TTLibError) as error:
                raise FontError(f"font '{family.name}' {face}: cannot be used: {error}",
                                Location(shown_file, key=f"fonts.{family.name}.{face}"),
                                "use a TrueType-flavoured OpenType font (.ttf)") from None
            names.append((face, name))
        faces = dict(names)
        paths = tuple((name, relative) for (face, name), (_, relative) in zip(names, family.faces()))
        regular = faces["regular"]
        for face, (bold, italic) in FACES.items():
            addMapping(regular, 1 if bold else 0, 1 if italic else 0, faces.get(face, regular))
        registered[family.name] = RegisteredFamily(family.name, tuple(names), paths, family.fallback)
    return registered


@cache
def glyph_coverage(path: str) -> frozenset[int]:
    """The code points a font file maps to glyphs."""
    with FontToolsFont(path, lazy=True) as font:
        return frozenset(font.getBestCmap())


@cache
def layout_features(path: str) -> frozenset[str]:
    """The OpenType feature tags a font file's GSUB and GPOS tables offer (and `kern`
    when it has a legacy kern table)."""
    with FontToolsFont(path, lazy=True) as font:
        tags = {"kern"} if "kern" in font else set()
        for table in ("GSUB", "GPOS"):
            if table in font and font[table].table.FeatureList is not None:
                tags.update(record.FeatureTag for record in font[table].table.FeatureList.FeatureRecord)
        return frozenset(tags)


def font_path(root: Path, families: dict[str, RegisteredFamily], font_name: str) -> str | None:
    for family in families.values():
        for name, relative in family.paths:
            if name == font_name:
                return str((root / relative).resolve())
    return None
