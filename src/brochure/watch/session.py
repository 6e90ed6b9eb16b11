"""Watch: one long-lived build session; each rebuild reports its time and the pages that changed,
and a failed rebuild leaves the last good PDF where it was."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from brochure.errors import BrochureError, ErrorList
from brochure.pipeline import BuildResult, BuildSession, PreflightFailed, Project, build
from brochure.render.reuse import ReuseStore
from brochure.watch.changes import changed_pages, page_fingerprints


@dataclass
class Rebuild:
    """What one rebuild did, for the command line to print."""

    ok: bool
    seconds: float
    pages: int = 0
    changed: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)      # file:line:column: message (hint: …)
    warnings: list[str] = field(default_factory=list)
    preview: str | None = None                           # a line about the preview, with --preview
    laid_out: tuple[int, int] | None = None              # the pages laid out again; the others were reused


@dataclass
class WatchSession:
    project: Project
    editions: tuple[str, ...] | None = None    # None: every edition of the layout
    formats: tuple[str, ...] = ("print",)
    run_preflight: bool = False
    preview: bool = False
    _fingerprints: list[str] = field(default_factory=list)
    _reuse: ReuseStore = field(default_factory=ReuseStore)  # each edition's last build: its unchanged pages are reused
    # the caches kept across rebuilds: only the files that changed are parsed again, fonts and
    # shaped words stay ready
    _session: BuildSession = field(default_factory=BuildSession.long_lived)

    def _build_reusing_pages(self) -> tuple[BuildResult, list[str]]:
        """A build reusing the unchanged pages of the last; should reuse ever fail where a full build
        would not (a fault of ours, not the user's), the store is dropped and the build made whole,
        with a note, so that the watch goes on."""
        try:
            return build(self.project, formats=self.formats, editions=self.editions,
                         run_preflight=self.run_preflight, reuse=self._reuse, session=self._session), []
        except (BrochureError, PreflightFailed):
            raise
        except Exception as fault:  # the rebuild below reports anything that is not reuse's
            if not self._reuse.builds:
                raise
            self._reuse.builds.clear()
            result = build(self.project, formats=self.formats, editions=self.editions,
                           run_preflight=self.run_preflight, reuse=self._reuse, session=self._session)
            said = " ".join(str(fault).split())  # on one line (reportlab adds where it was to the message)
            return result, [f"pages could not be reused ({type(fault).__name__}: {said}): built in full; report it"]

    def rebuild(self) -> Rebuild:
        started = time.perf_counter()
        try:
            result, notes = self._build_reusing_pages()
        except ErrorList as problems:
            return Rebuild(False, time.perf_counter() - started, errors=[str(error) for error in problems.errors])
        except BrochureError as problem:
            return Rebuild(False, time.perf_counter() - started, errors=[str(problem)])
        except PreflightFailed as failure:
            return Rebuild(False, time.perf_counter() - started,
                           errors=[line for line in failure.report.text().splitlines() if line.startswith("ERROR")]
                           + [f"the new PDF fails preflight: kept as {failure.rejected}"])
        recorded = self._reuse.builds.get((result.pdf_path.stem, "print"))
        # the drawn pages as recorded (all changed when a file every page may use did: a font, an image),
        # or the written file's streams (another format first)
        fingerprints = [f"{recorded.inputs.common}:{page.digest}" for page in recorded.pages] \
            if recorded is not None else page_fingerprints(result.pdf_path.read_bytes())
        changed = changed_pages(self._fingerprints, fingerprints)
        page_count_changed = len(fingerprints) != len(self._fingerprints)
        self._fingerprints = fingerprints
        seconds = time.perf_counter() - started
        rebuild = Rebuild(True, seconds, result.pages, changed,
                          warnings=notes + [str(item) for item in result.diagnostics.warnings],
                          laid_out=next(iter(result.editions.values())).laid_out)
        if self.preview and changed:
            rebuild.preview = self.refresh_preview(result.pdf_path, None if page_count_changed else changed)
        return rebuild

    def refresh_preview(self, pdf: Path, pages: list[int] | None) -> str:
        """Render only the pages that changed (all when the count changed), diffed with the last ones."""
        from brochure.preview.run import PreviewRequest, make_preview

        folder = self.project.output / "preview"
        started = time.perf_counter()
        result = make_preview(PreviewRequest(pdf, folder, pages=",".join(map(str, pages)) if pages else None,
                                             spreads=False, diff=True))
        return f"preview: {len(result.pages)} pages rendered in {time.perf_counter() - started:.2f} s"
