"""Fonts: a font file read as the user gave it and opened with fontTools; whatever is wrong with
it (cut short, not a font, a collection without a choice, a licence that forbids embedding) is a
user error naming the file, never an internal error."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from brochure.errors import FontError, Location
from brochure.model.design import FontFace

# The first four bytes of each kind of font file fontTools reads.
SIGNATURES = {b"\x00\x01\x00\x00": "TrueType", b"true": "TrueType", b"OTTO": "OpenType (CFF)",
              b"ttcf": "collection", b"wOFF": "WOFF", b"wOF2": "WOFF2"}
FORMATS_HINT = "use a .ttf, .otf, .ttc, .woff or .woff2 font file"
DAMAGED_HINT = "copy the font file again from where it came from; the copy here is damaged"

# OS/2 fsType bits (OpenType spec): what the font's licence allows a document to do with it.
FS_RESTRICTED = 0x0002
FS_PREVIEW_PRINT = 0x0004
FS_EDITABLE = 0x0008
FS_NO_SUBSETTING = 0x0100
FS_BITMAP_ONLY = 0x0200


@dataclass(frozen=True)
class FontSource:
    """A font file's bytes, with who uses it and where they said so, for messages."""

    owner: str                # "font 'Lato' bold"
    shown: str                # the path as written in layout/styles.yaml
    data: bytes
    where: Location | None

    @cached_property  # read for the cache key and again for the prepared font: hashed once
    def digest(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def kind(self) -> str | None:
        return SIGNATURES.get(self.data[:4])

    def error(self, problem: str, hint: str | None = None) -> FontError:
        return FontError(f"{self.owner}: {self.shown}: {problem}", self.where, hint)


def read_source(root: Path, face: FontFace, owner: str, where: Location | None) -> FontSource:
    path = root / face.file
    try:
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise FontError(f"{owner}: file not found: {face.file}", where,
                        "put the font file there, or correct the path") from None
    except OSError as error:
        raise FontError(f"{owner}: cannot read {face.file}: {error.strerror}", where) from None
    return FontSource(owner, face.file, data, where)


def open_font(source: FontSource, face: FontFace) -> TTFont:
    """The font the face names, opened with fontTools (tables are read when first used)."""
    kind = source.kind
    if kind is None:
        start = source.data[:16]
        seen = "is empty" if not start else f"starts with {start!r}"
        raise source.error(f"not a font file (it {seen})",
                           FORMATS_HINT + "; a failed download may have saved a web page instead")
    if kind != "collection" and (face.index is not None or face.name is not None):
        raise source.error(f"is a single {kind} font, not a collection",
                           "remove 'index:' or 'name:' from this face")
    number = collection_number(source, face) if kind == "collection" else -1
    try:
        font = TTFont(io.BytesIO(source.data), fontNumber=number, recalcTimestamp=False, recalcBBoxes=False)
        if font.flavor is None:
            check_complete(font, source)
    except FontError:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged file makes fontTools raise anything
        raise damaged(source, error) from None
    return font


def damaged(source: FontSource, error: BaseException) -> FontError:
    detail = str(error) or type(error).__name__
    return source.error(f"damaged font: {detail}", DAMAGED_HINT)


def check_complete(font: TTFont, source: FontSource) -> None:
    """Every table the directory lists lies inside the file: a file cut short (an interrupted
    copy) is caught here rather than when the PDF is written."""
    size = len(source.data)
    for tag, entry in font.reader.tables.items():
        if entry.offset + entry.length > size:
            raise source.error(f"the file is cut short: its '{tag.strip()}' table ends at byte "
                               f"{entry.offset + entry.length}, the file at byte {size}", DAMAGED_HINT)


def collection_number(source: FontSource, face: FontFace) -> int:
    """Which font of a collection the face takes, by `index` or by PostScript or full name."""
    try:
        collection = TTCollection(io.BytesIO(source.data), lazy=True)
        names = [(font["name"].getDebugName(6) or "?", font["name"].getDebugName(4) or "?")
                 for font in collection.fonts]
    except Exception as error:  # noqa: BLE001 - a damaged file makes fontTools raise anything
        raise damaged(source, error) from None
    listing = "; ".join(f"{number}: {postscript}" for number, (postscript, _) in enumerate(names))
    if face.index is not None:
        if face.index >= len(names):
            raise source.error(f"the collection has {len(names)} fonts, no index {face.index} ({listing})",
                               f"index counts from 0 to {len(names) - 1}")
        return face.index
    if face.name is not None:
        for number, known in enumerate(names):
            if face.name in known:
                return number
        raise source.error(f"the collection has no font named '{face.name}' ({listing})",
                           "give one of these names, or its index")
    raise source.error(f"is a collection of {len(names)} fonts ({listing})",
                       "pick one: write the face as {file: ..., index: 0} or {file: ..., name: ...}")


def embedding_note(font: TTFont, source: FontSource) -> str | None:
    """Refuse a font whose licence bits forbid embedding it as the PDF needs; say what the
    bits allow when they limit what may be done with the document."""
    try:
        fs_type = font["OS/2"].fsType if "OS/2" in font else 0
    except Exception as error:  # noqa: BLE001 - a damaged file makes fontTools raise anything
        raise damaged(source, error) from None
    licence = "ask the foundry for a licence that allows embedding, or choose another font"
    if fs_type & FS_BITMAP_ONLY:
        raise source.error(f"its licence allows embedding bitmaps only (OS/2 fsType 0x{fs_type:04X}); "
                           "a print PDF needs the outlines", licence)
    if fs_type & FS_NO_SUBSETTING:
        raise source.error(f"its licence forbids subsetting it (OS/2 fsType 0x{fs_type:04X}); "
                           "fonts are embedded as subsets of the glyphs used", licence)
    if fs_type & FS_EDITABLE:
        return "its licence allows editable embedding (OS/2 fsType 0x0008): embedded"
    if fs_type & FS_PREVIEW_PRINT:
        return ("its licence allows preview & print embedding (OS/2 fsType 0x0004): embedded; "
                "the PDF may be viewed and printed, not edited")
    if fs_type & FS_RESTRICTED:
        raise source.error("its licence forbids embedding it in documents "
                           "(OS/2 fsType 0x0002, restricted licence embedding)", licence)
    return None
