"""Preflight stage: walk one page's content (and every form, pattern, Type3 glyph, soft
mask and annotation appearance it draws) once, collecting PageFacts. Malformed
operators, loops and our own resource limits become problems, never exceptions."""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pikepdf

from brochure.preflight import streams, values
from brochure.preflight.colour_spaces import colour_space, jpx_colour
from brochure.preflight.facts import (
    DEVICE_GRAY,
    IDENTITY,
    Colour,
    ColourSpace,
    FontFacts,
    Matrix,
    PlacedImage,
    Problem,
    TextRun,
    multiply,
    scale_of,
)

MAX_DEPTH = 32                 # forms inside forms: no real file comes near
MAX_OPERATIONS = 1_000_000     # operators walked per page, forms included (a 300 000-path map: 3 000 walked,
                               # the 1.5 million that only build paths are skipped by the parser)
MAX_SAVED_STATES = 1_000       # q inside q on one stream (Acrobat's own limit is 28)
MAX_PAGE_CONTENT_BYTES = streams.MAX_PAGE_CONTENT_BYTES
MAX_CACHED_BYTES = 256 * 1024  # a form drawn again is parsed again unless it is this small
MAX_DRAWS = 100_000            # forms, patterns and glyph procedures drawn per page
READ_ERRORS = (pikepdf.PdfError, RuntimeError, ValueError, TypeError, KeyError, IndexError, OverflowError,
               AttributeError)
BLACK = Colour("DeviceGray", (0.0,))
DEVICE_OPERATORS = {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}
OPERAND_COUNTS = {"g": 1, "G": 1, "rg": 3, "RG": 3, "k": 4, "K": 4, "w": 1, "Tr": 1, "Tz": 1, "TL": 1,
                  "Tc": 1, "Tw": 1, "Ts": 1, "cm": 6, "Tm": 6, "Td": 2, "TD": 2, "d0": 2, "d1": 6}

# The operators the walk reads; pikepdf's parser (C++) skips the others and their operands without making
# Python objects of them. Left out: path construction and clipping (m l c v y h re n W W*: no colour, text,
# image or state to check; a path is checked when it is painted, with the state in force then) and fills
# (f F f*), which matter only to the white-overprint check: a page where white may be filled with overprint
# on is walked again with them (FILLS). A map of 300 000 filled paths is 900 000 operators: 3 000 read.
WALKED = ("q Q cm BT ET Tm Td TD Tj TJ ' \" w g G rg RG k K cs CS sc scn SC SCN S s B B* b b* Tf Tr TL Tc Tw "
          "Ts Tz gs Do sh BI ID EI d0 d1")
FILLS = "f F f*"
FILL_STATE = frozenset({"g", "rg", "k", "cs", "sc", "scn", "gs", "Q"})  # what may make the fill white and overprint


class Malformed(Exception):
    """An operator whose operands are missing or of the wrong type."""


class LimitReached(Exception):
    """One of our resource limits: the rest of the page is not read."""


def font_facts(font: Any, fallback: str) -> FontFacts:
    """A font dictionary's name, type and whether its program is embedded (and not empty: a program of
    zero bytes only is no font either)."""
    subtype = (values.name(values.get(font, "/Subtype")) or "/unknown").lstrip("/")
    base = values.text(values.get(font, "/BaseFont")) or values.text(values.get(font, "/Name")) or fallback
    if subtype == "Type3":
        return FontFacts(base.lstrip("/"), subtype, True, False)
    descriptors = [values.get(font, "/FontDescriptor")]
    descriptors += [values.get(descendant, "/FontDescriptor")
                    for descendant in values.elements(values.get(font, "/DescendantFonts"))]
    programs = [values.get(descriptor, key) for descriptor in descriptors
                for key in ("/FontFile", "/FontFile2", "/FontFile3")]
    programs = [program for program in programs if isinstance(program, pikepdf.Stream)]
    empty, too_large = False, None
    if programs:
        try:
            empty = all(streams.all_zero(program, what=f"the font program of {base.lstrip('/')}")
                        for program in programs)
        except streams.StreamTooLarge as limit:
            too_large = str(limit)
        except READ_ERRORS:
            empty = True
    return FontFacts(base.lstrip("/"), subtype, bool(programs), empty, too_large)


@dataclass
class GraphicsState:
    ctm: Matrix = IDENTITY
    fill: Colour = BLACK
    stroke: Colour = BLACK
    fill_space: ColourSpace = DEVICE_GRAY
    stroke_space: ColourSpace = DEVICE_GRAY
    line_width: float = 1.0
    fill_overprint: bool = False
    stroke_overprint: bool = False
    font: FontFacts | None = None
    font_object: Any = None
    font_size: float = 0.0
    text_render: int = 0

    def copy(self) -> GraphicsState:
        return replace(self)


@dataclass
class Walk:
    """Where a content stream is being read: its resources, what it is, and whether its
    geometry counts (page and forms) or only its colour (glyphs, patterns, soft masks)."""

    resources: Any
    where: str
    depth: int
    geometry: bool = True


@dataclass
class PageCollector:
    """What one page's walk has found so far; frozen into PageFacts by the reader."""

    text: list[TextRun] = field(default_factory=list)
    fonts_listed: dict[str, FontFacts] = field(default_factory=dict)
    fonts_used: dict[str, FontFacts] = field(default_factory=dict)
    colours: dict[tuple[ColourSpace, str], None] = field(default_factory=dict)
    images: list[PlacedImage] = field(default_factory=list)
    stroke_widths: list[float] = field(default_factory=list)
    white_overprint: int = 0
    inks: list[float] = field(default_factory=lambda: [0.0, 0.0, 0.0, 1.0])  # highest C, M, Y, K set (black first)
    highest_total: float = 1.0           # the most ink of one colour set (the default black: 100 %)
    overprint: bool = False              # some graphics state turns overprint on
    transparency: dict[str, None] = field(default_factory=dict)
    problems: dict[Problem, None] = field(default_factory=dict)


class ContentWalker:
    """Reads one page's content streams, following what they draw."""

    def __init__(self, font_cache: dict[tuple[int, int], FontFacts] | None = None, with_fills: bool = False) -> None:
        self.found = PageCollector()
        self.operators = f"{WALKED} {FILLS}" if with_fills else WALKED
        self.with_fills = with_fills
        self.white_fill_overprints = False   # a white fill with overprint on could be painted: walk with fills
        self.last_ink: tuple[float, ...] = ()
        self.operations = 0
        self.content_bytes = 0   # content decoded on this page so far
        self.draws = 0
        self.drawing: list[tuple[int, int]] = []          # objects being drawn now: a loop guard
        self.glyphs_walked: set[tuple[int, int]] = set()
        # a font's facts by its object: the same on every page, so the document's walkers share them
        self.font_cache: dict[tuple[int, int], FontFacts] = {} if font_cache is None else font_cache
        self.parsed: dict[tuple[int, int], list[Any]] = {}   # a form drawn many times is parsed once
        self.forms_seen: set[tuple[int, int]] = set()

    # ---- entry points -------------------------------------------------------------------

    def page(self, page: Any, resources: Any) -> None:
        self._list_fonts(resources, "")
        try:
            content = self._content(streams.content_streams(values.get(page.obj, "/Contents")), "the page content")
        except READ_ERRORS as problem:
            self.problem("ERROR", "content-stream", f"the page content cannot be read: {short_message(problem)}")
            return
        self._run(self._instructions(content), GraphicsState(), Walk(resources, "content", 0))

    def _content(self, parts: list[Any], what: str) -> bytes:
        """Content streams decoded and joined, counted against the page's limit (LimitReached past it)."""
        decoded = []
        for part in parts:
            room = MAX_PAGE_CONTENT_BYTES - self.content_bytes
            try:
                data = streams.decoded(part, min(room, streams.MAX_STREAM_BYTES), what)
            except streams.StreamTooLarge as limit:
                if limit.limit < streams.MAX_STREAM_BYTES:
                    raise LimitReached(f"the page's content decodes to more than "
                                       f"{MAX_PAGE_CONTENT_BYTES // 2 ** 20} MB (the limit on one page)") from None
                raise LimitReached(str(limit)) from None
            self.content_bytes += len(data)
            decoded.append(data)
        return b"\n".join(decoded)

    def _instructions(self, content: bytes) -> Iterator[Any]:
        try:
            yield from streams.instructions(content, self.operators)
        except streams.SliceTooLarge as limit:
            raise LimitReached(str(limit)) from None

    def appearance(self, stream: Any, matrix: Matrix, geometry: bool, where: str) -> None:
        """A printing annotation's appearance stream: its colour, and its geometry unless it is a mark."""
        state = GraphicsState(ctm=matrix)
        self._form(stream, state, Walk(values.get(stream, "/Resources"), where, 0, geometry), where)

    def problem(self, severity: str, rule: str, detail: str) -> None:
        self.found.problems[Problem(severity, rule, detail)] = None

    # ---- the operator loop --------------------------------------------------------------

    def _run(self, instructions: Iterable[Any], state: GraphicsState, walk: Walk) -> None:
        stack: list[GraphicsState] = []
        text_matrix: Matrix = IDENTITY
        line_matrix: Matrix = IDENTITY
        malformed: dict[str, int] = {}
        for instruction in instructions:
            self.operations += 1
            if self.operations > MAX_OPERATIONS:
                raise LimitReached(f"more than {MAX_OPERATIONS:,} operators")
            operator = str(instruction.operator)
            operands = list(instruction.operands)
            try:
                if operator == "INLINE IMAGE":
                    self._inline_image(instruction, state, walk)
                    continue
                if operator in OPERAND_COUNTS:
                    _check_numbers(operands, OPERAND_COUNTS[operator])
                if operator == "q":
                    if len(stack) >= MAX_SAVED_STATES:
                        raise LimitReached(f"graphics states saved more than {MAX_SAVED_STATES:,} deep (q without Q)")
                    stack.append(state.copy())
                elif operator == "Q":
                    state = stack.pop() if stack else state
                elif operator == "cm":
                    state.ctm = multiply(_matrix(operands), state.ctm)
                elif operator == "BT":
                    text_matrix = line_matrix = IDENTITY
                elif operator == "Tm":
                    text_matrix = line_matrix = _matrix(operands)
                elif operator in ("Td", "TD"):
                    line_matrix = multiply((1, 0, 0, 1, _number(operands[0]), _number(operands[1])), line_matrix)
                    text_matrix = line_matrix
                elif operator in ("Tj", "TJ", "'", '"'):
                    self._text(state, text_matrix, walk)
                else:
                    self._operator(operator, operands, state, walk)
                if operator in FILL_STATE and state.fill_overprint and state.fill.is_white:
                    self.white_fill_overprints = True
            except Malformed:
                malformed[operator] = malformed.get(operator, 0) + 1
        for operator, count in sorted(malformed.items()):
            times = f" ({count} times)" if count > 1 else ""
            self.problem("ERROR", "content-stream", f"{walk.where}: operator {operator} with missing or wrong "
                                                    f"operands{times}")

    def _operator(self, operator: str, operands: list[Any], state: GraphicsState, walk: Walk) -> None:
        if operator == "w":
            state.line_width = _number(operands[0])
        elif operator in ("g", "G", "rg", "RG", "k", "K"):
            space = ColourSpace(DEVICE_OPERATORS[operator.lower()], components=len(operands))
            self._use(space, walk.where)
            colour = Colour(space.family, tuple(_number(value) for value in operands))
            self._note_ink(colour)
            if operator.islower():
                state.fill, state.fill_space = colour, space
            else:
                state.stroke, state.stroke_space = colour, space
        elif operator in ("cs", "CS"):
            if not operands or values.name(operands[0]) is None:
                raise Malformed
            space = colour_space(operands[0], walk.resources)
            if space.family == "unknown":
                self.problem("ERROR", "content-stream", f"{walk.where}: colour space {operands[0]} is not in the "
                                                        "resources")
            self._use(space, walk.where)
            if operator == "cs":
                state.fill_space, state.fill = space, Colour(space.family, ())
            else:
                state.stroke_space, state.stroke = space, Colour(space.family, ())
        elif operator in ("sc", "scn", "SC", "SCN"):
            self._set_colour(operator, operands, state, walk)
        elif operator in ("S", "s", "B", "B*", "b", "b*"):
            if walk.geometry:
                self.found.stroke_widths.append(state.line_width * scale_of(state.ctm))
            self._check_white(state, fill=operator not in ("S", "s"), stroke=True)
        elif operator in ("f", "F", "f*"):
            self._check_white(state, fill=True, stroke=False)
        elif operator == "Tf":
            if len(operands) != 2 or values.name(operands[0]) is None:
                raise Malformed
            state.font_size = _number(operands[1])
            state.font, state.font_object = self._font(operands[0], walk)
        elif operator == "Tr":
            state.text_render = int(_number(operands[0]))
        elif operator == "gs":
            if len(operands) != 1 or values.name(operands[0]) is None:
                raise Malformed
            self._graphics_state(str(operands[0]), state, walk)
        elif operator == "Do":
            if len(operands) != 1 or values.name(operands[0]) is None:
                raise Malformed
            self._xobject(str(operands[0]), state, walk)
        elif operator == "sh":
            if len(operands) != 1 or values.name(operands[0]) is None:
                raise Malformed
            shading = values.get(values.get(walk.resources, "/Shading"), str(operands[0]))
            if shading is None:
                self.problem("ERROR", "content-stream", f"{walk.where}: shading {operands[0]} is not in the "
                                                        "resources")
                return
            self._use(colour_space(values.get(shading, "/ColorSpace"), walk.resources),
                      f"shading {str(operands[0]).lstrip('/')}")

    # ---- colour -------------------------------------------------------------------------

    def _use(self, space: ColourSpace, where: str) -> None:
        self.found.colours[(space, where)] = None

    def _set_colour(self, operator: str, operands: list[Any], state: GraphicsState, walk: Walk) -> None:
        space = state.fill_space if operator.islower() else state.stroke_space
        pattern = values.name(operands[-1]) if operands else None
        if operator in ("scn", "SCN") and pattern is not None:
            self._pattern(pattern, space, state, walk)
            components = tuple(_number(value) for value in operands[:-1])
        else:
            components = tuple(_number(value) for value in operands)
            if space.components is not None and len(components) != space.components:
                raise Malformed
        colour = Colour(space.family, components)
        self._note_ink(colour)
        if operator.islower():
            state.fill = colour
        else:
            state.stroke = colour

    def _note_ink(self, colour: Colour) -> None:
        """The highest ink of each process plate and of one colour among the device colours set:
        a bound on a page's total ink when nothing else paints it (see PageFacts.ink_bound)."""
        levels = colour.values
        if levels == self.last_ink:
            return  # the same colour again (a map sets its colour before each path)
        self.last_ink = levels
        if colour.space == "DeviceCMYK" and len(levels) == 4:
            cyan, magenta, yellow, black = levels
        elif colour.space == "DeviceGray" and len(levels) == 1:
            cyan = magenta = yellow = 0.0
            black = 1.0 - levels[0]
        else:
            return
        found = self.found
        inks = found.inks
        for plate, level in enumerate((cyan, magenta, yellow, black)):
            if level > inks[plate]:
                inks[plate] = level
        found.highest_total = max(found.highest_total, cyan + magenta + yellow + black)

    def _pattern(self, name: str, space: ColourSpace, state: GraphicsState, walk: Walk) -> None:
        pattern = values.get(values.get(walk.resources, "/Pattern"), name)
        where = f"pattern {name.lstrip('/')}"
        if pattern is None:
            self.problem("ERROR", "content-stream", f"{walk.where}: pattern {name} is not in the resources")
            return
        kind = values.integer(values.get(pattern, "/PatternType"))
        if kind == 2:
            shading = values.get(pattern, "/Shading")
            self._use(colour_space(values.get(shading, "/ColorSpace"), walk.resources), f"{where} (shading)")
            return
        if values.integer(values.get(pattern, "/PaintType")) == 2 and space.base is not None:
            self._use(space.base, f"{where} (uncoloured tiling)")
        inner = GraphicsState(ctm=multiply(_matrix_or_identity(values.get(pattern, "/Matrix")), state.ctm))
        self._form(pattern, inner, Walk(values.get(pattern, "/Resources"), f"{where} (tiling)",
                                        walk.depth + 1, geometry=False), where)

    def _check_white(self, state: GraphicsState, fill: bool, stroke: bool) -> None:
        if (fill and state.fill_overprint and state.fill.is_white) or \
                (stroke and state.stroke_overprint and state.stroke.is_white):
            self.found.white_overprint += 1

    def _graphics_state(self, name: str, state: GraphicsState, walk: Walk) -> None:
        graphics = values.get(values.get(walk.resources, "/ExtGState"), name)
        if graphics is None:
            self.problem("ERROR", "content-stream", f"{walk.where}: graphics state {name} is not in the resources")
            return
        fill_overprint = values.get(graphics, "/op")
        stroke_overprint = values.get(graphics, "/OP")
        if isinstance(stroke_overprint, bool):
            state.stroke_overprint = stroke_overprint
            if fill_overprint is None:
                state.fill_overprint = stroke_overprint
        if isinstance(fill_overprint, bool):
            state.fill_overprint = fill_overprint
        if fill_overprint is True or stroke_overprint is True:
            self.found.overprint = True
        mask = values.get(graphics, "/SMask")
        if mask is not None and values.name(mask) != "/None":
            self.found.transparency["soft mask"] = None
            group = values.get(mask, "/G")
            if isinstance(group, pikepdf.Stream):
                self._form(group, state.copy(), Walk(values.get(group, "/Resources"), "soft mask",
                                                     walk.depth + 1, geometry=False), "soft mask")
        for key in ("/ca", "/CA"):
            alpha = values.number(values.get(graphics, key))
            if alpha is not None and alpha < 1:
                self.found.transparency[f"{key[1:]}={alpha:g}"] = None
        blend = values.get(graphics, "/BM")
        blend_name = values.name(blend) or (values.name(values.elements(blend)[0]) if values.elements(blend) else None)
        if blend_name is not None and blend_name not in ("/Normal", "/Compatible"):
            self.found.transparency[f"BM={blend_name}"] = None

    # ---- text and fonts -----------------------------------------------------------------

    def _list_fonts(self, resources: Any, prefix: str) -> None:
        for resource, font in values.items(values.get(resources, "/Font")):
            facts = self._font_facts(font, resource)
            self.found.fonts_listed.setdefault(prefix + resource, facts)

    def _font_facts(self, font: Any, fallback: str) -> FontFacts:
        key = values.object_key(font)
        if key is not None and key in self.font_cache:
            return self.font_cache[key]
        facts = font_facts(font, fallback)
        if key is not None:
            self.font_cache[key] = facts
        return facts

    def _font(self, name: Any, walk: Walk) -> tuple[FontFacts | None, Any]:
        font = values.get(values.get(walk.resources, "/Font"), str(name))
        if not values.is_dict(font):
            self.problem("ERROR", "content-stream", f"{walk.where}: font {name} is not in the resources")
            return None, None
        return self._font_facts(font, str(name)), font

    def _text(self, state: GraphicsState, text_matrix: Matrix, walk: Walk) -> None:
        if state.font is None:
            return
        self.found.fonts_used.setdefault(state.font.name, state.font)
        if state.font.subtype == "Type3":
            self._type3(state, walk)
        if not walk.geometry:
            return
        matrix = multiply(text_matrix, state.ctm)
        size = state.font_size * scale_of(matrix)
        self.found.text.append(TextRun(state.font.name, size, state.fill, state.fill_overprint, state.text_render,
                                       matrix[4], matrix[5]))

    def _type3(self, state: GraphicsState, walk: Walk) -> None:
        """A Type3 font's glyph procedures, once per font: their colours count."""
        font = state.font_object
        key = values.object_key(font)
        if key is None or key in self.glyphs_walked:
            return
        self.glyphs_walked.add(key)
        resources = values.get(font, "/Resources") or walk.resources
        where = f"Type3 font {state.font.name if state.font else '?'}"
        for glyph, procedure in values.items(values.get(font, "/CharProcs")):
            if isinstance(procedure, pikepdf.Stream):
                self._form(procedure, state.copy(), Walk(resources, where, walk.depth + 1, geometry=False),
                           f"{where} glyph {glyph}")

    # ---- forms and images ---------------------------------------------------------------

    def _xobject(self, name: str, state: GraphicsState, walk: Walk) -> None:
        xobject = values.get(values.get(walk.resources, "/XObject"), name)
        if not isinstance(xobject, pikepdf.Stream):
            self.problem("ERROR", "content-stream", f"{walk.where}: XObject {name} is not in the resources")
            return
        subtype = values.name(values.get(xobject, "/Subtype"))
        if subtype == "/Image":
            self._image(name.lstrip("/"), xobject, state, walk)
        elif subtype == "/Form":
            inner = state.copy()
            inner.ctm = multiply(_matrix_or_identity(values.get(xobject, "/Matrix")), state.ctm)
            form_resources = values.get(xobject, "/Resources")
            if form_resources is None:
                form_resources = walk.resources
            key = values.object_key(xobject)
            if key is None or key not in self.forms_seen:  # a form drawn again adds no fonts nor groups
                if key is not None:
                    self.forms_seen.add(key)
                group = values.get(xobject, "/Group")
                if values.name(values.get(group, "/S")) == "/Transparency":
                    self.found.transparency["transparency group"] = None
                self._list_fonts(form_resources, f"{name}:")
            where = walk.where if walk.where != "content" else f"form {name.lstrip('/')}"
            self._form(xobject, inner, Walk(form_resources, where, walk.depth + 1, walk.geometry), where)

    def _form(self, stream: Any, state: GraphicsState, walk: Walk, what: str) -> None:
        """Any content stream drawn from another: a form, tiling pattern, glyph, soft mask."""
        key = values.object_key(stream)
        if key is not None and key in self.drawing:
            self.problem("ERROR", "content-stream", f"{what} draws itself (a loop a RIP would not leave)")
            return
        if walk.depth > MAX_DEPTH:
            raise LimitReached(f"{what} is nested more than {MAX_DEPTH} deep")
        self.draws += 1
        if self.draws > MAX_DRAWS:
            raise LimitReached(f"more than {MAX_DRAWS:,} forms, patterns and glyphs drawn")
        instructions: Iterable[Any] | None = self.parsed.get(key) if key is not None else None
        if instructions is None:
            try:
                content = self._content([stream], what)
            except READ_ERRORS as problem:
                self.problem("ERROR", "content-stream", f"{what}: the content cannot be read: {short_message(problem)}")
                return
            instructions = self._instructions(content)
            if key is not None and len(content) <= MAX_CACHED_BYTES:
                instructions = self.parsed[key] = list(instructions)
        if key is not None:
            self.drawing.append(key)
        try:
            self._run(instructions, state, walk)
        finally:
            if key is not None:
                self.drawing.pop()

    def _image(self, name: str, image: Any, state: GraphicsState, walk: Walk) -> None:
        if values.get(image, "/ImageMask") is True:
            return  # a stencil painted in the fill colour, no pixels of its own
        filters = _filters(values.get(image, "/Filter"))
        space_object = values.get(image, "/ColorSpace")
        if "JPXDecode" in filters and space_object is None:
            space = jpx_colour(image)
        elif space_object is None:
            space = ColourSpace("unknown")
            self.problem("ERROR", "content-stream", f"{walk.where}: image {name} has no colour space")
        else:
            space = colour_space(space_object, walk.resources)
        where = f"image {name}" if walk.where == "content" else f"image {name} in {walk.where}"
        self._use(space, where)
        if values.get(image, "/SMask") is not None:
            self.found.transparency[f"image {name} has a soft mask"] = None
        self._place(PlacedImage(name, values.integer(values.get(image, "/Width")) or 0,
                                values.integer(values.get(image, "/Height")) or 0, *_placed(state.ctm), space,
                                values.integer(values.get(image, "/BitsPerComponent")) or 8, filters,
                                _centre(state.ctm)), walk)

    def _inline_image(self, instruction: Any, state: GraphicsState, walk: Walk) -> None:
        try:
            image = instruction.iimage
            settings = image.obj
        except READ_ERRORS as problem:
            self.problem("ERROR", "content-stream", f"{walk.where}: an inline image cannot be read: "
                                                    f"{short_message(problem)}")
            return
        if values.get(settings, "/ImageMask") is True:
            return
        space = colour_space(values.get(settings, "/ColorSpace") or pikepdf.Name.DeviceGray, walk.resources)
        self._use(space, "inline image" if walk.where == "content" else f"inline image in {walk.where}")
        self._place(PlacedImage("inline image", values.integer(values.get(settings, "/Width")) or 0,
                                values.integer(values.get(settings, "/Height")) or 0, *_placed(state.ctm), space,
                                values.integer(values.get(settings, "/BitsPerComponent")) or 8,
                                _filters(values.get(settings, "/Filter")), _centre(state.ctm)), walk)

    def _place(self, image: PlacedImage, walk: Walk) -> None:
        if walk.geometry:
            self.found.images.append(image)


def _filters(value: Any) -> tuple[str, ...]:
    listed = values.elements(value) if isinstance(value, pikepdf.Array) else [value]
    return tuple((values.name(item) or "").lstrip("/") for item in listed if values.name(item))


def _centre(ctm: Matrix) -> tuple[float, float]:
    """The centre of the unit square an image fills, in page space."""
    return ctm[4] + (ctm[0] + ctm[2]) / 2, ctm[5] + (ctm[1] + ctm[3]) / 2


def _placed(ctm: Matrix) -> tuple[float, float]:
    return math.hypot(ctm[0], ctm[1]), math.hypot(ctm[2], ctm[3])


def _number(value: Any) -> float:
    result = values.number(value)
    if result is None:
        raise Malformed
    return result


def _check_numbers(operands: list[Any], count: int) -> None:
    if len(operands) != count or any(values.number(value) is None for value in operands):
        raise Malformed


def _matrix(operands: list[Any]) -> Matrix:
    a, b, c, d, e, f = (_number(value) for value in operands)
    return (a, b, c, d, e, f)


def _matrix_or_identity(value: Any) -> Matrix:
    found = values.numbers(value, 6)
    if found is None:
        return IDENTITY
    a, b, c, d, e, f = found
    return (a, b, c, d, e, f)


def short_message(problem: BaseException) -> str:
    """The first line of an exception's message (at most 200 characters), or its type's name."""
    text = str(problem).strip()
    return text.splitlines()[0][:200] if text else type(problem).__name__
