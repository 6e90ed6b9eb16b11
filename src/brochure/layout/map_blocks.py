"""Layout stage: maps and QR codes from the content, styled by the layout (map styles, qr style)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from reportlab.lib.colors import CMYKColor, Color
from reportlab.platypus import Flowable

from brochure.cartography.scene import MapPlace
from brochure.errors import Location
from brochure.layout.qr_code import QrCode
from brochure.layout.world_map import LabelFont, MapPaint, WorldMap
from brochure.model.content import Brochure, Contact, Language, MapBlock
from brochure.model.design import Design, MapStyle
from brochure.model.places import mapped_cards
from brochure.typeset.styles import StyleBook

if TYPE_CHECKING:
    from brochure.layout.story import StoryBuilder


def map_places(brochure: Brochure, design: Design, language: str, years: bool) -> list[MapPlace]:
    """The home city first, then every card with coordinates (the partner cities), labelled in `language`."""
    places = []
    if brochure.home is not None:
        home = brochure.home
        places.append(MapPlace(home.name.get(language), home.coordinates.lon, home.coordinates.lat, home=True))
    for place in mapped_cards(brochure, design):
        if place.coordinates is None:
            continue  # the checks before layout make this an error where a map is drawn
        label = (place.name.get(language) if place.name is not None else place.card.id) + \
            (f" {place.year}" if years and place.year is not None else "")
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

    def paint(self, style: MapStyle) -> MapPaint:
        return map_paint(style, self.builder.styles, self.builder.columns[0])

    def places(self, style: MapStyle) -> list[MapPlace]:
        builder = self.builder
        first = builder.columns[0]
        places = map_places(builder.brochure, builder.design, first.code, style.years)
        paint = self.paint(style)
        # where each label is written, for a missing glyph's message (issue 23)
        written = {card.name.get(first.code): card.name.location
                   for card in mapped_cards(builder.brochure, builder.design)
                   if card.name is not None and first.code in card.name.languages}
        home = builder.brochure.home
        for place in places:  # every label's letters must be in its font, like any text
            font = paint.home_label if place.home else paint.label
            if font is not None and place.label:
                where = (home.name.location or home.location) if place.home and home is not None else \
                    next((location for name, location in written.items() if place.label.startswith(name)), None)
                builder.glyphs.check(place.label, font.name, where)
        return places

    def world_map(self, style: MapStyle, what: str, location: Location | None = None) -> WorldMap:
        builder = self.builder
        contact = builder.brochure.contact
        href = None
        if builder.links and contact is not None:
            href = contact.website_url
        return WorldMap(self.places(style), self.paint(style), style.height, style.extent, style.margin,
                        style.mark_size, what, location, builder.page_map, style.space_before,
                        style.space_after, href=href)

    def map_block(self, block: MapBlock, unit: str) -> Iterator[tuple[Flowable, bool]]:
        style = self.builder.design.map_style(block.style)
        yield self.world_map(style, f"map '{unit}'", block.location), block.caption is not None
        if block.caption is not None:
            yield self.builder.row(block.caption, "map-caption", f"{unit}.caption", splittable=False), False

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
