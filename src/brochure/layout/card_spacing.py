"""Layout stage: cards spaced down the page they fill (vertical justification).

Cards (panels of a group with `per_page`) are never split, so a page of cards ends where the
next card does not fit, or where `per_page` (or the page plan's fewer) is reached, leaving
the rest of the page blank at its foot. A designer spaces them down the page instead, as
InDesign's vertical justification or typst's fractional spacing does: when the cards of the
page are known to run on to the next page, the room they leave is shared among the gaps
between them (and above the first when it follows other text), up to `MAX_GAP_SHARE` of
their mean height each. The last cards of a run, which other content may follow on the page,
keep their gaps: only a page the cards end is justified, and a card alone keeps its place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable

from brochure.layout.flowables import PanelPair
from brochure.layout.markers import TOUCHED

MAX_GAP_SHARE = 0.75  # a gap grows by at most three quarters of a card's mean height
SAFETY = 2.0         # points left at the foot, against rounding in the frame's own sum


@dataclass(frozen=True)
class CardRun:
    """The cards a page takes from the head of the story, and the gap each may grow by."""

    count: int       # flowables (a card or a kept pair) from the head of the story
    extra: float     # points added to each gap


def justify_cards(story: Sequence[Flowable], width: float, room: float, at_top: bool, space_above: float,
                  per_page: int) -> CardRun | None:
    """The cards at the head of `story` that the page takes (`room` points left, `per_page`
    cards at most), when more of their group follow on the next page, with the gap each may
    grow by; None when the run ends on this page or nothing would grow."""
    group = getattr(story[0], "group", None) if story else None
    used, count, panels, heights = 0.0, 0, 0, []
    previous_after = space_above
    for index, flowable in enumerate(story):
        if getattr(flowable, "group", None) != group or group is None:
            return None  # the run ends on this page: what follows it shares the page
        panels += getattr(flowable, "panel_count", 1)
        height = flowable.wrap(width, room)[1]
        before = 0.0 if at_top and index == 0 else max(flowable.getSpaceBefore() - previous_after, 0.0)
        if panels > per_page or used + before + height > room:
            break
        used += before + height + flowable.getSpaceAfter()
        previous_after = flowable.getSpaceAfter()
        heights.append(height / getattr(flowable, "panel_count", 1))
        count = index + 1
    else:
        return None  # the story ends with these cards
    if count < 2:
        return None  # one card on the page: kept under what comes before it
    inner = sum(1 for flowable in story[:count] if isinstance(flowable, PanelPair))
    gaps = count - 1 + inner + (0 if at_top else 1)
    free = room - (used - previous_after) - SAFETY
    if gaps <= 0 or free <= 0:
        return None
    extra = min(free / gaps, MAX_GAP_SHARE * sum(heights) / len(heights))
    return CardRun(count, extra)


def spread(story: Sequence[Flowable], run: CardRun, at_top: bool, space_above: float) -> None:
    """Widen the gaps of the run's cards by `run.extra` (their space before, as the frame
    counts it: the larger of the space after the one above and the space before)."""
    previous_after = space_above
    for index, flowable in enumerate(story[:run.count]):
        setattr(flowable, TOUCHED, True)  # changed before it is placed: a rebuild may not start at it
        first: Flowable = flowable.items[0] if isinstance(flowable, PanelPair) else flowable
        if not (at_top and index == 0):
            first.spaceBefore = max(first.getSpaceBefore(), previous_after) + run.extra
        if isinstance(flowable, PanelPair):
            above, below = flowable.items[0], flowable.items[1]
            below.spaceBefore = max(below.getSpaceBefore(), above.getSpaceAfter()) + run.extra
        previous_after = flowable.getSpaceAfter()
