"""Render stage: a build that another thread may stop between two flowables (`brochure watch`
builds the editions nobody is looking at in the background, and the next save stops them)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

_current = threading.local()  # the event that stops the builds of this thread, if any


class Cancelled(Exception):  # a signal from the watch, not an error: one message argument, as
    """The build was stopped by a newer save."""  # reportlab rebuilds an exception from its message


@contextmanager
def cancelled_by(event: threading.Event) -> Iterator[None]:
    """Builds made in this thread inside the block stop (raise Cancelled) once `event` is set."""
    _current.event = event
    try:
        yield
    finally:
        _current.event = None


def stop_if_cancelled() -> None:
    """Called by the document template before each flowable: cheap when nothing can cancel."""
    event = getattr(_current, "event", None)
    if event is not None and event.is_set():
        raise Cancelled("stopped by a newer save")
