"""Kept preflight reports (preflight/kept_reports.py): a build that writes the same print file again
takes the report kept for it; another file, profile file or Ghostscript is checked anew; a damaged
or foreign kept report is read as none."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import brochure.pipeline.edition as edition
from brochure.diagnostics import Severity
from brochure.pipeline import build
from brochure.preflight import kept_reports
from brochure.preflight.report import Finding, Report
from tests.test_laid_on_disk import EDITED, FIRST, brochure_with


@pytest.fixture
def checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The print files preflight checked (not taken from the cache), in this test's own cache."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    files: list[bytes] = []
    preflight_now = edition._preflight_now

    def counting(pdf: bytes, *arguments: object) -> Report:
        files.append(pdf)
        return preflight_now(pdf, *arguments)  # type: ignore[arg-type]
    monkeypatch.setattr(edition, "_preflight_now", counting)
    return files


def built(folder: Path, fr: str = FIRST) -> str:
    build(brochure_with(folder, fr))
    return next((folder / "output").glob("*.preflight.json")).read_text(encoding="utf-8")


def test_the_same_print_file_again_takes_its_kept_report(tmp_path, checked):
    first = built(tmp_path / "brochure")
    again = built(tmp_path / "brochure")
    assert len(checked) == 1
    assert again == first and json.loads(again)["pages"] > 0


def test_another_file_is_checked_anew(tmp_path, checked):
    built(tmp_path / "brochure")
    built(tmp_path / "brochure", fr=EDITED)
    assert len(checked) == 2 and checked[0] != checked[1]


def test_another_profile_file_or_ghostscript_names_another_report(tmp_path, monkeypatch):
    profiles = tmp_path / "preflight.yaml"
    key = kept_reports.report_key(b"%PDF-", "pdfx4", profiles, 4)
    profiles.write_text("profiles: {}\n", encoding="utf-8")
    with_file = kept_reports.report_key(b"%PDF-", "pdfx4", profiles, 4)
    assert len({key, with_file, kept_reports.report_key(b"%PDF-", "pdfx4", profiles, 8),
                kept_reports.report_key(b"%PDF-", "other", profiles, 4),
                kept_reports.report_key(b"%PDF-1", "pdfx4", profiles, 4)}) == 5
    ghostscript = tmp_path / "gs"  # another Ghostscript than the machine's (or than none)
    ghostscript.write_bytes(b"#!/bin/sh\n")
    monkeypatch.setattr(kept_reports.shutil, "which", lambda name: str(ghostscript))
    other = kept_reports.report_key(b"%PDF-", "pdfx4", profiles, 4)
    assert other != with_file
    ghostscript.write_bytes(b"#!/bin/sh\nexit 0\n")  # the same path, another file (an upgrade)
    assert kept_reports.report_key(b"%PDF-", "pdfx4", profiles, 4) not in (other, with_file)


def test_a_kept_report_reads_back_as_it_was_and_a_damaged_one_as_none(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    report = Report("x.pdf", "pdfx4", 16, [Finding(Severity.WARNING, "ink-coverage", 3, "302 % total ink", (1.5, 2))],
                    [Finding(Severity.INFO, "fonts-embedded", None, "4 fonts")], ["ink", "fonts"])
    kept_reports.keep_report("k", report)
    assert kept_reports.read_report("k") == report
    path = tmp_path / "brochure" / "preflight" / "k.report"
    for damaged in (b"{", b'{"format": 1}', path.read_bytes().replace(b'"WARN"', b'"LOUD"'),
                    path.read_bytes().replace(b"16", b"NaN", 1)):
        path.write_bytes(damaged)
        assert kept_reports.read_report("k") is None


@pytest.mark.parametrize("finding", [
    Finding(Severity.WARNING, "ink-coverage", None, "not checked: Ghostscript failed: No space left on device"),
    Finding(Severity.WARNING, "ink-coverage", None, "not checked: Ghostscript took more than 10 minutes on pages 1-4"),
    Finding(Severity.ERROR, "internal", 2, "reading the page failed: ValueError: …"),
])
def test_a_report_whose_check_failed_this_time_is_not_kept(tmp_path, monkeypatch, finding):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    kept_reports.keep_report("k", Report("x.pdf", "pdfx4", 2, [finding], [], ["ink"]))
    assert kept_reports.read_report("k") is None
    # a report that says Ghostscript is not installed is kept (its absence is in the key)
    missing = Finding(Severity.WARNING, "ink-coverage", None, "not checked: Ghostscript (gs) is not installed")
    kept_reports.keep_report("k", Report("x.pdf", "pdfx4", 2, [missing], [], ["ink"]))
    assert kept_reports.read_report("k") is not None


def test_the_code_a_kept_file_is_named_by_is_read_file_by_file():
    from brochure.user_cache import code_digest

    preflight = code_digest("preflight")
    assert preflight is not None and len(preflight) == 64
    assert len({preflight, code_digest("preflight", "units.py"), code_digest("typeset")}) == 3
    assert code_digest("no-such-module.py") is None  # unreadable: nothing is kept
