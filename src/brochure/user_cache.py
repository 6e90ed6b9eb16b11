"""The user's cache folder for what a build can make once and keep (prepared fonts, parsed
hyphenation patterns, converted colours), named by what it was made from, so that the
brochure folder stays untouched. Writing is best effort: a cache that cannot be written costs
time, never the build."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def cache_folder(kind: str = "fonts") -> Path:
    """$XDG_CACHE_HOME/brochure/<kind>, or ~/.cache/brochure/<kind>."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "brochure" / kind


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
