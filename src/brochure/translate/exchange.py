"""Translate: what an exchange file carries per unit, whatever its format (XLIFF, PO, TMX)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from brochure.errors import ContentError, Location
from brochure.model.content import Brochure
from brochure.translate.codes import placeholders_of
from brochure.translate.inventory import Unit, fingerprint, slug

FORMATS = ("xliff", "xliff2", "po", "tmx")
SUFFIXES = {"xliff": ".xlf", "xliff2": ".xlf", "po": ".po", "tmx": ".tmx"}

# States. Written: new (no target), translated (finished), stale (the source changed since),
# draft (a draft came back earlier: offered again to finish, as fuzzy / needs review).
# Read back: new, draft (a target not marked finished: to be reviewed), translated (finished),
# final (finished and confirmed: signed off, approved, XLIFF 2.0 reviewed/final).
NEW, DRAFT, TRANSLATED, FINAL, STALE = "new", "draft", "translated", "final", "stale"
FINISHED = (TRANSLATED, FINAL)


@dataclass(frozen=True)
class ExchangeUnit:
    """One unit as sent to, or received from, a translator."""

    id: str
    source: str
    target: str                  # "" when not translated yet
    state: str = NEW             # see the states above
    where: str = ""              # written: file:line in the content; read: file:line in the exchange file
    context: str = ""            # e.g. "section strategy, paragraph"
    notes: tuple[str, ...] = ()  # for the translator
    max_lines: int | None = None  # the room in the layout: lines the source takes in its column
    max_chars: int | None = None  # a unit set in a fixed box: characters the translation may take
    previous_source: str = ""    # a stale unit: the source its translation was made from
    origin: str = ""             # read: the content file:line the file says the unit comes from
    code_problem: str = ""       # read: formatting codes the target lost or gained (a tool's <g>, <pc>)


@dataclass(frozen=True)
class Exchange:
    source_language: str
    target_language: str
    units: tuple[ExchangeUnit, ...]
    brochure: str = ""            # the brochure it was exported from (see `brochure_key`)
    warnings: tuple[str, ...] = ()  # read: what the file holds that is not imported, and why


def brochure_key(brochure: Brochure) -> str:
    """A name for the brochure an exchange file belongs to: its title in the first language."""
    return slug(brochure.title.get(brochure.languages[0].code), 8)


def translator_notes(unit: Unit, source: str, brochure: Brochure) -> tuple[str, ...]:
    """What a translator should know that the text alone does not say."""
    notes = []
    if unit.text.shared:
        notes.append("written once for every language (e.g. an address line): change it only where it "
                     "differs in the translation (a country's name)")
    letters = [char for char in source if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        notes.append("written in capitals (e.g. a city name): keep the translation in capitals")
    kept = placeholders_of(source)
    if kept:
        notes.append("keep " + ", ".join(kept) + " as they are: the layout fills them with data")
    phrases = [phrase for phrase in brochure.unbreakable if phrase in source]
    if phrases:
        notes.append("never broken across lines: " + ", ".join(phrases))
    return tuple(notes)


def exchange_units(brochure: Brochure, units: list[Unit], source: str, master: str, target: str,
                   fingerprints: dict[str, str], room: dict[str, int] | None = None,
                   limits: dict[str, int] | None = None, sources: dict[str, str] | None = None,
                   drafts: dict[str, str] | None = None) -> Exchange:
    """The exchange for `target` from `source`: every unit, with its translation where there is
    one (stale: the `master` language's text changed since it was translated; `sources`, unit
    id -> the master text it was translated from, gives the previous source); a unit a draft
    came back for (`drafts`) offers the draft, to be finished, over its translation."""
    exchanged = []
    for unit in units:
        text = unit.source(source)
        translated = unit.has(target)
        stale = translated and unit.id in fingerprints and fingerprints[unit.id] != fingerprint(unit.source(master))
        # a draft waiting for review is the latest work on the unit, over a translation it revises
        draft = (drafts or {}).get(unit.id, "")
        state = DRAFT if draft else STALE if stale else TRANSLATED if translated else NEW
        where = str(unit.location) if unit.location else ""
        previous = (sources or {}).get(unit.id, "") if stale and source == master else ""
        exchanged.append(ExchangeUnit(unit.id, text, draft or (unit.text.get(target) if translated else ""), state,
                                      where, ", ".join(unit.context), translator_notes(unit, text, brochure),
                                      (room or {}).get(unit.id), (limits or {}).get(unit.id), previous))
    return Exchange(source, target, tuple(exchanged), brochure_key(brochure))


def room_note(unit: ExchangeUnit) -> str:
    if unit.max_lines is None:
        return ""
    lines = "1 line" if unit.max_lines == 1 else f"{unit.max_lines} lines"
    return f"room: {lines} in its column, as the source takes (longer makes the page longer)"


def limit_note(unit: ExchangeUnit) -> str:
    if unit.max_chars is None:
        return ""
    return f"max-length: {unit.max_chars} characters (set in a fixed box: a longer text overflows it)"


HEAD_BYTES = 65536  # enough to tell a PO file by its first entries


def text_encoding(data: bytes) -> str:
    """The encoding a file's first bytes show: a byte order mark (UTF-8, UTF-16 as Windows
    tools save "Unicode"), UTF-16 without one (every other byte zero), else UTF-8."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    if len(data) >= 2 and data[0] == 0 and data[1] != 0:
        return "utf-16-be"
    if len(data) >= 2 and data[1] == 0 and data[0] != 0:
        return "utf-16-le"
    return "utf-8"


def _root_tag(path: Path) -> str:
    """The root element's tag of an XML file, however long its prolog and comments, and in
    whatever encoding it declares (only up to the root's start tag is read)."""
    from lxml import etree  # type: ignore[import-untyped]

    try:
        with path.open("rb") as stream:
            for _event, element in etree.iterparse(stream, events=("start",), resolve_entities=False,
                                                   no_network=True, load_dtd=False):
                return str(element.tag)
    except etree.XMLSyntaxError as error:
        raise ContentError(f"cannot read the XML file: {error}", Location(str(path))) from None
    return ""


def detect_format(path: Path) -> str:
    """"po", "xliff" or "xliff2", from the file's content (not its name: tools rename them)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(HEAD_BYTES)
    except OSError as error:
        raise ContentError(f"cannot read {path}: {error.strerror}") from None
    head = data.decode(text_encoding(data), errors="replace").lstrip("\ufeff")
    if head.lstrip().startswith("<"):
        tag = _root_tag(path)
        if tag.startswith("{urn:oasis:names:tc:xliff:document:2."):
            return "xliff2"
        if tag.startswith("{urn:oasis:names:tc:xliff:document:1.") or tag.rpartition("}")[2] == "xliff":
            return "xliff"
        if tag.rpartition("}")[2] == "tmx":
            raise ContentError("a TMX file is a translation memory, not a file to import", Location(str(path)),
                               "load it into the CAT tool's memory; import the XLIFF or PO file it fills")
    elif "msgid" in head or "msgctxt" in head:
        return "po"
    raise ContentError("not an XLIFF or PO file", Location(str(path)),
                       "import the file exported by `brochure translate export`, filled in")


def read_exchange(path: Path) -> Exchange:
    from brochure.translate import po, xliff

    kind = detect_format(path)
    return po.read(path) if kind == "po" else xliff.read(path)


def write_exchange(exchange: Exchange, kind: str) -> bytes:
    from brochure.translate import po, xliff

    if kind == "po":
        return po.write(exchange)
    return xliff.write_v12(exchange) if kind == "xliff" else xliff.write_v20(exchange)
