"""Fonts: prepared fonts registered with reportlab under names keyed by their content.

reportlab's registry is global to the process and keeps the first font registered under a
name, and even under a PostScript name (a second font whose internal name matches is silently
replaced by the first). So each font is registered under a name that holds its content's
digest: a changed file is a new registration, and rebuilding in the same process uses it."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from fontTools.ttLib import TTFont as FontToolsFont
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from brochure.errors import BrochureError, ErrorList, FontError, Location
from brochure.fonts.prepare import PreparedFont, PreparedFonts, prepare_face
from brochure.model.design import FontFamily

FACES = {"regular": (False, False), "bold": (True, False), "italic": (False, True),
         "bold_italic": (True, True)}

# reportlab's registry: fonts by name, and each PostScript name's first font, an alias that
# names keyed by content must undo. Looked up here so that a reportlab without them fails at
# start-up rather than quietly reusing an old font.
if not (hasattr(pdfmetrics, "_fonts") and hasattr(pdfmetrics, "_dynFaceNames")):
    raise RuntimeError("reportlab.pdfbase.pdfmetrics has no _fonts or _dynFaceNames: "
                       "brochure.fonts.registry needs updating for this reportlab")
_REPORTLAB_FONTS: dict[str, Any] = pdfmetrics._fonts
_REPORTLAB_FACE_NAMES: dict[bytes, Any] = pdfmetrics._dynFaceNames  # type: ignore[attr-defined]


class EmbeddedTTFont(TTFont):
    """A TrueType font that names the user's file if it turns out damaged when its subset is
    written into the PDF (the only time reportlab reads the glyph outlines)."""

    shown = "?"
    owner = "font"
    digest = ""

    def addObjects(self, doc: Any) -> None:
        try:
            super().addObjects(doc)
        except Exception as error:  # noqa: BLE001 - a damaged glyph makes reportlab raise anything
            raise FontError(f"{self.owner}: {self.shown}: damaged font: cannot write its glyphs: "
                            f"{error or type(error).__name__}",
                            hint="copy the font file again from where it came from") from None


@dataclass(frozen=True)
class RegisteredFamily:
    """The reportlab font names of one family's faces."""

    family: str
    names: tuple[tuple[str, str], ...]  # (face, reportlab font name)
    paths: tuple[tuple[str, str], ...] = ()  # (reportlab font name, file path shown to users)
    fallback: str | None = None  # the family that draws the characters this one lacks
    conversions: tuple[str, ...] = field(default=(), compare=False)  # what was done to its files
    licences: tuple[str, ...] = field(default=(), compare=False)  # what their licence bits allow

    def face_name(self, bold: bool, italic: bool) -> str:
        wanted = {(b, i): face for face, (b, i) in FACES.items()}[(bold, italic)]
        faces = dict(self.names)
        return faces.get(wanted) or faces["regular"]


def font_name(family: str, face: str, digest: str) -> str:
    return f"{family.replace(' ', '')}-{face}-{digest[:16]}"


def register_font(name: str, prepared: PreparedFont) -> EmbeddedTTFont:
    """The font registered under `name`, parsed only if no registered font has its content:
    faces of several families that use one file share one font (one subset in the PDF)."""
    known = _REPORTLAB_FONTS.get(name)
    if isinstance(known, EmbeddedTTFont):
        return known
    registered = [font for font in _REPORTLAB_FONTS.values() if isinstance(font, EmbeddedTTFont)]
    for same in registered:
        if same.digest == prepared.digest:
            _REPORTLAB_FONTS[name] = same
            return same
    try:
        font = EmbeddedTTFont(name, io.BytesIO(prepared.data))
    except Exception as error:  # noqa: BLE001 - a damaged file makes reportlab raise anything
        raise FontError(f"{prepared.owner}: {prepared.shown}: damaged font: {error or type(error).__name__}",
                        prepared.where, "copy the font file again from where it came from") from None
    font.shown, font.owner, font.digest = prepared.shown, prepared.owner, prepared.digest
    # A registered font of this PostScript name with other content is an older version of the
    # file: unregister it, so that what looks fonts up by that name (the ToUnicode map) finds
    # this one, and a long-lived process keeps one version. (Two in one build are refused.)
    older = [other for other in registered if other.face.name == font.face.name]
    for other_name, other in list(_REPORTLAB_FONTS.items()):
        if any(other is version for version in older):
            del _REPORTLAB_FONTS[other_name]
    _REPORTLAB_FACE_NAMES.pop(font.face.name, None)
    pdfmetrics.registerFont(font)
    return font


def register_families(families: tuple[FontFamily, ...], root: Path, shown_file: str = "layout/styles.yaml",
                      kept: PreparedFonts | None = None) -> dict[str, RegisteredFamily]:
    """Prepare and register every face of every family (paths relative to `root`); every
    problem of every face is reported at once. Two different fonts with one PostScript name
    are refused: in the PDF they would be two fonts of the same name. `kept`: the build
    session's prepared fonts. reportlab's own registry of fonts (pdfmetrics) is the process's,
    by reportlab's design; a font is registered there under a name that holds its content's
    digest, so two sessions share it without one changing what the other draws."""
    registered: dict[str, RegisteredFamily] = {}
    problems: list[BrochureError] = []
    claimed: dict[bytes, PreparedFont] = {}
    for family in families:
        names: list[tuple[str, str]] = []
        paths: list[tuple[str, str]] = []
        conversions: list[str] = []
        licences: list[str] = []
        for face, spec in family.face_specs():
            try:
                where = spec.location or Location(shown_file, key=f"fonts.{family.name}.{face}")
                prepared = prepare_face(root, family.name, face, spec, where, kept)
                name = font_name(family.name, face, prepared.digest)
                font = register_font(name, prepared)
            except BrochureError as problem:
                problems.append(problem)
                continue
            other = claimed.setdefault(font.face.name, prepared)
            if other.digest != prepared.digest:
                problems.append(FontError(
                    f"{prepared.owner}: {prepared.shown} is named '{font.face.name.decode('latin-1')}', "
                    f"like {other.owner} ({other.shown}), but is a different font", prepared.where,
                    "use the same file for both, or fonts with different names"))
            names.append((face, name))
            paths.append((name, spec.file))
            for said, notes in ((prepared.conversion, conversions), (prepared.licence, licences)):
                if said is not None and said not in notes:
                    notes.append(said)
        if not names or "regular" not in dict(names):
            continue
        faces = dict(names)
        for face, (bold, italic) in FACES.items():
            addMapping(faces["regular"], 1 if bold else 0, 1 if italic else 0, faces.get(face, faces["regular"]))
        registered[family.name] = RegisteredFamily(family.name, tuple(names), tuple(paths), family.fallback,
                                                   tuple(conversions), tuple(licences))
    if problems:
        raise ErrorList(problems)
    return registered


def glyph_coverage(font_name: str) -> frozenset[int]:
    """The code points a registered font maps to glyphs (read by reportlab from its cmap)."""
    font = _REPORTLAB_FONTS[font_name]
    return frozenset(font.face.charToGlyph)


def lend_space(font_name: str, char: str) -> bool:
    """Let a registered face draw `char` (a no-break space it lacks) with its own space glyph:
    its width for measuring, its glyph in the embedded subset. False if it has no space either."""
    face = _REPORTLAB_FONTS[font_name].face
    space = face.charToGlyph.get(32)
    if space is None:
        return False
    face.charToGlyph[ord(char)] = space
    face.charWidths[ord(char)] = face.charWidths.get(32, face.defaultWidth)
    return True


@cache
def layout_features(font_name: str) -> frozenset[str]:
    """The OpenType feature tags a registered font's GSUB and GPOS tables offer (and `kern`
    when it has a legacy kern table). Read from the font as embedded (converted or instanced);
    kept per name, which holds the font's content digest."""
    data = _REPORTLAB_FONTS[font_name].face._ttf_data
    with FontToolsFont(io.BytesIO(data), lazy=True) as font:
        tags = {"kern"} if "kern" in font else set()
        for table in ("GSUB", "GPOS"):
            if table in font and font[table].table.FeatureList is not None:
                tags.update(record.FeatureTag for record in font[table].table.FeatureList.FeatureRecord)
        return frozenset(tags)
