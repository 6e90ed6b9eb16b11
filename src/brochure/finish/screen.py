"""Finish stage: the screen edition: pages cut to the trim, metadata and language set; tagged
(PDF/UA-1, issue 31) when the rendering built a structure tree."""

from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from brochure.finish.pdfx import DocumentInfo, describe_document, prune_unused_fonts
from brochure.render.structure import Structure
from brochure.typeset.scripts import script_rules

SCREEN_HEADER = "%PDF-1.7"


def finish_screen(pdf: bytes, info: DocumentInfo, structure: Structure | None = None, booklet: bool = False) -> bytes:
    digest = hashlib.sha256(pdf).digest()
    right_to_left = script_rules(info.language).right_to_left  # issue 17: an edition led by Arabic or Hebrew
    if structure is not None:
        from brochure.finish.tagged import add_structure  # pikepdf: for the tagged screen edition only

        pdf = add_structure(pdf, structure, booklet, right_to_left)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    # the version of what it uses: a structure tree, /Lang, XMP (reportlab writes 1.3); PDF/UA-1 is
    # based on PDF 1.7 (ISO 32000-1)
    writer.pdf_header = SCREEN_HEADER
    for page in writer.pages:
        prune_unused_fonts(page)
        page.mediabox = page.trimbox
        page.cropbox = page.trimbox
        for box in ("/BleedBox",):
            if box in page:
                del page[box]
    writer.root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    if structure is None and right_to_left:
        writer.root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/Direction"): NameObject("/R2L")})
    # XMP too: no PDF/X claim; PDF/UA-1 when tagged
    describe_document(writer, info, digest, pdfx=False, pdfua=structure is not None)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
