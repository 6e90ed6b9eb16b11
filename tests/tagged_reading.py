"""Test helper: a tagged PDF read back with pikepdf and pdfplumber only (never the project's own
code): the structure tree with each element's effective language and text, the marked content
of each page, the characters in tagged content or artifacts, and the bookmarks."""

from __future__ import annotations

import functools
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pikepdf

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
        """The characters as pdfplumber reads them (most of the reading's time: read when a test
        asks for texts or counts, not for the structure alone)."""
        read = Characters(defaultdict(str))
        with pdfplumber.open(self.path) as plumbed:
            for index, page in enumerate(plumbed.pages):
                for char in page.chars:
                    read.count += 1
                    if char.get("mcid") is not None:
                        read.tagged += 1
                        read.text[(index, char["mcid"])] += char["text"]
                    elif char.get("tag") == "Artifact":
                        read.artifact += 1
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
