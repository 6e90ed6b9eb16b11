"""Layout stage: the page map, a record of where each placed text landed on which page."""

from __future__ import annotations

from dataclasses import dataclass, field

from brochure.cartography.scene import Scene


# slots: a build of a thousand pages records some 30 000 placed texts and 40 000 set paragraphs,
# and an instance dict would double what each takes
@dataclass(frozen=True, slots=True)
class PlacedText:
    page: int
    unit: str        # what was placed, e.g. "<section>.paragraph[0]" or "city <id>"
    language: str
    x: float         # left edge of the column, in media-box points
    top: float       # top of the first line box, in media-box points
    height: float
    lines: int
    text: str        # the typeset text
    kind: str = ""   # the paragraph style, e.g. "body", "heading"
    continued_from_before: bool = False  # the first line continues a paragraph cut above
    continues_after: bool = False        # the paragraph goes on in the next column or page
    # display text set tighter or smaller than its style so as not to end with one word alone
    # (typeset/display_fit.py): what was changed; or still ending so, within its style's limits
    fit: str = ""
    lone_word: bool = False
    where: str = ""   # the text's file and line, when fit or lone_word is set


@dataclass(frozen=True, slots=True)
class LooseLine:
    page: int
    unit: str
    language: str
    word_space: float  # the space between words, as a multiple of the font's space
    text: str
    where: str = ""    # the text's file and line, when known
    letter_spacing: float = 0.0  # points added between its letters to tighten the spaces


@dataclass(frozen=True, slots=True)
class PlacedMap:
    """A map as drawn: its page, lower left corner (media-box points) and scene (labels, marks)."""

    page: int
    what: str
    x: float
    y: float
    scene: Scene
    texts: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class PageBreakChoice:
    """What `new_page: auto`, or the page plan for a section that runs on, decided where a
    sequence item began."""

    page: int
    item: str
    free_share: float  # the share of the type area still free on the page
    new_page: bool
    reason: str = "auto"  # auto: new_page: auto; plan: the page plan; foot: too little room to open


@dataclass(frozen=True, slots=True)
class FillChoice:
    """Whether a sequence item's `fill:` figure was set at the foot of its last page."""

    page: int
    item: str
    free_share: float  # the share of the type area that was free
    placed: bool
    reason: str = ""   # why it was left out, when not for want of room


@dataclass(frozen=True, slots=True)
class PageFill:
    """How full a page's type area ended: the flow columns it set text in and the share of the
    height left blank at the foot of the last one (the columns before it ran full)."""

    page: int
    template: str
    columns: int        # flow columns of the page (one when the languages face each other)
    columns_used: int   # columns that received something
    blank_below: float  # share of the type area's height free below the last column's content
    cover: bool = False  # set on a cover's or back cover's template: not an inner page


@dataclass(frozen=True, slots=True)
class SetParagraph:
    """A paragraph (or the part of one in a column) as the line breaker set it."""

    page: int
    unit: str
    language: str
    word_spaces: tuple[float, ...]  # each justified line's word space, as a multiple of the font's space
    badness: tuple[float, ...]      # each line's badness from the breaker: 100 × |adjustment ratio|³


def word_space_summary(paragraphs: list[SetParagraph]) -> str:
    """The distribution of word spaces over every justified line: median, p99, max, lines over 2×."""
    spaces = sorted(space for paragraph in paragraphs for space in paragraph.word_spaces)
    if not spaces:
        return "no justified lines"

    def share(part: float) -> float:
        return spaces[min(int(part * (len(spaces) - 1) + 0.5), len(spaces) - 1)]

    over = sum(space > 2.0 for space in spaces)
    return (f"{len(spaces)} justified lines; word spaces median {share(0.5):.2f}×, p99 {share(0.99):.2f}×, "
            f"max {spaces[-1]:.2f}× the font's space; {over} over 2×")


@dataclass
class PageMap:
    """Filled while pages are drawn; read by tests and the --explain listing."""

    placed: list[PlacedText] = field(default_factory=list)
    loose_lines: list[LooseLine] = field(default_factory=list)
    paragraphs: list[SetParagraph] = field(default_factory=list)
    panels: dict[tuple[str, int], int] = field(default_factory=dict)  # (group, page) -> count
    maps: list[PlacedMap] = field(default_factory=list)
    page_breaks: list[PageBreakChoice] = field(default_factory=list)
    fills: list[FillChoice] = field(default_factory=list)
    notes: list[tuple[str, str]] = field(default_factory=list)  # (where, what) the build summary notes
    page_fills: list[PageFill] = field(default_factory=list)
    notes_pages: list[int] = field(default_factory=list)  # filler pages of ruled notes (the plan's last resort)

    def count_panel(self, group: str, page: int) -> None:
        self.panels[(group, page)] = self.panels.get((group, page), 0) + 1

    def panels_on_page(self, group: str, page: int) -> int:
        return self.panels.get((group, page), 0)

    def record(self, item: PlacedText) -> None:
        self.placed.append(item)

    def on_page(self, page: int) -> list[PlacedText]:
        return [item for item in self.placed if item.page == page]


def inner_fills(page_map: PageMap) -> list[PageFill]:
    """The fill of each inner page (the covers left out)."""
    return [fill for fill in page_map.page_fills if not fill.cover]


def fill_summary(fills: list[PageFill]) -> str:
    """The fill figures of the inner pages: mean blank share at the foot, pages over 35 % blank
    (the last one aside), blank pages, pages whose flow columns are not all set."""
    if not fills:
        return "no inner pages"
    mean = sum(fill.blank_below for fill in fills) / len(fills)
    over = [fill.page for fill in fills[:-1] if fill.blank_below > 0.35]
    blank = [fill.page for fill in fills if fill.columns_used == 0]
    short = [fill.page for fill in fills if 0 < fill.columns_used < fill.columns]
    worst = max(fill.blank_below for fill in fills)
    return (f"{len(fills)} inner pages; blank at the foot mean {mean:.0%}, max {worst:.0%}; "
            f"over 35 % (last aside): {pages_list(over)}; blank: {pages_list(blank)}; "
            f"columns left empty: {pages_list(short)}")


def pages_list(pages: list[int]) -> str:
    return ", ".join(f"p{page}" for page in pages) if pages else "none"
