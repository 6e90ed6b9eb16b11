"""Preflight checks of the document structure: PDF/X version (XMP for X-4, Info for
X-1a), PDF version, object and cross-reference streams (not in X-1a), output intent,
Trapped, ID, encryption, JavaScript and actions, annotations in the bleed."""

from __future__ import annotations

import io

from PIL import ImageCms

from brochure.preflight.checks import Document, check, error, measured, warn
from brochure.preflight.report import Finding
from brochure.preflight.xmp import PDF, PDFXID, XMP_MM, MalformedXmp, Xmp, parse_xmp

CHANNELS = {"CMYK": 4, "RGB": 3, "GRAY": 1}


def _xmp(document: Document) -> tuple[Xmp | None, list[Finding]]:
    if document.facts.xmp is None:
        return None, []
    try:
        return parse_xmp(document.facts.xmp), []
    except MalformedXmp as problem:
        severity = error if document.profile.pdfx else warn
        return None, [severity("xmp", None, f"the XMP metadata is not well-formed XML: {problem}")]


@check("pdfx-version")
def pdfx_version(document: Document) -> list[Finding]:
    wanted = document.profile.pdfx
    xmp, findings = _xmp(document)
    if not wanted:
        return findings
    if wanted.startswith("PDF/X-4"):
        found = xmp.get(PDFXID, "GTS_PDFXVersion") if xmp is not None else None
        where = "XMP metadata (pdfxid:GTS_PDFXVersion)"
        if xmp is not None and found is not None:
            # a file that claims PDF/X-4: ISO 15930-7 asks for the document's identity in the XMP as well
            missing = [name for name in ("DocumentID", "VersionID", "RenditionClass") if xmp.get(XMP_MM, name) is None]
            if missing:
                findings.append(error("xmp", None, "the XMP metadata lacks " +
                                      ", ".join(f"xmpMM:{name}" for name in missing) + f" ({wanted} needs them)"))
    else:
        found = document.facts.info_value("/GTS_PDFXVersion")
        where = "document Info (GTS_PDFXVersion)"
        conformance = document.facts.info_value("/GTS_PDFXConformance")
        if found is not None and found.startswith("PDF/X-1:2001"):
            # PDF/X-1a:2001 is declared as version X-1:2001 with conformance X-1a:2001
            found = conformance if conformance is not None else f"{found} without GTS_PDFXConformance"
    if found is None:
        return findings + [error("pdfx-version", None, f"no PDF/X version in the {where}; expected {wanted}")]
    if not found.startswith(wanted):
        return findings + [error("pdfx-version", None, f"declares {found} in the {where}; expected {wanted}")]
    return findings + [measured("pdfx-version", None, f"{found} ({where})")]


def _version_key(version: str) -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (99,)


@check("pdf-version")
def pdf_version(document: Document) -> list[Finding]:
    facts = document.facts
    versions = [v for v in (facts.header_version, facts.catalog_version) if v is not None]
    if not versions:
        return [error("pdf-version", None, "no PDF version in the header")]
    version = max(versions, key=_version_key)
    limit = document.profile.max_pdf_version
    if _version_key(version) > _version_key(limit):
        return [error("pdf-version", None, f"PDF {version}; {document.profile.name} allows up to {limit}")]
    return [measured("pdf-version", None, f"PDF {version}")]


@check("object-streams")
def object_streams(document: Document) -> list[Finding]:
    """PDF/X-1a is PDF 1.3/1.4: objects compressed in object streams and cross-reference streams
    (PDF 1.5) are not there for its readers."""
    facts = document.facts
    if document.profile.allow_object_streams or not (facts.object_streams or facts.xref_streams):
        return []
    found = [f"{count} {what}" for count, what in ((facts.object_streams, "object streams"),
                                                   (facts.xref_streams, "cross-reference streams")) if count]
    return [error("object-streams", None, f"{' and '.join(found)}; {document.profile.name} needs plain objects "
                                          "and a cross-reference table (qpdf --object-streams=disable rewrites it)")]


@check("output-intent")
def output_intent(document: Document) -> list[Finding]:
    if not document.profile.pdfx:
        return []
    pdfx = [intent for intent in document.facts.output_intents if intent.subtype == "/GTS_PDFX"]
    if not pdfx:
        return [error("output-intent", None, "no output intent with /S /GTS_PDFX")]
    intent = pdfx[0]
    findings = []
    if intent.identifier is None:
        findings.append(error("output-intent", None, "the output intent has no OutputConditionIdentifier"))
    if intent.problem is not None:
        return findings + [error("output-intent", None, intent.problem)]
    if intent.profile is None:
        if document.profile.pdfx.startswith("PDF/X-1a") and intent.registry and intent.identifier:
            # X-1a may name a registered printing condition instead of embedding its profile
            return findings + [measured("output-intent", None, f"{intent.identifier} (registered at "
                                                               f"{intent.registry}, no embedded profile)")]
        return findings + [error("output-intent", None, "the output intent has no embedded ICC profile "
                                                         "(DestOutputProfile)")]
    try:
        icc = ImageCms.ImageCmsProfile(io.BytesIO(intent.profile))
        space = str(icc.profile.xcolor_space).strip().upper()
        description = str(icc.profile.profile_description or "").strip()
    except (OSError, ValueError, TypeError) as problem:
        return findings + [error("output-intent", None, f"the embedded ICC profile cannot be read: {problem}")]
    if CHANNELS.get(space) != intent.channels:
        findings.append(error("output-intent", None, f"profile is {space} but /N says {intent.channels} channels"))
    if intent.channels != document.profile.output_channels:
        findings.append(error("output-intent", None, f"a {intent.channels}-channel profile; the printing condition "
                                                     f"needs {document.profile.output_channels} (CMYK)"))
    return findings + [measured("output-intent", None, f"{intent.identifier}: {description} ({space})")]


@check("trapped")
def trapped(document: Document) -> list[Finding]:
    """PDF/X needs Trapped True or False: for X-4 in the XMP (pdf:Trapped) or the Info
    dictionary, the two agreeing when both say it; for X-1a in the Info dictionary."""
    wanted = document.profile.pdfx
    if not wanted:
        return []
    info = document.facts.info_value("/Trapped")
    info = info.lstrip("/") if info is not None else None
    xmp, _ = _xmp(document)
    in_xmp = xmp.get(PDF, "Trapped") if xmp is not None and wanted.startswith("PDF/X-4") else None
    if in_xmp is not None and info is not None and in_xmp != info:
        return [error("trapped", None, f"Trapped is {info} in the Info dictionary but {in_xmp} in the XMP")]
    value = in_xmp or info
    if value not in ("True", "False"):
        return [error("trapped", None, f"Trapped is {value or 'missing'}; PDF/X needs True or False")]
    return []


@check("document-id")
def document_id(document: Document) -> list[Finding]:
    if document.profile.require_id and not document.facts.has_id:
        return [error("document-id", None, "no document ID in the trailer")]
    return []


@check("encryption")
def encryption(document: Document) -> list[Finding]:
    found = document.facts.encryption
    if found is None:
        return []
    version = f"V{found.version} R{found.revision}" if found.version is not None else "unknown version"
    forbids = f"; it forbids {', '.join(found.permissions)}" if found.permissions else ""
    if not found.opened:
        return [error("encryption", None, f"the file needs a password to open ({found.handler} handler, "
                                          f"{version}): nothing else could be checked; ask for an unprotected "
                                          "file")]
    return [error("encryption", None, f"the file is encrypted ({found.handler} handler, {version}, "
                                      f"{found.method}){forbids}; it was checked with the empty user password, "
                                      "but printers need it unprotected")]


@check("javascript")
def javascript(document: Document) -> list[Finding]:
    facts = document.facts
    findings = []
    if facts.document_javascript:
        findings.append(error("javascript", None, "document-level JavaScript (Names/JavaScript)"))
    for kind in facts.catalog_actions:
        rule = "javascript" if kind == "JavaScript" else "actions"
        findings.append(error(rule, None, f"{kind} action in the document catalog"))
    for page in facts.pages:
        kinds = list(page.actions)
        for annotation in page.annotations:
            if annotation.subtype == "Link":
                kinds += [kind for kind in annotation.actions if kind in ("JavaScript", "Launch")]
            else:
                kinds += [kind for kind in annotation.actions if kind != "URI"]
        for kind in kinds:
            rule = "javascript" if kind == "JavaScript" else "actions"
            findings.append(error(rule, page.number, f"{kind} action"))
    return findings


@check("annotations")
def annotations_in_bleed(document: Document) -> list[Finding]:
    findings = []
    for page in document.facts.pages:
        area = page.bleed or page.trim or page.media
        for annotation in page.annotations:
            if annotation.subtype in ("PrinterMark", "TrapNet", "Popup"):
                continue
            if annotation.subtype == "Link" and document.profile.allow_links:
                continue
            if annotation.rect is None or area is None or not annotation.rect.overlaps(area):
                continue
            if annotation.prints:
                findings.append(error("annotations", page.number, f"a {annotation.subtype} annotation that prints "
                                                                  "lies inside the bleed"))
            else:
                findings.append(warn("annotations", page.number, f"a {annotation.subtype} annotation lies inside "
                                                                 "the bleed (it does not print)"))
    return findings
