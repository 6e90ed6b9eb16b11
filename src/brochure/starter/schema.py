"""Starter: JSON Schemas of the YAML files, generated from the loader itself (one source of truth):
the starter brochure is loaded while the loader notes every shape it asks for (mappings and their
keys, lists, text units, scalars, lengths, the words a value may be), then loaded again with the
files and keys it lacks laid over it (schema_sample/: editions, typography, preflight rules, a card
of every field type), and the notes become one schema per kind of file."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brochure.load.cards import load_cards
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.load.font_faces import FACE_SCHEMA
from brochure.load.typography import load_typography
from brochure.load.yaml_source import SHAPES
from brochure.preflight.profiles import load_profiles
from brochure.starter.create import create_brochure, parse_trim, schema_name
from brochure.units import _LENGTH  # the pattern parse_length reads

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "schema"
SAMPLE = Path(__file__).resolve().parent / "schema_sample"
Note = tuple[str, str, str, tuple[str, ...], tuple[str, ...]]
SEGMENT = re.compile(r"\[\d+\]|[^.\[]+")
LANGUAGE_CODE = r"^[a-z]{2,3}([_-][A-Za-z0-9]+)*$"
SCALARS = {"string", "integer", "number", "boolean"}
LENGTH = {"type": "string", "pattern": _LENGTH.pattern, "description": "a length with its unit: mm, cm, pt or in"}
# Schemas a loader module declares whole (every form of a value), named by note_declared.
DECLARED: dict[str, dict[str, Any]] = {"font-face": FACE_SCHEMA}
TEXT = {"type": "object", "description": "one text per language, keyed by code: fr: …, en: …",
        "propertyNames": {"pattern": LANGUAGE_CODE}, "additionalProperties": {"type": "string"}, "minProperties": 1}


@dataclass
class Shape:
    """What the loader asked of the values at one (generalised) key path."""

    kinds: set[str] = field(default_factory=set)
    required: list[set[str]] = field(default_factory=list)   # one set per closed-mapping request
    optional: set[str] = field(default_factory=set)
    choices: set[str] = field(default_factory=set)           # the words a string may be
    fixed: set[str] = field(default_factory=set)             # of a card: the keys every kind has
    ranges: list[tuple[str, str]] = field(default_factory=list)  # each number read: (lowest, highest)
    like: tuple[str, str] | None = None                      # (file, key path) of a mapping it changes
    resolved: dict[str, Any] | None = None                   # that mapping's schema
    declared: str | None = None                              # a schema a loader module declares (DECLARED)


def generalise(key: str, free: set[tuple[str, ...]]) -> tuple[str, ...]:
    """Key path -> schema path: list indexes become [], names under a free mapping become *."""
    path: list[str] = []
    for segment in SEGMENT.findall(key):
        if segment.startswith("["):
            path.append("[]")
        elif tuple(path) in free:
            path.append("*")
        else:
            path.append(segment)
    return tuple(path)


def shapes_by_file(notes: list[Note]) -> dict[str, dict[tuple[str, ...], Shape]]:
    free: dict[str, set[tuple[str, ...]]] = {}
    for _ in range(8):  # free mappings inside free mappings: settle the paths
        before = sum(len(paths) for paths in free.values())
        for file, key, kind, _required, _optional in notes:
            if kind == "free":
                free.setdefault(schema_name(file), set()).add(generalise(key, free.get(schema_name(file), set())))
        if sum(len(paths) for paths in free.values()) == before:
            break
    files: dict[str, dict[tuple[str, ...], Shape]] = {}
    for file, key, kind, required, optional in notes:
        name = schema_name(file)
        shape = files.setdefault(name, {}).setdefault(generalise(key, free.get(name, set())), Shape())
        shape.kinds.add(kind)
        if kind == "mapping":
            shape.required.append(set(required))
            shape.optional.update(required, optional)
        elif kind == "choice":
            shape.choices.update(required)
        elif kind == "fields":
            shape.fixed.update(required)
        elif kind in ("integer", "number"):
            low, high = required or ("", "")
            shape.ranges.append((low, high))
        elif kind == "like":
            shape.like = (optional[0], required[0])
        elif kind == "declared":
            shape.declared = required[0]
    for shapes in files.values():  # a change to a mapping of another file: any of its keys, none required
        for shape in shapes.values():
            if shape.like is not None:
                other = schema_name(shape.like[0])
                target = schema_at(generalise(shape.like[1], free.get(other, set())), files.get(other, {}))
                shape.resolved = {key: value for key, value in target.items() if key != "required"}
    return files


def schema_at(path: tuple[str, ...], shapes: dict[tuple[str, ...], Shape]) -> dict[str, Any]:
    shape = shapes.get(path)
    if shape is None:
        return {}
    if shape.declared is not None:  # every form, as the loader module declares them
        return DECLARED[shape.declared]
    alternatives = scalars(shape)
    if "text" in shape.kinds:  # one text per language (or, where the loader allows, one string for all)
        alternatives.insert(0, {"$ref": "#/$defs/text"})
        if "mapping" in shape.kinds and any("text" in keys for keys in shape.required):
            alternatives.insert(1, wrapped_text(path, shape, shapes))
    elif structure := structure_at(path, shape, shapes):  # e.g. `name: text` or `name: {type: text, …}`
        alternatives.insert(0, structure)
    if len(alternatives) > 1:
        return {"anyOf": alternatives}
    return alternatives[0] if alternatives else {}


def wrapped_text(path: tuple[str, ...], shape: Shape, shapes: dict[tuple[str, ...], Shape]) -> dict[str, Any]:
    """A mapping around texts where a text may stand too (a quote: `{text, by}`): only the keys
    that mapping declares (a text's own `id` is not one of them)."""
    wrapping = [keys for keys in shape.required if "text" in keys]
    # the wrapper's own optional keys hold texts (a text unit's own keys, its languages and id, do not)
    declared = set.union(*wrapping) | {key for key in shape.optional
                                        if (child := shapes.get(path + (key,))) and "text" in child.kinds}
    required = set.intersection(*wrapping)
    return {"type": "object", "properties": {key: schema_at(path + (key,), shapes) for key in sorted(declared)},
            "required": sorted(required), "additionalProperties": False}


def scalars(shape: Shape) -> list[dict[str, Any]]:
    """The single values the loader accepts at one place: its words if it names them, a length,
    or plain types (a number where both whole and decimal numbers are asked for)."""
    types = sorted(shape.kinds & (SCALARS | {"null"}))
    if "number" in types and "integer" in types:
        types.remove("integer")
    alternatives: list[dict[str, Any]] = []
    if shape.choices:
        alternatives.append({"enum": sorted(shape.choices)})
        types = [kind for kind in types if kind != "string"]
    if "length" in shape.kinds and "string" not in types:
        alternatives.append(LENGTH)
    if types:
        alternatives.append({"type": types[0] if len(types) == 1 else types})
        if {"integer", "number"} & set(types):
            alternatives[-1].update(limits(shape.ranges))
    return alternatives


def limits(ranges: list[tuple[str, str]]) -> dict[str, float]:
    """The range every reading of a number allows (a bound only where each reading sets one)."""
    schema: dict[str, float] = {}
    for index, keyword, pick in ((0, "minimum", min), (1, "maximum", max)):
        values = [float(bound[index]) for bound in ranges] if all(bound[index] for bound in ranges) else []
        if values:
            value = pick(values)
            schema[keyword] = int(value) if value.is_integer() else value
    return schema


def structure_at(path: tuple[str, ...], shape: Shape, shapes: dict[tuple[str, ...], Shape]) -> dict[str, Any]:
    children = sorted({candidate[len(path)] for candidate in shapes
                       if len(candidate) > len(path) and candidate[:len(path)] == path})
    if "sequence" in shape.kinds:
        return {"type": "array", "items": schema_at(path + ("[]",), shapes)}
    if "free" in shape.kinds:
        return {"type": "object", "additionalProperties": schema_at(path + ("*",), shapes)}
    if shape.resolved is not None:
        return shape.resolved
    if "fields" in shape.kinds:  # a card: its id, and fields named by its kind in the layout
        values: list[dict[str, Any]] = []
        for key in sorted(set(children) - shape.fixed):
            value = schema_at(path + (key,), shapes)
            if value and value not in values:
                values.append(value)
        return {"type": "object", "description": "a card: its id and the fields its kind names in layout/cards.yaml "
                "(text: one text per language; integer, year; date YYYY-MM-DD; money {amount, currency}; "
                "url, image; coordinates {lat, lon})",
                "properties": {key: schema_at(path + (key,), shapes) for key in sorted(shape.fixed)},
                "required": sorted(shape.fixed), "additionalProperties": {"anyOf": values}}
    if "mapping" in shape.kinds:
        properties = {key: schema_at(path + (key,), shapes) for key in sorted(shape.optional | set(children))}
        schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        required = set.intersection(*shape.required) if shape.required else set()
        if required:
            schema["required"] = sorted(required)
        return schema
    if "open" in shape.kinds:  # keys checked by hand (a font face: file, and what to take from it)
        return {"type": "object", "properties": {key: schema_at(path + (key,), shapes) for key in children}}
    return {}


def loader_notes() -> list[Note]:
    """What the loader asks of the starter brochure, then of the starter with schema_sample/ laid
    over it; only the notes on a brochure's own files (content/, layout/), not the packaged data."""
    notes: list[Note] = []
    with tempfile.TemporaryDirectory() as scratch:
        starter, sample = Path(scratch) / "brochure", Path(scratch) / "sample"
        create_brochure(starter, ["fr", "en"], parse_trim("A5"))
        shutil.copytree(starter, sample)
        shutil.copytree(SAMPLE, sample, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
        (sample / "content" / "cards" / "cities.yaml").unlink()  # its kind is the starter's layout's
        # the one-edition form of document.yaml (`edition:`, `booklet:`), still read without editions.yaml
        single = Path(scratch) / "single"
        shutil.copytree(starter, single)
        (single / "layout" / "editions.yaml").unlink()
        with (single / "layout" / "document.yaml").open("a", encoding="utf-8") as document:
            document.write("edition:\n  columns: [fr, en]\nbooklet:\n  page_multiple: 4\n")
        token = SHAPES.set(notes)
        try:
            brochure = load_content(starter / "content", starter)
            codes = tuple(language.code for language in brochure.languages)
            load_cards(starter / "content", starter, load_design(starter / "layout", starter), codes)
            load_content(sample / "content", sample)
            load_cards(sample / "content", sample, load_design(sample / "layout", sample), codes)
            load_typography(sample / "layout", {language.code: language.locale for language in brochure.languages},
                            sample)
            load_profiles(sample / "layout" / "preflight.yaml")
            load_design(single / "layout", single)
        finally:
            SHAPES.reset(token)
    return [note for note in notes if schema_name(note[0]).startswith(("content-", "layout-"))]


def generate_schemas() -> dict[str, dict[str, Any]]:
    """One JSON Schema per kind of YAML file, from what the loader asks of the starter brochure."""
    notes = loader_notes()
    schemas = {}
    for name, shapes in sorted(shapes_by_file(notes).items()):
        schema = schema_at((), shapes)
        text = json.dumps(schema)
        schemas[name] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                         "title": f"brochure: {described_files(name)}",
                         "description": "Generated from brochure's loader (brochure schema); do not edit.",
                         **schema}
        if "#/$defs/text" in text:
            schemas[name]["$defs"] = {"text": TEXT}
    return schemas


def described_files(name: str) -> str:
    """content-section -> content/sections/*.yaml; layout-styles -> layout/styles.yaml."""
    folders = {"content-section": "content/sections/*.yaml", "content-cards": "content/cards/*.yaml"}
    return folders.get(name, name.replace("-", "/", 1) + ".yaml")


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=1, ensure_ascii=False, sort_keys=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in generate_schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(schema_text(schema), encoding="utf-8")
        written.append(path)
    return written
