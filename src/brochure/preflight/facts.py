"""Preflight stage: what a page's content streams do, read once for every check:
text shown (font, size, colour, overprint), colours set, images and their placed
resolution, stroked line widths. Form XObjects are followed with their matrix."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream, DictionaryObject, IndirectObject

Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1, 0, 0, 1, 0, 0)


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
    space: str                 # DeviceCMYK, DeviceRGB, DeviceGray, ICCBased, Separation, ...
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
            return all(value >= 0.999 for value in self.values)
        return False

    @property
    def is_pure_black(self) -> bool:
        return (self.space == "DeviceCMYK" and tuple(round(v, 3) for v in self.values) == (0, 0, 0, 1)) or \
               (self.space == "DeviceGray" and bool(self.values) and self.values[0] <= 0.001)

    @property
    def is_rich_black(self) -> bool:
        return self.space == "DeviceCMYK" and self.values[3] >= 0.999 and sum(self.values[:3]) > 0.001


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
    colour_space: str
    bits: int
    filters: tuple[str, ...]

    @property
    def ppi(self) -> float:
        """Effective resolution at the placed size (the lower of the two directions)."""
        if self.placed_width <= 0 or self.placed_height <= 0:
            return float("inf")
        return min(self.width_px / (self.placed_width / 72), self.height_px / (self.placed_height / 72))


@dataclass
class PageFacts:
    number: int
    text: list[TextRun] = field(default_factory=list)
    fonts_listed: dict[str, DictionaryObject] = field(default_factory=dict)   # resource name → font
    fonts_used: dict[str, DictionaryObject] = field(default_factory=dict)     # BaseFont → font
    colour_spaces: set[str] = field(default_factory=set)                       # set by operators
    images: list[PlacedImage] = field(default_factory=list)
    stroke_widths: list[float] = field(default_factory=list)                   # points, as stroked
    white_overprint: int = 0
    transparency: list[str] = field(default_factory=list)
    shading_spaces: set[str] = field(default_factory=set)


@dataclass
class _State:
    ctm: Matrix = IDENTITY
    fill: Colour = Colour("DeviceGray", (0.0,))
    stroke: Colour = Colour("DeviceGray", (0.0,))
    fill_space: str = "DeviceGray"
    stroke_space: str = "DeviceGray"
    line_width: float = 1.0
    fill_overprint: bool = False
    stroke_overprint: bool = False
    font: str = ""
    font_size: float = 0.0
    text_render: int = 0

    def copy(self) -> _State:
        return _State(**self.__dict__)


def space_name(space, resources: DictionaryObject | None) -> str:
    """The family of a colour space operand or object: DeviceRGB, ICCBased, Indexed…"""
    space = space.get_object() if isinstance(space, IndirectObject) else space
    if isinstance(space, str) and not space.startswith("/"):
        space = "/" + space
    if isinstance(space, str):
        named = str(space)
        if named in ("/DeviceRGB", "/RGB"):
            return "DeviceRGB"
        if named in ("/DeviceCMYK", "/CMYK"):
            return "DeviceCMYK"
        if named in ("/DeviceGray", "/G"):
            return "DeviceGray"
        if named == "/Pattern":
            return "Pattern"
        table = (resources or {}).get("/ColorSpace") if resources is not None else None
        if table is not None and named in table.get_object():
            return space_name(table.get_object()[named], None)
        return named.lstrip("/")
    if isinstance(space, list) and space:
        family = str(space[0]).lstrip("/")
        if family == "ICCBased":
            stream = space[1].get_object()
            channels = int(stream.get("/N", 0))
            return f"ICCBased{channels}"
        if family == "Indexed":
            return "Indexed:" + space_name(space[1], resources)
        return family
    return "unknown"


def _components(space: str, operands) -> Colour:
    return Colour(space, tuple(float(value) for value in operands if not isinstance(value, str)))


class PageReader:
    """Walks one page's content, and the forms it draws, collecting PageFacts."""

    def __init__(self, reader: PdfReader, page: PageObject, number: int):
        self.reader = reader
        self.page = page
        self.facts = PageFacts(number)
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        for name, font in (resources.get("/Font") or {}).items():
            self.facts.fonts_listed[str(name)] = font.get_object()

    def read(self) -> PageFacts:
        contents = self.page.get_contents()
        if contents is not None:
            resources = self.page.get("/Resources")
            self._walk(ContentStream(contents, self.reader), resources.get_object() if resources else None,
                       _State(), depth=0)
        return self.facts

    def _walk(self, stream: ContentStream, resources, state: _State, depth: int) -> None:
        stack: list[_State] = []
        text_matrix: Matrix = IDENTITY
        for operands, operator in stream.operations:
            op = operator.decode("latin-1") if isinstance(operator, bytes) else operator
            if op == "q":
                stack.append(state.copy())
            elif op == "Q":
                state = stack.pop() if stack else state
            elif op == "cm":
                state.ctm = multiply(tuple(float(v) for v in operands), state.ctm)
            elif op == "w":
                state.line_width = float(operands[0])
            elif op == "gs":
                self._graphics_state(operands[0], resources, state)
            elif op in ("g", "G", "rg", "RG", "k", "K"):
                space = {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}[op.lower()]
                self.facts.colour_spaces.add(space)
                colour = _components(space, operands)
                if op.islower():
                    state.fill, state.fill_space = colour, space
                else:
                    state.stroke, state.stroke_space = colour, space
            elif op in ("cs", "CS"):
                space = space_name(operands[0], resources)
                self.facts.colour_spaces.add(space)
                if op == "cs":
                    state.fill_space = space
                else:
                    state.stroke_space = space
            elif op in ("sc", "scn"):
                state.fill = _components(state.fill_space, operands)
            elif op in ("SC", "SCN"):
                state.stroke = _components(state.stroke_space, operands)
            elif op in ("S", "s", "B", "B*", "b", "b*"):
                self.facts.stroke_widths.append(state.line_width * scale_of(state.ctm))
                self._check_white(state, fill=op not in ("S", "s"), stroke=True)
            elif op in ("f", "F", "f*"):
                self._check_white(state, fill=True, stroke=False)
            elif op == "BT":
                text_matrix = IDENTITY
            elif op in ("Tm",):
                text_matrix = tuple(float(v) for v in operands)
            elif op == "Tf":
                state.font = self._font(operands[0], resources)
                state.font_size = float(operands[1])
            elif op == "Tr":
                state.text_render = int(operands[0])
            elif op in ("Tj", "TJ", "'", '"'):
                self._text(state, text_matrix)
            elif op == "Do":
                self._xobject(operands[0], resources, state, depth)
            elif op == "sh":
                shading = ((resources or {}).get("/Shading") or {}).get(operands[0])
                if shading is not None:
                    self.facts.shading_spaces.add(space_name(shading.get_object().get("/ColorSpace"), resources))
            elif op == "INLINE IMAGE":
                self._inline_image(operands, state, resources)

    def _graphics_state(self, name, resources, state: _State) -> None:
        states = (resources or {}).get("/ExtGState") if resources is not None else None
        if states is None or name not in states.get_object():
            return
        gs = states.get_object()[name].get_object()
        if "/op" in gs:
            state.fill_overprint = bool(gs["/op"])
        if "/OP" in gs:
            state.stroke_overprint = bool(gs["/OP"])
            if "/op" not in gs:
                state.fill_overprint = bool(gs["/OP"])
        for key in ("/SMask", "/ca", "/CA", "/BM"):
            if key in gs:
                value = gs[key]
                if key == "/SMask" and str(value) == "/None":
                    continue
                if key in ("/ca", "/CA") and float(value) >= 1:
                    continue
                if key == "/BM" and str(value) in ("/Normal", "/Compatible"):
                    continue
                self.facts.transparency.append(f"{key[1:]}={value}")

    def _font(self, name, resources) -> str:
        fonts = (resources or {}).get("/Font") if resources is not None else None
        if fonts is None or name not in fonts.get_object():
            return str(name)
        font = fonts.get_object()[name].get_object()
        base = str(font.get("/BaseFont", name))
        self.facts.fonts_used[base] = font
        return base

    def _text(self, state: _State, text_matrix: Matrix) -> None:
        matrix = multiply(text_matrix, state.ctm)
        size = state.font_size * scale_of(matrix)
        self.facts.text.append(TextRun(state.font, size, state.fill, state.fill_overprint, state.text_render,
                                       matrix[4], matrix[5]))

    def _check_white(self, state: _State, fill: bool, stroke: bool) -> None:
        if (fill and state.fill_overprint and state.fill.is_white) or \
                (stroke and state.stroke_overprint and state.stroke.is_white):
            self.facts.white_overprint += 1

    def _xobject(self, name, resources, state: _State, depth: int) -> None:
        xobjects = (resources or {}).get("/XObject") if resources is not None else None
        if xobjects is None or name not in xobjects.get_object():
            return
        reference = xobjects.get_object()[name]
        xobject = reference.get_object()
        subtype = xobject.get("/Subtype")
        if subtype == "/Image":
            self._image(str(name), xobject, state, resources)
        elif subtype == "/Form" and depth < 12:
            matrix = tuple(float(v) for v in xobject.get("/Matrix", IDENTITY))
            inner = state.copy()
            inner.ctm = multiply(matrix, state.ctm)
            form_resources = xobject.get("/Resources")
            form_resources = form_resources.get_object() if form_resources is not None else resources
            for font_name, font in ((form_resources or {}).get("/Font") or {}).items():
                self.facts.fonts_listed.setdefault(f"{name}:{font_name}", font.get_object())
            if xobject.get("/Group") is not None and xobject["/Group"].get("/S") == "/Transparency":
                self.facts.transparency.append("transparency group")
            self._walk(ContentStream(xobject, self.reader), form_resources, inner, depth + 1)

    def _image(self, name: str, image, state: _State, resources) -> None:
        if image.get("/ImageMask"):
            return  # a stencil painted in the fill colour, no pixels of its own
        placed_width = math.hypot(state.ctm[0], state.ctm[1])
        placed_height = math.hypot(state.ctm[2], state.ctm[3])
        filters = image.get("/Filter")
        filters = tuple(str(f) for f in (filters if isinstance(filters, list) else [filters] if filters else []))
        space = space_name(image.get("/ColorSpace", "/DeviceGray"), resources)
        if "/JPXDecode" in filters and "/ColorSpace" not in image:
            space = "JPX"
        if image.get("/SMask") is not None:
            self.facts.transparency.append(f"image {name} has a soft mask")
        self.facts.images.append(PlacedImage(name, int(image.get("/Width", 0)), int(image.get("/Height", 0)),
                                             placed_width, placed_height, space,
                                             int(image.get("/BitsPerComponent", 8)), filters))

    def _inline_image(self, operands, state: _State, resources) -> None:
        settings = operands[0] if operands else {}
        get = lambda *keys: next((settings[k] for k in keys if k in settings), None)  # noqa: E731
        space = space_name(get("/ColorSpace", "/CS") or "/DeviceGray", resources)
        self.facts.images.append(PlacedImage("inline", int(get("/Width", "/W") or 0), int(get("/Height", "/H") or 0),
                                             math.hypot(state.ctm[0], state.ctm[1]),
                                             math.hypot(state.ctm[2], state.ctm[3]),
                                             space, int(get("/BitsPerComponent", "/BPC") or 8), ()))


def read_facts(reader: PdfReader) -> list[PageFacts]:
    return [PageReader(reader, page, number).read() for number, page in enumerate(reader.pages, start=1)]
