"""Model of the content: text units keyed by language, sections, blocks, cards."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from brochure.cartography.scene import MapView
from brochure.errors import Location
from brochure.model.lookup import by_name


@dataclass(frozen=True, slots=True)  # slots: a catalogue of cards holds tens of thousands
class Text:
    """One unit of text in every language it is written in, e.g. {"fr": ..., "en": ...}."""

    values: tuple[tuple[str, str], ...]
    location: Location | None = field(default=None, compare=False)
    id: str | None = None  # the author's stable unit id (`id:`), for translation exchange
    # languages not written yet, whose value is the source text (draft builds mark them)
    missing: tuple[str, ...] = ()
    shared: bool = False  # one string written for every language (an address line): nothing to translate

    def get(self, language: str) -> str:
        for code, value in self.values:
            if code == language:
                return value
        raise KeyError(language)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(code for code, _ in self.values)

    @classmethod
    def of(cls, **values: str) -> Text:
        return cls(tuple(values.items()))

    @classmethod
    def same(cls, value: str, languages: tuple[str, ...], location: Location | None = None) -> Text:
        """One text that reads the same in every language (an address, a number)."""
        return cls(tuple((code, value) for code in languages), location, shared=True)


@dataclass(frozen=True)
class Paragraph:
    text: Text
    lead: Text | None = None  # a run-in heading set before the text
    style: str | None = None  # a paragraph style of the layout, "body" when None


@dataclass(frozen=True)
class Heading:
    text: Text


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Text, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Quote:
    text: Text
    by: Text | None = None  # the attribution, set under the quote in its style and kept with it


@dataclass(frozen=True)
class Note:
    text: Text


@dataclass(frozen=True)
class KeyFigure:
    value: Text  # with `number`, each language may hold {number}: the number formatted for it
    label: Text
    number: int | None = None


@dataclass(frozen=True)
class KeyFigures:
    items: tuple[KeyFigure, ...]
    title: Text | None = None


@dataclass(frozen=True)
class Cards:
    """A list of cards of content/cards/<name>.yaml, set where the block stands."""

    list: str
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Focus:
    """The point of an image a crop keeps in view: 0..1 from the left and from the top."""

    x: float = 0.5
    y: float = 0.5


@dataclass(frozen=True)
class ImageRef:
    """A card's image with the point its crop keeps (a face, a doorway)."""

    path: str
    focus: Focus = Focus()


@dataclass(frozen=True)
class ImageWidth:
    """How wide an image block is: the text `frame`, one `column` (a language column of a
    facing layout, else a flow column), a `share` of the frame, or a `length` in points."""

    kind: str = "frame"
    value: float = 1.0  # the share (0..1] or the length


IMAGE_WIDTHS = ("frame", "column")
IMAGE_ALIGNS = ("left", "centre", "right")
# here: where it stands; top / foot: of the column (the frame) it falls in, or of the next one;
# page-top / page-foot: of the page (its first or last column); next-page: the top of the next page.
# A float: the text after it fills the room it leaves.
IMAGE_PLACES = ("here", "top", "foot", "page-top", "page-foot", "next-page")
IMAGE_FITS = ("cover", "contain")


@dataclass(frozen=True)
class ImageBlock:
    """An image with its caption and credit per language, placed as the designer says."""

    path: str  # relative to the brochure folder
    caption: Text | None = None
    credit: Text | None = None
    location: Location | None = field(default=None, compare=False)
    width: ImageWidth = ImageWidth()
    align: str = "centre"
    place: str = "here"
    fit: str = "cover"  # cover: fills width x height, cropped around `focus`; contain: whole, never cropped
    focus: Focus = Focus()
    height: float | None = None  # points; cover default: the box's image_height; contain: the image's own
    box: str = "image"  # a box of styles.yaml: padding, background, rule, image_height
    alt: Text | None = None  # what the image shows, for a screen reader (tagged screen edition)


@dataclass(frozen=True)
class MapBlock:
    """A map of the home city and its partners; how it looks is the layout's map style."""

    style: str = "map"  # a map style of layout/styles.yaml (maps:)
    caption: Text | None = None
    view: str | MapView | None = None  # the region it shows, over its style's extent
    location: Location | None = field(default=None, compare=False)


Block = Paragraph | Heading | ListBlock | Quote | Note | KeyFigures | Cards | ImageBlock | MapBlock


@dataclass(frozen=True)
class Section:
    id: str
    blocks: tuple[Block, ...]
    title: Text | None = None
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Coordinates:
    lat: float
    lon: float


@dataclass(frozen=True)
class Place:
    """A named place on the map: the home city every partnership arc starts from."""

    name: Text
    coordinates: Coordinates
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217, e.g. EUR


# A card field's value, by the field's type in the layout: text -> Text, integer and
# year -> int, date -> datetime.date, money -> Money, url -> str, image -> str or ImageRef (with a
# focus), coordinates.
FieldValue = Text | int | datetime.date | Money | str | Coordinates | ImageRef


@dataclass(frozen=True)
class Card:
    """One card of a card list: its values, typed by the card kind of the layout."""

    id: str
    values: tuple[tuple[str, FieldValue], ...]
    location: Location | None = field(default=None, compare=False)

    def get(self, name: str) -> FieldValue | None:
        return next((value for key, value in self.values if key == name), None)  # a few fields: no dict


@dataclass(frozen=True)
class CardList:
    name: str  # the file's stem: content/cards/<name>.yaml
    kind: str  # a card kind of layout/cards.yaml
    cards: tuple[Card, ...]
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Contact:
    department: Text
    email: str
    phone: str
    address: tuple[Text, ...]  # each line per language ("France", "Frankreich"), or the same in all
    website: str
    qr: str | None = None  # a QR code of the "website" or the "email" on the back cover
    # where email, phone and website are written, for a message about them (a missing glyph)
    locations: tuple[tuple[str, Location | None], ...] = field(default=(), compare=False)

    def location_of(self, name: str) -> Location | None:
        return dict(self.locations).get(name)

    @property
    def website_url(self) -> str:
        """The website as a link: www.example.org -> https://www.example.org."""
        return self.website if "://" in self.website else f"https://{self.website}"

    @property
    def qr_caption(self) -> tuple[str, str] | None:
        """The line printed beside the QR code (what it shows, where it links), which the
        contact lines then leave out; None without a code."""
        if self.qr is None:
            return None
        return (self.email, f"mailto:{self.email}") if self.qr == "email" else (self.website, self.website_url)


@dataclass(frozen=True)
class Language:
    code: str
    locale: str  # a CLDR locale such as fr_FR: number formats, hyphenation
    name: str
    digits: str = "latin"  # or "native": the locale's own digits (Eastern Arabic ٠١٢ for ar)
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Brochure:
    title: Text
    languages: tuple[Language, ...]
    sections: tuple[Section, ...]
    contact: Contact | None
    labels: tuple[tuple[str, Text], ...] = ()
    subtitle: Text | None = None
    publisher: Text | None = None
    subject: Text | None = None  # what the brochure is about: the PDF's metadata
    unbreakable: tuple[str, ...] = ()  # words never hyphenated, phrases never broken
    card_lists: tuple[CardList, ...] = ()
    credits: tuple[Text, ...] = ()  # credits of images the layout places (cover photograph, logo)
    home: Place | None = None  # the city whose partners these are (maps, cover graphic)

    def language(self, code: str) -> Language:
        return by_name(self.languages, code, "code")

    def section(self, section_id: str) -> Section:
        return by_name(self.sections, section_id, "id")

    def label(self, name: str) -> Text:
        for key, text in self.labels:
            if key == name:
                return text
        raise KeyError(name)

    def card_list(self, name: str) -> CardList:
        return by_name(self.card_lists, name)
