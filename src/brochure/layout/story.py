"""Layout stage: the content, in the layout's page sequence, as a story of flowables."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial

from reportlab.platypus import Flowable, PageBreak, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable, NextPageTemplate

from brochure.errors import Location
from brochure.images import ImageAssets
from brochure.layout.attached import WithAttached
from brochure.layout.fill import FillIfRoom
from brochure.layout.flowables import FacingRow, Panel, RowGroup, SectionMark, Stack
from brochure.layout.geometry import text_frame
from brochure.layout.map_blocks import MapMaker
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
from brochure.model.design import PRINTABLE_TYPES, CardKind, Design, SequenceItem
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.locale_rules import apply_rules, bind_phrases
from brochure.typeset.markup import font_markup, link
from brochure.typeset.numbers import format_integer
from brochure.typeset.paragraph import TypesetParagraph
from brochure.typeset.styles import StyleBook
from brochure.typeset.values import format_value

CREDIT_SEPARATOR = " · "
QUOTE_BY_DASH = "— "  # before a quote's attribution
PADDING_TEMPLATE = "blank"  # the loader adds an empty template of this name when the layout has none

PROOF_COLOUR = "cmyk(0,1,0,0)"  # draft builds: a missing translation's stand-in, in process magenta
# new_page: auto stays on the page when at least this share of the type area is free
AUTO_PAGE_FREE_SHARE = 1 / 3


class AutoPageBreak(ActionFlowable):
    """new_page: auto: a page break only when less than `free_share` of the type area is
    left; the document template decides (only it knows the frame) and notes its choice."""

    def __init__(self, free_share: float, item: str):
        super().__init__(("autoPageBreak", free_share, item))


class ItemStart(ActionFlowable):
    """A marker: sequence item `position` begins here, after its page break. The document
    notes its state there, where a rebuild may find that the rest is unchanged."""

    def __init__(self, position: int):
        super().__init__(("itemStart", position))
        self.position = position


class DeferredItem(ActionFlowable):
    """A marker: sequence item `position`'s flowables, made only when layout reaches them. A
    rebuild in a live process defers the items that did not change (their glyphs were checked
    by the build before): most are never laid out again."""

    def __init__(self, position: int, make: Callable[[], list[Flowable]]):
        super().__init__(("deferredItem", position))
        self.position = position
        self.make = make


class PadPages(Flowable):
    """A marker: blank pages go here until the pages after it end on a multiple.

    `pages_after` is how many pages follow (the back cover). The document
    template acts on it, since only it knows the current page number.
    """

    def __init__(self, multiple: int, pages_after: int, template: str):
        super().__init__()
        self.multiple = multiple
        self.pages_after = pages_after
        self.template = template

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


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

    @property
    def maps(self) -> MapMaker:
        return MapMaker(self)

    @property
    def columns(self) -> list[Language]:
        return [self.brochure.language(code) for code in self.design.columns]

    # -- text ---------------------------------------------------------------

    def paragraph(self, text: Text | str, style: str, language: Language, prefix: str = "",
                  bullet: str | None = None, where: Location | None = None,
                  href: str | None = None) -> Paragraph:
        """A paragraph of `text` (a text unit, or a string made from data at `where`)."""
        raw = text if isinstance(text, str) else text.get(language.code)
        paragraph_style = self.styles.paragraph_style(style, language)
        typeset = bind_phrases(apply_rules(raw, self.design.typography_of(language.code)), self.brochure.unbreakable)
        where = text.location if isinstance(text, Text) else where
        markup = self.glyphs.markup(typeset, paragraph_style.fontName, where)
        if isinstance(text, Text) and language.code in text.missing:  # a draft: the source stands in
            markup = font_markup(markup, paragraph_style.fontName, PROOF_COLOUR)
        if href and self.links:
            markup = link(markup, href)
        return TypesetParagraph(prefix + markup, paragraph_style, bulletText=bullet, where=where)

    def row(self, text: Text, style: str, unit: str, splittable: bool = True,
            bullet: str | None = None) -> FacingRow:
        cells = [self.paragraph(text, style, language, bullet=bullet) for language in self.columns]
        return self.facing(cells, unit, splittable, style)

    def facing(self, cells: Sequence[Flowable], unit: str, splittable: bool = True, kind: str = "") -> FacingRow:
        return FacingRow(cells, [language.code for language in self.columns], self.design.page.gutter,
                         unit, self.page_map, splittable, kind, self.design.loose_word_space)

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

    def section(self, section: Section, template: str) -> list[Flowable]:
        rows: list[tuple[Flowable, bool]] = []  # (row, keep with next)
        if section.title is not None:
            rows.append((self.row(section.title, "section-title", f"{section.id}.title", False), True))
        for index, block in enumerate(section.blocks):
            made = list(self.block(block, f"{section.id}.{type(block).__name__.lower()}[{index}]", template))
            if isinstance(block, Note) and rows and made:  # a note belongs to the block before it
                made = [(WithAttached([rows.pop()[0], made[0][0]]), made[0][1]), *made[1:]]
            if isinstance(block, ImageBlock) and block.place != "here" and rows and rows[-1][1]:
                made = [(row, True) for row, _ in made]  # a float may take no room: a heading goes on to the text
            rows.extend(made)
        return keep_together(rows)

    def block(self, block: Block, unit: str, template: str) -> Iterator[tuple[Flowable, bool]]:
        if isinstance(block, ParagraphBlock):
            yield self.paragraph_row(block, unit), False
        elif isinstance(block, Heading):
            yield self.row(block.text, "heading", unit, splittable=False), True
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=1):
                bullet = f"{number}." if block.numbered else None
                yield self.list_item(item, bullet, f"{unit}.item[{number - 1}]"), False
        elif isinstance(block, Quote):
            quoted = Text(tuple((code, f"\"{value}\"") for code, value in block.text.values))
            yield self.row(quoted, "quote", unit, splittable=False), block.by is not None
            if block.by is not None:  # the attribution, in the quote's style (or quote-by's), kept with it
                by = Text(tuple((code, f"{QUOTE_BY_DASH}{value}") for code, value in block.by.values),
                          block.by.location)
                style = "quote-by" if "quote-by" in {s.name for s in self.design.styles} else "quote"
                yield self.row(by, style, f"{unit}.by", splittable=False), False
        elif isinstance(block, Note):
            yield self.row(block.text, "note", unit), False
        elif isinstance(block, KeyFigures):
            yield self.key_figures(block, unit, template), False
        elif isinstance(block, Cards):
            for card in self.cards(block, template):
                yield card, False
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

    def list_item(self, item: Text, bullet: str | None, unit: str) -> FacingRow:
        style = self.design.style("list-item")
        mark = bullet or style.bullet or "•"
        if bullet is not None and style.number_colour is not None:  # a number is text: its own, darker ink
            number = f'<bullet color="{self.styles.colour_markup(style.number_colour)}">{bullet}</bullet>'
            cells = [self.paragraph(item, "list-item", language, prefix=number) for language in self.columns]
            return self.facing(cells, unit, True, "list-item")
        return self.row(item, "list-item", unit, bullet=mark)

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
        return self.panel(rows, "key-figures", f"key figures '{unit}'", template)

    @staticmethod
    def figure_value(figure: KeyFigure, language: Language) -> str:
        """The figure's value; its number, when it has one, formatted for the language."""
        value = figure.value.get(language.code)
        if figure.number is None:
            return value
        return value.format(number=format_integer(figure.number, language.locale, language.digits))

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
        return panel if block.place == "here" else Float(panel, block.place)

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
        return [self.paragraph(text, style if index == 0 or f"{style}-2" not in names else f"{style}-2",
                               language)
                for index, language in enumerate(self.columns)]

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
        for template in self.design.templates:  # a cover graphic's labels are drawn by the page
            if template.graphic is not None:
                self.maps.places(self.design.map_style(template.graphic))  # checks their glyphs
        self.glyphs.raise_problems()
        return story

    def _story(self) -> list[Flowable]:
        story: list[Flowable] = []
        multiple = self.design.page_multiple
        for position, item in enumerate(self.design.sequence):
            if item.kind == "back_cover" and multiple > 1:
                story.append(PadPages(multiple, 1, PADDING_TEMPLATE))
            if position:
                story.append(NextPageTemplate(item.template))
                if item.auto_page:
                    story.append(AutoPageBreak(AUTO_PAGE_FREE_SHARE, item.section or item.kind))
                elif item.new_page:
                    story.append(PageBreak())
                if item.auto_page or item.new_page:
                    story.append(ItemStart(position))
                    if position in self.deferred:
                        story.append(DeferredItem(position, partial(self.item, item)))
                        continue
            story.extend(self.item(item))
        if multiple > 1 and not any(item.kind == "back_cover" for item in self.design.sequence):
            story.append(PadPages(multiple, 0, PADDING_TEMPLATE))  # no back cover: blank pages end the booklet
        return story

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
                     *self.section(section, item.template)]
        if any(isinstance(block, ImageBlock) and block.place != "here" for block in section.blocks):
            flowables.append(FloatsEnd())  # its floats still waiting are set before the next section
        if item.fill_map is not None:
            figure = self.maps.world_map(self.design.map_style(item.fill_map), f"fill map after '{section.id}'")
            flowables.append(FillIfRoom(figure, AUTO_PAGE_FREE_SHARE, self.frame_height(item.template), section.id,
                                        self.page_map))
        return flowables


def image_credits(brochure: Brochure, design: Design) -> list[Text]:
    """The image credits an edition prints on its back cover: the content's own (cover
    photograph, logo), then those of the image blocks of its sections, in page order."""
    sections = {item.section for item in design.sequence if item.kind == "section"}
    return list(brochure.credits) + [
        block.credit for section in brochure.sections if section.id in sections
        for block in section.blocks if isinstance(block, ImageBlock) and block.credit is not None]


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
