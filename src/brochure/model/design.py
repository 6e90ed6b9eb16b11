"""Model of the design: page geometry, CMYK palette, fonts, styles, page templates, sequence."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum

from brochure.cartography.scene import MapView
from brochure.errors import Location
from brochure.model.lookup import by_name
from brochure.model.typography import Typography
from brochure.units import Rect


@dataclass(frozen=True)
class PageGeometry:
    """Lengths in points. The trim is the finished page; bleed and slug lie outside it."""

    trim_width: float
    trim_height: float
    bleed: float
    slug: float
    margin_inner: float
    margin_outer: float
    margin_top: float
    margin_bottom: float
    columns: int
    gutter: float

    @property
    def media_width(self) -> float:
        return self.trim_width + 2 * (self.bleed + self.slug)

    @property
    def media_height(self) -> float:
        return self.trim_height + 2 * (self.bleed + self.slug)

    @property
    def trim_box(self) -> Rect:
        """The finished page inside the media box."""
        offset = self.bleed + self.slug
        return Rect(offset, offset, self.trim_width, self.trim_height)

    @property
    def bleed_box(self) -> Rect:
        return self.trim_box.outset(self.bleed)


@dataclass(frozen=True)
class Margins:
    inner: float
    outer: float
    top: float
    bottom: float


@dataclass(frozen=True)
class CmykColour:
    """A process colour; each channel from 0 to 1."""

    name: str
    cyan: float
    magenta: float
    yellow: float
    black: float


@dataclass(frozen=True)
class FontFace:
    """One face of a family: a font file, and for a collection or a variable font which font in it.

    `file` is relative to the brochure folder. A collection (.ttc/.otc) needs `index` (from 0) or
    `name` (a PostScript or full name); a variable font takes a named `instance` or `axes` values
    (axes it is not given stay at their default), or neither for its default instance."""

    file: str
    instance: str | None = None
    axes: tuple[tuple[str, float], ...] = ()  # (axis tag, value), in the order written
    index: int | None = None
    name: str | None = None
    location: Location | None = field(default=None, compare=False)

    def recipe(self) -> str:
        """What is asked of the file besides its bytes: part of the key of a prepared font."""
        axes = ",".join(f"{tag}={value:g}" for tag, value in self.axes)
        return f"index={self.index};name={self.name};instance={self.instance};axes={axes}"


@dataclass(frozen=True)
class FontFamily:
    """A family of faces; paths are relative to the brochure folder."""

    name: str
    regular: FontFace
    bold: FontFace | None = None
    italic: FontFace | None = None
    bold_italic: FontFace | None = None
    fallback: str | None = None  # another family, for characters this one lacks

    def face_specs(self) -> tuple[tuple[str, FontFace], ...]:
        """(face name, face) for each face the family has."""
        named = (("regular", self.regular), ("bold", self.bold),
                 ("italic", self.italic), ("bold_italic", self.bold_italic))
        return tuple((face, spec) for face, spec in named if spec is not None)

    def faces(self) -> tuple[tuple[str, str], ...]:
        """(face name, file path) for each face the family has."""
        return tuple((face, spec.file) for face, spec in self.face_specs())


@dataclass(frozen=True)
class Feature:
    """An OpenType feature a style turns on or off (`calt`, `onum`, `smcp`…), and where."""

    tag: str
    on: bool
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class TextStyle:
    """A paragraph style with its parents already resolved."""

    name: str
    font: str
    size: float
    leading: float
    colour: str
    align: str = "left"  # left, right, center, justify
    bold: bool = False
    italic: bool = False
    space_before: float = 0.0
    space_after: float = 0.0
    left_indent: float = 0.0
    first_indent: float = 0.0
    bullet: str | None = None  # the glyph of list items; numbered lists use numbers
    bullet_colour: str | None = None
    number_colour: str | None = None  # the numbers of a numbered list (text: legible); default bullet_colour
    hyphenate: bool = True
    uppercase: bool = False
    features: tuple[Feature, ...] = ()  # over the layout's `shaping:`; inherited from the parent
    # justified lines: word spaces from min to max times the font's space (min None: the
    # layout's space_shrink), and letters spaced by up to this share of the em when still loose
    word_space_min: float | None = None
    word_space_max: float = 1.33
    letter_spacing: float = 0.0
    hyphenate_capitalised: bool | None = None  # words with a capital (names); None: the language's rule
    optical_margin: bool = False  # justified lines hang hyphens, commas, periods, quotes into the margin
    balance: bool | None = None   # ragged lines of even length; None: when ragged and not hyphenated
    # tracking: space added after every letter, as a share of the em (capitals read better spaced)
    tracking: float = 0.0
    # display text (balanced) whose last line would hold one word alone may be set tighter, by up to
    # this much tracking (a share of the em) and then smaller, by up to this share of its size
    fit_tracking: float = 0.0
    fit_size: float = 0.0
    location: Location | None = field(default=None, compare=False)  # the style's key in styles.yaml

    def feature_settings(self, base: dict[str, bool]) -> dict[str, bool]:
        """The OpenType features to shape this style's text with."""
        return {**base, **{feature.tag: feature.on for feature in self.features}}


@dataclass(frozen=True)
class Box:
    """The frame drawn around a component such as the key figures or a city card."""

    name: str
    background: str | None = None
    rule: str | None = None  # a rule along the top edge
    rule_width: float = 1.0
    padding: float = 0.0
    space_before: float = 0.0
    space_after: float = 0.0
    max_height: float | None = None  # taller is overset: an error naming the box
    image_height: float = 85.0  # the strip an image fills at the top of the box (30 mm)


@dataclass(frozen=True)
class MapStyle:
    """How a map of the home city and its partners looks (layout/styles.yaml, maps:).

    Colours name palette entries; None leaves that part out.
    """

    name: str
    height: float = 226.77  # 80 mm; the width is the column's (or the page's, for a cover graphic)
    extent: str | MapView = "fit"  # "world", "fit" (the region of the cities and their arcs), or a region
    margin: float = 0.08  # fit: room around the cities, as a share of the map's size
    align: str = "middle"  # top, middle or bottom: where the map sits in a box taller than it
    mark: str = ""  # palette colours: a partner's mark and the home city's (required)
    home_mark: str = ""
    land: str | None = None
    partner_land: str | None = None  # countries with a partner city, when set
    borders: str | None = None
    border_width: float = 0.25
    sea: str | None = None
    arc: str | None = None
    arc_width: float = 0.75
    mark_size: float = 4.0  # diameter of a partner's mark; the home's is 1.6 times larger
    label: str | None = "map-label"  # a paragraph style; None: no labels (a cover graphic)
    home_label: str | None = "map-home-label"
    leader: str | None = None  # lines from a mark to a label set away from it; default: the label's colour
    halo: str | None = None  # a thin outline around label letters, so that arcs do not cross them
    years: bool = False  # the year each partnership began, after the name
    # "all": one map across the language columns, each label in every column's language;
    # "column": a map in each language column, labelled in that column's language
    languages: str = "all"
    space_before: float = 0.0
    space_after: float = 0.0


@dataclass(frozen=True)
class QrStyle:
    """The back cover's QR code: always 100 % K modules on a white quiet zone."""

    size: float = 70.87  # 25 mm, quiet zone included
    gap: float = 8.5  # 3 mm between the code and the text beside it


@dataclass(frozen=True)
class Band:
    """A colour band along one edge of the trim, extended into the bleed."""

    edge: str  # top, bottom, left, right, outer, inner
    size: float
    colour: str


@dataclass(frozen=True)
class TemplateImage:
    """An image a page template places: a photograph or a logo."""

    path: str          # relative to the brochure folder
    fit: str = "bleed"  # bleed: the page to the bleed edge; frame: the text frame; logo: foot of the page
    height: float = 42.52  # a logo's height (15 mm); its width follows
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True)
class PageTemplate:
    name: str
    margins: Margins | None = None  # overrides the page's margins
    background: str | None = None  # a palette colour filling the page to the bleed edge
    bands: tuple[Band, ...] = ()
    folio: bool = False
    running_footer: bool = False
    footer_colour: str | None = None    # the folio and running title in this palette colour (else the footer style's)
    image: TemplateImage | None = None  # drawn under the text, over the background
    logo: TemplateImage | None = None   # at the foot of the page, on the outer side
    graphic: str | None = None  # a map style drawn full-bleed behind the text (a cover made from the data)
    columns: int | None = None  # flow columns of a one-language edition on this template (default: the page's)
    opener: bool = False  # a section set on this template starts a new page (it opens on it)


# The types a card field may have; how each is printed per locale is in typeset/values.py.
FIELD_TYPES = ("text", "integer", "year", "date", "money", "url", "image", "coordinates")
PRINTABLE_TYPES = ("text", "integer", "year", "date", "money", "url")


@dataclass(frozen=True)
class CardField:
    name: str
    type: str  # one of FIELD_TYPES
    optional: bool = False


@dataclass(frozen=True)
class CardLine:
    """One paragraph of a card: a template of fields, or a label of the content filled with them."""

    style: str
    show: str | None = None   # e.g. "{name}"
    label: str | None = None  # a label of content/brochure.yaml, one per language
    location: Location | None = field(default=None, compare=False)  # where the line is written


@dataclass(frozen=True)
class CardKind:
    """What cards of one kind hold and how they are set."""

    name: str
    fields: tuple[CardField, ...]
    lines: tuple[CardLine, ...]
    box: str = "card"               # a box of styles.yaml
    per_page: int | None = None     # at most this many cards on a page (per flow column)
    location: Location | None = field(default=None, compare=False)

    def field(self, name: str) -> CardField:
        return by_name(self.fields, name)

    @property
    def image_field(self) -> str | None:
        """The field whose image tops the card, if the kind has one."""
        return next((f.name for f in self.fields if f.type == "image"), None)


class SequenceKind(StrEnum):
    """What a step of the page sequence sets: its key in layout/pages.yaml."""

    COVER = "cover"
    SECTION = "section"
    BACK_COVER = "back_cover"


@dataclass(frozen=True)
class SequenceItem:
    """One step of the page sequence."""

    kind: SequenceKind
    template: str
    section: str | None = None
    # True: a new page; False: runs on; None (not written): runs on after the section gap unless
    # its template is an opener; the page plan may start it on a new page
    new_page: bool | None = None
    auto_page: bool = False  # new_page: auto: stay on the page when a third of the type area is free
    fill_map: str | None = None  # fill: {map: STYLE}: a map at the foot of the last page when there is room
    sync: str = "paragraph"  # where the language columns meet again: paragraph, block or section


SYNC_LEVELS = ("paragraph", "block", "section")


@dataclass(frozen=True)
class Filler:
    """A page the layout offers for the pages a binding needs beyond the content, instead of a
    blank page: a map across the type area of a page of `template` (its style's height), and/or
    notes (ruled lines to the foot under the content's label `notes`, when it has one); a map
    alone is made as tall as the type area left under its `title`. With neither, the page shows
    its template alone: one with a picture (`image:`), a photograph across the page."""

    template: str
    map: str | None = None
    notes: bool = False
    title: str | None = None  # a label of content/brochure.yaml set as the page's heading (a map page)
    location: Location | None = field(default=None, compare=False)  # the filler in pages.yaml


@dataclass(frozen=True)
class OutputIntent:
    """The printing condition the print edition is made for (PDF/X output intent)."""

    profile: str  # ICC file, relative to the brochure folder
    condition: str = "FOGRA39"  # OutputConditionIdentifier
    description: str = "Coated FOGRA39 (ISO 12647-2:2004)"
    registry: str = "http://www.color.org"


@dataclass(frozen=True)
class Marks:
    """Printer's marks, drawn in the slug outside the bleed."""

    crop: bool = True
    registration: bool = False
    colour_bar: bool = False
    page_info: bool = False
    offset: float = 8.504  # from the trim edge to the start of a crop mark (3 mm): at least the bleed
    length: float = 14.173  # 5 mm
    weight: float = 0.25


@dataclass(frozen=True)
class ImageSettings:
    """How images are converted, sized and compressed (document.yaml, `print: images:`)."""

    ink_limit: float = 300.0  # total ink (percent) of images converted to CMYK; FOGRA39: 300
    ppi: float = 300.0  # print target; images above `downsample_above` times it are resampled to it
    screen_ppi: float = 150.0
    downsample_above: float = 1.5
    jpeg_quality: int = 85  # photographs (print: CMYK JPEG); line art and maps stay lossless
    screen_jpeg_quality: int = 75


@dataclass(frozen=True)
class PrintSettings:
    output_intent: OutputIntent | None = None
    rendering_intent: str = "relative"  # relative or perceptual, for converting images
    marks: Marks = Marks()
    creep: float = 0.0  # saddle stitch: how far the centre spread's pages move toward the spine
    preflight_profile: str = "pdfx4"  # checked after every print build; see layout/preflight.yaml
    grey_images: str = "black"  # greyscale images print in black ink only; "process": through the profile
    images: ImageSettings = ImageSettings()
    paper: str | None = None  # the stock, as the printer's job ticket names it ("Coated 135 g/m²")
    quantity: int | None = None  # copies to print, for the job ticket


@dataclass(frozen=True)
class Shaping:
    kerning: bool = True
    ligatures: bool = False  # standard ligatures (fi, fl); see typeset/reportlab_fixes.py


@dataclass(frozen=True)
class Hyphenation:
    min_word_length: int = 6
    min_before: int = 2
    min_after: int = 3
    max_consecutive: int = 2
    ragged_min_word_length: int = 12  # ragged-right styles hyphenate only words this long (0: none)


class Binding(StrEnum):
    """How an edition is bound (`binding:` in layout/editions.yaml)."""

    SADDLE_STITCH = "saddle-stitch"  # folded sheets nested and stapled
    PERFECT = "perfect"              # glued leaves
    FLAT = "flat"                    # a leaflet or a single sheet


# The page count each binding needs.
BINDING_PAGE_MULTIPLES = {
    Binding.SADDLE_STITCH: 4,  # pages come in fours
    Binding.PERFECT: 2,        # an even count
    Binding.FLAT: 1,           # any count
}


@dataclass(frozen=True)
class Edition:
    """One language edition of the brochure: which languages, in which column order,
    bound how, holding which sections, with which changes to the layout."""

    name: str                       # what `--edition` chooses
    file: str                       # the output file's stem
    languages: tuple[str, ...]      # language codes, one per facing column, left to right
    binding: Binding = Binding.SADDLE_STITCH
    sections: tuple[str, ...] | None = None  # section ids it holds; None: every section
    page: PageGeometry | None = None         # trim, margins or grid changed for this edition
    styles: tuple[TextStyle, ...] | None = None  # the styles, with this edition's changes
    maps: tuple[MapStyle, ...] | None = None     # the map styles, with this edition's changes
    location: Location | None = field(default=None, compare=False)

    @property
    def page_multiple(self) -> int:
        return BINDING_PAGE_MULTIPLES[self.binding]


@dataclass(frozen=True)
class Design:
    name: str  # the output file's stem
    page: PageGeometry
    palette: tuple[CmykColour, ...]
    fonts: tuple[FontFamily, ...]
    styles: tuple[TextStyle, ...]
    templates: tuple[PageTemplate, ...]
    sequence: tuple[SequenceItem, ...]
    columns: tuple[str, ...]  # language codes, one per facing column, left to right
    boxes: tuple[Box, ...] = ()
    page_multiple: int = 4  # pages are padded to a multiple of this (saddle stitch)
    hyphenation: Hyphenation = Hyphenation()
    loose_word_space: float = 2.0  # justified lines whose spaces stretch past this are reported
    space_shrink: float = 0.1      # how much a space may shrink to fit one more word on a line
    shaping: Shaping = Shaping()
    printing: PrintSettings = PrintSettings()
    card_kinds: tuple[CardKind, ...] = ()
    editions: tuple[Edition, ...] = ()  # every edition the layout declares, first is the default
    edition: Edition | None = None      # the edition this design is specialised for
    # the tagged screen edition reads parallel texts one language after the other within a
    # section ("by-language") or pair by pair ("pairs")
    reading_order: str = "by-language"
    # (content language code, its rules): the shipped rules changed by layout/typography.yaml,
    # resolved once the content's languages are known (load.typography)
    typography: tuple[tuple[str, Typography], ...] = ()
    maps: tuple[MapStyle, ...] = ()
    qr: QrStyle = QrStyle()
    section_gap: float = 24.0  # the space above a section that runs on after the one before
    fillers: tuple[Filler, ...] = ()  # pages.yaml fillers: what the pages a binding adds show, in order

    def for_edition(self, edition: Edition) -> Design:
        """This design as one edition sees it: its name, columns, binding, sections,
        page and styles. Items of the sequence other than sections are kept."""
        sequence = self.sequence
        if edition.sections is not None:
            sequence = tuple(item for item in sequence
                             if item.kind != "section" or item.section in edition.sections)
        return replace(self, name=edition.file, columns=edition.languages,
                       page_multiple=edition.page_multiple, page=edition.page or self.page,
                       styles=edition.styles or self.styles, maps=edition.maps or self.maps, sequence=sequence,
                       edition=edition)

    def edition_named(self, name: str) -> Edition:
        return by_name(self.editions, name)

    def card_kind(self, name: str) -> CardKind:
        return by_name(self.card_kinds, name)

    def typography_of(self, code: str) -> Typography:
        """The typographic rules of a content language (neutral ones if none were loaded)."""
        return dict(self.typography).get(code) or Typography(code, has_rules=False)

    def map_style(self, name: str) -> MapStyle:
        return by_name(self.maps, name)

    def box(self, name: str) -> Box:
        """The box of that name, or an undecorated one when the layout has none."""
        try:
            return by_name(self.boxes, name)
        except KeyError:
            return Box(name)

    def colour(self, name: str) -> CmykColour:
        return by_name(self.palette, name)

    def style(self, name: str) -> TextStyle:
        return by_name(self.styles, name)

    def template(self, name: str) -> PageTemplate:
        return by_name(self.templates, name)
