"""Watch: one long-lived build session; each rebuild reports its time and the pages that changed,
and a failed rebuild leaves the last good PDF where it was. The edition the designer looks at
(the first named with --edition, else the first declared) is built and written first; the other
editions follow in a background thread, which the next save stops before it builds again."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from brochure.errors import BrochureError, ErrorList
from brochure.pipeline import BuildResult, BuildSession, PreflightFailed, Project, build
from brochure.render.cancel import Cancelled, cancelled_by
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
    others: tuple[str, ...] = ()                         # editions still to build after this one (background)


@dataclass
class OthersBuilt:
    """What the background build of the other editions did, for the command line to print."""

    editions: tuple[str, ...]                            # those written, in order
    seconds: float
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    cancelled: bool = False                              # stopped by a newer save before the last


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
    _declared: tuple[tuple[tuple[str, int, int], ...], tuple[str, ...]] | None = None  # layout stamps, editions

    def watched_editions(self) -> tuple[tuple[str, ...] | None, tuple[str, ...]]:
        """The edition built first (None: every edition, when the layout cannot tell which are
        declared: the build then reports why) and the ones built after it in the background."""
        names = self.editions
        if not names:
            from brochure.load.design import load_design

            layout = self.project.layout
            stamps = tuple((path.name, path.stat().st_mtime_ns, path.stat().st_size)
                           for path in sorted(layout.glob("*.yaml")))
            if self._declared is None or self._declared[0] != stamps:  # the layout is read again when it changed
                try:
                    declared = tuple(edition.name for edition in load_design(layout, self.project.root).editions)
                except (BrochureError, OSError):
                    return None, ()
                self._declared = stamps, declared
            names = self._declared[1]
        return names[:1] or None, tuple(names[1:])

    def _build_reusing_pages(self, editions: tuple[str, ...] | None) -> tuple[BuildResult, list[str]]:
        """A build reusing the unchanged pages of the last; should reuse ever fail where a full build
        would not (a fault of ours, not the user's), the store is dropped and the build made whole,
        with a note, so that the watch goes on."""
        try:
            return build(self.project, formats=self.formats, editions=editions,
                         run_preflight=self.run_preflight, reuse=self._reuse, session=self._session), []
        except (BrochureError, PreflightFailed, Cancelled):
            raise
        except Exception as fault:  # the rebuild below reports anything that is not reuse's
            if not self._reuse.builds:
                raise
            self._reuse.builds.clear()
            result = build(self.project, formats=self.formats, editions=editions,
                           run_preflight=self.run_preflight, reuse=self._reuse, session=self._session)
            said = " ".join(str(fault).split())  # on one line (reportlab adds where it was to the message)
            return result, [f"pages could not be reused ({type(fault).__name__}: {said}): built in full; report it"]

    def rebuild(self) -> Rebuild:
        """Build the watched edition and write it; `others` in the result are still to build
        (`build_others`). Call `stop_others` first when the background may still be building."""
        started = time.perf_counter()
        first, others = self.watched_editions()
        try:
            with earlier_objects_set_aside():
                result, notes = self._build_reusing_pages(first)
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
                          laid_out=next(iter(result.editions.values())).laid_out, others=others)
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

    def build_others(self, editions: tuple[str, ...], stop: threading.Event) -> OthersBuilt:
        """Build and write `editions` one after the other, until `stop` is set (then the one being
        built is abandoned, its previous file kept)."""
        started = time.perf_counter()
        done = OthersBuilt((), 0.0)
        with cancelled_by(stop):
            for name in editions:
                if stop.is_set():
                    done.cancelled = True
                    break
                try:
                    result, notes = self._build_reusing_pages((name,))
                except Cancelled:
                    done.cancelled = True
                    break
                except ErrorList as problems:
                    done.errors += [str(error) for error in problems.errors]
                    continue
                except BrochureError as problem:
                    done.errors.append(str(problem))
                    continue
                except PreflightFailed as failure:
                    done.errors += [line for line in failure.report.text().splitlines() if line.startswith("ERROR")]
                    done.errors.append(f"edition {name}: the new PDF fails preflight: kept as {failure.rejected}")
                    continue
                done.editions += (name,)
                done.warnings += notes + [str(item) for item in result.diagnostics.warnings]
        done.seconds = time.perf_counter() - started
        return done


@contextmanager
def earlier_objects_set_aside() -> Iterator[None]:
    """Inside the block, Python's collections walk only the objects made in it: what the session
    kept from earlier builds is set aside (a full collection of it took 0.1 s, and the garbage the
    background left when a save stopped it brings one on); the background thread collects it all
    while the watch waits for the next save (Background)."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass
class Background:
    """The thread that builds the editions nobody is looking at, stopped by the next save; then,
    while the watch waits for a save, it collects the garbage of the builds."""

    session: WatchSession
    report: Callable[[OthersBuilt], None]
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self, editions: tuple[str, ...]) -> None:
        self.stop()
        self._stop = stop = threading.Event()

        def run() -> None:
            if editions:
                done = self.session.build_others(editions, stop)
                if done.editions or done.errors:
                    self.report(done)
            if not stop.is_set():
                # Python's full collection walks every object the session keeps (0.1 s for the
                # example's) whenever enough have survived since the last: made here, between
                # saves, it no longer falls inside a rebuild the designer waits for (2 rebuilds
                # of 16 took 0.28 s instead of 0.16)
                gc.collect()

        # a daemon: Ctrl-C ends the watch without waiting for the editions nobody looks at
        self._thread = threading.Thread(target=run, name="other editions", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the background build (at its next flowable) and wait for it: two builds never run
        at once (reportlab's font registry and the breaker's caches are the process's)."""
        if self._thread is not None:
            self._stop.set()
            self._thread.join()
            self._thread = None
