"""Pipeline: runs the stages in order (load, typeset, layout, render, write) for one build."""

from __future__ import annotations

import io
import multiprocessing
import os
import tempfile
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.diagnostics import DiagnosticSink
from brochure.errors import BrochureError, DesignError, ErrorList, Location, OutputError
from brochure.explain import explain
from brochure.finish.dates import build_time
from brochure.finish.imposition import impose_saddle_stitch
from brochure.finish.pdfx import DocumentInfo, make_pdfx4
from brochure.finish.screen import finish_screen
from brochure.fonts import register_families
from brochure.images import ImageAssets
from brochure.layout.contrast import check_graphic_contrast
from brochure.layout.page_map import PageMap, word_space_summary
from brochure.layout.story import StoryBuilder
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.load.typography import load_typography
from brochure.load.validate import check_brochure
from brochure.model.content import Brochure
from brochure.model.design import Design
from brochure.render.document import BrochureDocument
from brochure.translate.draft import mark_missing, missing_errors, missing_units
from brochure.translate.pseudo import pseudolocalise
from brochure.typeset import reportlab_fixes
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.features import check_style_features
from brochure.typeset.styles import StyleBook

if TYPE_CHECKING:  # imported when used: `brochure preflight` and drafts need not load it
    from brochure.preflight.report import Report


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


EDITIONS = ("print", "screen", "imposed")


@dataclass
class BuildResult:
    pdf_path: Path          # the print edition, or the first edition built
    pages: int
    page_map: PageMap
    diagnostics: DiagnosticSink
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, Path] = field(default_factory=dict)  # edition -> file


def load_project(project: Project, draft: bool = False, pseudo: bool = False) -> tuple[Brochure, Design]:
    """Content and layout, checked against each other; every problem of both at once.
    A translation missing in the edition's languages is an error, unless `draft` (or the
    `pseudo` build, whose second language is made from the first)."""
    loaded, errors = [], []
    for load, folder in ((partial(load_content, complete=False), project.content), (load_design, project.layout)):
        try:
            loaded.append(load(folder, project.root))
        except ErrorList as problems:
            errors.extend(problems.errors)
        except BrochureError as problem:
            errors.append(problem)
    if errors:
        raise ErrorList(errors)
    brochure, design = loaded
    assert isinstance(brochure, Brochure) and isinstance(design, Design)
    check_brochure(brochure, design, project.root)
    required = design.columns[:1] if pseudo else design.columns
    missing = missing_errors(brochure, required)
    if missing and not draft:
        raise ErrorList(list(missing))
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


def render_pdf(brochure: Brochure, design: Design, project_root: Path, edition: str = "print") -> Rendered:
    """Typeset, lay out and render one edition: the PDF bytes, its page count and page map."""
    reportlab_fixes.apply()
    reportlab_fixes.set_features(design.shaping.kerning, design.shaping.ligatures)
    families = register_families(design.fonts, project_root, "layout/styles.yaml")
    check_style_features(design, families, project_root)
    screen = edition == "screen"
    styles = StyleBook(design, families, frozenset(brochure.unbreakable),
                       rgb_profile=profile_path(design, project_root) if screen else None)
    page_map = PageMap()
    glyphs = GlyphCheck(project_root, families)
    images = ImageAssets(project_root, profile_path(design, project_root), design.printing.rendering_intent,
                         screen=screen)
    story = StoryBuilder(brochure, design, styles, page_map, glyphs, links=screen, images=images).story()
    buffer = io.BytesIO()
    document = BrochureDocument(buffer, design, brochure, styles, page_map,
                                marks=None if screen else design.printing.marks, glyphs=glyphs)
    document.build(story)
    return Rendered(buffer.getvalue(), document.page, page_map, document.blank_pages)


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
    inputs = [path for folder in (project.content, project.layout) for path in folder.rglob("*.yaml")]
    inputs += [project.root / face for family in design.fonts for _, face in family.faces()]
    first = design.columns[0]
    return DocumentInfo(
        title=" / ".join(brochure.title.get(code) for code in design.columns),
        author=brochure.publisher.get(first) if brochure.publisher else "",
        language=brochure.language(first).locale.replace("_", "-"),
        moment=build_time(inputs))


def finish_print(rendered: Rendered, brochure: Brochure, design: Design, project: Project) -> bytes:
    path = profile_path(design, project.root)
    intent = design.printing.output_intent
    if intent is None:
        raise DesignError("the print edition needs an output intent", Location("layout/document.yaml", key="print"),
                          "add 'print: output_intent: {profile: profiles/FOGRA39.icc, …}'")
    return make_pdfx4(rendered.pdf, document_info(brochure, design, project), intent, Path(path).read_bytes())


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


def output_path(project: Project, design: Design, edition: str) -> Path:
    suffix = "" if edition == "print" else f"-{edition}"
    return project.output / f"{design.name}{suffix}.pdf"


@dataclass
class EditionOutput:
    """One edition rendered and finished, as a worker process hands it back."""

    edition: str
    pdf: bytes              # finished: PDF/X-4 for print, trimmed for screens
    rendered: Rendered      # what layout produced: pages, page map, blank pages
    report: Report | None = None  # the preflight Report of the print edition


def make_edition(project: Project, brochure: Brochure, design: Design, edition: str,
                 run_preflight: bool) -> EditionOutput:
    """Render and finish one edition ("print" also makes "imposed" possible)."""
    rendered = render_pdf(brochure, design, project.root, "screen" if edition == "screen" else "print")
    report = None
    if edition == "screen":
        pdf = finish_screen(rendered.pdf, document_info(brochure, design, project))
    else:
        pdf = finish_print(rendered, brochure, design, project)
        report = preflight_print(pdf, design, project) if run_preflight else None
    # the unfinished bytes are not needed past finishing: do not send them between processes
    return EditionOutput(edition, pdf, replace(rendered, pdf=b""), report)


def make_editions(project: Project, brochure: Brochure, design: Design, renders: Sequence[str],
                  run_preflight: bool) -> dict[str, EditionOutput]:
    """Each rendered edition in its own process when there are several and cores to
    run them on; reportlab is single-threaded, so this is where a second core helps."""
    workers = min(len(renders), os.cpu_count() or 1)
    if workers < 2:
        return {edition: make_edition(project, brochure, design, edition, run_preflight) for edition in renders}
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {edition: pool.submit(make_edition, project, brochure, design, edition, run_preflight)
                   for edition in renders}
        return {edition: future.result() for edition, future in futures.items()}


def build(project: Project, explain_listing: bool = False, editions: tuple[str, ...] = ("print",),
          run_preflight: bool = True, draft: bool = False, pseudo: bool = False) -> BuildResult:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    brochure, design = load_project(project, draft, pseudo)
    brochure, design, proof_notes = proof_edition(brochure, design, draft, pseudo)
    # Fonts are opened, converted and registered here, before any edition renders: their problems
    # are reported with the layout's, and worker processes find them registered and cached.
    families = register_families(design.fonts, project.root, "layout/styles.yaml")
    timings["load"] = time.perf_counter() - started
    renders = [edition for edition in ("print", "screen")
               if edition in editions or (edition == "print" and "imposed" in editions)]
    made = make_editions(project, brochure, design, renders, run_preflight and "print" in editions)
    timings["render"] = time.perf_counter() - started - timings["load"]
    files = {edition: output.pdf for edition, output in made.items()}
    if "imposed" in editions:
        files["imposed"] = impose_saddle_stitch(made["print"].pdf, design)
    diagnostics = DiagnosticSink()
    for where, note in proof_notes:
        diagnostics.info("translate", where, note)
    for family in families.values():
        for licence in family.licences:
            diagnostics.info("fonts", f"font '{family.family}'", licence)
    report = made["print"].report if "print" in made else None
    if report is not None:
        write_atomically(project.output / f"{design.name}.preflight.json", report.as_json().encode("utf-8"))
        for finding in report.warnings:
            diagnostics.warn("preflight", f"page {finding.page}" if finding.page else "document",
                             f"{finding.rule}: {finding.detail}")
    outputs = {}
    for edition in editions:
        outputs[edition] = output_path(project, design, edition)
        if edition == "print" and report is not None and not report.passed:
            rejected = outputs[edition].with_suffix(".rejected.pdf")
            write_atomically(rejected, files[edition])
            raise PreflightFailed(report, rejected)
        write_atomically(outputs[edition], files[edition])
    first = made[renders[0]].rendered
    report_layout(first, diagnostics)
    report_typography(brochure, design, diagnostics)
    if explain_listing:
        listing = project.output / f"{design.name}.explain.txt"
        converted = [note for family in families.values() for note in family.conversions]
        text = explain(brochure, design, first.page_map, first.blank_pages, fonts=converted)
        write_atomically(listing, text.encode("utf-8"))
        diagnostics.info("explain", str(listing), "typography rules, loose lines and blank pages listed")
    return BuildResult(outputs[editions[0]], first.pages, first.page_map, diagnostics,
                       time.perf_counter() - started, timings, outputs)


def proof_edition(brochure: Brochure, design: Design, draft: bool, pseudo: bool) \
        -> tuple[Brochure, Design, list[tuple[str, str]]]:
    """A draft (missing translations marked) or pseudo-localised edition, written under its own
    name (<name>-draft.pdf, <name>-pseudo.pdf) so that it is never taken for the final file;
    with the notes the build summary lists."""
    notes: list[tuple[str, str]] = []
    if pseudo:
        if len(design.columns) < 2:
            raise DesignError("a pseudo-localised build needs two languages in 'edition: columns:'",
                              Location("layout/document.yaml", key="edition.columns"))
        brochure = pseudolocalise(brochure, design.columns[0], design.columns[1])
        notes.append(("layout/document.yaml", (f"pseudo-localised: the '{design.columns[1]}' column is the "
                      f"'{design.columns[0]}' text with accents, +35 % length and brackets")))
    if draft:
        for unit, code in missing_units(brochure, design.columns):
            notes.append((str(unit.location), (f"draft: '{code}' missing, the source is shown in magenta "
                          f"after [{code.upper()}?] (unit {unit.id})")))
        brochure = mark_missing(brochure, design.columns)
    suffix = "-pseudo" if pseudo else "-draft" if draft else ""
    return brochure, replace(design, name=design.name + suffix), notes


def report_typography(brochure: Brochure, design: Design, diagnostics: DiagnosticSink) -> None:
    for language in brochure.languages:
        if language.code in design.columns and not design.typography_of(language.code).has_rules:
            diagnostics.warn("typography", "content/brochure.yaml",
                             f"no spacing rules ship for language '{language.code}' ({language.locale}): "
                             "only its CLDR quotes are applied",
                             f"add layout/typography.yaml with '{language.code}:' rules (see the README)")


def report_layout(rendered: Rendered, diagnostics: DiagnosticSink) -> None:
    """What a designer should look at: loose justified lines and blank pages, with their page."""
    if rendered.blank_pages:
        diagnostics.warn("layout", "pages " + ", ".join(map(str, rendered.blank_pages)),
                         "left blank to make the page count a multiple for the booklet",
                         "add content or change the page sequence to fill them")
    diagnostics.info("layout", "line breaks", word_space_summary(rendered.page_map.paragraphs))
    for line in rendered.page_map.loose_lines:
        spaced = f", letters spaced {line.letter_spacing:.2f} pt" if line.letter_spacing else ""
        diagnostics.warn("layout", f"page {line.page}" + (f" ({line.where})" if line.where else ""),
                         f"loose line in {line.unit} [{line.language}]: word spaces {line.word_space:.1f}× "
                         f"the normal space{spaced}: “{line.text.strip()}”",
                         "no break of the paragraph sets it tighter: reword a few words, let a long word "
                         "of it hyphenate, or raise the style's letter_spacing or word_space_max")
