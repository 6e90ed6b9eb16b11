"""Preflight stage: XMP metadata read as XML, so a property is found in any legal form:
an attribute of rdf:Description or an element, its namespace declared wherever."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass

PDFXID = "http://www.npes.org/pdfx/ns/id/"
PDF = "http://ns.adobe.com/pdf/1.3/"
XMP_MM = "http://ns.adobe.com/xap/1.0/mm/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


class MalformedXmp(ValueError):
    """The metadata stream is not well-formed XML."""


@dataclass(frozen=True)
class Xmp:
    properties: tuple[tuple[str, str], ...]   # ("{namespace}name", value), simple properties only

    def get(self, namespace: str, name: str) -> str | None:
        key = f"{{{namespace}}}{name}"
        return next((value for found, value in self.properties if found == key), None)


def parse_xmp(data: bytes) -> Xmp:
    """The simple properties of an XMP packet (attributes and text elements)."""
    start = data.find(b"<x:xmpmeta")
    if start < 0:
        start = data.find(b"<rdf:RDF")
    if start < 0:
        start = data.find(b"<")
    text = data[start:] if start >= 0 else data
    end = text.rfind(b"<?xpacket end")
    if end >= 0:
        text = text[:end]
    if b"<!DOCTYPE" in text or b"<!ENTITY" in text:
        raise MalformedXmp("XMP may not declare a DOCTYPE or entities")
    try:
        root = ElementTree.fromstring(text)
    except ElementTree.ParseError as problem:
        raise MalformedXmp(str(problem)) from None
    found: list[tuple[str, str]] = []
    for element in root.iter():
        if element.tag == f"{{{RDF}}}Description":
            found += [(key, value) for key, value in element.attrib.items() if not key.startswith(f"{{{RDF}}}")]
        elif len(element) == 0 and element.text is not None and element.text.strip():
            found.append((str(element.tag), element.text.strip()))
    return Xmp(tuple(found))
