"""Translate: set a translation (or a pseudo-localisation) in the real layout and say what
does not fit: a card or fixed frame it overflows, rows it makes taller, pages it adds.

Each text is set in its real style and frame by building the edition with the language in
the second column, and compared with the edition as it is: the facing-column layout gives
each row the height of its taller side, so a unit whose translation takes more lines than
its source is what pushes the pages on.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Protocol, TypeVar

from brochure.errors import BrochureError, ContentError, Location
from brochure.layout.page_map import PageMap, PlacedText
from brochure.model.content import Brochure, Text
from brochure.model.design import Design
from brochure.model.walk import map_texts
from brochure.translate.inventory import Unit, inventory
from brochure.translate.pseudo import pseudolocalise

KEY_LETTERS = 24  # letters of a text that identify its unit on the page


class Laid(Protocol):
    """What a render gives back that fit reads (pipeline.Rendered)."""

    pages: int
    page_map: PageMap


Render = Callable[[Brochure, Design], Laid]


@dataclass(frozen=True)
class FitProblem:
    where: str       # file:line of the unit
    page: int | None
    message: str


@dataclass
class FitReport:
    language: str
    source: str
    pages_before: int
    pages_after: int | None  # None: the layout could not be set at all
    overflows: list[FitProblem] = field(default_factory=list)  # cards and fixed frames overflowed
    longer: list[FitProblem] = field(default_factory=list)     # rows the translation makes taller
    untranslated: int = 0

    @property
    def fits(self) -> bool:
        return not self.overflows and self.pages_after is not None and self.pages_after <= self.pages_before

    def lines(self) -> list[str]:
        shown = [f"{problem.where}: page {problem.page}: {problem.message}" if problem.page else
                 f"{problem.where}: {problem.message}" for problem in self.overflows + self.longer]
        pages = "could not be set" if self.pages_after is None else f"{self.pages_after} pages"
        summary = (f"fit [{self.source}/{self.language}]: {pages} (the edition as it is: {self.pages_before}); "
                   f"{len(self.overflows)} overflowing, {len(self.longer)} rows longer than the source")
        if self.overflows and self.pages_after is not None:
            summary += " (each overflowing unit set in the source to measure the rest)"
        if self.pages_after is not None and self.pages_after > self.pages_before:
            summary += f"; adds {self.pages_after - self.pages_before} pages"
        if self.untranslated:
            summary += f"; {self.untranslated} units not translated (set in the source language)"
        return [*shown, summary]


def _key(text: str) -> str:
    return re.sub(r"\W|_", "", text).lower()[:KEY_LETTERS]


def fit_check(brochure: Brochure, design: Design, render: Render, language: str | None,
              pseudo: bool) -> FitReport:
    """`brochure` loaded as for a draft (translations may be missing); `render` lays out and
    renders an edition (the pipeline's, passed in: this stage sits below it)."""
    source = design.columns[0]
    target = design.columns[1] if pseudo and len(design.columns) > 1 else language
    if target is None or target == source:
        raise ContentError("fit needs a language other than the first column's, e.g. --lang de",
                           Location("layout/document.yaml", key="edition.columns"))
    if target not in [declared.code for declared in brochure.languages]:
        raise ContentError(f"the language '{target}' is not declared in content/brochure.yaml",
                           Location("content/brochure.yaml", key="languages"),
                           f"add '{target}:' under 'languages:' (import its translation first)")
    before = render(brochure, design)
    trial_brochure = pseudolocalise(brochure, source, target) if pseudo else brochure
    trial_design = replace(design, columns=(source, target))
    units = inventory(trial_brochure)
    report = FitReport(target, source, before.pages, None,
                       untranslated=sum(1 for unit in units if target in unit.text.missing))
    try:
        after, report.overflows = set_through(trial_brochure, source, target,
                                              lambda trial: render(trial, trial_design))
    except Unfittable as stuck:  # an overflow no unit can be named for: the layout stops there
        report.overflows = stuck.problems
        return report
    report.pages_after = after.pages
    report.longer = _longer_rows(after.page_map.placed, units, source, target,
                                 frozenset(kind.box for kind in design.card_kinds))
    return report


T = TypeVar("T")
MOST_OVERFLOWS = 40  # renders tried, each with one more overflowing unit set in its source


class Unfittable(BrochureError):
    """The layout stops at an overflow whose unit cannot be named (or at too many): reported
    as that error, with the overflows found before it."""

    def __init__(self, problems: list[FitProblem], error: BrochureError):
        super().__init__(error.message, error.location, error.hint)
        self.problems = problems


def set_through(brochure: Brochure, source: str, target: str, attempt: Callable[[Brochure], T]) \
        -> tuple[T, list[FitProblem]]:
    """`attempt(brochure)`, and each time an overflowing unit stops the layout, that unit set
    in its `source` text instead and tried again: what is laid out at last, and every unit
    that overflowed (so one word too wide does not hide all the rest)."""
    problems: list[FitProblem] = []
    for _ in range(MOST_OVERFLOWS):
        try:
            return attempt(brochure), problems
        except BrochureError as error:  # an overset card or fixed frame stops the layout
            units = inventory(brochure)
            problem, unit = _overflow_unit(error, units, target)
            problems.append(problem)
            if unit is None:
                raise Unfittable(problems, error) from None
            brochure = _in_source(brochure, unit, source, target)
    raise Unfittable(problems, BrochureError(f"more than {MOST_OVERFLOWS} units overflow"))


def _in_source(brochure: Brochure, unit: Unit, source: str, target: str) -> Brochure:
    def restore(text: Text) -> Text:
        if text is not unit.text:
            return text
        return dataclasses.replace(text, values=tuple((code, text.get(source) if code == target else value)
                                                      for code, value in text.values))
    return map_texts(brochure, restore)


def _overflow(error: BrochureError, units: list[Unit], target: str) -> FitProblem:
    return _overflow_unit(error, units, target)[0]


def _overflow_unit(error: BrochureError, units: list[Unit], target: str) -> tuple[FitProblem, Unit | None]:
    """The overset reported at the unit whose words did not fit (the layout names the page and
    quotes the first words that do not fit), else where the layout says."""
    page = re.match(r"page (\d+): (.*)", error.message, re.S)
    quoted = re.search(r"“(.+?)”", error.message)
    words = _key(re.sub(r"^\(.*?\)\s*", "", quoted[1])) if quoted else ""  # "(the last lines) …"
    unit = next((unit for unit in units if words and words in re.sub(r"\W|_", "", unit.text.get(target)).lower()),
                None)
    if unit is None and error.location is not None and error.location.line:  # the layout says where it was
        unit = next((unit for unit in units if unit.location is not None and target in unit.text.languages
                     and (unit.location.file, unit.location.line) == (error.location.file, error.location.line)),
                    None)
    where = str(unit.location) if unit is not None and unit.location else str(error.location or "layout")
    message = page[2] if page else error.message
    if unit is not None:
        message = f"[{target}] {unit.id}: {message}"
    return FitProblem(where, int(page[1]) if page else None, message), unit


def source_room(placed: list[PlacedText], units: list[Unit], source: str) -> dict[str, int]:
    """unit id -> lines its source text takes in its column (all its pieces, when it runs on
    to another column or page): the room a translation has before it pushes the page on."""
    by_key = {_key(unit.source(source)): unit for unit in units}
    lines: dict[str, int] = {}
    current: Unit | None = None
    for item in placed:
        if item.language != source:
            continue
        if not item.continued_from_before:
            current = by_key.get(_key(item.text))
            if current is not None:
                lines[current.id] = item.lines
        elif current is not None and current.id in lines:
            lines[current.id] += item.lines
    return lines


def _longest_within(text: str, units: list[Unit], target: str) -> Unit | None:
    """The unit whose text is the longest part of `text`: a card's cell sets several units
    (name, country, description), and the description is what makes it grow."""
    letters = re.sub(r"\W|_", "", text).lower()
    best: tuple[int, Unit | None] = (0, None)
    for unit in units:
        if target in unit.text.missing:
            continue
        key = re.sub(r"\W|_", "", unit.text.get(target)).lower()
        if len(key) > best[0] and key in letters:
            best = (len(key), unit)
    return best[1]


def _longer_rows(placed: list[PlacedText], units: list[Unit], source: str, target: str,
                 boxes: frozenset[str] = frozenset()) -> list[FitProblem]:
    """Rows whose `target` cell takes more lines than its `source` one, most lines first
    (`boxes`: the box names of the card kinds, whose cells hold a whole card)."""
    by_key = {_key(unit.text.get(target)): unit for unit in units if target not in unit.text.missing}
    rows: dict[tuple[int, str], dict[str, PlacedText]] = {}
    for item in placed:
        if not item.continued_from_before:
            rows.setdefault((item.page, item.unit), {})[item.language] = item
    problems = []
    for (page, _), cells in rows.items():
        if source not in cells or target not in cells:
            continue
        extra = cells[target].lines - cells[source].lines
        unit = by_key.get(_key(cells[target].text)) or _longest_within(cells[target].text, units, target)
        if extra > 0 and unit is not None:
            if cells[target].kind in boxes:  # a card: the lines of all its fields, the longest named
                message = (f"[{target}] {unit.id}: its card takes {cells[target].lines} lines where the "
                           f"[{source}] one takes {cells[source].lines}")
            else:
                message = (f"[{target}] {unit.id}: {cells[target].lines} lines where the [{source}] text "
                           f"takes {cells[source].lines}")
            problems.append((extra, FitProblem(str(unit.location), page, message)))
    return [problem for _, problem in sorted(problems, key=lambda pair: -pair[0])]


