"""Render stage: the reportlab document template: media box with bleed and slug,
recto/verso page templates, page boxes, padding to a multiple of pages."""

from __future__ import annotations

from functools import partial
from typing import Any, BinaryIO

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFArray, PDFName, PDFStream, PDFZCompress
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, PageBreak
from reportlab.platypus.doctemplate import ActionFlowable, BaseDocTemplate, LayoutError, NextPageTemplate
from reportlab.platypus.doctemplate import PageTemplate as ReportlabPageTemplate

from brochure.errors import OversetError
from brochure.images import ImageAssets
from brochure.layout.card_spacing import justify_cards, spread
from brochure.layout.fill import FillIfRoom
from brochure.layout.flowables import EPSILON, RuledLines
from brochure.layout.geometry import column_rects, is_recto, text_frame
from brochure.layout.markers import TOUCHED, AutoPageBreak, DeferredItem, FlowOrigins, ItemStart, PadPages
from brochure.layout.page_map import FillChoice, PageBreakChoice, PageFill, PageMap
from brochure.layout.page_plan import RUN_ON_MIN_FREE, PageBudget, PlanChoice
from brochure.layout.running_heads import SectionOpenings
from brochure.model.content import Brochure
from brochure.model.design import Design, Marks
from brochure.model.design import PageTemplate as DesignTemplate
from brochure.render.cancel import stop_if_cancelled
from brochure.render.decoration import PageDecorator
from brochure.render.reuse import Converged, LayoutState, PageRecorder
from brochure.render.tagging import Tagger
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.styles import StyleBook

SIDES = ("recto", "verso")


class ColumnFrame(Frame):
    """reportlab's Frame, its available width its own width. reportlab takes it as (x + width) - x,
    which differs in the last place between a recto's column and a verso's: a paragraph then
    measured on both would be broken twice, for two widths that are the same column (the page
    plan's layouts lay each paragraph the first broke: typeset/laid_lines.py)."""

    def _geom(self) -> None:
        super()._geom()  # type: ignore[misc]  # reportlab's own, which the stubs leave out
        frame: Any = self  # reportlab keeps its geometry in private attributes the stubs leave out
        frame._aW = frame._width - frame._leftPadding - frame._rightPadding


class BrochureDocument(BaseDocTemplate):
    """Pages are media-box sized (trim + bleed + slug); text frames sit inside the trim."""

    def __init__(self, output: BinaryIO, design: Design, brochure: Brochure, styles: StyleBook,
                 page_map: PageMap, marks: Marks | None = None, images: ImageAssets | None = None,
                 glyphs: GlyphCheck | None = None, recorder: PageRecorder | None = None,
                 tagger: Tagger | None = None, budget: PageBudget | None = None,
                 origins: FlowOrigins | None = None):
        page = design.page
        first_language = brochure.language(design.columns[0])
        titles = " / ".join(brochure.title.get(code) for code in design.columns)
        super().__init__(
            output, pagesize=(page.media_width, page.media_height),
            leftMargin=0, rightMargin=0, topMargin=0, bottomMargin=0,
            title=titles, author=(brochure.publisher.get(design.columns[0]) if brochure.publisher else ""),
            creator="brochure", producer="brochure (reportlab)", subject="", keywords=[],
            invariant=1, pageCompression=1,
            enforceColorSpace="cmyk" if styles.rgb_profile is None else "rgb",
            lang=first_language.locale.replace("_", "-"),
            trimBox=page.trim_box.as_box(), bleedBox=page.bleed_box.as_box(),
            # reportlab opens every page in Helvetica, a base-14 font that is never
            # embedded: start in the body font instead.
            initialFontName=styles.paragraph_style("body", first_language).fontName,
        )
        self.design = design
        self.page_map = page_map
        self.blank_pages: list[int] = []  # pages left blank to reach the page multiple
        self.filler_pages: list[int] = []  # pages the layout's fillers took to reach it
        self._floating: list[Flowable] = []  # floats waiting for the top of the next column
        self.budget = budget or PageBudget()  # the page plan's: blank it may leave to spread the content
        self._spent = 0.0
        self.plan_choices: list[PlanChoice] = []  # each section that ran on: what decided its page
        self.recorder = recorder  # a live process's rebuild: pages recorded, unchanged ones reused
        self.origins = origins  # with it: where the story's flowables come from, to compare page starts
        self.tagger = tagger  # the screen edition's structure tree (issue 31), built while drawing
        self._story: list[Flowable] = []
        self._families = {template.name for template in design.templates}
        decorate = PageDecorator(design, brochure, styles, marks, images=images, glyphs=glyphs)
        openings = SectionOpenings(design)
        templates = []
        # one language flows through the page's column grid; two or three are set side by
        # side in one frame (each row holds a cell per language); covers keep one frame
        covers = {item.template for item in design.sequence if item.kind in ("cover", "back_cover")}
        self._covers = covers
        for template in design.templates:
            count = (template.columns or page.columns) if len(design.columns) == 1 and template.name not in covers \
                else 1
            for side in SIDES:
                rects = column_rects(text_frame(page, template, side == "recto"), count, page.gutter)
                frames: list[Frame] = [
                    ColumnFrame(rect.x, rect.y, rect.width, rect.height, leftPadding=0, rightPadding=0, topPadding=0,
                                bottomPadding=0, id=f"{template.name}:{side}:text{index}")
                    for index, rect in enumerate(rects)]
                other = SIDES[1 - SIDES.index(side)]
                templates.append(ReportlabPageTemplate(
                    id=f"{template.name}:{side}", frames=frames,
                    onPage=partial(_decorate_page, decorate, template),
                    onPageEnd=partial(_section_bands, decorate, openings, page_map, template),
                    autoNextPageTemplate=f"{template.name}:{other}"))
        first = design.sequence[0].template if design.sequence else design.templates[0].name
        templates.sort(key=lambda t: t.id != f"{first}:recto")
        self.addPageTemplates(templates)

    def build(self, flowables: list[Flowable], filename: Any = None, canvasmaker: Any = None,
              write: bool = True) -> None:
        """reportlab's build; with a recorder, pages are recorded as shown, and once the rest of
        the document is known to be the previous build's, its pages are shown instead. Without
        `write`, the file is written when the canvas is saved, later or never: the page plan's
        trials are compared by their pages, and only the chosen one needs its file."""
        flowables.append(FloatsDone())  # a float still waiting is set before the document ends
        self._story = flowables  # reportlab consumes this very list: its head is the next flowable
        self._doSave = write  # reportlab's own switch: its build writes the file at the end
        recorder = self.recorder
        if self.tagger is not None:
            super().build(flowables, filename, canvasmaker or partial(TaggingCanvas, tagger=self.tagger))
            return
        if recorder is None:
            super().build(flowables, filename, canvasmaker or CompressingCanvas)
            return
        try:
            super().build(flowables, filename, partial(RecordingCanvas, recorder=recorder))
        except Converged:
            replayed = recorder.replay(self.canv, self.page_map)
            self.page = replayed.page
            # (the padding decided before the page it converged at may already name pages after it)
            self.blank_pages.extend(number for number in replayed.blank_pages if number not in self.blank_pages)
            self.filler_pages.extend(number for number in replayed.filler_pages if number not in self.filler_pages)
            self.plan_choices.extend(replayed.layout.choices)
            if write:
                self.canv.save()
        canvas: Any = self.canv
        canvas.pages_done()  # the final state recorded now, as it is before any writing
        recorder.finished(self.page_map, self.blank_pages, self.filler_pages, self.plan_choices)

    def handle_pageBegin(self) -> None:
        for frame in self.pageTemplate.frames:  # a balanced column's shortened foot, restored
            frame._geom()  # type: ignore[attr-defined]  # reportlab's own
            frame.balanced = False  # type: ignore[attr-defined]
        story = self._story
        if self.recorder is not None and self.page == 0:
            self._fast_forward(self.recorder)
        # a float waiting for a later column or page (ours, or in reportlab's queues for the top of
        # the next frame or page) is drawn on a page the builds may share: no page is compared then
        waiting = self._floating or getattr(self, "_topFlowables", None) or getattr(self, "_pageTopFlowables", None)
        if self.recorder is not None and story and not waiting:
            if isinstance(story[0], ItemStart):
                self.recorder.item_starts_page(self.canv, story[0].position, self.page + 1,
                                               LayoutState(self._spent, tuple(self.plan_choices)))
            elif self.origins is not None:
                self._flow_starts_page(self.recorder, self.origins, story)
        super().handle_pageBegin()

    def _flow_starts_page(self, recorder: PageRecorder, origins: FlowOrigins, story: list[Flowable]) -> None:
        """A page that begins inside an item (sections run on): the recorder compares it with the
        previous build's page beginning with the same flowable. Only a flowable as the story
        builder made it, not a part split off one, and only when nothing of the rest of its item
        was changed ahead by the layout (cards spaced down a page, floats set aside)."""
        where = origins.of(story[0])
        if where is None:
            return
        for flowable in story:
            if isinstance(flowable, (ItemStart, DeferredItem)):
                break
            if getattr(flowable, TOUCHED, False):
                return
        try:
            plain = sorted((key, value) for key, value in vars(story[0]).items()
                           if type(value) in (int, float, str, bool, type(None)))
        except TypeError:  # no __dict__: nothing to compare it by
            return
        ahead = [tuple(number for number in pages if number > self.page)  # padding decided before this page
                 for pages in (self.blank_pages, self.filler_pages, self.page_map.notes_pages)]
        template = (self.pageTemplate.id, getattr(self, "_nextPageTemplateIndex", None),
                    repr(getattr(self, "_nextPageTemplateCycle", None)), plain, ahead)
        recorder.flow_starts_page(self.canv, where, self.page + 1, LayoutState(self._spent, tuple(self.plan_choices)),
                                  repr(template).encode("utf-8", "surrogatepass"))

    def _fast_forward(self, recorder: PageRecorder) -> None:
        """Before the first page: start at the last item before the first edited one that began
        a page in the previous build, its pages before it shown as they were."""
        started = recorder.fast_forward(self.canv, self.page_map)
        if started is None:
            return
        story = self._story
        head = next(index for index, flowable in enumerate(story)
                    if isinstance(flowable, ItemStart) and flowable.position == started.position)
        template = next(flowable for flowable in reversed(story[:head]) if isinstance(flowable, NextPageTemplate))
        del story[:head]  # the items before it are drawn: their pages were shown
        self.blank_pages.extend(started.blank_pages)
        self.filler_pages.extend(started.filler_pages)
        self._spent, self.plan_choices = started.layout.spent, list(started.layout.choices)
        self.page = started.page - 1
        template.apply(self)  # the item's template, recto or verso by the page it begins
        self._setPageTemplate()

    def handle_frameBegin(self, resume: int = 0, pageTopFlowables: Any = None) -> None:
        super().handle_frameBegin(resume, pageTopFlowables)
        if self._floating:  # the floats set aside go to the new column, after the paragraph cut above
            story = self._story
            at = 1 if story and any(above for above, _ in getattr(story[0], "cut", ())) else 0
            for waiting in self._floating:
                setattr(waiting, TOUCHED, True)  # changed before it is placed: a rebuild may not start at it
                waiting.spaceBefore = max(waiting.getSpaceBefore(), FLOAT_SPACE_AFTER) if at else 0.0
                waiting.spaceAfter = max(waiting.getSpaceAfter(), FLOAT_SPACE_AFTER)
            story[at:at] = self._floating
            self._floating = []
        frames = self.pageTemplate.frames
        if len(frames) > 1 and self.frame is frames[0]:
            self._balance_columns(frames)

    def _balance_columns(self, frames: list[Frame]) -> None:
        """Flow columns balanced where the text ends: when what is left before the next page
        break (or the end) fits this page's columns, the first column is shortened to about
        its share, so the text fills every column to the same depth instead of one."""
        if self.page in self.filler_pages:
            return  # a filler page is designed whole: a map across its columns, lines in each
        first: Any = frames[0]
        capacity = first._y - first._y1p
        remaining = remaining_height(self._story, first._getAvailableWidth(), capacity * len(frames))
        if remaining is None:
            return
        total, whole = remaining
        if total <= 0 or total > BALANCE_FULL * capacity * len(frames):
            return
        # a block that cannot split (key figures, a card) must fit the shortened column whole
        share = max(total / len(frames), whole) + BALANCE_SLACK
        if share < capacity:
            first._y1p = first._y - share  # restored when the page begins (Frame._geom)
            first.balanced = True  # see _unbalance_for

    def _unbalance_for(self, flowables: list[Flowable]) -> None:
        """A balanced first column gets its foot back when the next block, whole, does not fit what
        is left of it, at its top or carried over from the column before (reportlab gives up on a
        block that fails twice): one the measure could not see whole, or pushed down by floats
        waiting for the column's top. The block is set, never an error."""
        frame: Any = getattr(self, "frame", None)
        if frame is None or not getattr(frame, "balanced", False) or not flowables:
            return
        flowable = flowables[0]
        if isinstance(flowable, (ActionFlowable, DeferredItem)) or not (
                frame._atTop or getattr(flowable, "_postponed", False)):
            return
        room = frame._y - frame._y1p
        width = frame._getAvailableWidth()
        if flowable.wrap(width, room)[1] <= room + EPSILON or flowable.split(width, room):
            return
        frame.balanced = False
        frame._y1p = frame._y1 + frame._bottomPadding  # the column's own foot, as Frame._geom sets it

    def _set_aside(self, flowables: list[Flowable]) -> bool:
        """A float (key figures, an image) that does not fit the rest of the column waits for
        the top of the next one while the text after it fills this one; a float meets an action
        page break, or the end, placed as it is: it may pass the start of a section that runs on."""
        flowable = flowables[0]
        # a template change just before a page break: the floats go first, so that one that
        # does not fit on this page takes a page of this template, not the next item's (a back cover)
        changes_page = isinstance(flowable, NextPageTemplate) and len(flowables) > 1 \
            and isinstance(flowables[1], (PageBreak, PadPages))
        if self._floating and (changes_page or isinstance(flowable, (PageBreak, PadPages, FloatsDone))):
            for waiting in self._floating:
                setattr(waiting, TOUCHED, True)
                waiting.floats = False  # type: ignore[attr-defined]  # a Panel's
            flowables[0:0] = self._floating
            self._floating = []
            return True
        frame: Any = getattr(self, "frame", None)  # none before the first page begins
        if not getattr(flowable, "floats", False) or frame is None or frame._atTop:
            return False
        height = flowable.wrap(frame._getAvailableWidth(), frame._y - frame._y1p)[1] + flowable.getSpaceBefore()
        if height <= frame._y - frame._y1p:
            return False
        self._floating.append(flowables.pop(0))
        return True

    def handle_pageEnd(self) -> None:
        self._note_fill()
        super().handle_pageEnd()

    def _note_fill(self) -> None:
        """The page map notes how full the page ends: columns set, blank at the last one's foot."""
        frame: Any = self.frame  # reportlab keeps the frame's fill level in private attributes
        frames: list[Any] = self.pageTemplate.frames
        if frame is None or frame not in frames:
            return
        index = frames.index(frame)
        # a filler page is designed whole (ruled lines in each column, a map drawn across them)
        used = len(frames) if self.page in self.filler_pages else index + (0 if frame._atTop else 1)
        # the blank below the lowest content of the columns set (a balanced first column ends
        # above its frame's foot); their own foot, not a balanced column's shortened one
        blank = min(((column._y - column._y1 - column._bottomPadding) / column._height
                     for column in frames[:used] if column._height), default=1.0)
        template = str(self.pageTemplate.id).split(":")[0]
        self.page_map.page_fills.append(PageFill(self.page, template, len(frames), used, round(max(blank, 0.0), 3),
                                                 template in self._covers))

    def _notes_take_the_foot(self, flowables: list[Flowable]) -> bool:
        """Whether a section's last `fill:` figure gives way to the notes: the padding follows it,
        the binding needs pages, the layout's first filler is a designed page (a map: the figure
        beside it would repeat it) and it has notes to run on under the content."""
        after = next((item for item in flowables[1:] if not isinstance(item, (NextPageTemplate, ItemStart))), None)
        if not isinstance(after, PadPages) or after.notes is None or not after.fillers or after.fillers[0].notes:
            return False
        missing = (-(self.page + after.pages_after)) % after.multiple
        return missing > 0 and not any(filler.notes for filler in after.fillers[:missing]) \
            and self._free_share() >= NOTES_RUN_ON_SHARE

    def _notes_on_this_page(self, notes: list[Flowable]) -> list[Flowable]:
        """Notes run on under the content: a set of ruled lines for each flow column left on this
        page (the current one when it has room for a title and two lines), never one that would
        begin a page the binding did not count."""
        frame: Any = self.frame
        frames = self.pageTemplate.frames
        ruled = [item for item in notes if isinstance(item, RuledLines)]
        if frame not in frames or not ruled:
            return notes
        left = len(frames) - 1 - frames.index(frame) + (frame._y - frame._y1p >= 3 * ruled[0].spacing)
        dropped = {id(item) for item in ruled[max(left, 1):]}
        return [item for item in notes if id(item) not in dropped]

    def _space_cards(self, flowables: list[Flowable], per_page: int) -> None:
        """The first card on a page: when the page ends with cards, they are spaced down it
        (layout/card_spacing.py) instead of leaving its foot blank."""
        frame: Any = self.frame  # reportlab keeps the frame's fill level in private attributes
        space_above = frame._prevASpace if not frame._atTop else 0.0
        run = justify_cards(flowables, frame._getAvailableWidth(), frame._y - frame._y1p, bool(frame._atTop),
                            space_above, per_page)
        if run is not None:
            spread(flowables, run, bool(frame._atTop), space_above)

    def handle_floatsDone(self) -> None:
        """FloatsDone ends the story after the floats that were waiting; nothing to do."""

    def handle_itemStart(self, position: int) -> None:
        """ItemStart marks where an item begins for handle_pageBegin; nothing to do here."""

    def _setPageTemplate(self) -> None:
        # reportlab 5.1 follows `autoNextPageTemplate` by setting the next template's index
        # and leaves it set, so the page after repeats the template (recto, recto) unless a
        # NextPageTemplate came between; set it here so the base class uses it once and clears it
        if (not hasattr(self, "_nextPageTemplateCycle") and not hasattr(self, "_nextPageTemplateIndex")
                and self.pageTemplate.autoNextPageTemplate):
            self.handle_nextPageTemplate(self.pageTemplate.autoNextPageTemplate)
        super()._setPageTemplate()  # type: ignore[misc]  # a private hook the stubs leave out

    def handle_nextPageTemplate(self, pt: str | int | list[str] | tuple[str, ...]) -> None:
        """A template family name picks its recto or verso by the next page's parity."""
        if isinstance(pt, str) and pt in self._families:
            pt = f"{pt}:{'recto' if is_recto(self.page + 1) else 'verso'}"
        super().handle_nextPageTemplate(pt)

    def handle_autoPageBreak(self, free_share: float, item: str) -> None:
        """new_page: auto: a new page only when less than `free_share` of the type area is left."""
        free = self._free_share()
        new_page = free < free_share
        self.page_map.page_breaks.append(PageBreakChoice(self.page, item, round(free, 3), new_page, "auto"))
        if new_page:
            self.handle_pageBreak()

    def _free_share(self) -> float:
        """The share of the page's type area still free: of the current column, and of the
        flow columns after it on the page."""
        frame: Any = self.frame  # reportlab keeps the frame's fill level in private attributes
        frames = self.pageTemplate.frames
        free = (frame._y - frame._y1p) / frame._height if frame._height else 0.0
        if frame not in frames:
            return free
        return (free + len(frames) - 1 - frames.index(frame)) / len(frames)

    def handle_runOnBreak(self, item: str) -> None:
        """A section that runs on starts a new page instead when the page plan's budget still
        holds the blank that leaves at the foot, and that is no more than its largest share."""
        free = self._free_share()
        # a section never opens in the last quarter of a page (a title and two lines at a foot);
        # else it starts a page when the plan's budget still holds the blank that leaves
        choice = PlanChoice(free, self._spent)
        self.plan_choices.append(choice)
        new_page = self.budget.starts_page(choice)
        reason = "foot" if 0 < free < RUN_ON_MIN_FREE else "plan"
        self.page_map.page_breaks.append(PageBreakChoice(self.page, item, round(free, 3), new_page, reason))
        if new_page:
            self._spent += free
            self.handle_pageBreak()

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        stop_if_cancelled()  # a background build of `brochure watch` stops here for a newer save
        try:
            if self._set_aside(flowables):
                return
        except OversetError as error:  # a float measured before it is placed
            raise OversetError(f"page {self.page}: {error.message}", error.location, error.hint) from None
        flowable = flowables[0]
        if isinstance(flowable, DeferredItem):
            flowables[0:1] = flowable.make()
            return
        self._unbalance_for(flowables)
        if isinstance(flowable, FillIfRoom) and self._notes_take_the_foot(flowables):
            flowables.pop(0)  # the notes take the foot, before a designed filler page: not two figures
            self.page_map.fills.append(FillChoice(self.page, flowable.item, round(self._free_share(), 3), False,
                                                  "the notes take the foot, before the layout's filler pages"))
            return
        if isinstance(flowable, PadPages):
            flowables.pop(0)
            pages = self.page + flowable.pages_after
            missing = (-pages) % flowable.multiple
            fillers = flowable.fillers[:missing]  # the layout's filler pages first, then blank ones
            self.filler_pages.extend(range(self.page + 1, self.page + 1 + len(fillers)))
            self.blank_pages.extend(range(self.page + 1 + len(fillers), self.page + 1 + missing))
            self.page_map.notes_pages.extend(self.page + 1 + index for index, filler in enumerate(fillers)
                                             if filler.notes)
            padding: list[Flowable] = []
            # the notes are set once: on their page when the binding needs it, else at the foot of
            # the last page of content when other filler pages follow and a third of it is free
            if (fillers and not any(filler.notes for filler in fillers) and flowable.notes is not None
                    and self._free_share() >= NOTES_RUN_ON_SHARE):
                padding += self._notes_on_this_page(flowable.notes())
            for filler in fillers:
                padding += [NextPageTemplate(filler.template), PageBreak(), *filler.make()]
            for _ in range(missing - len(fillers)):
                padding += [NextPageTemplate(flowable.template), PageBreak()]
            flowables[0:0] = padding
            return
        per_page = getattr(flowable, "per_page", None)
        # `per_page` counts full-width panels; a page of several flow columns holds that many per column
        group = getattr(flowable, "group", None)
        count = getattr(flowable, "panel_count", 1)
        on_page = self.page_map.panels_on_page(group, self.page) if group else 0
        if per_page:  # the page plan may set fewer to a page, to spread the cards over the pages
            per_page = max(1, per_page - self.budget.cards_fewer)
        if per_page and on_page and on_page + count > per_page * len(self.pageTemplate.frames):
            flowables.insert(0, PageBreak())
            return
        try:
            if per_page and not on_page and len(self.pageTemplate.frames) == 1:
                self._space_cards(flowables, per_page)  # measures the cards: an overset one is an error here
            super().handle_flowable(flowables)
        except OversetError as error:
            raise OversetError(f"page {self.page}: {error.message}", error.location, error.hint) from None
        except LayoutError as error:
            raise OversetError(f"page {self.page}: a block is too large for its frame: "
                               f"{str(error).splitlines()[0][:160]}",
                               hint="shorten the text or enlarge the frame in layout/") from None


NOTES_RUN_ON_SHARE = 1 / 3  # notes begin under the content when this much of its last page is free
FLOAT_SPACE_AFTER = 12.0  # points between a float moved to the next column and the text beside it
BALANCE_FULL = 0.96   # balance only what fills the page's columns to at most this share
BALANCE_SLACK = 14.0  # points the first column may hold beyond its share (a line), as splits fall short


def remaining_height(story: list[Flowable], width: float, limit: float) -> tuple[float, float] | None:
    """The height of the story's flowables up to the next page break (or its end), wrapped at
    `width`, and the height of the tallest that cannot split; None when the total exceeds `limit`
    or the story meets something whose height cannot be told yet. An item a rebuild makes late
    (DeferredItem) is made here when reached: measured as a marker, the rest of the page would
    look empty and its columns be balanced otherwise than in a full build."""
    total, whole, previous = 0.0, 0.0, None
    index = 0
    while index < len(story):
        flowable = story[index]
        if isinstance(flowable, DeferredItem):
            story[index:index + 1] = flowable.make()
            continue
        index += 1
        if isinstance(flowable, (PageBreak, PadPages, FloatsDone)):
            return total, whole
        if isinstance(flowable, AutoPageBreak):
            return None
        if isinstance(flowable, (ActionFlowable, FillIfRoom)):  # a fill figure takes only the room left
            continue
        height = flowable.wrap(width, limit)[1]
        if not getattr(flowable, "splittable", True):  # our rows and boxes say whether they split
            whole = max(whole, height)
        if height <= 0 and previous is None:
            continue
        space = max(previous.getSpaceAfter(), flowable.getSpaceBefore()) if previous is not None else 0.0
        total += height + space
        previous = flowable if height > 0 else previous
        if total > limit:
            return None
    return total, whole


class FloatsDone(ActionFlowable):
    """The end of the story: floats set aside and still waiting are set before it."""

    def __init__(self) -> None:
        super().__init__(("floatsDone",))


class CompressingCanvas(Canvas):
    """reportlab's canvas, compressing each page's stream as the page ends instead of when the
    file is written, so that a long document does not hold every page's drawing operators at
    once (a 1 380-page brochure: 24 MiB). The bytes written are the same."""

    def showPage(self) -> None:
        super().showPage()
        compress_last_page(self)

    def drawImage(self, image: Any, x: float, y: float, width: float | None = None,
                  height: float | None = None, mask: Any = None, preserveAspectRatio: bool = False,
                  anchor: str = "c", anchorAtXY: bool = False, showBoundary: bool = False,
                  extraReturn: Any = None) -> tuple[Any, Any]:
        """reportlab's drawImage, for an image whose name is known (`xobject_name`, set by
        layout.flowables.draw_cropped): the same name, object and operators, without decoding and
        hashing its pixels again; anything else goes to reportlab's own."""
        name = getattr(image, "xobject_name", None)
        if (name is None or mask is not None or preserveAspectRatio or anchorAtXY or showBoundary or extraReturn
                or width is None or height is None):
            return super().drawImage(image, x, y, width, height, mask, preserveAspectRatio, anchor, anchorAtXY,
                                     showBoundary, extraReturn)
        return draw_named_image(self, image, name, x, y, width, height)


def draw_named_image(canvas: Any, image: Any, name: str, x: float, y: float, width: float,
                     height: float) -> tuple[Any, Any]:
    """The part of reportlab's `Canvas.drawImage` (5.1) after the image is named, for an image with
    no mask drawn at a given size: the image object is made and registered once a document, then
    drawn scaled to the box. The operators and objects are reportlab's, so the file is the same."""
    from reportlab.lib.boxstuff import aspectRatioFix
    from reportlab.pdfbase import pdfdoc

    document = canvas._doc
    canvas._currentPageHasImages = 1
    registered = document.getXObjectName(name)
    image_object = document.idToObject.get(registered, None)
    if not image_object:
        image_object = pdfdoc.PDFImageXObject(name, image, mask=None)
        image_object.name = name
        canvas._setXObjects(image_object)
        document.Reference(image_object, registered)
        document.addForm(name, image_object)
    x, y, width, height, _ = aspectRatioFix(False, "c", x, y, width, height, image_object.width, image_object.height)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{registered} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)
    return image_object.width, image_object.height


def compress_last_page(canvas: Any) -> None:
    """The page just shown gets its stream compressed now, as reportlab would when writing
    (the same Flate filter, the same dictionary), and drops the plain text."""
    page = canvas._doc.Pages.pages[-1]
    if not page.compression or page.Contents or not page.stream or rl_config.useA85:
        return  # reportlab writes it as it would have
    stream: Any = PDFStream(content=PDFZCompress.encode(page.stream))  # its comment is not in the stubs
    stream.dictionary["Filter"] = PDFArray([PDFName(PDFZCompress.pdfname)])
    stream.__Comment__ = "page stream"
    page.Contents = stream
    page.stream = None


class RecordingCanvas(CompressingCanvas):
    """reportlab's canvas, telling a recorder of each page shown and of the document's end."""

    def __init__(self, *arguments: Any, recorder: PageRecorder, **options: Any):
        super().__init__(*arguments, **options)
        self.recorder = recorder
        self._pages_done = False
        recorder.page_started(self)

    def showPage(self) -> None:
        self.recorder.page_shown(self)
        super().showPage()
        self.recorder.page_started(self)

    def pages_done(self) -> None:
        """The document's last page shown and its final state recorded, before the file is
        written (which changes the objects); once."""
        if self._pages_done:
            return
        self._pages_done = True
        canvas: Any = self  # the page's stream is private state the stubs leave out
        if canvas._code:
            self.showPage()
        self.recorder.saving(self)

    def save(self) -> None:
        self.pages_done()
        super().save()


def _section_bands(decorate: PageDecorator, openings: SectionOpenings, page_map: PageMap, template: DesignTemplate,
                   canvas: Canvas, document: object) -> None:
    """reportlab's onPageEnd hook: a section opening on this page gives the page its band colour."""
    name = openings.template_opening_on(page_map.placed, canvas.getPageNumber())
    if name is not None and name != template.name and template.bands:
        decorate.section_bands(canvas, template, decorate.design.template(name))


class TaggingCanvas(CompressingCanvas):
    """reportlab's canvas for a tagged edition: it tells its tagger where a page ends, where a
    link annotation is made, and draws a label's halo (text stroked under the same text) as an
    artifact, so that the label is read once."""

    def __init__(self, *arguments: Any, tagger: Tagger, **options: Any):
        super().__init__(*arguments, **options)
        self.tagger = tagger

    def showPage(self) -> None:
        self.tagger.page_ended(self)
        super().showPage()

    def drawText(self, aTextObject: Any) -> None:
        if "1 Tr" in aTextObject._code:  # stroked only: the outline of text drawn again filled
            with self.tagger.artifact(self):
                super().drawText(aTextObject)
            return
        super().drawText(aTextObject)

    def linkURL(self, url: str, rect: Any, *arguments: Any, **options: Any) -> None:
        self.tagger.link(self, url)
        super().linkURL(url, rect, *arguments, **options)


def _decorate_page(decorate: PageDecorator, template: DesignTemplate, canvas: Canvas, document: object) -> None:
    """reportlab's onPage hook: draw the template's background, bands, folio and marks."""
    tagger: Tagger | None = getattr(canvas, "tagger", None)
    if tagger is None:
        decorate(canvas, template)
        return
    with tagger.decoration():  # artifacts all: the story is what a reader reads
        decorate(canvas, template)
