"""Fonts: prepared fonts kept in the user's cache folder (brochure.user_cache), named by what
they were made from, so that a conversion runs once per font file."""

from __future__ import annotations

from collections.abc import Callable

from brochure.user_cache import cache_folder, keep


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
