"""Layout stage: the page plan, the breaks of a whole edition chosen by their cost.

As the line breaker weighs the breaks of a paragraph, the planner weighs the pages of an
edition. Sections run on; when that leaves the page count short of the binding's multiple,
the pages it would pad are a budget: a section that runs on may start a new page instead
when the blank it leaves at the foot fits the budget and is at most `MAX_SPREAD_BLANK` of
the type area, and cards (`per_page` is a maximum) may be set one fewer to a page, so the
content spreads over the booklet instead of leaving pages to fill. A few plans are laid out
and the cheapest kept: a page costs the square of the blank share at its foot, more past
`MAX_SPREAD_BLANK` (the last page's counts a quarter: a text ends somewhere); a blank page
costs as four pages left empty, a designed filler page of the layout (a map) a little, a page
of ruled notes as a page left empty: the last resort, after spreading the content.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from brochure.layout.page_map import PageFill

MAX_SPREAD_BLANK = 0.35  # a section starts a new page for the plan only when less is left blank
MAX_PLANS = 4            # layouts tried at most per edition
BLANK_PAGE_COST = 4.0    # a blank page costs as four pages left empty at the foot
FILLER_PAGE_COST = 0.3   # a designed filler page (a map) costs a little
NOTES_PAGE_COST = 1.0    # a page of ruled notes costs as a page left empty at the foot
OVER_COST = 2.0          # each share of blank past MAX_SPREAD_BLANK on a page costs this much more


@dataclass(frozen=True)
class PageBudget:
    """What the document template may spend while laying out: pages' worth of blank it may leave
    at the feet of pages so that sections that would run on start new pages."""

    pages: float = 0.0
    max_blank: float = MAX_SPREAD_BLANK
    cards_fewer: int = 0  # cards set this many fewer to a page than their `per_page`

    def describe(self) -> str:
        return f"spread budget {self.pages:.2f} pages" + (
            f", cards {self.cards_fewer} fewer to a page" if self.cards_fewer else "")

    def starts_page(self, choice: PlanChoice) -> bool:
        """Whether a section that runs on, `choice.free` of the page left, starts a new page."""
        free = choice.free
        return 0 < free < RUN_ON_MIN_FREE or (0 < free <= self.max_blank and choice.spent + free <= self.pages + 0.1)


RUN_ON_MIN_FREE = 0.25  # a section that runs on needs this share of the page, else starts the next


@dataclass(frozen=True)
class PlanChoice:
    """A section that ran on: the share of the page left free there, and the blank the layout had
    spent before it. A layout is decided by these choices alone: two budgets that decide each of
    one layout's choices alike lay it out the same (the page plan lays it out once)."""

    free: float
    spent: float


def decides_alike(choices: list[PlanChoice], budget: PageBudget, other: PageBudget) -> bool:
    """Whether `other` would make every choice of the layout made with `budget` as it did: then
    `other`'s layout is that layout, page for page."""
    return budget.cards_fewer == other.cards_fewer and \
        all(budget.starts_page(choice) == other.starts_page(choice) for choice in choices)


@dataclass(frozen=True)
class PlanCost:
    budget: PageBudget
    pages: int
    cost: float
    blank_pages: tuple[int, ...]
    filler_pages: tuple[int, ...]
    notes_pages: tuple[int, ...] = ()

    def describe(self) -> str:
        return (f"{self.budget.describe()}: {self.pages} pages, cost {self.cost:.2f}, "
                f"{len(self.blank_pages)} blank, {len(self.filler_pages)} filler pages"
                + (f" ({len(self.notes_pages)} of notes)" if self.notes_pages else ""))


def plan_cost(budget: PageBudget, pages: int, fills: list[PageFill], blank_pages: list[int],
              filler_pages: list[int], notes_pages: Sequence[int] = ()) -> PlanCost:
    """The cost of one candidate layout (see the module's docstring)."""
    set_pages = [fill for fill in fills if not fill.cover
                 and fill.page not in blank_pages and fill.page not in filler_pages]
    cost = sum(page_cost(fill.blank_below) for fill in set_pages[:-1])
    if set_pages:
        cost += page_cost(set_pages[-1].blank_below) / 4
    cost += BLANK_PAGE_COST * len(blank_pages) + FILLER_PAGE_COST * (len(filler_pages) - len(notes_pages))
    cost += NOTES_PAGE_COST * len(notes_pages)
    return PlanCost(budget, pages, round(cost, 4), tuple(blank_pages), tuple(filler_pages), tuple(notes_pages))


def page_cost(blank: float) -> float:
    return blank ** 2 + OVER_COST * max(0.0, blank - MAX_SPREAD_BLANK)
