"""Translate: XLIFF 1.2 and 2.0 (OASIS), written and read with lxml."""

from __future__ import annotations

from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from brochure.errors import ContentError, Location
from brochure.translate.exchange import Exchange, ExchangeUnit, room_note

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATE12 = {"new": "needs-translation", "translated": "translated", "stale": "needs-review-translation"}
STATE20 = {"new": "initial", "translated": "translated", "stale": "initial"}


def _files(exchange: Exchange) -> dict[str, list[ExchangeUnit]]:
    """Units grouped by the content file they come from, in order."""
    files: dict[str, list[ExchangeUnit]] = {}
    for unit in exchange.units:
        files.setdefault(unit.where.split(":")[0] or "content", []).append(unit)
    return files


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def write_v12(exchange: Exchange) -> bytes:
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12}, version="1.2")
    for original, units in _files(exchange).items():
        file = etree.SubElement(root, f"{{{XLIFF12}}}file", original=original, datatype="plaintext")
        file.set("source-language", exchange.source_language)
        file.set("target-language", exchange.target_language)
        body = etree.SubElement(file, f"{{{XLIFF12}}}body")
        for unit in units:
            element = etree.SubElement(body, f"{{{XLIFF12}}}trans-unit", id=unit.id, resname=unit.id)
            element.set(XML_SPACE, "preserve")
            if unit.max_lines is not None:  # XLIFF 1.2's size restriction, in rows (lines)
                element.set("maxheight", str(unit.max_lines))
                element.set("size-unit", "row")
            etree.SubElement(element, f"{{{XLIFF12}}}source").text = unit.source
            target = etree.SubElement(element, f"{{{XLIFF12}}}target", state=STATE12[unit.state])
            target.text = unit.target
            group = etree.SubElement(element, f"{{{XLIFF12}}}context-group", purpose="location")
            file_name, _, line = unit.where.partition(":")
            etree.SubElement(group, f"{{{XLIFF12}}}context", {"context-type": "sourcefile"}).text = file_name
            etree.SubElement(group, f"{{{XLIFF12}}}context", {"context-type": "linenumber"}).text = \
                line.split(":")[0]
            for note in filter(None, [unit.context, *unit.notes, room_note(unit)]):
                etree.SubElement(element, f"{{{XLIFF12}}}note", {"from": "brochure"}).text = note
    return _serialise(root)


def write_v20(exchange: Exchange) -> bytes:
    root = etree.Element(f"{{{XLIFF20}}}xliff", nsmap={None: XLIFF20}, version="2.0",
                         srcLang=exchange.source_language, trgLang=exchange.target_language)
    for number, (original, units) in enumerate(_files(exchange).items(), 1):
        file = etree.SubElement(root, f"{{{XLIFF20}}}file", id=f"f{number}", original=original)
        for unit in units:
            element = etree.SubElement(file, f"{{{XLIFF20}}}unit", id=unit.id, name=unit.id)
            notes = etree.SubElement(element, f"{{{XLIFF20}}}notes")
            etree.SubElement(notes, f"{{{XLIFF20}}}note", category="location").text = unit.where
            if unit.context:
                etree.SubElement(notes, f"{{{XLIFF20}}}note", category="context").text = unit.context
            for note in unit.notes:
                etree.SubElement(notes, f"{{{XLIFF20}}}note", category="instructions").text = note
            if unit.max_lines is not None:
                etree.SubElement(notes, f"{{{XLIFF20}}}note", category="room").text = room_note(unit)
            segment = etree.SubElement(element, f"{{{XLIFF20}}}segment", state=STATE20[unit.state])
            if unit.state == "stale":
                segment.set("subState", "brochure:source-changed")
            source = etree.SubElement(segment, f"{{{XLIFF20}}}source")
            source.set(XML_SPACE, "preserve")
            source.text = unit.source
            if unit.target:
                etree.SubElement(segment, f"{{{XLIFF20}}}target").text = unit.target
    return _serialise(root)


def _text(element: etree._Element | None) -> str:
    return "".join(element.itertext()) if element is not None else ""


def read(path: Path) -> Exchange:
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise ContentError(f"cannot read the XLIFF file: {error}", Location(str(path))) from None
    if root.tag == f"{{{XLIFF20}}}xliff":
        return _read_v20(root, path)
    if root.tag == f"{{{XLIFF12}}}xliff":
        return _read_v12(root, path)
    raise ContentError("not an XLIFF 1.2 or 2.0 document", Location(str(path)))


def _read_v12(root: etree._Element, path: Path) -> Exchange:
    namespace = {"x": XLIFF12}
    files = root.findall("x:file", namespace)
    if not files:
        raise ContentError("the XLIFF file has no <file>", Location(str(path)))
    units = []
    for file in files:
        for element in file.iterfind(".//x:trans-unit", namespace):
            target = element.find("x:target", namespace)
            state = target.get("state", "translated") if target is not None else "new"
            units.append(ExchangeUnit(element.get("id", ""), _text(element.find("x:source", namespace)),
                                      _text(target), state, where=f"{path}:{element.sourceline}"))
    return Exchange(files[0].get("source-language", ""), files[0].get("target-language", ""), tuple(units))


def _read_v20(root: etree._Element, path: Path) -> Exchange:
    namespace = {"x": XLIFF20}
    units = []
    for element in root.iterfind(".//x:unit", namespace):
        segments = element.findall(".//x:segment", namespace)
        source = "".join(_text(segment.find("x:source", namespace)) for segment in segments)
        target = "".join(_text(segment.find("x:target", namespace)) for segment in segments)
        units.append(ExchangeUnit(element.get("id", ""), source, target,
                                  where=f"{path}:{element.sourceline}"))
    return Exchange(root.get("srcLang", ""), root.get("trgLang", ""), tuple(units))
