"""A corpus of broken and unusual PDFs for preflight, made at test time: each defect alone
on the clean PDF/X-4 fixture (edited with pikepdf, qpdf, Ghostscript or by bytes), and
random mutants of a one-page file with a fixed seed. Nothing binary is committed.

Each case names what preflight must say: the rule that must be among the errors, or
None when the file must pass (a defect every other tool reads through, which must not
become a false FAIL)."""

from __future__ import annotations

import functools
import io
import random
import re
import warnings
import zlib
from collections.abc import Callable
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name
from PIL import Image

from tests import preflight_fixtures as fixtures

MM = 72 / 25.4
UNREADABLE = "unreadable"  # the file cannot be opened at all: exit 2 with a message, no report


@dataclass(frozen=True)
class Case:
    make: Callable[[], bytes]
    rule: str | None              # the rule that must be among the errors; None: the file passes;
    #                               UNREADABLE: preflight says it cannot be read (exit 2)
    profile: str = "pdfx4"
    also: tuple[str, ...] = ()    # other rules allowed among the errors
    warns: str | None = None      # a rule that must be among the warnings


@functools.cache
def clean() -> bytes:
    return fixtures.clean()


@functools.cache
def one_page() -> bytes:
    return fixtures._render(pages=1)


@functools.cache
def clean_as_qpdf_saves_it() -> bytes:
    """The clean file saved once by qpdf: the same objects and streams, a few dictionaries' keys in
    another order. reportlab writes `/Filter [/FlateDecode]`, which qpdf decodes and compresses
    again on every save (a twentieth of a second for the photograph); once saved, it is copied."""
    return _saved(clean(), lambda pdf: None)


def edit(change: Callable[[pikepdf.Pdf], None], source: bytes | None = None, **save: object) -> bytes:
    """The clean file changed by `change` and saved again by qpdf."""
    return _saved(source or clean_as_qpdf_saves_it(), change, **save)


def _saved(source: bytes, change: Callable[[pikepdf.Pdf], None], **save: object) -> bytes:
    with pikepdf.open(io.BytesIO(source)) as pdf:
        change(pdf)
        output = io.BytesIO()
        pdf.save(output, static_id=True, fix_metadata_version=False, **save)  # type: ignore[arg-type]
        return output.getvalue()


def uncompressed() -> bytes:
    return edit(lambda pdf: None, compress_streams=False,
                stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                object_stream_mode=pikepdf.ObjectStreamMode.disable)


def draw(content: bytes, resources: dict[str, dict[str, object]] | None = None,
         source: bytes | None = None) -> bytes:
    """The clean file with `content` drawn on page 1 after its own, and resources added."""
    def change(pdf: pikepdf.Pdf) -> None:
        page = pdf.pages[0]
        for category, entries in (resources or {}).items():
            table = page.obj.Resources.get(category)
            if table is None:
                page.obj.Resources[category] = table = Dictionary()
            for key, value in entries.items():
                table[key] = value(pdf) if callable(value) else value
        page.contents_add(pdf.make_stream(b"q " + content + b" Q"), prepend=False)
    return edit(change, source)


def stream(data: bytes, **keys: object) -> Callable[[pikepdf.Pdf], pikepdf.Object]:
    return lambda pdf: pdf.make_stream(data, **keys)


def form(content: bytes, resources: Dictionary | None = None) -> Callable[[pikepdf.Pdf], pikepdf.Object]:
    return lambda pdf: pdf.make_stream(content, Type=Name.XObject, Subtype=Name.Form,
                                       BBox=[0, 0, 100, 100], Resources=resources or Dictionary())


# ---- damaged files every other tool reads ----------------------------------------------

def missing_eof() -> bytes:
    data = clean()
    return data[:data.rindex(b"%%EOF")]


def wrong_length() -> bytes:
    data = uncompressed()
    lengths = list(re.finditer(rb"/Length (\d+)", data))
    found = lengths[len(lengths) // 2]
    return data[:found.start(1)] + str(int(found.group(1)) + 9).encode() + data[found.end(1):]


def broken_xref() -> bytes:
    data = clean()
    at = data.rindex(b"startxref") + len(b"startxref\n")
    end = data.index(b"\n", at)
    return data[:at] + b"999" + data[end:]


def reversed_boxes() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            for key in ("/TrimBox", "/BleedBox", "/MediaBox"):
                x0, y0, x1, y1 = (float(v) for v in page.obj[key])
                page.obj[key] = Array([x1, y1, x0, y0])
    return edit(change)


def xmp_element_form() -> bytes:
    """PDF/X-4 declared as elements, namespaces on the elements (what pikepdf writes)."""
    def change(pdf: pikepdf.Pdf) -> None:
        xmp = (b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>'
               b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
               b'<rdf:Description rdf:about="">'
               b'<pdfxid:GTS_PDFXVersion xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">PDF/X-4'
               b'</pdfxid:GTS_PDFXVersion>'
               b'<pdf:Trapped xmlns:pdf="http://ns.adobe.com/pdf/1.3/">False</pdf:Trapped>'
               b'<xmpMM:DocumentID xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">uuid:1</xmpMM:DocumentID>'
               b'<xmpMM:VersionID xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">1</xmpMM:VersionID>'
               b'<rdf:Description xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/" xmpMM:RenditionClass="default"/>'
               b'</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>')
        pdf.Root.Metadata = pdf.make_stream(xmp, Type=Name.Metadata, Subtype=Name.XML)
    return edit(change)


def trapped_in_xmp_only() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        del pdf.trailer.Info["/Trapped"]
    return edit(change)


def trapped_disagreeing() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.trailer.Info.Trapped = Name.True_
    return edit(change)


def pdfx1a_registered_condition() -> bytes:
    """A PDF/X-1a:2001 file naming a registered condition without embedding its profile."""
    def change(pdf: pikepdf.Pdf) -> None:
        intent = pdf.Root.OutputIntents[0]
        del intent["/DestOutputProfile"]
        intent.RegistryName = pikepdf.String("http://www.color.org")
        pdf.trailer.Info.GTS_PDFXVersion = pikepdf.String("PDF/X-1:2001")
        pdf.trailer.Info.GTS_PDFXConformance = pikepdf.String("PDF/X-1a:2001")
    return edit(change, force_version="1.3")


def xmp_without_identity() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        xmp = bytes(pdf.Root.Metadata.read_bytes())
        pdf.Root.Metadata = pdf.make_stream(re.sub(rb"<xmpMM:(DocumentID|VersionID)>[^<]*</xmpMM:\1>", b"", xmp),
                                            Type=Name.Metadata, Subtype=Name.XML)
    return edit(change)


def large_image_stream() -> bytes:
    """A 75 MB image (CMYK, 4330 px square; tiny once compressed): valid, must not trip a limit."""
    side = 4330
    data = zlib.compress(bytes(side * side * 4), 1)
    image = stream(data, Type=Name.XObject, Subtype=Name.Image, Width=side, Height=side,
                   ColorSpace=Name.DeviceCMYK, BitsPerComponent=8, Filter=Name.FlateDecode)
    return draw(b"283 0 0 283 100 100 cm /Big Do", {"/XObject": {"/Big": image}})


def object_streams() -> bytes:
    return edit(lambda pdf: None, object_stream_mode=pikepdf.ObjectStreamMode.generate)


def linearized() -> bytes:
    return edit(lambda pdf: None, linearize=True)


def cmyk_inline_image() -> bytes:
    pixels = bytes([0, 0, 0, 255] * 64)
    return draw(b"2 0 0 2 100 100 cm BI /W 8 /H 8 /CS /CMYK /BPC 8 ID " + pixels + b" EI")


def heavy_page() -> bytes:
    """300 000 filled paths on one page: valid, heavy, and must not trip a safety limit."""
    paths = b"".join(b"%d %d 1 1 re f\n" % (100 + i % 500, 100 + (i // 500) % 600) for i in range(300_000))
    return draw(b"0 0 0 1 k " + paths)


def spot_colour() -> bytes:
    separation = Array([Name.Separation, Name("/PANTONE#20185#20C"), Name.DeviceCMYK,
                        Dictionary(FunctionType=2, Domain=[0, 1], C0=[0, 0, 0, 0], C1=[0, 0.9, 0.8, 0], N=1)])
    return draw(b"/Spot cs 1 scn 100 100 50 50 re f", {"/ColorSpace": {"/Spot": separation}})


def device_n() -> bytes:
    space = Array([Name.DeviceN, Array([Name("/PANTONE#20300#20C"), Name.Black]), Name.DeviceCMYK,
                   Dictionary(FunctionType=4, Domain=[0, 1, 0, 1], Range=[0, 1, 0, 1, 0, 1, 0, 1])])
    return draw(b"/DN cs 1 1 scn 100 100 50 50 re f", {"/ColorSpace": {"/DN": space}})


# ---- defects ----------------------------------------------------------------------------

def device_n_plain() -> bytes:
    """A DeviceN space of two spot inks (no process ink among them)."""
    space = Array([Name.DeviceN, Array([Name("/PANTONE#20300#20C"), Name("/Varnish")]), Name.DeviceCMYK,
                   Dictionary(FunctionType=4, Domain=[0, 1, 0, 1], Range=[0, 1, 0, 1, 0, 1, 0, 1])])
    return draw(b"/DN cs 1 1 scn 100 100 50 50 re f", {"/ColorSpace": {"/DN": space}})


def grey_jpeg2000_in_pdfx1a() -> bytes:
    """A grey JPEG 2000 image (a colour X-1a allows) in an otherwise clean PDF/X-1a file."""
    buffer = io.BytesIO()
    Image.new("L", (64, 64), 128).save(buffer, "JPEG2000")
    image = stream(buffer.getvalue(), Type=Name.XObject, Subtype=Name.Image, Width=64, Height=64,
                   Filter=Name.JPXDecode)
    return edit(lambda pdf: None, draw(b"20 0 0 20 100 100 cm /J1 Do", {"/XObject": {"/J1": image}},
                                       source=pdfx1a_registered_condition()), force_version="1.3")


def object_streams_in_pdfx1a() -> bytes:
    """Object streams in a file that still says PDF 1.3 (the header patched back in place, as a
    careless tool leaves it): only the stream check can tell."""
    data = edit(lambda pdf: None, pdfx1a_registered_condition(), object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return re.sub(rb"^%PDF-1\.\d", b"%PDF-1.3", data, count=1)


def rgb_inline_image() -> bytes:
    return draw(b"2 0 0 2 100 100 cm BI /W 8 /H 8 /CS /RGB /BPC 8 ID " + bytes(192) + b" EI")


def rgb_shading() -> bytes:
    shading = Dictionary(ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=[0, 0, 100, 0],
                         Function=Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1))
    return draw(b"/Sh1 sh", {"/Shading": {"/Sh1": shading}})


def rgb_shading_pattern() -> bytes:
    shading = Dictionary(ShadingType=2, ColorSpace=Name.DeviceRGB, Coords=[0, 0, 100, 0],
                         Function=Dictionary(FunctionType=2, Domain=[0, 1], C0=[1, 0, 0], C1=[0, 0, 1], N=1))
    pattern = Dictionary(Type=Name.Pattern, PatternType=2, Shading=shading)
    return draw(b"/Pattern cs /P1 scn 100 100 200 200 re f", {"/Pattern": {"/P1": pattern}})


def rgb_tiling_pattern() -> bytes:
    tile = stream(b"1 0 0 rg 0 0 5 5 re f", Type=Name.Pattern, PatternType=1, PaintType=1, TilingType=1,
                  BBox=[0, 0, 10, 10], XStep=10, YStep=10, Resources=Dictionary())
    return draw(b"/Pattern cs /P1 scn 100 100 200 200 re f", {"/Pattern": {"/P1": tile}})


def rgb_type3_glyph() -> bytes:
    def font(pdf: pikepdf.Pdf) -> pikepdf.Object:
        glyph = pdf.make_stream(b"1000 0 d0 0 1 0 rg 0 0 800 800 re f")
        return pdf.make_indirect(Dictionary(
            Type=Name.Font, Subtype=Name.Type3, FontBBox=[0, 0, 1000, 1000], FontMatrix=[0.001, 0, 0, 0.001, 0, 0],
            CharProcs=Dictionary(square=glyph), Encoding=Dictionary(Type=Name.Encoding, Differences=[65, Name.square]),
            FirstChar=65, LastChar=65, Widths=[1000], Resources=Dictionary()))
    return draw(b"BT /T3 12 Tf 100 100 Td (A) Tj ET", {"/Font": {"/T3": font}})


def nested_forms(depth: int, paint: bytes) -> bytes:
    """A page drawing a form that draws a form … `depth` deep, the innermost painting `paint`."""
    def forms(pdf: pikepdf.Pdf) -> pikepdf.Object:
        inner = pdf.make_stream(paint, Type=Name.XObject, Subtype=Name.Form,
                                BBox=[0, 0, 100, 100], Resources=Dictionary())
        for _ in range(depth):
            inner = pdf.make_stream(b"/Fx Do", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 100, 100],
                                    Resources=Dictionary(XObject=Dictionary(Fx=inner)))
        return inner
    return draw(b"/Fx Do", {"/XObject": {"/Fx": forms}})


def rgb_deep_form() -> bytes:
    """RGB at the bottom of forms nested 20 deep (the old reader stopped at 12)."""
    return nested_forms(20, b"1 0 0 rg 0 0 10 10 re f")


def forms_too_deep() -> bytes:
    return nested_forms(40, b"0 0 0 1 k 0 0 10 10 re f")


def form_draws_itself() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        looping = pdf.make_stream(b"/Me Do", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 100, 100])
        looping.Resources = Dictionary(XObject=Dictionary(Me=looping))
        page = pdf.pages[0]
        if "/XObject" not in page.obj.Resources:
            page.obj.Resources.XObject = Dictionary()
        page.obj.Resources.XObject.Me = looping
        page.contents_add(pdf.make_stream(b"q /Me Do Q"), prepend=False)
    return edit(change)


def forms_fan_out() -> bytes:
    """Each form draws the next one twice: 2^30 draws if walked naively."""
    def forms(pdf: pikepdf.Pdf) -> pikepdf.Object:
        inner = pdf.make_stream(b"0 0 0 1 k 0 0 1 1 re f", Type=Name.XObject, Subtype=Name.Form,
                                BBox=[0, 0, 100, 100], Resources=Dictionary())
        for _ in range(30):
            inner = pdf.make_stream(b"/Fx Do /Fx Do", Type=Name.XObject, Subtype=Name.Form, BBox=[0, 0, 100, 100],
                                    Resources=Dictionary(XObject=Dictionary(Fx=inner)))
        return inner
    return draw(b"/Fx Do", {"/XObject": {"/Fx": forms}})


def rgb_soft_mask() -> bytes:
    group = form(b"0 1 0 rg 0 0 100 100 re f")
    def state(pdf: pikepdf.Pdf) -> pikepdf.Object:
        mask_group = group(pdf)
        mask_group.Group = Dictionary(S=Name.Transparency, CS=Name.DeviceGray)
        return Dictionary(Type=Name.ExtGState, SMask=Dictionary(S=Name.Luminosity, G=mask_group))
    return draw(b"/SM gs 0 0 0 1 k 100 100 50 50 re f", {"/ExtGState": {"/SM": state}})


def rgb_annotation_appearance() -> bytes:
    """A printing annotation out in the slug (not in the bleed), drawn in RGB."""
    def change(pdf: pikepdf.Pdf) -> None:
        appearance = pdf.make_stream(b"1 0 0 rg 0 0 20 10 re f", Type=Name.XObject, Subtype=Name.Form,
                                     BBox=[0, 0, 20, 10], Resources=Dictionary())
        annotation = pdf.make_indirect(Dictionary(Type=Name.Annot, Subtype=Name.Square, Rect=[2, 2, 22, 12], F=4,
                                                  AP=Dictionary(N=appearance)))
        pdf.pages[0].obj.Annots = Array([annotation])
    return edit(change)


def rgb_jpeg2000() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(buffer, "JPEG2000")
    image = stream(buffer.getvalue(), Type=Name.XObject, Subtype=Name.Image, Width=64, Height=64,
                   Filter=Name.JPXDecode)
    return draw(b"20 0 0 20 100 100 cm /J1 Do", {"/XObject": {"/J1": image}})


def icc_without_n() -> bytes:
    profile = (fixtures.REPOSITORY / "profiles" / "FOGRA39.icc").read_bytes()
    space = lambda pdf: Array([Name.ICCBased, pdf.make_stream(profile)])  # noqa: E731
    return draw(b"/Icc cs 0 0 0 1 scn 100 100 50 50 re f", {"/ColorSpace": {"/Icc": space}})


def lab_colour() -> bytes:
    lab = Array([Name.Lab, Dictionary(WhitePoint=[0.9505, 1, 1.089], Range=[-100, 100, -100, 100])])
    return draw(b"/L cs 50 20 20 scn 100 100 50 50 re f", {"/ColorSpace": {"/L": lab}})


def sixteen_bit_image() -> bytes:
    image = stream(zlib.compress(bytes(16 * 16 * 4 * 2)), Type=Name.XObject, Subtype=Name.Image, Width=16, Height=16,
                   ColorSpace=Name.DeviceCMYK, BitsPerComponent=16, Filter=Name.FlateDecode)
    return draw(b"4 0 0 4 100 100 cm /I16 Do", {"/XObject": {"/I16": image}})


def empty_font_program() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        for page in pdf.pages:
            for _, font in page.obj.Resources.Font.items():
                for descendant in [font, *font.get("/DescendantFonts", [])]:
                    descriptor = descendant.get("/FontDescriptor")
                    if descriptor is not None and "/FontFile2" in descriptor:
                        descriptor.FontFile2 = pdf.make_stream(b"")
    return edit(change)


def undecompressible_content() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        broken = pdf.make_stream(b"not flate data at all, not even close")
        broken.Filter = Name.FlateDecode
        pdf.pages[0].obj.Contents = broken
    return edit(change)


def zero_pages() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Pages.Kids = Array()
        pdf.Root.Pages.Count = 0
    return edit(change)


def output_intents_not_array() -> bytes:
    return edit(lambda pdf: setattr(pdf.Root, "OutputIntents", 5))


def info_is_integer() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.trailer.Info = 7
    return edit(change)


def trim_box_of_names() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.pages[0].obj.TrimBox = Array([Name.a, Name.b, Name.c, Name.d])
    return edit(change)


def parent_loop() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Pages.Parent = pdf.pages[1].obj
    return edit(change)


def trailer_without_root() -> bytes:
    data = uncompressed()
    return re.sub(rb"/Root \d+ 0 R", b"", data, count=1)


def root_is_integer() -> bytes:
    data = uncompressed()
    return re.sub(rb"/Root \d+ 0 R", b"/Root 42", data, count=1)


def malformed_xmp() -> bytes:
    def change(pdf: pikepdf.Pdf) -> None:
        pdf.Root.Metadata = pdf.make_stream(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF><unclosed></x:xmpmeta>")
    return edit(change)


def encrypt(data: bytes, revision: int, aes: bool, user: str = "") -> bytes:
    encryption = pikepdf.Encryption(owner="owner", user=user, R=revision, aes=aes,  # type: ignore[arg-type]
                                    metadata=revision >= 4)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", "Encryption R=5 is deprecated")  # deprecated, still met in files
        return edit(lambda pdf: None, data, encryption=encryption)


def encrypted(revision: int, aes: bool, user: str = "") -> Callable[[], bytes]:
    return lambda: encrypt(clean(), revision, aes, user)


def unknown_encryption_version() -> bytes:
    data = encrypted(4, True)()
    return re.sub(rb"/V 4", b"/V 9", data, count=1)


def certificate_handler() -> bytes:
    data = encrypted(4, True)()
    return data.replace(b"/Filter /Standard", b"/Filter /Adobe.PubSec", 1)


def missing_operand(operator: bytes) -> Callable[[], bytes]:
    return lambda: draw(operator + b" 100 100 50 50 re f")


def bad_matrix(operator: bytes) -> Callable[[], bytes]:
    return lambda: draw(b"BT /a /b /c 1 0 0 " + operator + b" ET" if operator == b"Tm" else b"/a /b /c 1 0 0 cm")


def ghostscript_rewrite(source: Callable[[], bytes]) -> Callable[[], bytes]:
    """The file rewritten by Ghostscript's pdfwrite (what many workflows do before printing)."""
    def make() -> bytes:
        import subprocess
        import tempfile
        from pathlib import Path

        from tests.conftest import require_tool

        with tempfile.TemporaryDirectory() as folder:
            given, made = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
            given.write_bytes(source())
            gs = require_tool("gs", "a file rewritten by Ghostscript's pdfwrite")
            subprocess.run([gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite",
                            f"-sOutputFile={made}", str(given)], check=True, capture_output=True)
            return made.read_bytes()
    return make


def qpdf_qdf() -> bytes:
    """The clean file as qpdf --qdf --object-streams=disable writes it (qpdf's library, pikepdf)."""
    from tests.pdf_reading import uncompressed
    return uncompressed(clean())


CASES: dict[str, Case] = {
    # read through, as every other tool does: no false FAIL
    "missing-eof": Case(missing_eof, None),
    "wrong-length": Case(wrong_length, None, warns="structure"),
    "broken-xref": Case(broken_xref, None, warns="structure"),
    "reversed-box-corners": Case(reversed_boxes, None),
    "xmp-element-form": Case(xmp_element_form, None),
    "large-image-stream": Case(large_image_stream, None),
    "xmp-without-identity": Case(xmp_without_identity, "xmp"),
    "trapped-in-xmp-only": Case(trapped_in_xmp_only, None),
    "pdfx1a-registered-condition": Case(pdfx1a_registered_condition, None, profile="pdfx1a", also=()),
    "pdfx4-without-profile": Case(lambda: edit(lambda pdf: pdf.Root.OutputIntents[0].__delitem__(
        "/DestOutputProfile")), "output-intent"),
    "trapped-disagreeing": Case(trapped_disagreeing, "trapped"),
    "aes-256-r5": Case(encrypted(5, True), "encryption", also=("pdf-version",)),
    "object-streams": Case(object_streams, None),
    "linearized": Case(linearized, None),
    "qpdf-qdf": Case(qpdf_qdf, None),
    "cmyk-inline-image": Case(cmyk_inline_image, None),
    "spot-colour-allowed": Case(spot_colour, None, warns="colour-spot"),
    "device-n-allowed": Case(device_n, None, warns="colour-spot"),
    "device-n-refused": Case(device_n_plain, "colour-spot", profile="process-only"),
    "jpeg2000-in-pdfx1a": Case(grey_jpeg2000_in_pdfx1a, "image-jpeg2000", profile="pdfx1a"),
    "object-streams-in-pdfx1a": Case(object_streams_in_pdfx1a, "object-streams", profile="pdfx1a"),
    "lab-in-pdfx4": Case(lab_colour, None),
    # each defect named by its rule
    "rgb-inline-image": Case(rgb_inline_image, "colour-rgb"),
    "rgb-shading": Case(rgb_shading, "colour-rgb"),
    "rgb-shading-pattern": Case(rgb_shading_pattern, "colour-rgb"),
    "rgb-tiling-pattern": Case(rgb_tiling_pattern, "colour-rgb"),
    "rgb-type3-glyph": Case(rgb_type3_glyph, "colour-rgb", also=("fonts-unused",)),
    "rgb-deep-form": Case(rgb_deep_form, "colour-rgb"),
    "rgb-soft-mask": Case(rgb_soft_mask, "colour-rgb"),
    "rgb-annotation-appearance": Case(rgb_annotation_appearance, "colour-rgb"),
    "rgb-jpeg2000": Case(rgb_jpeg2000, "colour-rgb"),
    "rgb-via-ghostscript": Case(ghostscript_rewrite(rgb_inline_image), "colour-rgb",
                                also=("pdfx-version", "output-intent", "trapped", "pdf-version", "image-resolution")),
    "forms-too-deep": Case(forms_too_deep, "limits"),
    "form-draws-itself": Case(form_draws_itself, "content-stream"),
    "forms-fan-out": Case(forms_fan_out, "limits"),
    "spot-colour-refused": Case(spot_colour, "colour-spot", profile="process-only"),
    "icc-without-n": Case(icc_without_n, "colour-icc"),
    "lab-in-pdfx1a": Case(lab_colour, "colour-lab", profile="pdfx1a",
                          also=("pdfx-version", "pdf-version", "colour-icc", "transparency")),
    "16-bit-image-in-pdfx1a": Case(sixteen_bit_image, "image-depth", profile="pdfx1a",
                                   also=("pdfx-version", "pdf-version", "colour-icc", "transparency")),
    "empty-font-program": Case(empty_font_program, "fonts-embedded"),
    "undecompressible-content": Case(undecompressible_content, "content-stream"),
    "zero-pages": Case(zero_pages, "page-count"),
    "output-intents-not-array": Case(output_intents_not_array, "output-intent"),
    "info-is-integer": Case(info_is_integer, None, warns="structure"),  # a structure warning; Trapped is in the XMP too
    "trim-box-of-names": Case(trim_box_of_names, "trim-box"),
    "parent-loop": Case(parent_loop, None, warns="structure"),
    "trailer-without-root": Case(trailer_without_root, UNREADABLE),
    "root-is-integer": Case(root_is_integer, UNREADABLE),
    "malformed-xmp": Case(malformed_xmp, "xmp", also=("pdfx-version",)),
    "aes-128": Case(encrypted(4, True), "encryption"),
    "aes-256-r6": Case(encrypted(6, True), "encryption", also=("pdf-version",)),  # AES-256 needs PDF 1.7
    "rc4-128": Case(encrypted(3, False), "encryption"),
    "user-password": Case(encrypted(6, True, user="secret"), "encryption", also=("pdf-version",)),
    "unknown-encryption-version": Case(unknown_encryption_version, "encryption"),
    "certificate-handler": Case(certificate_handler, "encryption"),
    "bad-cm": Case(bad_matrix(b"cm"), "content-stream"),
    "bad-tm": Case(bad_matrix(b"Tm"), "content-stream"),
    **{f"missing-operand-{op.decode()}": Case(missing_operand(op), "content-stream")
       for op in (b"Tr", b"w", b"Tf", b"Do", b"gs", b"sh", b"k", b"cs", b"scn")},
}


# ---- random mutants ---------------------------------------------------------------------

def mutants(count: int, seed: int = 1414) -> list[tuple[str, bytes]]:
    """Random damage to a one-page file: flipped bytes, cut ranges, repeated chunks,
    tokens swapped inside the uncompressed page, truncation."""
    generator = random.Random(seed)
    with pikepdf.open(io.BytesIO(one_page())) as pdf:
        output = io.BytesIO()
        pdf.save(output, static_id=True, compress_streams=False,
                 stream_decode_level=pikepdf.StreamDecodeLevel.generalized,
                 object_stream_mode=pikepdf.ObjectStreamMode.disable)
        base = output.getvalue()
    tokens = [b"q", b"Q", b"cm", b"Do", b"Tf", b"rg", b"k", b"/Form", b"/Image", b"0", b"-1", b"1e308", b"()",
              b"[", b"]", b"<<", b">>", b"R", b"/Filter", b"/FlateDecode", b"BI", b"ID", b"EI", b"null"]
    made = []
    for index in range(count):
        data = bytearray(base)
        kind = index % 5
        for _ in range(generator.randint(1, 6)):
            at = generator.randrange(len(data))
            if kind == 0:
                data[at] = generator.randrange(256)
            elif kind == 1:
                del data[at:at + generator.randint(1, 400)]
            elif kind == 2:
                length = generator.randint(1, 300)
                data[at:at] = data[at:at + length]
            elif kind == 3:
                data[at:at] = b" " + generator.choice(tokens) + b" "
            else:
                del data[at:]
                break
        made.append((f"mutant-{index:03d}-{('flip', 'cut', 'repeat', 'token', 'truncate')[kind]}", bytes(data)))
    return made
