"""Typeset stage: the few corrections reportlab 5.1 needs, applied once, each explained.

reportlab keeps these behaviours in module globals, so a correction is a change
of those globals. They are applied by `apply()` (idempotent) before any text
is measured, and nowhere else.
"""

from __future__ import annotations

import inspect
import re
import textwrap

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph

# OpenType features for running text: kerning, and standard ligatures when the
# layout asks for them (set_features). reportlab's default also turns on
# discretionary ligatures (`dlig`, Lato's "st"), which never belong in body text.
SHAPING_FEATURES = {"kern": True, "liga": False, "dlig": False}

_NO_BREAK_SPACES = "\u00a0\u202f\u2007\u2060"
_applied = False


def _keep_no_break_spaces() -> None:
    """reportlab lists U+202F NARROW NO-BREAK SPACE (and U+2007 FIGURE SPACE) as
    break points, so a French `;` `!` `?` `»` or the group of a number could
    start a line on its own. Remove them from the break characters."""
    kept = "".join(char for char in paragraph._wsc if char not in _NO_BREAK_SPACES)
    paragraph._wsc = kept
    paragraph._wsc_re_split = re.compile("[%s]+" % re.escape(kept)).split
    paragraph._wsc_end_search = re.compile("[%s]+$" % re.escape(kept)).search
    paragraph.split = _split_words


def _split_words(text, delim=None):
    """reportlab's `split` uses its break characters only when the text holds a
    U+00A0; otherwise Python's str.split, which also breaks at U+202F. Always
    use the break characters."""
    if isinstance(text, bytes):
        text = text.decode("utf8")
    if delim is None:
        return [word for word in paragraph._wsc_re_split(text) if word]
    return text.split(delim.decode("utf8") if isinstance(delim, bytes) else delim)


def _plain(item):
    """A (frag, text, ...) item with its text as a plain str."""
    frag, text = item[0], item[1]
    if isinstance(text, ttfonts.ShapedStr):
        return (frag, str.__str__(text)) + tuple(item[2:])
    return item


def _font_key(item):
    frag = item[0]
    return None if hasattr(frag, "cbDefn") else (frag.fontName, frag.fontSize)


def _shape_frag_word(word, features=None, force=False):
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
    items = [_plain(item) for item in word[1:]]
    fonts = {key for item in items if (key := _font_key(item)) is not None}
    if len(fonts) <= 1:
        return _shape_run(type(word)([word[0]] + items), features, force)
    runs: list[list] = []
    for item in items:
        if runs and _font_key(item) in (None, _font_key(runs[-1][-1])):
            runs[-1].append(item)
        else:
            runs.append([item])
    parts = [_shape_run(type(word)([_run_width(run)] + run), features, force) for run in runs]
    return _join_runs(word, parts, runs)


def _run_width(run) -> float:
    return sum(pdfmetrics.stringWidth(item[1], item[0].fontName, item[0].fontSize)
               for item in run if not hasattr(item[0], "cbDefn"))


def _join_runs(word, parts, runs):
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
                        for d in text.__shapeData__]
                item = (item[0], ttfonts.ShapedStr(str.__str__(text), shapeData=data)) + tuple(item[2:])
            joined.append(item)
        offset += sum(len(item[1]) for item in run if not hasattr(item[0], "cbDefn"))
    return joined


def _shape_run(plain, features, force):
    """Shape one run of one font. For a word of one frag (nearly every word) the result
    depends only on its text, font, size and the features, so it is kept: paragraphs
    are wrapped several times (measured, split, placed) and words recur."""
    items = plain[1:]
    if len(items) != 1 or hasattr(items[0][0], "cbDefn") or len(items[0]) != 2:
        return _shape_uncached(plain, features, force)
    frag, text = items[0]
    features = features or SHAPING_FEATURES
    # the word's class is part of it: reportlab marks in the class whether a space
    # follows the word (a word cut by a split or a hyphen has none)
    key = (type(plain), frag.fontName, frag.fontSize, text, tuple(sorted(features.items())), force)
    cached = _shaped_words.get(key)
    if cached is None:
        if len(_shaped_words) >= MAX_CACHED_WORDS:
            _shaped_words.clear()  # a catalogue-sized build: start again rather than grow
        shaped = _shape_uncached(plain, features, force)
        _shaped_words[key] = cached = _UNCHANGED if shaped is plain else shaped
    if cached is _UNCHANGED:
        return plain
    # the same glyphs, carried by this word's own frag (its colour, link, underline)
    result = type(cached)([cached[0]])
    result.extend((frag,) + tuple(item[1:]) for item in cached[1:])
    return result


def _shape_uncached(plain, features, force):
    shaped = _original_shape_frag_word(plain, features=features or SHAPING_FEATURES, force=force)
    if shaped is plain:
        return shaped
    text = "".join(item[1] for item in plain[1:] if not hasattr(item[0], "cbDefn"))
    return _restore_characters(shaped, text)


_UNCHANGED = object()
_shaped_words: dict = {}  # (runs, features, force) -> (shaped word, its frags); bounded by clear_caches
MAX_CACHED_WORDS = 50_000


def clear_caches() -> None:
    """Forget shaped words (a new font file under the same name, or memory to give back)."""
    _shaped_words.clear()


def _restore_characters(shaped, text: str):
    """Keep what each glyph stands for, for text extraction.

    - reportlab names each shaped glyph by the first character the font maps
      to it, so a no-break space U+00A0 (the space's glyph in most fonts)
      would reach the PDF as U+0020: give back the character the text had.
    - a ligature glyph stands for several letters (f+f+i); remember them on
      the font, so that the ToUnicode map says "ffi" instead of a private-use
      or presentation-form code point.
    """
    for index, item in enumerate(shaped[1:], start=1):
        string = item[1]
        if not isinstance(string, ttfonts.ShapedStr):
            continue
        data = string.__shapeData__
        font = pdfmetrics.getFont(item[0].fontName)
        glyphs = font.face.charToGlyph
        chars = list(string)
        clusters = [shape.cluster for shape in data]
        for position, (char, cluster) in enumerate(zip(chars, clusters)):
            if not 0 <= cluster < len(text):
                continue
            following = next((c for c in clusters[position + 1:] if c > cluster and c < len(text)), None)
            letters = text[cluster:following if following is not None else cluster + 1]
            original = text[cluster]
            if len(letters) > 1 and char not in letters:
                _ligature_letters(font).setdefault(ord(char), letters)
            elif original != char and glyphs.get(ord(original)) == glyphs.get(ord(char)) is not None:
                chars[position] = original
        restored = "".join(chars)
        if restored != string:
            shaped[index] = (item[0], ttfonts.ShapedStr(restored, shapeData=data)) + tuple(item[2:])
    return shaped


def _ligature_letters(font) -> dict[int, str]:
    """The letters each ligature glyph of `font` stands for, kept on reportlab's
    own (process-wide) font object beside the glyph codes it assigns."""
    face = font.face
    if not hasattr(face, "brochure_ligature_letters"):
        face.brochure_ligature_letters = {}
    return face.brochure_ligature_letters


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode CMap, with each ligature mapped to its letters."""
    cmap = _original_to_unicode_cmap(fontname, subset)
    face_name = fontname.split("+", 1)[-1]
    letters: dict[int, str] = {}
    for font in list(pdfmetrics._fonts.values()):
        face = getattr(font, "face", None)
        name = getattr(face, "name", b"")
        if isinstance(name, bytes) and name.decode("latin-1") == face_name:
            letters.update(getattr(face, "brochure_ligature_letters", {}))
    for code, value in enumerate(subset):
        if value in letters:
            utf16 = letters[value].encode("utf-16-be").hex().upper()
            cmap = cmap.replace(f"<{code:02X}> <{value:04X}>", f"<{code:02X}> <{utf16}>", 1)
    return cmap


_original_shape_frag_word = ttfonts.shapeFragWord
_original_to_unicode_cmap = ttfonts.makeToUnicodeCMap


_NBSP_TO_SPACE = "if code==0xa0: code = 32    #map nbsp into space"


def _keep_no_break_space_code() -> None:
    """reportlab writes U+00A0 with the code of the space. The PDF then says
    "space" to text extraction (French `:` loses its no-break space when copied)
    and word spacing (Tw), which PDF applies to code 32 only, stretches the
    no-break space too, so a justified line holding one overruns its column by
    the stretch. Give U+00A0 its own code, like any other character.

    The method is recompiled from reportlab's own source without that one line,
    so that nothing else of it is copied here; a reportlab whose source differs
    stops the build instead of being patched blindly.
    """
    source = textwrap.dedent(inspect.getsource(ttfonts.TTFont.splitString))
    if _NBSP_TO_SPACE not in source:
        raise RuntimeError("reportlab's TTFont.splitString changed; review typeset/reportlab_fixes.py")
    namespace: dict = {}
    exec(compile(source.replace(_NBSP_TO_SPACE, "pass"), ttfonts.__file__, "exec"),
         ttfonts.__dict__, namespace)
    ttfonts.TTFont.splitString = namespace["splitString"]


def _hyphenate_elided_words() -> None:
    """reportlab hyphenates only words made of letters, so every French word with
    an elision (l’attractivité, d’accompagnement) stayed whole and left loose
    justified lines. Let apostrophes into hyphenatable words; our hyphenator
    keeps the elided part with the head."""
    letters = paragraph._hy_letters + "\u2019'"
    paragraph._hy_letters_pat = re.compile("^[" + letters + "]+$")
    paragraph._hy_shy_letters_pat = re.compile("^[" + paragraph._hy_shy + letters + "]+$")


def set_features(kerning: bool, ligatures: bool) -> None:
    """Choose the OpenType features of the next build (reportlab reads them per word).

    Ligatures are off unless the layout turns them on: reportlab 5.1 does not
    hyphenate a shaped word that holds a ligature glyph, which leaves loose
    justified lines wherever "fi", "ff" or "ti" occurs.
    """
    if len(_shaped_words) > MAX_CACHED_WORDS:
        _shaped_words.clear()
    SHAPING_FEATURES.update(kern=kerning, liga=ligatures, dlig=False)


def apply() -> None:
    global _applied
    if _applied:
        return
    # page streams compressed only, not also ASCII85-armoured (a quarter larger, slower)
    rl_config.useA85 = 0
    _keep_no_break_spaces()
    _keep_no_break_space_code()
    _hyphenate_elided_words()
    # paragraph.py imported the function by name (frag paragraphs); ttfonts'
    # shapeStr looks it up in its own module (single-font paragraphs).
    paragraph.shapeFragWord = _shape_frag_word
    ttfonts.shapeFragWord = _shape_frag_word
    ttfonts.makeToUnicodeCMap = _to_unicode_cmap
    _applied = True
