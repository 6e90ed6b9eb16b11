"""Layout stage: the page map, a record of where each placed text landed on which page."""

from __future__ import annotations

from dataclasses import dataclass, field


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


@dataclass
class PageMap:
    """Filled while pages are drawn; read by tests and the --explain listing."""

    placed: list[PlacedText] = field(default_factory=list)
    loose_lines: list[LooseLine] = field(default_factory=list)
    panels: dict[tuple[str, int], int] = field(default_factory=dict)  # (group, page) -> count

    def count_panel(self, group: str, page: int) -> None:
        self.panels[(group, page)] = self.panels.get((group, page), 0) + 1

    def panels_on_page(self, group: str, page: int) -> int:
        return self.panels.get((group, page), 0)

    def record(self, item: PlacedText) -> None:
        self.placed.append(item)

    def on_page(self, page: int) -> list[PlacedText]:
        return [item for item in self.placed if item.page == page]
