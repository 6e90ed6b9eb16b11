"""Pipeline: runs the stages in order (load, typeset, layout, render, write) for one build."""

from __future__ import annotations

import io
import os
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.diagnostics import DiagnosticSink
from brochure.errors import DesignError, ErrorList, Location, OutputError
from brochure.finish.dates import build_time
from brochure.finish.formats import FORMATS, FinishJob, with_needs
from brochure.finish.pdfx import DocumentInfo
from brochure.fonts import register_families
from brochure.images import ImageAssets
from brochure.layout.contrast import check_graphic_contrast, check_text_contrast
from brochure.layout.page_map import PageMap, fill_summary, inner_fills, word_space_summary
from brochure.layout.page_plan import MAX_PLANS, PageBudget, PlanChoice, PlanCost, decides_alike, plan_cost
from brochure.layout.story import StoryBuilder
from brochure.load.cards import load_cards
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.load.typography import load_typography
from brochure.load.validate import check_brochure
from brochure.load.yaml_source import ProblemCollector, did_you_mean
from brochure.model.content import Brochure
from brochure.model.design import Design, Edition
from brochure.render.document import BrochureDocument
from brochure.render.reuse import BuildInputs, PageRecorder, ReuseStore, build_inputs
from brochure.render.structure import Structure
from brochure.render.tagging import Tagger, sections_without_heading
from brochure.render.tagging import install as install_tagging
from brochure.translate.draft import card_lists_set, edition_part, mark_missing, missing_errors, missing_units
from brochure.typeset import reportlab_fixes
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.features import check_style_features
from brochure.typeset.quotes import unbalanced_in
from brochure.typeset.styles import StyleBook
from brochure.upgrade import check_format

if TYPE_CHECKING:  # imported when used: `brochure preflight` and drafts need not load it
    from brochure.preflight.report import Report
    from brochure.translate.fit import FitProblem


@dataclass(frozen=True)
class Project:
    """Where a brochure's files are: the folder, and content/layout/output inside it."""

    root: Path
    content: Path
    layout: Path
    output: Path

    @classmethod
    def at(cls, root: Path, content: Path | None = None, layout: Path | None = None,
           output: Path | None = None) -> Project:
        root = root.resolve()
        return cls(root, (content or root / "content").resolve(), (layout or root / "layout").resolve(),
                   (output or root / "output").resolve())


@dataclass
class BuildResult:
    pdf_path: Path          # the print edition, or the first edition built
    pages: int
    page_map: PageMap
    diagnostics: DiagnosticSink
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)  # format -> file, of the first edition
    editions: dict[str, EditionResult] = field(default_factory=dict)  # edition name -> what it wrote


def load_project(project: Project, draft: bool = False) -> tuple[Brochure, Design]:
    """Content and layout, checked against each other; every problem of both at once.
    A translation missing in a declared edition's languages is an error, unless `draft`
    (`build` passes it and checks the editions it builds itself)."""
    if project.layout == project.root / "layout":  # an older format: say to upgrade, not what fails in it
        check_format(project.root)
    collector = ProblemCollector()
    attempt = collector.collect
    brochure = attempt(partial(load_content, project.content, project.root, complete=False))
    design = attempt(partial(load_design, project.layout, project.root))
    if brochure is not None and design is not None:  # cards are typed by the layout's card kinds
        languages = tuple(language.code for language in brochure.languages)
        # a draft (and `build`, which checks the editions it builds) asks only the source language
        # of the cards here; otherwise every language of the editions that set them
        required = (lambda _name: languages[:1]) if draft else partial(card_languages, brochure, design)
        cards = attempt(partial(load_cards, project.content, project.root, design, languages, required))
        brochure = replace(brochure, card_lists=cards or ())
    if collector.errors or brochure is None or design is None:
        raise ErrorList(collector.errors)
    check_brochure(brochure, design, project.root)
    if not draft:
        check_translations(brochure, design, list(design.editions), pseudo=False)
    locales = {language.code: language.locale for language in brochure.languages}
    design = replace(design, typography=load_typography(project.layout, locales, project.root))
    contrast = check_graphic_contrast(design, project.root)  # text over cover graphics stays legible
    if contrast:
        raise ErrorList(contrast)
    return brochure, design


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    page_map: PageMap
    blank_pages: list[int]
    laid_out: tuple[int, int] | None = None  # in a live process, the pages laid out (the others reused)
    structure: Structure | None = None  # the screen edition's structure tree (issue 31)
    filler_pages: list[int] = field(default_factory=list)  # pages the layout's fillers took
    plans: list[str] = field(default_factory=list)  # the page planner's candidates, for --explain
    plan_choices: list[PlanChoice] = field(default_factory=list)  # the run-on choices that decided its pages


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


def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write to {path.parent}: {error.strerror}",
                          hint="check the folder exists and is writable, or pass --output") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; give it the usual mode
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror}") from None


def document_info(brochure: Brochure, design: Design, project: Project) -> DocumentInfo:
    """The edition's metadata: title and subject in each of its languages, its languages."""
    inputs = [path for folder in (project.content, project.layout) for path in folder.rglob("*.yaml")]
    inputs += [project.root / face for family in design.fonts for _, face in family.faces()]
    first = design.columns[0]
    locales = tuple(brochure.language(code).locale.replace("_", "-") for code in design.columns)
    subject = brochure.subject
    return DocumentInfo(
        title=" / ".join(brochure.title.get(code) for code in design.columns),
        author=brochure.publisher.get(first) if brochure.publisher else "",
        language=locales[0],
        moment=build_time(inputs),
        languages=locales,
        titles=tuple((locale, brochure.title.get(code)) for locale, code in zip(locales, design.columns)),
        subject=" / ".join(subject.get(code) for code in design.columns) if subject else "",
        subjects=tuple((locale, subject.get(code)) for locale, code in zip(locales, design.columns))
        if subject else ())


class PreflightFailed(Exception):
    """The print PDF has preflight errors: it was kept aside, the previous output stands."""

    def __init__(self, report: Report, rejected: Path):
        super().__init__(report.summary())
        self.report = report
        self.rejected = rejected


def preflight_print(pdf: bytes, design: Design, project: Project) -> Report:
    """Preflight the print PDF with the layout's profile."""
    from brochure.preflight.profiles import profile_named
    from brochure.preflight.run import preflight

    profile = profile_named(design.printing.preflight_profile, project.layout / "preflight.yaml")
    # the page count the binding needs is the layout's, not a generic profile's
    profile = replace(profile, page_multiple=max(profile.page_multiple, design.page_multiple))
    with tempfile.TemporaryDirectory() as folder:
        candidate = Path(folder) / f"{design.name}.pdf"
        candidate.write_bytes(pdf)
        report = preflight(candidate, profile)
    report.file = str(output_path(project, design, "print").name)
    return report


def output_path(project: Project, design: Design, format_name: str) -> Path:
    return project.output / f"{design.name}{FORMATS[format_name].suffix}.pdf"


@dataclass
class RenderOutput:
    """One edition rendered one way and finished, as a worker process hands it back."""

    edition: str
    rendering: str          # "print" or "screen"
    finished: dict[str, bytes]  # format -> finished PDF (PDF/X-4 for print, trimmed for screens)
    rendered: Rendered      # what layout produced: pages, page map, blank pages
    report: Report | None = None  # the preflight Report of the print format


def make_rendering(project: Project, brochure: Brochure, design: Design, rendering: str,
                   formats: tuple[str, ...], run_preflight: bool, progress: Progress | None = None,
                   reuse: ReuseStore | None = None) -> RenderOutput:
    """Render one edition for print or screen and finish the formats made from it."""
    rendered = render_pdf(brochure, design, project.root, rendering, progress, reuse)
    info = document_info(brochure, design, project)
    profile = Path(profile_path(design, project.root)).read_bytes() if rendering == "print" else None
    finished: dict[str, bytes] = {}
    for name in formats:
        format_ = FORMATS[name]
        if format_.rendering == rendering and not format_.needs:
            finished[name] = format_.finish(FinishJob(rendered.pdf, design, info, profile, finished,
                                                      rendered.structure))
    report = preflight_print(finished["print"], design, project) \
        if run_preflight and "print" in finished else None
    # the unfinished bytes are not needed past finishing: do not send them between processes
    return RenderOutput(design.edition.name if design.edition else design.name, rendering, finished,
                        replace(rendered, pdf=b""), report)


def make_renderings(project: Project, brochure: Brochure, jobs: list[tuple[Design, str]],
                    formats: tuple[str, ...], run_preflight: bool,
                    progress: Progress | None = None, reuse: ReuseStore | None = None) -> list[RenderOutput]:
    """Each rendering of each edition in its own process when there are several and cores
    to run them on; reportlab is single-threaded, so this is where a second core helps. A live
    process reusing its earlier pages (`reuse`) renders them one after the other in itself."""
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2 or reuse is not None:
        return [make_rendering(project, brochure, design, rendering, formats, run_preflight, progress, reuse)
                for design, rendering in jobs]
    import multiprocessing  # only a build of several renderings starts processes
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(make_rendering, project, brochure, design, rendering, formats, run_preflight)
                   for design, rendering in jobs]
        return [future.result() for future in futures]


def choose_editions(brochure: Brochure, design: Design, names: tuple[str, ...] | None,
                    languages: tuple[str, ...] | None) -> list[Edition]:
    """The editions to build: those named, an ad hoc one for `languages`, or every one declared."""
    where = design.editions[0].location if design.editions else None
    chosen: list[Edition] = []
    for name in names or ():
        try:
            chosen.append(design.edition_named(name))
        except KeyError:
            declared = [edition.name for edition in design.editions]
            if name in FORMATS and name not in declared:
                raise DesignError(f"--edition {name}: output formats are now chosen with --format",
                                  hint=f"write --format {','.join(names or ())}") from None
            raise DesignError(f"no edition named '{name}' in layout/editions.yaml", where,
                              did_you_mean(name, declared)) from None
    if languages:
        codes = [language.code for language in brochure.languages]
        for code in languages:
            if code not in codes:
                raise DesignError(f"--languages: the content has no language '{code}'",
                                  hint=did_you_mean(code, codes))
        same = next((edition for edition in design.editions if edition.languages == languages), None)
        base = design.editions[0]
        chosen.append(same or Edition(name="-".join(languages), file=f"{design.name}-{'-'.join(languages)}",
                                          languages=languages, binding=base.binding, location=base.location))
    return list(dict.fromkeys(chosen)) or list(design.editions)


def check_formats(editions: list[Edition], formats: tuple[str, ...]) -> None:
    """Formats an edition cannot have are a user error before anything is rendered."""
    if "imposed" in formats:
        for edition in editions:
            if edition.binding != "saddle-stitch":
                raise DesignError(f"edition '{edition.name}' is bound {edition.binding}: printer spreads are "
                                  "made for saddle-stitched booklets only", edition.location,
                                  "set 'binding: saddle-stitch' for it, or leave 'imposed' out of --format")


@dataclass
class EditionResult:
    """What one edition's build wrote."""

    edition: Edition
    outputs: dict[str, Path]  # format -> file
    pages: int
    page_map: PageMap
    blank_pages: list[int]
    laid_out: tuple[int, int] | None = None  # in a live process: the pages laid out, the others reused


def build(project: Project, explain_listing: bool = False, formats: tuple[str, ...] = ("print",),
          run_preflight: bool = True, editions: tuple[str, ...] | None = None,
          languages: tuple[str, ...] | None = None, draft: bool = False, pseudo: bool = False,
          progress: Progress | None = None, reuse: ReuseStore | None = None) -> BuildResult:
    """Build the chosen editions (default: every edition the layout declares) in the chosen formats;
    a `draft` or `pseudo` proof builds one edition (the first unless named) under its own file name.
    `progress` hears how far rendering is (in one process only: none from worker processes).
    `reuse`: a live process's store of earlier builds (watch), whose unchanged pages are taken."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    brochure, design = load_project(project, draft=True)  # translations are checked for the chosen editions
    chosen = choose_editions(brochure, design, editions, languages)
    if (draft or pseudo) and not editions and not languages:
        chosen = chosen[:1]
    check_formats(chosen, formats)
    if not draft:
        check_translations(brochure, design, chosen, pseudo)
    brochure, chosen, proof_notes = proof_edition(brochure, chosen, draft, pseudo,
                                                  translation_drafts(project.content) if draft else None)
    # Fonts are opened, converted and registered here, before any edition renders: their problems
    # are reported with the layout's, and worker processes find them registered and cached.
    families = register_families(design.fonts, project.root, "layout/styles.yaml")
    timings["load"] = time.perf_counter() - started
    finishing = tuple(with_needs(formats))
    renderings = [rendering for rendering in ("print", "screen")
                  if any(FORMATS[name].rendering == rendering for name in finishing)]
    designs = {edition.name: design.for_edition(edition) for edition in chosen}
    jobs = [(designs[edition.name], rendering) for edition in chosen for rendering in renderings]
    overflows: list[FitProblem] = []
    if pseudo:  # a pseudo proof is written whatever overflows: it is there to show where
        from brochure.translate.fit import set_through  # pseudo-localisation: only for --pseudo

        languages = chosen[0].languages
        made, overflows = set_through(brochure, languages[0], languages[1], lambda trial: make_renderings(
            project, trial, jobs, finishing, run_preflight and "print" in formats, progress, reuse))
    else:
        made = make_renderings(project, brochure, jobs, finishing, run_preflight and "print" in formats, progress,
                               reuse)
    timings["render"] = time.perf_counter() - started - timings["load"]
    diagnostics = DiagnosticSink()
    for problem in overflows:
        diagnostics.warn("translate", problem.where, (f"page {problem.page}: " if problem.page else "")
                         + problem.message + " (set in the source in this proof)")
    for where, note in proof_notes:
        diagnostics.info("translate", where, note)
    report_contrast(brochure, [designs[edition.name] for edition in chosen], project.root, diagnostics)
    for family in families.values():
        for licence in family.licences:
            diagnostics.info("fonts", f"font '{family.family}'", licence)
    results: dict[str, EditionResult] = {}
    for edition in chosen:
        edition_design = designs[edition.name]
        parts = [output for output in made if output.edition == edition.name]
        files = {name: pdf for output in parts for name, pdf in output.finished.items()}
        info = document_info(brochure, edition_design, project)
        for name in finishing:
            if name not in files:
                files[name] = FORMATS[name].finish(FinishJob(b"", edition_design, info, None, files))
        report = next((output.report for output in parts if output.report is not None), None)
        prefix = f"edition {edition.name}, " if len(chosen) > 1 else ""
        write_report(project, edition_design, report, diagnostics, prefix)
        outputs = write_outputs(project, edition_design, formats, files, report)
        first = parts[0].rendered
        report_layout(first, diagnostics, prefix, edition.location)
        report_typography(brochure, edition_design, diagnostics)
        if "screen" in formats:
            report_accessibility(brochure, edition_design, diagnostics, prefix)
        if explain_listing:
            from brochure.explain import explain

            listing = project.output / f"{edition_design.name}.explain.txt"
            converted = [note for family in families.values() for note in family.conversions]
            text = explain(brochure, edition_design, first.page_map, first.blank_pages, fonts=converted,
                           plans=first.plans, filler_pages=first.filler_pages)
            write_atomically(listing, text.encode("utf-8"))
            diagnostics.info("explain", str(listing), "typography rules, loose lines and blank pages listed")
        results[edition.name] = EditionResult(edition, outputs, first.pages, first.page_map, first.blank_pages,
                                              first.laid_out)
    main = results[chosen[0].name]
    return BuildResult(main.outputs[formats[0]], main.pages, main.page_map, diagnostics,
                       time.perf_counter() - started, timings, main.outputs, results)


def report_contrast(brochure: Brochure, designs: list[Design], root: Path, diagnostics: DiagnosticSink) -> None:
    """Text too faint on what is behind it: a warning at the style's line, once for all editions."""
    seen: set[str] = set()
    for design in designs:
        for problem in check_text_contrast(brochure, design, root):
            if problem.message not in seen:
                seen.add(problem.message)
                diagnostics.warn("layout", str(problem.location), problem.message, problem.hint)


def write_report(project: Project, design: Design, report: Report | None, diagnostics: DiagnosticSink,
                 prefix: str) -> None:
    if report is None:
        return
    write_atomically(project.output / f"{design.name}.preflight.json", report.as_json().encode("utf-8"))
    for finding in report.warnings:
        diagnostics.warn("preflight", prefix + (f"page {finding.page}" if finding.page else "document"),
                         f"{finding.rule}: {finding.detail}")


def write_outputs(project: Project, design: Design, formats: tuple[str, ...], files: dict[str, bytes],
                  report: Report | None) -> dict[str, Path]:
    """Write each format asked for; a print file failing preflight is kept aside instead."""
    outputs = {}
    for name in formats:
        outputs[name] = output_path(project, design, name)
        if name == "print" and report is not None and not report.passed:
            rejected = outputs[name].with_suffix(".rejected.pdf")
            write_atomically(rejected, files[name])
            raise PreflightFailed(report, rejected)
        write_atomically(outputs[name], files[name])
        if name == "print":  # a file set aside by an earlier failed build is stale now
            outputs[name].with_suffix(".rejected.pdf").unlink(missing_ok=True)
    return outputs


def edition_sections(design: Design, edition: Edition) -> tuple[tuple[str, ...], bool]:
    """The ids of the sections an edition holds, and whether it draws a map at a section's end."""
    sequence = design.for_edition(edition).sequence
    return (tuple(item.section for item in sequence if item.kind == "section" and item.section),
            any(item.fill_map for item in sequence))


def card_languages(brochure: Brochure, design: Design, name: str) -> tuple[str, ...]:
    """The languages the cards of list `name` must be written in: those of the editions that
    set it (the source language at least)."""
    codes = [brochure.languages[0].code]
    for edition in design.editions:
        lists = card_lists_set(brochure, *edition_sections(design, edition))
        if lists is None or name in lists:
            codes += edition.languages
    return tuple(dict.fromkeys(codes))



def check_translations(brochure: Brochure, design: Design, editions: list[Edition], pseudo: bool) -> None:
    """Every unit an edition sets (its sections, their cards, the brochure-wide texts) is written
    in every language of that edition (a pseudo build makes the second language from the first);
    else an error per missing unit and language, file:line each."""
    parts = []
    for edition in editions:
        held = edition_part(brochure, *edition_sections(design, edition))
        parts.append((held, edition.languages[:1] if pseudo else edition.languages))
    required = tuple(dict.fromkeys(code for _, codes in parts for code in codes))
    missing = missing_errors(brochure, required, parts)
    if missing:
        raise ErrorList(list(missing))


def translation_drafts(content: Path) -> dict[str, dict[str, str]]:
    """language -> unit id -> a translator's draft waiting for review (see translate.store)."""
    from brochure.translate.store import drafts, read_work

    work = read_work(content)
    return {language: drafts(work, language) for language in work}


def proof_edition(brochure: Brochure, editions: list[Edition], draft: bool, pseudo: bool,
                  waiting: dict[str, dict[str, str]] | None = None) \
        -> tuple[Brochure, list[Edition], list[tuple[str, str]]]:
    """A draft (missing translations marked) or pseudo-localised edition, written under its own
    name (<file>-draft.pdf, <file>-pseudo.pdf) so that it is never taken for the final file;
    with the notes the build summary lists."""
    if not (draft or pseudo):
        return brochure, editions, []
    if len(editions) != 1:
        raise DesignError("a draft or pseudo-localised build sets one edition at a time",
                          editions[0].location if editions else None, "choose it with --edition NAME")
    [edition] = editions
    languages = edition.languages
    notes: list[tuple[str, str]] = []
    if pseudo:
        from brochure.translate.pseudo import pseudolocalise

        if len(languages) < 2:
            raise DesignError(f"edition '{edition.name}': a pseudo-localised build needs two languages",
                              edition.location, "choose an edition of two languages with --edition NAME")
        brochure = pseudolocalise(brochure, languages[0], languages[1])
        notes.append((str(edition.location or "layout/editions.yaml"),
                      (f"pseudo-localised: the '{languages[1]}' column is the '{languages[0]}' text with "
                      "accents, +35 % length and brackets")))
    if draft:
        for unit, code in missing_units(brochure, languages):
            if unit.id in (waiting or {}).get(code, {}):
                notes.append((str(unit.location), (f"draft: '{code}' needs review, the translator's draft is "
                              f"shown in magenta after [{code.upper()}?] (unit {unit.id})")))
                continue
            notes.append((str(unit.location), (f"draft: '{code}' missing, the source is shown in magenta "
                          f"after [{code.upper()}?] (unit {unit.id})")))
        brochure = mark_missing(brochure, languages, waiting)
    suffix = "-pseudo" if pseudo else "-draft"
    return brochure, [replace(edition, file=edition.file + suffix)], notes


def report_typography(brochure: Brochure, design: Design, diagnostics: DiagnosticSink) -> None:
    for language in brochure.languages:
        if language.code in design.columns and not design.typography_of(language.code).has_rules:
            diagnostics.warn("typography", str(language.location or "content/brochure.yaml"),
                             f"no spacing rules ship for language '{language.code}' ({language.locale}): "
                             "only its CLDR quotes are applied",
                             f"add layout/typography.yaml with '{language.code}:' rules (see the README)")
    for problem in unbalanced_in(brochure, design.columns):  # issue 23: never a silent straight quote
        diagnostics.warn("typography", str(problem.where or "content"),
                         f"unbalanced straight quote in [{problem.language}]: “{problem.excerpt}”",
                         "close the quotation, or type the mark you mean (“ ” « » ’)")


def report_accessibility(brochure: Brochure, design: Design, diagnostics: DiagnosticSink, prefix: str) -> None:
    """What the tagged screen edition cannot give a screen reader from the content (issue 31)."""
    for section in sections_without_heading(brochure, design):
        diagnostics.warn("accessibility", str(section.location or f"section '{section.id}'"),
                         f"{prefix}section '{section.id}' has no title or heading: in the screen edition a "
                         "screen reader cannot reach it by heading or bookmark",
                         "give it a title: (or begin it with a heading:)")


def report_layout(rendered: Rendered, diagnostics: DiagnosticSink, prefix: str = "",
                  binding: Location | None = None) -> None:
    """What a designer should look at: loose justified lines and blank pages, with their page.
    `binding`: where the edition's binding (which sets the page multiple) is written."""
    if rendered.blank_pages:
        diagnostics.warn("layout", str(binding or "layout/pages.yaml"),  # the binding's page multiple decides it
                         prefix + "pages " + ", ".join(map(str, rendered.blank_pages)) +
                         ": left blank to make the page count a multiple for the booklet",
                         "add content or change the page sequence to fill them")
    diagnostics.info("layout", "line breaks", word_space_summary(rendered.page_map.paragraphs))
    for where, note in rendered.page_map.notes:
        diagnostics.info("fonts", where, note)
    diagnostics.info("layout", "page fill", fill_summary(inner_fills(rendered.page_map)))
    for line in rendered.page_map.loose_lines:
        spaced = f", letters spaced {line.letter_spacing:.2f} pt" if line.letter_spacing else ""
        # the text's file:line:column first (an editor jumps there), then the page it landed on
        diagnostics.warn("layout", line.where or f"{prefix}page {line.page}",
                         (f"{prefix}page {line.page}: " if line.where else "") +
                         f"loose line in {line.unit} [{line.language}]: word spaces {line.word_space:.1f}× "
                         f"the normal space{spaced}: “{line.text.strip()}”",
                         "no break of the paragraph sets it tighter: reword a few words, let a long word "
                         "of it hyphenate, or raise the style's letter_spacing or word_space_max")
