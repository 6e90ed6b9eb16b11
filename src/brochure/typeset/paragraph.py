"""Typeset stage: a reportlab Paragraph that also obeys the layout's hyphenation and
spacing rules, and the helpers that read its lines back."""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from typing import Any

from reportlab.lib.enums import TA_JUSTIFY
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import _handleBulletWidth  # type: ignore[attr-defined]  # not in the stubs

from brochure.errors import Location
from brochure.typeset.caches import refined
from brochure.typeset.display_fit import Fit, ends_with_lone_word, trials
from brochure.typeset.hyphenation import Hyphenator
from brochure.typeset.kinsoku import kinsoku_split
from brochure.typeset.rtl import has_right_to_left, order_lines, readable
from brochure.typeset.total_fit import break_paragraph

_TRAILING_PUNCTUATION = re.compile(r"[\]'\")}?!.,;:\u2019\u201d»\u00a0\u202f]+$")
_LEADING_PUNCTUATION = re.compile(r"^['\"(\[{\u2018\u201c«\u00a0\u202f]+")


@dataclass(frozen=True)
class LineInfo:
    text: str
    stretch: float        # extra width given to each space of a justified line, in points
    spaces: int
    space_width: float
    justified: bool
    letter_spacing: float = 0.0  # points between letters, when the breaker spaced them

    @property
    def ends_hyphenated(self) -> bool:
        """A break inside a word, marked with an added hyphen (not a compound's own)."""
        return self.text.endswith("-") and not self.text.endswith(" -")


def _words_on(line: Any) -> int:
    """The words of a line reportlab broke: a (space left, words) pair or a FragLine."""
    return len(line[1]) if isinstance(line, tuple) else int(getattr(line, "wordCount", 0))


def _widened(lines: Any, widths: list[float], share: float) -> Any:
    """Lines broken on `share` of the measure, set on the whole measure: the space left on each
    line grows by what the measure was narrowed (alignment and right-to-left placement use it)."""
    widened = []
    for number, line in enumerate(lines.lines):
        measure = widths[min(number, len(widths) - 1)]
        added = measure * (1 - share)
        if isinstance(line, tuple):
            widened.append((line[0] + added, line[1]))
        else:
            line.extraSpace += added
            if hasattr(line, "maxWidth"):
                line.maxWidth = measure
            widened.append(line)
    lines.lines = widened
    return lines


def line_infos(paragraph: Paragraph) -> list[LineInfo]:
    """The lines of a wrapped paragraph with their word spacing."""
    para = paragraph.blPara  # type: ignore[attr-defined]  # set by wrap, not in the stubs
    style = paragraph.style
    space_width = stringWidth(" ", style.fontName, style.fontSize)
    justified = style.alignment == 4
    infos = []
    for number, line in enumerate(para.lines):
        last = number == len(para.lines) - 1
        if para.kind == 0:
            extra, words = line[0], line[1]
            text = " ".join(str(word) for word in words)
            spaces = max(len(words) - 1, 0)
        else:
            extra = getattr(line, "extraSpace", 0.0)
            text = "".join(readable(getattr(frag, "text", ""), frag.fontName) if hasattr(frag, "fontName")
                           else str(getattr(frag, "text", "")) for frag in line.words)
            spaces = max(getattr(line, "wordCount", 1) - 1, 0)
        is_justified = justified and not last and spaces > 0
        stretch = extra / spaces if is_justified and spaces else 0.0
        if is_justified and hasattr(line, "gap_stretch"):
            stretch = line.gap_stretch  # set by the total-fit breaker: the same for every gap
        infos.append(LineInfo(text, stretch, spaces, space_width, is_justified,
                              getattr(line, "letter_spacing", 0.0)))
    return infos


def hyphenated_word(lines: list[LineInfo], index: int) -> str:
    """The word broken at the end of line `index`, whole again, without punctuation."""
    head = lines[index].text.split(" ")[-1][:-1]
    tail = lines[index + 1].text.split(" ")[0] if index + 1 < len(lines) else ""
    word = _LEADING_PUNCTUATION.sub("", head + tail)
    return _TRAILING_PUNCTUATION.sub("", word)


def first_excess_hyphen(lines: list[LineInfo], max_consecutive: int) -> int | None:
    """The index of the first hyphenated line end beyond `max_consecutive` in a row."""
    run = 0
    for index, line in enumerate(lines[:-1]):
        run = run + 1 if line.ends_hyphenated else 0
        if run > max_consecutive:
            return index
    return None


def _ends_hyphenated(part: Any) -> bool:
    lines = line_infos(part) if hasattr(part, "blPara") and part.blPara.lines else []
    return bool(lines) and lines[-1].ends_hyphenated


class _Excluding:
    """A hyphenator that refuses some words and asks another for the rest."""

    def __init__(self, hyphenator: Hyphenator, excluded: frozenset[str]):
        self.hyphenator = hyphenator
        self.excluded = excluded

    def __call__(self, word: str) -> list[tuple[str, str]]:
        return [] if word in self.excluded else self.hyphenator(word)


# what reportlab's Paragraph._setup sets from the markup
_SET_BY_PARSING = frozenset({"text", "frags", "bulletText", "debug"})


class TypesetParagraph(Paragraph):
    """A Paragraph with at most `style.maxConsecutiveHyphens` hyphenated lines in a row.

    reportlab has no such limit: when a third hyphenated line follows two, the
    word broken there is barred from hyphenation and the paragraph wrapped again.
    """

    def __init__(self, text: Any, style: Any = None, bulletText: Any = None, frags: Any = None,
                 where: Location | None = None, **rest: Any) -> None:
        if frags is None and style is not None and not rest:
            # the markup is parsed when the paragraph is first measured (see __getattr__): a story of
            # thousands of paragraphs is built whole before the first page, and parsed frags take
            # several times the memory of their markup until each paragraph is drawn
            self.caseSensitive = 1
            self.encoding = "utf8"
            self.style = style
            self._unparsed = (text, bulletText or getattr(style, "bulletText", None))
        else:
            super().__init__(text, style, bulletText=bulletText, frags=frags, **rest)
        self.where = where  # where the text was written, for a word too wide for its column
        self.chosen_breaks: list[Any] | None = None  # the total-fit breaker's lines, when it set them
        self.fit: Fit | None = None  # set tighter or smaller so as not to end with a word alone
        self.lone_word = False       # display text its style lets fit that still ends with one word alone
        self._unfitted: tuple[Any, Any] | None = None  # the style and frags as written, once fitting may change them
        self._fitted_whole = False   # a part of a split paragraph: set as the whole was

    def __getattr__(self, name: str) -> Any:
        # called only for attributes not set: those reportlab's parse sets, the first time one is read
        unparsed = self.__dict__.get("_unparsed")
        if unparsed is None or name not in _SET_BY_PARSING:
            raise AttributeError(name)
        del self.__dict__["_unparsed"]
        text, bullet = unparsed
        self._setup(text, self.style, bullet, None, rl_paragraph.cleanBlockQuotedText)
        return getattr(self, name)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        # line breaking depends on the width only: frames and facing rows ask again
        # with the same width and another height, so keep the last answer
        if getattr(self, "_wrapped_width", None) == availWidth and hasattr(self, "blPara"):
            return self.width, self.height
        size = self._wrap(availWidth, availHeight)
        self._wrapped_width = availWidth
        return size

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2 and hasattr(self, "blPara") and _ends_hyphenated(parts[0]):
            # a column or page that ends in the middle of a word: one line earlier when the
            # widow and orphan rules allow it (both parts keep two lines) and that line
            # ends a word
            kept, total = len(parts[0].blPara.lines), len(self.blPara.lines)  # type: ignore[attr-defined]
            before = line_infos(self)[kept - 2] if kept >= 2 else None
            if kept - 1 >= 2 and total - kept + 1 >= 2 and before is not None and not before.ends_hyphenated:
                fewer = super().split(availWidth, (kept - 1) * self.style.leading + 1e-6)
                if len(fewer) == 2:
                    parts = fewer
        for part in parts:
            if isinstance(part, TypesetParagraph) and part is not self:
                part.where = self.where
                part.fit = self.fit
                part._fitted_whole = True  # the parts keep the whole paragraph's size
        first = parts[0] if len(parts) == 2 else None
        if isinstance(first, TypesetParagraph) and hasattr(first, "blPara"):
            # the first part keeps the lines chosen for the whole paragraph
            first._wrapped_width = availWidth
        return parts

    def _wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        unfitted = self._unfitted
        if unfitted is not None:  # wrapped again (another measure): from the style as written
            self.style, self.frags = unfitted
            self.fit = None
        elif getattr(self.style, "balanceLines", False) and not self._fitted_whole:
            self._unfitted = (self.style, self.frags)   # display text: it may be fitted or matched
        size = self._wrap_within_hyphen_limit(availWidth, availHeight)
        self.lone_word = False
        if self._may_fit() and self._ends_with_lone_word():
            size = self._fitted(availWidth, availHeight)
            self.lone_word = self.fit is None  # reported: the style's limits were not enough
        return size

    def _may_fit(self) -> bool:
        """Whether the style lets its display text be set tighter or smaller (display_fit.py)."""
        style = self.style
        return bool((getattr(style, "fitSize", 0.0) or getattr(style, "fitTracking", 0.0))
                    and getattr(style, "balanceLines", False) and style.wordWrap != "CJK"
                    and not self._fitted_whole and not getattr(self, "_splitpara", False))

    def _ends_with_lone_word(self) -> bool:
        """Balanced display text (not Japanese or Chinese, which have no word spaces) whose last
        line holds one word alone."""
        style = self.style
        if not getattr(style, "balanceLines", False) or style.wordWrap == "CJK" or not hasattr(self, "blPara"):
            return False
        return ends_with_lone_word([line.text for line in line_infos(self)])

    def _fitted(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """The least tightening, then reduction, the style allows that keeps two words on the
        last line without adding a line; the paragraph as it was when none does."""
        assert self._unfitted is not None  # kept by _wrap when the style may fit
        style, frags = self._unfitted
        count = len(self.blPara.lines)
        # Arabic is never tracked (its letters join): only its size may change
        tracking_limit = 0.0 if style.wordWrap == "RTL" else style.fitTracking
        for fit in trials(style.fontSize, getattr(style, "tracking", 0.0), style.fitSize, tracking_limit):
            trial = self._set_at(fit, availWidth, availHeight)
            if len(self.blPara.lines) <= count and not self._ends_with_lone_word():
                self.fit = fit
                return trial
        self.style, self.frags = style, frags
        return self._wrap_within_hyphen_limit(availWidth, availHeight)

    def _set_at(self, fit: Fit, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Wrapped at the fit's size and tracking, from the style and frags as written."""
        assert self._unfitted is not None
        style, frags = self._unfitted
        share = fit.size / style.fontSize
        self.style = style.clone(style.name, parent=style.parent, fontSize=fit.size, tracking=fit.tracking)
        self.frags = [frag.clone(fontSize=frag.fontSize * share) if hasattr(frag, "fontSize") else frag
                      for frag in frags]
        return self._wrap_within_hyphen_limit(availWidth, availHeight)

    def match(self, other: Fit, availWidth: float, availHeight: float) -> tuple[float, float] | None:
        """Set as much smaller and tighter as `other`, the fit of the paragraph of this style it
        faces (a title beside its translation), so that the two read as one level; None, and the
        paragraph left as it was, when that would add a line or leave one word alone on its last."""
        if self._unfitted is None or self.fit is not None or not hasattr(self, "blPara") \
                or getattr(self, "_splitpara", False):
            return None
        style = self._unfitted[0]
        tracking = getattr(style, "tracking", 0.0)
        tighter = 0.0 if style.wordWrap == "RTL" else other.style_tracking - other.tracking
        fit = Fit(round(style.fontSize * other.size / other.style_size, 2), style.fontSize,
                  round(tracking - tighter, 4), tracking, facing=True)
        count, alone = len(self.blPara.lines), self._ends_with_lone_word()
        size = self._set_at(fit, availWidth, availHeight)
        if len(self.blPara.lines) <= count and (alone or not self._ends_with_lone_word()):
            self.fit = fit
            return size
        self.style, self.frags = self._unfitted
        self._wrap_within_hyphen_limit(availWidth, availHeight)
        return None

    def _wrap_within_hyphen_limit(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.chosen_breaks = None
        size = super().wrap(availWidth, availHeight)
        limit = getattr(self.style, "maxConsecutiveHyphens", 0)
        hyphenator = self.style.hyphenationLang
        if not limit or not callable(hyphenator) or self.chosen_breaks is not None:
            return size  # the total-fit breaker keeps to the limit itself
        excluded: set[str] = set()
        for _ in range(50):
            lines = line_infos(self)
            index = first_excess_hyphen(lines, limit)
            if index is None:
                break
            word = hyphenated_word(lines, index)
            if not word or word in excluded:
                break
            excluded.add(word)
            base = hyphenator.hyphenator if isinstance(hyphenator, _Excluding) else hyphenator
            self.style = self.style.clone(self.style.name, parent=self.style.parent,
                                          hyphenationLang=_Excluding(base, frozenset(excluded)))
            size = super().wrap(availWidth, availHeight)
        return size

    def breakLines(self, width: float | list[float] | tuple[float, ...]) -> Any:
        # words are shaped while lines are broken: with this style's OpenType features
        # total-fit breaking for justified and ragged-right text; reportlab's own otherwise
        with refined(getattr(self.style, "shapingFeatures", None), getattr(self.style, "tracking", 0.0)):
            lines = break_paragraph(self, width)
            if lines is not None:
                return lines
            lines = super().breakLines(width)
            if self.style.alignment != TA_JUSTIFY and self._holds_right_to_left():
                lines = self._without_lone_word(width, lines)
            return lines

    def _without_lone_word(self, width: float | list[float] | tuple[float, ...], lines: Any) -> Any:
        """Ragged right-to-left text (which reportlab breaks, not the total-fit breaker): a last
        line of one word alone takes a word from the line above, the lines broken on a narrower
        measure (issue 23), then set on the full one."""
        count = len(lines.lines)
        if count < 2 or _words_on(lines.lines[-1]) != 1:
            return lines
        widths = list(width) if isinstance(width, (list, tuple)) else [width]
        for step in range(1, 7):
            share = 1 - 0.05 * step
            trial = super().breakLines([measure * share for measure in widths])
            if len(trial.lines) == count and _words_on(trial.lines[-1]) >= 2:
                return _widened(trial, widths, share)
        return lines

    def breakLinesCJK(self, maxWidths: Any) -> Any:
        """Lines broken between characters with kinsoku rules (typeset/kinsoku.py, issue 17)."""
        if not isinstance(maxWidths, (list, tuple)):
            maxWidths = [maxWidths]
        if hasattr(self, "blPara") and getattr(self, "_splitpara", False):
            return self.blPara  # the part of a split paragraph: already broken
        self.height = 0
        _handleBulletWidth(self.bulletText, self.style, maxWidths)
        frags = list(self.frags)
        auto_leading = getattr(self.style, "autoLeading", "")
        return kinsoku_split(frags, list(maxWidths), auto_leading not in ("", "off"),
                             getattr(self.style, "phraseModel", None))

    def draw(self) -> None:
        # right to left (issue 17): lines are broken, measured and split in logical order and
        # put in visual order only to be drawn, on copies (a split paragraph re-breaks them);
        # a left-to-right paragraph holding Arabic or Hebrew words turns those runs round
        right_to_left = bool(getattr(self.style, "rightToLeft", False))
        if hasattr(self, "blPara") and (right_to_left or self._holds_right_to_left()):
            logical: Any = self.blPara  # type: ignore[has-type]  # set by wrap, not in the stubs
            visual = copy.copy(logical)
            visual.lines = [copy.copy(line) for line in logical.lines]
            order_lines(visual, self.style.fontName, right_to_left)
            if right_to_left and not hasattr(self, "_wrapWidths"):
                # reportlab's RTL drawing places bullets from the widths wrap sets; the first
                # part of a split keeps its lines without wrapping again (see split)
                style = self.style
                later = self.width - style.leftIndent - style.rightIndent
                self._wrapWidths = [later - style.firstLineIndent, later]
            self.blPara = visual
            try:
                self._draw_with_overprint()
            finally:
                self.blPara = logical
        else:
            self._draw_with_overprint()

    def _holds_right_to_left(self) -> bool:
        """Whether the paragraph's text (its markup as given: shaped frags hold glyph codes) has Arabic or Hebrew."""
        return has_right_to_left(str(getattr(self, "text", "")))

    def _draw_with_overprint(self) -> None:
        self._draw_inked()

    def _draw_inked(self) -> None:
        if getattr(self.style, "overprint", False):
            canvas = self.canv
            canvas.saveState()
            canvas.setFillOverprint(True)
            canvas.setOverprintMask(1)  # OPM 1: the zero inks of 100 % K leave what is below
            super().draw()
            canvas.restoreState()
        else:
            super().draw()
