"""Layout stage: the content, in the layout's page sequence, as a story of flowables."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, PageBreak, Paragraph
from reportlab.platypus.doctemplate import NextPageTemplate

from brochure.errors import DesignError, Location
from brochure.images import ImageAssets
from brochure.layout.attached import WithAttached
from brochure.layout.fill import FillIfRoom
from brochure.layout.filler_pages import FillerPage, MapPage, PicturePage
from brochure.layout.flowables import (
    Column,
    FacingRow,
    Panel,
    PanelPair,
    RowGroup,
    RuledLines,
    SectionMark,
    Stack,
)
from brochure.layout.geometry import text_frame
from brochure.layout.map_blocks import MapMaker
from brochure.layout.markers import (
    AutoPageBreak,
    DeferredItem,
    FlowOrigins,
    ItemStart,
    PadPages,
    RunOnBreak,
    SectionGap,
)
from brochure.layout.page_map import PageMap
from brochure.layout.pictures import Figure, Float, FloatsEnd, Picture, PictureSpec
from brochure.layout.running_heads import check_running_texts
from brochure.load.placeholders import literal_text, placeholders
from brochure.model.content import (
    Block,
    Brochure,
    Card,
    Cards,
    Focus,
    Heading,
    ImageBlock,
    ImageRef,
    KeyFigure,
    KeyFigures,
    Language,
    ListBlock,
    MapBlock,
    Note,
    Quote,
    Section,
    Text,
)
from brochure.model.content import (
    Paragraph as ParagraphBlock,
)
from brochure.model.design import PRINTABLE_TYPES, CardKind, Design, Filler, SequenceItem
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.locale_rules import apply_rules, bind_phrases
from brochure.typeset.markup import font_markup, link
from brochure.typeset.numbers import figure_text
from brochure.typeset.paragraph import TypesetParagraph
from brochure.typeset.styles import StyleBook
from brochure.typeset.values import format_value

CREDIT_SEPARATOR = " · "
QUOTE_BY_DASH = "— "  # before a quote's attribution
PADDING_TEMPLATE = "blank"  # the loader adds an empty template of this name when the layout has none

BULLET_GAP_EM = 0.6  # reportlab's least room between a bullet and the text of its first line
NOTES_LABEL = "notes"  # the content label that titles a notes page (content/brochure.yaml labels:)
PROOF_COLOUR = "cmyk(0,1,0,0)"  # draft builds: a missing translation's stand-in, in process magenta
# new_page: auto stays on the page when at least this share of the type area is free
AUTO_PAGE_FREE_SHARE = 1 / 3


@dataclass(frozen=True)
class Piece:
    """A paired text waiting to be set: a cell per language column."""

    cells: Sequence[Flowable]
    unit: str
    kind: str        # its paragraph style
    block: int       # the index of its block in the section
    heading: bool = False  # keeps with the text after it
    attached: bool = False  # belongs to the piece before it (a note, a quote's attribution): kept with it


@dataclass
class StoryBuilder:
    brochure: Brochure
    design: Design
    styles: StyleBook
    page_map: PageMap

    glyphs: GlyphCheck
    links: bool = False  # clickable e-mail, phone and web links (screen edition)
    images: ImageAssets | None = None
    deferred: frozenset[int] = frozenset()  # items made when layout reaches them (unchanged since the last build)
    origins: FlowOrigins | None = None  # a live process's rebuild: where each flowable comes from

    @property
    def maps(self) -> MapMaker:
        return MapMaker(self)

    @property
    def columns(self) -> list[Language]:
        return [self.brochure.language(code) for code in self.design.columns]

    # -- text ---------------------------------------------------------------

    def paragraph(self, text: Text | str, style: str, language: Language, prefix: str = "",
                  bullet: str | None = None, where: Location | None = None,
                  href: str | None = None, paragraph_style: ParagraphStyle | None = None) -> Paragraph:
        """A paragraph of `text` (a text unit, or a string made from data at `where`)."""
        raw = text if isinstance(text, str) else text.get(language.code)
        paragraph_style = paragraph_style or self.styles.paragraph_style(style, language)
        typeset = bind_phrases(apply_rules(raw, self.design.typography_of(language.code)), self.brochure.unbreakable)
        where = text.location if isinstance(text, Text) else where
        markup = self.glyphs.markup(typeset, paragraph_style.fontName, where)
        if isinstance(text, Text) and language.code in text.missing:  # a draft: the source stands in
            markup = font_markup(markup, paragraph_style.fontName, PROOF_COLOUR)
        if href and self.links:
            markup = link(markup, href)
        return TypesetParagraph(prefix + markup, paragraph_style, bulletText=bullet, where=where)

    def row(self, text: Text, style: str, unit: str, splittable: bool = True,
            bullet: str | None = None, align: str = "top") -> FacingRow:
        cells = [self.paragraph(text, style, language, bullet=bullet) for language in self.columns]
        return self.facing(cells, unit, splittable, style, align)

    def facing(self, cells: Sequence[Flowable], unit: str, splittable: bool = True, kind: str = "",
               align: str = "top") -> FacingRow:
        return FacingRow(cells, [language.code for language in self.columns], self.design.page.gutter,
                         unit, self.page_map, splittable, kind, self.design.loose_word_space, align=align)

    def frame_height(self, template: str) -> float:
        return text_frame(self.design.page, self.design.template(template), True).height

    # -- sections -----------------------------------------------------------

    def bookmark(self, key: str, text: Text | None, fallback: str) -> SectionMark:
        """An outline entry titled in the first column's language."""
        first = self.columns[0].code
        return SectionMark(key, text.get(first) if text is not None else fallback)

    def section_title_for_outline(self, section: Section) -> Text | None:
        """The section's title; else its opening run-in, first heading or quote."""
        if section.title is not None:
            return section.title
        first = section.blocks[0] if section.blocks else None
        if isinstance(first, ParagraphBlock) and first.lead is not None:
            return first.lead
        for kind in (Heading, Quote):
            found = next((block.text for block in section.blocks if isinstance(block, kind)), None)
            if found is not None:
                return found
        return None

    def section(self, section: Section, template: str, sync: str = "paragraph") -> list[Flowable]:
        rows: list[tuple[Flowable, bool]] = []  # (row, keep with next)
        if section.title is not None:
            rows.append((self.row(section.title, "section-title", f"{section.id}.title", False, align="bottom"),
                         True))
        pieces: list[Piece] = []  # paired texts waiting to be set, grouped by the sync level
        for index, block in enumerate(section.blocks):
            unit = f"{section.id}.{type(block).__name__.lower()}[{index}]"
            if isinstance(block, (ParagraphBlock, Heading, ListBlock, Quote, Note)):
                pieces.extend(self.pieces(block, unit, index))
                continue
            rows.extend(self.synced(pieces, sync, rows))
            pieces = []
            made = list(self.block(block, unit, template))
            if isinstance(block, ImageBlock) and block.place != "here" and rows and rows[-1][1]:
                made = [(row, True) for row, _ in made]  # a float may take no room: a heading goes on to the text
            rows.extend(made)
        rows.extend(self.synced(pieces, sync, rows))
        return keep_together(rows)

    def pieces(self, block: Block, unit: str, index: int) -> list[Piece]:
        """A text block as paired pieces: a cell per language column each."""
        if isinstance(block, ParagraphBlock):
            row = self.paragraph_row(block, unit)
            return [Piece([cell for cell in row.cells if cell is not None], unit, row.kind, index)]
        if isinstance(block, Heading):
            return [Piece(self.cells(block.text, "heading"), unit, "heading", index, heading=True)]
        if isinstance(block, ListBlock):
            box = self.number_box(len(block.items)) if block.numbered else None
            return [Piece([self.list_paragraph(item, f"{number}." if block.numbered else None, language, box)
                           for language in self.columns], f"{unit}.item[{number - 1}]", "list-item", index)
                    for number, item in enumerate(block.items, start=1)]
        if isinstance(block, Quote):
            # the text in quotes: where it is written (its errors name the line), a draft's languages
            quoted = replace(block.text, values=tuple((code, f"\"{value}\"") for code, value in block.text.values))
            pieces = [Piece(self.cells(quoted, "quote"), unit, "quote", index)]
            if block.by is not None:  # the attribution, in the quote's style (or quote-by's), kept with it
                by = replace(block.by, values=tuple((code, f"{QUOTE_BY_DASH}{value}")
                                                    for code, value in block.by.values))
                style = "quote-by" if "quote-by" in {s.name for s in self.design.styles} else "quote"
                pieces.append(Piece(self.cells(by, style), f"{unit}.by", style, index, attached=True))
            return pieces
        if isinstance(block, Note):  # a note belongs to the block before it: never alone on a page
            return [Piece(self.cells(block.text, "note"), unit, "note", index, attached=True)]
        return []
    def cells(self, text: Text, style: str) -> list[Flowable]:
        return [self.paragraph(text, style, language) for language in self.columns]

    def synced(self, pieces: list[Piece], sync: str,
               earlier: list[tuple[Flowable, bool]]) -> list[tuple[Flowable, bool]]:
        """Paired pieces as rows: the language columns meet again after each paragraph (a list
        is one paragraph: its items run on in each column), after each block of text between
        headings, or after all the text of the section, as the section's `sync` says. A piece
        that belongs to the one before it takes that row with it, even one of `earlier` rows."""
        groups: list[list[Piece]] = []
        for piece in pieces:
            previous = groups[-1][-1] if groups else None
            joins = previous is not None and (
                sync == "section"
                or (sync == "block" and not piece.heading)
                or (sync == "paragraph" and piece.kind == "list-item" and previous.kind == "list-item"
                    and piece.block == previous.block))
            if joins:
                groups[-1].append(piece)
            else:
                groups.append([piece])
        rows: list[tuple[Flowable, bool]] = []
        for group in groups:
            if len(group) == 1:
                piece = group[0]
                splittable = not piece.heading and piece.kind not in ("quote", "quote-by")
                row = self.facing(piece.cells, piece.unit, splittable, piece.kind,
                                  align="bottom" if piece.heading else "top")
                if piece.attached and (rows or earlier):  # kept with the block before it (layout/attached.py)
                    before, keep = rows.pop() if rows else earlier.pop()
                    rows.append((WithAttached([before, row]), keep))
                else:
                    rows.append((row, piece.heading))
                continue
            columns = [Column([piece.cells[index] for piece in group], [piece.unit for piece in group],
                              [piece.kind for piece in group], [piece.heading for piece in group])
                       for index in range(len(self.columns))]
            unit = group[0].unit if len({piece.block for piece in group}) > 1 else group[0].unit.split(".item[")[0]
            rows.append((self.facing(columns, unit, True, group[0].kind), False))
        return rows

    def block(self, block: Block, unit: str, template: str) -> Iterator[tuple[Flowable, bool]]:
        if isinstance(block, KeyFigures):
            yield self.key_figures(block, unit, template), False
        elif isinstance(block, Cards):
            yield from keep_last_pair(self.cards(block, template))
        elif isinstance(block, ImageBlock):
            yield self.image_block(block, unit, template), False
        elif isinstance(block, MapBlock):
            yield from self.maps.map_block(block, unit)

    def paragraph_row(self, block: ParagraphBlock, unit: str) -> FacingRow:
        style = block.style or "body"
        cells = []
        for language in self.columns:
            prefix = ""
            if block.lead is not None:
                run_in = self.design.style("run-in")
                lead = apply_rules(block.lead.get(language.code), self.design.typography_of(language.code))
                face = self.styles.font_name(run_in)
                # the lead's own markup: characters its face lacks are set in the family's fallback
                prefix = font_markup(self.glyphs.markup(lead, face, block.lead.location), face,
                                     self.styles.colour_markup(run_in.colour)) + " "
            cells.append(self.paragraph(block.text, style, language, prefix=prefix))
        return self.facing(cells, unit, kind=style)

    def number_box(self, count: int) -> float:
        """The width of a numbered list's widest number ("12."), in the list style's face."""
        style = self.styles.paragraph_style("list-item", self.columns[0])
        return max(stringWidth(f"{number}.", style.bulletFontName, style.bulletFontSize)
                   for number in range(1, count + 1))

    def list_paragraph(self, item: Text, number: str | None, language: Language,
                       box: float | None) -> Paragraph:
        """A list item; a number is set right-aligned in a box as wide as the list's widest one,
        and the text starts after it on the first line as on the lines it turns over to."""
        if number is None or box is None:
            return self.paragraph(item, "list-item", language, bullet=self.design.style("list-item").bullet or "•")
        base = self.styles.paragraph_style("list-item", language)
        if getattr(base, "rightToLeft", False):  # reportlab places right-to-left bullets itself
            return self.paragraph(item, "list-item", language, bullet=number)
        # reportlab pushes the first line right when the bullet ends less than 0.6 em before the text
        after = BULLET_GAP_EM * base.fontSize
        indent = max(base.leftIndent, box + after)
        width = stringWidth(number, base.bulletFontName, base.bulletFontSize)
        numbered = ParagraphStyle(f"{base.name}:{number}", parent=base, leftIndent=indent,
                                  bulletIndent=indent - after - width)
        number_colour = self.design.style("list-item").number_colour
        if number_colour is not None:  # a number is text: its own, darker ink (the bullets keep theirs)
            numbered.bulletColor = self.styles.colour(number_colour)
        return self.paragraph(item, "list-item", language, bullet=number, paragraph_style=numbered)

    def key_figures(self, block: KeyFigures, unit: str, template: str) -> Panel:
        rows: list[Flowable] = []
        if block.title is not None:
            rows.append(self.row(block.title, "figures-title", f"{unit}.title", False))
        for index, figure in enumerate(block.items):
            cells = [Stack([self.paragraph(self.figure_value(figure, language), "figure-value", language,
                                           where=figure.value.location),
                            self.paragraph(figure.label, "figure-label", language)])
                     for language in self.columns]
            rows.append(self.facing(cells, f"{unit}.item[{index}]", splittable=False, kind="figure"))
        panel = self.panel(rows, "key-figures", f"key figures '{unit}'", template)
        panel.floats = True  # may move to the top of the next column while text fills this one
        return panel

    @staticmethod
    def figure_value(figure: KeyFigure, language: Language) -> str:
        """The figure's value; its number, when it has one, formatted for the language."""
        value = figure.value.get(language.code)
        if figure.number is None:
            return value
        return figure_text(value, figure.number, language)

    def panel(self, rows: list[Flowable], box_name: str, what: str, template: str,
              per_page: int | None = None) -> Panel:
        """Rows in the box the layout describes under `boxes: <box_name>`."""
        box = self.design.box(box_name)
        return Panel(rows, what, padding=box.padding,
                     background=self.styles.colour(box.background) if box.background else None,
                     rule=self.styles.colour(box.rule) if box.rule else None, rule_width=box.rule_width,
                     space_before=box.space_before, space_after=box.space_after,
                     max_height=min(box.max_height or float("inf"), self.frame_height(template)),
                     group=box_name, per_page=per_page,
                     page_map=self.page_map)

    # -- cards --------------------------------------------------------------

    def cards(self, block: Cards, template: str) -> list[Panel]:
        card_list = self.brochure.card_list(block.list)
        kind = self.design.card_kind(card_list.kind)
        return [self.card(card, kind, template) for card in card_list.cards]

    def card(self, card: Card, kind: CardKind, template: str) -> Panel:
        """A card: its lines in each language column, its image (if the kind has one) on top."""
        what = f"{kind.name} card '{card.id}'"
        cells = []
        for language in self.columns:
            values = {f.name: format_value(value, f.type, language.code, language.locale, language.digits)
                      for f in kind.fields if f.type in PRINTABLE_TYPES
                      and (value := card.get(f.name)) is not None}
            paragraphs = []
            for line in kind.lines:
                if line.label is not None:
                    self.check_label(self.brochure.label(line.label), line.style, language)
                template_text = line.show if line.show is not None else \
                    self.brochure.label(line.label or "").get(language.code)
                names = [name for name in placeholders(template_text) if name]
                if not all(name in values for name in names):
                    continue  # a line naming an optional field the card leaves out
                # a missing glyph is most likely in a text of the card: point at it
                texts = [value for name in names if isinstance(value := card.get(name), Text)]
                where = texts[0].location if texts else card.location
                paragraphs.append(self.paragraph(template_text.format(**values), line.style, language,
                                                 where=where))
            cells.append(Stack(paragraphs))
        rows: list[Flowable] = [self.facing(cells, f"{kind.name} {card.id}", splittable=False, kind=kind.box)]
        image = card.get(kind.image_field) if kind.image_field else None
        if isinstance(image, (str, ImageRef)) and self.images is not None:
            path, focus = (image, Focus()) if isinstance(image, str) else (image.path, image.focus)
            rows.insert(0, self.picture(PictureSpec(path, focus=focus, where=card.location), kind.box, what))
        return self.panel(rows, kind.box, what, template, kind.per_page)

    def image_block(self, block: ImageBlock, unit: str, template: str) -> Flowable:
        """An image at the width, place and crop its block asks (layout/pictures.py), its caption
        below at its width; the credit goes to the credits line of the back cover."""
        what = f"image '{block.path}'"
        spec = PictureSpec(block.path, block.width, block.align, block.fit, block.focus, block.height, block.location)
        picture = self.picture(spec, block.box, what)
        facing = stacked = None
        if block.caption is not None:
            facing = self.row(block.caption, "caption", f"{unit}.caption", splittable=False)
            stacked = self.each_language(block.caption, "caption")
        panel = self.panel([Figure(picture, facing, stacked or [])], block.box, what, template)
        if block.place != "here":
            return Float(panel, block.place)
        panel.floats = True  # here, or at the top of the next column when it does not fit (text fills this one)
        return panel

    def credits(self) -> Text | None:
        """Every image credit of the edition on one line per language: those of the
        content (cover photograph, logo), then those of image blocks, in page order."""
        credits = image_credits(self.brochure, self.design)
        if not credits:
            return None
        return Text(tuple((language.code, CREDIT_SEPARATOR.join(
            dict.fromkeys(credit.get(language.code) for credit in credits))) for language in self.columns),
            credits[0].location)

    def check_label(self, label: Text, style: str, language: Language) -> None:
        """A label's own characters (not the data filling it) in its face: a missing one is
        reported at the label's line in content/brochure.yaml."""
        face = self.styles.paragraph_style(style, language).fontName
        self.glyphs.check(literal_text(label.get(language.code)), face, label.location)

    def picture(self, spec: PictureSpec, box_name: str, what: str) -> Picture:
        """An image in a box, prepared for this edition at the size it gets."""
        if self.images is None:
            raise ValueError("a picture was asked for but the build gave no image assets")
        box = self.design.box(box_name)
        picture = Picture(spec, self.images, len(self.columns), self.design.page.gutter, what, box.image_height)
        picture.spaceAfter = box.padding
        return picture

    # -- covers -------------------------------------------------------------

    def stacked_languages(self, text: Text, style: str) -> list[Flowable]:
        """One paragraph per language, one above the other; languages after the
        first use the style named `<style>-2` when the layout has it."""
        names = [s.name for s in self.design.styles]
        later = f"{style}-2" if f"{style}-2" in names else style
        paragraphs: list[Flowable] = [self.paragraph(text, style if index == 0 else later, language)
                                      for index, language in enumerate(self.columns)]
        # the `-2` style's space after is the group's: a third language follows the second as the
        # second follows the first (a title in three languages set 2 + 1, before)
        for paragraph in paragraphs[1:-1]:
            paragraph.spaceAfter = paragraphs[0].getSpaceAfter()
        return paragraphs

    def each_language(self, text: Text, style: str, href: str | None = None) -> list[Paragraph]:
        """One paragraph per language of the edition, in column order; a text that reads
        the same in several languages (a place name, a year) is set once."""
        paragraphs, seen = [], set()
        for language in self.columns:
            value = text.get(language.code)
            if value in seen:
                continue
            seen.add(value)
            paragraphs.append(self.paragraph(text, style, language, href=href))
        return paragraphs

    def cover(self, template: str) -> list[Flowable]:
        brochure = self.brochure
        items: list[Flowable] = self.stacked_languages(brochure.title, "cover-title")
        if brochure.subtitle is not None:
            items.extend(self.each_language(brochure.subtitle, "cover-subtitle"))
        if brochure.publisher is not None:
            items.extend(self.each_language(brochure.publisher, "cover-publisher"))
        return [Panel(items, "the cover", max_height=self.frame_height(template))]

    def back_cover(self, template: str) -> list[Flowable]:
        contact = self.brochure.contact
        credits = self.credits()
        credits_style = "credits" if "credits" in {s.name for s in self.design.styles} else "back-contact"
        if contact is None:
            return [Panel(self.each_language(credits, credits_style), "the back cover",
                          max_height=self.frame_height(template))] if credits else []
        items: list[Flowable] = self.stacked_languages(contact.department, "back-department")
        hrefs = {contact.email: f"mailto:{contact.email}",
                 contact.phone: "tel:" + "".join(c for c in contact.phone if c.isdigit() or c == "+"),
                 contact.website: contact.website_url}
        beside_qr = contact.qr_caption[0] if contact.qr_caption else None
        lines = (Text.same(contact.email, self.design.columns, contact.location_of("email")),
                 Text.same(contact.phone, self.design.columns, contact.location_of("phone")),
                 *contact.address, Text.same(contact.website, self.design.columns, contact.location_of("website")))
        for line in lines:
            first = line.get(self.columns[0].code)
            if first != beside_qr:  # that line is printed beside the QR code instead
                items.extend(self.each_language(line, "back-contact", href=hrefs.get(first)))
        if contact.qr is not None:
            items.append(self.maps.qr_block(contact))
        if credits is not None:
            items.extend(self.each_language(credits, credits_style))
        return [Panel(items, "the back cover", max_height=self.frame_height(template))]

    # -- the whole story ----------------------------------------------------

    def story(self) -> list[Flowable]:
        """The whole brochure as flowables; raises every missing glyph at once."""
        story = self._story()
        check_running_texts(self.brochure, self.design, self.styles, self.glyphs)
        for filler in self.design.fillers:  # made only when a binding needs the page: checked now
            self.filler_title(filler)
        for template in self.design.templates:  # a cover graphic's labels are drawn by the page
            if template.graphic is not None:
                self.maps.places(self.design.map_style(template.graphic))  # checks their glyphs
        self.glyphs.raise_problems()
        return story

    def _story(self) -> list[Flowable]:
        story: list[Flowable] = []
        multiple = self.design.page_multiple
        previous: SequenceItem | None = None
        for position, item in enumerate(self.design.sequence):
            start = len(story)  # the item's markers from here: a page may begin with one
            if item.kind == "back_cover" and multiple > 1:
                story.append(PadPages(multiple, 1, PADDING_TEMPLATE, self.fillers(), self.notes()))
            if position:
                story.append(NextPageTemplate(item.template))
                where = item.section or item.kind
                if item.auto_page:
                    story.append(AutoPageBreak(AUTO_PAGE_FREE_SHARE, where))
                elif starts_page(item, previous, self.design):
                    story.append(PageBreak())
                elif item.new_page is None:  # runs on, unless the composer chose a page for it
                    story.append(RunOnBreak(where))
                if not starts_page(item, previous, self.design):
                    story.append(SectionGap(self.design.section_gap))
                if item.new_page is not False:
                    story.append(ItemStart(position))
                    if position in self.deferred:
                        self._note_markers(position, story[start:])
                        story.append(DeferredItem(position, partial(self._item_at, position, item)))
                        previous = item
                        continue
            self._note_markers(position, story[start:])
            story.extend(self._item_at(position, item))
            previous = item
        if multiple > 1 and not any(item.kind == "back_cover" for item in self.design.sequence):
            # no back cover: blank pages end the booklet
            story.append(PadPages(multiple, 0, PADDING_TEMPLATE, self.fillers(), self.notes()))
            self._note_markers(len(self.design.sequence), story[-1:])
        return story

    def notes(self) -> Callable[[], list[Flowable]] | None:
        """Notes at the foot of the last page of content, when the layout's fillers have notes."""
        notes = next((filler for filler in self.design.fillers if filler.notes), None)
        return partial(self.filler, replace(notes, map=None)) if notes is not None else None

    def fillers(self) -> list[FillerPage]:
        """The filler pages of the layout, each made only when a binding needs the page."""
        return [FillerPage(filler.template, partial(self.filler, filler), filler.notes and filler.map is None)
                for filler in self.design.fillers]

    def filler(self, filler: Filler) -> list[Flowable]:
        """A filler page: its map (across the type area when alone) and/or notes, or else its
        template's picture alone."""
        if filler.map is None and not filler.notes:
            return [PicturePage()]
        flowables: list[Flowable] = []
        if filler.map is not None:
            style = self.design.map_style(filler.map)
            what = f"filler map '{filler.map}'"
            if not filler.notes:  # a map page: its title, then the map to the foot of the type area
                title = self.filler_title(filler)
                heading = self.row(title, "heading", f"filler.{filler.map}.title", False) \
                    if title is not None else None
                # a part of its own, as the notes are (a bookmark; a section of the tagged structure)
                flowables.append(self.bookmark(f"filler-{filler.map}", title, f"map {filler.map}"))
                flowables.append(MapPage(heading, lambda height: self.maps.world_map(
                    replace(style, height=height - style.space_before - style.space_after, space_before=0,
                            space_after=0), what), self.frame_height(filler.template),
                    text_frame(self.design.page, self.design.template(filler.template), True).width))
                return flowables
            flowables.append(self.maps.world_map(style, what))
        if filler.notes:
            title = dict(self.brochure.labels).get(NOTES_LABEL)
            # notes are a part of their own (a bookmark; a section of the tagged structure)
            flowables.append(self.bookmark("notes", title, "notes"))
            body = self.design.style("body")
            template = self.design.template(filler.template)
            columns = (template.columns or self.design.page.columns) if len(self.columns) == 1 else 1
            if title is not None and len({title.get(code) for code in self.design.columns}) == 1:
                flowables.append(self.paragraph(title, "heading", self.columns[0]))  # one title serves all
            elif title is not None:
                flowables.append(self.row(title, "heading", "notes.title", False))
            # one set of lines per flow column: each fills its column to the foot
            flowables += [RuledLines(2 * body.leading, self.styles.colour(body.colour), "notes")
                          for _ in range(columns)]
        return flowables

    def filler_title(self, filler: Filler) -> Text | None:
        """The label a map page of the fillers is titled with; one the content lacks is an error."""
        if filler.title is None:
            return None
        title = dict(self.brochure.labels).get(filler.title)
        if title is None:
            raise DesignError(f"the filler's title names no label '{filler.title}' of content/brochure.yaml",
                              filler.location, "add it under labels: in content/brochure.yaml, one text per "
                              "language, or leave the title out")
        return title

    def _note_markers(self, position: int, markers: list[Flowable]) -> None:
        if self.origins is not None:
            self.origins.note(position, markers, first=-len(markers))

    def _item_at(self, position: int, item: SequenceItem) -> list[Flowable]:
        made = self.item(item)
        if self.origins is not None:
            self.origins.note(position, made)
        return made

    def item(self, item: SequenceItem) -> list[Flowable]:
        if item.kind == "cover":
            return [self.bookmark("cover", self.brochure.title, "cover"), *self.cover(item.template)]
        if item.kind == "back_cover":
            contact = self.brochure.contact
            return [self.bookmark("back-cover", contact.department if contact else None, "back cover"),
                    *self.back_cover(item.template)]
        if item.section is None:
            raise ValueError(f"sequence item of kind '{item.kind}' names no section")
        section = self.brochure.section(item.section)
        flowables = [self.bookmark(f"section-{section.id}", self.section_title_for_outline(section), section.id),
                     *self.section(section, item.template, item.sync)]
        if any(isinstance(block, ImageBlock) and block.place != "here" for block in section.blocks):
            flowables.append(FloatsEnd())  # its floats still waiting are set before the next section
        if item.fill_map is not None:
            style = self.design.map_style(item.fill_map)
            what = f"fill map after '{section.id}'"
            figure = self.maps.world_map(style, what)
            flowables.append(FillIfRoom(figure, AUTO_PAGE_FREE_SHARE, self.frame_height(item.template), section.id,
                                        self.page_map, taller=lambda height: self.maps.world_map(
                                            replace(style, height=height), what), height=style.height))
        return flowables


def starts_page(item: SequenceItem, previous: SequenceItem | None, design: Design) -> bool:
    """Whether an item always starts a page: covers do, a section when the layout says
    `new_page: true` or its page template is an opener (`opener: true`)."""
    if item.kind != "section" or previous is None or previous.kind != "section":
        return True
    if item.auto_page:
        return False
    if item.new_page is not None:
        return item.new_page
    return design.template(item.template).opener


def image_credits(brochure: Brochure, design: Design) -> list[Text]:
    """The image credits an edition prints on its back cover: the content's own (cover
    photograph, logo), then those of the image blocks of its sections, in page order."""
    sections = {item.section for item in design.sequence if item.kind == "section"}
    return list(brochure.credits) + [
        block.credit for section in brochure.sections if section.id in sections
        for block in section.blocks if isinstance(block, ImageBlock) and block.credit is not None]


def keep_last_pair(cards: list[Panel]) -> Iterator[tuple[Flowable, bool]]:
    """Cards in order, the last two kept together when there are three or more."""
    if len(cards) < 3:
        yield from ((card, False) for card in cards)
        return
    yield from ((card, False) for card in cards[:-2])
    yield PanelPair(cards[-2:]), False


def keep_together(rows: list[tuple[Flowable, bool]]) -> list[Flowable]:
    """Group each row marked keep-with-next with the rows after it."""
    story: list[Flowable] = []
    pending: list[Flowable] = []
    for row, keep_with_next in rows:
        pending.append(row)
        if not keep_with_next:
            story.append(RowGroup(pending) if len(pending) > 1 else pending[0])
            pending = []
    if pending:
        story.append(RowGroup(pending) if len(pending) > 1 else pending[0])
    return story
