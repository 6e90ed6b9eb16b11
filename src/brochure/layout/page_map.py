"""Layout stage: the page map, a record of where each placed text landed on which page."""

from __future__ import annotations

from dataclasses import dataclass, field

from brochure.cartography.scene import Scene


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class LooseLine:
    page: int
    unit: str
    language: str
    word_space: float  # the space between words, as a multiple of the font's space
    text: str


@dataclass(frozen=True)
class PlacedMap:
    """A map as drawn: its page, lower left corner (media-box points) and scene (labels, marks)."""

    page: int
    what: str
    x: float
    y: float
    scene: Scene
    texts: tuple[str, ...]


@dataclass(frozen=True)
class PageBreakChoice:
    """What `new_page: auto` decided where a sequence item began."""

    page: int
    item: str
    free_share: float  # the share of the type area still free on the page
    new_page: bool


@dataclass(frozen=True)
class FillChoice:
    """Whether a sequence item's `fill:` figure was set at the foot of its last page."""

    page: int
    item: str
    free_share: float  # the share of the type area that was free
    placed: bool


@dataclass
class PageMap:
    """Filled while pages are drawn; read by tests and the --explain listing."""

    placed: list[PlacedText] = field(default_factory=list)
    loose_lines: list[LooseLine] = field(default_factory=list)
    panels: dict[tuple[str, int], int] = field(default_factory=dict)  # (group, page) -> count
    maps: list[PlacedMap] = field(default_factory=list)
    page_breaks: list[PageBreakChoice] = field(default_factory=list)
    fills: list[FillChoice] = field(default_factory=list)

    def count_panel(self, group: str, page: int) -> None:
        self.panels[(group, page)] = self.panels.get((group, page), 0) + 1

    def panels_on_page(self, group: str, page: int) -> int:
        return self.panels.get((group, page), 0)

    def record(self, item: PlacedText) -> None:
        self.placed.append(item)

    def on_page(self, page: int) -> list[PlacedText]:
        return [item for item in self.placed if item.page == page]
