"""Layout stage: the flowables of the brochure, following reportlab's wrap/split/draw contract.

FacingRow   one paired unit, a cell per language column, all cells starting level
RowGroup    rows kept together (a heading with the first lines of what follows)
Stack       a small vertical list that never splits (cells of cards and figures)
Panel       a tinted or ruled box around rows, never split
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, BinaryIO

from PIL.Image import Image
from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph

from brochure.errors import OversetError
from brochure.layout.page_map import LooseLine, PageMap, PlacedText, SetParagraph
from brochure.typeset.paragraph import TypesetParagraph, line_infos

EPSILON = 1e-6


def paragraph_text(flowable: Flowable) -> str:
    """The text of a wrapped Paragraph (or of a Stack of them), for the page map."""
    return " ".join(line.text for paragraph in paragraphs_in(flowable) if hasattr(paragraph, "blPara")
                    for line in line_infos(paragraph))


def paragraphs_in(flowable: Flowable) -> list[Paragraph]:
    if isinstance(flowable, Paragraph):
        return [flowable]
    if isinstance(flowable, Stack):  # a column of paragraphs too
        return [p for item in flowable.items for p in paragraphs_in(item)]
    return []


def line_count(flowable: Flowable) -> int:
    """The lines a wrapped Paragraph sets, or all those of a Stack's (a card: `translate fit`
    compares a card's lines in each language)."""
    return sum(len(paragraph.blPara.lines) for paragraph in paragraphs_in(flowable) if hasattr(paragraph, "blPara"))


class FacingRow(Flowable):
    """Cells side by side in equal columns, all starting at the same height.

    When the row does not fit, each cell that does not fit is split at the same
    height (paragraph widow and orphan rules apply to each); if any cell cannot
    split there, the whole row moves on, so a pair always starts level.
    """

    def __init__(self, cells: Sequence[Flowable | None], languages: Sequence[str], gutter: float,
                 unit: str, page_map: PageMap | None = None, splittable: bool = True,
                 kind: str = "", loose_word_space: float | None = None,
                 cut: Sequence[tuple[bool, bool]] | None = None, align: str = "top"):
        super().__init__()
        self.cells = list(cells)
        # "bottom": shorter cells sit on the row's foot (a heading on the text it heads)
        self.align = align
        self.kind = kind
        self.loose_word_space = loose_word_space
        # per cell: (continues a paragraph cut above, goes on below)
        self.cut = list(cut) if cut is not None else [(False, False)] * len(self.cells)
        self.languages = list(languages)
        self.gutter = gutter
        self.unit = unit
        self.page_map = page_map
        self.splittable = splittable
        self._heights: list[float] = [0.0] * len(self.cells)
        self._column_width = 0.0

    def column_width(self, available_width: float) -> float:
        count = len(self.cells)
        return (available_width - self.gutter * (count - 1)) / count

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._column_width = self.column_width(availWidth)
        self._heights = [cell.wrap(self._column_width, availHeight)[1] if cell else 0.0
                         for cell in self.cells]
        self._match_fits(availHeight)
        self.width, self.height = availWidth, max(self._heights, default=0.0)
        return self.width, self.height

    def _match_fits(self, availHeight: float) -> None:
        """A title set smaller or tighter so as not to end with one word alone: the texts it faces
        in the other columns, of its style, are set alike (typeset/display_fit.py)."""
        fitted = [(cell.fit.size / cell.fit.style_size, cell.fit.tracking - cell.fit.style_tracking,
                   _style_name(cell), cell.fit) for cell in self.cells
                  if isinstance(cell, TypesetParagraph) and cell.fit is not None and not cell.fit.facing]
        if not fitted:
            return
        _, _, style, smallest = min(fitted, key=lambda found: found[:2])
        for index, cell in enumerate(self.cells):
            if isinstance(cell, TypesetParagraph) and cell.fit is None and _style_name(cell) == style:
                matched = cell.match(smallest, self._column_width, availHeight)
                if matched is not None:
                    self._heights[index] = matched[1]

    def getSpaceBefore(self) -> float:
        return max((cell.getSpaceBefore() for cell in self.cells if cell), default=0.0)

    def getSpaceAfter(self) -> float:
        return max((cell.getSpaceAfter() for cell in self.cells if cell), default=0.0)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        if not self.splittable:
            return []
        width = self.column_width(availWidth)
        firsts: list[Flowable | None] = []
        rests: list[Flowable | None] = []
        first_cuts, rest_cuts = [], []
        for cell, (cut_above, cut_below) in zip(self.cells, self.cut):
            if cell is None or cell.wrap(width, availHeight)[1] <= availHeight + EPSILON:
                firsts.append(cell)
                rests.append(None)
                first_cuts.append((cut_above, cut_below))
                rest_cuts.append((False, False))
                continue
            parts = cell.split(width, availHeight)
            if len(parts) != 2:
                return []
            firsts.append(parts[0])
            rests.append(parts[1])
            first_cuts.append((cut_above, True))
            rest_cuts.append((True, cut_below))
        if all(rest is None for rest in rests):
            return []
        return [self._with(firsts, first_cuts), self._with(rests, rest_cuts, continued=True)]

    def _with(self, cells: list[Flowable | None], cut: list[tuple[bool, bool]],
              continued: bool = False) -> FacingRow:
        return FacingRow(cells, self.languages, self.gutter, self.unit + (" (cont.)" if continued else ""),
                         self.page_map, self.splittable, self.kind, self.loose_word_space, cut, self.align)

    def draw(self) -> None:
        for index, cell in enumerate(self.cells):
            if cell is None:
                continue
            x = index * (self._column_width + self.gutter)
            y = 0.0 if self.align == "bottom" else self.height - self._heights[index]
            cell.drawOn(self.canv, x, y)
            if self.page_map is not None:
                self._record(index, cell, x, y)

    def _record(self, index: int, cell: Flowable, x: float, y: float) -> None:
        # the canvas is translated to the row's origin: map back to the page
        if self.page_map is None:
            return
        origin_x, origin_y = self.canv.absolutePosition(0, 0)
        page = self.canv.getPageNumber()
        cut_above, cut_below = self.cut[index]
        top = origin_y + y + self._heights[index]
        parts = cell.placed_parts() if isinstance(cell, Column) else \
            [(self.unit, self.kind, 0.0, self._heights[index], cell)]
        for number, (unit, kind, offset, height, item) in enumerate(parts):
            fitted = [paragraph for paragraph in paragraphs_in(item)
                      if isinstance(paragraph, TypesetParagraph) and (paragraph.fit or paragraph.lone_word)]
            where = next((paragraph.where for paragraph in fitted if paragraph.where is not None), None)
            self.page_map.record(PlacedText(
                page=page, unit=unit, language=self.languages[index],
                x=origin_x + x, top=top - offset, height=height,
                lines=line_count(item), text=paragraph_text(item), kind=kind,
                continued_from_before=cut_above and number == 0,
                continues_after=cut_below and number == len(parts) - 1,
                fit="; ".join(paragraph.fit.describe() for paragraph in fitted if paragraph.fit),
                lone_word=any(paragraph.lone_word for paragraph in fitted),
                where=str(where) if where is not None else ""))
        if self.loose_word_space is None:
            return
        for paragraph in paragraphs_in(cell):
            spaces = []
            for line in line_infos(paragraph):
                if line.justified and line.space_width:
                    ratio = (line.space_width + line.stretch) / line.space_width
                    spaces.append(ratio)
                    if ratio > self.loose_word_space:
                        where = getattr(paragraph, "where", None)
                        self.page_map.loose_lines.append(LooseLine(
                            page, self.unit, self.languages[index], round(ratio, 2), line.text,
                            str(where) if where is not None else "", line.letter_spacing))
            lines = paragraph.blPara.lines  # type: ignore[attr-defined]  # set by wrap
            badness = tuple(getattr(line, "badness", 0.0) for line in lines)
            self.page_map.paragraphs.append(SetParagraph(page, self.unit, self.languages[index],
                                                         tuple(spaces), badness))


def _style_name(paragraph: Paragraph) -> str:
    """The layout's name of a paragraph's style (a ParagraphStyle is made per language: `title:fr`)."""
    return str(paragraph.style.name).split(":")[0]


def gap(previous: Flowable, following: Flowable) -> float:
    """The space between two stacked flowables: the larger of after and before."""
    return max(previous.getSpaceAfter(), following.getSpaceBefore())


class Stack(Flowable):
    """A few flowables one above the other, never split."""

    def __init__(self, items: Sequence[Flowable]):
        super().__init__()
        self.items = list(items)
        self._heights: list[float] = []

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self._heights = [item.wrap(availWidth, availHeight)[1] for item in self.items]
        gaps = sum(gap(a, b) for a, b in zip(self.items, self.items[1:]))
        self.width, self.height = availWidth, sum(self._heights) + gaps
        return self.width, self.height

    def getSpaceBefore(self) -> float:
        return self.items[0].getSpaceBefore() if self.items else 0.0

    def getSpaceAfter(self) -> float:
        return self.items[-1].getSpaceAfter() if self.items else 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        y = self.height
        for index, item in enumerate(self.items):
            if index:
                y -= gap(self.items[index - 1], item)
            y -= self._heights[index]
            item.drawOn(self.canv, 0, y)


class RowGroup(Stack):
    """Rows that go together: every row but the last must stay on the page with at
    least the first lines of the last one (a heading is never left alone at a foot)."""

    def __init__(self, rows: Sequence[Flowable]):
        super().__init__(rows)

    @property
    def rows(self) -> list[Flowable]:
        return self.items

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        leading, last = self.rows[:-1], self.rows[-1]
        used = sum(row.wrap(availWidth, availHeight)[1] for row in leading)
        used += sum(gap(a, b) for a, b in zip(self.rows, self.rows[1:]))
        if used >= availHeight:
            return []
        parts = last.split(availWidth, availHeight - used)
        if len(parts) != 2:
            return []
        return [RowGroup(leading + [parts[0]]), parts[1]]


class Column(Stack):
    """One language's run of paragraphs (a list's items, or a block or section of text set with
    `sync: block | section`), set one after the other and split where the page ends, so the
    language columns meet again only after it: no hole opens between its paragraphs.

    `units` and `kinds` name each paragraph for the page map; a paragraph marked in `keep`
    (a heading) never ends a part that goes on in the next column."""

    def __init__(self, items: Sequence[Flowable], units: Sequence[str], kinds: Sequence[str],
                 keep: Sequence[bool] | None = None):
        super().__init__(items)  # wrapped and drawn as a stack; split between its paragraphs
        self.units = list(units)
        self.kinds = list(kinds)
        self.keep = list(keep) if keep is not None else [False] * len(self.items)

    def _slice(self, start: int, stop: int, last: Flowable | None = None,
               first: Flowable | None = None) -> Column:
        """Paragraphs start..stop, after `first` (the rest of paragraph start - 1) or before
        `last` (the head of paragraph stop)."""
        indices = list(range(start, stop))
        items = [self.items[i] for i in indices]
        units = [self.units[i] for i in indices]
        kinds = [self.kinds[i] for i in indices]
        keep = [self.keep[i] for i in indices]
        if last is not None:
            items, units, kinds, keep = items + [last], units + [self.units[stop]], kinds + [self.kinds[stop]], \
                keep + [False]
        if first is not None:
            items, units = [first, *items], [self.units[start - 1] + " (cont.)", *units]
            kinds, keep = [self.kinds[start - 1], *kinds], [False, *keep]
        return Column(items, units, kinds, keep)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        used = 0.0
        for index, item in enumerate(self.items):
            space = gap(self.items[index - 1], item) if index else 0.0
            height = item.wrap(availWidth, availHeight)[1]
            if used + space + height <= availHeight + EPSILON:
                used += space + height
                continue
            room = availHeight - used - space
            parts = item.split(availWidth, room) if room > 0 else []
            if len(parts) == 2 and not self.keep[index]:
                return [self._slice(0, index, last=parts[0]),
                        self._slice(index + 1, len(self.items), first=parts[1])]
            cut = index
            while cut and self.keep[cut - 1]:
                cut -= 1  # a heading goes on with its text
            if cut == 0:
                return []
            return [self._slice(0, cut), self._slice(cut, len(self.items))]
        return []

    def placed_parts(self) -> list[tuple[str, str, float, float, Flowable]]:
        """(unit, kind, offset from the top, height, paragraph) of each paragraph as wrapped."""
        parts, offset = [], 0.0
        for index, item in enumerate(self.items):
            if index:
                offset += gap(self.items[index - 1], item)
            parts.append((self.units[index], self.kinds[index], offset, self._heights[index], item))
            offset += self._heights[index]
        return parts


class Panel(Flowable):
    """Rows inside a box with padding, a background and/or a rule on top; never split.

    A panel taller than `max_height` (the frame it must fit) is overset: an error
    naming the panel and the first words that do not fit.
    """

    panel_count = 1  # toward its group's per_page
    floats = False   # may wait for the top of the next column (document.py)
    splittable = False  # a box is set whole (split gives nothing): column balancing counts on it

    def __init__(self, rows: Sequence[Flowable], what: str, padding: float = 0.0,
                 background: Color | None = None, rule: Color | None = None, rule_width: float = 1.0,
                 space_before: float = 0.0, space_after: float = 0.0, max_height: float | None = None,
                 group: str | None = None, per_page: int | None = None, page_map: PageMap | None = None):
        super().__init__()
        self.group = group          # panels of one group (the city cards) are counted per page
        self.per_page = per_page    # and at most this many share a page
        self.page_map = page_map
        self.body = Stack(rows)
        self.what = what
        self.padding = padding
        self.background = background
        self.rule = rule
        self.rule_width = rule_width
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.max_height = max_height

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        inner = self.body.wrap(availWidth - 2 * self.padding, availHeight)[1]
        self.width, self.height = availWidth, inner + 2 * self.padding
        if self.max_height is not None and self.height > self.max_height + EPSILON:
            raise OversetError(f"{self.what} does not fit its frame: {self.height:.0f} pt for "
                               f"{self.max_height:.0f} pt; first words that do not fit: "
                               f"“{overflow_words(self.body, self.max_height - 2 * self.padding)}”",
                               hint="shorten the text, or change the styles or page margins in layout/")
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canvas = self.canv
        if self.group is not None and self.page_map is not None:
            self.page_map.count_panel(self.group, canvas.getPageNumber())
        if self.background is not None:
            canvas.setFillColor(self.background)
            canvas.rect(0, 0, self.width, self.height, stroke=0, fill=1)
        if self.rule is not None:
            canvas.setStrokeColor(self.rule)
            canvas.setLineWidth(self.rule_width)
            canvas.line(0, self.height, self.width, self.height)
        self.body.drawOn(canvas, self.padding, self.padding)


class PanelPair(Stack):
    """The last two cards of a list kept on one page, so the last is never alone on a page
    the one before could have shared (a widow among cards). Counts as two toward `per_page`."""

    panel_count = 2
    splittable = False  # kept whole (a Stack): column balancing counts on it

    def __init__(self, panels: Sequence[Panel]):
        super().__init__(panels)
        self.group = panels[0].group
        self.per_page = panels[0].per_page


def overflow_words(flowable: Flowable, height: float, count: int = 6) -> str:
    """The first words of `flowable` that fall below `height` (for overset messages), as written:
    in reading order, their characters readable (a right-to-left line is drawn reversed, shaped)."""
    return " ".join(_words_below(flowable, height, count)[:count]) or "(the last lines)"


def _words_below(flowable: Flowable, height: float, count: int = 6) -> list[str]:
    words: list[str] = []
    y = 0.0
    items = flowable.items if isinstance(flowable, Stack) else [flowable]
    for item in items:
        for cell in getattr(item, "cells", [item]):
            if isinstance(cell, Stack):
                words.extend(_words_below(cell, height - y, count))
            elif isinstance(cell, Paragraph) and hasattr(cell, "blPara"):
                bottom = y
                for line, info in zip(cell.blPara.lines, line_infos(cell)):
                    bottom += _line_height(cell, line)
                    if bottom > height:
                        words.extend(info.text.split())
        y += item.height if hasattr(item, "height") else 0
        if len(words) >= count:
            break
    return words


def _line_height(paragraph: Paragraph, line: Any) -> float:
    """A line's height as reportlab sets it: the leading, or (autoLeading "max": Arabic, CJK) its
    fonts' height when that is more."""
    leading: float = paragraph.style.leading
    if getattr(paragraph.style, "autoLeading", "") == "max" and hasattr(line, "ascent"):
        return max(leading, float(line.ascent - line.descent))
    return leading


class SectionMark(Flowable):
    """A bookmark (PDF outline entry) where a section starts; takes no room."""

    def __init__(self, key: str, title: str):
        super().__init__()
        self.key = key
        self.title = title

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkPage(self.key)
        self.canv.addOutlineEntry(self.title, self.key, level=0)


class Picture(Flowable):
    """An image filling a box of the available width and a fixed height, cropped to fit
    ("cover"), never distorted. `source` is a file path or a Pillow image."""

    def __init__(self, source: str | Image, width_px: int, height_px: int, height: float, what: str):
        super().__init__()
        self.source = source
        self.width_px = width_px
        self.height_px = height_px
        self.box_height = height
        self.what = what

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = availWidth, self.box_height
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        draw_cropped(self.canv, self.source, self.width_px, self.height_px, 0, 0, self.width, self.height)


def draw_cropped(canvas: Canvas, source: str | Image | BinaryIO, width_px: int, height_px: int,
                 x: float, y: float, width: float, height: float, name: str | None = None) -> None:
    """An image filling the box (x, y, width, height), centred and cropped to it, never distorted
    (`source`: a file path, a Pillow image, or JPEG bytes as a file, embedded as they are;
    `name`: reportlab's name for its pixels when already known, see PreparedImage.xobject_name)."""
    from reportlab.lib.utils import ImageReader

    scale = max(width / width_px, height / height_px)
    drawn_width, drawn_height = width_px * scale, height_px * scale
    canvas.saveState()
    path = canvas.beginPath()
    path.rect(x, y, width, height)
    canvas.clipPath(path, stroke=0, fill=0)
    image: str | ImageReader = source if isinstance(source, str) else ImageReader(source)
    if name is not None and not isinstance(image, str):
        image.xobject_name = name  # type: ignore[attr-defined]  # read by the canvas's drawImage
    canvas.drawImage(image, x + (width - drawn_width) / 2, y + (height - drawn_height) / 2, drawn_width, drawn_height)
    canvas.restoreState()


class RuledLines(Flowable):
    """Ruled lines for notes down to the foot of the column, `spacing` apart."""

    def __init__(self, spacing: float, colour: Color, what: str, width: float = 0.3):
        super().__init__()
        self.spacing = spacing
        self.colour = colour
        self.what = what
        self.line_width = width
        self.spaceBefore = spacing / 2

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width = availWidth
        self.height = max(self.spacing, availHeight - EPSILON)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return []

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(self.line_width)
        y = self.height - self.spacing
        while y >= -EPSILON:
            canvas.line(0, y, self.width, y)
            y -= self.spacing
