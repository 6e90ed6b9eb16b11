"""Write what a build made: files replaced atomically, a print file failing preflight set aside."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.diagnostics import DiagnosticSink
from brochure.errors import OutputError
from brochure.finish.formats import FORMATS
from brochure.model.design import Design
from brochure.pipeline.project import Project

if TYPE_CHECKING:  # imported when used: `brochure preflight` and drafts need not load it
    from brochure.preflight.report import Report



def write_atomically(path: Path, data: bytes) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as error:
        raise OutputError(f"cannot write to {path.parent}: {error.strerror}",
                          hint="check the folder exists and is writable, or pass --output") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; give it the usual mode
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror}") from None


def output_path(project: Project, design: Design, format_name: str) -> Path:
    return project.output / f"{design.name}{FORMATS[format_name].suffix}.pdf"


class PreflightFailed(Exception):
    """The print PDF has preflight errors: it was kept aside, the previous output stands."""

    def __init__(self, report: Report, rejected: Path):
        super().__init__(report.summary())
        self.report = report
        self.rejected = rejected


def write_report(project: Project, design: Design, report: Report | None, diagnostics: DiagnosticSink,
                 prefix: str) -> None:
    if report is None:
        return
    write_atomically(project.output / f"{design.name}.preflight.json", report.as_json().encode("utf-8"))
    for finding in report.warnings:
        diagnostics.warn("preflight", prefix + (f"page {finding.page}" if finding.page else "document"),
                         f"{finding.rule}: {finding.detail}")


def write_outputs(project: Project, design: Design, formats: tuple[str, ...], files: dict[str, bytes],
                  report: Report | None) -> dict[str, Path]:
    """Write each format asked for; a print file failing preflight is kept aside instead."""
    outputs = {}
    for name in formats:
        outputs[name] = output_path(project, design, name)
        if name == "print" and report is not None and not report.passed:
            rejected = outputs[name].with_suffix(".rejected.pdf")
            write_atomically(rejected, files[name])
            raise PreflightFailed(report, rejected)
        write_atomically(outputs[name], files[name])
        if name == "print":  # a file set aside by an earlier failed build is stale now
            outputs[name].with_suffix(".rejected.pdf").unlink(missing_ok=True)
    return outputs

