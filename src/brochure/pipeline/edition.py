"""Build one edition: rendered, finished in each format made from the rendering, preflighted;
in worker processes when there are several renderings and cores to run them on."""

from __future__ import annotations

import os
import re
import tempfile
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.finish.dates import build_time
from brochure.finish.formats import FORMATS, FinishJob
from brochure.finish.pdfx import DocumentInfo
from brochure.model.content import Brochure
from brochure.model.design import Design
from brochure.pipeline.durations import longest_first, record_durations, recorded_durations
from brochure.pipeline.output import output_path
from brochure.pipeline.project import Project
from brochure.pipeline.render import Progress, Rendered, profile_path, render_pdf
from brochure.pipeline.session import BuildSession
from brochure.render.reuse import ReuseStore

if TYPE_CHECKING:  # imported when used: `brochure preflight` and drafts need not load it
    from brochure.preflight.report import Finding, Report



IMAGE_NAME = re.compile(r"FormXob\.[0-9a-f]{32}")  # reportlab's name of an image (an MD5 of its pixels)
# a one-shot build of an edition of this many pages collects its layouts' garbage before finishing:
# a full collection costs 0.07 s after a 16-page edition, more than it frees there, and 0.1-0.3 s
# after a catalogue, whose peak it lowers (N=30, 420 pages: 165 -> 162 MiB; N=100: see session.py)
COLLECT_AFTER_PAGES = 200


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


def preflight_print(pdf: bytes, design: Design, project: Project, image_sources: dict[str, str] | None = None,
                    ) -> Report:
    """Preflight the print PDF with the layout's profile. Ghostscript starts rendering the ink
    first, on the other core, while preflight loads and reads the file (as `brochure preflight`).
    `image_sources`: the image files by their names in the PDF, named beside them in the findings.
    A file checked before with the same profile, code and tools takes its kept report
    (preflight/kept_reports.py)."""
    from brochure.preflight.kept_reports import keep_report, read_report, report_key

    key = report_key(pdf, design.printing.preflight_profile, project.layout / "preflight.yaml", design.page_multiple)
    report = read_report(key) if key is not None else None
    if report is None:
        report = _preflight_now(pdf, design, project)
        if key is not None:
            keep_report(key, report)
    report.file = str(output_path(project, design, "print").name)
    if image_sources:
        report.findings, report.measurements = ([with_sources(finding, image_sources) for finding in found]
                                                for found in (report.findings, report.measurements))
    return report


def _preflight_now(pdf: bytes, design: Design, project: Project) -> Report:
    from brochure.preflight.rendering import InkRendering

    with tempfile.TemporaryDirectory() as folder:
        candidate = Path(folder) / f"{design.name}.pdf"
        candidate.write_bytes(pdf)
        ink = InkRendering(candidate)  # closed by the preflight, or here when the profile cannot be had
        try:
            from brochure.preflight.profiles import profile_named
            from brochure.preflight.run import preflight

            profile = profile_named(design.printing.preflight_profile, project.layout / "preflight.yaml")
        except BaseException:
            ink.close()
            raise
        # the page count the binding needs is the layout's, not a generic profile's
        profile = replace(profile, page_multiple=max(profile.page_multiple, design.page_multiple))
        return preflight(candidate, profile, ink=ink)


def with_sources(finding: Finding, image_sources: dict[str, str]) -> Finding:
    """A finding with each image named by its file: "FormXob.ddf8… (images/harbour.jpg, …)"."""
    return replace(finding, detail=IMAGE_NAME.sub(
        lambda match: f"{match.group(0)} ({image_sources[match.group(0)]})" if match.group(0) in image_sources
        else match.group(0), finding.detail))


def make_rendering(project: Project, brochure: Brochure, design: Design, rendering: str,
                   formats: tuple[str, ...], run_preflight: bool, progress: Progress | None = None,
                   reuse: ReuseStore | None = None, session: BuildSession | None = None,
                   spare_core: bool = False, last_layout: bool = False, one_shot: bool = False) -> Rendered:
    """Render one edition for print or screen and finish the formats made from it. The screen
    edition is tagged (issue 31): in a live process too, where pages reused from an earlier build
    would carry no structure the tagger could know, so there it is drawn whole, after the print
    rendering that reuses pages. `spare_core`: the build leaves a core idle for the page plan.
    `last_layout`: no rendering after this one uses the session's typesetting caches (a one-shot
    build's last): they go before finishing. `one_shot`: a build, not a live process: the lines laid
    are kept in the user's cache for the next build, which lays them again (typeset/laid_on_disk.py)."""
    rendered = render_pdf(brochure, design, project.root, rendering, progress,
                          reuse if rendering != "screen" else None, session=session, spare_core=spare_core,
                          lines_on_disk=one_shot)
    if last_layout and session is not None:
        session.forget_typesetting(collect=rendered.pages >= COLLECT_AFTER_PAGES)
    info = document_info(brochure, design, project)
    profile = Path(profile_path(design, project.root)).read_bytes() if rendering == "print" else None
    finished: dict[str, bytes] = {}
    for name in formats:
        format_ = FORMATS[name]
        if format_.rendering == rendering and not format_.needs:
            finished[name] = format_.finish(FinishJob(rendered.pdf, design, info, profile, finished,
                                                      rendered.structure))
    report = preflight_print(finished["print"], design, project, rendered.image_sources) \
        if run_preflight and "print" in finished else None
    # the unfinished bytes are not needed past finishing: do not send them between processes
    return replace(rendered, pdf=b"", edition=_edition_name(design),
                   rendering=rendering, finished=finished, report=report)


def make_renderings(project: Project, brochure: Brochure, jobs: list[tuple[Design, str]],
                    formats: tuple[str, ...], run_preflight: bool,
                    progress: Progress | None = None, reuse: ReuseStore | None = None,
                    session: BuildSession | None = None, one_shot: bool = False) -> list[Rendered]:
    """Each rendering of each edition in its own process when there are several and cores
    to run them on; reportlab is single-threaded, so this is where a second core helps. A live
    process reusing its earlier pages (`reuse`) renders them one after the other in itself.
    Each worker process adopts `session` (inherited where processes fork: nothing is copied).
    `one_shot`: nothing outlives this build, and the session's typesetting caches go after the
    last layout made in this process."""
    session = session if session is not None else BuildSession()
    workers = min(len(jobs), os.cpu_count() or 1)
    if workers < 2 or reuse is not None:
        # one rendering alone leaves the other cores idle: its page plan lays a layout out ahead there
        return [make_rendering(project, brochure, design, rendering, formats, run_preflight, progress, reuse,
                               session, spare_core=len(jobs) == 1 and reuse is None,
                               last_layout=one_shot and index == len(jobs) - 1, one_shot=one_shot)
                for index, (design, rendering) in enumerate(jobs)]
    import multiprocessing  # only a build of several renderings starts processes
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    names = [(_edition_name(design), rendering) for design, rendering in jobs]
    recorded = recorded_durations(project.root)
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_adopt,
                             initargs=(session,)) as pool:
        futures = {index: pool.submit(_make_rendering_in_worker, project, brochure, jobs[index][0], jobs[index][1],
                                      formats, run_preflight, one_shot)
                   for index in longest_first(names, recorded)}
        timed = [futures[index].result() for index in range(len(jobs))]
    record_durations(project.root, {name: seconds for name, (_, seconds) in zip(names, timed, strict=True)},
                     recorded)
    return [made for made, _ in timed]


def _edition_name(design: Design) -> str:
    return design.edition.name if design.edition else design.name


# In a worker process only (make_renderings): the session of the build that started it.
_worker: list[BuildSession] = []


def _adopt(session: BuildSession) -> None:
    _worker[:] = [session]


def _make_rendering_in_worker(project: Project, brochure: Brochure, design: Design, rendering: str,
                              formats: tuple[str, ...], run_preflight: bool,
                              one_shot: bool) -> tuple[Rendered, float]:
    """The rendering, and the seconds it took (the next build starts the longest first)."""
    started = time.perf_counter()
    made = make_rendering(project, brochure, design, rendering, formats, run_preflight, session=_worker[0],
                          one_shot=one_shot)
    return made, time.perf_counter() - started

