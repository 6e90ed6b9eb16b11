"""Lay out and render one edition for print or screen: the page plan, then the layout it chose."""

from __future__ import annotations

import io
from collections.abc import Callable
from contextlib import nullcontext
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.errors import DesignError, Location
from brochure.fonts import register_families
from brochure.images import ImageAssets
from brochure.layout.markers import FlowOrigins
from brochure.layout.page_map import PageMap
from brochure.layout.page_plan import MAX_PLANS, PageBudget, PlanChoice, PlanCost, decides_alike, plan_cost
from brochure.layout.story import StoryBuilder
from brochure.model.content import Brochure
from brochure.model.design import Design
from brochure.pipeline.session import BuildSession
from brochure.pipeline.trial_ahead import TrialAhead, can_lay_out_ahead
from brochure.render.document import BrochureDocument
from brochure.render.reuse import (
    RENDERING_COMPRESSED_BYTES,
    BuildInputs,
    PageRecorder,
    ReuseStore,
    build_inputs,
    compressed_streams,
    remembering_compression,
)
from brochure.render.structure import Structure
from brochure.render.tagging import Tagger
from brochure.render.tagging import install as install_tagging
from brochure.typeset import reportlab_fixes
from brochure.typeset.caches import typesetting
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.features import check_style_features
from brochure.typeset.laid_lines import lines_laid_kept
from brochure.typeset.laid_on_disk import kept_between_builds, kept_path
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
    image_sources: dict[str, str] = field(default_factory=dict)  # image files by their names in the PDF
    edition: str = ""       # the edition's name, once finished
    rendering: str = ""     # "print" or "screen", once finished
    finished: dict[str, bytes] = field(default_factory=dict)  # format -> finished PDF (PDF/X-4, trimmed…)
    report: Report | None = None  # the preflight report of the print format
    # a page plan trial laid out and not yet written (`pdf` empty): writes its file, once chosen
    unwritten: Callable[[], bytes] | None = field(default=None, compare=False, repr=False)


def written(rendered: Rendered) -> Rendered:
    """The rendering with its file written, if it was not yet."""
    if rendered.unwritten is None:
        return rendered
    return replace(rendered, pdf=rendered.unwritten(), unwritten=None)


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
               tagged: bool | None = None, session: BuildSession | None = None,
               spare_core: bool = False, lines_on_disk: bool = False) -> Rendered:
    """Typeset, lay out and render one edition for print or screen: the PDF bytes, its page
    count and page map. With `reuse` (a live process's store of earlier builds), the pages an
    edit cannot have changed are taken from the previous build of the same edition. `tagged`:
    with a structure tree (default: a screen rendering that reuses no pages). `session`: whose
    fonts and typesetting caches to use (default: a new one). `spare_core`: the build leaves a core
    idle (one rendering alone): the page plan lays a layout out ahead on it (pipeline/trial_ahead).
    `lines_on_disk`: paragraphs are laid as the last build of this edition and rendering laid them,
    from the user's cache, and what this one lays is kept there (typeset/laid_on_disk.py)."""
    reportlab_fixes.apply()
    session = session if session is not None else BuildSession()
    # the page plan's layouts (and the tagged screen layout after them) lay each paragraph the first
    # layout broke as it broke it (typeset/laid_lines.py), as do the session's later renderings and a live
    # process's rebuilds (the edition's last build)
    # and compress each stream they draw alike once (a live process's store remembers compression itself)
    compressing = nullcontext() if reuse is not None else \
        remembering_compression(compressed_streams(RENDERING_COMPRESSED_BYTES))
    laid = reuse.laid_lines_of(design.name, rendering) if reuse is not None else session.laid_lines
    kept_file = kept_path(project_root, design.name, rendering) if lines_on_disk else None
    with typesetting(session.typesetting, design.shaping.kerning, design.shaping.ligatures), \
            lines_laid_kept(kept=laid), kept_between_builds(laid, kept_file), compressing:
        return _render_edition(brochure, design, project_root, rendering, progress, reuse, tagged, session,
                               spare_core)


def _render_edition(brochure: Brochure, design: Design, project_root: Path, rendering: str,
                    progress: Progress | None, reuse: ReuseStore | None, tagged: bool | None,
                    session: BuildSession, spare_core: bool = False) -> Rendered:
    families = register_families(design.fonts, project_root, "layout/styles.yaml", session.fonts)
    check_style_features(design, families)
    screen = rendering == "screen"
    if tagged is None:
        tagged = screen and reuse is None
    if tagged:
        install_tagging()
    styles = StyleBook(design, families, frozenset(brochure.unbreakable),
                       rgb_profile=profile_path(design, project_root) if screen else None,
                       caches=session.typesetting, colours=session.colours)
    glyphs = GlyphCheck(families)
    images = ImageAssets(project_root, profile_path(design, project_root), design.printing.rendering_intent,
                         screen=screen, grey_as_black=design.printing.grey_images == "black",
                         settings=design.printing.images, colours=session.colours, kept=session.images)
    key = (design.name, rendering)
    # the screen edition is tagged while drawn (issue 31); a rendering that reuses the pages of
    # earlier builds cannot know their structure: untagged (a live process's screen file is drawn
    # whole and tagged: make_rendering)
    inputs = build_inputs(brochure, design, project_root) if reuse is not None and not tagged else None
    # in a live process each trial reuses the pages of the previous build's trial of its budget
    trial_reuse = (reuse, inputs, rendering) if reuse is not None and inputs is not None else None
    # a tagged rendering's trials are tagged too: the chosen one is then the rendering, not laid out again
    tagging = (lambda: Tagger(brochure, design, design.reading_order)) if tagged and trial_reuse is None else None
    budget, plans, trials = plan_pages(brochure, design, styles, glyphs, images, trial_reuse, tagging, spare_core)
    tagger = Tagger(brochure, design, design.reading_order) if tagged else None
    recorder = PageRecorder(inputs, reuse.builds.get(key)) if reuse is not None and inputs is not None else None
    chosen = trials.get(budget)
    if chosen is not None and (tagger is None or chosen.structure is not None):
        # the plan's trial of the chosen budget is this layout already: not set again, only written
        # (a live process's compressions remembered as in its trials)
        with reuse.remembering_compression() if reuse is not None else nullcontext():
            rendered = written(chosen)
        if reuse is not None:  # the watch compares pages with the edition's last build
            reuse.builds[key] = reuse.builds[(*key, budget_key(budget))]
    elif reuse is None or recorder is None:
        rendered = _render_once(brochure, design, styles, glyphs, images, budget, recorder, progress, tagger)
    else:
        with reuse.remembering_compression():
            rendered = _render_once(brochure, design, styles, glyphs, images, budget, recorder, progress, tagger)
        reuse.builds[key] = recorder.recorded
    rendered.page_map.notes.extend(glyphs.notes)
    rendered.plans = [plan.describe() + (" (chosen)" if plan.budget == budget else "") for plan in plans]
    rendered.image_sources = dict(images.sources)
    return rendered


TrialReuse = tuple[ReuseStore, BuildInputs, str]  # a live process's store, the build's inputs, the rendering


def budget_key(budget: PageBudget) -> str:
    """A page plan budget in the reuse store's keys (2 and 2.0 alike)."""
    return f"budget {float(budget.pages):.2f}" + (f", cards {budget.cards_fewer} fewer" if budget.cards_fewer else "")


def plan_pages(brochure: Brochure, design: Design, styles: StyleBook, glyphs: GlyphCheck,
               images: ImageAssets, reuse: TrialReuse | None = None,
               tagging: Callable[[], Tagger] | None = None, spare_core: bool = False,
               ) -> tuple[PageBudget, list[PlanCost], dict[PageBudget, Rendered]]:
    """The page plan (layout/page_plan.py): sections run on; when the binding then needs pages,
    a few spread budgets are laid out and the cheapest is kept; with each budget's rendering.
    With `reuse`, each budget's layout reuses the unchanged pages of its last layout. With
    `tagging` (no `reuse`), each layout is tagged as it is drawn by a tagger it makes. The
    trials' files are not written (`written` writes the chosen one's). `spare_core`: a layout is
    laid out ahead, beside the one under way, in a child process (untagged, without `reuse`)."""
    if not any(item.new_page is None for item in design.sequence) or design.page_multiple <= 1:
        return PageBudget(), [], {}

    def trial(budget: PageBudget) -> Rendered:
        if reuse is None:
            return _render_once(brochure, design, styles, glyphs, images, budget, None, None,
                                tagging() if tagging is not None else None, write=False)
        store, inputs, rendering = reuse
        key = (design.name, rendering, budget_key(budget))
        recorder = PageRecorder(inputs, store.builds.get(key))
        with store.remembering_compression():
            made = _render_once(brochure, design, styles, glyphs, images, budget, recorder, None, write=False)
        store.builds[key] = recorder.recorded
        return made

    with breaks_kept(PLAN_CACHED_BREAKS):  # each trial breaks the paragraphs the one before broke
        return _plan(design, trial, reuse, spare_core and reuse is None and tagging is None)


def _plan(design: Design, trial: Callable[[PageBudget], Rendered], reuse: TrialReuse | None,
          ahead_allowed: bool = False) -> tuple[PageBudget, list[PlanCost], dict[PageBudget, Rendered]]:
    """The trials of plan_pages: the first layout, then the budgets it leaves to try. Only `trials`
    holds a layout while it can still be chosen: no local name keeps one a trial later (a 1 400-page
    edition's file and page map are tens of MiB)."""
    first = trial(PageBudget())
    trials = {PageBudget(): first}
    plans = [_plan_cost(PageBudget(), first)]
    first_pages = first.pages
    missing = len(first.blank_pages) + len(first.filler_pages)
    del first
    # the pages padded, the same with cards set one fewer to a page, then a little less: breaks
    # leave less than a page each
    budgets = (PageBudget(missing), PageBudget(missing, cards_fewer=1), PageBudget(missing - 0.5))
    to_try = budgets[:MAX_PLANS - 1] if missing else ()
    # the second budget to try, laid out beside the first on an idle core (when no layout made
    # decides it alike: taken only where it would have been laid out, see below)
    ahead = TrialAhead(to_try[1], lambda: written(trial(to_try[1]))) \
        if ahead_allowed and len(to_try) > 1 and can_lay_out_ahead(first_pages) and not any(
            decides_alike(done.plan_choices, tried, to_try[1]) for tried, done in trials.items()) else None
    try:
        return _plan_budgets(design, trial, reuse, to_try, trials, plans, first_pages, ahead)
    finally:
        if ahead is not None:
            ahead.close()


def _plan_budgets(design: Design, trial: Callable[[PageBudget], Rendered], reuse: TrialReuse | None,
                  to_try: tuple[PageBudget, ...], trials: dict[PageBudget, Rendered], plans: list[PlanCost],
                  first_pages: int, ahead: TrialAhead[Rendered] | None,
                  ) -> tuple[PageBudget, list[PlanCost], dict[PageBudget, Rendered]]:
    """The budgets after the first layout, in turn, until one settles the pages."""
    for budget in to_try:
        # a budget that decides each run-on choice of a layout already made as it did lays it out again
        same = next((tried for tried, done in trials.items()
                     if decides_alike(done.plan_choices, tried, budget)), None)
        if same is None:
            made = trials[budget] = (ahead.take(budget) if ahead is not None else None) or trial(budget)
        else:
            made = trials[budget] = trials[same]
            if reuse is not None:  # its records serve this budget too: the same layout, state for state
                store, _, rendering = reuse
                store.builds[(design.name, rendering, budget_key(budget))] = \
                    store.builds[(design.name, rendering, budget_key(same))]
        plans.append(_plan_cost(budget, made))
        settled = made.pages == first_pages and not made.blank_pages and not made.filler_pages
        del made
        _forget_unchosen(trials, min(plans, key=plan_order).budget)
        if settled:
            break
    best = min(plans, key=plan_order)
    return best.budget, plans, trials


def _forget_unchosen(trials: dict[PageBudget, Rendered], leading: PageBudget) -> None:
    """A layout that is not the cheapest so far can no longer be chosen: its file (or its document
    left unwritten), page map and structure go; what the plan compares of it stays."""
    for tried, done in list(trials.items()):
        if tried != leading and (done.pdf or done.unwritten is not None):
            kept = PageMap(page_fills=done.page_map.page_fills, notes_pages=done.page_map.notes_pages)
            trials[tried] = replace(done, pdf=b"", unwritten=None, page_map=kept, structure=None)


def plan_order(plan: PlanCost) -> tuple[float, float, int]:
    """The cheapest plan first; of equal cost, the one spending less."""
    return plan.cost, plan.budget.pages, plan.budget.cards_fewer


def _plan_cost(budget: PageBudget, trial: Rendered) -> PlanCost:
    return plan_cost(budget, trial.pages, trial.page_map.page_fills, trial.blank_pages, trial.filler_pages,
                     trial.page_map.notes_pages)


def _render_once(brochure: Brochure, design: Design, styles: StyleBook, glyphs: GlyphCheck, images: ImageAssets,
                 budget: PageBudget, recorder: PageRecorder | None, progress: Progress | None,
                 tagger: Tagger | None = None, write: bool = True) -> Rendered:
    """One layout of the edition, spending the page plan's `budget` (tagged as it is drawn when
    a `tagger` is given: the screen edition's final layout); its file written, or (not `write`)
    left to `written`."""
    page_map = PageMap()
    origins = FlowOrigins() if recorder is not None else None  # pages that begin inside an item, compared
    story = StoryBuilder(brochure, design, styles, page_map, glyphs, links=styles.rgb_profile is not None,
                         images=images, deferred=recorder.unchanged_items() if recorder is not None else frozenset(),
                         origins=origins).story()
    buffer = io.BytesIO()
    screen = styles.rgb_profile is not None
    document = BrochureDocument(buffer, design, brochure, styles, page_map,
                                marks=None if screen else design.printing.marks, images=images, glyphs=glyphs,
                                recorder=recorder, budget=budget, tagger=tagger, origins=origins)
    if progress is not None:  # reportlab's own hook: SIZE_EST (flowables), PROGRESS (done), PAGE (number)
        document.setProgressCallBack(progress)
    document.build(story, write=write)
    return Rendered(buffer.getvalue(), document.page, page_map, document.blank_pages,
                    recorder.laid_out(document.page) if recorder is not None else None,
                    tagger.structure(document.page) if tagger is not None else None,
                    filler_pages=document.filler_pages, plan_choices=document.plan_choices,
                    unwritten=None if write else partial(_file_written, document, buffer))


def _file_written(document: BrochureDocument, buffer: io.BytesIO) -> bytes:
    document.canv.save()  # a document built without writing: its file, now
    return buffer.getvalue()

