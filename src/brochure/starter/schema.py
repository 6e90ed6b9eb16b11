"""Starter: JSON Schemas of the YAML files, generated from the loader itself (one source of truth):
the starter brochure is loaded while the loader notes every shape it asks for (mappings and their
keys, lists, text units, scalars), and the notes become one schema per kind of file."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.load.yaml_source import SHAPES
from brochure.starter.create import create_brochure, parse_trim, schema_name

SHIPPED = Path(__file__).resolve().parent.parent / "data" / "schema"
SEGMENT = re.compile(r"\[\d+\]|[^.\[]+")
LANGUAGE_CODE = r"^[a-z]{2,3}([_-][A-Za-z0-9]+)*$"
SCALARS = {"string", "integer", "number", "boolean"}
TEXT = {"type": "object", "description": "one text per language, keyed by code: fr: …, en: …",
        "propertyNames": {"pattern": LANGUAGE_CODE}, "additionalProperties": {"type": "string"}, "minProperties": 1}


@dataclass
class Shape:
    """What the loader asked of the values at one (generalised) key path."""

    kinds: set[str] = field(default_factory=set)
    required: list[set[str]] = field(default_factory=list)   # one set per closed-mapping request
    optional: set[str] = field(default_factory=set)


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


def shapes_by_file(notes: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]]
                   ) -> dict[str, dict[tuple[str, ...], Shape]]:
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
    return files


def schema_at(path: tuple[str, ...], shapes: dict[tuple[str, ...], Shape]) -> dict[str, Any]:
    shape = shapes.get(path)
    if shape is None:
        return {}
    if "text" in shape.kinds:
        return {"$ref": "#/$defs/text"}
    types = sorted(shape.kinds & (SCALARS | {"null"}))
    if "number" in types and "integer" in types:
        types.remove("integer")
    scalar: dict[str, Any] = {"type": types[0] if len(types) == 1 else types} if types and types != ["null"] else {}
    structure = structure_at(path, shape, shapes)
    if structure and scalar:  # a value written either way, e.g. `name: text` or `name: {type: text, …}`
        return {"anyOf": [structure, scalar]}
    return structure or scalar


def structure_at(path: tuple[str, ...], shape: Shape, shapes: dict[tuple[str, ...], Shape]) -> dict[str, Any]:
    children = sorted({candidate[len(path)] for candidate in shapes
                       if len(candidate) > len(path) and candidate[:len(path)] == path})
    if "sequence" in shape.kinds:
        return {"type": "array", "items": schema_at(path + ("[]",), shapes)}
    if "free" in shape.kinds:
        return {"type": "object", "additionalProperties": schema_at(path + ("*",), shapes)}
    if "mapping" in shape.kinds:
        properties = {key: schema_at(path + (key,), shapes) for key in sorted(shape.optional | set(children))}
        schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
        required = set.intersection(*shape.required) if shape.required else set()
        if required:
            schema["required"] = sorted(required)
        return schema
    if "open" in shape.kinds:
        return {"type": "object"}
    return {}


def generate_schemas() -> dict[str, dict[str, Any]]:
    """One JSON Schema per kind of YAML file, from what the loader asks of the starter brochure."""
    notes: list[tuple[str, str, str, tuple[str, ...], tuple[str, ...]]] = []
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "brochure"
        create_brochure(folder, ["fr", "en"], parse_trim("A5"))
        token = SHAPES.set(notes)
        try:
            load_content(folder / "content", folder)
            load_design(folder / "layout", folder)
        finally:
            SHAPES.reset(token)
    schemas = {}
    for name, shapes in sorted(shapes_by_file(notes).items()):
        schema = schema_at((), shapes)
        text = json.dumps(schema)
        schemas[name] = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                         "title": f"brochure: {name.replace('-', '/', 1)}.yaml",
                         "description": "Generated from brochure's loader (brochure schema); do not edit.",
                         **schema}
        if "#/$defs/text" in text:
            schemas[name]["$defs"] = {"text": TEXT}
    return schemas


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
