"""Watch: which pages of a PDF differ from the previous build (their content streams), and which
changed files are worth a rebuild."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

IGNORED_SUFFIXES = (".swp", ".swx", ".tmp", "~", ".bak", ".part")


def page_fingerprints(pdf: bytes) -> list[str]:
    """One hash per page of what it draws: equal hashes, same page."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(pdf))
    fingerprints = []
    for page in reader.pages:
        contents = page.get_contents()
        fingerprints.append(hashlib.sha1(contents.get_data() if contents is not None else b"").hexdigest())
    return fingerprints


def changed_pages(before: list[str], after: list[str]) -> list[int]:
    """1-based numbers of the pages of `after` that are new or differ from `before`."""
    return [number for number, fingerprint in enumerate(after, start=1)
            if number > len(before) or before[number - 1] != fingerprint]


def worth_a_rebuild(path: Path, ignored: tuple[Path, ...]) -> bool:
    """Not an editor's swap or backup file, not a hidden file, not in the output folder."""
    name = path.name
    if name.startswith((".", "#")) or name.endswith(IGNORED_SUFFIXES):
        return False
    return not any(path == folder or folder in path.parents for folder in ignored)
