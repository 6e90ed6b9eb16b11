"""Load stage: a font family of layout/styles.yaml, each face a file or a file with a choice in it.

    regular: fonts/EBGaramond-Regular.otf                  # a file
    bold: {file: fonts/Inter.var.ttf, instance: Semi Bold}  # a named instance of a variable font
    italic: {file: fonts/Inter.var.ttf, wght: 450}          # axis values (4-letter axis tags)
    regular: {file: fonts/Noto.ttc, index: 1}               # a font of a collection (or name: …)

Whether the instance, the axes or the collection face exist is known only once the font is
opened (by brochure.fonts), which reports it at the line kept here.
"""

from __future__ import annotations

import difflib
import re

import yaml

from brochure.load.yaml_source import Node, did_you_mean, note_declared
from brochure.model.design import FontFace, FontFamily

FACE_NAMES = ("regular", "bold", "italic", "bold_italic")
FACE_KEYS = ("file", "instance", "index", "name")
# OpenType axis tags: four letters or digits (registered ones lower case, custom ones upper case).
AXIS_TAG = re.compile(r"[A-Za-z0-9]{1,4}")


def font_family(name: str, node: Node) -> FontFamily:
    for face in FACE_NAMES:  # the JSON Schema takes each face's forms from FACE_SCHEMA, not from samples
        note_declared(node, face, "font-face")
    fields = node.mapping(required=("regular",), optional=(*FACE_NAMES, "fallback"))
    fallback = fields.pop("fallback").string() if "fallback" in fields else None
    regular = font_face(fields.pop("regular"))
    faces = {face: font_face(value) for face, value in fields.items()}
    return FontFamily(name=name, regular=regular, fallback=fallback, **faces)


# Every form font_face accepts, for the JSON Schema of layout/styles.yaml (brochure schema).
FACE_SCHEMA: dict[str, object] = {"anyOf": [
    {"type": "string", "description": "the font file's path"},
    {"type": "object", "description": "a file and what to take from it: a named instance, axis values "
                                      "(4-letter tags: wght: 450), or a collection's font by index or name",
     "properties": {"file": {"type": "string"}, "instance": {"type": "string"},
                    "index": {"type": "integer", "minimum": 0, "maximum": 65535}, "name": {"type": "string"}},
     "patternProperties": {f"^(?!({'|'.join(FACE_KEYS)})$){AXIS_TAG.pattern}$": {"type": "number"}},
     "required": ["file"], "additionalProperties": False},
]}


def font_face(node: Node) -> FontFace:
    """A face: a path, or a mapping with `file` and what to take from it."""
    if not isinstance(node.node, yaml.MappingNode):
        return FontFace(file=node.string(), location=node.location)
    fields = node.mapping()
    axes: list[tuple[str, float]] = []
    for key, value in fields.items():
        if key in FACE_KEYS:
            continue
        # a short key is an axis tag, unless it reads as a misspelt key ('fiel', 'indx')
        if not AXIS_TAG.fullmatch(key) or difflib.get_close_matches(key, FACE_KEYS, n=1, cutoff=0.7):
            raise value.fail("unknown key", did_you_mean(key, list(FACE_KEYS)))
        axes.append((key, value.number()))
    if "file" not in fields:
        raise node.fail("missing key 'file'", "add 'file:' with the font's path")
    instance = fields["instance"].string() if "instance" in fields else None
    if instance is not None and axes:
        raise fields["instance"].fail("give a named instance or axis values, not both",
                                      f"remove 'instance: {instance}' or the axis values")
    if "index" in fields and "name" in fields:
        raise fields["name"].fail("give the collection's font by index or by name, not both")
    return FontFace(file=fields["file"].string(), instance=instance, axes=tuple(axes),
                    index=fields["index"].integer(0, 65535) if "index" in fields else None,
                    name=fields["name"].string() if "name" in fields else None,
                    location=node.location)
