"""Typeset stage: pyphen's hyphenation patterns, parsed once per dictionary and kept in the user's
cache folder. pyphen parses a dictionary's text on every start (43 ms for en_GB, the larger part of
a cold build's hyphenation); the parsed patterns read back from JSON in a third of that."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pyphen

from brochure.user_cache import cache_folder, keep

FORMAT = 1  # of the kept file; with pyphen's version in the key, a new pyphen parses again


def dictionary(language: str, left: int, right: int) -> pyphen.Pyphen:
    """pyphen's hyphenator of `language` (a key of pyphen.LANGUAGES), its patterns from the cache
    when they were kept before; as pyphen.Pyphen(lang=language, left=left, right=right)."""
    path = Path(pyphen.LANGUAGES[language])
    if path not in pyphen.hdcache:  # pyphen's own per-process cache, filled from ours
        parsed = _kept_patterns(path)
        if parsed is not None:
            pyphen.hdcache[path] = parsed
    return pyphen.Pyphen(lang=language, left=left, right=right)


def _kept_patterns(path: Path) -> pyphen.HyphDict | None:
    """The dictionary at `path` parsed, from the cache or parsed now and kept; None when pyphen
    should parse it itself (unreadable file, or patterns that JSON cannot hold)."""
    try:
        text = path.read_bytes()
    except OSError:
        return None
    key = hashlib.sha256(text + f";pyphen {pyphen.__version__};{FORMAT}".encode()).hexdigest()
    kept = cache_folder("hyphenation") / f"{key}.json"
    try:
        return _from_json(json.loads(kept.read_bytes()))
    except (OSError, ValueError, TypeError, KeyError, AttributeError):
        pass  # not kept yet, or not readable as kept: parse it
    parsed = pyphen.HyphDict(path)
    patterns = _to_json(parsed)
    if patterns is not None:
        keep(kept, json.dumps(patterns, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return parsed


def _to_json(parsed: pyphen.HyphDict) -> dict[str, Any] | None:
    """The patterns as {"maxlen": n, "patterns": {letters: [start, "digits"]}}; None for a
    dictionary with non-standard hyphenation (its values carry data JSON does not keep)."""
    patterns = {}
    for letters, (start, values) in parsed.patterns.items():
        if any(isinstance(value, pyphen.DataInt) or not 0 <= value <= 9 for value in values):
            return None
        patterns[letters] = [start, "".join(map(str, values))]
    return {"format": FORMAT, "maxlen": parsed.maxlen, "patterns": patterns}


def _from_json(kept: dict[str, Any]) -> pyphen.HyphDict:
    """A HyphDict with the kept patterns, as pyphen.HyphDict.__init__ leaves one."""
    if kept["format"] != FORMAT or not isinstance(kept["maxlen"], int):
        raise ValueError("another format")
    parsed = pyphen.HyphDict.__new__(pyphen.HyphDict)
    parsed.patterns = {letters: (int(start), tuple(map(int, digits)))
                       for letters, (start, digits) in kept["patterns"].items()}
    parsed.cache = {}
    parsed.maxlen = kept["maxlen"]
    return parsed
