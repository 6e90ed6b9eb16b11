"""Finish stage: font subset tags made from the subset itself. reportlab names every subset
by its number (with `invariant` on, the first subset of every font in every file is
`AAAAAA+Lato-Regular`), so two files with different subsets of a font carry the same name,
and a printer who gangs them on one sheet gets one font for both. Each tag here is six
capitals taken from a hash of the font program (and the font's name): the same subset gives
the same tag in every file, different subsets differ."""

from __future__ import annotations

import hashlib
import re
from typing import Any

from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, StreamObject

SUBSET_NAME = re.compile(r"^/([A-Z]{6})\+(.+)$")
PROGRAMS = ("/FontFile", "/FontFile2", "/FontFile3")
MAX_FORM_DEPTH = 8  # forms inside forms that may list fonts of their own


def subset_tag(name: str, program: bytes) -> str:
    """Six capitals from the subset's content: its font program, and its name for fonts whose
    programs happen to be alike."""
    number = int.from_bytes(hashlib.sha256(name.encode("utf-8") + b"\0" + program).digest()[:8], "big")
    letters = []
    for _ in range(6):
        number, letter = divmod(number, 26)
        letters.append(chr(ord("A") + letter))
    return "".join(letters)


def tag_subsets(writer: PdfWriter) -> dict[str, str]:
    """Rename every subset font of the pages (and of the forms they draw) after its content:
    BaseFont, a Type0 font's descendant and the descriptor's FontName alike. Returns the new names
    by the old ones (a name may map to several when reportlab reused it)."""
    renamed: dict[str, str] = {}
    seen: set[int] = set()
    for page in writer.pages:
        _tag_resources(page.get("/Resources"), renamed, seen, 0)
    return renamed


def _resolved(value: Any) -> Any:
    return value.get_object() if value is not None else None


def _tag_resources(resources: Any, renamed: dict[str, str], seen: set[int], depth: int) -> None:
    resources = _resolved(resources)
    if not isinstance(resources, DictionaryObject) or depth > MAX_FORM_DEPTH:
        return
    fonts = _resolved(resources.get("/Font"))
    if isinstance(fonts, DictionaryObject):
        for reference in fonts.values():
            font = _resolved(reference)
            if isinstance(font, DictionaryObject) and id(font) not in seen:
                seen.add(id(font))
                _tag_font(font, renamed)
    forms = _resolved(resources.get("/XObject"))
    if isinstance(forms, DictionaryObject):
        for reference in forms.values():
            form = _resolved(reference)
            if isinstance(form, StreamObject) and form.get("/Subtype") == "/Form" and id(form) not in seen:
                seen.add(id(form))
                _tag_resources(form.get("/Resources"), renamed, seen, depth + 1)


def _tag_font(font: DictionaryObject, renamed: dict[str, str]) -> None:
    base = str(font.get("/BaseFont", ""))
    match = SUBSET_NAME.match(base)
    if match is None:
        return
    descendants = _resolved(font.get("/DescendantFonts"))
    holders = [font] + ([_resolved(item) for item in descendants] if isinstance(descendants, ArrayObject) else [])
    descriptors = [_resolved(holder.get("/FontDescriptor")) for holder in holders]
    descriptors = [descriptor for descriptor in descriptors if isinstance(descriptor, DictionaryObject)]
    programs = [_resolved(descriptor.get(key)) for descriptor in descriptors for key in PROGRAMS]
    program = b"".join(stream.get_data() for stream in programs if isinstance(stream, StreamObject))
    if not program:
        return  # a subset name without a program: nothing to derive a tag from (preflight says so)
    name = match.group(2)
    new_name = NameObject(f"/{subset_tag(name, program)}+{name}")
    for holder in holders:
        if SUBSET_NAME.match(str(holder.get("/BaseFont", ""))):
            holder[NameObject("/BaseFont")] = new_name
    for descriptor in descriptors:
        if SUBSET_NAME.match(str(descriptor.get("/FontName", ""))):
            descriptor[NameObject("/FontName")] = new_name
    renamed[base[1:]] = new_name[1:]
