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
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            report.findings.append(Finding("ERROR", "encryption", None, "the file is encrypted; printers need it open"))
            if reader.decrypt("") == 0:
                report.pages = len(reader.pages) if not reader.is_encrypted else 0
                return report
        pages = read_facts(reader)
    except (PdfReadError, ValueError, KeyError, TypeError) as problem:
        raise UnreadablePdf(f"{path}: cannot be read as a PDF: {problem}") from None
    report.pages = len(pages)
    document = Document(path, data, reader, pages, profile)
    for name, run_check in all_checks():
        if name == "structure-encryption":
            continue
        report.checks_run.append(name)
        findings = run_check(document)
        if name == "encryption":
            findings = [f for f in findings if not any(r.rule == "encryption" for r in report.findings)]
        report.findings.extend(findings)
    report.findings.extend(extra or [])
    return report
