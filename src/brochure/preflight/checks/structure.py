"""Preflight checks of the document structure: PDF/X version, PDF version, output intent,
Trapped, ID, encryption, JavaScript and actions, annotations in the bleed."""

from __future__ import annotations

import io
import re

from PIL import ImageCms

from brochure.preflight.checks import Document, check, error, warn
from brochure.preflight.report import Finding

CHANNELS = {"CMYK": 4, "RGB": 3, "GRAY": 1}


def _xmp(document: Document) -> str:
    metadata = document.reader.trailer["/Root"].get("/Metadata")
    if metadata is None:
        return ""
    try:
        return metadata.get_object().get_data().decode("utf-8", "replace")
    except Exception:
        return ""


@check("pdfx-version")
def pdfx_version(document: Document) -> list[Finding]:
    wanted = document.profile.pdfx
    if not wanted:
        return []
    if wanted.startswith("PDF/X-4"):
        found = re.search(r"GTS_PDFXVersion(?:>|=\")([^<\"]+)", _xmp(document))
        where = "XMP metadata (pdfxid:GTS_PDFXVersion)"
    else:
        info = document.reader.trailer.get("/Info")
        value = info.get_object().get("/GTS_PDFXVersion") if info is not None else None
        found = re.match(r"(.+)", str(value)) if value is not None else None
        where = "document Info (GTS_PDFXVersion)"
    if found is None:
        return [error("pdfx-version", None, f"no PDF/X version in the {where}; expected {wanted}")]
    if not found.group(1).startswith(wanted):
        return [error("pdfx-version", None, f"declares {found.group(1)} in the {where}; expected {wanted}")]
    return []


@check("pdf-version")
def pdf_version(document: Document) -> list[Finding]:
    header = re.match(rb"%PDF-(\d\.\d)", document.data[:16])
    version = header.group(1).decode() if header else "?"
    catalog_version = document.reader.trailer["/Root"].get("/Version")
    if catalog_version is not None:
        version = max(version, str(catalog_version).lstrip("/"))
    if version == "?" or version > document.profile.max_pdf_version:
        return [error("pdf-version", None, f"PDF {version}; {document.profile.name} allows up to "
                                           f"{document.profile.max_pdf_version}")]
    return []


@check("output-intent")
def output_intent(document: Document) -> list[Finding]:
    if not document.profile.pdfx:
        return []
    intents = document.reader.trailer["/Root"].get("/OutputIntents")
    intents = [i.get_object() for i in intents.get_object()] if intents is not None else []
    pdfx = [i for i in intents if i.get("/S") == "/GTS_PDFX"]
    if not pdfx:
        return [error("output-intent", None, "no output intent with /S /GTS_PDFX")]
    intent = pdfx[0]
    findings = []
    if "/OutputConditionIdentifier" not in intent:
        findings.append(error("output-intent", None, "the output intent has no OutputConditionIdentifier"))
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        return findings + [error("output-intent", None, "the output intent has no embedded ICC profile "
                                                         "(DestOutputProfile)")]
    stream = profile.get_object()
    channels = int(stream.get("/N", 0))
    try:
        icc = ImageCms.ImageCmsProfile(io.BytesIO(stream.get_data()))
        space = icc.profile.xcolor_space.strip().upper()
    except Exception as problem:
        return findings + [error("output-intent", None, f"the embedded ICC profile cannot be read: {problem}")]
    if CHANNELS.get(space) != channels:
        findings.append(error("output-intent", None, f"profile is {space} but /N says {channels} channels"))
    if channels != document.profile.output_channels:
        findings.append(error("output-intent", None, f"a {channels}-channel profile; the printing condition "
                                                     f"needs {document.profile.output_channels} (CMYK)"))
    return findings


@check("trapped")
def trapped(document: Document) -> list[Finding]:
    if not document.profile.pdfx:
        return []
    info = document.reader.trailer.get("/Info")
    value = info.get_object().get("/Trapped") if info is not None else None
    if str(value) not in ("/True", "/False"):
        return [error("trapped", None, f"Trapped is {value or 'missing'}; PDF/X needs True or False")]
    return []


@check("document-id")
def document_id(document: Document) -> list[Finding]:
    if "/ID" not in document.reader.trailer:
        return [error("document-id", None, "no document ID in the trailer")]
    return []


@check("encryption")
def encryption(document: Document) -> list[Finding]:
    if document.reader.is_encrypted:
        return [error("encryption", None, "the file is encrypted; printers need it open")]
    return []


def _actions(dictionary, seen: set[int], depth: int = 0) -> list[str]:
    """JavaScript and other actions found under a dictionary (bounded walk)."""
    found = []
    if depth > 6 or dictionary is None:
        return found
    dictionary = dictionary.get_object()
    if id(dictionary) in seen or not hasattr(dictionary, "get"):
        return found
    seen.add(id(dictionary))
    kind = dictionary.get("/S")
    if kind is not None:
        found.append(str(kind).lstrip("/"))
    for key in ("/A", "/AA", "/OpenAction", "/Next"):
        value = dictionary.get(key)
        if value is None:
            continue
        value = value.get_object()
        if key == "/AA":
            for entry in value.values():
                found += _actions(entry, seen, depth + 1)
        elif hasattr(value, "get"):
            found += _actions(value, seen, depth + 1)
    return found


@check("javascript")
def javascript(document: Document) -> list[Finding]:
    root = document.reader.trailer["/Root"].get_object()
    findings = []
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names.get_object():
        findings.append(error("javascript", None, "document-level JavaScript (Names/JavaScript)"))
    actions = _actions(root, set())
    for number, page in enumerate(document.reader.pages, start=1):
        page_actions = _actions(page, set())
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            page_actions += [kind for kind in _actions(annotation, set()) if kind != "URI"] if \
                annotation.get("/Subtype") != "/Link" else [k for k in _actions(annotation, set())
                                                            if k in ("JavaScript", "Launch")]
        for kind in page_actions:
            rule = "javascript" if kind == "JavaScript" else "actions"
            findings.append(error(rule, number, f"{kind} action"))
    for kind in actions:
        rule = "javascript" if kind == "JavaScript" else "actions"
        findings.append(error(rule, None, f"{kind} action in the document catalog"))
    return findings


def _overlaps(rect, box) -> bool:
    x0, y0, x1, y1 = (float(v) for v in rect)
    x0, x1 = sorted((x0, x1))
    y0, y1 = sorted((y0, y1))
    return x0 < float(box.right) and x1 > float(box.left) and y0 < float(box.top) and y1 > float(box.bottom)


@check("annotations")
def annotations(document: Document) -> list[Finding]:
    findings = []
    for number, page in enumerate(document.reader.pages, start=1):
        bleed = page.bleedbox
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            subtype = str(annotation.get("/Subtype", "?")).lstrip("/")
            if subtype in ("PrinterMark", "TrapNet"):
                continue
            flags = int(annotation.get("/F", 0))
            prints = bool(flags & 4) and not flags & 2
            if "/Rect" in annotation and _overlaps(annotation["/Rect"], bleed):
                if prints:
                    findings.append(error("annotations", number, f"a {subtype} annotation that prints lies "
                                                                 "inside the bleed"))
                else:
                    findings.append(warn("annotations", number, f"a {subtype} annotation lies inside the bleed "
                                                                "(it does not print)"))
    return findings
