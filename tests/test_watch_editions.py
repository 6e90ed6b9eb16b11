"""`brochure watch` with several editions: the watched one (the first named, else the first
declared) is built and written first, the others after it in the background, stopped by the next
save; and a live process's page plan trials (sections that run on) reuse each its own last layout,
byte-identical to a build from nothing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from brochure.pipeline import Project
from brochure.render.reuse import ReuseStore
from brochure.watch.session import WatchSession
from tests.test_reuse import edit, render, same_as_full_build, section_file


@pytest.mark.slow  # whole Aix builds
def test_the_watched_edition_is_written_first_and_the_others_after_it(project_copy: Path):
    project = Project.at(project_copy)
    session = WatchSession(project, editions=("fr", "fr-en"))
    output = project.output
    rebuilt = session.rebuild()
    assert rebuilt.ok and rebuilt.others == ("fr-en",)
    main, other = output / "aix-international-strategy-fr.pdf", output / "aix-international-strategy.pdf"
    assert main.is_file() and not other.exists()   # the watched edition alone so far
    stopped = threading.Event()
    stopped.set()                                   # a newer save came before the others began
    done = session.build_others(rebuilt.others, stopped)
    assert done.cancelled and done.editions == () and not other.exists()
    done = session.build_others(rebuilt.others, threading.Event())
    assert not done.cancelled and done.editions == ("fr-en",) and not done.errors
    assert other.read_bytes()[:5] == b"%PDF-"


@pytest.mark.slow
def test_every_declared_edition_is_watched_the_first_declared_first(project_copy: Path):
    session = WatchSession(Project.at(project_copy))
    first, others = session.watched_editions()
    assert first == ("fr-en",)
    assert others == ("en-fr", "fr", "en", "fr-ja", "fr-ar")   # layout/editions.yaml's order


@pytest.mark.slow
def test_a_background_edition_stops_at_the_next_flowable_once_cancelled(project_copy: Path, monkeypatch):
    from brochure.render import document

    session = WatchSession(Project.at(project_copy), editions=("fr", "en"))
    assert session.rebuild().ok
    stop = threading.Event()
    seen = []
    handle = document.BrochureDocument.handle_flowable

    def save_during_layout(self, flowables):  # the save arrives while the other edition is laid out
        seen.append(self.page)
        if len(seen) == 20:
            stop.set()
        return handle(self, flowables)

    monkeypatch.setattr(document.BrochureDocument, "handle_flowable", save_during_layout)
    done = session.build_others(("en",), stop)
    assert done.cancelled and done.editions == () and len(seen) == 20  # no flowable laid out after the save
    assert not (session.project.output / "aix-international-strategy-en.pdf").exists()


@pytest.mark.slow
def test_page_plan_trials_in_a_live_process_reuse_their_own_pages(project_copy: Path):
    project = Project.at(project_copy)
    store = ReuseStore()
    first = render(project, store, "fr-en")
    assert first.plans and any("budget 2.00" in key for key in map(" ".join, store.builds))
    edit(section_file(project, 0), "mondialisation", "globalisation")
    rebuilt = same_as_full_build(project, store, "fr-en")
    assert rebuilt.laid_out is not None and rebuilt.laid_out[0] > 1   # the pages before the edit reused
    edit(section_file(project, 3), " ", "  ")  # nothing a reader sees: the layout is the same
    same_as_full_build(project, store, "fr-en")


def test_the_garbage_of_the_builds_is_collected_between_saves_not_in_a_rebuild():
    """Python's full collection walks everything the session keeps (0.1 s for the example's): the
    background thread makes it once its editions are written, so that it does not fall inside the
    rebuild a designer waits for; a newer save (the stop) leaves it to the rebuild's end."""
    import gc

    from brochure.watch.session import Background

    collected: list[str] = []

    def note(phase: str, info: dict[str, int]) -> None:
        if phase == "stop" and info["generation"] == 2:
            collected.append(threading.current_thread().name)

    gc.callbacks.append(note)
    try:
        background = Background(WatchSession(Project.at(Path("."))), lambda _done: None)
        background.start(())
        assert background._thread is not None
        background._thread.join()
        assert "other editions" in collected
    finally:
        gc.callbacks.remove(note)


def test_a_rebuild_sets_the_sessions_earlier_objects_aside_from_collections(monkeypatch):
    """What the session kept from earlier builds is frozen while the watched edition is rebuilt
    (a full collection then walks only the rebuild's objects), and thawed after, for the collection
    between saves."""
    import gc

    from brochure.errors import BrochureError

    frozen: list[int] = []

    def build(self, editions):  # the build itself is not the point: the state it runs in is
        frozen.append(gc.get_freeze_count())
        raise BrochureError("a stand-in for the build")

    monkeypatch.setattr(WatchSession, "_build_reusing_pages", build)
    monkeypatch.setattr(WatchSession, "watched_editions", lambda self: (None, ()))
    objects = [[index] for index in range(1000)]  # an earlier build's, kept
    rebuilt = WatchSession(Project.at(Path("."))).rebuild()
    assert not rebuilt.ok and frozen[0] >= len(objects) and gc.get_freeze_count() == 0
