"""Preflight stage: the report on a print file, kept in the user's cache (brochure/preflight) and named
by the file's bytes and by everything else the report depends on: the profile's name, the layout's
preflight.yaml, the page multiple, preflight's code and data, and the tools it runs (Ghostscript,
pikepdf, Pillow, known by their files). A build that writes the same print file again (an edition the
edit did not touch, a rebuild after a change that moved nothing on the page) takes the kept report
instead of checking the file again: 0.32 s of a 1.6 s fr-en build, and Ghostscript's rendering of
every page on the second core. The same bytes checked by the same code and tools give the same
report: the kept one is that report. Imports nothing heavy (the preflight itself is not loaded when
its report is kept)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import shutil
from pathlib import Path
from typing import Any

import brochure
from brochure.diagnostics import Severity
from brochure.load.paths import file_stamp
from brochure.preflight.rendering import FAILED, TIMED_OUT
from brochure.preflight.report import Finding, Report
from brochure.user_cache import cache_folder, code_digest, keep, mark_used, prune, read_kept

FORMAT = 1  # of a kept report: raise it when what it holds changes
MAX_BYTES = 16 * 2 ** 20  # the folder's size, at most (a report: a few kilobytes)
SUFFIX = ".report"
# brochure's code that decides a report besides the preflight package itself
_ALSO_READ = ("diagnostics.py", "errors.py", "terminal.py", "units.py", "load/yaml_source.py")
_TOOL_MODULES = ("pikepdf", "PIL")


def report_key(pdf: bytes, profile: str, profile_file: Path, page_multiple: int) -> str | None:
    """The name of the report on `pdf` checked with the profile named `profile` (from `profile_file`
    when it exists, else preflight's own profiles) for a binding of `page_multiple` pages; None when
    preflight's code cannot be read (a zipped install): then no report is kept."""
    code = code_digest("preflight", *_ALSO_READ)
    if code is None:
        return None
    made_by = (FORMAT, brochure.__version__, code, profile, page_multiple, _tools())
    digest = hashlib.sha256(repr(made_by).encode("utf-8"))
    try:
        digest.update(b"layout\0" + profile_file.read_bytes())
    except FileNotFoundError:
        digest.update(b"no layout profiles\0")
    except OSError:
        return None
    digest.update(b"pdf\0" + hashlib.sha256(pdf).digest())
    return digest.hexdigest()


def _tools() -> tuple[tuple[str, tuple[int, ...] | None] | None, ...]:
    """Ghostscript (its program and its shared library, which a system may update alone) and the
    libraries preflight reads with, each as its real path and its file's stamp (load/paths.file_stamp:
    size, times, inode)."""
    ghostscript = shutil.which("gs")
    files: list[str | None] = [ghostscript, *_ghostscript_libraries(ghostscript)]
    for name in _TOOL_MODULES:
        spec = importlib.util.find_spec(name)
        files.append(spec.origin if spec is not None else None)
    return tuple(_identity(file) for file in files)


def _ghostscript_libraries(program: str | None) -> list[str]:
    """libgs beside the program: in its prefix's lib folder or a multiarch folder under it."""
    if program is None:
        return []
    prefix = Path(os.path.realpath(program)).parent.parent
    return sorted(str(path) for folder in (prefix / "lib", *(prefix / "lib").glob("*-linux-*"))
                  for path in folder.glob("libgs.so*"))


def _identity(file: str | None) -> tuple[str, tuple[int, ...] | None] | None:
    if file is None:
        return None
    real = os.path.realpath(file)
    return real, file_stamp(Path(real))


def read_report(key: str) -> Report | None:
    """The report kept under `key`, or None."""
    path = cache_folder("preflight") / f"{key}{SUFFIX}"
    report = read_kept(path, _decoded)
    if report is not None:
        mark_used(path)
    return report


def keep_report(key: str, report: Report) -> None:
    """Keep `report` under `key`, unless a check could not be made this time (Ghostscript failed or
    timed out, a check met a bug): the next build checks the file again."""
    if any(finding.rule == "internal" or finding.detail.startswith((FAILED, TIMED_OUT))
           for finding in (*report.findings, *report.measurements)):
        return
    folder = cache_folder("preflight")
    kept = {"format": FORMAT, "file": report.file, "profile": report.profile, "pages": report.pages,
            "checks": report.checks_run, "findings": [_encoded(finding) for finding in report.findings],
            "measured": [_encoded(finding) for finding in report.measurements]}
    keep(folder / f"{key}{SUFFIX}", json.dumps(kept, ensure_ascii=False).encode("utf-8"))
    prune(folder, MAX_BYTES, SUFFIX)


def _encoded(finding: Finding) -> list[Any]:
    return [finding.severity.value, finding.rule, finding.page, finding.detail,
            None if finding.at is None else list(finding.at)]


def _decoded(kept: Any) -> Report | None:
    """A report as keep_report writes one; None for anything else."""
    if not isinstance(kept, dict) or kept.get("format") != FORMAT:
        return None
    file, profile, pages, checks = kept.get("file"), kept.get("profile"), kept.get("pages"), kept.get("checks")
    if not (isinstance(file, str) and isinstance(profile, str) and type(pages) is int
            and isinstance(checks, list) and all(isinstance(name, str) for name in checks)):
        return None
    findings, measured = _findings(kept.get("findings")), _findings(kept.get("measured"))
    if findings is None or measured is None:
        return None
    return Report(file, profile, pages, findings, measured, checks)


def _findings(kept: Any) -> list[Finding] | None:
    if not isinstance(kept, list):
        return None
    found = []
    for entry in kept:
        if not (isinstance(entry, list) and len(entry) == 5):
            return None
        severity, rule, page, detail, at = entry
        if severity not in {member.value for member in Severity} or not isinstance(rule, str) \
                or not (page is None or type(page) is int) or not isinstance(detail, str):
            return None
        if at is not None and not (isinstance(at, list) and len(at) == 2
                                   and all(type(value) in (int, float) for value in at)):
            return None
        found.append(Finding(Severity(severity), rule, page, detail, None if at is None else (at[0], at[1])))
    return found
