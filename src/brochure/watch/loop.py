"""Watch: the loop — wait for a change under the brochure's folders (watchfiles, debounced), then
rebuild, until interrupted."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from brochure.errors import OutputError
from brochure.watch.changes import worth_a_rebuild
from brochure.watch.session import Background, OthersBuilt, Rebuild, WatchSession

WATCHED = ("content", "layout", "fonts", "images", "profiles")
# watchfiles looks at the changes every step and yields them at the first step that added none: a
# save is seen 1-2 steps after it is written (30 ms made that 30-60 ms, a fifth of the save -> PDF
# time); an editor's write and rename come within a millisecond of each other
STEP_MILLISECONDS = 10
DEBOUNCE_MILLISECONDS = 400   # group the files of one "save all" into one rebuild


def watched_folders(session: WatchSession) -> list[Path]:
    root = session.project.root
    folders = {session.project.content, session.project.layout}
    folders.update(root / name for name in WATCHED if (root / name).is_dir())
    return sorted(folders)


def watch(session: WatchSession, report: Callable[[Rebuild, list[Path]], None],
          ready: Callable[[list[Path]], None], stop: threading.Event | None = None,
          report_others: Callable[[OthersBuilt], None] = lambda _done: None) -> None:
    """Build once, then once per batch of changes, calling `report` after each build of the watched
    edition, `report_others` when the other editions are written (in the background, stopped by the
    next change) and `ready` once the folders are watched (an edit saved before that would be missed)."""
    import watchfiles

    others = Background(session, report_others)

    def rebuild(paths: list[Path]) -> None:
        others.stop()  # the editions nobody looks at wait: the watched one first
        rebuilt = session.rebuild()
        report(rebuilt, paths)
        others.start(rebuilt.others)

    rebuild([])
    ignored = (session.project.output,)
    folders = watched_folders(session)
    announced = False
    try:
        # yield_on_timeout: an empty batch every 100 ms tells us the watcher is in place
        for changes in watchfiles.watch(*folders, debounce=DEBOUNCE_MILLISECONDS, step=STEP_MILLISECONDS,
                                        stop_event=stop, raise_interrupt=False, yield_on_timeout=True,
                                        rust_timeout=100,
                                        watch_filter=lambda _change, path: worth_a_rebuild(Path(path), ignored)):
            gone = next((folder for folder in (session.project.root, *folders) if not folder.is_dir()), None)
            if gone is not None:  # renamed or deleted: its events would name paths that no longer exist
                raise OutputError(f"{gone} is gone (renamed or deleted): stopped watching",
                                  hint="run `brochure watch` again in the brochure's folder where it is now")
            if not announced:
                announced = True
                ready(folders)
            if changes:
                rebuild(sorted({Path(path) for _change, path in changes}))
    finally:
        others.stop()
