"""Preflight stage: open a PDF, read its facts once, run every registered check."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader
from pypdf.errors import PdfReadError

from brochure.errors import BrochureError
from brochure.preflight.checks import Document, all_checks
from brochure.preflight.facts import read_facts
from brochure.preflight.profiles import Profile
from brochure.preflight.report import Finding, Report


class UnreadablePdf(BrochureError):
    """The file cannot be read as a PDF (preflight exit code 2)."""


def preflight(path: Path, profile: Profile, extra: list[Finding] | None = None) -> Report:
    try:
        data = path.read_bytes()
    except OSError as problem:
        raise UnreadablePdf(f"{path}: cannot read: {problem.strerror}") from None
    if not data.startswith(b"%PDF-") and b"%PDF-" not in data[:1024]:
        raise UnreadablePdf(f"{path}: not a PDF file")
    report = Report(str(path), profile.name)
    from brochure.preflight.checks.ink import InkRendering

    ink = InkRendering(path)  # Ghostscript renders on another core while we read the file
    try:
        return _checked(path, data, profile, report, ink, extra)
    finally:
        ink.close()


def _checked(path: Path, data: bytes, profile: Profile, report: Report, ink, extra) -> Report:
    try:
        reader = PdfReader(path)
        if reader.is_encrypted and reader.decrypt("") == 0:
            # a password is needed even to read it: nothing else can be checked
            report.findings.append(Finding("ERROR", "encryption", None, "the file is encrypted with a password"))
            return report
        pages = read_facts(reader)
    except (PdfReadError, ValueError, KeyError, TypeError) as problem:
        raise UnreadablePdf(f"{path}: cannot be read as a PDF: {problem}") from None
    report.pages = len(pages)
    document = Document(path, data, reader, pages, profile, ink)
    for name, run_check in all_checks():
        report.checks_run.append(name)
        report.findings.extend(run_check(document))
    report.findings.extend(extra or [])
    return report
