"""Finish stage: a rendered PDF made PDF/X-4: output intent with the embedded ICC
profile, XMP metadata, Trapped, a document ID, page boxes checked, no annotations."""

from __future__ import annotations

import hashlib
import io
import re
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from html import escape as escape_markup

from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.filters import FlateDecode
from pypdf.generic import (
    ArrayObject,
    ByteStringObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from brochure.finish.dates import pdf_date, xmp_date
from brochure.finish.subset_tags import tag_subsets
from brochure.model.design import OutputIntent

PDFX_VERSION = "PDF/X-4"
PDF_HEADER = "%PDF-1.6"  # PDF/X-4 is based on PDF 1.6
TOOL = "brochure"


def escape(text: str) -> str:
    """&, < and > as XML entities, as xml.sax.saxutils.escape does (whose module would import
    urllib and the HTTP client into every build)."""
    return escape_markup(text, quote=False)


@dataclass(frozen=True)
class DocumentInfo:
    title: str
    author: str
    language: str  # e.g. fr-FR: the first column's, the document's /Lang
    moment: datetime
    languages: tuple[str, ...] = ()  # every language of the edition, for XMP dc:language
    titles: tuple[tuple[str, str], ...] = ()  # (language, title) alternatives for XMP dc:title
    subject: str = ""
    subjects: tuple[tuple[str, str], ...] = ()  # (language, subject) for XMP dc:description


def alternatives(default: str, per_language: tuple[tuple[str, str], ...]) -> str:
    """An XMP language alternative: the default text, then one entry per language."""
    items = [f'<rdf:li xml:lang="x-default">{escape(default)}</rdf:li>']
    items += [f'<rdf:li xml:lang="{escape(language)}">{escape(text)}</rdf:li>'
              for language, text in per_language]
    return "<rdf:Alt>" + "".join(items) + "</rdf:Alt>"


def xmp_packet(info: DocumentInfo, document_id: str, pdfx: bool = True, pdfua: bool = False) -> bytes:
    """The XMP metadata PDF/X-4 requires: version, dates, tool, trapping, identifiers; a tagged
    screen edition says PDF/UA-1 (`pdfua`) instead of PDF/X (`pdfx`)."""
    author = escape(info.author)
    date = xmp_date(info.moment)
    languages = "".join(f"<rdf:li>{escape(language)}</rdf:li>" for language in info.languages or (info.language,))
    description = f"\n   <dc:description>{alternatives(info.subject, info.subjects)}</dc:description>" \
        if info.subject else ""
    claims = (f"\n   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION}</pdfxid:GTS_PDFXVersion>" if pdfx else "") + \
        ("\n   <pdfuaid:part>1</pdfuaid:part>" if pdfua else "")
    pdfua_namespace = '\n    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"' if pdfua else ""
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"{pdfua_namespace}>
   <dc:format>application/pdf</dc:format>
   <dc:title>{alternatives(info.title, info.titles)}</dc:title>{description}
   <dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
   <dc:language><rdf:Bag>{languages}</rdf:Bag></dc:language>
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>{TOOL}</xmp:CreatorTool>
   <pdf:Producer>{TOOL}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>{claims}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def as_uuid(digest: bytes) -> str:
    hexa = digest[:16].hex()
    return f"{hexa[:8]}-{hexa[8:12]}-{hexa[12:16]}-{hexa[16:20]}-{hexa[20:32]}"


@lru_cache(maxsize=4)
def compressed_profile(profile: bytes) -> bytes:
    """An ICC profile Flate-compressed once per process (half a megabyte: 10 ms a build)."""
    return FlateDecode.encode(profile)


def output_intent(writer: PdfWriter, intent: OutputIntent, profile: bytes, channels: int) -> DictionaryObject:
    compressed = EncodedStreamObject()  # as pypdf's flate_encode makes it, from a kept compression
    compressed[NameObject("/N")] = NumberObject(channels)
    compressed[NameObject("/Filter")] = NameObject("/FlateDecode")
    compressed._data = compressed_profile(profile)
    return DictionaryObject({
        NameObject("/Type"): NameObject("/OutputIntent"),
        NameObject("/S"): NameObject("/GTS_PDFX"),
        NameObject("/OutputConditionIdentifier"): TextStringObject(intent.condition),
        NameObject("/OutputCondition"): TextStringObject(intent.description),
        NameObject("/Info"): TextStringObject(intent.description),
        NameObject("/RegistryName"): TextStringObject(intent.registry),
        NameObject("/DestOutputProfile"): writer._add_object(compressed),
    })


_FONT_SELECTION = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s+[-\d.]+\s+Tf\b")


def page_content(page: PageObject) -> bytes:
    """The page's content, decoded. pypdf keeps a stream's decoded copy beside the encoded one once
    read; the page is written as it came, so the copy is dropped (a build of a thousand pages kept
    every page's content twice, the larger copy to no use)."""
    contents = page.get("/Contents")
    if contents is None:
        return b""
    resolved = contents.get_object()
    streams = [item.get_object() for item in resolved] if isinstance(resolved, ArrayObject) else [resolved]
    parts = []
    for stream in streams:
        parts.append(stream.get_data())
        if isinstance(stream, EncodedStreamObject):
            stream.decoded_self = None
    return b"\n".join(parts)


def prune_unused_fonts(page: PageObject) -> None:
    """reportlab lists every font of the document on every page; keep the ones the
    page's text uses, so that a preflight reads no unused fonts."""
    resources = page.get("/Resources")
    if resources is None or "/Font" not in resources.get_object():
        return
    # a regular expression over the stream is enough for reportlab's own output (a
    # full content-stream parse costs a tenth of a second per page)
    used = {"/" + name.decode("latin-1") for name in _FONT_SELECTION.findall(page_content(page))}
    if (resources.get_object().get("/XObject") or {}) and any(
            x.get_object().get("/Subtype") == "/Form" for x in resources.get_object()["/XObject"].values()):
        return  # forms may use the page's fonts: leave them be
    copied = DictionaryObject(resources.get_object())
    copied[NameObject("/Font")] = DictionaryObject(
        {name: font for name, font in resources.get_object()["/Font"].items() if str(name) in used})
    page[NameObject("/Resources")] = copied


class OnePassReader(PdfReader):
    """A reader that keeps no parsed object: the document is read once, to be copied into the
    writer, and pypdf's reader would otherwise hold a second copy of every object while the copy
    is written (13 MiB of a 1 400-page brochure's finishing). An object read twice is parsed twice."""

    def cache_indirect_object(self, generation: int, idnum: int, obj: PdfObject | None) -> PdfObject | None:
        if obj is not None:
            obj.indirect_reference = IndirectObject(idnum, generation, self)
        return obj


def make_pdfx4(pdf: bytes, info: DocumentInfo, intent: OutputIntent, profile: bytes) -> bytes:
    """The rendered print PDF finished as PDF/X-4."""
    digest = hashlib.sha256(pdf).digest()
    reader = OnePassReader(io.BytesIO(pdf))
    writer = PdfWriter(clone_from=reader)
    writer._id_translated.pop(id(reader), None)  # pypdf keeps the reader for later copies: there are none
    del reader
    writer.pdf_header = PDF_HEADER
    root = writer.root_object
    root[NameObject("/OutputIntents")] = ArrayObject([writer._add_object(
        output_intent(writer, intent, profile, channels=4))])
    for page in writer.pages:
        prune_unused_fonts(page)
        if "/Annots" in page:
            del page["/Annots"]
        if "/TrimBox" not in page or "/BleedBox" not in page:
            raise ValueError("the rendered page has no TrimBox or BleedBox")
    describe_document(writer, info, digest)  # after pruning: only the fonts kept get their subset tags
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def describe_document(writer: PdfWriter, info: DocumentInfo, digest: bytes, pdfx: bool = True,
                      pdfua: bool = False) -> None:
    """What PDF/X-4 asks of a document beyond its pages, said alike in the XMP metadata and the
    document information: title, author, dates, tool, language, not trapped; and an ID made
    from `digest` (also the XMP document ID: each file its own)."""
    metadata = DecodedStreamObject()
    metadata.set_data(xmp_packet(info, as_uuid(digest), pdfx, pdfua))
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    writer.root_object[NameObject("/Metadata")] = writer._add_object(metadata)
    document_information(writer, info, digest)[NameObject("/Trapped")] = NameObject("/False")


def document_information(writer: PdfWriter, info: DocumentInfo, digest: bytes) -> DictionaryObject:
    """The document information dictionary (title, author, subject, dates, tool; nothing else),
    the language, an ID made from `digest` and font subset tags made from each subset; every
    finished format says them alike."""
    tag_subsets(writer)
    writer.root_object[NameObject("/Lang")] = TextStringObject(info.language)
    fields = {"/Title": info.title, "/Author": info.author, "/Creator": TOOL, "/Producer": TOOL,
              "/CreationDate": pdf_date(info.moment), "/ModDate": pdf_date(info.moment)}
    if info.subject:
        fields["/Subject"] = info.subject
    writer.add_metadata(fields)
    document_info = writer._info.get_object() if writer._info is not None else None
    if not isinstance(document_info, DictionaryObject):
        raise TypeError("pypdf wrote no document information dictionary")
    for key in [key for key in document_info if key not in fields]:
        del document_info[key]  # reportlab's own keys (Subject, Keywords…) say nothing here
    identifier = ByteStringObject(digest[:16])
    writer._ID = ArrayObject([identifier, identifier])
    return document_info
