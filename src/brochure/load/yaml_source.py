"""Load stage: safe YAML parsing into nodes that remember their file, line and key path."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from brochure.errors import BrochureError, ErrorList, Location
from brochure.kept import Kept
from brochure.load.paths import within_brochure

T = TypeVar("T")
Choice = TypeVar("Choice", bound=StrEnum)  # a word the YAML must say, as an enum of the model

# a catalogue of a few thousand cards in five languages is a few MB; far more is not a brochure file
MAX_FILE_BYTES = 8_000_000
MAX_NODES = 200_000
COUNTED_FIRST = 500_000  # characters: a longer file has its values counted before it is parsed

# libyaml's parser when PyYAML was built with it (the wheels are): the same node trees and line
# marks, about 4× faster than the pure-Python one. Tags are resolved by PyYAML's Python resolver
# either way, so a value is read the same. Its composer recurses in C without a depth check (tens of
# thousands of nested brackets crash the interpreter), so a text that could nest that deep, having
# more than MAX_C_FLOW_OPENINGS brackets and braces in all, has its depth measured first from
# libyaml's events (its parser keeps its own stack: no recursion), and only one nested deeper than
# MAX_C_DEPTH is read by the Python loader, which stops at Python's recursion limit. A catalogue
# of a thousand cards written `{fr: …, en: …}` has thousands of braces but is three deep.
FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_C_FLOW_OPENINGS = 2_000
MAX_C_DEPTH = 500


class ProblemCollector:
    """Reads item by item, keeping every problem so that a run reports all of them."""

    def __init__(self) -> None:
        self.errors: list[BrochureError] = []

    def collect(self, read: Callable[[], T]) -> T | None:
        """The value `read()` returns, or None with its problems kept."""
        try:
            return read()
        except ErrorList as errors:
            self.errors.extend(errors.errors)
        except BrochureError as error:
            self.errors.append(error)
        return None


# Unicode's control characters (category Cc: U+0000-001F, U+007F-009F) but line feed and tab
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

# YAML's own reading of a resolved scalar (0x1F, 1_000, 1e3, yes/no…), without a loader per value
SCALARS = yaml.constructor.SafeConstructor()

# While a JSON Schema is generated (brochure.starter.schema), the shapes the loader asks for, as
# (file, key path, kind, required keys, optional keys); None otherwise, and then nothing is kept.
# Kinds: mapping (closed), open, free (keys named by the user), fields (a card: "id" and the keys its
# kind names), sequence, text, string, choice (the words allowed, in the required slot), integer and
# number (their lowest and highest values allowed, in the required slot), boolean, null, length,
# like (any keys of the mapping at (key path,) in (file,), e.g. an edition's change to a map style),
# declared (a value whose every form a loader module declares, named in the required slot: its
# schema is that module's, not traced from the samples; e.g. "font-face").
SHAPES: ContextVar[list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] | None] = ContextVar(
    "brochure_loader_shapes", default=None)


def bounds(low: float | None, high: float | None) -> tuple[str, str]:
    """A number's range as noted for the JSON Schema (empty: no bound)."""
    return ("" if low is None else repr(low), "" if high is None else repr(high))


def note_shape(node: Node, kind: str, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> None:
    shapes = SHAPES.get()
    if shapes is not None:
        shapes.append((node.file, node.key, kind, required, optional))


def note_declared(node: Node, key: str, declared: str) -> None:
    """The value at `key` of this mapping (present or not) has the declared schema `declared`."""
    shapes = SHAPES.get()
    if shapes is not None:
        shapes.append((node.file, f"{node.key}.{key}" if node.key else key, "declared", (declared,), ()))


@dataclass(frozen=True)
class Node:
    """A YAML node with where it came from; accessors raise errors that point at it."""

    node: yaml.Node
    file: str
    key: str
    error_type: type[BrochureError]

    @property
    def location(self) -> Location:
        mark = self.node.start_mark
        return Location(self.file, mark.line + 1, mark.column + 1, self.key or None)

    def fail(self, message: str, hint: str | None = None) -> BrochureError:
        subject = f"'{self.key}': " if self.key else ""
        return self.error_type(subject + message, self.location, hint)

    def child(self, node: yaml.Node, key: str) -> Node:
        path = f"{self.key}.{key}" if self.key and not key.startswith("[") else f"{self.key}{key}"
        return Node(node, self.file, path, self.error_type)

    # -- shapes -------------------------------------------------------------

    def mapping(self, required: tuple[str, ...] = (), optional: tuple[str, ...] = ()) -> dict[str, Node]:
        """The node as a mapping; unknown, duplicate and missing keys are errors."""
        note_shape(self, "mapping" if required or optional else "open", required, optional)
        if not isinstance(self.node, yaml.MappingNode):
            raise self.fail(f"expected a mapping of keys, got {describe(self.node)}")
        allowed = set(required) | set(optional)
        result: dict[str, Node] = {}
        for key_node, value_node in self.node.value:
            key = scalar_text(key_node)
            child = self.child(value_node, key)
            if key in result:
                raise Node(key_node, self.file, child.key, self.error_type).fail(
                    "duplicate key", "each key may appear once in a mapping")
            if allowed and key not in allowed:
                raise Node(key_node, self.file, child.key, self.error_type).fail(
                    "unknown key", did_you_mean(key, sorted(allowed)))
            result[key] = child
        missing = [key for key in required if key not in result]
        if missing:
            raise self.fail(f"missing key '{missing[0]}'", f"add '{missing[0]}:' here")
        return result

    def items(self) -> list[tuple[str, Node]]:
        """A mapping with free keys (names chosen by the user), in file order."""
        note_shape(self, "free")
        return list(self.mapping().items())

    def is_null(self) -> bool:
        """Whether the value is null (`~`, `null` or nothing), where the loader accepts null."""
        note_shape(self, "null")
        return self.node.tag == "tag:yaml.org,2002:null"

    def sequence(self) -> list[Node]:
        note_shape(self, "sequence")
        if not isinstance(self.node, yaml.SequenceNode):
            raise self.fail(f"expected a list, got {describe(self.node)}", "list items start with '- '")
        return [self.child(item, f"[{index}]") for index, item in enumerate(self.node.value)]

    # -- scalars ------------------------------------------------------------

    def _scalar(self) -> yaml.ScalarNode:
        if not isinstance(self.node, yaml.ScalarNode):
            raise self.fail(f"expected a single value, got {describe(self.node)}")
        return self.node

    def choice(self, kind: type[Choice], what: str) -> Choice:
        """A scalar that names one of the enum's values: its member, or an error at the value's line
        naming the closest (and the values offered in the JSON Schema)."""
        values = [member.value for member in kind]
        text = self.string(values)
        try:
            return kind(text)
        except ValueError:
            raise self.fail(f"no {what} named '{text}'", did_you_mean(text, values)) from None

    def string(self, choices: Sequence[str] = ()) -> str:
        """The text of a scalar. `choices`, the words the caller accepts (it checks them itself, with
        its own message), are only noted for the JSON Schema, where editors offer them."""
        note_shape(self, "string")
        if choices:
            note_shape(self, "choice", tuple(choices))
        node = self._scalar()
        if node.tag == "tag:yaml.org,2002:null":
            raise self.fail("is empty", "write the text after the colon")
        text = unicodedata.normalize("NFC", node.value)
        control = CONTROL_CHARACTER.search(text)
        if control is not None:
            raise self.fail(f"control character U+{ord(control.group()):04X} at character {control.start() + 1}",
                            "remove it; it cannot be printed")
        return text

    def integer(self, low: int | None = None, high: int | None = None) -> int:
        note_shape(self, "integer", bounds(low, high))
        node = self._scalar()
        if node.tag != "tag:yaml.org,2002:int":
            raise self.fail(f"expected a whole number, got {node.value!r}",
                            "write digits only, without spaces or separators, e.g. 84000")
        value = int(SCALARS.construct_yaml_int(node))
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.fail(f"{value} is out of range", f"expected from {low} to {high}")
        return value

    def number(self, low: float | None = None, high: float | None = None) -> float:
        note_shape(self, "number", bounds(low, high))
        node = self._scalar()
        if node.tag not in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
            raise self.fail(f"expected a number, got {node.value!r}")
        value = float(SCALARS.construct_yaml_float(node)) \
            if node.tag.endswith(":float") else float(SCALARS.construct_yaml_int(node))
        if (low is not None and value < low) or (high is not None and value > high):
            raise self.fail(f"{value:g} is out of range", f"expected from {low:g} to {high:g}")
        return value

    def boolean(self) -> bool:
        note_shape(self, "boolean")
        node = self._scalar()
        if node.tag != "tag:yaml.org,2002:bool":
            raise self.fail(f"expected true or false, got {node.value!r}")
        return bool(SCALARS.construct_yaml_bool(node))


def merged(base: Node, override: Node) -> Node:
    """A mapping with `override`'s keys over `base`'s (the nodes keep their lines; the
    result names `base`'s file, so a caller reports a problem at the override)."""
    changes = override.mapping()
    if not isinstance(base.node, yaml.MappingNode):
        raise base.fail(f"expected a mapping of keys, got {describe(base.node)}")
    kept = [(key, value) for key, value in base.node.value if scalar_text(key) not in changes]
    combined = yaml.MappingNode(base.node.tag, kept + list(override.node.value),
                                base.node.start_mark, base.node.end_mark)
    return Node(combined, base.file, base.key, base.error_type)


def describe(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.value!r}"


def scalar_text(node: yaml.Node) -> str:
    return node.value if isinstance(node, yaml.ScalarNode) else describe(node)


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if close:
        return f"did you mean '{close[0]}'?"
    return "expected one of: " + ", ".join(choices)


def _refuse_aliases(root: yaml.Node, file: str, error_type: type[BrochureError]) -> None:
    """Walk the node graph once; a node met twice is an alias, which we refuse.

    Aliases let a small file expand into a huge document ("billion laughs"); the
    model has `parent:` for reuse, so nothing is lost by refusing them.
    """
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            mark = node.start_mark
            raise error_type("YAML anchors and aliases are not supported",
                             Location(file, mark.line + 1, mark.column + 1),
                             "write the value out, or use 'parent:' in styles")
        seen.add(id(node))
        if len(seen) > MAX_NODES:
            raise error_type(f"more than {MAX_NODES} values in one file", Location(file),
                             "split the file or check that it is what you meant")
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)


# The node trees kept for a long-lived process, by total length of their texts: a tree takes about
# 35 bytes a character with PyYAML's Python loader (marks, scalars), so a brochure's files (the example's: 69 000
# characters) stay parsed, while a catalogue of a thousand cards is parsed again rather than held
# through the whole build.
CACHED_TEXT = 200_000
WATCHED_TEXT = 4_000_000  # `brochure watch` keeps more: a brochure of a few hundred pages stays parsed


class ParsedTrees:
    """A build session's YAML node trees (pipeline/session.py), keyed by the text itself, so that a
    long-lived session (`brochure watch`) parses again only the files that changed; up to
    `characters` of text in all, the oldest forgotten first. A tree is only read afterwards."""

    def __init__(self, characters: int = CACHED_TEXT):
        self.trees: Kept[str, yaml.Node | None] = Kept(lambda text, _tree: len(text), characters)

    def __contains__(self, text: str) -> bool:
        return text in self.trees

    @property
    def kept_text(self) -> int:
        return self.trees.total

    def forget(self) -> None:
        """Let every tree go (a one-shot build once loaded: nothing reads them again)."""
        self.trees.clear()

    def composed(self, text: str) -> yaml.Node | None:
        if text in self.trees:
            return self.trees.get(text)
        return self.trees.keep(text, composed(text))


def composed(text: str) -> yaml.Node | None:
    """The YAML node tree of a file's text (the C loader unless the text nests collections deeply)."""
    return yaml.compose(text, Loader=_loader_for(text))


def safe_data(text: str) -> Any:
    """What a YAML text means, as PyYAML's safe loader reads it, libyaml's when the text cannot nest
    too deep for it (files read whole without line numbers: the format version, the translation
    store). Nesting too deep for Python is a YAMLError like any other."""
    try:
        return yaml.load(text, Loader=_loader_for(text))  # a safe loader, C or Python
    except RecursionError:
        raise yaml.YAMLError("YAML nested too deeply") from None


def _loader_for(text: str) -> type[Any]:
    shallow = text.count("[") + text.count("{") <= MAX_C_FLOW_OPENINGS or _nests_within(text, MAX_C_DEPTH)
    return FAST_LOADER if shallow else yaml.SafeLoader


def _nests_within(text: str, depth: int) -> bool:
    """Whether no collection of the text lies more than `depth` deep, read from the parser's events
    (False for a text the parser refuses: the Python loader then says why, as for any file)."""
    level = 0
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                level += 1
                if level > depth:
                    return False
            elif isinstance(event, yaml.CollectionEndEvent):
                level -= 1
    except yaml.YAMLError:
        return False
    return True


def _count_values(text: str, shown_as: str, error_type: type[BrochureError]) -> None:
    """A large file's values counted from the parser's events, before a tree of them is built (which takes
    seconds and hundreds of MB past the limit): refused at the line of the value past MAX_NODES. A syntax
    error is left to the full reading, which says it."""
    count = 0
    try:
        for event in yaml.parse(text, Loader=FAST_LOADER):
            if isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent | yaml.AliasEvent):
                count += 1
                if count > MAX_NODES:
                    mark = event.start_mark
                    where = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
                    raise error_type(f"more than {MAX_NODES:,} values in one file", where,
                                     "split the file or check that it is what you meant")
    except yaml.YAMLError:
        return


def load_yaml(path: Path, shown_as: str, error_type: type[BrochureError], trees: ParsedTrees | None = None,
              within: tuple[Path, ...] = ()) -> Node:
    """Parse one YAML file with the safe loader into a root Node (kept in `trees`, a session's, if
    given); with `within`, a file that is a link leading outside those folders is refused (as an
    image's path is)."""
    if within and not within_brochure(path, within):
        raise error_type("the file is a link that leads outside the brochure folder", Location(shown_as),
                         "copy the file into the brochure instead of linking to it")
    if path.is_dir():
        raise error_type("a folder where a YAML file is expected", Location(shown_as),
                         "rename the folder, or move it out of the content and layout folders")
    try:
        size = path.stat().st_size
    except OSError as error:
        raise error_type(f"cannot read file: {error.strerror}", Location(shown_as)) from None
    if size > MAX_FILE_BYTES:
        raise error_type(f"file is {size} bytes, more than the {MAX_FILE_BYTES} allowed",
                         Location(shown_as), "is this the right file?")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise error_type(f"not UTF-8 text (byte {error.start})", Location(shown_as),
                         "save the file as UTF-8") from None
    except OSError as error:  # removed or made unreadable since it was listed
        raise error_type(f"cannot read file: {error.strerror}", Location(shown_as)) from None
    counted = len(text) > COUNTED_FIRST or text.count("[") + text.count("{") > MAX_C_FLOW_OPENINGS
    if counted and (trees is None or text not in trees):  # a session's tree was counted when parsed
        _count_values(text, shown_as, error_type)
    try:
        root = composed(text) if trees is None else trees.composed(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = Location(shown_as, mark.line + 1, mark.column + 1) if mark else Location(shown_as)
        problem = error.problem or error.context or "YAML syntax error"
        raise error_type(f"YAML syntax error: {problem}", where,
                         "check the indentation and quote text that contains ': ' or '#'") from None
    except yaml.YAMLError as error:
        raise error_type(f"YAML error: {error}", Location(shown_as)) from None
    except RecursionError:
        raise error_type("YAML nested too deeply", Location(shown_as),
                         "a brochure needs a few levels of nesting; check the brackets and indentation") from None
    if root is None:
        raise error_type("file is empty", Location(shown_as))
    _refuse_aliases(root, shown_as, error_type)
    return Node(root, shown_as, "", error_type)
