"""Fonts: prepared fonts kept in the user's cache folder, named by what they were made from,
so that a conversion runs once per font file and the brochure folder stays untouched. (The
hyphenation patterns parsed from pyphen's dictionaries are kept there too, with keep().)"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path


def cache_folder(kind: str = "fonts") -> Path:
    """$XDG_CACHE_HOME/brochure/<kind>, or ~/.cache/brochure/<kind>."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brochure" / kind


def cached(key: str, make: Callable[[], bytes], usable: Callable[[bytes], bool]) -> bytes:
    """The bytes kept under `key` if `usable`, or `make()`'s, kept for next time. A cache that
    cannot be written (read-only, full) costs time, never the build."""
    path = cache_folder() / f"{key}.ttf"
    try:
        kept = path.read_bytes()
        if usable(kept):
            return kept
    except OSError:
        pass
    data = make()
    keep(path, data)
    return data


def keep(path: Path, data: bytes) -> None:
    """Write `data` to the cache file `path`, or nothing if the cache cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)  # whole or not at all, also with builds running side by side
    except OSError:
        Path(temporary).unlink(missing_ok=True)
