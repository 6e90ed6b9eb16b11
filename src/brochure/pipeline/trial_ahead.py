"""Render stage: a page plan trial laid out ahead, in a forked process, on a core the build leaves
idle (one edition built alone): the plan's next two layouts at once instead of one after the other.

The child starts from the parent's state after the first layout (fonts, caches, the first layout's
breaks), lays out its budget, writes the file and sends the rendering back; the parent takes it
where it would have laid that budget out itself, and the same bytes come out (a layout is a pure
function of the content, the design and its budget: the caches only save time). Anything but a
rendering (an error, a child that died) and the parent lays the budget out itself, as it would
have: its error then names the file and line."""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from multiprocessing.connection import Connection

    from brochure.layout.page_plan import PageBudget
    from brochure.pipeline.render import Rendered

# a layout ahead is worth a process for a brochure, not for a catalogue: the child holds a second
# copy of the parent's memory while it runs (a 1 400-page edition: 250 MiB)
MAX_PAGES_AHEAD = 200


def can_lay_out_ahead(pages: int) -> bool:
    """Whether this machine and edition take a layout ahead: a fork (Linux), a second core, a
    brochure-sized edition."""
    return (sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2 and pages <= MAX_PAGES_AHEAD
            and "fork" in multiprocessing.get_all_start_methods())


class TrialAhead:
    """One budget's layout under way in a child process."""

    def __init__(self, budget: PageBudget, lay_out: Callable[[], Rendered]):
        self.budget = budget
        context = multiprocessing.get_context("fork")
        self.receiving, sending = context.Pipe(duplex=False)
        self.process = context.Process(target=_lay_out, args=(lay_out, sending), daemon=True)
        self.process.start()
        sending.close()

    def take(self, budget: PageBudget) -> Rendered | None:
        """The rendering of `budget` when it is this one's and the child made it, else None."""
        if budget != self.budget or self.process.pid is None:
            return None
        try:
            made: Rendered | None = self.receiving.recv()
        except (EOFError, OSError):
            made = None
        self.close()
        return made

    def close(self) -> None:
        """The child stopped (its layout is not needed, or taken) and its pipe closed."""
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.receiving.close()


def _lay_out(lay_out: Callable[[], Rendered], sending: Connection) -> None:
    from brochure.pipeline.render import written

    made: Rendered | None
    try:
        made = replace(written(lay_out()), unwritten=None)
    except BaseException:  # noqa: BLE001 - the parent lays the budget out again and reports it
        made = None
    sending.send(made)
    sending.close()
