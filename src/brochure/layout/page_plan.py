"""Layout stage: the page plan, the breaks of a whole edition chosen by their cost.

As the line breaker weighs the breaks of a paragraph, the planner weighs the pages of an
edition: each candidate layout (sections running on, or starting a new page when less
than a share of the type area is left) is laid out, and the cheapest is kept. A page's
cost is the square of the blank share at its foot (the last page's counts a quarter: a
text ends somewhere); a blank page a binding adds costs as a page left empty, a filler
page less. The candidates are few (the thresholds below), so an edition is laid out a
handful of times at most, and only when running on leaves the page count off the
binding's multiple.
"""

from __future__ import annotations

from dataclasses import dataclass

from brochure.layout.page_map import PageFill, inner_fills

# shares of the type area: a section that would run on starts a new page when less is left
RUN_ON_THRESHOLDS = (0.0, 0.2, 0.3, 0.4, 0.5, 0.6)
BLANK_PAGE_COST = 4.0   # a blank page costs four pages left empty at the foot
FILLER_PAGE_COST = 0.3  # a designed filler page (a full-page map) costs a little


@dataclass(frozen=True)
class PlanCost:
    run_on_break: float
    pages: int
    cost: float
    fills: tuple[PageFill, ...]
    blank_pages: tuple[int, ...]
    filler_pages: tuple[int, ...]

    def describe(self) -> str:
        return (f"sections run on unless less than {self.run_on_break:.0%} of the page is left: "
                f"{self.pages} pages, cost {self.cost:.2f}, {len(self.blank_pages)} blank, "
                f"{len(self.filler_pages)} filler pages")


def plan_cost(run_on_break: float, pages: int, fills: list[PageFill], blank_pages: list[int],
              filler_pages: list[int]) -> PlanCost:
    """The cost of one candidate layout (see the module's docstring)."""
    set_pages = [fill for fill in inner_fills_of(fills, pages)
                 if fill.page not in blank_pages and fill.page not in filler_pages]
    cost = sum(fill.blank_below ** 2 for fill in set_pages[:-1])
    if set_pages:
        cost += set_pages[-1].blank_below ** 2 / 4
    cost += BLANK_PAGE_COST * len(blank_pages) + FILLER_PAGE_COST * len(filler_pages)
    return PlanCost(run_on_break, pages, round(cost, 4), tuple(fills), tuple(blank_pages), tuple(filler_pages))


def inner_fills_of(fills: list[PageFill], pages: int) -> list[PageFill]:
    return [fill for fill in fills if 1 < fill.page < pages]


__all__ = ["RUN_ON_THRESHOLDS", "PlanCost", "inner_fills", "plan_cost"]
