"""Translate: a hand-written file's bytes kept when an import or an export adds lines to it.

ruamel.yaml's round trip keeps comments and key order but not everything a person wrote: a BOM,
the `---` marker, CRLF line endings, `\\u` escapes, a text written over two plain lines, the
columns comments were aligned on. Its output only tells which lines were added or changed: the
file written is the original's lines with those, and the result is checked to read as the round
trip's. A line that cannot be kept so is refused (the file is left as it is), saying which.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

BOM = "\ufeff"
KEY = re.compile(r"\s*(?:- )*(?:[\w.-]+|\"[^\"]*\"|'[^']*'):(?:\s|$)")  # a line that starts a key: value
LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
Line = tuple[str, str | None]  # a line and its ending (None: a new line, ended as the file's lines are)


@dataclass(frozen=True)
class Written:
    """How a file was written: its byte order mark, line ending and lines (without endings)."""

    bom: str
    newline: str
    lines: tuple[str, ...]
    endings: tuple[str, ...]  # each line's own ending ("" for a last line without one)

    @staticmethod
    def of(text: str) -> Written:
        bom = BOM if text.startswith(BOM) else ""
        body = text[len(bom):]
        raw = LINE.findall(body)  # not str.splitlines: U+2028 or a form feed inside a text is not a line end
        lines = tuple(line.rstrip("\r\n") for line in raw)
        endings = tuple(line[len(kept):] for line, kept in zip(raw, lines, strict=True))
        crlf = sum(1 for ending in endings if ending == "\r\n")
        newline = "\r\n" if crlf * 2 > len(endings) else "\n"
        return Written(bom, newline, lines, endings)

    @functools.cached_property
    def pairs(self) -> tuple[Line, ...]:
        """Each line with its ending (the same objects every time: they are told apart by identity)."""
        return tuple(zip(self.lines, self.endings, strict=True))

    @property
    def text(self) -> str:
        """The text as a YAML parser reads it: no mark, lines ended by line feeds."""
        return "".join(line + "\n" for line in self.lines)


def _groups(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped by the key each starts (with the lines that continue its value)."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and not KEY.match(line[0]) and line[0].strip() and not line[0].lstrip().startswith("#"):
            groups[-1].append(line)
        else:
            groups.append([line])
    return groups


def _signature(group: list[Line]) -> str:
    match = KEY.match(group[0][0])
    return match[0].rstrip() if match else group[0][0]


def _merged(kept: list[Line], added: list[Line], keys: set[str]) -> list[Line]:
    """A rewritten run of lines as the original's, key by key: a key the round trip only wrote
    again (joined lines, an escape written out, a comment moved) keeps its lines; a key the
    changes set, or a new one, takes the new lines."""
    old, new = _groups(kept), _groups(added)
    result: list[Line] = []
    matcher = difflib.SequenceMatcher(None, [_signature(group) for group in old],
                                      [_signature(group) for group in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for old_group, new_group in zip(old[i1:i2], new[j1:j2], strict=True):
                key = _signature(new_group).lstrip("- ").rstrip(":")
                result += new_group if key in keys else old_group
        elif tag == "insert":
            result += [line for group in new[j1:j2] for line in group]
        elif tag == "delete":
            result += [line for group in old[i1:i2] for line in group]
        else:
            result += [line for group in new[j1:j2] for line in group]
    return result


def _runs(numbers: list[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as (start, end) ranges: [3, 4, 7] -> [(3, 5), (7, 8)]."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and runs[-1][1] == number:
            runs[-1] = (runs[-1][0], number + 1)
        else:
            runs.append((number, number + 1))
    return runs


class UnkeptLine(Exception):
    """A line of the hand-written file the change would rewrite (not only add to)."""

    def __init__(self, number: int, line: str):
        super().__init__(f"line {number} ({line.strip()[:60]!r})")
        self.number = number
        self.line = line


def keep_written(original: str, changed: str, same_data: Callable[[str], bool],
                 may_change: Callable[[tuple[str, ...], int, int], bool], keys: set[str] | None = None) -> str:
    """`changed` (the round trip's text of `original` with the changes) as `original`'s lines with
    only the lines it adds or changes: `same_data(text)` tells a candidate reads as `changed`;
    `may_change(lines, start, end)` tells original lines[start:end] are ones the changes replace (a translation
    written again, a one-line unit a language is added to). UnkeptLine when another line of the
    original would have to be rewritten. `keys`: the keys the changes set (their lines may change)."""
    written = Written.of(original)
    new = Written.of(changed).lines
    blocks = difflib.SequenceMatcher(None, written.lines, new, autojunk=False).get_opcodes()

    def options(tag: str, i1: int, i2: int, j1: int, j2: int) -> list[list[Line]]:
        kept: list[Line] = list(written.pairs[i1:i2])
        added: list[Line] = [(line, None) for line in new[j1:j2]]
        if tag == "equal" or tag == "delete":  # what the round trip drops (`---`) is kept
            return [kept]
        if tag == "insert":
            return [added]
        extra = j2 - j1 - (i2 - i1)
        choices = [_merged(kept, added, keys or set()), kept]
        if extra > 0:
            choices += [kept + added[len(added) - extra:], added[:extra] + kept]
        return choices + [added]

    first = [options(*block)[0] for block in blocks]  # usually right at once: one parse for the file
    if same_data("".join(line + "\n" for part in first for line, _ in part)):
        return _joined(written, first, may_change, blocks)
    chosen: list[list[Line]] = []
    for index, block in enumerate(blocks):
        later = [line for tag, i1, i2, j1, j2 in blocks[index + 1:] for line in options(tag, i1, i2, j1, j2)[-1]]
        candidates = options(*block)
        for candidate in candidates:
            text = "".join(line + "\n" for part in (*chosen, candidate) for line, _ in part) + \
                "".join(line + "\n" for line, _ in later)
            if candidate is candidates[-1] or same_data(text):
                break
        chosen.append(candidate)
    result = _joined(written, chosen, may_change, blocks)
    if not same_data(Written.of(result).text):
        raise UnkeptLine(1, written.lines[0] if written.lines else "")
    return result


def _joined(written: Written, chosen: list[list[Line]], may_change: Callable[[tuple[str, ...], int, int], bool],
            blocks: Sequence[tuple[str, int, int, int, int]]) -> str:
    """The file's text from the lines chosen for each block; UnkeptLine when an original line
    dropped is not one the changes may replace."""
    for part, (_, i1, i2, _, _) in zip(chosen, blocks, strict=True):
        kept = {id(line) for line in part}
        dropped = [number for number in range(i1, i2) if id(written.pairs[number]) not in kept]
        for start, end in _runs(dropped):
            if not may_change(written.lines, start, end):
                raise UnkeptLine(start + 1, written.lines[start])
    flat = [line for part in chosen for line in part]
    return written.bom + "".join(line + (ending if ending or (number == len(flat) - 1 and ending is not None)
                                         else written.newline)
                                 for number, (line, ending) in enumerate(flat))
