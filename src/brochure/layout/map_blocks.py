"""Layout stage: maps and QR codes from the content, styled by the layout (map styles, qr style)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from reportlab.lib.colors import CMYKColor, Color
from reportlab.platypus import Flowable

from brochure.cartography.scene import MapPlace, MapView
from brochure.errors import Location
from brochure.layout.qr_code import QrCode
from brochure.layout.world_map import LABEL_HEIGHT, LabelFont, MapPaint, WorldMap
from brochure.model.content import Brochure, Contact, Language, MapBlock, Text
from brochure.model.design import Design, MapStyle
from brochure.model.places import mapped_cards
from brochure.typeset.locale_rules import apply_rules
from brochure.typeset.paragraph import TypesetParagraph
from brochure.typeset.styles import StyleBook

if TYPE_CHECKING:
    from brochure.layout.story import StoryBuilder


LABEL_SEPARATOR = "\n"  # a place's names in each language, a line each, on a map across the columns


def map_places(brochure: Brochure, design: Design, language: str | Sequence[str], years: bool) -> list[MapPlace]:
    """The home city first, then every card with coordinates (the partner cities), labelled in
    `language`, or in each of several languages (a name the same in all of them once)."""
    languages = [language] if isinstance(language, str) else list(language)

    def named(name: Text | None, fallback: str) -> str:
        if name is None:
            return fallback
        return LABEL_SEPARATOR.join(dict.fromkeys(name.get(code) for code in languages))

    places = []
    if brochure.home is not None:
        home = brochure.home
        places.append(MapPlace(named(home.name, ""), home.coordinates.lon, home.coordinates.lat, home=True))
    for place in mapped_cards(brochure, design):
        if place.coordinates is None:
            continue  # the checks before layout make this an error where a map is drawn
        label = named(place.name, place.card.id) + (f" {place.year}" if years and place.year is not None else "")
        places.append(MapPlace(label, place.coordinates.lon, place.coordinates.lat))
    return places


def map_paint(style: MapStyle, styles: StyleBook, language: Language) -> MapPaint:
    """A map style's colours and label fonts (labels set in `language`'s paragraph styles)."""

    def colour(name: str | None) -> Color | None:
        return styles.colour(name) if name is not None else None

    def font(name: str | None) -> LabelFont | None:
        if name is None:
            return None
        paragraph = styles.paragraph_style(name, language)
        return LabelFont(paragraph.fontName, paragraph.fontSize, paragraph.textColor)

    label = font(style.label)
    leader = colour(style.leader) or (label.colour if label is not None else None)
    return MapPaint(land=colour(style.land), partner_land=colour(style.partner_land),
                    borders=colour(style.borders), border_width=style.border_width, sea=colour(style.sea),
                    arc=colour(style.arc), arc_width=style.arc_width, mark=styles.colour(style.mark),
                    home_mark=styles.colour(style.home_mark), leader=leader,
                    label=label, home_label=font(style.home_label), halo=colour(style.halo))


class MapMaker:
    """Builds map and QR flowables with the story builder's styles, glyph check and links."""

    def __init__(self, builder: StoryBuilder):
        self.builder = builder

    def paint(self, style: MapStyle, language: Language | None = None) -> MapPaint:
        return map_paint(style, self.builder.styles, language or self.builder.columns[0])

    def places(self, style: MapStyle, languages: Sequence[Language] | None = None) -> list[MapPlace]:
        """The places labelled in `languages` (default: the first column's)."""
        builder = self.builder
        languages = list(languages or builder.columns[:1])
        places = map_places(builder.brochure, builder.design, [language.code for language in languages],
                            style.years)
        paint = self.paint(style, languages[0])
        first = languages[0]
        # where each label is written, for a missing glyph's message (issue 23)
        written = {card.name.get(first.code): card.name.location
                   for card in mapped_cards(builder.brochure, builder.design)
                   if card.name is not None and first.code in card.name.languages}
        home = builder.brochure.home
        for place in places:  # every label's letters must be in its font or its fallbacks, like any text
            font = paint.home_label if place.home else paint.label
            if font is not None and place.label:
                where = (home.name.location or home.location) if place.home and home is not None else \
                    next((location for name, location in written.items() if place.label.startswith(name)), None)
                builder.glyphs.check(place.label, font.name, where)
        return places

    def _set_labels(self, style: MapStyle, places: list[MapPlace],
                    language: Language) -> tuple[list[MapPlace], list[Flowable | None]]:
        """Each label set as a one-line paragraph of its style in `language` (fallback fonts for
        letters the face lacks, shaping, right to left), and the places with its width."""
        builder = self.builder
        measured: list[MapPlace] = []
        paragraphs: list[Flowable | None] = []
        for place in places:
            name = style.home_label if place.home else style.label
            if name is None or not place.label:
                measured.append(place)
                paragraphs.append(None)
                continue
            paragraph_style = builder.styles.paragraph_style(name, language)
            lines = [apply_rules(line, builder.design.typography_of(language.code)) for line in place.label.split("\n")]
            markup = "<br/>".join(builder.glyphs.markup(line, paragraph_style.fontName, None) for line in lines)
            paragraph = TypesetParagraph(markup, paragraph_style)
            paragraph.wrap(10_000, 1_000)
            width = max(paragraph.getActualLineWidths0() or [0.0]) + 0.01
            paragraph.wrap(width, 1_000)
            height = (len(lines) - 1) * paragraph_style.leading + paragraph_style.fontSize * LABEL_HEIGHT
            measured.append(replace(place, width=width, height=height))
            paragraphs.append(paragraph)
        return measured, paragraphs

    def world_map(self, style: MapStyle, what: str, location: Location | None = None,
                  view: str | MapView | None = None, language: Language | None = None) -> WorldMap:
        """A map across the columns, labelled in every column's language, or in `language` only.
        No link: a map names no web page (a link covers only what it names; issue 31)."""
        builder = self.builder
        languages = [language] if language is not None else builder.columns
        places, set_labels = self._set_labels(style, self.places(style, languages), languages[0])
        return WorldMap(places, self.paint(style, languages[0]), style.height, view or style.extent, style.margin,
                        style.mark_size, what, location, builder.page_map, style.space_before,
                        style.space_after, set_labels=set_labels, align=style.align)

    def map_block(self, block: MapBlock, unit: str) -> Iterator[tuple[Flowable, bool]]:
        builder = self.builder
        style = builder.design.map_style(block.style)
        what = f"map '{unit}'"
        if style.languages == "column" and len(builder.columns) > 1:  # a map in each column, in its language
            maps = [self.world_map(style, what, block.location, block.view, language) for language in builder.columns]
            row = builder.facing(maps, unit, splittable=False, kind="map")
            row.spaceBefore, row.spaceAfter = style.space_before, style.space_after
            yield row, block.caption is not None
        else:
            yield self.world_map(style, what, block.location, block.view), block.caption is not None
        if block.caption is not None:
            yield builder.row(block.caption, "map-caption", f"{unit}.caption", splittable=False), False

    def qr_block(self, contact: Contact) -> QrCode:
        builder = self.builder
        design = builder.design
        first = builder.columns[0]
        shown, href = contact.qr_caption or (contact.website, contact.website_url)
        data = {"website": contact.website_url, "email": f"mailto:{contact.email}",
                "vcard": vcard(contact, first.code, contact.website_url)}[contact.qr or "website"]
        text = builder.paragraph(shown, "qr-text", first, href=href)
        # the code itself is always 100 % K on white: a scanner needs the contrast, a printer one plate
        screen = builder.styles.rgb_profile is not None
        dark, light = (Color(0, 0, 0), Color(1, 1, 1)) if screen else (CMYKColor(0, 0, 0, 1), CMYKColor(0, 0, 0, 0))
        return QrCode(data, design.qr.size, dark, light, text, design.qr.gap, href=href if builder.links else None)


def vcard(contact: Contact, language: str, website_url: str) -> str:
    """A vCard 3.0 of the contact: its department as the name, e-mail, phone and website."""
    import segno.helpers  # as qr_code.qr_matrix: for brochures that have a QR code only

    department = contact.department.get(language)
    return segno.helpers.make_vcard_data(name=department, displayname=department, org=department,
                                         email=contact.email, workphone=contact.phone, url=website_url)
