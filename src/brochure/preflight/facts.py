"""Preflight stage: what a PDF is and does, as immutable facts read once (by reader.py
and content.py) that every check only reads: page boxes, text shown, colours used
and where, images at their placed size, fonts, annotations, document keys."""

from __future__ import annotations

import math
from dataclasses import dataclass

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PROCESS_INKS = ("Cyan", "Magenta", "Yellow", "Black")


def multiply(m: Matrix, n: Matrix) -> Matrix:
    """m then n (PDF order: a point p maps to p·m·n)."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2,
            e * a2 + f * c2 + e2, e * b2 + f * d2 + f2)


def scale_of(m: Matrix) -> float:
    """The geometric mean scale of a matrix (how much a length grows)."""
    return math.sqrt(abs(m[0] * m[3] - m[1] * m[2]))


@dataclass(frozen=True)
class Colour:
    space: str                 # DeviceCMYK, DeviceRGB, DeviceGray, ICCBased4, Separation, ...
    values: tuple[float, ...]

    @property
    def inks(self) -> int:
        """How many process inks a CMYK colour uses (grey: K only)."""
        if self.space == "DeviceCMYK":
            return sum(1 for value in self.values if value > 0.001)
        if self.space == "DeviceGray":
            return 1 if self.values and self.values[0] < 0.999 else 0
        return 4

    @property
    def is_white(self) -> bool:
        if self.space == "DeviceCMYK":
            return all(value <= 0.001 for value in self.values)
        if self.space == "DeviceGray":
            return bool(self.values) and self.values[0] >= 0.999
        if self.space == "DeviceRGB":
            return bool(self.values) and all(value >= 0.999 for value in self.values)
        return False

    @property
    def is_pure_black(self) -> bool:
        cmyk = self.space == "DeviceCMYK" and len(self.values) == 4
        return (cmyk and tuple(round(v, 3) for v in self.values) == (0, 0, 0, 1)) or \
               (self.space == "DeviceGray" and bool(self.values) and self.values[0] <= 0.001)

    @property
    def is_rich_black(self) -> bool:
        return (self.space == "DeviceCMYK" and len(self.values) == 4 and self.values[3] >= 0.999
                and sum(self.values[:3]) > 0.001)


@dataclass(frozen=True)
class ColourSpace:
    """A colour space as preflight judges it: its family and what it prints with."""

    family: str                      # DeviceRGB, DeviceCMYK, DeviceGray, ICCBased, Lab, CalRGB, CalGray,
    #                                  Separation, DeviceN, Indexed, Pattern, JPX, unknown
    channels: int | None = None      # ICCBased /N (None when missing), JPX components
    base: ColourSpace | None = None  # Indexed's base, Separation/DeviceN's alternate
    spots: tuple[str, ...] = ()      # separation names that are not process inks
    components: int | None = None    # operands a colour takes in it (None when unknown)

    @property
    def label(self) -> str:
        if self.family == "ICCBased":
            return f"ICCBased ({self.channels} channels)" if self.channels else "ICCBased (no /N)"
        if self.family == "Indexed" and self.base is not None:
            return f"Indexed {self.base.label}"
        if self.spots:
            return f"{self.family} {', '.join(self.spots)}"
        return self.family

    @property
    def is_rgb(self) -> bool:
        if self.family in ("DeviceRGB", "CalRGB"):
            return True
        if self.family == "Indexed" and self.base is not None:
            return self.base.is_rgb
        return self.family == "JPX" and self.channels == 3

    @property
    def is_icc(self) -> bool:
        if self.family == "ICCBased":
            return True
        return self.family == "Indexed" and self.base is not None and self.base.is_icc

    @property
    def is_icc_rgb(self) -> bool:
        if self.family == "ICCBased":
            return self.channels == 3
        return self.family == "Indexed" and self.base is not None and self.base.is_icc_rgb

    @property
    def all_spots(self) -> tuple[str, ...]:
        inner = self.base.all_spots if self.base is not None and self.family == "Indexed" else ()
        return self.spots + inner


DEVICE_GRAY = ColourSpace("DeviceGray", components=1)


@dataclass(frozen=True)
class ColourUse:
    """A colour space that something on the page paints with, and what that is."""

    space: ColourSpace
    where: str           # "content", "image Im1", "inline image", "shading Sh1", "pattern P1 (tiling)", ...


@dataclass(frozen=True)
class TextRun:
    font: str           # the font's BaseFont
    size: float         # effective size in points
    colour: Colour
    overprint: bool
    text_render: int
    x: float = 0.0      # where the run starts, in page space
    y: float = 0.0


@dataclass(frozen=True)
class PlacedImage:
    name: str
    width_px: int
    height_px: int
    placed_width: float   # points
    placed_height: float
    space: ColourSpace
    bits: int
    filters: tuple[str, ...]
    centre: tuple[float, float] = (0.0, 0.0)   # where it lands on the page, in points

    @property
    def colour_space(self) -> str:
        return self.space.label

    @property
    def ppi(self) -> float:
        """Effective resolution at the placed size (the lower of the two directions)."""
        if self.placed_width <= 0 or self.placed_height <= 0:
            return float("inf")
        return min(self.width_px / (self.placed_width / 72), self.height_px / (self.placed_height / 72))


@dataclass(frozen=True)
class FontFacts:
    name: str                 # BaseFont without the slash
    subtype: str              # Type1, TrueType, Type0, Type3, ...
    embedded: bool
    empty_program: bool       # a font file is there but holds nothing
    too_large: str | None = None  # the program is past a limit: not read


@dataclass(frozen=True)
class Box:
    """A page box with its corners in order (a file may list them in any order)."""

    left: float
    bottom: float
    right: float
    top: float

    @staticmethod
    def of(corners: tuple[float, ...]) -> Box:
        x0, y0, x1, y1 = corners
        return Box(min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))

    def inside(self, outer: Box, tolerance: float = 0.01) -> bool:
        return (self.left >= outer.left - tolerance and self.bottom >= outer.bottom - tolerance and
                self.right <= outer.right + tolerance and self.top <= outer.top + tolerance)

    def overlaps(self, other: Box) -> bool:
        return (self.left < other.right and self.right > other.left and
                self.bottom < other.top and self.top > other.bottom)

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom


@dataclass(frozen=True)
class Annotation:
    subtype: str
    rect: Box | None
    prints: bool
    actions: tuple[str, ...]      # action types (/S) reachable from it


@dataclass(frozen=True)
class Problem:
    """Something wrong found while reading, reported under a rule by the checks."""

    severity: str        # the value of a Severity: "ERROR" or "WARN"
    rule: str
    detail: str


@dataclass(frozen=True)
class PageFacts:
    number: int
    media: Box | None = None
    trim: Box | None = None
    bleed: Box | None = None
    art: Box | None = None
    text: tuple[TextRun, ...] = ()
    fonts_listed: tuple[FontFacts, ...] = ()     # in the resources (forms included)
    fonts_used: tuple[FontFacts, ...] = ()       # selected by Tf and then shown
    colours: tuple[ColourUse, ...] = ()
    images: tuple[PlacedImage, ...] = ()
    stroke_widths: tuple[float, ...] = ()        # points, as stroked
    white_overprint: int = 0
    transparency: tuple[str, ...] = ()
    annotations: tuple[Annotation, ...] = ()
    actions: tuple[str, ...] = ()                # the page's own /AA
    problems: tuple[Problem, ...] = ()
    same_as: int | None = None                   # an earlier page drawn by the very same objects (read once)
    ink_bound: float | None = None               # total ink (%) the page cannot exceed, when only device CMYK
    #                                              and grey paint it, with no transparency; None: render it
    user_unit: float = 1.0                       # points per unit of its boxes (/UserUnit, PDF 1.6)

    @property
    def colour_spaces(self) -> set[str]:
        return {use.space.label for use in self.colours}


@dataclass(frozen=True)
class OutputIntent:
    subtype: str | None              # "/GTS_PDFX", ...
    identifier: str | None           # OutputConditionIdentifier
    registry: str | None             # RegistryName (a registered condition, e.g. http://www.color.org)
    profile: bytes | None            # DestOutputProfile, decoded
    channels: int | None             # the profile stream's /N
    problem: str | None = None       # the profile stream could not be decoded


@dataclass(frozen=True)
class Encryption:
    handler: str                     # /Filter: Standard, Adobe.PubSec, ...
    version: int | None              # /V
    revision: int | None             # /R
    method: str                      # AES-128, AES-256, RC4, unknown
    permissions: tuple[str, ...]     # what is forbidden (printing, changes, copying)
    opened: bool                     # it opened with an empty user password


@dataclass(frozen=True)
class DocumentFacts:
    pages: tuple[PageFacts, ...] = ()
    header_version: str | None = None
    catalog_version: str | None = None
    info: tuple[tuple[str, str], ...] = ()    # Info dictionary entries as text ("/Trapped", "/True")
    xmp: bytes | None = None
    output_intents: tuple[OutputIntent, ...] = ()
    has_id: bool = False
    encryption: Encryption | None = None
    document_javascript: bool = False
    catalog_actions: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = ()        # found while reading the structure
    repairs: tuple[str, ...] = ()             # what qpdf repaired to read the file
    object_streams: int = 0                   # objects compressed in object streams (/Type /ObjStm)
    xref_streams: int = 0                     # cross-reference streams (/Type /XRef) instead of tables

    def info_value(self, key: str) -> str | None:
        return next((value for name, value in self.info if name == key), None)
