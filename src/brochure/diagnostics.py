"""Diagnostics: warnings and notes that stages report without stopping the build."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    """How much a finding matters: one vocabulary for the build's diagnostics and the preflight
    report. The values are the report's words (ERROR, WARN, INFO, in its text, JSON and HTML);
    a diagnostic line says `word` (error:, warning:, info:)."""

    ERROR = "ERROR"
    WARNING = "WARN"
    INFO = "INFO"  # a note, or a measured value the report shows on PASS too

    @property
    def word(self) -> str:
        return {"ERROR": "error", "WARN": "warning", "INFO": "info"}[self.value]


@dataclass(frozen=True)
class Diagnostic:
    severity: Severity  # WARNING or INFO: what stops the build is an error raised, not a diagnostic
    stage: str
    where: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.severity.word}: {self.where}: {self.message}"
        return text + (f" (hint: {self.hint})" if self.hint else "")


@dataclass
class DiagnosticSink:
    """Collects diagnostics from every stage of one build."""

    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, stage: str, where: str, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(Severity.WARNING, stage, where, message, hint))

    def info(self, stage: str, where: str, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic(Severity.INFO, stage, where, message, hint))

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == Severity.WARNING]
