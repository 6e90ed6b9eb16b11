"""Finish stage: a tagged PDF (issue 31): the structure tree the rendering built written into the
file (elements, parent tree, link annotations as Link elements), what the story did not mark
made an artifact, bookmarks nested from the headings, and the viewer told to show the title.

pikepdf (QPDF) reads and writes the objects: the tree points at pages and annotations by
reference, which pypdf would copy instead of keep."""

from __future__ import annotations

import io
from collections.abc import Iterable
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator, String

from brochure.render.structure import Bookmark, Element, LinkAnnotation, MarkedContent, Structure

MARKED_CONTENT_BEGIN = {"BMC", "BDC"}
# operators that put marks on the page (text, paths, images, shadings)
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n", "sh", "Do", "EI", "INLINE IMAGE"}


def add_structure(pdf: bytes, structure: Structure, booklet: bool, right_to_left: bool) -> bytes:
    """The rendered screen PDF, tagged: PDF/UA-1's machine-checkable part."""
    document = pikepdf.open(io.BytesIO(pdf))
    for page in document.pages:
        wrap_artifacts(document, page)
    _write_tree(document, structure)
    root = document.Root
    root.MarkInfo = Dictionary(Marked=True)
    preferences = Dictionary(DisplayDocTitle=True)
    if right_to_left:
        preferences.Direction = Name.R2L
    root.ViewerPreferences = preferences
    if booklet:  # a booklet is read in spreads, its cover alone on the right
        root.PageLayout = Name.TwoPageRight
    _write_bookmarks(document, structure.bookmarks)
    output = io.BytesIO()
    document.save(output, deterministic_id=True)
    return output.getvalue()


def wrap_artifacts(document: pikepdf.Pdf, page: pikepdf.Page) -> None:
    """Everything the page draws outside marked content becomes an /Artifact sequence (bands,
    rules, folios, backgrounds, crop marks): a reader skips it, and no content is left unmarked."""
    instructions = pikepdf.parse_content_stream(page)
    wrapped: list[Any] = []
    run: list[Any] = []
    depth = 0

    def flush() -> None:
        if any(_operator(item) in PAINTING for item in run):
            wrapped.append(pikepdf.ContentStreamInstruction([Name.Artifact], Operator("BMC")))
            wrapped.extend(run)
            wrapped.append(pikepdf.ContentStreamInstruction([], Operator("EMC")))
        else:
            wrapped.extend(run)
        run.clear()

    for item in instructions:
        operator = _operator(item)
        if depth == 0 and operator in MARKED_CONTENT_BEGIN:
            flush()
        if operator in MARKED_CONTENT_BEGIN:
            depth += 1
        elif operator == "EMC":
            depth = max(depth - 1, 0)
            wrapped.append(item)
            continue
        if depth == 0 and operator not in MARKED_CONTENT_BEGIN:
            # the story's marked sequences hold whole text objects (BT … ET): a run between two
            # of them never cuts one
            run.append(item)
            continue
        wrapped.append(item)
    flush()
    page.obj.Contents = document.make_stream(pikepdf.unparse_content_stream(wrapped))


def _operator(item: Any) -> str:
    if isinstance(item, pikepdf.ContentStreamInlineImage):
        return "INLINE IMAGE"
    return str(item.operator)


def _write_tree(document: pikepdf.Pdf, structure: Structure) -> None:
    pages = document.pages
    links: list[list[pikepdf.Object]] = [
        [annot for annot in page.obj.get("/Annots", Array()) if annot.get("/Subtype") == Name.Link]
        for page in pages]
    marked: dict[int, dict[int, pikepdf.Object]] = {}
    annotations: list[tuple[pikepdf.Object, pikepdf.Object]] = []
    tree_root = document.make_indirect(Dictionary(Type=Name.StructTreeRoot))

    def make(element: Element, parent: pikepdf.Object) -> pikepdf.Object:
        made = document.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + element.role), P=parent))
        kids: list[Any] = []
        for child in element.children:
            if isinstance(child, Element):
                kids.append(make(child, made))
            elif isinstance(child, MarkedContent):
                page = pages[child.page].obj
                if "/Pg" not in made:
                    made.Pg = page
                # on the element's own page an MCID stands alone; elsewhere a reference says the page
                kids.append(child.mcid if made.Pg.objgen == page.objgen
                            else Dictionary(Type=Name.MCR, Pg=page, MCID=child.mcid))
                marked.setdefault(child.page, {})[child.mcid] = made
            elif isinstance(child, LinkAnnotation):
                annotation = links[child.page][child.index]
                annotation.Contents = String(child.description)
                annotations.append((annotation, made))
                kids.append(Dictionary(Type=Name.OBJR, Obj=annotation, Pg=pages[child.page].obj))
        made.K = kids[0] if len(kids) == 1 else Array(kids)
        if element.language:
            made.Lang = String(element.language)
        if element.alt is not None:
            made.Alt = String(element.alt)
        if element.actual_text is not None:
            made.ActualText = String(element.actual_text)
        if element.identifier is not None:
            made.ID = String(element.identifier)
        return made

    top = make(structure.document, tree_root)
    numbers: list[Any] = []
    for index, page in enumerate(pages):
        page.obj.StructParents = index
        page.obj.Tabs = Name.S  # annotations in structure order (PDF/UA)
        sequences = marked.get(index, {})
        numbers.extend([index, Array([sequences[mcid] for mcid in sorted(sequences)])])
    key = len(pages)
    for annotation, element in annotations:
        annotation.StructParent = key
        numbers.extend([key, element])
        key += 1
    tree_root.K = Array([top])
    tree_root.ParentTree = document.make_indirect(Dictionary(Nums=Array(numbers)))
    tree_root.ParentTreeNextKey = key
    if structure.role_map:
        tree_root.RoleMap = Dictionary({f"/{own}": Name("/" + standard) for own, standard in structure.role_map})
    document.Root.StructTreeRoot = tree_root


def _write_bookmarks(document: pikepdf.Pdf, bookmarks: Iterable[Bookmark]) -> None:
    """The outline made anew: sections, the headings inside them."""
    pages = document.pages
    outlines = document.make_indirect(Dictionary(Type=Name.Outlines))

    def add(parent: pikepdf.Object, marks: list[Bookmark]) -> int:
        made = []
        for mark in marks:
            item = document.make_indirect(Dictionary(
                Title=String(mark.title), Parent=parent,
                Dest=Array([pages[mark.page].obj, Name.XYZ, None, round(mark.top, 2), None])))
            made.append((item, mark))
        for index, (item, mark) in enumerate(made):
            if index:
                item.Prev = made[index - 1][0]
            if index + 1 < len(made):
                item.Next = made[index + 1][0]
            if mark.children:
                count = add(item, list(mark.children))
                item.Count = -count  # closed: a section's headings show when opened
        if made:
            parent.First = made[0][0]
            parent.Last = made[-1][0]
        return len(made)

    total = add(outlines, list(bookmarks))
    outlines.Count = total
    document.Root.Outlines = outlines
