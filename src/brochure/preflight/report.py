"""Preflight stage: findings and the report, as text lines or JSON."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Finding:
    severity: str        # "ERROR" or "WARN"
    rule: str            # e.g. "fonts-embedded"
    page: int | None     # 1-based, None for the whole document
    detail: str

    def line(self) -> str:
        where = f"page {self.page}" if self.page is not None else "document"
        return f"{self.severity} {self.rule} {where}: {self.detail}"


@dataclass
class Report:
    file: str
    profile: str
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)
    checks_run: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "ERROR"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "WARN"]

    @property
    def passed(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        return (f"{verdict}: {self.file}: {len(self.errors)} errors, {len(self.warnings)} warnings, "
                f"{self.pages} pages, profile {self.profile}")

    def text(self) -> str:
        ordered = sorted(self.findings, key=lambda f: (f.severity != "ERROR", f.page or 0, f.rule))
        return "\n".join([finding.line() for finding in ordered] + [self.summary()]) + "\n"

    def as_json(self) -> str:
        return json.dumps({
            "file": self.file, "profile": self.profile, "pages": self.pages,
            "passed": self.passed, "errors": len(self.errors), "warnings": len(self.warnings),
            "checks": self.checks_run,
            "findings": [asdict(finding) for finding in self.findings],
        }, ensure_ascii=False, indent=2) + "\n"
