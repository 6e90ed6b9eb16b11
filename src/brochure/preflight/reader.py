"""Preflight stage: open any PDF with pikepdf (qpdf repairs what it can and decrypts
every standard handler) and read its DocumentFacts once, without changing it. What
cannot be read becomes a Problem; only a file that is not a PDF at all raises."""

from __future__ import annotations

import contextlib
import itertools
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pikepdf

from brochure.errors import BrochureError
from brochure.preflight import streams, values
from brochure.preflight.content import READ_ERRORS, ContentWalker, LimitReached, PageCollector, short_message
from brochure.preflight.facts import (
    Annotation,
    Box,
    ColourUse,
    DocumentFacts,
    Encryption,
    FontFacts,
    Matrix,
    OutputIntent,
    PageFacts,
    Problem,
)

MAX_PAGES = 10_000    # pages read (a page drawn like an earlier one costs little; 10 000 distinct: minutes)
SCAN_BLOCK = 4 * 1024 * 1024  # the file's bytes are searched this much at a time
SCAN_OVERLAP = 64             # longer than any marker searched for
MAX_KEY_BYTES = 65_536  # a page dictionary written out longer than this is read without looking for its twin
# object and cross-reference streams (PDF 1.5) announce themselves in their stream dictionaries, which
# are never themselves compressed: PDF/X-1a (PDF 1.3/1.4) forbids both
OBJECT_STREAM = re.compile(rb"/Type\s*/ObjStm\b")
XREF_STREAM = re.compile(rb"/Type\s*/XRef\b")
ACTION_KEYS = ("/A", "/AA", "/OpenAction", "/Next")


class UnreadablePdf(BrochureError):
    """The file cannot be read as a PDF (preflight exit code 2)."""


@dataclass(frozen=True)
class RawFacts:
    """What is read from the file's bytes rather than its objects, in one pass a block at a time (the
    file is never held in memory whole: pikepdf reads objects from the disk as they are asked for)."""

    header: bytes = b""
    object_streams: int = 0
    xref_streams: int = 0
    encrypt: bool = False
    handler: str = "unknown"
    version: int | None = None
    revision: int | None = None


def scan(path: Path) -> RawFacts:
    """The file's header and the markers counted in its bytes (a match across two blocks counted once:
    each block is searched with the end of the one before, and a match counts in the block it ends in)."""
    counts = {"objstm": 0, "xref": 0}
    encrypt, version, revision = False, None, None
    handlers: set[bytes] = set()
    with path.open("rb") as file:
        header = file.read(1024)
        file.seek(0)
        tail = b""
        while block := file.read(SCAN_BLOCK):
            text = tail + block
            for key, pattern in (("objstm", OBJECT_STREAM), ("xref", XREF_STREAM)):
                counts[key] += sum(1 for match in pattern.finditer(text) if match.end() > len(tail))
            encrypt = encrypt or b"/Encrypt" in text
            handlers.update(candidate for candidate in (b"Adobe.PubSec", b"Standard") if candidate in text)
            if version is None and (found := re.search(rb"/V\s+(\d+)", text)):
                version = int(found.group(1)[:9])
            if revision is None and (found := re.search(rb"/R\s+(\d+)", text)):
                revision = int(found.group(1)[:9])
            tail = text[-SCAN_OVERLAP:]
    handler = next((candidate.decode() for candidate in (b"Adobe.PubSec", b"Standard") if candidate in handlers),
                   "unknown")
    return RawFacts(header, counts["objstm"], counts["xref"], encrypt, handler, version, revision)


def read_document(path: Path, raw: RawFacts) -> DocumentFacts:
    """Every fact the checks need, or an encryption fact alone when a password is needed."""
    try:
        pdf = pikepdf.open(path, password="", attempt_recovery=True, access_mode=pikepdf.AccessMode.stream)
    except pikepdf.PasswordError:
        return DocumentFacts(header_version=_header_version(raw.header), encryption=_raw_encryption(raw, opened=False))
    except (pikepdf.PdfError, *READ_ERRORS) as problem:
        if raw.encrypt:
            return DocumentFacts(header_version=_header_version(raw.header), encryption=_raw_encryption(raw, False),
                                 problems=(Problem("ERROR", "encryption", f"the encryption cannot be opened: "
                                                                          f"{short_message(problem)}"),))
        raise UnreadablePdf(f"{path}: cannot be read as a PDF: {short_message(problem)}") from None
    with pdf:
        return _document(pdf, raw)


def _document(pdf: pikepdf.Pdf, raw: RawFacts) -> DocumentFacts:
    problems: list[Problem] = []
    root = values.get(pdf.trailer, "/Root")
    if not values.is_dict(root):
        problems.append(Problem("ERROR", "structure", "the trailer has no document catalog (/Root)"))
    pages = _pages(pdf, problems)
    info = _info(pdf, problems)
    names = values.get(root, "/Names")
    return DocumentFacts(
        pages=pages,
        header_version=_header_version(raw.header),
        catalog_version=(values.name(values.get(root, "/Version")) or "").lstrip("/") or None,
        info=info,
        xmp=_stream_bytes(values.get(root, "/Metadata"), "the XMP metadata", problems),
        output_intents=_output_intents(root, problems),
        has_id=len(values.elements(values.get(pdf.trailer, "/ID"))) == 2,
        encryption=_encryption(pdf) if pdf.is_encrypted else None,
        document_javascript=values.get(names, "/JavaScript") is not None,
        catalog_actions=tuple(_actions(root, set(), 0, keys=("/AA", "/OpenAction"))),
        problems=tuple(problems),
        repairs=tuple(dict.fromkeys(_without_path(str(warning), pdf.filename) for warning in pdf.get_warnings()))[:20],
        object_streams=raw.object_streams,
        xref_streams=raw.xref_streams,
    )


def _pages(pdf: pikepdf.Pdf, problems: list[Problem]) -> tuple[PageFacts, ...]:
    try:
        count = len(pdf.pages)
        pages = list(itertools.islice(pdf.pages, MAX_PAGES))  # (indexing costs a walk of the whole tree)
    except READ_ERRORS as problem:
        problems.append(Problem("ERROR", "structure", f"the page tree cannot be read: {short_message(problem)}"))
        return ()
    if count > MAX_PAGES:
        problems.append(Problem("ERROR", "limits", f"{count:,} pages: only the first {MAX_PAGES:,} are checked "
                                                   f"(the limit on pages)"))
    fonts: dict[tuple[int, int], FontFacts] = {}  # a font's facts, read once for all the pages using it
    drawn: dict[tuple[object, ...], PageFacts] = {}  # pages by what draws them: a page drawn alike is read once
    found = []
    for number, page in enumerate(pages, start=1):
        key = drawing_key(page)
        earlier = drawn.get(key) if key is not None else None
        if earlier is not None:
            found.append(replace(earlier, number=number, same_as=earlier.number))
            continue
        facts = _page_isolated(page, number, fonts)
        if key is not None:
            drawn[key] = facts
        found.append(facts)
    return tuple(found)


def drawing_key(page: pikepdf.Page) -> tuple[object, ...] | None:
    """What draws a page and places it: each entry of its dictionary, an indirect object by its number
    (the same content stream, resources, annotations), a direct one as written, and its parent (what it
    inherits). Two pages with one key are the same page to a printer (a file that repeats pages, a
    booklet's blank pages); None when it cannot be told cheaply."""
    try:
        dictionary = page.obj
        entries: list[object] = []
        size = 0
        for key in sorted(dictionary.keys()):
            value = dictionary.get(key)
            reference = values.object_key(value)
            if value is None:
                return None
            if reference is not None:
                entries.append((key, reference))
                continue
            written = bytes(value.unparse()) if isinstance(value, pikepdf.Object) else repr(value).encode()
            size += len(written)
            if size > MAX_KEY_BYTES:
                return None
            entries.append((key, written))
        return tuple(entries)
    except (*READ_ERRORS, RecursionError):
        return None


def _page_isolated(page: pikepdf.Page, number: int, fonts: dict[tuple[int, int], FontFacts]) -> PageFacts:
    """A page's facts; a bug met on one page is an `internal` finding there, not a crash. A page where a
    white fill may overprint is walked again with its fills (most pages never need them read)."""
    try:
        facts, white_fill_overprints = _page(page, number, fonts)
        if white_fill_overprints:
            facts, _ = _page(page, number, fonts, with_fills=True)
        return facts
    except Exception as problem:  # noqa: BLE001 - the other pages and the verdict must survive it
        return PageFacts(number, problems=(Problem("ERROR", "internal", f"reading the page failed: "
                                                                        f"{type(problem).__name__}: {problem}"),))


def _page(page: pikepdf.Page, number: int, fonts: dict[tuple[int, int], FontFacts] | None = None,
          with_fills: bool = False) -> tuple[PageFacts, bool]:
    walker = ContentWalker(fonts, with_fills)
    try:
        dictionary = page.obj
    except READ_ERRORS as problem:
        return PageFacts(number, problems=(Problem("ERROR", "structure", f"the page cannot be read: "
                                                                         f"{short_message(problem)}"),)), False
    boxes = {key: _box(dictionary, key, walker) for key in ("/MediaBox", "/TrimBox", "/BleedBox", "/ArtBox")}
    resources = values.get(dictionary, "/Resources")
    annotations: list[Annotation] = []
    try:
        walker.page(page, resources)
        annotations = _annotations(dictionary, walker)
    except LimitReached as limit:
        walker.problem("ERROR", "limits", f"checked only in part: {limit}")
    except RecursionError:
        walker.problem("ERROR", "limits", "checked only in part: objects nested too deep")
    except READ_ERRORS as problem:
        walker.problem("ERROR", "content-stream", f"the page content cannot be read: {short_message(problem)}")
    found = walker.found
    return PageFacts(
        number=number, media=boxes["/MediaBox"], trim=boxes["/TrimBox"], bleed=boxes["/BleedBox"],
        art=boxes["/ArtBox"], text=tuple(found.text), fonts_listed=tuple(found.fonts_listed.values()),
        fonts_used=tuple(found.fonts_used.values()),
        colours=tuple(ColourUse(space, where) for space, where in found.colours),
        images=tuple(found.images), stroke_widths=tuple(found.stroke_widths),
        white_overprint=found.white_overprint, transparency=tuple(found.transparency),
        annotations=tuple(annotations), actions=tuple(_actions(dictionary, set(), 0, keys=("/AA",))),
        problems=tuple(found.problems), ink_bound=_ink_bound(found),
        user_unit=values.number(values.get(dictionary, "/UserUnit")) or 1.0), \
        walker.white_fill_overprints and not with_fills


def _ink_bound(found: PageCollector) -> float | None:
    """The most total ink a page can have when only device CMYK and grey colours paint it (no image,
    shading, pattern, spot or ICC colour, no transparency, read to the end): the most of one colour,
    or with overprint (plates left as they were) the sum of each plate's most. None: render it."""
    if found.images or found.transparency or any(problem.rule == "limits" for problem in found.problems):
        return None
    for space, where in found.colours:
        if space.family not in ("DeviceCMYK", "DeviceGray") or any(
                word in where for word in ("image", "shading", "pattern", "mask")):
            return None
    return 100 * (sum(found.inks) if found.overprint else found.highest_total)


def _box(page: Any, key: str, walker: ContentWalker) -> Box | None:
    """A page box as written (MediaBox inherited from the page tree), corners sorted."""
    value = values.get(page, key)
    if value is None and key == "/MediaBox":
        parent, seen = values.get(page, "/Parent"), 0
        while value is None and parent is not None and seen < 64:
            value, parent, seen = values.get(parent, key), values.get(parent, "/Parent"), seen + 1
    if value is None:
        return None
    corners = values.numbers(value, 4)
    if corners is None:
        rule = "trim-box" if key == "/TrimBox" else "box-nesting"
        walker.problem("ERROR", rule, f"the {key[1:]} is not four numbers")
        return None
    box = Box.of(corners)
    if box.width <= 0 or box.height <= 0:
        walker.problem("ERROR", "trim-box" if key == "/TrimBox" else "box-nesting", f"the {key[1:]} is empty")
        return None
    return box


def _annotations(page: Any, walker: ContentWalker) -> list[Annotation]:
    found = []
    for annotation in values.elements(values.get(page, "/Annots")):
        if not values.is_dict(annotation):
            continue
        subtype = (values.name(values.get(annotation, "/Subtype")) or "/unknown").lstrip("/")
        flags = values.integer(values.get(annotation, "/F")) or 0
        prints = bool(flags & 4) and not flags & 2
        corners = values.numbers(values.get(annotation, "/Rect"), 4)
        rect = Box.of(corners) if corners is not None else None
        found.append(Annotation(subtype, rect, prints, tuple(_actions(annotation, set(), 0))))
        appearance = values.get(values.get(annotation, "/AP"), "/N")
        streams = [appearance] if isinstance(appearance, pikepdf.Stream) else \
            [stream for _, stream in values.items(appearance) if isinstance(stream, pikepdf.Stream)]
        for stream in streams if prints else []:  # what does not print does not matter to the printer
            walker.appearance(stream, _placement(stream, rect), subtype not in ("PrinterMark", "TrapNet"),
                              f"{subtype} annotation appearance")
    return found


def _placement(stream: Any, rect: Box | None) -> Matrix:
    """Where an appearance lands: its BBox moved onto the annotation's Rect (no scaling)."""
    box = values.numbers(values.get(stream, "/BBox"), 4)
    if rect is None or box is None:
        return (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    return (1.0, 0.0, 0.0, 1.0, rect.left - min(box[0], box[2]), rect.bottom - min(box[1], box[3]))


def _actions(dictionary: Any, seen: set[tuple[int, int]], depth: int,
             keys: tuple[str, ...] = ACTION_KEYS) -> list[str]:
    """Action types (/S) reachable from a dictionary through action keys (bounded, no loops)."""
    if depth > 8 or not values.is_dict(dictionary):
        return []
    key = values.object_key(dictionary)
    if key is not None:
        if key in seen:
            return []
        seen.add(key)
    found = []
    if depth > 0:
        kind = values.name(values.get(dictionary, "/S"))
        if kind is not None:
            found.append(kind.lstrip("/"))
    for action_key in keys:
        value = values.get(dictionary, action_key)
        if value is None:
            continue
        if action_key == "/AA":
            for _, entry in values.items(value):
                found += _actions(entry, seen, depth + 1)
        elif isinstance(value, pikepdf.Array):
            for entry in values.elements(value):
                found += _actions(entry, seen, depth + 1)
        else:
            found += _actions(value, seen, depth + 1)
    return found


def _info(pdf: pikepdf.Pdf, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    info = values.get(pdf.trailer, "/Info")
    if info is not None and not values.is_dict(info):
        problems.append(Problem("WARN", "structure", "the trailer's /Info is not a dictionary"))
        return ()
    entries = []
    for key, value in values.items(info):
        shown = values.text(value)
        if shown is None and isinstance(value, bool):
            shown = "/True" if value else "/False"
        if shown is not None:
            entries.append((key, shown))
    return tuple(entries)


def _output_intents(root: Any, problems: list[Problem]) -> tuple[OutputIntent, ...]:
    intents = values.get(root, "/OutputIntents")
    if intents is not None and not isinstance(intents, pikepdf.Array):
        problems.append(Problem("ERROR", "output-intent", "/OutputIntents is not an array"))
        return ()
    found = []
    for intent in values.elements(intents):
        if not values.is_dict(intent):
            problems.append(Problem("ERROR", "output-intent", "an output intent is not a dictionary"))
            continue
        stream = values.get(intent, "/DestOutputProfile")
        limits: list[Problem] = []
        profile = _stream_bytes(stream, "the embedded ICC profile", limits)
        problem = "the embedded ICC profile cannot be decoded" if stream is not None and profile is None else None
        if limits:
            problems.extend(limits)
            problem = f"not checked: {limits[0].detail}"
        found.append(OutputIntent(values.name(values.get(intent, "/S")),
                                  values.text(values.get(intent, "/OutputConditionIdentifier")),
                                  values.text(values.get(intent, "/RegistryName")), profile,
                                  values.integer(values.get(stream, "/N")), problem))
    return tuple(found)


def _stream_bytes(stream: Any, what: str, problems: list[Problem]) -> bytes | None:
    """A stream's bytes; None when it cannot be decoded or is past the limit (then an ERROR says so)."""
    if not isinstance(stream, pikepdf.Stream):
        return None
    try:
        return streams.decoded(stream, what=what)
    except streams.StreamTooLarge as limit:
        problems.append(Problem("ERROR", "limits", f"not checked: {limit}"))
        return None
    except READ_ERRORS:
        return None


def _encryption(pdf: pikepdf.Pdf) -> Encryption:
    encrypt = values.get(pdf.trailer, "/Encrypt")
    method = "unknown"
    with contextlib.suppress(*READ_ERRORS):
        kind = str(pdf.encryption.stream_method).rsplit(".", 1)[-1].lower()
        method = "AES-256" if kind == "aesv3" else f"{kind.upper()}-{pdf.encryption.bits}" if kind in ("aes", "rc4") \
            else kind
    forbidden = []
    try:
        allow = pdf.allow
        for label, allowed in (("printing", allow.print_lowres), ("high-resolution printing", allow.print_highres),
                               ("changes", allow.modify_other), ("copying", allow.extract)):
            if not allowed:
                forbidden.append(label)
    except READ_ERRORS:
        forbidden.append("unknown")
    return Encryption((values.name(values.get(encrypt, "/Filter")) or "/unknown").lstrip("/"),
                      values.integer(values.get(encrypt, "/V")), values.integer(values.get(encrypt, "/R")),
                      method, tuple(forbidden), opened=True)


def _raw_encryption(raw: RawFacts, opened: bool) -> Encryption:
    """What a file that does not open says about its encryption (read from the bytes)."""
    return Encryption(raw.handler, raw.version, raw.revision, "unknown", ("opening",), opened)


def _without_path(warning: str, path: str) -> str:
    """qpdf's warning without the file's path in front ("(object 14 0, offset 1211851): …")."""
    shown = warning.strip()
    if path and shown.startswith(path):
        shown = shown[len(path):].lstrip(",: ")
    return shown[:200]


def _header_version(data: bytes) -> str | None:
    header = re.search(rb"%PDF-(\d\.\d)", data[:1024])
    return header.group(1).decode() if header else None


