"""Typeset stage: the lines a build laid, kept in the user's cache (brochure/lines) for the next build
of the same edition and rendering. A cold build spends most of its first layout breaking paragraphs
(words shaped, hyphenated, the breaks chosen, the lines built in reportlab's shape: 0.5 s of a 2 s
fr-en build); the next build, in a new process, lays each paragraph it finds here as the in-process
record lays it (typeset/laid_lines.py), and breaks only what changed.

A paragraph's record is found by the digest of its key, which holds everything breaking reads (its
frags and their fonts, which are named by their files' digests, its style, measure, features and
hyphenator); the file itself is named by what the code that breaks is (the typeset and fonts
packages' sources, brochure's, reportlab's, uharfbuzz's and pyphen's versions) and by the brochure
folder, edition and rendering. A paragraph whose shaping met a glyph reportlab names by a code of its
own (a private-use code it assigns in the order glyphs are met, or a ligature's letters) is not kept:
laying it without shaping would leave those codes unassigned or assigned in another order, and the
file's ToUnicode maps would differ from a fresh build's.

The records are reportlab's own objects (lines, frags, shaped strings), written with pickle and read
back with an unpickler that builds only the classes lines are made of (pickle's documented
"restricting globals"): a kept file names no function to call. The file carries the digest of its
bytes, so a damaged file is read as none; any failure to read means the paragraphs are broken anew.
The folder is kept under MAX_BYTES, the files used longest ago going first."""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import importlib
import io
import math
import os
import pickle
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path
from typing import Any

import pyphen
import reportlab
import uharfbuzz  # type: ignore[import-untyped]
from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color
from reportlab.pdfbase import ttfonts

import brochure
from brochure.typeset.laid_lines import LaidLines
from brochure.user_cache import cache_folder, keep, prune

FORMAT = 1  # of a kept file: raise it when what a record holds changes
MAX_BYTES = 128 * 2 ** 20  # the folder's size, at most (a 16-page edition's lines: about 0.4 MB)
SUFFIX = ".lines"
_CODE_PACKAGES = ("typeset", "fonts")  # brochure's packages whose code decides how a paragraph breaks
# where the classes of a record live; of these, only classes that make up lines are built
_MODULES = frozenset({"builtins", "reportlab.platypus.paragraph", "reportlab.platypus.paraparser",
                      "reportlab.pdfbase.ttfonts", "reportlab.lib.colors", "reportlab.lib.abag",
                      "brochure.typeset.laid_lines", "brochure.typeset.linebreak"})
_LINE_PARTS = (ABag, Color, str, list, tuple)


@contextmanager
def kept_between_builds(laid: LaidLines, path: Path | None) -> Iterator[None]:
    """Inside the block, `laid` lays again what the last build kept at `path`; once the block is
    done (the rendering made), what it laid that can be kept is kept there for the next build
    (the file is left as it is when that is what it holds). Nothing with `path` None."""
    if path is None:
        yield
        return
    laid.earlier, laid.laid_now = read_laid(path), {}
    earlier = set(laid.earlier)
    try:
        yield
        if set(laid.laid_now) == earlier:
            touch(path)
        else:
            keep_laid(path, laid.laid_now)
    finally:
        laid.earlier, laid.laid_now = {}, None


def kept_path(project_root: Path, edition: str, rendering: str) -> Path | None:
    """The kept file of an edition's rendering, named by the code that breaks and by what it is;
    None when that code cannot be read (a zipped install): then nothing is kept."""
    code = _code_digest()
    if code is None:
        return None
    name = hashlib.sha256(repr((code, str(project_root.resolve()), edition, rendering)).encode("utf-8"))
    return cache_folder("lines") / f"{name.hexdigest()}{SUFFIX}"


def _code_digest() -> str | None:
    digest = hashlib.sha256(repr((FORMAT, brochure.__version__, reportlab.__version__, uharfbuzz.__version__,
                                  pyphen.__version__, sys.version_info[:2])).encode("utf-8"))
    package = Path(brochure.__file__).parent
    try:
        for folder in _CODE_PACKAGES:
            for source in sorted((package / folder).rglob("*.py")):
                digest.update(source.relative_to(package).as_posix().encode("utf-8") + b"\0")
                digest.update(source.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def read_laid(path: Path) -> dict[str, Any]:
    """The records kept at `path` by the digests of their keys; none when there is no such file or it
    cannot be read as written (damaged, foreign, from another format)."""
    try:
        data = path.read_bytes()
        header, body = data.split(b"\n", 1)
        if header != _header(body):
            return {}
        records = _Unpickler(io.BytesIO(zlib.decompress(body))).load()
    except Exception:  # noqa: BLE001 - a damaged cache costs time, never the build
        return {}
    if not isinstance(records, dict) or not all(isinstance(key, str) for key in records):
        return {}
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: pruned last
    return records


def keep_laid(path: Path, records: dict[str, Any]) -> None:
    """Keep `records` (by the digests of their keys) at `path`, replacing what was kept there."""
    stream = io.BytesIO()
    try:
        _Pickler(stream).dump(records)
    except Exception:  # noqa: BLE001 - a record pickle cannot write is not kept; the build goes on
        return
    body = zlib.compress(stream.getvalue(), 1)
    keep(path, _header(body) + b"\n" + body)
    prune(path.parent, MAX_BYTES, SUFFIX)


def touch(path: Path) -> None:
    """Mark the kept file at `path` used now (the build laid what it holds, and nothing else)."""
    with contextlib.suppress(OSError):
        os.utime(path)


def _header(body: bytes) -> bytes:
    return f"brochure laid lines {FORMAT} {hashlib.sha256(body).hexdigest()}".encode("ascii")


def _shaped_word_kind(base: type) -> type:
    """reportlab's class of a shaped frag word made from a word of class `base`: made when first
    asked for (ttfonts.makeShapedFragWord), so pickle cannot name it."""
    return ttfonts.makeShapedFragWord(base())


class _Pickler(pickle.Pickler):
    """Writes reportlab's shaped word classes by the class they were made from, and each distinct
    glyph record once: a 16-page edition's 18 500 records hold 2 800 distinct ones, each of six
    numbers, and reading a file back is mostly making them."""

    def __init__(self, stream: io.BytesIO) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.glyph_records: dict[tuple[Any, ...], Any] = {}
        self.seen: dict[int, Any] = {}  # records by identity (alive while written): shaped words share them

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is ttfonts.ShapedStr:
            data = obj.__shapeData__
            records = None if data is None else [self._one_of(record) for record in data]
            return ttfonts.ShapedStr, (str.__str__(obj),), {"__shapeData__": records}
        if kind is type and issubclass(obj, ttfonts.ShapedFragWord) and obj is not ttfonts.ShapedFragWord:
            base = next(kind for kind in obj.__bases__ if kind is not ttfonts.ShapedFragWord)
            return _shaped_word_kind, (base,)
        return NotImplemented

    def _one_of(self, record: Any) -> Any:
        """The first record written equal to `record` in value and in each number's type (an int
        and a float alike, 0.0 and -0.0, are written apart)."""
        found = self.seen.get(id(record))
        if found is None:
            key = (record, tuple(map(type, record)), tuple(map(math.copysign, repeat(1.0), record)))
            found = self.seen[id(record)] = self.glyph_records.setdefault(key, record)
        return found


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if module == __name__ and name == "_shaped_word_kind":
            return _shaped_word_kind
        if module in _MODULES:
            found = getattr(importlib.import_module(module), name, None)
            if isinstance(found, type) and (issubclass(found, _LINE_PARTS) or dataclasses.is_dataclass(found)):
                return found
        raise pickle.UnpicklingError(f"{module}.{name} is not a part of laid lines")
