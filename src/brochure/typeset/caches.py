"""Typeset stage: what typesetting keeps between paragraphs, editions and (in `brochure watch`)
rebuilds: shaped words, hyphenation points, chosen line breaks, font metrics and hyphenators.
They belong to a build session (pipeline/session.py), never to the module: two builds side by side
keep apart, and nothing the module holds changes while one runs.

reportlab calls our code back from deep inside its line breaking (`breakLines`, `shapeFragWord`)
with no way to pass anything down; there the caches and the features of the paragraph being
broken are read from one context variable, set by the rendering for its duration
(`typesetting`) and narrowed by each paragraph (`refined`), then reset. Outside any rendering
(a test wrapping one paragraph) a call gets fresh caches of its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import Any

# OpenType features for running text when the layout says nothing: kerning, no ligatures.
# reportlab's default also turns on discretionary ligatures (`dlig`, Lato's "st"), which never
# belong in body text.
DEFAULT_FEATURES: dict[str, bool] = {"kern": True, "liga": False, "dlig": False}


@dataclass(eq=False)
class TypesetCaches:
    """One session's typesetting caches; each bounded where it is filled (first in, first out)."""

    # (word class, font, size, text, features, force) -> shaped word (reportlab_fixes/shaping.py)
    shaped_words: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    # total_fit.py: (hyphenator, word, font, size) -> its points; a paragraph's chosen breaks;
    # a font's space width and ascent/descent at a size
    points: dict[Any, Any] = field(default_factory=dict)
    breaks: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    space_widths: dict[tuple[str, float], float] = field(default_factory=dict)
    ascents: dict[tuple[str, float], tuple[float, float]] = field(default_factory=dict)
    # (locale, settings, unbreakable words, capitalised, exceptions) -> hyphenator (typeset/styles.py)
    hyphenators: dict[tuple[Any, ...], Any] = field(default_factory=dict)
    # how many paragraphs' breaks are kept beyond total_fit.MAX_CACHED_BREAKS (the page plan's
    # trials keep more while they run: total_fit.breaks_kept)
    breaks_kept: int = 0
    # how many shaped words held a glyph reportlab names by a code of its own (a private-use code,
    # assigned in the order glyphs are first met, or a ligature's letters): reportlab_fixes/shaping.py
    named_glyph_words: int = 0

    def clear(self) -> None:
        """Forget everything (memory to give back)."""
        for kept in (self.shaped_words, self.points, self.breaks, self.space_widths, self.ascents,
                     self.hyphenators):
            kept.clear()


@dataclass(frozen=True)
class Typesetting:
    """What reportlab's callbacks need to know: the session's caches, and the OpenType features
    and tracking (a share of the em) of the paragraph being broken into lines."""

    caches: TypesetCaches
    features: dict[str, bool]
    tracking: float = 0.0
    # the rendering's record of laid lines (typeset/laid_lines.py: LaidLines), which its later
    # layouts lay again; the rendering's own, not the session's (a watch's background thread)
    laid_lines: Any = None


_ACTIVE: ContextVar[Typesetting | None] = ContextVar("brochure_typesetting", default=None)


def active() -> Typesetting:
    """The typesetting of the rendering under way; outside one, fresh caches (kept nowhere)."""
    current = _ACTIVE.get()
    return current if current is not None else Typesetting(TypesetCaches(), DEFAULT_FEATURES)


@contextmanager
def typesetting(caches: TypesetCaches, kerning: bool = True, ligatures: bool = False) -> Iterator[None]:
    """Typeset inside this block with `caches` and the layout's features. Ligatures are off unless
    the layout turns them on: reportlab 5.1 does not hyphenate a shaped word that holds a ligature
    glyph, which leaves loose justified lines wherever "fi", "ff" or "ti" occurs."""
    token = _ACTIVE.set(Typesetting(caches, {"kern": kerning, "liga": ligatures, "dlig": False}))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


@contextmanager
def laying(laid_lines: Any) -> Iterator[None]:
    """Typeset inside this block with `laid_lines` as the record of laid lines (laid_lines.py)."""
    token = _ACTIVE.set(replace(active(), laid_lines=laid_lines))
    try:
        yield
    finally:
        _ACTIVE.reset(token)


@contextmanager
def refined(features: dict[str, bool] | None = None, tracking: float = 0.0) -> Iterator[None]:
    """Break one paragraph with its style's own `features` (None keeps the layout's) and
    `tracking`, with the caches of the rendering under way."""
    current = active()
    token = _ACTIVE.set(replace(current, features=current.features if features is None else features,
                                tracking=tracking))
    try:
        yield
    finally:
        _ACTIVE.reset(token)
