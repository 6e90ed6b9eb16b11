"""Render stage: pages an edit cannot move, reused from the previous build of a live process
(`brochure watch`), so that a one-paragraph edit lays out and draws only the pages up to the
next page that begins as it did (an item's start, or a flowable of an unchanged item).

A build records each page as drawn (its content stream and the page's resources) and, at each
sequence item that starts on a fresh page, a snapshot of the document's state: the page
number, the glyph codes reportlab has given so far in each font subset (given in order of first
use, so a page's stream depends on every page before it), the fonts, objects, bookmarks and
outline so far. The next build, at such an item, compares: when its state equals the previous
build's at the same item and every item from there on is unchanged, the rest of the document
is the previous build's, page for page: those pages are replayed into the canvas (their streams
and resources, the previous build's final font subsets, bookmarks and outline) instead of
being laid out and drawn again. The result is byte-identical to a full build (a test holds it
to that); when anything differs the build simply goes on in full.

Where sections run on, most pages begin inside an item. A page that begins with a flowable the
story builder made (layout/markers.py: FlowOrigins, by item and index) of an unchanged item is
compared the same way (`flow_starts_page`), with what else decides the pages after it: the page
template to come, the flowable's plain attributes, the padding pages already decided past it. A
part split off a flowable, or one the layout changed ahead of placing it (`TOUCHED`), is never
compared.

This holds because a page depends only on what comes before it: nothing on a page may depend
on later pages (a total page count, a "see page N" forward reference). Such a feature must
enter the items' keys, or turn reuse off.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import ExtGState  # type: ignore[attr-defined]  # public, not in the stubs

from brochure.kept import Kept
from brochure.layout.page_map import PageMap
from brochure.layout.page_plan import PlanChoice
from brochure.layout.story import image_credits
from brochure.load.paths import file_stamp
from brochure.model.content import Brochure, ImageBlock
from brochure.model.design import Design
from brochure.typeset.laid_lines import LAID_LINES_BUDGET, LaidLines

ASSET_FOLDERS = ("fonts", "images", "profiles")
# a reportlab Canvas, read and set through its private state (streams, resources, subsets),
# which the type stubs leave out
ReportlabCanvas = Any
_INTERNAL_NAME = "__InternalName__"  # reportlab marks an object registered in a document with it


@dataclass(frozen=True)
class PageRecord:
    """One page as the canvas showed it: enough to show it again in another document."""

    code: tuple[str, ...]
    registered: tuple[tuple[str, Any], ...]   # objects the page added to the document, unformatted
    forms: tuple[str, ...]
    annotations: tuple[Any, ...]
    colours: dict[str, Any]
    shadings: dict[str, Any]
    graphics_states: dict[Any, str]
    has_images: int
    rotation: int
    size: tuple[float, float]

    @cached_property
    def digest(self) -> str:
        """What the page draws, as a hash: equal digests, same page. The objects it brings (an
        image is named after its file, not its pixels) count with its operators."""
        digest = hashlib.sha1("".join(self.code).encode("utf-8", "surrogatepass"))
        for name, stored in self.registered:
            content = getattr(stored, "streamContent", None)
            digest.update(f"{name}:{hashlib.sha1(content).hexdigest() if isinstance(content, bytes) else ''}"
                          .encode())
        return digest.hexdigest()

    def show(self, canvas: ReportlabCanvas) -> None:
        """Register the page's objects under their names and show the page again."""
        document = canvas._doc
        for name, stored in self.registered:
            document.Reference(copy.deepcopy(stored), name)  # the document writing it changes it
        canvas._code = list(self.code)
        canvas._formsinuse = list(self.forms)
        canvas._annotationrefs = list(self.annotations)
        canvas._colorsUsed = dict(self.colours)
        canvas._shadingUsed = dict(self.shadings)
        graphics = ExtGState()
        graphics._c = dict(self.graphics_states)
        canvas._extgstate = graphics
        canvas._currentPageHasImages = self.has_images
        canvas.setPageRotation(self.rotation)
        canvas.setPageSize(self.size)
        canvas.showPage()


@dataclass(frozen=True)
class DocumentState:
    """What the document holds beyond its pages at a point between two pages: the glyph
    codes of each font subset, the fonts in use, the bookmarks and the outline so far."""

    font_states: tuple[tuple[Any, Any], ...]   # (font, reportlab's subset state), a copy
    font_mapping: dict[str, str]
    delayed_fonts: tuple[Any, ...]
    outline: Any
    destinations: dict[str, Any]
    pdf_version: tuple[int, int]    # raised by what a page uses (transparency, overprint: 1.4)
    counters: tuple[int, int]       # links made (they name their objects by number), shadings made
    # the objects registered so far (their count and names): a page registers an image only where
    # it is first drawn; compared, not restored (the pages shown again register them)
    objects: tuple[int, tuple[str, ...]]

    @classmethod
    def of(cls, canvas: ReportlabCanvas) -> DocumentState:
        document = canvas._doc
        fonts = tuple((font, _copied_font_state(font.state[document])) for font in document.delayedFonts
                      if document in getattr(font, "state", {}))
        outline, destinations = copy.deepcopy((document.outline, canvas._destinations))
        return cls(fonts, dict(document.fontMapping), tuple(document.delayedFonts), outline, destinations,
                   document._pdfVersion, (canvas._annotationCount, document.shadingCounter),
                   (document.objectcounter, tuple(document.numberToId.values())))

    def digest(self, page: int) -> bytes:
        """The state as far as later pages' bytes depend on it, with the page it is at."""
        return _state_digest(page, self.font_states, self.font_mapping, self.outline, self.destinations,
                             self.pdf_version, self.counters, self.objects)

    @staticmethod
    def digest_of(canvas: ReportlabCanvas, page: int) -> bytes:
        """The digest of the canvas's state now, as DocumentState.of(canvas).digest(page) gives it,
        without copying the state (a page that begins inside an item needs only its digest)."""
        document = canvas._doc
        fonts = tuple((font, font.state[document]) for font in document.delayedFonts
                      if document in getattr(font, "state", {}))
        return _state_digest(page, fonts, document.fontMapping, document.outline, canvas._destinations,
                             document._pdfVersion, (canvas._annotationCount, document.shadingCounter),
                             (document.objectcounter, tuple(document.numberToId.values())))

    def restore(self, canvas: ReportlabCanvas) -> None:
        document = canvas._doc
        for font, state in self.font_states:
            font.state[document] = _copied_font_state(state)
        document.fontMapping = dict(self.font_mapping)
        document.delayedFonts = list(self.delayed_fonts)
        outline, destinations = copy.deepcopy((self.outline, self.destinations))
        document.outline = document.Outlines = document.Catalog.Outlines = outline
        canvas._destinations = destinations
        document._pdfVersion = self.pdf_version
        canvas._annotationCount, document.shadingCounter = self.counters


_FONT_STATE = {"assignments", "nextCode", "internalName", "frozen", "subsets"}  # reportlab's TTFont.State


def _copied_font_state(state: Any) -> Any:
    """A copy of a font's subset state (reportlab's TTFont.State: its codes given so far): its dict
    and lists copied, as deepcopy would, at a tenth of the cost (a rebuild copies each font's state
    at every item that starts a page and where it resumes); deepcopy for a state of another shape."""
    if set(vars(state)) != _FONT_STATE:
        return copy.deepcopy(state)
    duplicate = copy.copy(state)
    duplicate.assignments = dict(state.assignments)
    duplicate.subsets = [list(subset) for subset in state.subsets]
    return duplicate


def _state_digest(page: int, font_states: Any, font_mapping: dict[str, str], outline: Any, destinations: Any,
                  pdf_version: Any, counters: Any, objects: Any) -> bytes:
    fonts = tuple((font.fontName, state.nextCode, state.internalName, tuple(state.assignments.items()),
                   tuple(map(tuple, state.subsets))) for font, state in font_states)
    marks = tuple((key, getattr(destination.page, "name", None), type(destination.fmt).__name__)
                  for key, destination in destinations.items())
    parts = (page, objects, pdf_version, counters, tuple(font_mapping.items()), fonts, marks,
             (repr(outline.buildtree), tuple(outline.destinationnamestotitles.items()),
              tuple(outline.closedict.items()), repr(outline.levelstack), getattr(outline, "currentlevel", None)))
    return hashlib.sha1(repr(parts).encode("utf-8", "surrogatepass")).digest()


@dataclass(frozen=True)
class LayoutState:
    """What the document template decided before a point that later pages depend on: the blank
    the page plan's budget has spent there, and its run-on choices so far (layout/page_plan.py)."""

    spent: float = 0.0
    choices: tuple[PlanChoice, ...] = ()


@dataclass(frozen=True)
class ItemState:
    """The document where a sequence item began a page: the page, a digest of the state, and
    the state itself (to start a later build there)."""

    page: int
    digest: bytes
    state: DocumentState
    layout: LayoutState = LayoutState()


@dataclass(frozen=True)
class FlowState:
    """The document where a page began with a flowable inside an item: the page, a digest of the
    document's state and of the template's (which page template comes, the flowable's own plain
    attributes), and the page plan's state there."""

    page: int
    digest: bytes
    layout: LayoutState


@dataclass(frozen=True)
class Resumed:
    """Where a build starts or ends on the previous build's pages: the item's position and the
    page it begins (the first page not shown again, or the first shown again), the blank and
    filler pages shown again, and the layout state there (started) or the choices after (replayed)."""

    position: int
    page: int
    blank_pages: list[int]
    filler_pages: list[int]
    layout: LayoutState


@dataclass
class RecordedBuild:
    """One build's pages, its state where each page-starting item began, and its outputs."""

    inputs: BuildInputs
    pages: list[PageRecord] = field(default_factory=list)
    states: dict[int, ItemState] = field(default_factory=dict)  # by the item's position in the sequence
    # where a page began inside an item, with one of the item's own flowables (layout/markers.py:
    # FlowOrigins): by (the item's position, the flowable's index in it); the digest only
    flow_states: dict[tuple[int, int], FlowState] = field(default_factory=dict)
    final: DocumentState | None = None
    page_map: PageMap | None = None
    blank_pages: list[int] = field(default_factory=list)
    filler_pages: list[int] = field(default_factory=list)
    plan_choices: list[PlanChoice] = field(default_factory=list)


@dataclass(frozen=True)
class BuildInputs:
    """What the pages of a build are made from: everything but the sequence items (one key),
    and one key per item of the page sequence."""

    common: str
    items: tuple[str, ...]


COMPRESSED_MEMORY_BYTES = 64 * 1024 * 1024  # compressed streams kept in a live process, at most
# and by one rendering of a cold build: its page plan's layouts draw most pages, fonts and images
# alike (fr-en: 22 of the second layout's 26 streams are the first's). Enough for every stream of a
# few hundred pages (N=10's three layouts: 1.8 MiB); past that a layout's streams push out those it
# has drawn already, the oldest first, and the memory held stays flat (a 1 380-page edition's
# three layouts would keep about 10 MiB for hits that save a fraction of a second of zlib)
RENDERING_COMPRESSED_BYTES = 4 * 1024 * 1024


@dataclass
class ReuseStore:
    """What a live process keeps between builds: each edition's last build by (edition file,
    rendering), and streams compressed lately, by content (zlib costs a tenth of a rebuild, and
    most pages, images and font files come back unchanged)."""

    # by (edition file, rendering), and by (edition file, rendering, budget) for the page plan's trials
    builds: dict[tuple[str, ...], RecordedBuild] = field(default_factory=dict)
    compressed: Kept[bytes, bytes] = field(default_factory=lambda: compressed_streams(COMPRESSED_MEMORY_BYTES))
    # each (edition file, rendering)'s paragraphs as its last build broke them: where sections run
    # on, a rebuild lays out every page up to the edit again, and nearly all of its paragraphs are
    # as they were (a record is keyed by all that breaking reads: typeset/laid_lines.py)
    laid_lines: dict[tuple[str, str], LaidLines] = field(default_factory=dict)

    def laid_lines_of(self, edition: str, rendering: str) -> LaidLines:
        """The record of laid lines the builds of `edition`'s `rendering` share."""
        return self.laid_lines.setdefault((edition, rendering), LaidLines(LAID_LINES_BUDGET))

    def remembering_compression(self) -> AbstractContextManager[None]:
        """reportlab's Flate filter, answered from memory for a stream compressed before."""
        return remembering_compression(self.compressed)


def compressed_streams(budget: int) -> Kept[bytes, bytes]:
    """Compressed streams by their content's digest, up to `budget` bytes of them."""
    return Kept(lambda _key, stream: len(stream), budget)


@contextmanager
def remembering_compression(compressed: Kept[bytes, bytes]) -> Iterator[None]:
    """reportlab's Flate filter inside the block, answered from `compressed` for a stream
    compressed before (zlib gives the same bytes for the same stream: nothing else changes)."""
    zlib_filter = pdfdoc.PDFZCompress
    plain = zlib_filter.encode

    def encode(text: str | bytes) -> bytes:
        data = text.encode("utf8") if isinstance(text, str) else text  # as reportlab encodes it
        key = hashlib.sha1(data).digest() + len(data).to_bytes(8, "little")
        known = compressed.get(key)
        return known if known is not None else compressed.keep(key, plain(data))

    zlib_filter.encode = encode  # type: ignore[method-assign]  # an instance's attribute, for this build
    try:
        yield
    finally:
        del zlib_filter.encode


class Converged(Exception):  # a signal between the document and the recorder, not an error
    """The rest of the document is the previous build's, from the recorder's `converged_at` on.
    (reportlab re-raises exceptions from its actions rebuilt from a message: the page is kept
    by the recorder, not here.)"""


class PageRecorder:
    """Records one build's pages and states; replays the previous build's pages once the two
    builds agree. Handed to the document template, which calls it at each page."""

    def __init__(self, inputs: BuildInputs, previous: RecordedBuild | None):
        self.previous = previous if previous is not None and previous.inputs.common == inputs.common else None
        self.recorded = RecordedBuild(inputs)
        self._objects_before = 0
        self.converged_at: int | None = None  # the page from which the previous build's pages stand
        self.converged_item = 0               # the item that begins that page, or that it begins in
        self.converged_choices = 0            # the page plan's run-on choices made before that page
        self.fast_forwarded_to: int | None = None  # the page the build started at, the ones before reused

    # -- recording, called by the canvas -------------------------------------------------

    def page_shown(self, canvas: ReportlabCanvas) -> None:
        """Called before the canvas shows a page: keep what it drew."""
        document = canvas._doc
        numbers = document.numberToId  # (an object registered again under its name takes a number, no entry)
        registered = tuple((numbers[number], _unregistered(document.idToObject[numbers[number]]))
                           for number in range(self._objects_before + 1, document.objectcounter + 1)
                           if number in numbers)
        self.recorded.pages.append(PageRecord(
            tuple(canvas._code), registered, tuple(canvas._formsinuse), tuple(canvas._annotationrefs),
            dict(canvas._colorsUsed), dict(canvas._shadingUsed), dict(canvas._extgstate._c),
            canvas._currentPageHasImages, canvas._pageRotation, tuple(canvas._pagesize)))

    def page_started(self, canvas: ReportlabCanvas) -> None:
        """Called after the canvas showed a page: objects from here on belong to the next one."""
        self._objects_before = canvas._doc.objectcounter

    def saving(self, canvas: ReportlabCanvas) -> None:
        """Called before the document is written (which changes the objects): keep the final state."""
        self.recorded.final = DocumentState.of(canvas)

    # -- at an item that starts a page, called by the document ---------------------------

    def _item_unchanged(self) -> list[bool] | None:
        """For each sequence item, whether it is as it was in the previous build (everything else
        unchanged too); None when there is no previous build of the same sequence."""
        previous, current = self.previous, self.recorded.inputs.items
        if previous is None or len(previous.inputs.items) != len(current):
            return None
        return [before == now for before, now in zip(previous.inputs.items, current)]

    def unchanged_items(self) -> frozenset[int]:
        """The positions of the items as they were: their flowables need making only if layout
        reaches them."""
        unchanged = self._item_unchanged() or []
        return frozenset(position for position, same in enumerate(unchanged) if same)

    def fast_forward(self, canvas: ReportlabCanvas, page_map: PageMap) -> Resumed | None:
        """Before the first page: when the previous build began a page at an item before the
        first changed one, show its pages up to there and take its state there. Returns that
        item's position, the page it begins, the blank and filler pages before it and the layout
        state there, or None."""
        previous, unchanged = self.previous, self._item_unchanged()
        if previous is None or previous.page_map is None or unchanged is None:
            return None
        changed = unchanged.index(False) if False in unchanged else len(unchanged)
        starts = [position for position in previous.states if position <= changed]
        if not starts:
            return None
        position = max(starts)
        start = previous.states[position]
        self.fast_forwarded_to = start.page
        for record in previous.pages[:start.page - 1]:
            record.show(canvas)
        start.state.restore(canvas)
        take_records(page_map, previous.page_map, lambda number: number < start.page, first=True)
        self.recorded.states.update({earlier: state for earlier, state in previous.states.items()
                                     if state.page < start.page})
        self.recorded.flow_states.update({where: state for where, state in previous.flow_states.items()
                                          if state.page < start.page})
        return Resumed(position, start.page, [number for number in previous.blank_pages if number < start.page],
                       [number for number in previous.filler_pages if number < start.page], start.layout)

    def item_starts_page(self, canvas: ReportlabCanvas, position: int, page: int,
                         layout: LayoutState = LayoutState()) -> None:
        """Note the state where item `position` begins page `page`; raise Converged when the
        previous build was in the same state there (the page plan's spent blank included: it
        decides later pages) and nothing from this item on changed."""
        state = DocumentState.of(canvas)
        digest = state.digest(page)
        self.recorded.states[position] = ItemState(page, digest, state, layout)
        if self.previous is not None:
            self._converge_if_same(self.previous.states.get(position), page, digest, layout, position)

    def flow_starts_page(self, canvas: ReportlabCanvas, where: tuple[int, int], page: int, layout: LayoutState,
                         template: bytes) -> None:
        """Note the state where page `page` begins with flowable `where` (item position, index in
        the item) inside a run-on item; raise Converged when the previous build began the same page
        with the same flowable in the same state and nothing from its item on changed. `template`:
        what else decides the page (the page template to come, the flowable's plain attributes)."""
        digest = hashlib.sha1(DocumentState.digest_of(canvas, page) + template).digest()
        self.recorded.flow_states[where] = FlowState(page, digest, layout)
        if self.previous is not None:
            self._converge_if_same(self.previous.flow_states.get(where), page, digest, layout, where[0])

    def _converge_if_same(self, before: ItemState | FlowState | None, page: int, digest: bytes, layout: LayoutState,
                          position: int) -> None:
        """Raise Converged when the previous build, whole, was at `before` on the same page in the
        same state (the page plan's spent blank included, when it still decides a later page) and
        nothing from item `position` on changed."""
        previous = self.previous
        if previous is None or previous.final is None or before is None:
            return
        if (before.page, before.digest) != (page, digest):
            return
        # the spent blank decides the run-on choices still to come, and nothing else: when the
        # previous build made none from here on, this build (the same from here) makes none either
        choices_after = len(previous.plan_choices) > len(before.layout.choices)
        if before.layout.spent != layout.spent and choices_after:
            return
        if previous.inputs.items[position:] != self.recorded.inputs.items[position:]:
            return
        self.converged_at, self.converged_item, self.converged_choices = page, position, len(before.layout.choices)
        raise Converged

    def replay(self, canvas: ReportlabCanvas, page_map: PageMap) -> Resumed:
        """Show the previous build's pages from where the builds converged on, with its final
        state; returns the page count (as `page`), the blank and filler pages from there on and
        the run-on choices the previous build made after it."""
        previous, page = self.previous, self.converged_at
        assert previous is not None and previous.final is not None and previous.page_map is not None
        assert page is not None
        position = self.converged_item
        made = self.converged_choices
        for record in previous.pages[page - 1:]:
            record.show(canvas)
        previous.final.restore(canvas)
        take_records(page_map, previous.page_map, lambda number: number >= page, first=False)
        self.recorded.states.update({position: state for position, state in previous.states.items()
                                     if state.page >= page})
        self.recorded.flow_states.update({where: state for where, state in previous.flow_states.items()
                                          if state.page >= page})
        return Resumed(position, len(previous.pages), [number for number in previous.blank_pages if number >= page],
                       [number for number in previous.filler_pages if number >= page],
                       LayoutState(0.0, tuple(previous.plan_choices[made:])))

    def laid_out(self, pages: int) -> tuple[int, int]:
        """The first and last page this build laid out and drew itself (first > last: none)."""
        return (self.fast_forwarded_to or 1, (self.converged_at or pages + 1) - 1)

    def finished(self, page_map: PageMap, blank_pages: list[int], filler_pages: list[int] | None = None,
                 plan_choices: list[PlanChoice] | None = None) -> RecordedBuild:
        self.recorded.page_map = page_map
        self.recorded.blank_pages = list(blank_pages)
        self.recorded.filler_pages = list(filler_pages or ())
        self.recorded.plan_choices = list(plan_choices or ())
        return self.recorded


PAGE_MAP_RECORDS = ("placed", "loose_lines", "paragraphs", "maps", "page_breaks", "fills", "page_fills")


def take_records(page_map: PageMap, previous: PageMap, kept: Callable[[int], bool], first: bool) -> None:
    """The previous build's records of the pages `kept` selects, put before (`first`) or after
    this build's own."""
    for name in PAGE_MAP_RECORDS:
        records = [item for item in getattr(previous, name) if kept(item.page)]
        mine = getattr(page_map, name)
        if first:
            mine[:0] = records
        else:
            mine.extend(records)
    page_map.panels.update({key: count for key, count in previous.panels.items() if kept(key[1])})
    # the filler pages of notes, by number: the page plan's cost counts them
    notes = [number for number in previous.notes_pages if kept(number) and number not in page_map.notes_pages]
    page_map.notes_pages[:] = notes + page_map.notes_pages if first else page_map.notes_pages + notes


def _unregistered(stored: Any) -> Any:
    """A copy of a document object, as yet unwritten, without the mark of the document it
    was registered in."""
    duplicate = copy.deepcopy(stored)
    if _INTERNAL_NAME in getattr(duplicate, "__dict__", {}):
        del duplicate.__dict__[_INTERNAL_NAME]
    return duplicate


def build_inputs(brochure: Brochure, design: Design, project_root: Path) -> BuildInputs:
    """Keys of what a build's pages are made from: each sequence item (its section and the
    image files it shows), and all the rest (the layout, the brochure-wide content, cards,
    the credits the back cover gathers from every section, and every file the layout and
    content name or the asset folders hold, by size and times)."""
    items = []
    for item in design.sequence:
        section = next((s for s in brochure.sections if s.id == item.section), None)
        shown = [file_key(project_root, block.path) for block in (section.blocks if section else ())
                 if isinstance(block, ImageBlock)]
        items.append(_digest(repr((item, section, shown))))
    named = [file_key(project_root, value) for cards in brochure.card_lists for card in cards.cards
             for _, value in card.values if isinstance(value, str) and (project_root / value).is_file()]
    named += [file_key(project_root, face) for family in design.fonts for _, face in family.faces()]
    named += [file_key(project_root, image.path) for template in design.templates
              for image in (template.image, template.logo) if image is not None]
    if design.printing.output_intent is not None:
        named.append(file_key(project_root, design.printing.output_intent.profile))
    for folder in ASSET_FOLDERS:
        root = project_root / folder
        if root.is_dir():
            named += [file_key(project_root, str(path.relative_to(project_root)))
                      for path in sorted(root.rglob("*")) if path.is_file()]
    common = _digest(repr((design, replace(brochure, sections=()), image_credits(brochure, design), named)))
    return BuildInputs(common, tuple(items))


def file_key(project_root: Path, relative: str) -> tuple[str, object]:
    return relative, file_stamp(project_root / relative)


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()
