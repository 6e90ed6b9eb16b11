"""Fonts: a face as reportlab can embed it. A static TrueType font is used as it is; anything
else (CFF outlines, a variable font, a collection, WOFF/WOFF2) is made into one with fontTools
and kept in the cache, keyed by the file's content and what the face asks of it."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from fontTools.ttLib import TTFont

from brochure.errors import BrochureError, Location
from brochure.fonts.cache import cached
from brochure.fonts.convert import (
    TOLERANCE_EM,
    UnknownInstance,
    axes_listing,
    cff_to_truetype,
    instance_location,
    make_instance,
)
from brochure.fonts.files import FontSource, damaged, embedding_note, open_font, read_source
from brochure.model.design import FontFace

# Part of every cache key: raise it when a change here makes different fonts from the same file.
PREPARATION = "1"


@dataclass(frozen=True)
class PreparedFont:
    """A static TrueType font ready for reportlab, and what was done to make it."""

    data: bytes
    digest: str                  # of the file and the face's recipe: the font's identity
    shown: str                   # the file as the layout names it
    owner: str                   # "font 'Lato' bold"
    where: Location | None
    conversion: str | None = None  # what was done to the file, listed by --explain
    licence: str | None = None     # what the font's licence bits allow, said on every build


# A build session's prepared fonts by (file digest, recipe): a second build or edition opens
# nothing again. Keyed by content, so a changed file is prepared anew.
PreparedFonts = dict[tuple[str, str], "PreparedFont"]


def prepare_face(root: Path, family: str, face_name: str, face: FontFace, where: Location | None,
                 prepared: PreparedFonts | None = None) -> PreparedFont:
    """The face ready to register, from `prepared` (the session's) when its file was prepared already."""
    owner = f"font '{family}' {face_name}"
    source = read_source(root, face, owner, where)
    key = (source.digest, face.recipe())
    kept = {} if prepared is None else prepared
    if key not in kept:
        try:
            kept[key] = _prepare(source, face)
        except BrochureError:
            raise
        except Exception as error:  # noqa: BLE001 - a damaged table makes fontTools raise anything
            raise damaged(source, error) from None
    return replace(kept[key], owner=owner, where=where)


def _prepare(source: FontSource, face: FontFace) -> PreparedFont:
    font = open_font(source, face)
    licence = embedding_note(font, source)
    if licence is not None:
        licence = f"{source.shown}: {licence}"
    variable = "fvar" in font
    if not variable and (face.instance is not None or face.axes):
        raise source.error("is not a variable font: it has no instances or axes",
                           "remove 'instance:' and the axis values from this face")
    steps = []
    if source.kind == "collection":
        steps.append(f"taken from the collection (font {font['name'].getDebugName(6)})")
    if font.flavor:
        steps.append(f"decompressed from {font.flavor.upper()}")
    location: dict[str, float] = {}
    if variable:
        try:
            location, name = instance_location(font, face)
        except UnknownInstance as problem:
            raise source.error(f"{problem}; {axes_listing(font)}",
                               "name one of these instances, or give axis values in range") from None
        values = ", ".join(f"{tag} {value:g}" for tag, value in location.items())
        steps.append(f"static instance '{name}' ({values}) made from the variable font")
    outlines = "CFF " in font or "CFF2" in font
    if outlines:
        steps.append(f"PostScript (CFF) outlines converted to TrueType (tolerance {TOLERANCE_EM * 1000:g}/1000 em), "
                     "hinting dropped")
    if not steps:
        return PreparedFont(source.data, source.digest, source.shown, source.owner, source.where, licence=licence)

    def make() -> bytes:
        with quiet_fonttools():
            return _made(font, location, name if variable else "", outlines)

    digest = hashlib.sha256(f"{source.digest};{face.recipe()};{PREPARATION}".encode()).hexdigest()
    data = cached(digest, make, is_truetype)
    conversion = f"{source.shown}: " + "; ".join(steps)
    return PreparedFont(data, digest, source.shown, source.owner, source.where, conversion, licence)


def is_truetype(data: bytes) -> bool:
    """Whether a cached file is a whole TrueType font (a cache is not to be trusted blindly)."""
    try:
        font = TTFont(io.BytesIO(data), lazy=True)
        return data[:4] == b"\x00\x01\x00\x00" and all(
            entry.offset + entry.length <= len(data) for entry in font.reader.tables.values())
    except Exception:  # noqa: BLE001 - whatever is wrong with it, it is made again
        return False


@contextmanager
def quiet_fonttools() -> Iterator[None]:
    """fontTools logs remarks on fonts that work (an old 'created' date, a table it drops):
    nothing the user can act on, so not printed while a font is converted."""
    logger = logging.getLogger("fontTools")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


def _made(font: TTFont, location: dict[str, float], name: str, outlines: bool) -> bytes:
    if location:
        font = make_instance(font, location, name)
    if outlines:
        cff_to_truetype(font)
    font.flavor = None
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()
