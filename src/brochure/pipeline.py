"""Pipeline: runs the stages in order (load, typeset, layout, render, write) for one build."""

from __future__ import annotations

import io
import os
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from brochure.diagnostics import DiagnosticSink
from brochure.explain import explain
from brochure.errors import OutputError
from brochure.fonts import register_families
from brochure.layout.page_map import PageMap
from brochure.layout.story import StoryBuilder
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.load.validate import check_brochure
from brochure.model.content import Brochure
from brochure.model.design import Design
from brochure.render.document import BrochureDocument
from brochure.typeset import reportlab_fixes
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.styles import StyleBook


@dataclass(frozen=True)
class Project:
    """Where a brochure's files are: the folder, and content/layout/output inside it."""

    root: Path
    content: Path
    layout: Path
    output: Path

    @classmethod
    def at(cls, root: Path, content: Path | None = None, layout: Path | None = None,
           output: Path | None = None) -> "Project":
        root = root.resolve()
        return cls(root, (content or root / "content").resolve(), (layout or root / "layout").resolve(),
                   (output or root / "output").resolve())


@dataclass
class BuildResult:
    pdf_path: Path
    pages: int
    page_map: PageMap
    diagnostics: DiagnosticSink
    seconds: float
    timings: dict[str, float] = field(default_factory=dict)


def load_project(project: Project) -> tuple[Brochure, Design]:
    brochure = load_content(project.content, project.root)
    design = load_design(project.layout, project.root)
    check_brochure(brochure, design)
    return brochure, design


@dataclass
class Rendered:
    pdf: bytes
    pages: int
    page_map: PageMap
    blank_pages: list[int]


def render_pdf(brochure: Brochure, design: Design, project_root: Path) -> Rendered:
    """Typeset, lay out and render: the PDF bytes, its page count and the page map."""
    reportlab_fixes.apply()
    reportlab_fixes.set_features(design.shaping.kerning, design.shaping.ligatures)
    families = register_families(design.fonts, project_root, "layout/styles.yaml")
    styles = StyleBook(design, families, frozenset(brochure.unbreakable))
    page_map = PageMap()
    glyphs = GlyphCheck(project_root, families)
    story = StoryBuilder(brochure, design, styles, page_map, glyphs).story()
    buffer = io.BytesIO()
    document = BrochureDocument(buffer, design, brochure, styles, page_map)
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
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror}") from None


def build(project: Project, explain_listing: bool = False) -> BuildResult:
    started = time.perf_counter()
    timings: dict[str, float] = {}
    brochure, design = load_project(project)
    timings["load"] = time.perf_counter() - started
    rendered = render_pdf(brochure, design, project.root)
    timings["render"] = time.perf_counter() - started - timings["load"]
    pdf_path = project.output / f"{design.name}.pdf"
    write_atomically(pdf_path, rendered.pdf)
    diagnostics = DiagnosticSink()
    report_layout(rendered, diagnostics)
    if explain_listing:
        listing = project.output / f"{design.name}.explain.txt"
        write_atomically(listing, explain(brochure, design, rendered.page_map,
                                          rendered.blank_pages).encode("utf-8"))
        diagnostics.info("explain", str(listing), "typography rules, loose lines and blank pages listed")
    return BuildResult(pdf_path, rendered.pages, rendered.page_map, diagnostics,
                       time.perf_counter() - started, timings)


def report_layout(rendered: Rendered, diagnostics: DiagnosticSink) -> None:
    """What a designer should look at: loose justified lines and blank pages, with their page."""
    if rendered.blank_pages:
        diagnostics.warn("layout", "pages " + ", ".join(map(str, rendered.blank_pages)),
                         "left blank to make the page count a multiple for the booklet",
                         "add content or change the page sequence to fill them")
    for line in rendered.page_map.loose_lines:
        diagnostics.warn("layout", f"page {line.page}", f"loose line in {line.unit} [{line.language}]: "
                         f"word spaces {line.word_space:.1f}× the normal space: “{line.text.strip()}”",
                         "reword, allow hyphenation, or mark a phrase unbreakable")
