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

import hashlib
import io
import math
import pickle
import sys
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from itertools import repeat
from pathlib import Path
from typing import Any

import fontTools
import pyphen
import reportlab
import uharfbuzz  # type: ignore[import-untyped]
from reportlab.lib import colors
from reportlab.lib.abag import ABag
from reportlab.pdfbase import ttfonts
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paraparser import ParaFrag

import brochure
from brochure.typeset.laid_lines import LaidLines, LaidParagraph
from brochure.typeset.linebreak import Line
from brochure.user_cache import cache_folder, code_digest, keep, mark_used, prune

FORMAT = 1  # of a kept file: raise it when what a record holds changes
MAX_BYTES = 128 * 2 ** 20  # the folder's size, at most (a 16-page edition's lines: about 0.4 MB)
SUFFIX = ".lines"
_CODE_PACKAGES = ("typeset", "fonts")  # brochure's packages whose code decides how a paragraph breaks
MAX_RECORDS_BYTES = 256 * 2 ** 20  # a kept file's records once decompressed, at most
# the classes a kept record is made of, by name: a kept file names no other, and no class itself
_GLYPH_FIELDS = 6  # of reportlab's ShapeData: cluster, x and y advance, x and y offset, width
_GLYPH_RECORD, _NUMBERS, _NAMES = {ttfonts.ShapeData}, {int, float}, {str}  # the types a part may hold
_OBJECTS: dict[str, Any] = {kind.__name__: kind for kind in (
    rl_paragraph.FragLine, ParaFrag, ABag, colors.Color, colors.CMYKColor, colors.CMYKColorSep, colors.PCMYKColor,
    colors.PCMYKColorSep)}
# the classes of reportlab's frag words (a record names them by name; a shaped word's class by the
# class it was made from)
_WORD_KINDS: dict[str, type] = {"list": list, "ShapedFragWord": ttfonts.ShapedFragWord, **{
    name: getattr(rl_paragraph, name) for name in (
        "_HSFrag", "_SHYWord", "_SplitFrag", "_SplitFragH", "_SplitFragHS", "_SplitFragHY", "_SplitFragLL",
        "_SplitFragSHY", "_SplitWord", "_SplitWordEnd", "_SplitWordH", "_SplitWordLL")
    if isinstance(getattr(rl_paragraph, name, None), type)}}


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
            mark_used(path)
        else:
            keep_laid(path, laid.laid_now)
    finally:
        laid.earlier, laid.laid_now = {}, None


def kept_path(project_root: Path, edition: str, rendering: str) -> Path | None:
    """The kept file of an edition's rendering, named by the code that breaks and by what it is;
    None when that code cannot be read (a zipped install): then nothing is kept."""
    code = code_digest(*_CODE_PACKAGES)
    if code is None:
        return None
    versions = (FORMAT, brochure.__version__, reportlab.__version__, uharfbuzz.__version__, pyphen.__version__,
                fontTools.version, sys.version_info[:2])
    name = hashlib.sha256(repr((code, versions, str(project_root.resolve()), edition, rendering)).encode("utf-8"))
    return cache_folder("lines") / f"{name.hexdigest()}{SUFFIX}"


def read_laid(path: Path) -> dict[str, Any]:
    """The records kept at `path` by the digests of their keys; none when there is no such file or it
    cannot be read as written (damaged, foreign, from another format)."""
    try:
        data = path.read_bytes()
        header, body = data.split(b"\n", 1)
        if header != _header(body):
            return {}
        inflating = zlib.decompressobj()
        pickled = inflating.decompress(body, MAX_RECORDS_BYTES)
        if inflating.unconsumed_tail or not inflating.eof:
            return {}
        records = _Unpickler(io.BytesIO(pickled)).load()
    except Exception:  # noqa: BLE001 - a damaged cache costs time, never the build
        return {}
    if not isinstance(records, dict) or not all(isinstance(key, str) and isinstance(record, LaidParagraph)
                                                for key, record in records.items()):
        return {}
    mark_used(path)
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


def _header(body: bytes) -> bytes:
    return f"brochure laid lines {FORMAT} {hashlib.sha256(body).hexdigest()}".encode("ascii")


class _Pickler(pickle.Pickler):
    """Writes a record as calls of this module's constructors on plain values (names, numbers,
    strings, lists, dicts), and each distinct glyph record once: a 16-page edition's 18 500 glyph
    records hold 2 800 distinct ones, and reading a file back is mostly making them. Anything
    else in a record is not written (the record is not kept)."""

    def __init__(self, stream: io.BytesIO) -> None:
        super().__init__(stream, protocol=pickle.HIGHEST_PROTOCOL)
        self.glyph_records: dict[tuple[Any, ...], Any] = {}
        self.seen: dict[int, Any] = {}  # records by identity (alive while written): shaped words share them

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is ttfonts.ShapedStr:
            data = obj.__shapeData__
            records = None if data is None else [self._one_of(record) for record in data]
            return _shaped, (str.__str__(obj), records)
        if kind is ttfonts.ShapeData:
            return _glyph, (tuple(obj),)
        if _OBJECTS.get(kind.__name__) is kind:
            return _object, (kind.__name__, dict(obj.__dict__))
        if kind is Line:
            return _line, (obj.start, obj.end, obj.ratio, obj.hyphenated, obj.natural, obj.width)
        if kind is LaidParagraph:
            words = [(_word_kind_name(word_kind), width, items) for word_kind, width, items in obj.fragment_words]
            return _record, (obj.lines, words, obj.added, obj.width_max, obj.hyphenations, obj.chosen, obj.digest)
        if _CONSTRUCTORS.get(getattr(obj, "__name__", "")) is obj:
            return NotImplemented  # written by its name, as pickle writes a function
        raise pickle.PicklingError(f"{kind.__qualname__} is not a part of laid lines")

    def _one_of(self, record: Any) -> Any:
        """The first record written equal to `record` in value and in each number's type (an int
        and a float alike, 0.0 and -0.0, are written apart)."""
        found = self.seen.get(id(record))
        if found is None:
            key = (record, tuple(map(type, record)), tuple(map(math.copysign, repeat(1.0), record)))
            found = self.seen[id(record)] = self.glyph_records.setdefault(key, record)
        return found


def _word_kind_name(kind: type) -> str | tuple[str, str]:
    """A frag word class by name: a shaped word's as ("shaped", the name of the class it was made from)."""
    if issubclass(kind, ttfonts.ShapedFragWord) and kind is not ttfonts.ShapedFragWord:
        base = next(base for base in kind.__bases__ if base is not ttfonts.ShapedFragWord)
        if _WORD_KINDS.get(base.__name__) is base:
            return "shaped", base.__name__
    elif _WORD_KINDS.get(kind.__name__) is kind:
        return kind.__name__
    raise pickle.PicklingError(f"frag words of class {kind.__qualname__} are not kept")


def _word_kind(name: Any) -> type:
    if isinstance(name, tuple) and len(name) == 2 and name[0] == "shaped":
        return ttfonts.makeShapedFragWord(_WORD_KINDS[name[1]]())
    if isinstance(name, str):
        return _WORD_KINDS[name]
    raise ValueError("not a frag word class")


def _shaped(text: Any, records: Any) -> Any:
    if not isinstance(text, str) or not (records is None or (
            isinstance(records, list) and set(map(type, records)) <= _GLYPH_RECORD)):
        raise ValueError("not a shaped string")
    return ttfonts.ShapedStr(text, shapeData=records)  # type: ignore[arg-type]


def _glyph(values: Any) -> Any:
    if not (isinstance(values, tuple) and len(values) == _GLYPH_FIELDS
            and set(map(type, values)) <= _NUMBERS):
        raise ValueError("not a glyph record")
    return ttfonts.ShapeData(*values)


def _object(name: Any, state: Any) -> Any:
    kind = _OBJECTS[name]
    if not (isinstance(state, dict) and set(map(type, state)) <= _NAMES):
        raise ValueError("not an attribute dictionary")
    made = kind.__new__(kind)
    made.__dict__.update(state)
    return made


def _line(*fields: Any) -> Line:
    if not (len(fields) == 6 and all(type(field) is int for field in fields[:2]) and type(fields[3]) is bool
            and all(type(field) in (int, float) for field in (fields[2], fields[4], fields[5]))):
        raise ValueError("not a chosen line")
    return Line(*fields)


def _record(lines: Any, words: Any, added: Any, width_max: Any, hyphenations: Any, chosen: Any,
            digest: Any) -> LaidParagraph:
    """A record from what a kept file holds, each part checked to be what laying it reads."""
    if not (isinstance(lines, list) and all(
            type(line) is rl_paragraph.FragLine and isinstance(line.__dict__.get("words"), list)
            and all(isinstance(frag, ABag) for frag in line.words) for line in lines)):
        raise ValueError("not lines")
    if not (isinstance(added, list) and all(isinstance(entry, dict) and set(map(type, entry)) <= _NAMES
                                            for entry in added)):
        raise ValueError("not what breaking adds to frags")
    if not (isinstance(words, list) and all(
            isinstance(word, tuple) and len(word) == 3 and type(word[1]) in (int, float) and isinstance(word[2], list)
            and all(isinstance(item, tuple) and item and type(item[0]) is int and 0 <= item[0] < len(added)
                    for item in word[2]) for word in words)):
        raise ValueError("not frag words")
    if not (type(width_max) in (int, float) and type(hyphenations) is int and isinstance(chosen, list)
            and all(type(line) is Line for line in chosen) and (digest is None or isinstance(digest, str))):
        raise ValueError("not a record's figures")
    kinds = {kind: _word_kind(kind) for kind in {kind for kind, _, _ in words}}
    return LaidParagraph(lines, [(kinds[kind], width, items) for kind, width, items in words], added,
                         width_max, hyphenations, chosen, [], digest)


# what a kept file may call: each answered by a function of its own, made anew for each name read
# (pickle may set attributes on what it is given: on nothing that outlives the reading)
_CONSTRUCTORS = {function.__name__: function for function in (_shaped, _glyph, _object, _line, _record)}


class _Unpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        constructor = _CONSTRUCTORS.get(name) if module == __name__ else None
        if constructor is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not a part of laid lines")
        return lambda *arguments: constructor(*arguments)  # noqa: PLW0108 - a function of its own
