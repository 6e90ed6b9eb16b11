"""Render stage: a page plan trial laid out ahead, in a forked process, on a core the build leaves
idle (one edition built alone): the plan's next two layouts at once instead of one after the other.

The child starts from the parent's state after the first layout (fonts, caches, the first layout's
breaks), lays out its budget, writes the file and sends the rendering back, pickled through a pipe;
the parent takes it where it would have laid that budget out itself, and the same bytes come out (a
layout is a pure function of the content, the design and its budget: the caches only save time).
Anything but a rendering (an error, a child that died) and the parent lays the budget out itself, as
it would have: its error then names the file and line. A bare fork and pipe, not multiprocessing: a
one-edition build imports no process machinery (0.03 s)."""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
from collections.abc import Callable
from typing import Generic, TypeVar

Made = TypeVar("Made")  # the rendering (pipeline/render.py's Rendered, its file written)

# a layout ahead is worth a process for a brochure, not for a catalogue: the child holds a second
# copy of the parent's memory while it runs (a 1 400-page edition: 250 MiB)
MAX_PAGES_AHEAD = 200


def can_lay_out_ahead(pages: int) -> bool:
    """Whether this machine and edition take a layout ahead: a fork (Linux), a second core, a
    brochure-sized edition."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and (os.cpu_count() or 1) >= 2 \
        and pages <= MAX_PAGES_AHEAD


class TrialAhead(Generic[Made]):
    """One budget's layout under way in a child process: `lay_out` makes it, file written."""

    def __init__(self, budget: object, lay_out: Callable[[], Made]):
        self.budget = budget
        self.exit_status: int | None = None  # once the child is reaped: its exit code, or minus its signal
        reading, writing = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: lays out, sends, and leaves without the parent's exit handlers
            os.close(reading)
            try:
                _lay_out(lay_out, writing)
            finally:
                os._exit(0)
        os.close(writing)
        self.pid: int | None = pid
        self.reading = os.fdopen(reading, "rb")

    def take(self, budget: object) -> Made | None:
        """The rendering of `budget` when it is this one's and the child made it, else None."""
        if budget != self.budget or self.pid is None:
            return None
        try:
            made: Made | None = pickle.load(self.reading)
        except (EOFError, OSError, pickle.UnpicklingError):
            made = None
        self.close()
        return made

    def close(self) -> None:
        """The child stopped (its layout is not needed, or taken), reaped, and its pipe closed."""
        if self.pid is not None:
            with contextlib.suppress(ProcessLookupError):  # gone already: reaped below
                os.kill(self.pid, signal.SIGKILL)
            _, status = os.waitpid(self.pid, 0)
            self.exit_status = os.waitstatus_to_exitcode(status)
            self.pid = None
        self.reading.close()


def _lay_out(lay_out: Callable[[], Made], writing: int) -> None:
    made: Made | None
    try:
        made = lay_out()
    except BaseException:  # noqa: BLE001 - the parent lays the budget out again and reports it
        made = None
    with os.fdopen(writing, "wb") as sending:
        sending.write(pickle.dumps(made, protocol=pickle.HIGHEST_PROTOCOL))
