"""Typeset stage: reportlab 5.1's HarfBuzz shaping corrected and made faster: words shaped
from plain text, run by run when the font changes midway, with our feature set, and each
glyph still standing for the characters it was shaped from."""

from __future__ import annotations

import unicodedata
from typing import Any

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

from brochure.typeset.caches import active
from brochure.typeset.reportlab_fixes.patching import Fix, Patch
from brochure.typeset.reportlab_fixes.tounicode import ligature_letters

_original_shape_frag_word = ttfonts.shapeFragWord
_SHAPE_SIGNATURE = "(w, features={'kern': True, 'liga': True, 'dlig': True}, force=False)"
_UNCHANGED = object()  # cached: shaping left the word as it was


def _tracked(word: Any, tracking: float) -> Any:
    """A copy of a shaped frag word with `tracking` of the em after every glyph that advances
    (marks stay on their letters). Joined scripts (Arabic) are left as they are: spacing their
    letters would break the joins."""
    if not isinstance(word, ttfonts.ShapedFragWord):
        return word
    text = "".join(str.__str__(item[1]) for item in word[1:] if isinstance(item[1], str))
    if any(unicodedata.bidirectional(char) == "AL" for char in text):
        return word
    result = type(word)([word[0]])
    added = 0.0
    for item in word[1:]:
        frag, string = item[0], item[1]
        if not isinstance(string, ttfonts.ShapedStr):
            result.append(item)
            continue
        data = [shape._replace(x_advance=shape.x_advance + tracking * 1000) if shape.x_advance else shape
                for shape in _shape_data(string)]
        added += tracking * frag.fontSize * sum(1 for shape in data if shape.x_advance)
        result.append((frag, _shaped_str(str.__str__(string), data), *item[2:]))
    result[0] = word[0] + added
    return result


def _shape_data(text: Any) -> list[Any]:
    """The HarfBuzz glyph records reportlab keeps on a shaped string."""
    data: list[Any] = text.__shapeData__
    return data


def _shaped_str(text: str, data: list[Any]) -> Any:
    return ttfonts.ShapedStr(text, shapeData=data)  # type: ignore[arg-type]  # the stub says one record

def _plain(item: Any) -> Any:
    """A (frag, text, ...) item with its text as a plain str."""
    frag, text = item[0], item[1]
    if isinstance(text, ttfonts.ShapedStr):
        return (frag, str.__str__(text)) + tuple(item[2:])
    return item


def _font_key(item: Any) -> tuple[str, float] | None:
    frag = item[0]
    return None if hasattr(frag, "cbDefn") else (frag.fontName, frag.fontSize)


def _shape_frag_word(word: Any, features: dict[str, bool] | None = None, force: bool = False) -> Any:
    """Shape a frag word with our feature set, from plain text, one font at a time.

    - reportlab keeps the shaped text of a word as `ShapedStr` in its frags.
      When a paragraph is wrapped again (split across frames, measured then
      placed), those frags are shaped a second time and uharfbuzz rejects the
      str subclass (`TypeError: expected str, got ShapedStr`). We shape from
      the plain text of each frag.
    - reportlab shapes a whole word with the font of its first letter, so a
      word whose letters change font midway (`d’` bold then `1,3` regular)
      gets glyph numbers of one font drawn in the other: garbage. We shape
      each run of one font and size on its own and join the runs.
    """
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    typesetting = active()
    tracking = typesetting.tracking  # the paragraph's (caches.refined): reportlab passes no style down
    if tracking:  # every word shaped (forced), so that each glyph carries its advance
        shaped = _tracked(_shape_frag_word_untracked(word, features, True), tracking)
    else:
        shaped = _shape_frag_word_untracked(word, features, force)
    if shaped is not word and _holds_named_glyph(shaped):
        typesetting.caches.named_glyph_words += 1
    return shaped


def _holds_named_glyph(word: Any) -> bool:
    """Whether a shaped word draws a glyph that reportlab names by a code of its own: a private-use
    code (assigned in the order glyphs are first shaped) or a code standing for a ligature's letters
    (tounicode.ligature_letters). Such a word's paragraph is laid again in this process only
    (typeset/laid_on_disk.py)."""
    for item in word[1:]:
        text = item[1]
        if not isinstance(text, ttfonts.ShapedStr) or not text:
            continue
        if max(text) >= "\ue000" and any(_is_private(char) for char in text):
            return True
        font: Any = pdfmetrics.getFont(item[0].fontName)
        letters = getattr(font.face, "brochure_ligature_letters", None)
        if letters and any(ord(char) in letters for char in text):
            return True
    return False


def _shape_frag_word_untracked(word: Any, features: dict[str, bool] | None, force: bool) -> Any:
    items = [_plain(item) for item in word[1:]]
    fonts = {key for item in items if (key := _font_key(item)) is not None}
    if len(fonts) <= 1:
        return _shape_run(type(word)([word[0]] + items), features, force)
    runs: list[list[Any]] = []
    for item in items:
        if runs and _font_key(item) in (None, _font_key(runs[-1][-1])):
            runs[-1].append(item)
        else:
            runs.append([item])
    parts = [_shape_run(type(word)([_run_width(run)] + run), features, force) for run in runs]
    return _join_runs(word, parts, runs)


def _run_width(run: list[Any]) -> float:
    return sum(pdfmetrics.stringWidth(item[1], item[0].fontName, item[0].fontSize)
               for item in run if not hasattr(item[0], "cbDefn"))


def _join_runs(word: Any, parts: list[Any], runs: list[list[Any]]) -> Any:
    """One frag word from runs shaped apart; cluster numbers made relative to the word."""
    if not any(isinstance(part, ttfonts.ShapedFragWord) for part in parts):
        return word
    joined = ttfonts.makeShapedFragWord(word)([sum(part[0] for part in parts)])
    offset = 0
    for part, run in zip(parts, runs):
        for item in part[1:]:
            text = item[1]
            if isinstance(text, ttfonts.ShapedStr) and offset:
                data = [d._replace(cluster=d.cluster + offset) if d.cluster != 0x7FFFFFFF else d
                        for d in _shape_data(text)]
                joined.append((item[0], _shaped_str(str.__str__(text), data), *item[2:]))
            else:
                joined.append(item)
        offset += sum(len(item[1]) for item in run if not hasattr(item[0], "cbDefn"))
    return joined


def _shape_run(plain: Any, features: dict[str, bool] | None, force: bool) -> Any:
    """Shape one run of one font. For a word of one frag (nearly every word) the result
    depends only on its text, font, size and the features, so it is kept: paragraphs
    are wrapped several times (measured, split, placed) and words recur."""
    items = plain[1:]
    if len(items) != 1 or hasattr(items[0][0], "cbDefn") or len(items[0]) != 2:
        return _shape_uncached(plain, features, force)
    frag, text = items[0]
    typesetting = active()
    features = features or typesetting.features
    shaped_words = typesetting.caches.shaped_words
    # the word's class is part of it: reportlab marks in the class whether a space
    # follows the word (a word cut by a split or a hyphen has none)
    key = (type(plain), frag.fontName, frag.fontSize, text, tuple(sorted(features.items())), force)
    cached: Any = shaped_words.get(key)
    if cached is None:
        if len(shaped_words) >= MAX_CACHED_WORDS:
            shaped_words.clear()  # a catalogue-sized build: start again rather than grow
        shaped = _shape_uncached(plain, features, force)
        shaped_words[key] = cached = _UNCHANGED if shaped is plain else shaped
    if cached is _UNCHANGED:
        return plain
    # the same glyphs, carried by this word's own frag (its colour, link, underline)
    result = type(cached)([cached[0]])
    result.extend((frag,) + tuple(item[1:]) for item in cached[1:])
    return result


def _shape_uncached(plain: Any, features: dict[str, bool] | None, force: bool) -> Any:
    shaped = _original_shape_frag_word(plain, features=features or active().features, force=force)
    if shaped is plain:
        return shaped
    text = "".join(item[1] for item in plain[1:] if not hasattr(item[0], "cbDefn"))
    return _restore_characters(shaped, text)


# the session's shaped words (TypesetCaches.shaped_words) are bounded by this
MAX_CACHED_WORDS = 50_000


def _restore_characters(shaped: Any, text: str) -> Any:
    """Keep what each glyph stands for, for text extraction, from HarfBuzz's clusters.

    HarfBuzz tells, for every glyph, the first character of the text it was shaped
    from (its cluster); the characters up to the next cluster are what the glyph
    stands for. reportlab instead names each glyph by the first character the font
    maps to it, or by a private-use code point when the font maps none to it:
    - a glyph the text reached through another character (U+00A0 drawn with the
      space's glyph) gets back the character the text had;
    - a glyph no character maps to (contextual alternates, small capitals, old-style
      figures, contextual and standard ligatures, wherever they fall in the word) or a
      ligature presentation form (U+FB01) reads as the characters of its cluster,
      through the ToUnicode map of its font.
    """
    strings = [item[1] for item in shaped[1:] if isinstance(item[1], ttfonts.ShapedStr)]
    # cluster starts of the whole word: a run of one frag can end in the middle of the word
    starts = sorted({shape.cluster for string in strings for shape in _shape_data(string)
                     if 0 <= shape.cluster < len(text)})
    ends = dict(zip(starts, starts[1:] + [len(text)]))
    for index, item in enumerate(shaped[1:], start=1):
        string = item[1]
        if not isinstance(string, ttfonts.ShapedStr):
            continue
        data = _shape_data(string)
        font: Any = pdfmetrics.getFont(item[0].fontName)
        chars = list(string)
        clusters = [shape.cluster for shape in data]
        for position, (char, cluster) in enumerate(zip(chars, clusters)):
            if cluster not in ends:
                continue
            letters = text[cluster:ends[cluster]]
            if char == letters:
                continue
            alone = clusters.count(cluster) == 1
            if alone and len(letters) == 1 and _same_glyph(font, char, letters):
                chars[position] = letters
            elif (_is_private(char) or (alone and len(letters) > 1 and char not in letters)) \
                    and position == clusters.index(cluster):  # the first glyph of its cluster carries the text
                ligature_letters(font).setdefault(ord(char), _as_extracted(letters))
        restored = "".join(chars)
        if restored != string:
            shaped[index] = (item[0], _shaped_str(restored, data), *item[2:])
    return shaped


def _as_extracted(letters: str) -> str:
    """The letters of one glyph as its ToUnicode entry: right-to-left letters (an Arabic
    lam-alef) reversed, because text extractors read a right-to-left word's characters from
    the visual order back, expansions included (pdftotext gave "ال" for the ligature "لا")."""
    if any(unicodedata.bidirectional(char) in ("R", "AL") for char in letters):
        return letters[::-1]
    return letters


def _same_glyph(font: Any, drawn: str, wanted: str) -> bool:
    glyphs = font.face.charToGlyph
    return bool(glyphs.get(ord(wanted)) == glyphs.get(ord(drawn)) is not None)


def _is_private(char: str) -> bool:
    """A code point reportlab made up for a glyph the font's cmap does not reach."""
    code = ord(char)
    return 0xE000 <= code <= 0xF8FF or 0xF0000 <= code <= 0x10FFFD


SHAPED_WORDS_FROM_PLAIN_TEXT = Fix(
    "shaped-words-from-plain-text",
    "reportlab shapes a word again from its ShapedStr when a paragraph is wrapped twice "
    "(TypeError: expected str, got ShapedStr), shapes a word whose font changes midway with the "
    "first letter's font (garbled glyphs), turns on discretionary ligatures, and names each glyph "
    "by the first character mapped to it (U+00A0 read back as a space).",
    # paragraph.py imported the function by name (frag paragraphs); ttfonts'
    # shapeStr looks it up in its own module (single-font paragraphs).
    lambda: [Patch(paragraph, "shapeFragWord", _shape_frag_word, _SHAPE_SIGNATURE),
             Patch(ttfonts, "shapeFragWord", _shape_frag_word, _SHAPE_SIGNATURE)])
