"""Diagnostics: warnings and notes that stages report without stopping the build."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Diagnostic:
    severity: str  # "warning" or "info"
    stage: str
    where: str
    message: str
    hint: str | None = None

    def __str__(self) -> str:
        text = f"{self.severity}: {self.where}: {self.message}"
        return text + (f" (hint: {self.hint})" if self.hint else "")


@dataclass
class DiagnosticSink:
    """Collects diagnostics from every stage of one build."""

    items: list[Diagnostic] = field(default_factory=list)

    def warn(self, stage: str, where: str, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic("warning", stage, where, message, hint))

    def info(self, stage: str, where: str, message: str, hint: str | None = None) -> None:
        self.items.append(Diagnostic("info", stage, where, message, hint))

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]
