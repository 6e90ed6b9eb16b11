"""Render stage: the logical structure of a tagged PDF (issue 31), as the tagger hands it to
finishing: elements with their role, language and alternative text, the marked-content
sequences (page, MCID) and link annotations they hold, and the bookmarks made of headings.

Plain frozen values (they cross from a rendering process to the finishing one)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MarkedContent:
    """A marked-content sequence: the page (from 0) and its MCID there."""

    page: int
    mcid: int


@dataclass(frozen=True)
class LinkAnnotation:
    """The `index`-th link annotation made on `page` (from 0), and what it names."""

    page: int
    index: int
    description: str


@dataclass(frozen=True)
class Element:
    """A structure element. `language` is written only where it differs from the parent's."""

    role: str
    children: tuple[Element | MarkedContent | LinkAnnotation, ...]
    language: str | None = None
    alt: str | None = None
    actual_text: str | None = None
    identifier: str | None = None  # /ID: PDF/UA asks one of every Note


@dataclass(frozen=True)
class Bookmark:
    title: str
    page: int  # from 0
    top: float  # the heading's top, in page coordinates
    children: tuple[Bookmark, ...] = ()


@dataclass(frozen=True)
class Structure:
    document: Element
    language: str  # the document's: the edition's first language (BCP 47)
    bookmarks: tuple[Bookmark, ...]
    role_map: tuple[tuple[str, str], ...] = ()  # own structure types and the standard ones they mean
    pages: int = 0


def walk(element: Element) -> list[Element]:
    """The element and every element below it, in reading order."""
    found = [element]
    for child in element.children:
        if isinstance(child, Element):
            found.extend(walk(child))
    return found
