"""Layout stage: the content, in the layout's page sequence, as a story of flowables."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from reportlab.platypus import Flowable, PageBreak, Paragraph
from reportlab.platypus.doctemplate import ActionFlowable, NextPageTemplate

from brochure.errors import Location
from brochure.images import ImageAssets
from brochure.layout.fill import FillIfRoom
from brochure.layout.flowables import FacingRow, Panel, Picture, RowGroup, SectionMark, Stack
from brochure.layout.geometry import text_frame
from brochure.layout.map_blocks import MapMaker
from brochure.layout.page_map import PageMap
from brochure.layout.running_heads import check_running_texts
from brochure.model.content import (
    Block,
    Brochure,
    Heading,
    KeyFigures,
    Language,
    ListBlock,
    MapBlock,
    Note,
    PartnerCity,
    Quote,
    Section,
    Text,
)
from brochure.model.content import (
    Paragraph as ParagraphBlock,
)
from brochure.model.design import Design, SequenceItem
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.locale_rules import apply_rules, bind_phrases
from brochure.typeset.markup import font_markup, link
from brochure.typeset.numbers import format_integer, format_year
from brochure.typeset.paragraph import TypesetParagraph
from brochure.typeset.styles import StyleBook

PROOF_COLOUR = "cmyk(0,1,0,0)"  # draft builds: a missing translation's stand-in, in process magenta
PLACEHOLDER = re.compile(r"\{[^{}]*\}")  # {population} in a label: filled with data

# new_page: auto stays on the page when at least this share of the type area is free
AUTO_PAGE_FREE_SHARE = 1 / 3


class AutoPageBreak(ActionFlowable):
    """new_page: auto: a page break only when less than `free_share` of the type area is
    left; the document template decides (only it knows the frame) and notes its choice."""

    def __init__(self, free_share: float, item: str):
        super().__init__(("autoPageBreak", free_share, item))


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
            rows.extend(self.block(block, f"{section.id}.{type(block).__name__.lower()}[{index}]", template))
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
            yield self.row(quoted, "quote", unit, splittable=False), False
        elif isinstance(block, Note):
            yield self.row(block.text, "note", unit), False
        elif isinstance(block, KeyFigures):
            yield self.key_figures(block, unit, template), False
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
        return self.row(item, "list-item", unit, bullet=mark)

    def key_figures(self, block: KeyFigures, unit: str, template: str) -> Panel:
        rows: list[Flowable] = []
        if block.title is not None:
            rows.append(self.row(block.title, "figures-title", f"{unit}.title", False))
        for index, figure in enumerate(block.items):
            cells = [Stack([self.paragraph(figure.value, "figure-value", language),
                            self.paragraph(figure.label, "figure-label", language)])
                     for language in self.columns]
            rows.append(self.facing(cells, f"{unit}.item[{index}]", splittable=False, kind="figure"))
        return self.panel(rows, "key-figures", f"key figures '{unit}'", template)

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

    # -- partner cities -----------------------------------------------------

    def city_card(self, city: PartnerCity, template: str, per_page: int | None = None) -> Panel:
        facts = self.brochure.label("city_facts")
        since = self.brochure.label("partner_since")
        cells = []
        for language in self.columns:
            code = language.code
            for label in (facts, since):
                self.check_label(label, "city-facts", language)
            facts_text = facts.get(code).format(population=format_integer(city.population, language.locale),
                                                country=city.country.get(code))
            since_text = since.get(code).format(year=format_year(city.partner_since))
            cells.append(Stack([self.paragraph(city.name, "city-name", language),
                                self.paragraph(facts_text, "city-facts", language, where=city.country.location),
                                self.paragraph(since_text, "city-facts", language, where=city.location),
                                self.paragraph(city.description, "city-text", language)]))
        row = self.facing(cells, f"city {city.id}", splittable=False, kind="city-card")
        rows: list[Flowable] = [row]
        if city.image and self.images is not None:
            rows.insert(0, self.picture(city.image, "city-card", f"partner city '{city.id}'", city.location))
        return self.panel(rows, "city-card", f"partner city '{city.id}'", template, per_page)

    def check_label(self, label: Text, style: str, language: Language) -> None:
        """A label's own characters (not the data filling it) in its face: a missing one is
        reported at the label's line in content/brochure.yaml."""
        fixed = PLACEHOLDER.sub("", label.get(language.code))
        self.glyphs.check(fixed, self.styles.paragraph_style(style, language).fontName, label.location)

    def picture(self, relative: str, box_name: str, what: str, where: Location | None) -> Picture:
        """An image across the top of a box, prepared for this edition."""
        box = self.design.box(box_name)
        width = self.design.page.trim_width  # an upper bound of the placed width, for down-sampling
        if self.images is None:
            raise ValueError("a picture was asked for but the build gave no image assets")
        prepared = self.images.prepare(relative, width, where)
        picture = Picture(prepared.source, prepared.width_px, prepared.height_px, box.image_height, what)
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

    def cover(self, template: str) -> list[Flowable]:
        brochure = self.brochure
        items: list[Flowable] = self.stacked_languages(brochure.title, "cover-title")
        if brochure.subtitle is not None:
            items.append(self.paragraph(brochure.subtitle, "cover-subtitle", self.columns[0]))
        if brochure.publisher is not None:
            items.append(self.paragraph(brochure.publisher, "cover-publisher", self.columns[0]))
        return [Panel(items, "the cover", max_height=self.frame_height(template))]

    def back_cover(self, template: str) -> list[Flowable]:
        contact = self.brochure.contact
        if contact is None:
            return []
        first = self.columns[0]
        items: list[Flowable] = self.stacked_languages(contact.department, "back-department")
        hrefs = {contact.email: f"mailto:{contact.email}",
                 contact.phone: "tel:" + "".join(c for c in contact.phone if c.isdigit() or c == "+"),
                 contact.website: contact.website if "://" in contact.website else f"https://{contact.website}"}
        beside_qr = {"website": contact.website, "vcard": contact.website,
                     "email": contact.email}.get(contact.qr or "")
        for line in (contact.email, contact.phone, *contact.address, contact.website):
            if line != beside_qr:  # that line is printed beside the QR code instead
                items.append(self.paragraph(line, "back-contact", first, href=hrefs.get(line)))
        if contact.qr is not None:
            items.append(self.maps.qr_block(contact, hrefs[contact.website]))
        return [Panel(items, "the back cover", max_height=self.frame_height(template))]

    # -- the whole story ----------------------------------------------------

    def story(self) -> list[Flowable]:
        """The whole brochure as flowables; raises every missing glyph at once."""
        story = self._story()
        check_running_texts(self.brochure, self.design, self.styles, self.glyphs)
        self.glyphs.raise_problems()
        return story

    def _story(self) -> list[Flowable]:
        story: list[Flowable] = []
        for position, item in enumerate(self.design.sequence):
            if item.kind == "back_cover" and self.design.page_multiple > 1:
                story.append(PadPages(self.design.page_multiple, 1, "blank"))
            if position:
                story.append(NextPageTemplate(item.template))
                if item.auto_page:
                    story.append(AutoPageBreak(AUTO_PAGE_FREE_SHARE, item.section or item.kind))
                elif item.new_page:
                    story.append(PageBreak())
            story.extend(self.item(item))
        return story

    def item(self, item: SequenceItem) -> list[Flowable]:
        if item.kind == "cover":
            return [self.bookmark("cover", self.brochure.title, "cover"), *self.cover(item.template)]
        if item.kind == "back_cover":
            contact = self.brochure.contact
            return [self.bookmark("back-cover", contact.department if contact else None, "back cover"),
                    *self.back_cover(item.template)]
        if item.kind == "cities":
            return [self.city_card(city, item.template, item.per_page) for city in self.brochure.cities]
        if item.section is None:
            raise ValueError(f"sequence item of kind '{item.kind}' names no section")
        section = self.brochure.section(item.section)
        flowables = [self.bookmark(f"section-{section.id}", self.section_title_for_outline(section), section.id),
                     *self.section(section, item.template)]
        if item.fill_map is not None:
            figure = self.maps.world_map(self.design.map_style(item.fill_map), f"fill map after '{section.id}'")
            flowables.append(FillIfRoom(figure, AUTO_PAGE_FREE_SHARE, self.frame_height(item.template), section.id,
                                        self.page_map))
        return flowables


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
