"""Model of the content: text units keyed by language, sections, blocks, partner cities."""

from __future__ import annotations

from dataclasses import dataclass, field

from brochure.errors import Location
from brochure.model.lookup import by_name


@dataclass(frozen=True)
class Text:
    """One unit of text in every language it is written in, e.g. {"fr": ..., "en": ...}."""

    values: tuple[tuple[str, str], ...]
    location: Location | None = field(default=None, compare=False)

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
        return cls(tuple((code, value) for code in languages), location)


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


@dataclass(frozen=True)
class Note:
    text: Text


@dataclass(frozen=True)
class KeyFigure:
    value: Text
    label: Text


@dataclass(frozen=True)
class KeyFigures:
    items: tuple[KeyFigure, ...]
    title: Text | None = None


Block = Paragraph | Heading | ListBlock | Quote | Note | KeyFigures


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
class PartnerCity:
    id: str
    name: Text
    country: Text
    population: int
    partner_since: int
    description: Text
    coordinates: Coordinates | None = None
    image: str | None = None  # path relative to the brochure folder
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Contact:
    department: Text
    email: str
    phone: str
    address: tuple[Text, ...]  # each line per language ("France", "Frankreich"), or the same in all
    website: str


@dataclass(frozen=True)
class Language:
    code: str
    locale: str  # a CLDR locale such as fr_FR: number formats, hyphenation
    name: str


@dataclass(frozen=True)
class Brochure:
    title: Text
    languages: tuple[Language, ...]
    sections: tuple[Section, ...]
    cities: tuple[PartnerCity, ...]
    contact: Contact | None
    labels: tuple[tuple[str, Text], ...] = ()
    subtitle: Text | None = None
    publisher: Text | None = None
    subject: Text | None = None  # what the brochure is about: the PDF's metadata
    unbreakable: tuple[str, ...] = ()  # words never hyphenated, phrases never broken

    def language(self, code: str) -> Language:
        return by_name(self.languages, code, "code")

    def section(self, section_id: str) -> Section:
        return by_name(self.sections, section_id, "id")

    def label(self, name: str) -> Text:
        return dict(self.labels)[name]
