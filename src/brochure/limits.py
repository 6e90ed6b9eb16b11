"""Limits on what a brochure's files and the files sent back by translators may ask of a build,
an import or a preview. Each is far above what a real brochure needs (the first brochure's longest
text is about 1 200 characters, its longest section 40 blocks) and far below what would take
minutes or gigabytes; each refusal is a user error at the file and line that passes it, before
the work starts. The README's "Limits" lists them."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from brochure.errors import ContentError, Location


class ReadUnit(Protocol):
    """What the import's size check reads of a unit read from an exchange file."""

    @property
    def id(self) -> str: ...
    @property
    def target(self) -> str: ...
    @property
    def where(self) -> str: ...

MAX_TEXT_CHARACTERS = 20_000       # one text in one language: a paragraph of 3 000 words
MAX_SECTION_BLOCKS = 2_000         # blocks in one section file
MAX_EXCHANGE_BYTES = 64 * 2 ** 20  # an XLIFF or PO file read by `translate import`
MAX_PREVIEW_PIXELS = 60_000_000    # one page rendered by `preview` (an A0 poster at 150 dpi: 26 million)
MAX_WARNINGS_PRINTED = 20          # warnings of one kind printed; then their count
MAX_KEPT_IMAGE_PIXELS = 60_000_000 # prepared images kept in memory for reuse, in all (240 MB of CMYK)


def too_long(text: str) -> str | None:
    """What is wrong with a text's length, or None."""
    if len(text) <= MAX_TEXT_CHARACTERS:
        return None
    return f"the text is {len(text):,} characters long, more than the {MAX_TEXT_CHARACTERS:,} one text may have"


def check_exchange_file(path: Path) -> None:
    """An exchange file larger than any brochure's is refused before it is read."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it says what is wrong
    if size > MAX_EXCHANGE_BYTES:
        raise ContentError(f"the file is {size:,} bytes, more than the {MAX_EXCHANGE_BYTES // 2 ** 20} MB an "
                           "exchange file may have", Location(str(path)), "is this the file exported for it?")


def check_targets(units: Sequence[ReadUnit], path: Path) -> None:
    """A translation longer than one text may be is refused at its line in the file, before it is matched."""
    for unit in units:
        problem = too_long(unit.target)
        if problem is not None:
            raise ContentError(f"unit {unit.id or '(no id)'}: {problem}", _location(unit.where, path),
                               "split the source into paragraphs and export again")


def _location(where: str, path: Path) -> Location:
    file, _, line = where.rpartition(":")
    return Location(file, int(line)) if file and line.isdigit() else Location(where or str(path))


def shown_at_most(lines: list[str], limit: int | None = MAX_WARNINGS_PRINTED) -> list[str]:
    """The first `limit` lines and one that counts the rest (None: all)."""
    if limit is None or len(lines) <= limit:
        return lines
    return [*lines[:limit], f"… and {len(lines) - limit:,} more like these (not shown)"]
