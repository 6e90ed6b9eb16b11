"""Translate: XLIFF 1.2 and 2.0 (OASIS), written and read with lxml.

Placeholders are inline codes (1.2 `<x/>` with `equiv-text`, 2.0 `<ph/>` with `equiv`), so the
translator's tool protects them; states follow each version's vocabulary both ways (see
`exchange`); a 2.0 unit's segments and ignorables are joined in order, exactly.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from lxml import etree  # type: ignore[import-untyped]

from brochure.errors import ContentError, Location
from brochure.translate.codes import is_code, split_codes
from brochure.translate.exchange import (
    DRAFT,
    FINAL,
    NEW,
    STALE,
    TRANSLATED,
    Exchange,
    ExchangeUnit,
    limit_note,
    room_note,
)

XLIFF12 = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF20 = "urn:oasis:names:tc:xliff:document:2.0"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
STATE12 = {NEW: "needs-translation", TRANSLATED: "translated", STALE: "needs-review-translation",
           DRAFT: "needs-review-translation"}
STATE20 = {NEW: "initial", TRANSLATED: "translated", STALE: "initial", DRAFT: "initial"}
FINISHED12 = {"translated": TRANSLATED, "signed-off": FINAL, "final": FINAL}
FINISHED20 = {"translated": TRANSLATED, "reviewed": FINAL, "final": FINAL}
CODE_TAGS = {"x", "ph", "bx", "ex", "it", "bpt", "ept", "sc", "ec", "cp"}  # inline codes of 1.2 and 2.0


def _files(exchange: Exchange) -> dict[str, list[ExchangeUnit]]:
    """Units grouped by the content file they come from, in order."""
    files: dict[str, list[ExchangeUnit]] = {}
    for unit in exchange.units:
        files.setdefault(unit.where.split(":")[0] or "content", []).append(unit)
    return files


def _serialise(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def _fill(element: etree._Element, text: str, code_tag: str, source: str) -> None:
    """`element`'s content: the text, each placeholder an inline code numbered as in `source`
    (the same placeholder twice takes the next number of its kind)."""
    numbers: dict[str, list[str]] = {}
    for index, part in enumerate((part for part in split_codes(source) if is_code(part)), 1):
        numbers.setdefault(part, []).append(str(index))
    used: dict[str, int] = {}
    last: etree._Element | None = None
    for part in split_codes(text):
        if not is_code(part):
            if last is None:
                element.text = (element.text or "") + part
            else:
                last.tail = (last.tail or "") + part
            continue
        choices = numbers.get(part, [])
        taken = used.get(part, 0)
        used[part] = taken + 1
        number = choices[taken] if taken < len(choices) else f"extra{sum(used.values())}"
        if code_tag == "x":
            last = etree.SubElement(element, f"{{{XLIFF12}}}x", {"id": number, "equiv-text": part})
        else:
            last = etree.SubElement(element, f"{{{XLIFF20}}}ph", id=number, equiv=part, disp=part, canDelete="no")


def write_v12(exchange: Exchange) -> bytes:
    root = etree.Element(f"{{{XLIFF12}}}xliff", nsmap={None: XLIFF12}, version="1.2")
    for original, units in _files(exchange).items():
        file = etree.SubElement(root, f"{{{XLIFF12}}}file", original=original, datatype="plaintext")
        file.set("source-language", exchange.source_language)
        file.set("target-language", exchange.target_language)
        if exchange.brochure:
            file.set("product-name", exchange.brochure)
        body = etree.SubElement(file, f"{{{XLIFF12}}}body")
        for unit in units:
            element = etree.SubElement(body, f"{{{XLIFF12}}}trans-unit", id=unit.id, resname=unit.id)
            if unit.state == TRANSLATED:
                element.set("approved", "yes")
            element.set(XML_SPACE, "preserve")
            if unit.max_chars is not None:  # XLIFF 1.2's size restriction, in characters: CAT tools enforce it
                element.set("maxwidth", str(unit.max_chars))
                element.set("size-unit", "char")
            elif unit.max_lines is not None:  # in rows (lines): the room the source takes
                element.set("maxheight", str(unit.max_lines))
                element.set("size-unit", "row")
            _fill(etree.SubElement(element, f"{{{XLIFF12}}}source"), unit.source, "x", unit.source)
            target = etree.SubElement(element, f"{{{XLIFF12}}}target", state=STATE12[unit.state])
            _fill(target, unit.target, "x", unit.source)
            group = etree.SubElement(element, f"{{{XLIFF12}}}context-group", purpose="location")
            file_name, _, line = unit.where.partition(":")
            etree.SubElement(group, f"{{{XLIFF12}}}context", {"context-type": "sourcefile"}).text = file_name
            etree.SubElement(group, f"{{{XLIFF12}}}context", {"context-type": "linenumber"}).text = \
                line.split(":")[0]
            for note in filter(None, [unit.context, *unit.notes, room_note(unit), limit_note(unit)]):
                etree.SubElement(element, f"{{{XLIFF12}}}note", {"from": "brochure"}).text = note
            if unit.previous_source:  # what the translation was made from: the tool shows the difference
                alternative = etree.SubElement(element, f"{{{XLIFF12}}}alt-trans", {"alttranstype": "previous-version"})
                _fill(etree.SubElement(alternative, f"{{{XLIFF12}}}source"), unit.previous_source, "x",
                      unit.previous_source)
                _fill(etree.SubElement(alternative, f"{{{XLIFF12}}}target"), unit.target, "x", unit.previous_source)
    return _serialise(root)


def write_v20(exchange: Exchange) -> bytes:
    root = etree.Element(f"{{{XLIFF20}}}xliff", nsmap={None: XLIFF20}, version="2.0",
                         srcLang=exchange.source_language, trgLang=exchange.target_language)
    for number, (original, units) in enumerate(_files(exchange).items(), 1):
        file = etree.SubElement(root, f"{{{XLIFF20}}}file", id=f"f{number}", original=original)
        if exchange.brochure:
            notes = etree.SubElement(file, f"{{{XLIFF20}}}notes")
            etree.SubElement(notes, f"{{{XLIFF20}}}note", category="brochure").text = exchange.brochure
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
            if unit.max_chars is not None:
                etree.SubElement(notes, f"{{{XLIFF20}}}note", category="max-length").text = limit_note(unit)
            if unit.previous_source:
                etree.SubElement(notes, f"{{{XLIFF20}}}note", category="previous-source").text = \
                    "the source this translation was made from: " + unit.previous_source
            segment = etree.SubElement(element, f"{{{XLIFF20}}}segment", state=STATE20[unit.state])
            if unit.state == STALE:
                segment.set("subState", "brochure:source-changed")
            source = etree.SubElement(segment, f"{{{XLIFF20}}}source")
            source.set(XML_SPACE, "preserve")
            _fill(source, unit.source, "ph", unit.source)
            if unit.target:
                _fill(etree.SubElement(segment, f"{{{XLIFF20}}}target"), unit.target, "ph", unit.source)
    return _serialise(root)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _codes(element: etree._Element | None) -> dict[str, str]:
    """Inline code id -> the text it stands for, as the source says (equiv-text, equiv, disp)."""
    if element is None:
        return {}
    return {code.get("id", ""): _equivalent(code, {}) for code in element.iter()
            if _local(code) in CODE_TAGS and code.get("id")}


def _equivalent(code: etree._Element, codes: dict[str, str]) -> str:
    given = code.get("equiv-text") or code.get("equiv") or code.get("disp")
    if given is not None:
        return str(given)
    if code.get("id", "") in codes:
        return codes[code.get("id", "")]
    return "".join(code.itertext()) if _local(code) in ("ph", "bpt", "ept", "it") else ""


PAIRED_TAGS = {"g", "pc", "bx", "ex", "bpt", "ept", "sc", "ec"}  # formatting a CAT tool wraps text in


def paired_codes(element: etree._Element | None) -> Counter[str]:
    """The formatting codes of a source or target, by kind and id: `<g id="1">` -> "g 1"."""
    if element is None:
        return Counter()
    return Counter(f"{_local(code)} {code.get('id', '')}".strip() for code in element.iter()
                   if _local(code) in PAIRED_TAGS)


def paired_code_problem(sources: list[etree._Element | None], targets: list[etree._Element | None]) -> str:
    """Why a target cannot stand for its source as far as a tool's formatting codes go (a `<g>`
    dropped or added: its text would lose or gain a format nobody sees here); "" when none."""
    wanted = sum((paired_codes(element) for element in sources), Counter())
    given = sum((paired_codes(element) for element in targets), Counter())
    if wanted == given or not any(element is not None and "".join(element.itertext()).strip()
                                  for element in targets):
        return ""
    dropped, extra = sorted((wanted - given).elements()), sorted((given - wanted).elements())
    parts = ([f"drops the code(s) <{'>, <'.join(dropped)}>"] if dropped else []) + \
        ([f"adds the code(s) <{'>, <'.join(extra)}>"] if extra else [])
    return f"the translation {' and '.join(parts)} of its source (keep each code of the source around its text)"


def _text(element: etree._Element | None, codes: dict[str, str] | None = None) -> str:
    """The text of a source or target: inline codes read back as the text they stand for
    (a target's code without its equivalent takes the source's code of that id)."""
    if element is None:
        return ""
    parts = [element.text or ""]
    for child in element:
        if _local(child) in CODE_TAGS:
            parts.append(_equivalent(child, codes or {}))
        elif isinstance(child.tag, str):
            parts.append(_text(child, codes))  # mrk (segments), g, pc, sub: their content
        parts.append(child.tail or "")
    return "".join(parts)


def read(path: Path) -> Exchange:
    try:
        root = etree.parse(str(path), etree.XMLParser(resolve_entities=False, no_network=True)).getroot()
    except (OSError, etree.XMLSyntaxError) as error:
        raise ContentError(f"cannot read the XLIFF file: {error}", Location(str(path))) from None
    refuse_entities(root, path)
    if root.tag == f"{{{XLIFF20}}}xliff":
        return _read_v20(root, path)
    if _local(root) == "xliff" and str(root.get("version", "1.2")).startswith("1."):
        return _read_v12(root, path)  # 1.2, or 1.0/1.1 as translate-toolkit's po2xliff writes: the same units
    raise ContentError("not an XLIFF 1.2 or 2.0 document", Location(str(path)))


def refuse_entities(root: etree._Element, path: Path) -> None:
    """An entity of the file's own DTD (`&co;`) is never expanded (no entity bombs, nothing read
    from elsewhere), so a text holding one cannot be imported as meant: refused at its line rather
    than written as `&co;` or dropped. Character references (`&#233;`) are text already."""
    entity = next((node for node in root.iter() if isinstance(node, etree._Entity)), None)
    if entity is not None:
        raise ContentError(f"the XLIFF file uses the entity {entity.text}, declared in its DTD: entities are "
                           "not expanded", Location(str(path), entity.sourceline or 0),
                           "write the character or text itself (or a character reference such as &#233;)")


def _children(element: etree._Element, name: str) -> list[etree._Element]:
    return [child for child in element if _local(child) == name]


def _state12(unit: etree._Element, target: etree._Element | None, text: str) -> str:
    if not text.strip():
        return NEW
    state = target.get("state") if target is not None else None
    if state in ("signed-off", "final"):
        return FINAL
    if unit.get("approved") == "yes":
        return TRANSLATED  # approved whatever the state says (translate-toolkit's "not fuzzy")
    if state is None:
        return DRAFT if unit.get("approved") == "no" else TRANSLATED
    return FINISHED12.get(state, DRAFT)  # new, needs-*: not finished


def _read_v12(root: etree._Element, path: Path) -> Exchange:
    files = [element for element in root.iter() if _local(element) == "file"]
    if not files:
        raise ContentError("the XLIFF file has no <file>", Location(str(path)))
    units = []
    for file in files:
        for element in (item for item in file.iter() if _local(item) == "trans-unit"):
            if element.get("restype") == "x-gettext-domain-header":
                continue  # translate-toolkit's copy of a PO header
            source_element = next(iter(_children(element, "source")), None)
            target = next(iter(_children(element, "target")), None)
            codes = _codes(source_element)
            text = _text(target, codes)
            origin = _origin(element)
            units.append(ExchangeUnit(element.get("resname") or element.get("id", ""), _text(source_element),
                                      text, _state12(element, target, text), where=f"{path}:{element.sourceline}",
                                      origin=origin,
                                      code_problem=paired_code_problem([source_element], [target])))
    first = files[0]
    return Exchange(first.get("source-language", ""), first.get("target-language", ""), tuple(units),
                    first.get("product-name", ""))


def _origin(unit: etree._Element) -> str:
    """file:line of the unit in the content, from its location context group (1.2)."""
    found = {context.get("context-type"): (context.text or "").strip() for context in unit.iter()
             if _local(context) == "context"}
    if not found.get("sourcefile"):
        return ""
    return found["sourcefile"] + (f":{found['linenumber']}" if found.get("linenumber") else "")


def _read_v20(root: etree._Element, path: Path) -> Exchange:
    namespace = {"x": XLIFF20}
    units = []
    brochure = ""
    for note in root.iterfind("x:file/x:notes/x:note[@category='brochure']", namespace):
        brochure = (note.text or "").strip()
    for element in root.iterfind(".//x:unit", namespace):
        sources, targets, states = [], [], []
        source_elements: list[etree._Element | None] = []
        target_elements: list[etree._Element | None] = []
        for part in element:
            if _local(part) not in ("segment", "ignorable"):
                continue
            source_element = next(iter(_children(part, "source")), None)
            target = next(iter(_children(part, "target")), None)
            codes = _codes(source_element)
            sources.append(_text(source_element))
            source_elements.append(source_element)
            target_elements.append(target)
            if _local(part) == "ignorable":  # a space or the like between segments: the source's when no target
                targets.append(_text(target, codes) if target is not None else sources[-1])
                continue
            targets.append(_text(target, codes))
            state = part.get("state", "initial")
            states.append(NEW if target is None or not _text(target, codes).strip()
                          else FINISHED20.get(state, DRAFT))
        target_text = "".join(targets)
        if not target_text.strip() or all(state == NEW for state in states):
            state = NEW
        elif NEW in states or DRAFT in states:
            state = DRAFT  # a unit is finished when each of its segments is
        else:
            state = FINAL if all(state == FINAL for state in states) else TRANSLATED
        location = element.find("x:notes/x:note[@category='location']", namespace)
        units.append(ExchangeUnit(element.get("name") or element.get("id", ""), "".join(sources), target_text,
                                  state, where=f"{path}:{element.sourceline}",
                                  origin=(location.text or "").strip() if location is not None else "",
                                  code_problem=paired_code_problem(source_elements, target_elements)))
    return Exchange(root.get("srcLang", ""), root.get("trgLang", ""), tuple(units), brochure)
