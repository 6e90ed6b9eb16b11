"""The user's cache folder for what a build can make once and keep (prepared fonts, parsed
hyphenation patterns, converted colours), named by what it was made from, so that the
brochure folder stays untouched. Writing is best effort: a cache that cannot be written costs
time, never the build."""

from __future__ import annotations

import contextlib
import hashlib
import json
import math
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any, TypeVar

T = TypeVar("T")


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


def read_kept(path: Path, decode: Callable[[Any], T | None]) -> T | None:
    """The kept JSON file `path` read back through `decode` (which answers None for anything its
    writer does not write); None when it is not kept or cannot be read as kept, however damaged:
    any error, NaN and infinities included, means the work is done again."""
    try:
        return decode(json.loads(path.read_bytes(), parse_constant=_not_a_number, parse_float=_finite))
    except Exception:  # noqa: BLE001 - a damaged cache costs time, never the build
        return None


def _not_a_number(name: str) -> Any:
    raise ValueError(f"{name} in a kept file")


def _finite(text: str) -> float:
    """A JSON number as json reads it (float(text)), refused when too large for a float: 1e999
    would read as an infinity, which no writer of a kept file writes."""
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} in a kept file")
    return value


def source_digest(*modules: ModuleType) -> str | None:
    """The digest of these modules' source files, for a cache of what their code computes (a
    changed algorithm computes again); None when a source is not a readable file (a zipped
    install): then nothing should be kept."""
    digest = hashlib.sha256()
    try:
        for module in modules:
            digest.update(Path(module.__file__ or "").read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def code_digest(*relatives: str) -> str | None:
    """The digest of brochure's own files at these paths (relative to the package; a folder: every
    file under it), each with its path, for a cache of what that code computes; None when one
    cannot be read (a zipped install): then nothing should be kept."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    try:
        for relative in relatives:
            path = package / relative
            files = sorted(file for file in path.rglob("*") if file.is_file() and "__pycache__" not in file.parts) \
                if path.is_dir() else [path]
            for file in files:
                digest.update(file.relative_to(package).as_posix().encode("utf-8") + b"\0" + file.read_bytes())
    except OSError:
        return None
    return digest.hexdigest()


def mark_used(path: Path) -> None:
    """Mark the kept file at `path` used now: pruned last."""
    with contextlib.suppress(OSError):
        os.utime(path)


def prune(folder: Path, max_bytes: int, suffix: str) -> None:
    """Remove the kept files (those whose names end in `suffix`) used longest ago until they take
    at most `max_bytes` of `folder`."""
    try:
        kept = [(entry.stat().st_mtime, entry.stat().st_size, Path(entry.path)) for entry in os.scandir(folder)
                if entry.name.endswith(suffix)]
    except OSError:
        return
    total = sum(size for _, size, _ in kept)
    for _, size, path in sorted(kept):
        if total <= max_bytes:
            break
        try:
            path.unlink()
        except OSError:
            continue
        total -= size
