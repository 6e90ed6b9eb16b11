"""Typeset stage: reportlab 5.1's line breaking corrected, where it breaks and what it hyphenates."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from reportlab.platypus import paragraph as _paragraph

from brochure.typeset.reportlab_fixes.patching import Fix, Patch

# reportlab's private break and hyphenation tables are not in its type stubs
paragraph: Any = _paragraph

_NO_BREAK_SPACES = "\u00a0\u202f\u2007\u2060"


def _split_words(text: str | bytes, delim: str | bytes | None = None) -> list[str]:
    """reportlab's `split` uses its break characters only when the text holds a
    U+00A0; otherwise Python's str.split, which also breaks at U+202F. Always
    use the break characters."""
    if isinstance(text, bytes):
        text = text.decode("utf8")
    if delim is None:
        return [word for word in paragraph._wsc_re_split(text) if word]
    return text.split(delim.decode("utf8") if isinstance(delim, bytes) else delim)


def _no_break_space_patches() -> list[Patch]:
    kept = "".join(char for char in paragraph._wsc if char not in _NO_BREAK_SPACES)
    split: Callable[[str], list[str]] = re.compile(f"[{re.escape(kept)}]+").split
    end_search = re.compile(f"[{re.escape(kept)}]+$").search
    return [Patch(paragraph, "_wsc", kept, str),
            Patch(paragraph, "_wsc_re_split", split, type(split)),
            Patch(paragraph, "_wsc_end_search", end_search, type(end_search)),
            Patch(paragraph, "split", _split_words, "(text, delim=None)")]


NO_BREAK_SPACES_ARE_NOT_BREAKS = Fix(
    "no-break-spaces-are-not-breaks",
    "reportlab lists U+202F NARROW NO-BREAK SPACE (and U+2007 FIGURE SPACE) as break points, so a "
    "French ; ! ? » or the group of a number could start a line on its own.",
    _no_break_space_patches)


def _elision_patches() -> list[Patch]:
    letters = paragraph._hy_letters + "\u2019'"
    return [Patch(paragraph, "_hy_letters_pat", re.compile("^[" + letters + "]+$"), re.Pattern),
            Patch(paragraph, "_hy_shy_letters_pat",
                  re.compile("^[" + paragraph._hy_shy + letters + "]+$"), re.Pattern)]


ELIDED_WORDS_HYPHENATE = Fix(
    "elided-words-hyphenate",
    "reportlab hyphenates only words made of letters, so every French word with an elision "
    "(l’attractivité, d’accompagnement) stayed whole and left loose justified lines; our hyphenator "
    "keeps the elided part with the head.",
    _elision_patches)


def _unsplit_keeping_hyphens(original: Callable[..., Any]) -> Callable[..., Any]:
    """reportlab's `_shyUnsplit`, which joins the parts of a word split across lines when a
    paragraph is broken again: it strips every '-' ending the first part, as if each were one it
    added, and so read "au-dessus", broken after its own hyphen, as "audessus". Where it joins
    the parts of a frag word (`ss` given) the hyphen it added is already stripped, by the caller:
    the first part's hyphens are the author's and stay. Soft-hyphen words keep reportlab's way."""
    def unsplit(s: Any, ss: Any = None) -> Any:
        if ss is None or isinstance(s, (paragraph._SHYIndexedStr, paragraph._SHYStr)):
            return original(s, ss)
        return str.__str__(s) + (str.__str__(ss) if ss else "")
    return unsplit


AUTHORS_HYPHENS_KEPT = Fix(
    "authors-hyphens-kept",
    "reportlab dropped the hyphen of a word the author wrote with one (au-dessus, Saint-Étienne) "
    "when a paragraph broken after it was broken again at another width: the rejoined parts read "
    "'audessus'.",
    lambda: [Patch(paragraph, "_shyUnsplit", _unsplit_keeping_hyphens(paragraph._shyUnsplit), "(s, ss=None)")])


def _justify_between_characters(original: Callable[..., Any]) -> Callable[..., Any]:
    """reportlab's `_justifyDrawParaLineX`, spacing every character (PDF character spacing, Tc)
    of a line broken between characters (CJK, marked `inter_character` by typeset/kinsoku.py),
    which hardly has spaces to stretch; other lines as reportlab draws them."""
    def justify(tx: Any, offset: float, line: Any, last: int = 0) -> Any:
        extra = getattr(line, "extraSpace", 0.0)
        characters = sum(len(str(getattr(frag, "text", ""))) for frag in getattr(line, "words", ()))
        if (not getattr(line, "inter_character", False) or last or getattr(line, "lineBreak", False)
                or extra <= 1e-8 or characters < 2):
            return original(tx, offset, line, last)
        tx.setCharSpace(extra / (characters - 1))
        try:
            return original(tx, offset, line, last)
        finally:
            tx.setCharSpace(0)
    return justify


CJK_JUSTIFIED_BETWEEN_CHARACTERS = Fix(
    "cjk-justified-between-characters",
    "reportlab justifies a line by stretching its spaces (Tw); a Japanese or Chinese line has none, "
    "so a justified one stopped short of the column's edge: its characters are spaced instead.",
    lambda: [Patch(paragraph, "_justifyDrawParaLineX",
                   _justify_between_characters(paragraph._justifyDrawParaLineX), "(tx, offset, line, last=0)")])
