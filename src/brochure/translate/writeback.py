"""Translate: write unit ids and translations into the content YAML, keeping everything else.

ruamel.yaml's round trip keeps comments, key order, quoting and folded scalars, so a diff of
an import shows only the lines added or changed. Files are changed together or not at all:
every new text is made in memory first, then each file is replaced atomically.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import textwrap
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString

from brochure.errors import ContentError, Location, OutputError
from brochure.translate.line_keeping import UnkeptLine, Written, keep_written

FOLD_WIDTH = 79  # new folded texts wrap like the hand-written ones (line length with indent)


@dataclass(frozen=True)
class Change:
    """Set `key` (a language code, or "id") of the text unit at `location`."""

    location: Location
    key: str
    value: str
    unit_id: str = ""   # the unit's id and its text in the first language, checked again just before
    source: str = ""    # writing: a designer's save since the content was read may have moved it


def round_trip_yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap existing lines
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def key_path(key: str) -> list[str | int]:
    return [int(part[1:-1]) if part.startswith("[") else part for part in re.findall(r"\[\d+\]|[^.\[\]]+", key)]


def folded(text: str, key_column: int, indent: int) -> FoldedScalarString | str:
    """A long text as a folded block (`>-`) wrapped at FOLD_WIDTH, a short one as it is
    (`key_column`: where its key starts; `indent`: where the folded lines start)."""
    if key_column + 4 + len(text) <= FOLD_WIDTH or "\n" in text:
        return text
    lines = textwrap.wrap(text, FOLD_WIDTH - indent, break_long_words=False, break_on_hyphens=False)
    if " ".join(lines) != text:  # double spaces or the like: folding would change the text
        return text
    scalar: FoldedScalarString = FoldedScalarString(text)
    positions, offset = [], 0
    for line in lines[:-1]:
        offset += len(line)
        positions.append(offset)
        offset += 1
    scalar.fold_pos = positions  # type: ignore[attr-defined]  # where the folded lines break
    return scalar


@contextlib.contextmanager
def content_lock(content: Path) -> Iterator[None]:
    """Hold the content folder for one writer at a time (an import, an export writing ids): a
    second one waits, then reads what the first wrote. An advisory lock on the folder itself
    (flock), so nothing is left behind; where the system has none, nothing is locked."""
    try:
        import fcntl
    except ImportError:  # not a POSIX system
        yield
        return
    try:
        handle = os.open(content, os.O_RDONLY)
    except OSError as error:
        raise OutputError(f"cannot open the content folder {content}: {error.strerror}") from None
    try:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)  # closing releases the lock


def apply_changes(root: Path, changes: list[Change], languages: tuple[str, ...],
                  read: dict[Path, str] | None = None) -> dict[Path, str]:
    """The new text of every file `changes` touch (nothing is written); `read` receives each
    file's text as it was read, for `write_files` to check nobody saved it since."""
    yaml = round_trip_yaml()
    by_file: dict[str, list[Change]] = {}
    for change in changes:
        by_file.setdefault(change.location.file, []).append(change)
    results: dict[Path, str] = {}
    for shown, file_changes in sorted(by_file.items()):
        path = root / shown
        original = _read_exactly(path)
        if read is not None:
            read[path] = original
        document = yaml.load(Written.of(original).text)  # without a BOM, lines ended by line feeds
        for change in file_changes:
            try:
                unit = _find(document, change.location, languages, change.source)
            except ContentError:
                if not change.source:
                    raise
                unit = _search(document, change, languages)
            if change.source and not _holds(unit, change, languages):
                unit = _search(document, change, languages)
            _set(unit, change, languages)
        stream = io.StringIO()
        yaml.dump(document, stream)
        results[path] = _kept(original, stream.getvalue(), file_changes, shown)
    return results


def _kept(original: str, changed: str, changes: list[Change], shown: str) -> str:
    """`changed` written as the hand-written `original` with lines added (see line_keeping), or
    a ContentError naming the line that could not be kept: the file is then not touched."""
    wanted = yaml_data(changed)
    keys = {change.key for change in changes}
    sources = {_normal(change.source) for change in changes if change.source}

    def sets(line: str) -> bool:
        body = line.lstrip()
        body = body[2:] if body.startswith("- ") else body
        return "{" in line or any(body.startswith(f"{key}:") for key in keys) or \
            any(source in _normal(line) for source in sources)

    def may_change(lines: tuple[str, ...], start: int, end: int) -> bool:
        """Lines start..end are those of a unit the changes write: a key they set with its
        continuation lines (its key line may be before them), a one-line `{…}` unit, a string
        written once for every language (now one per language)."""
        index = start
        owner = next((number for number in range(start - 1, -1, -1)
                      if lines[number].strip() and _indent(lines[number]) < _indent(lines[start])), None)
        if owner is not None and sets(lines[owner]):
            while index < end and (not lines[index].strip() or _indent(lines[index]) > _indent(lines[owner])):
                index += 1
        while index < end:
            if not sets(lines[index]):
                return False
            indent = _indent(lines[index])
            index += 1
            while index < end and (not lines[index].strip() or _indent(lines[index]) > indent):
                index += 1
        return True

    try:
        return keep_written(original, changed, lambda text: yaml_data(text) == wanted, may_change, keys)
    except UnkeptLine as unkept:
        raise ContentError(f"cannot add the lines without rewriting line {unkept.number} as written "
                           f"({unkept.line.strip()[:60]!r}): the file was not changed", Location(shown, unkept.number),
                           "write that text on one line or as a `>-` block, plainly, and run again") from None


def _read_exactly(path: Path) -> str:
    """A file's text with its line endings as they are (CRLF kept)."""
    with path.open(encoding="utf-8", newline="") as stream:
        return stream.read()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def yaml_data(text: str) -> object:
    """What a YAML text means (None when it does not parse): two writings of it compare equal."""
    import yaml

    from brochure.load.yaml_source import safe_data

    try:
        # the safe loader, libyaml's when PyYAML has it: a big file is compared a few times
        return safe_data(text)
    except yaml.YAMLError:
        return None


def _find(document: Any, location: Location, languages: tuple[str, ...] = (), expected: str = "") -> CommentedMap:
    """The mapping of the unit at `location`. A string written once for every language (an
    address line) becomes a one-line mapping of that string in each of `languages`, so that
    one of them can differ (France, Frankreich)."""
    node, parent, last = document, None, None
    try:
        for part in key_path(location.key or ""):
            parent, last = node, part
            node = node[part]
    except (KeyError, IndexError, TypeError):
        node = None
    if isinstance(node, str) and expected and _normal(node) != _normal(expected):
        node = None  # another string is there now: the caller looks for the unit
    if isinstance(node, str) and parent is not None and languages:
        mapping = CommentedMap((code, str(node)) for code in languages)
        mapping.fa.set_flow_style()
        parent[last] = mapping
        node = mapping
    if not isinstance(node, CommentedMap):
        raise ContentError("the text unit is no longer where it was read", location,
                           "the file changed during the import: run it again")
    return node


def _normal(text: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(text)).split())


def _holds(unit: CommentedMap, change: Change, languages: tuple[str, ...]) -> bool:
    """Whether `unit` is still the unit `change` was made for: its id, else its first language's text."""
    if "id" in unit and change.unit_id and unit.get("id") != change.unit_id:
        return False
    return bool(languages) and _normal(unit.get(languages[0], "")) == _normal(change.source)


def _search(document: Any, change: Change, languages: tuple[str, ...]) -> CommentedMap:
    """The unit `change` was made for, moved since the content was read (a designer's save):
    the one mapping with its id, else the one with its first language's text."""
    found: list[CommentedMap] = []
    stack = [document]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedMap):
            if _holds(node, change, languages):
                found.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    by_id = [node for node in found if change.unit_id and node.get("id") == change.unit_id]
    if len(by_id) == 1 or len(found) == 1:
        return (by_id or found)[0]
    raise ContentError(f"the text unit {change.unit_id} changed or moved during the import", change.location,
                       "the file was saved while importing: run the import again")


def _set(unit: CommentedMap, change: Change, languages: tuple[str, ...]) -> None:
    flow = unit.fa.flow_style()
    column = (change.location.column or 1) - 1
    value: Any = change.value if flow or change.key == "id" else folded(change.value, column, column + 2)
    if change.key in unit:
        unit[change.key] = value
        return
    if change.key in languages and not flow:  # after the languages that come before it
        rank = languages.index(change.key)
        before = [key for key in unit if key in languages and languages.index(key) < rank]
        position = list(unit).index(before[-1]) + 1 if before else len(unit)
    else:  # an id, or any key of a one-line `{…}` unit, goes last: the old text stays as it was
        position = len(unit)
    unit.insert(position, change.key, value)
    if position == len(unit) - 1 and position > 0:
        _move_trailing_comment(unit, list(unit)[position - 1], change.key, isinstance(value, FoldedScalarString))


def _move_trailing_comment(unit: CommentedMap, previous: str, new: str, block: bool = False) -> None:
    """Comment lines after the mapping's old last key belong after the new last key: keep
    only the old key's end-of-line comment on it. After a `block` scalar (`>-`), which ends
    its own line, they follow without a line break of their own (else a blank line appears)."""
    tokens = unit.ca.items.get(previous)
    if not tokens or len(tokens) < 3 or tokens[2] is None:
        return
    token = tokens[2]
    if isinstance(unit[previous], (FoldedScalarString, LiteralScalarString)):
        end_of_line, following = "", token.value  # a block scalar ends its own line: all of it follows
        tokens[2] = None
    else:
        end_of_line, _, following = token.value.partition("\n")
        if not following:
            return
        token.value = end_of_line + "\n"
    unit.ca.items[new] = [None, None, type(token)(("" if block else "\n") + following, token.start_mark, None), None]


def write_files(files: dict[Path, str], read: dict[Path, str] | None = None) -> None:
    """Replace every file, or none: all temporary files are written before any rename. A file
    of `read` saved by someone else since it was read is not overwritten (nothing is written)."""
    staged: list[tuple[str, Path]] = []
    try:
        for path, text in (read or {}).items():
            if _read_exactly(path) != text:
                raise ContentError("the file was saved during the import: nothing was written",
                                   Location(path.name), "run the import again")
        for path, text in files.items():
            handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            staged.append((temporary, path))
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
                stream.write(text)
            if path.exists():
                os.chmod(temporary, path.stat().st_mode & 0o777)
        for temporary, path in staged:
            os.replace(temporary, path)
    except OSError as error:
        for temporary, _ in staged:
            Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write the content: {error}", hint="check the content folder is writable") from None
