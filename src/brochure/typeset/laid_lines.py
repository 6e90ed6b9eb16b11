"""Typeset stage: the lines a rendering's first layout broke, laid again by its later layouts.

The page plan lays one edition out several times (pipeline/render.py), and nearly every
paragraph comes back in each layout with the same words, style and measure. Breaking it is
the costliest part of a layout (the words shaped, the breaks chosen, the lines built in
reportlab's shape), so the first breaking of a paragraph is recorded, keyed by everything the
breaker reads (its frags, style, bullet, measure, the features and tracking of its
breaking), and a later paragraph equal in all of it takes copies of the recorded lines instead:
the same lines, drawn the same, byte for byte. Records live for one rendering and within a
memory budget; only a paragraph as parsed from its markup is recorded (a split paragraph's
remainder is broken again: few are). A build's records whose keys name nothing by identity are
also kept on disk for the next build of the edition (typeset/laid_on_disk.py)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.abag import ABag
from reportlab.lib.colors import Color
from reportlab.platypus import paragraph as _rl_paragraph

from brochure.typeset.caches import active, laying

rl_paragraph: Any = _rl_paragraph

LAID_LINES_BUDGET = 24 * 1024 * 1024  # bytes (estimated) of recorded lines a rendering may keep
# estimated memory of a record (measured: 23 KB a paragraph of a 16-page two-language edition): each
# character drawn (its glyph's shaping record), each frag of a line, each item of a frag word
_CHARACTER_BYTES, _FRAG_BYTES, _ITEM_BYTES, _RECORD_BYTES = 300, 700, 100, 1_000
_PLAIN = (str, int, float, bool, type(None))
FULL_SHARE = 0.9  # of its budget: a record kept from build to build starts again past it


@dataclass
class LaidParagraph:
    """One paragraph's breaking: its lines, its frag words after breaking (their frags named by
    their place in the paragraph's frags), what breaking added to each frag, and the figures
    break_paragraph sets on the paragraph."""

    lines: list[Any]
    fragment_words: list[tuple[type, float, list[tuple[Any, ...]]]]
    added: list[dict[str, Any]]
    width_max: float
    hyphenations: int
    chosen: list[Any]
    held: list[Any] = field(default_factory=list)  # objects the key names by identity, kept alive
    # the digest of its key, when it can be kept on disk for the next build (typeset/laid_on_disk.py)
    digest: str | None = None


@dataclass(eq=False)
class LaidLines:
    """A rendering's records (in its typesetting context while it runs: `lines_laid_kept`)."""

    budget: int
    records: dict[Any, LaidParagraph] = field(default_factory=dict)
    size: int = 0
    replayed: int = 0  # how many breakings were laid from a record (tests, benchmarks)
    # a one-shot build's records from the edition's last build (laid_on_disk.py), by their keys'
    # digests, taken into `records` when laid; and what this build laid that the next may take
    # (None: nothing is kept on disk)
    earlier: dict[str, LaidParagraph] = field(default_factory=dict)
    laid_now: dict[str, LaidParagraph] | None = None
    from_earlier: int = 0  # how many records were taken from `earlier` (tests, benchmarks)


@contextmanager
def lines_laid_kept(budget: int | None = None, kept: LaidLines | None = None) -> Iterator[LaidLines]:
    """Record paragraphs' lines inside the block (up to `budget` bytes, default LAID_LINES_BUDGET)
    and lay them again when asked again; forgotten after it. With `kept`, a record that outlives
    the block (the build session's, shared by the renderings of one process; a live process's per
    edition, render/reuse.py), its records serve and grow instead; one full past FULL_SHARE of its
    budget starts again empty, so that the paragraphs to come find room."""
    laid = kept if kept is not None else LaidLines(LAID_LINES_BUDGET if budget is None else budget)
    if laid.size > FULL_SHARE * laid.budget:
        laid.records.clear()
        laid.size = 0
    with laying(laid):
        yield laid


# What the breaker (total_fit.break_paragraph) reads of a paragraph's style: a paragraph equal in
# these, its frags, bullet and measure is broken alike (tests/test_laid_lines.py holds the
# breaker to this list). The style's OpenType features and tracking reach it through the
# typesetting context (caches.refined), which is part of the key too.
BREAKER_STYLE = ("alignment", "endDots", "wordWrap", "wordSpaceMin", "spaceShrinkage", "wordSpaceMax",
                 "looseWordSpace", "maxConsecutiveHyphens", "letterSpacing", "balanceLines", "opticalMargin",
                 "hyphenationLang", "bulletFontName", "bulletFontSize", "bulletIndent", "leftIndent",
                 "rightIndent", "firstLineIndent")
_UNSET = object()  # a style attribute not set
_UNSET_KEY = ("unset",)  # its part of a key: no fingerprint of a value is a 1-tuple


def laid_key(paragraph: Any, widths: Sequence[float]) -> tuple[Any, list[Any]] | None:
    """What breaking `paragraph` at `widths` depends on, and the objects named in it by identity;
    None when no record is kept or when the paragraph's frags are not as parsed."""
    typesetting = active()
    if typesetting.laid_lines is None:
        return None
    frags = paragraph.frags
    if not frags or rl_paragraph._processed_frags(frags):
        return None
    held: list[Any] = []
    style = paragraph.style
    key = (tuple(_fingerprint(frag, held) for frag in frags),
           tuple(_UNSET_KEY if (value := getattr(style, name, _UNSET)) is _UNSET else _fingerprint(value, held)
                 for name in BREAKER_STYLE),
           _fingerprint(paragraph.bulletText, held), bool(getattr(paragraph, "_JustifyLast", False)),
           tuple(widths), tuple(sorted(typesetting.features.items())), _fingerprint(typesetting.tracking, held))
    return key, held


def _fingerprint(value: Any, held: list[Any], depth: int = 0) -> Any:
    """A hashable value equal for equal values: plain values by type and value, lists and
    attribute bags by their contents (in their order), anything else by identity (kept alive in
    `held`)."""
    kind = type(value)
    if kind is str:
        return value
    if kind in _PLAIN:
        return kind, value if value or kind is not float else value.hex()  # -0.0 apart from 0.0
    if kind is list or kind is tuple:
        return kind, tuple([_fingerprint(item, held, depth + 1) for item in value])
    if depth < 6 and (kind is dict or isinstance(value, (ABag, Color))):
        # flat, a bag being a frag with a dozen attributes: each name followed by the type and
        # value of a plain value, or by the fingerprint (a tuple) of any other
        parts: list[Any] = [kind]
        for name, item in (value if kind is dict else value.__dict__).items():
            item_kind = type(item)
            if item_kind in _PLAIN:
                parts += (name, item_kind, item if item or item_kind is not float else item.hex())
            else:
                parts += (name, _fingerprint(item, held, depth + 1))
        return tuple(parts)
    named = getattr(value, "laid_fingerprint", None)  # an object that says what it is (a hyphenator)
    if named is not None:
        return "named", named
    held.append(value)
    return "object", id(value)


def key_digest(key: Any) -> str:
    """The digest of a key that names nothing by identity: the same in every process."""
    return hashlib.sha256(repr(key).encode("utf-8")).hexdigest()


def replay(key: Any, held: list[Any], paragraph: Any) -> Any | None:
    """The recorded breaking of a paragraph equal to `paragraph`, set on it (its frags, figures,
    and what breaking adds to its frags) as breaking it would: reportlab's ParaLines; None when
    none is recorded, in this process or (a key naming nothing by identity) by the last build."""
    laid = active().laid_lines
    if laid is None:
        return None
    record = laid.records.get(key)
    if record is None and laid.earlier and not held:
        record = laid.earlier.pop(key_digest(key), None)
        if record is None or laid.size + _weight(record) > laid.budget:
            return None
        laid.size += _weight(record)
        laid.records[key] = record
        laid.from_earlier += 1
    sources = paragraph.frags
    if record is None or len(record.added) != len(sources):  # (a kept file's record is checked, not trusted)
        return None
    if laid.laid_now is not None and record.digest is not None:
        laid.laid_now[record.digest] = record
    laid.replayed += 1
    for frag, added in zip(sources, record.added):
        frag.__dict__.update(added)
    paragraph.frags = [kind([width, *((sources[item[0]], *item[1:]) for item in items)])
                       for kind, width, items in record.fragment_words]
    paragraph._width_max = record.width_max
    paragraph._hyphenations = record.hyphenations
    paragraph._splitLongWordCount = 0
    paragraph.chosen_breaks = list(record.chosen)
    return rl_paragraph.ParaLines(kind=1, lines=[_copy_line(line) for line in record.lines])


def record(key: Any, held: list[Any], sources: list[Any], before: list[dict[str, Any]],
           paragraph: Any, lines: Any, for_disk: bool = True) -> None:
    """Keep the breaking just made of `paragraph` (whose frags were `sources`, their attributes
    `before` breaking), within the budget; nothing when one of its frag words holds a frag that
    is not one of the paragraph's own. Unless `for_disk` is false (its shaping met glyphs named
    by codes of reportlab's own), a record whose key names nothing by identity may also be kept
    on disk."""
    laid = active().laid_lines
    if laid is None or key in laid.records:
        return
    places = {id(frag): index for index, frag in enumerate(sources)}
    fragment_words = []
    for word in paragraph.frags:
        named = []
        for item in word[1:]:
            place = places.get(id(item[0]))
            if place is None:
                return
            named.append((place, *item[1:]))
        fragment_words.append((type(word), word[0], named))
    added = []
    for frag, attributes in zip(sources, before):
        now = frag.__dict__
        if any(name not in now or now[name] is not value for name, value in attributes.items()):
            return  # breaking changed what the frag had: not a frag to lay again
        added.append({name: value for name, value in now.items() if name not in attributes})
    kept = LaidParagraph([_copy_line(line) for line in lines.lines], fragment_words, added, paragraph._width_max,
                         paragraph._hyphenations, list(paragraph.chosen_breaks), held,
                         key_digest(key) if for_disk and not held and laid.laid_now is not None else None)
    size = _weight(kept)
    if laid.size + size > laid.budget:
        return
    laid.size += size
    laid.records[key] = kept
    if laid.laid_now is not None and kept.digest is not None:
        laid.laid_now[kept.digest] = kept


def _weight(laid: LaidParagraph) -> int:
    """The estimated memory of a record."""
    frags = [frag for line in laid.lines for frag in line.words]
    return _RECORD_BYTES + _ITEM_BYTES * sum(len(items) for _, _, items in laid.fragment_words) + \
        _FRAG_BYTES * (len(frags) + len(laid.added)) + \
        _CHARACTER_BYTES * sum(len(getattr(frag, "text", "")) for frag in frags)


def _copy_line(line: Any) -> Any:
    """A FragLine of its own, with its own frags (drawing and splitting may set attributes)."""
    return line.clone(words=[frag.clone() for frag in line.words])
