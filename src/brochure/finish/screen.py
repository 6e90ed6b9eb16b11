"""Finish stage: the screen edition: pages cut to the trim, metadata and language set."""

from __future__ import annotations

import hashlib
import io

from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from brochure.finish.pdfx import DocumentInfo, describe_document, prune_unused_fonts
from brochure.typeset.scripts import script_rules


def finish_screen(pdf: bytes, info: DocumentInfo) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for page in writer.pages:
        prune_unused_fonts(page)
        page.mediabox = page.trimbox
        page.cropbox = page.trimbox
        for box in ("/BleedBox",):
            if box in page:
                del page[box]
    writer.root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    if script_rules(info.language).right_to_left:  # issue 17: an edition led by Arabic or Hebrew
        writer.root_object[NameObject("/ViewerPreferences")] = DictionaryObject(
            {NameObject("/Direction"): NameObject("/R2L")})
    describe_document(writer, info, hashlib.sha256(pdf).digest(), pdfx=False)  # XMP too, no PDF/X claim
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
