"""Lay out and render one edition for print or screen: the page plan, then the layout it chose."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.errors import DesignError, Location
from brochure.fonts import register_families
from brochure.images import ImageAssets
from brochure.layout.page_map import PageMap
from brochure.layout.page_plan import MAX_PLANS, PageBudget, PlanChoice, PlanCost, decides_alike, plan_cost
from brochure.layout.story import StoryBuilder
from brochure.model.content import Brochure
from brochure.model.design import Design
from brochure.render.document import BrochureDocument
from brochure.render.reuse import BuildInputs, PageRecorder, ReuseStore, build_inputs
from brochure.render.structure import Structure
from brochure.render.tagging import Tagger
from brochure.render.tagging import install as install_tagging
from brochure.typeset import reportlab_fixes
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.features import check_style_features
from brochure.typeset.styles import StyleBook
from brochure.typeset.total_fit import PLAN_CACHED_BREAKS, breaks_kept

if TYPE_CHECKING:  # imported when used: `brochure preflight` and drafts need not load it
    from brochure.preflight.report import Report


@dataclass
class Rendered:
    """One edition laid out and rendered one way (print or screen); once finished (pipeline.edition),
    the formats made from it and the print format's preflight report, and no unfinished bytes."""

    pdf: bytes
    pages: int
    page_map: PageMap
    blank_pages: list[int]
    laid_out: tuple[int, int] | None = None  # in a live process, the pages laid out (the others reused)
    structure: Structure | None = None  # the screen edition's structure tree (issue 31)
    filler_pages: list[int] = field(default_factory=list)  # pages the layout's fillers took
    plans: list[str] = field(default_factory=list)  # the page planner's candidates, for --explain
    plan_choices: list[PlanChoice] = field(default_factory=list)  # the run-on choices that decided its pages
    edition: str = ""       # the edition's name, once finished
    rendering: str = ""     # "print" or "screen", once finished
    finished: dict[str, bytes] = field(default_factory=dict)  # format -> finished PDF (PDF/X-4, trimmed…)
    report: Report | None = None  # the preflight report of the print format


def profile_path(design: Design, project_root: Path) -> str:
    intent = design.printing.output_intent
    if intent is None:
        raise DesignError("no output intent: the print edition needs an ICC profile",
                          Location("layout/document.yaml", key="print.output_intent"),
                          "add print: output_intent: profile: profiles/FOGRA39.icc")
    path = project_root / intent.profile
    if not path.is_file():
        raise DesignError(f"ICC profile not found: {intent.profile}",
                          Location("layout/document.yaml", key="print.output_intent.profile"),
                          "put the .icc file there or correct the path")
    return str(path)


Progress = Callable[[str, int], None]  # reportlab's progress events: ("SIZE_EST", n), ("PROGRESS", done), …


def render_pdf(brochure: Brochure, design: Design, project_root: Path, rendering: str = "print",
               progress: Progress | None = None, reuse: ReuseStore | None = None,
               tagged: bool | None = None) -> Rendered:
    """Typeset, lay out and render one edition for print or screen: the PDF bytes, its page
    count and page map. With `reuse` (a live process's store of earlier builds), the pages an
    edit cannot have changed are taken from the previous build of the same edition. `tagged`:
    with a structure tree (default: a screen rendering that reuses no pages)."""
    reportlab_fixes.apply()
    reportlab_fixes.set_features(design.shaping.kerning, design.shaping.ligatures)
    families = register_families(design.fonts, project_root, "layout/styles.yaml")
    check_style_features(design, families)
    screen = rendering == "screen"
    if tagged is None:
        tagged = screen and reuse is None
    if tagged:
        install_tagging()
    styles = StyleBook(design, families, frozenset(brochure.unbreakable),
                       rgb_profile=profile_path(design, project_root) if screen else None)
    glyphs = GlyphCheck(families)
    images = ImageAssets(project_root, profile_path(design, project_root), design.printing.rendering_intent,
                         screen=screen, grey_as_black=design.printing.grey_images == "black",
                         settings=design.printing.images)
    key = (design.name, rendering)
    # the screen edition is tagged while drawn (issue 31); a live process (watch) reuses the pages
    # of its earlier builds instead, whose structure it cannot know: its screen file is untagged
    inputs = build_inputs(brochure, design, project_root) if reuse is not None and not tagged else None
    # in a live process each trial reuses the pages of the previous build's trial of its budget
    trial_reuse = (reuse, inputs, rendering) if reuse is not None and inputs is not None else None
    budget, plans, trials = plan_pages(brochure, design, styles, glyphs, images, trial_reuse)
    tagger = Tagger(brochure, design, design.reading_order) if tagged else None
    recorder = PageRecorder(inputs, reuse.builds.get(key)) if reuse is not None and inputs is not None else None
    chosen = trials.get(budget.pages)
    if chosen is not None and tagger is None:
        rendered = chosen  # the plan's trial of the chosen budget is this layout already: not set again
        if reuse is not None:  # the watch compares pages with the edition's last build
            reuse.builds[key] = reuse.builds[(*key, budget_key(budget.pages))]
    elif reuse is None or recorder is None:
        rendered = _render_once(brochure, design, styles, glyphs, images, budget, recorder, progress, tagger)
    else:
        with reuse.remembering_compression():
            rendered = _render_once(brochure, design, styles, glyphs, images, budget, recorder, progress, tagger)
        reuse.builds[key] = recorder.recorded
    rendered.page_map.notes.extend(glyphs.notes)
    rendered.plans = [plan.describe() + (" (chosen)" if plan.budget == budget.pages else "") for plan in plans]
    return rendered


TrialReuse = tuple[ReuseStore, BuildInputs, str]  # a live process's store, the build's inputs, the rendering


def budget_key(budget: float) -> str:
    """A page plan budget in the reuse store's keys (2 and 2.0 alike)."""
    return f"budget {float(budget):.2f}"


def plan_pages(brochure: Brochure, design: Design, styles: StyleBook, glyphs: GlyphCheck,
               images: ImageAssets, reuse: TrialReuse | None = None,
               ) -> tuple[PageBudget, list[PlanCost], dict[float, Rendered]]:
    """The page plan (layout/page_plan.py): sections run on; when the binding then needs pages,
    a few spread budgets are laid out and the cheapest is kept; with each budget's rendering.
    With `reuse`, each budget's layout reuses the unchanged pages of its last layout."""
    if not any(item.new_page is None for item in design.sequence) or design.page_multiple <= 1:
        return PageBudget(), [], {}

    def trial(budget: float) -> Rendered:
        if reuse is None:
            return _render_once(brochure, design, styles, glyphs, images, PageBudget(budget), None, None)
        store, inputs, rendering = reuse
        key = (design.name, rendering, budget_key(budget))
        recorder = PageRecorder(inputs, store.builds.get(key))
        with store.remembering_compression():
            made = _render_once(brochure, design, styles, glyphs, images, PageBudget(budget), recorder, None)
        store.builds[key] = recorder.recorded
        return made

    with breaks_kept(PLAN_CACHED_BREAKS):  # each trial breaks the paragraphs the one before broke
        return _plan(design, trial, reuse)


def _plan(design: Design, trial: Callable[[float], Rendered], reuse: TrialReuse | None,
          ) -> tuple[PageBudget, list[PlanCost], dict[float, Rendered]]:
    """The trials of plan_pages: the first layout, then the budgets it leaves to try."""
    first = trial(0.0)
    trials = {0.0: first}
    plans = [plan_cost(0.0, first.pages, first.page_map.page_fills, first.blank_pages, first.filler_pages)]
    missing = len(first.blank_pages) + len(first.filler_pages)
    # the pages padded, then a little less or more: breaks leave less than a page each
    for budget in (missing, missing - 0.5, missing + 0.5)[:MAX_PLANS - 1] if missing else ():
        # a budget that decides each run-on choice of a layout already made as it did lays it out again
        same = next((tried for tried, done in trials.items()
                     if decides_alike(done.plan_choices, PageBudget(tried), PageBudget(budget))), None)
        if same is None:
            made = trials[budget] = trial(budget)
        else:
            made = trials[budget] = trials[same]
            if reuse is not None:  # its records serve this budget too: the same layout, state for state
                store, _, rendering = reuse
                store.builds[(design.name, rendering, budget_key(budget))] = \
                    store.builds[(design.name, rendering, budget_key(same))]
        plans.append(plan_cost(budget, made.pages, made.page_map.page_fills, made.blank_pages,
                               made.filler_pages))
        # a layout that is not the cheapest so far can no longer be chosen: its file and page map go
        # (a 1 400-page edition's are tens of MiB); what the plan compares of it stays
        leading = min(plans, key=lambda plan: (plan.cost, plan.budget)).budget
        for tried, done in list(trials.items()):
            if tried != leading and done.pdf:
                trials[tried] = replace(done, pdf=b"", page_map=PageMap(page_fills=done.page_map.page_fills))
        if made.pages == first.pages and not made.blank_pages and not made.filler_pages:
            break
    best = min(plans, key=lambda plan: (plan.cost, plan.budget))
    return PageBudget(best.budget), plans, trials


def _render_once(brochure: Brochure, design: Design, styles: StyleBook, glyphs: GlyphCheck, images: ImageAssets,
                 budget: PageBudget, recorder: PageRecorder | None, progress: Progress | None,
                 tagger: Tagger | None = None) -> Rendered:
    """One layout of the edition, spending the page plan's `budget` (tagged as it is drawn when
    a `tagger` is given: the screen edition's final layout)."""
    page_map = PageMap()
    story = StoryBuilder(brochure, design, styles, page_map, glyphs, links=styles.rgb_profile is not None,
                         images=images,
                         deferred=recorder.unchanged_items() if recorder is not None else frozenset()).story()
    buffer = io.BytesIO()
    screen = styles.rgb_profile is not None
    document = BrochureDocument(buffer, design, brochure, styles, page_map,
                                marks=None if screen else design.printing.marks, images=images, glyphs=glyphs,
                                recorder=recorder, budget=budget, tagger=tagger)
    if progress is not None:  # reportlab's own hook: SIZE_EST (flowables), PROGRESS (done), PAGE (number)
        document.setProgressCallBack(progress)
    document.build(story)
    return Rendered(buffer.getvalue(), document.page, page_map, document.blank_pages,
                    recorder.laid_out(document.page) if recorder is not None else None,
                    tagger.structure(document.page) if tagger is not None else None,
                    filler_pages=document.filler_pages, plan_choices=document.plan_choices)

