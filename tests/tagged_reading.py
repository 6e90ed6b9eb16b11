"""Test helper: a tagged PDF read back with pikepdf and PDFium (pypdfium2) only (never the project's own
code): the structure tree with each element's effective language and text, the marked content
of each page, the characters in tagged content or artifacts, and the bookmarks."""

from __future__ import annotations

import ctypes
import functools
import unicodedata
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}


@dataclass
class Node:
    role: str
    language: str  # the effective /Lang: its own or the nearest ancestor's
    own_language: str | None
    alt: str | None
    actual_text: str | None
    marked: list[tuple[int, int]]  # (page, MCID) of its own content
    children: list[Node] = field(default_factory=list)
    links: int = 0  # link annotations (OBJR) it holds

    def walk(self) -> list[Node]:
        return [self] + [found for child in self.children for found in child.walk()]

    def all_marked(self) -> list[tuple[int, int]]:
        return self.marked + [item for child in self.children for item in child.all_marked()]


def letters(text: str) -> str:
    """Only the letters and digits of `text`: spaces, line ends and punctuation differ between the
    source and what is drawn (non-breaking spaces, hyphenation, quotation marks)."""
    return "".join(char for char in text if char.isalnum() and unicodedata.category(char) != "Mn")


@dataclass
class Characters:
    text: dict[tuple[int, int], str]
    count: int = 0
    tagged: int = 0
    artifact: int = 0


class TaggedPdf:
    def __init__(self, path: Path):
        self.path = path
        self.pdf = pikepdf.open(path)
        self.page_numbers = {page.obj.objgen: index for index, page in enumerate(self.pdf.pages)}
        self.sequences: dict[int, list[int]] = {}
        self.problems: list[str] = []
        for index, page in enumerate(self.pdf.pages):
            self._read_marks(index, page)
        root = self.pdf.Root.StructTreeRoot
        top = root.K if not isinstance(root.K, pikepdf.Array) else root.K[0]
        self.document_language = str(self.pdf.Root.Lang)
        self.tree = self._node(top, self.document_language)

    @functools.cached_property
    def _characters(self) -> Characters:
        """The characters of each text object as PDFium reads them, with the marked content it
        sits in (its MCID, or its innermost tag), text in a form XObject taking the marked
        content of the form where it has none of its own, as a viewer's reader would."""
        read = Characters(defaultdict(str))
        document = pdfium.PdfDocument(str(self.path))
        try:
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                _read_objects(read, index, textpage, page.raw, pdfium_c.FPDFPage_CountObjects,
                              pdfium_c.FPDFPage_GetObject, None)
                textpage.close()
                page.close()
        finally:
            document.close()
        return read

    @property
    def text(self) -> dict[tuple[int, int], str]:
        """(page, MCID) -> the characters of that marked content."""
        return self._characters.text

    @property
    def characters(self) -> int:
        return self._characters.count

    @property
    def tagged_characters(self) -> int:
        return self._characters.tagged

    @property
    def artifact_characters(self) -> int:
        return self._characters.artifact

    def _read_marks(self, index: int, page: pikepdf.Page) -> None:
        """MCIDs of the page; painting outside marked content or an MCID inside another, or an
        artifact inside tagged content, is a problem."""
        stack: list[str] = []  # "mcid", "artifact" or "other" per open sequence
        found = []
        for item in pikepdf.parse_content_stream(page):
            operator = "Do" if isinstance(item, pikepdf.ContentStreamInlineImage) else str(item.operator)
            if operator in ("BDC", "BMC"):
                tag = str(item.operands[0])
                properties = item.operands[1] if operator == "BDC" else None
                if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                    if "mcid" in stack or "artifact" in stack:
                        self.problems.append(f"page {index + 1}: MCID inside marked content")
                    mcid = int(properties.MCID)
                    found.append(mcid)
                    stack.append("mcid")
                elif tag == "/Artifact":
                    if "mcid" in stack:
                        self.problems.append(f"page {index + 1}: artifact inside tagged content")
                    stack.append("artifact")
                else:
                    stack.append("other")
            elif operator == "EMC":
                stack.pop()
            elif operator in PAINTING and "mcid" not in stack and "artifact" not in stack:
                self.problems.append(f"page {index + 1}: {operator} neither tagged nor an artifact")
        self.sequences[index] = found

    def _node(self, element: pikepdf.Dictionary, inherited: str) -> Node:
        own = str(element.Lang) if "/Lang" in element else None
        language = own or inherited
        node = Node(str(element.S)[1:], language, own, str(element.Alt) if "/Alt" in element else None,
                    str(element.ActualText) if "/ActualText" in element else None, [])
        page = self.page_numbers.get(element.Pg.objgen) if "/Pg" in element else None
        kids = element.get("/K")
        for kid in ([] if kids is None else list(kids) if isinstance(kids, pikepdf.Array) else [kids]):
            if isinstance(kid, int):
                node.marked.append((page if page is not None else -1, int(kid)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                node.marked.append((self.page_numbers[kid.Pg.objgen], int(kid.MCID)))
            elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                node.links += 1
            elif isinstance(kid, pikepdf.Dictionary):
                node.children.append(self._node(kid, language))
        return node

    def text_of(self, node: Node) -> str:
        return "".join(self.text[item] for item in node.all_marked())

    def spoken_text_of(self, node: Node) -> str:
        """What a reader hears: the element's /ActualText where it has one, else its characters."""
        return node.actual_text if node.actual_text is not None else self.text_of(node)

    def parent_tree_problems(self) -> list[str]:
        """Each page's MCIDs lead through /StructParents and the parent tree to the element
        that holds them."""
        problems = []
        numbers = list(self.pdf.Root.StructTreeRoot.ParentTree.Nums)
        entries = {int(numbers[index]): numbers[index + 1] for index in range(0, len(numbers), 2)}
        for index, page in enumerate(self.pdf.pages):
            mcids = self.sequences[index]
            if not mcids:
                continue
            key = int(page.obj.StructParents)
            parents = entries[key]
            for mcid in mcids:
                element = parents[mcid]
                kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                held = any((isinstance(kid, int) and int(kid) == mcid and element.Pg.objgen == page.obj.objgen)
                           or (isinstance(kid, pikepdf.Dictionary) and kid.get("/MCID") == mcid
                               and kid.Pg.objgen == page.obj.objgen) for kid in kids)
                if not held:
                    problems.append(f"page {index + 1} MCID {mcid}: its parent element does not hold it")
        return problems

    def bookmarks(self) -> list[tuple[int, str]]:
        """(depth, title) of every outline entry, in order."""
        found: list[tuple[int, str]] = []

        def visit(items: list[pikepdf.OutlineItem], depth: int) -> None:
            for item in items:
                found.append((depth, item.title))
                visit(item.children, depth + 1)

        with self.pdf.open_outline() as outline:
            visit(outline.root, 0)
        return found


def _read_objects(read: Characters, page: int, textpage: pdfium.PdfTextPage, container: object,
                  count: Callable[[object], int], get: Callable[[object, int], object],
                  outer: tuple[int, str | None] | None) -> None:
    """Count the characters of the text objects in `container` (a page or a form XObject) into
    `read`: tagged (with an MCID), artifacts (innermost tag Artifact) or neither."""
    for number in range(count(container)):
        item = get(container, number)
        mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(item)
        tag = _innermost_tag(item)
        if mcid < 0 and tag is None and outer is not None:
            mcid, tag = outer
        kind = pdfium_c.FPDFPageObj_GetType(item)
        if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
            _read_objects(read, page, textpage, item, pdfium_c.FPDFFormObj_CountObjects,
                          pdfium_c.FPDFFormObj_GetObject, (mcid, tag))
        elif kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
            # PDFium ends an object's text with a space of its own where a gap follows: not drawn
            chars = _utf16(pdfium_c.FPDFTextObj_GetText, item, textpage.raw).rstrip(" ")
            read.count += len(chars)
            if mcid >= 0:
                read.tagged += len(chars)
                read.text[(page, mcid)] += chars
            elif tag == "Artifact":
                read.artifact += len(chars)


def _utf16(getter: Callable[..., int], *arguments: object) -> str:
    """A string PDFium writes as UTF-16 into a buffer it first sizes (bytes, with the final 0)."""
    size = getter(*arguments, None, 0)
    if size <= 2:
        return ""
    buffer = (ctypes.c_ushort * (size // 2))()
    getter(*arguments, buffer, size)
    return bytes(buffer)[: size - 2].decode("utf-16-le")


def _innermost_tag(item: object) -> str | None:
    marks = pdfium_c.FPDFPageObj_CountMarks(item)
    if marks <= 0:
        return None
    mark = pdfium_c.FPDFPageObj_GetMark(item, marks - 1)
    size = ctypes.c_ulong()
    pdfium_c.FPDFPageObjMark_GetName(mark, None, 0, ctypes.byref(size))
    buffer = (ctypes.c_ushort * max(1, size.value // 2))()
    pdfium_c.FPDFPageObjMark_GetName(mark, buffer, size, ctypes.byref(size))
    return bytes(buffer)[: max(0, size.value - 2)].decode("utf-16-le")
