"""Typeset stage: total-fit line breaking (Knuth & Plass, "Breaking paragraphs into lines",
1981) over boxes, glue and penalties. Pure: widths in, chosen breaks out.

The paragraph is a list of items. A box is material of fixed width (a word, or the
part of a word before or after a hyphenation point); glue is a word space that may
stretch and shrink; a penalty is a place where a line may break at a cost (a
hyphenation point, flagged, adding the hyphen's width when taken). The breaker
chooses the breaks that minimise the demerits of the whole paragraph rather than
filling each line in turn, so one loose line is not bought with a tight one above.

Demerits follow TeX: (line penalty + badness)² plus the break's penalty², extra
demerits for two hyphenated lines in a row, for a hyphen on the last full line, and
for adjacent lines whose looseness differs by more than one fitness class. Runs of
hyphenated lines longer than `max_consecutive_hyphens` are not feasible at all.

Ragged text uses the same search: word spaces are fixed, each line end carries a
"rag" stretch, so the badness measures how far a line falls short of the measure
and the search evens the rag instead of justifying.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

INFINITE_PENALTY = 10_000.0   # a penalty this high forbids a break; minus this forces one
FILL = 1e6                    # the stretch of the glue that ends a paragraph
# The last resort's costs, in rising order: a line that cannot stretch (one word) or is
# hopelessly loose has the highest badness, a third hyphenated line in a row costs more
# than any line's badness, an overfull line more than anything else.
MAX_BADNESS = 1e6                      # a line stretched 21 times its stretchability
# Beyond that TeX counts every line alike ("infinitely bad"), so that the last resort may set two
# words 27 spaces apart rather than three words 7 apart (L’université          d’Orléans-Tours, an
# unbreakable name in a narrow column): a looser line costs more, up to four times the cap.
MAX_BADNESS_RATIO = (MAX_BADNESS / 100.0) ** (1 / 3)
HOPELESS_BADNESS = 4 * MAX_BADNESS     # a line that cannot stretch at all (one word)
EXCESS_HYPHEN_DEMERITS = 1e14
OVERFULL_DEMERITS = 1e16


# Items are named tuples rather than dataclasses: a paragraph has hundreds, made for every
# paragraph of every build, and a tuple is made several times faster.
class Box(NamedTuple):
    width: float


class Glue(NamedTuple):
    width: float
    stretch: float
    shrink: float


class Penalty(NamedTuple):
    width: float           # material added when the line breaks here (the hyphen)
    cost: float            # INFINITE_PENALTY forbids the break, -INFINITE_PENALTY forces it
    flagged: bool = False  # a hyphenation point


Item = Box | Glue | Penalty


HYPHEN_PENALTY = 50.0  # the cost of breaking a word (TeX's \hyphenpenalty), on each hyphenation point


@dataclass(frozen=True)
class BreakSettings:
    """The costs of the search; the defaults are TeX's plain format's."""

    tolerance: float = 2.0           # the largest adjustment ratio of a feasible line
    line_penalty: float = 10.0
    double_hyphen_demerits: float = 3000.0
    final_hyphen_demerits: float = 5000.0
    fitness_demerits: float = 3000.0
    max_consecutive_hyphens: int = 2  # 0: no limit
    ragged: bool = False
    rag: float = 0.0                 # ragged text: the shortfall (points) counted as ratio 1
    runt_demerits: float = 0.0       # a last line holding one word alone (issue 23: ragged text)


@dataclass(frozen=True, slots=True)  # slots: kept by the thousand in total_fit's cache
class Line:
    start: int        # the index of the line's first item
    end: int          # the index of the item it breaks at (not part of the line)
    ratio: float      # the adjustment ratio: > 0 stretched, < 0 shrunk, < -1 overfull
    hyphenated: bool  # breaks at a flagged penalty
    natural: float    # the natural width of the line's material, hyphen included
    width: float      # the measure it is set to

    @property
    def overfull(self) -> bool:
        return self.ratio < -1.0 - 1e-9

    @property
    def badness(self) -> float:
        return 100.0 * abs(self.ratio) ** 3


def paragraph_end() -> list[Item]:
    """The items that close a paragraph: glue that fills the last line, a forced break."""
    return [Penalty(0.0, INFINITE_PENALTY), Glue(0.0, FILL, 0.0), Penalty(0.0, -INFINITE_PENALTY)]


def fitness_class(ratio: float) -> int:
    """0 very loose, 1 loose, 2 decent, 3 tight (TeX's classes)."""
    if ratio < -0.5:
        return 3
    if ratio <= 0.5:
        return 2
    if ratio <= 1.0:
        return 1
    return 0


@dataclass(slots=True)
class _Node:
    position: int      # the break's item index (-1: the paragraph's start)
    line: int          # lines set before this break
    fitness: int
    hyphens: int       # hyphenated lines in a row ending here
    demerits: float
    ratio: float
    previous: _Node | None
    # the line after this break: where it starts (running totals) and its measure
    base_width: float = 0.0
    base_stretch: float = 0.0
    base_shrink: float = 0.0
    measure: float = 0.0


def break_lines(items: Sequence[Item], widths: Sequence[float], settings: BreakSettings,
                emergency: bool = False) -> list[Line] | None:
    """The best breaks of `items` into lines of `widths` (the last width repeats).

    Lines stretched beyond `settings.tolerance` are infeasible, and None is returned
    when no set of breaks fits. With `emergency`, any looseness is allowed and a line
    may be overfull (a box wider than the measure), at a cost that makes both the
    last resort; the result then always exists. The items must end with a forced break.
    """
    count = len(items)
    kinds = [0 if type(item) is Box else 1 if type(item) is Glue else 2 for item in items]
    total_width = [0.0] * (count + 1)
    total_stretch = [0.0] * (count + 1)
    total_shrink = [0.0] * (count + 1)
    glues = [0] * (count + 1)   # glue items before each index: a line without any holds one word
    width = stretch = shrink = 0.0
    for index, item in enumerate(items):
        kind = kinds[index]
        if kind == 0:
            width += item[0]
        elif kind == 1:
            width += item[0]
            stretch += item[1]  # type: ignore[misc]
            shrink += item[2]  # type: ignore[misc]
        total_width[index + 1], total_stretch[index + 1], total_shrink[index + 1] = width, stretch, shrink
        glues[index + 1] = glues[index] + (kind == 1)
    # where the line after a break at i starts: past the glue and penalties that follow it
    starts = [count] * (count + 1)
    following = count
    for index in range(count - 1, -1, -1):
        if kinds[index] == 0 or (kinds[index] == 2 and items[index].cost <= -INFINITE_PENALTY):  # type: ignore[union-attr]
            following = index
        starts[index] = following
    starts[count] = count

    last_width = len(widths) - 1
    rag = settings.rag if settings.ragged else 0.0
    limit = settings.max_consecutive_hyphens
    tolerance = FILL * 10 if emergency else settings.tolerance
    line_penalty = settings.line_penalty
    # per active node: where its next line starts, as running totals, and its measure
    active: list[_Node] = [_Node(-1, 0, 2, 0, 0.0, 0.0, None, 0.0, 0.0, 0.0, widths[0])]
    for position, kind in enumerate(kinds):
        if kind == 0:
            continue
        if kind == 1:
            if position == 0 or kinds[position - 1] != 0:
                continue  # glue breaks only after a box
            cost, flagged, extra = 0.0, False, 0.0
        else:
            penalty: Penalty = items[position]  # type: ignore[assignment]
            if penalty.cost >= INFINITE_PENALTY:
                continue
            cost, flagged, extra = penalty.cost, penalty.flagged, penalty.width
        forced = cost <= -INFINITE_PENALTY
        penalty_demerits = cost * cost if cost >= 0 else (-cost * cost if not forced else 0.0)
        here_width = total_width[position] + extra
        here_stretch, here_shrink = total_stretch[position] + rag, total_shrink[position]
        best: dict[tuple[int, int, int], _Node] = {}
        survivors: list[_Node] = []
        for node in active:
            shortfall = node.measure - here_width + node.base_width
            if shortfall > 0:
                stretch = here_stretch - node.base_stretch
                ratio = shortfall / stretch if stretch > 0 else (0.0 if shortfall < 1e-9 else FILL)
            elif shortfall < 0:
                shrink = 0.0 if rag else here_shrink - node.base_shrink
                ratio = shortfall / shrink if shrink > 0 else -FILL
            else:
                ratio = 0.0
            if ratio >= -1.0 and not forced:
                survivors.append(node)
            if ratio > tolerance or (ratio < -1.0 and not emergency):
                continue
            hyphens = node.hyphens + 1 if flagged else 0
            badness = 100.0 * (ratio * ratio * ratio if ratio > 0 else -ratio * ratio * ratio)
            if badness >= MAX_BADNESS:
                badness = min(MAX_BADNESS * abs(ratio) / MAX_BADNESS_RATIO, HOPELESS_BADNESS)
            badness += line_penalty
            demerits = badness * badness + penalty_demerits
            if limit and hyphens > limit:
                if not emergency:
                    continue
                demerits += EXCESS_HYPHEN_DEMERITS  # only when nothing else is left
                hyphens = limit
            if node.hyphens:
                if flagged:
                    demerits += settings.double_hyphen_demerits
                elif forced:
                    demerits += settings.final_hyphen_demerits
            fitness = 3 if ratio < -0.5 else 2 if ratio <= 0.5 else 1 if ratio <= 1.0 else 0
            if node.position >= 0 and (fitness - node.fitness > 1 or node.fitness - fitness > 1):
                demerits += settings.fitness_demerits
            if forced and settings.runt_demerits and node.position >= 0 and \
                    glues[position - 1] - glues[starts[node.position]] <= 0:
                demerits += settings.runt_demerits  # the closing glue aside, no space: one word alone
            if ratio < -1.0:  # only when nothing else fits: by how far it overflows
                demerits += OVERFULL_DEMERITS * (1.0 - shortfall)
            demerits += node.demerits
            key = (fitness, hyphens, node.line + 1 if node.line + 1 < last_width else last_width)
            held = best.get(key)
            if held is None or demerits < held.demerits:
                best[key] = _Node(position, node.line + 1, fitness, hyphens, demerits, ratio, node)
        if best:
            start = starts[position]
            base = (total_width[start], total_stretch[start], total_shrink[start])
            for new in best.values():
                new.base_width, new.base_stretch, new.base_shrink = base
                new.measure = widths[new.line if new.line < last_width else last_width]
            active = survivors + list(best.values())
        else:
            active = survivors
        if not active:
            return None
    finals = [node for node in active if node.position == count - 1]
    if not finals:
        return None
    return _lines(min(finals, key=lambda node: node.demerits), items, starts, widths, rag,
                  total_width)


def _lines(node: _Node, items: Sequence[Item], starts: list[int], widths: Sequence[float],
           rag: float, total_width: list[float]) -> list[Line]:
    chain: list[_Node] = []
    walker: _Node | None = node
    while walker is not None and walker.position >= 0:
        chain.append(walker)
        walker = walker.previous
    chain.reverse()
    lines = []
    start = 0
    for number, link in enumerate(chain):
        item = items[link.position]
        extra = item.width if isinstance(item, Penalty) else 0.0
        natural = total_width[link.position] - total_width[start] + extra
        lines.append(Line(start, link.position, link.ratio,
                          isinstance(item, Penalty) and item.flagged and item.cost > -INFINITE_PENALTY,
                          natural, widths[min(number, len(widths) - 1)]))
        start = starts[link.position]
    return lines
