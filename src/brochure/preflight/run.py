"""Preflight stage: open a PDF, read its facts once, run every registered check, each
isolated: a check that fails becomes an `internal` finding naming it, and the file
still gets a verdict from the others."""

from __future__ import annotations

from pathlib import Path

from brochure.diagnostics import Severity
from brochure.preflight.checks import Document, all_checks
from brochure.preflight.profiles import Profile
from brochure.preflight.reader import UnreadablePdf, read_document, scan
from brochure.preflight.rendering import InkRendering
from brochure.preflight.report import Finding, Report

__all__ = ["UnreadablePdf", "preflight"]


def preflight(path: Path, profile: Profile, extra: list[Finding] | None = None,
              ink: InkRendering | None = None) -> Report:
    """The report on the file at `path`. `ink`: a rendering of it the caller started (the command line
    starts Ghostscript before it loads the rest of preflight); it is closed here either way."""
    try:
        if path.exists() and not path.is_file():
            raise UnreadablePdf(f"{path}: not a PDF file (not a regular file)")
        raw = scan(path)
    except OSError as problem:
        if ink is not None:
            ink.close()
        raise UnreadablePdf(f"{path}: cannot read: {problem.strerror}") from None
    except UnreadablePdf:
        if ink is not None:
            ink.close()
        raise
    if b"%PDF-" not in raw.header or not profile.check_ink:
        if ink is not None:
            ink.close()
            ink = None
        if b"%PDF-" not in raw.header:
            raise UnreadablePdf(f"{path}: not a PDF file (no %PDF- header in its first 1024 bytes)")
    report = Report(str(path), profile.name)
    # Ghostscript renders the first pages on another core while the file is read
    if ink is None and profile.check_ink:
        ink = InkRendering(path)
    try:
        try:
            facts = read_document(path, raw)
        except RecursionError:
            raise UnreadablePdf(f"{path}: cannot be read as a PDF: objects nested too deep") from None
        except UnreadablePdf:
            raise
        except Exception as problem:  # noqa: BLE001 - a reader bug still gives the printer a verdict
            report.add([Finding(Severity.ERROR, "internal", None, f"reading the file failed: "
                                                                   f"{type(problem).__name__}: {problem}")])
            return report
        report.pages = len(facts.pages)
        document = Document(path, facts, profile, ink)
        for name, run_check in all_checks():
            report.checks_run.append(name)
            if facts.encryption is not None and not facts.encryption.opened and name != "encryption":
                continue  # nothing but the encryption can be known
            try:
                report.add(run_check(document))
            except Exception as problem:  # noqa: BLE001 - one check's bug must not hide the others' verdicts
                report.add([Finding(Severity.ERROR, "internal", None, f"the {name} check failed: "
                                                                       f"{type(problem).__name__}: {problem}")])
        report.add(extra or [])
        return report
    finally:
        if ink is not None:
            ink.close()
