"""Translate: the brochure's translations as a TMX 1.4b memory, for agencies to load before
they start: one translation unit per text, a variant per language it is translated in."""

from __future__ import annotations

from lxml import etree  # type: ignore[import-untyped]

from brochure.model.content import Brochure
from brochure.translate.codes import is_code, split_codes
from brochure.translate.inventory import Unit, fingerprint
from brochure.translate.store import Fingerprints

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def _segment(parent: etree._Element, text: str) -> None:
    """A <seg>: the text, each placeholder a <ph> (TMX's native code) holding its brace text."""
    segment = etree.SubElement(parent, "seg")
    last: etree._Element | None = None
    for number, part in enumerate(split_codes(text), 1):
        if is_code(part):
            last = etree.SubElement(segment, "ph", x=str(number))
            last.text = part
        elif last is None:
            segment.text = (segment.text or "") + part
        else:
            last.tail = (last.tail or "") + part


def translated_pairs(brochure: Brochure, units: list[Unit], fingerprints: Fingerprints) \
        -> list[tuple[Unit, list[str]]]:
    """Each unit with the languages it is translated in (not stale), the source first;
    units translated in no other language are left out."""
    source = brochure.languages[0].code
    pairs = []
    for unit in units:
        if unit.text.shared:
            continue  # one string for every language: no translation to remember
        current = fingerprint(unit.source(source))
        languages = [language.code for language in brochure.languages[1:] if unit.has(language.code)
                     and fingerprints.get(language.code, {}).get(unit.id, current) == current]
        if languages:
            pairs.append((unit, [source, *languages]))
    return pairs


def write_memory(brochure: Brochure, units: list[Unit], fingerprints: Fingerprints) -> bytes:
    source = brochure.languages[0].code
    root = etree.Element("tmx", version="1.4")
    etree.SubElement(root, "header", {"creationtool": "brochure", "creationtoolversion": "1",
                                      "segtype": "paragraph", "o-tmf": "brochure", "adminlang": "en",
                                      "srclang": source, "datatype": "plaintext"})
    body = etree.SubElement(root, "body")
    for unit, languages in translated_pairs(brochure, units, fingerprints):
        entry = etree.SubElement(body, "tu", tuid=unit.id)
        if unit.location is not None:
            etree.SubElement(entry, "prop", type="x-location").text = str(unit.location)
        if unit.context:
            etree.SubElement(entry, "prop", type="x-context").text = ", ".join(unit.context)
        for code in languages:
            variant = etree.SubElement(entry, "tuv", {XML_LANG: code})
            _segment(variant, unit.text.get(code))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                                doctype='<!DOCTYPE tmx SYSTEM "tmx14.dtd">'))
