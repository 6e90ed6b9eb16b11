"""Render stage: tagged PDF (issue 31). reportlab has no tagging: while the screen edition is
drawn, each text, image and graphic of the story is wrapped in a marked-content sequence with
an MCID, and the structure element it belongs to is found from what the flowables already say:
a paragraph's style is named `<style>:<language>`, a facing row carries its unit
(`<section>.<block>[i]…`) and kind, a panel its box, a section mark its section. Everything
drawn outside those sequences (bands, rules, folios, backgrounds) becomes an artifact in
finishing (finish/tagged.py), which also writes the tree.

The layout code is untouched: one hook around `Flowable._drawOn` (installed once, inert on
canvases without a tagger) and a canvas that knows its tagger.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus import paragraph as reportlab_paragraph

from brochure.layout.flowables import Column, FacingRow, Panel, SectionMark, Stack
from brochure.layout.pictures import Picture
from brochure.layout.qr_code import QrCode
from brochure.layout.world_map import WorldMap
from brochure.model.content import Brochure, Heading, Section
from brochure.model.design import Design
from brochure.render.descriptions import Descriptions
from brochure.render.structure import Bookmark, Element, LinkAnnotation, MarkedContent, Structure
from brochure.typeset.paragraph import line_infos
from brochure.typeset.rtl import has_right_to_left
from brochure.typeset.scripts import script_rules

READING_ORDERS = ("by-language", "pairs")
HEADING_LEVEL = {"cover-title": 1, "cover-title-2": 1, "section-title": 1, "back-department": 1,
                 "heading": 2, "figures-title": 2}
BLOCK_ROLE = {"quote": "BlockQuote", "note": "Note", "caption": "Caption", "map-caption": "Caption"}
ADDRESS_STYLES = {"back-contact", "qr-text"}
_CONTINUED = " (cont.)"
_ITEM = re.compile(r"\.item\[\d+\]$")


class Node:
    """A structure element while the pages are drawn; frozen into an `Element` at the end."""

    def __init__(self, role: str, language: str | None = None, order: int = 0):
        self.role = role
        self.language = language  # an edition language code, or None: the parent's
        self.order = order  # the language's rank, for reading one language after the other
        self.children: list[Node | MarkedContent | LinkAnnotation] = []
        self.keyed: dict[str, Node] = {}
        self.parent: Node | None = None
        self.alt: str | None = None
        self.actual_text: str | None = None

    def child(self, key: str, role: str, language: str | None = None, order: int = 0) -> Node:
        found = self.keyed.get(key)
        if found is None:
            found = self.keyed[key] = Node(role, language, order)
            found.parent = self
            self.children.append(found)
        return found


@dataclass
class _Heading:
    section: str
    level: int
    unit: str
    order: int
    text: str
    page: int
    top: float


@dataclass
class Tagger:
    """Follows the drawing of one edition and builds its structure tree."""

    brochure: Brochure
    design: Design
    reading_order: str = "by-language"
    descriptions: Descriptions = field(init=False)
    root: Node = field(init=False)
    _section: Node = field(init=False)
    _section_key: str = "front"
    _open: list[Node] = field(default_factory=list)  # elements whose content is being drawn
    _marking: bool = False  # a marked-content sequence is open on the canvas
    _mcids: dict[int, int] = field(default_factory=dict)  # page -> next MCID
    _links: dict[int, int] = field(default_factory=dict)  # page -> link annotations made
    _context: list[Flowable] = field(default_factory=list)
    _decorating: int = 0
    _in_artifact: int = 0
    _counter: int = 0
    _loose: dict[tuple[str, str, str | None], int] = field(default_factory=dict)
    _notes: int = 0
    _headings: list[_Heading] = field(default_factory=list)
    _card_boxes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        self.descriptions = Descriptions(self.brochure, self.design)
        self.root = Node("Document")
        self._section = self.root.child("front", "Sect")
        self._untitled = frozenset(f"section-{section.id}" for section in sections_without_heading(self.brochure,
                                                                                                   self.design))
        self._card_boxes = frozenset(kind.box for kind in self.design.card_kinds)
        self._codes = list(self.design.columns)
        self._locales = {language.code: language.locale.replace("_", "-") for language in self.brochure.languages}

    # -- what the canvas and the document tell --------------------------------------

    @contextmanager
    def decoration(self) -> Iterator[None]:
        """What a page template draws (bands, folio, running line): artifacts, not the story."""
        self._decorating += 1
        try:
            yield
        finally:
            self._decorating -= 1

    def page_ended(self, canvas: Any) -> None:
        self._close(canvas)
        self._open.clear()

    @contextmanager
    def artifact(self, canvas: Any) -> Iterator[None]:
        """Drawing that repeats content (a label's halo): an artifact, even inside a figure."""
        self._close(canvas)
        canvas._code.append("/Artifact BMC")
        self._in_artifact += 1  # flowables drawn inside (a halo set as a paragraph) open no element
        try:
            yield
        finally:
            self._in_artifact -= 1
            canvas._code.append("EMC")
            self._reopen(canvas)

    def link(self, canvas: Any, url: str) -> None:
        """A link annotation is being made on the page: a Link element where it is drawn."""
        page = canvas.getPageNumber() - 1
        index = self._links.get(page, 0)
        self._links[page] = index + 1
        if self._decorating or not self._open:
            holder = self._section
        else:
            holder = self._open[-1]
            if holder.role in ("Figure", "Lbl"):
                holder = holder.parent or self._section
        link = Node("Link")
        link.children.append(LinkAnnotation(page, index, self.descriptions.link(url)))
        holder.children.append(link)

    @contextmanager
    def bullet(self, canvas: Any) -> Iterator[None]:
        """A list item's bullet or number, drawn by its paragraph: the item's label (Lbl)."""
        body = self._open[-1] if self._open else None
        item = body.parent if body is not None and body.role == "LBody" else None
        if item is None:
            yield
            return
        label = item.child(f"label:{len(item.children)}", "Lbl")
        item.children.remove(label)
        item.children.insert(0, label)  # the label reads before the body
        self._open_node(label, canvas)
        try:
            yield
        finally:
            self._close_node(canvas)

    # -- the hook around each flowable's drawing ------------------------------------

    @contextmanager
    def drawing(self, flowable: Flowable, canvas: Any) -> Iterator[None]:
        if self._decorating or self._in_artifact or (self._open and self._open[-1].role == "Figure"):
            yield  # decoration, or a part of a figure (a map's labels set as paragraphs): no element of its own
            return
        if isinstance(flowable, SectionMark):
            self._start_section(flowable.key)
            yield
            return
        if isinstance(flowable, (FacingRow, Panel, Stack)):  # a Column is a Stack
            self._context.append(flowable)
            if isinstance(flowable, Stack) and not isinstance(flowable, Column):
                flowable._a11y_drawn = 0  # type: ignore[attr-defined]  # paragraphs of the stack drawn
            try:
                yield
            finally:
                self._context.pop()
            return
        node = self._leaf(flowable, canvas)
        if node is None:
            yield
            return
        if isinstance(flowable, Paragraph) and has_right_to_left(str(getattr(flowable, "text", ""))):
            # drawn in visual order: the element says its words in reading order (/ActualText on
            # the structure element, which assistive technology reads; on the marked content
            # it would be turned round again by extractors that apply the bidi algorithm)
            node.actual_text = " ".join(filter(None, (node.actual_text, logical_text(flowable))))
        self._open_node(node, canvas)
        try:
            yield
        finally:
            self._close_node(canvas)
            for item in reversed(self._context):
                if isinstance(item, Stack) and not isinstance(item, Column):
                    item._a11y_drawn += 1  # type: ignore[attr-defined]
                    break

    # -- marked content ---------------------------------------------------------------

    def _open_node(self, node: Node, canvas: Any) -> None:
        self._close(canvas)
        self._open.append(node)
        self._reopen(canvas)

    def _close_node(self, canvas: Any) -> None:
        self._close(canvas)
        if self._open:
            self._open.pop()
        self._reopen(canvas)

    def _close(self, canvas: Any) -> None:
        if self._marking:
            canvas._code.append("EMC")
            self._marking = False

    def _reopen(self, canvas: Any) -> None:
        if not self._open or self._marking:
            return
        node = self._open[-1]
        page = canvas.getPageNumber() - 1
        mcid = self._mcids.get(page, 0)
        self._mcids[page] = mcid + 1
        node.children.append(MarkedContent(page, mcid))
        canvas._code.append(f"/{node.role} << /MCID {mcid} >> BDC")
        self._marking = True

    # -- which element a flowable's drawing belongs to --------------------------------

    def _start_section(self, key: str) -> None:
        self._section_key = key
        if key in self._untitled:
            # a section with neither title nor heading (an introduction under the cover's title):
            # its text continues the section before it, under that section's heading, rather than
            # a Sect no heading names (nothing is invented in its place)
            return
        self._section = self.root.child(key, "Sect")

    def _leaf(self, flowable: Flowable, canvas: Any) -> Node | None:
        if isinstance(flowable, WorldMap):
            return self._figure(f"map:{self._fresh()}", self.descriptions.map(flowable.places))
        if isinstance(flowable, QrCode):
            return self._figure(f"qr:{self._fresh()}", self.descriptions.qr_code(flowable.href or flowable.data))
        if isinstance(flowable, Picture):
            return self._figure(f"picture:{self._fresh()}", self.descriptions.picture(flowable.what))
        if isinstance(flowable, Paragraph):
            return self._paragraph(flowable, canvas)
        return None

    def _fresh(self) -> int:
        self._counter += 1
        return self._counter

    def _figure(self, key: str, alt: str) -> Node:
        node = self._section.child(key, "Figure")
        node.alt = alt
        return node

    def _language(self, paragraph: Paragraph) -> tuple[str, str | None]:
        name = str(getattr(paragraph.style, "name", ""))
        # `<style>:<language>`, or `<style>:<language>:<number>` (a numbered list's item)
        style, _, rest = name.partition(":")
        code = rest.partition(":")[0]
        if not style or code not in self._locales:
            return name, None
        return style, code

    def _order(self, code: str | None) -> int:
        return self._codes.index(code) if code in self._codes else 0

    def _paragraph(self, paragraph: Paragraph, canvas: Any) -> Node | None:
        style, code = self._language(paragraph)
        style = style.removesuffix("-2")  # `<style>-2`: the same role in a later language (covers)
        row = next((item for item in reversed(self._context) if isinstance(item, FacingRow)), None)
        panel = next((item for item in reversed(self._context) if isinstance(item, Panel)), None)
        stack = next((item for item in reversed(self._context) if isinstance(item, Stack)
                      and not isinstance(item, Column)
                      and not isinstance(item, Panel)), None)
        column = next((item for item in reversed(self._context) if isinstance(item, Column)), None)
        in_column = next((unit for item, unit in zip(column.items, column.units) if item is paragraph), None) \
            if column is not None else None
        if in_column is not None:  # a list or a run of text set as one column: each paragraph its own unit
            unit = in_column.removesuffix(_CONTINUED)
        elif row is not None:
            unit = row.unit.removesuffix(_CONTINUED)
        else:  # a cover's or back cover's lines, one per language: the n-th of a style pairs them
            count_key = (self._section_key, style, code)
            self._loose[count_key] = self._loose.get(count_key, 0) + 1
            unit = f"{self._section_key}.{style}[{self._loose[count_key]}]"
        order = self._order(code)
        section = self._section
        lang = f"{unit}:{code}"
        node: Node
        if row is not None and panel is not None and panel.group in self._card_boxes:
            card = section.child(f"card:{unit}:{code}", "Div", code, order)
            index = getattr(stack, "_a11y_drawn", 0) if stack is not None else 0
            node = card.child(f"{lang}:{index}", "H3" if index == 0 else "P", code, order)
            if index == 0:
                self._heading(node, unit, 3, order, paragraph, canvas)
        elif style in ("figure-value", "figure-label"):
            figures = section.child(f"{_ITEM.sub('', unit)}:{code}", "L", code, order)
            item = figures.child(lang, "LI", code, order)
            node = item.child(f"{lang}:{style}", "Lbl" if style == "figure-value" else "LBody", code, order)
        elif style == "list-item":
            items = section.child(f"{_ITEM.sub('', unit)}:{code}", "L", code, order)
            node = items.child(lang, "LI", code, order).child(f"{lang}:body", "LBody", code, order)
        elif style in HEADING_LEVEL:
            node = section.child(lang, f"H{HEADING_LEVEL[style]}", code, order)
            self._heading(node, unit, HEADING_LEVEL[style], order, paragraph, canvas)
        elif style in ADDRESS_STYLES and self._section_key == "back-cover":
            address = section.child("address", "Address", None, 0)
            node = address.child(lang, "P", code, order)
        else:
            node = section.child(lang, BLOCK_ROLE.get(style, "P"), code, order)
        return node

    def _heading(self, node: Node, unit: str, level: int, order: int, paragraph: Paragraph, canvas: Any) -> None:
        _, code = self._language(paragraph)
        # lines are joined by a space, but in Chinese or Japanese, which have none between words
        joint = "" if script_rules(self._locales.get(code or "", "")).breaks_between_characters else " "
        lines = line_infos(paragraph) if hasattr(paragraph, "blPara") else []
        text = "".join(line.text.removesuffix("-") if line.ends_hyphenated else line.text + joint
                       for line in lines).strip()
        if any(heading.unit == unit and heading.order == order for heading in self._headings):
            return  # a heading split over pages is one bookmark
        _, top = canvas.absolutePosition(0, getattr(paragraph, "height", 0))
        self._headings.append(_Heading(self._section_key, level, unit, order, text, canvas.getPageNumber() - 1, top))

    # -- the end --------------------------------------------------------------------------

    def structure(self, pages: int) -> Structure:
        document_language = self._locales.get(self._codes[0], "und")
        document = self._freeze(self.root, None, document_language)
        document = normalise_headings(document)
        return Structure(document, document_language, self._bookmarks(), (("Address", "Div"),), pages)

    def _freeze(self, node: Node, code: str | None, inherited: str) -> Element:
        own = self._locales.get(node.language or "", None) if node.language else None
        effective = own or inherited
        children = list(node.children)
        links = [child for child in children if isinstance(child, Node) and child.role == "Link"]
        if node.role == "P" and len(links) == 1 and all(isinstance(child, MarkedContent) or child is links[0]
                                                        for child in children):
            # a line that is its link (an e-mail address, a phone number): the text goes in the Link
            link = links[0]
            link.children[:0] = [child for child in children if isinstance(child, MarkedContent)]
            children = [link]
        if node.role == "Sect" and self.reading_order == "by-language":
            children.sort(key=lambda child: child.order if isinstance(child, Node) else 0)
        frozen: list[Element | MarkedContent | LinkAnnotation] = []
        for child in children:
            if isinstance(child, Node):
                if not child.children:
                    continue
                frozen.append(self._freeze(child, child.language or code, effective))
            else:
                frozen.append(child)
        identifier = None
        if node.role == "Note":
            self._notes += 1
            identifier = f"note-{self._notes}"
        return Element(node.role, tuple(frozen), own if own and own != inherited else None, node.alt,
                       node.actual_text, identifier)

    def _bookmarks(self) -> tuple[Bookmark, ...]:
        """Section > headings, each titled with its heading in every language of the edition: a
        section's title holds its headings; a section without a title lists its headings."""
        grouped: dict[tuple[str, str], list[_Heading]] = {}
        for heading in self._headings:
            grouped.setdefault((heading.section, heading.unit), []).append(heading)
        sections: dict[str, list[tuple[int, Bookmark]]] = {}
        for (section, _), headings in grouped.items():
            headings.sort(key=lambda heading: heading.order)
            title = " / ".join(dict.fromkeys(heading.text for heading in headings if heading.text))
            first = headings[0]
            sections.setdefault(section, []).append((first.level, Bookmark(title, first.page, first.top)))
        marks: list[Bookmark] = []
        for entries in sections.values():
            top = min(level for level, _ in entries)
            parent: Bookmark | None = None
            for level, mark in entries:
                if level == top or parent is None:
                    if parent is not None:
                        marks.append(parent)
                    parent = mark if level == top else None
                    if parent is None:
                        marks.append(mark)
                    continue
                parent = Bookmark(parent.title, parent.page, parent.top, (*parent.children, mark))
            if parent is not None:
                marks.append(parent)
        return tuple(marks)


def sections_without_heading(brochure: Brochure, design: Design) -> list[Section]:
    """The edition's sections that have neither a title nor a heading: the tagged edition reads
    them as part of the section before them, with no heading or bookmark of their own (nothing
    is invented in their place)."""
    shown = {item.section for item in design.sequence if item.section is not None}
    return [section for section in brochure.sections if section.id in shown and section.title is None
            and not any(isinstance(block, Heading) for block in section.blocks)]


def normalise_headings(document: Element) -> Element:
    """Heading levels that never skip one (PDF/UA): within each section, its heading levels in
    rank order (a section without a title has its headings as its first level, card titles
    under them), the first heading of the document an H1."""

    def levels(element: Element) -> set[int]:
        found = {int(element.role[1])} if _is_heading(element.role) else set()
        for child in element.children:
            if isinstance(child, Element) and child.role != "Sect":
                found |= levels(child)
        return found

    def visit(element: Element, ranks: dict[int, int]) -> Element:
        if element.role == "Sect":
            ranks = {level: rank for rank, level in enumerate(sorted(levels(element)), start=1)}
        role = f"H{ranks[int(element.role[1])]}" if _is_heading(element.role) else element.role
        children = tuple(visit(child, ranks) if isinstance(child, Element) else child for child in element.children)
        return Element(role, children, element.language, element.alt, element.actual_text, element.identifier)

    return visit(document, {})


def _is_heading(role: str) -> bool:
    return len(role) == 2 and role[0] == "H" and role[1].isdigit()


def logical_text(paragraph: Paragraph) -> str:
    """A paragraph's text in logical (reading) order, for /ActualText: right-to-left lines are
    drawn in visual order, their words turned round."""
    if not hasattr(paragraph, "blPara"):
        return ""
    return " ".join(line.text for line in line_infos(paragraph))


_ORIGINAL_DRAW_ON = Flowable._drawOn  # type: ignore[attr-defined]  # private: not in the stubs


def _tagged_draw_on(self: Flowable, canvas: Any) -> None:
    tagger = getattr(canvas, "tagger", None)
    if tagger is None:
        _ORIGINAL_DRAW_ON(self, canvas)
        return
    with tagger.drawing(self, canvas):
        _ORIGINAL_DRAW_ON(self, canvas)


_ORIGINAL_BULLET = reportlab_paragraph._drawBullet  # type: ignore[attr-defined]  # private: not in the stubs


def _tagged_bullet(canvas: Any, *arguments: Any, **options: Any) -> Any:
    tagger = getattr(canvas, "tagger", None)
    if tagger is None:
        return _ORIGINAL_BULLET(canvas, *arguments, **options)
    with tagger.bullet(canvas):
        return _ORIGINAL_BULLET(canvas, *arguments, **options)


def install() -> None:
    """Tag the drawing of every flowable, and of a list item's bullet, on a canvas that has a
    tagger (idempotent; the drawing on any other canvas is reportlab's own)."""
    Flowable._drawOn = _tagged_draw_on  # type: ignore[attr-defined]
    reportlab_paragraph._drawBullet = _tagged_bullet  # type: ignore[attr-defined]
