"""Test helpers: text read back from a PDF with its position, as a printer's tools would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdf


@dataclass(frozen=True)
class Line:
    page: int      # 1-based
    x: float       # start of the text, media-box points
    y: float       # baseline, media-box points
    text: str


def text_lines(pdf: Path | bytes) -> list[Line]:
    """Every shown text run with its page and position, in content-stream order."""
    reader = pypdf.PdfReader(pdf if isinstance(pdf, Path) else __import__("io").BytesIO(pdf))
    lines: list[Line] = []
    for number, page in enumerate(reader.pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                lines.append(Line(number, x, y, text))
        page.extract_text(visitor_text=visit)
    return lines


def squash(text: str) -> str:
    """Text reduced to its letters and signs, so that line breaks, hyphenation and
    the kind of space used do not matter when comparing content with the PDF."""
    return re.sub(r"[\s\u00a0\u202f\u00ad\-‐]+", "", text)


def column_stream(lines: list[Line], left: float, right: float) -> str:
    """The text of every run starting between `left` and `right`, pages in order."""
    return "".join(line.text for line in lines if left <= line.x < right)


# --- What a printer's tools (poppler, qpdf, zbar) would report, read with pip packages only ----------
# Tests never call pdftotext, pdffonts, pdfimages, pdfinfo, pdftoppm, qpdf or zbarimg: a machine with
# Python only runs the whole suite. PDFium (pypdfium2) is an independent reader of the files we write
# (Chrome's PDF engine), pikepdf is qpdf itself as a library, zxing-cpp decodes QR codes.


def _document(pdf: Path | bytes):  # type: ignore[no-untyped-def]
    import pypdfium2
    return pypdfium2.PdfDocument(pdf if isinstance(pdf, bytes) else str(pdf))


def extract_text(pdf: Path | bytes, pages: list[int] | None = None) -> str:
    """The text of the given pages (1-based; all by default) as PDFium reads it: lines ended by
    "\\n", each page followed by "\\f" as pdftotext writes it. Right-to-left runs come in logical
    order (PDFium reorders each line by the Unicode bidi algorithm)."""
    document = _document(pdf)
    try:
        numbers = pages or list(range(1, len(document) + 1))
        texts = []
        for number in numbers:
            page = document[number - 1]
            text = _plain(page.get_textpage().get_text_range(), "-\n")
            texts.append("\n".join(line.rstrip(" ") for line in text.split("\n")) + "\n\f")
        return "".join(texts)
    finally:
        document.close()


def _plain(text: str, hyphen: str = "-") -> str:
    """PDFium's text as pdftotext writes it: "\n" line ends, and `hyphen` where PDFium marks a
    word broken at a line end with U+FFFE (it joins the word's two parts on the first line)."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\ufffe", hyphen)


@dataclass(frozen=True)
class TextBox:
    x_min: float   # media-box points from the left
    x_max: float
    y_min: float   # points from the top, as pdftotext -bbox reports them
    y_max: float
    text: str


def text_boxes(pdf: Path | bytes, page: int) -> list[TextBox]:
    """One box per line of text on a page (1-based), as pdftotext -bbox-layout gives them, in
    points from the crop box's top left corner. PDFium's text rectangles (its runs of text, each
    read in logical order) widened to their characters' advances and the font's height (PDFium's
    loose boxes, as poppler measures), joined when they share a line (overlapping by half a height)
    and lie closer than about half an em, so that two facing columns stay apart. Lines from top to
    bottom, then left to right, a line's runs joined left to right by a space."""
    document = _document(pdf)
    try:
        pdf_page = document[page - 1]
        origin_x, _, _, top_edge = pdf_page.get_cropbox()
        text_page = pdf_page.get_textpage()
        characters = []   # (centre x, centre y, loose box)
        for index in range(text_page.count_chars()):
            left, bottom, right, top = text_page.get_charbox(index)
            characters.append(((left + right) / 2, (bottom + top) / 2, text_page.get_charbox(index, loose=True)))
        runs = []
        for index in range(text_page.count_rects()):
            left, bottom, right, top = text_page.get_rect(index)
            text = " ".join(_plain(text_page.get_text_bounded(left, bottom, right, top)).split())
            inside = [loose for x, y, loose in characters
                      if left - 0.01 <= x <= right + 0.01 and bottom - 0.01 <= y <= top + 0.01]
            if text and inside:
                runs.append([min(box[0] for box in inside) - origin_x, max(box[2] for box in inside) - origin_x,
                             top_edge - max(box[3] for box in inside), top_edge - min(box[1] for box in inside),
                             text])
    finally:
        document.close()
    rows: list[list[list]] = []
    for run in sorted(runs, key=lambda run: (run[2] + run[3]) / 2):
        if rows and _same_line(rows[-1][0], run):
            rows[-1].append(run)
        else:
            rows.append([run])
    boxes = []
    for row in rows:
        row.sort(key=lambda run: run[0])
        reach = 0.55 * max(run[3] - run[2] for run in row)
        line = [row[0]]
        for run in [*row[1:], None]:
            if run is not None and run[0] - max(r[1] for r in line) < reach:
                line.append(run)
                continue
            boxes.append(TextBox(min(r[0] for r in line), max(r[1] for r in line), min(r[2] for r in line),
                                 max(r[3] for r in line), " ".join(r[4] for r in line)))
            line = [run] if run is not None else []
    boxes.sort(key=lambda box: (round((box.y_min + box.y_max) / 2), box.x_min))
    return boxes


def _same_line(a: list, b: list) -> bool:
    """Two boxes [x_min, x_max, y_min, y_max, ...] overlap by half the smaller one's height."""
    return min(a[3], b[3]) - max(a[2], b[2]) > 0.5 * min(a[3] - a[2], b[3] - b[2])


def render_page(pdf: Path | bytes, page: int, dpi: float, grey: bool = False):  # type: ignore[no-untyped-def]
    """A page (1-based) rendered by PDFium as a PIL image (RGB, or L when `grey`)."""
    document = _document(pdf)
    try:
        bitmap = document[page - 1].render(scale=dpi / 72, grayscale=grey)
        image = bitmap.to_pil()
        return image.convert("L" if grey else "RGB")
    finally:
        document.close()


def decode_qr_codes(image) -> list[str]:  # type: ignore[no-untyped-def]
    """The text of every QR code zxing-cpp finds in an image (what zbarimg --raw prints)."""
    import zxingcpp
    return [result.text for result in zxingcpp.read_barcodes(image) if result.valid]


@dataclass(frozen=True)
class FontRow:
    """One font as pdffonts lists it."""
    name: str          # /BaseFont, with its subset tag
    kind: str          # TrueType, CID TrueType, Type 1, Type 1C, CID Type 0C, Type 3
    embedded: bool
    subset: bool       # a six-capital-letter tag: ABCDEF+Name


def fonts(pdf: Path | bytes) -> list[FontRow]:
    """Every font the pages (and the forms they draw) use, once each, as pdffonts lists them."""
    import io

    import pikepdf
    rows: dict[tuple[int, int], FontRow] = {}
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        def visit(resources, seen: set[tuple[int, int]]) -> None:  # type: ignore[no-untyped-def]
            if resources is None:
                return
            for font in (resources.get("/Font") or {}).values():
                key = font.objgen
                if key in rows:
                    continue
                rows[key] = _font_row(font)
            for xobject in (resources.get("/XObject") or {}).values():
                if xobject.get("/Subtype") == "/Form" and xobject.objgen not in seen:
                    seen.add(xobject.objgen)
                    visit(xobject.get("/Resources"), seen)
        for page in document.pages:
            visit(page.obj.get("/Resources"), set())
    return list(rows.values())


def _font_row(font) -> FontRow:  # type: ignore[no-untyped-def]
    subtype = str(font.get("/Subtype"))
    name = str(font.get("/BaseFont", "[none]"))[1:] if "/BaseFont" in font else "[none]"
    described = font
    if subtype == "/Type0":
        described = font["/DescendantFonts"][0]
    descriptor = described.get("/FontDescriptor")
    files = [key for key in ("/FontFile", "/FontFile2", "/FontFile3") if descriptor is not None and key in descriptor]
    if subtype == "/Type3":
        kind, embedded = "Type 3", True
    elif subtype == "/Type0":
        kind = "CID TrueType" if str(described.get("/Subtype")) == "/CIDFontType2" else "CID Type 0C"
        embedded = bool(files)
    elif subtype == "/TrueType":
        kind, embedded = "TrueType", bool(files)
    else:
        kind = "Type 1C" if "/FontFile3" in files else "Type 1"
        embedded = bool(files)
    return FontRow(name, kind, embedded, bool(re.match(r"[A-Z]{6}\+", name)))


@dataclass(frozen=True)
class ImageRow:
    """One image drawn on a page, as pdfimages -list lists it."""
    page: int
    width: int          # pixels
    height: int
    colour: str         # gray, rgb, cmyk, icc (the /ColorSpace's family, an ICC profile by its channels)
    encoding: str       # jpeg, jpx, image (anything else), as pdfimages names them
    x_ppi: float        # pixels per inch as drawn
    y_ppi: float


def images(pdf: Path | bytes) -> list[ImageRow]:
    """Every image each page draws (one row per drawing), with its resolution as drawn."""
    import pypdfium2
    import pypdfium2.raw as raw
    document = _document(pdf)
    rows = []
    try:
        for number, page in enumerate(document, start=1):
            for image in page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=8):
                assert isinstance(image, pypdfium2.PdfImage)
                metadata = image.get_metadata()
                filters = image.get_filters()
                encoding = ("jpeg" if "DCTDecode" in filters else "jpx" if "JPXDecode" in filters else "image")
                rows.append(ImageRow(number, metadata.width, metadata.height, _colour_family(metadata.colorspace),
                                     encoding, metadata.horizontal_dpi, metadata.vertical_dpi))
    finally:
        document.close()
    return rows


def _colour_family(space: int) -> str:
    import pypdfium2.raw as raw
    return {raw.FPDF_COLORSPACE_DEVICEGRAY: "gray", raw.FPDF_COLORSPACE_DEVICERGB: "rgb",
            raw.FPDF_COLORSPACE_DEVICECMYK: "cmyk", raw.FPDF_COLORSPACE_CALGRAY: "gray",
            raw.FPDF_COLORSPACE_CALRGB: "rgb", raw.FPDF_COLORSPACE_ICCBASED: "icc",
            raw.FPDF_COLORSPACE_INDEXED: "index", raw.FPDF_COLORSPACE_SEPARATION: "sep",
            raw.FPDF_COLORSPACE_DEVICEN: "devn"}.get(space, "?")


def page_boxes(pdf: Path | bytes, page: int) -> dict[str, tuple[float, float, float, float]]:
    """MediaBox, CropBox, BleedBox, TrimBox, ArtBox of a page (1-based) as pdfinfo -box reports them:
    inherited from the page tree, a missing CropBox is the MediaBox, a missing bleed, trim or art box
    the CropBox."""
    import io

    import pikepdf
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        node = document.pages[page - 1].obj

        def inherited(key: str):  # type: ignore[no-untyped-def]
            current = node
            while current is not None:
                if key in current:
                    return [float(v) for v in current[key]]
                current = current.get("/Parent")
            return None
        media = inherited("/MediaBox")
        crop = inherited("/CropBox") or media
        boxes = {"MediaBox": media, "CropBox": crop}
        for key in ("BleedBox", "TrimBox", "ArtBox"):
            boxes[key] = [float(v) for v in node[f"/{key}"]] if f"/{key}" in node else crop
        return {key: (min(b[0], b[2]), min(b[1], b[3]), max(b[0], b[2]), max(b[1], b[3]))
                for key, b in boxes.items()}


def pdf_version(pdf: Path | bytes) -> str:
    """The version a reader takes the file for (the header's, or the catalogue's /Version if later)."""
    import io

    import pikepdf
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        return str(document.pdf_version)


def structure_problems(pdf: Path | bytes) -> list[str]:
    """What qpdf --check finds wrong (cross-reference table, objects, streams that do not decode,
    page contents that do not parse), through qpdf's own library; [] for a sound file."""
    import io

    import pikepdf
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        problems = [str(problem) for problem in document.check_pdf_syntax()]
        for number, page in enumerate(document.pages, start=1):
            try:
                pikepdf.parse_content_stream(page)
            except pikepdf.PdfError as error:
                problems.append(f"page {number}: {error}")
        return problems


def uncompressed(pdf: Path | bytes) -> bytes:
    """The file rewritten as qpdf --qdf --object-streams=disable does: every stream decoded, no object
    streams, so that its bytes can be searched for names."""
    import io

    import pikepdf
    with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as document:
        out = io.BytesIO()
        document.save(out, qdf=True, object_stream_mode=pikepdf.ObjectStreamMode.disable,
                      stream_decode_level=pikepdf.StreamDecodeLevel.generalized, compress_streams=False)
        return out.getvalue()
