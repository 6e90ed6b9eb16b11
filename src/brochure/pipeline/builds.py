"""`build`: the editions planned, each rendered and finished, written and reported; one BuildResult."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.diagnostics import DiagnosticSink
from brochure.finish.formats import FORMATS, FinishJob, with_needs
from brochure.fonts import register_families
from brochure.fonts.registry import RegisteredFamily
from brochure.layout.page_map import PageMap
from brochure.load.paths import output_file
from brochure.model.content import Brochure
from brochure.model.design import Design, Edition
from brochure.pipeline.edition import document_info, make_renderings
from brochure.pipeline.output import write_atomically, write_outputs, write_report
from brochure.pipeline.plan import check_formats, choose_editions, proof_edition, translation_drafts
from brochure.pipeline.project import Project, check_translations, load_project
from brochure.pipeline.render import Progress, Rendered
from brochure.pipeline.report import report_accessibility, report_contrast, report_layout, report_typography
from brochure.pipeline.session import BuildSession
from brochure.render.reuse import ReuseStore

if TYPE_CHECKING:  # imported when used: `brochure preflight` and drafts need not load it
    from brochure.translate.fit import FitProblem



@dataclass
class EditionResult:
    """What one edition's build wrote and how it was laid out."""

    edition: Edition
    outputs: dict[str, Path]  # format -> file, in the order the formats were asked
    pages: int
    page_map: PageMap
    blank_pages: list[int]
    laid_out: tuple[int, int] | None = None  # in a live process: the pages laid out, the others reused


@dataclass
class BuildResult:
    """What a build did: each edition's files and layout, the diagnostics, the time of each stage.
    The first edition built (the print one, unless named otherwise) answers `pdf_path`, `pages`…"""

    editions: dict[str, EditionResult]  # edition name -> what it wrote, in build order
    diagnostics: DiagnosticSink
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def main(self) -> EditionResult:
        return next(iter(self.editions.values()))

    @property
    def outputs(self) -> dict[str, Path]:
        """format -> file, of the first edition."""
        return self.main.outputs

    @property
    def pdf_path(self) -> Path:
        """The first edition's file of the first format asked."""
        return next(iter(self.main.outputs.values()))

    @property
    def pages(self) -> int:
        return self.main.pages

    @property
    def page_map(self) -> PageMap:
        return self.main.page_map


def build(project: Project, *, explain_listing: bool = False, formats: tuple[str, ...] = ("print",),
          run_preflight: bool = True, editions: tuple[str, ...] | None = None,
          languages: tuple[str, ...] | None = None, draft: bool = False, pseudo: bool = False,
          progress: Progress | None = None, reuse: ReuseStore | None = None,
          session: BuildSession | None = None) -> BuildResult:
    """Build the chosen editions (default: every edition the layout declares) in the chosen formats;
    a `draft` or `pseudo` proof builds one edition (the first unless named) under its own file name.
    `progress` hears how far rendering is (in one process only: none from worker processes).
    `reuse`: a live process's store of earlier builds (watch), whose unchanged pages are taken.
    `session`: the caches to build with and keep (watch keeps one across rebuilds); default: new ones."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    one_shot = session is None  # a session of its own: nothing outlives this build
    session = session if session is not None else BuildSession()
    # translations are checked for the chosen editions
    brochure, design = load_project(project, draft=True, session=session)
    if one_shot:  # no file is parsed again: held through rendering, the node trees would only weigh
        session.trees.forget()
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
    families = register_families(design.fonts, project.root, "layout/styles.yaml", session.fonts)
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
            project, trial, jobs, finishing, run_preflight and "print" in formats, progress, reuse, session))
    else:
        made = make_renderings(project, brochure, jobs, finishing, run_preflight and "print" in formats, progress,
                               reuse, session, one_shot=one_shot)
    timings["render"] = time.perf_counter() - started - timings["load"]
    diagnostics = DiagnosticSink()
    for problem in overflows:
        diagnostics.warn("translate", problem.where, (f"page {problem.page}: " if problem.page else "")
                         + problem.message + " (set in the source in this proof)")
    for where, note in proof_notes:
        diagnostics.info("translate", where, note)
    report_contrast(brochure, [designs[edition.name] for edition in chosen], project.root, diagnostics,
                    session.colours)
    for family in families.values():
        for licence in family.licences:
            diagnostics.info("fonts", f"font '{family.family}'", licence)
    results = {edition.name: write_edition(project, brochure, edition, designs[edition.name], finishing, formats,
                                           [output for output in made if output.edition == edition.name],
                                           diagnostics, explain=explain_listing, families=families,
                                           prefix=f"edition {edition.name}, " if len(chosen) > 1 else "")
               for edition in chosen}
    return BuildResult(results, diagnostics, time.perf_counter() - started, timings)


def write_edition(project: Project, brochure: Brochure, edition: Edition, design: Design, finishing: tuple[str, ...],
                  formats: tuple[str, ...], parts: list[Rendered], diagnostics: DiagnosticSink, *, explain: bool,
                  families: dict[str, RegisteredFamily], prefix: str) -> EditionResult:
    """One edition's renderings finished in the formats made from several (imposed), written,
    and reported; its explain listing when asked."""
    files = {name: pdf for output in parts for name, pdf in output.finished.items()}
    info = document_info(brochure, design, project)
    for name in finishing:
        if name not in files:
            files[name] = FORMATS[name].finish(FinishJob(b"", design, info, None, files))
    report = next((output.report for output in parts if output.report is not None), None)
    write_report(project, design, report, diagnostics, prefix)
    outputs = write_outputs(project, design, formats, files, report)
    first = parts[0]
    report_layout(first, diagnostics, prefix, edition.location)
    report_typography(brochure, design, diagnostics)
    if "screen" in formats:
        report_accessibility(brochure, design, diagnostics, prefix)
    if explain:
        from brochure.explain import explain as explain_edition

        listing = output_file(project.output, f"{design.name}.explain.txt")
        converted = [note for family in families.values() for note in family.conversions]
        text = explain_edition(brochure, design, first.page_map, first.blank_pages, fonts=converted,
                               plans=first.plans, filler_pages=first.filler_pages)
        write_atomically(listing, text.encode("utf-8"))
        diagnostics.info("explain", str(listing), "typography rules, loose lines and blank pages listed")
    return EditionResult(edition, outputs, first.pages, first.page_map, first.blank_pages, first.laid_out)
