"""Preflight stage: findings and the printer's report: grouped by rule with the pages
listed, measured values shown on PASS too, as text, JSON or a self-contained HTML page."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field

from brochure.diagnostics import Severity
from brochure.terminal import printable


@dataclass(frozen=True)
class Finding:
    severity: Severity   # ERROR, WARNING, or INFO for a measured value
    rule: str            # e.g. "fonts-embedded"
    page: int | None     # 1-based, None for the whole document
    detail: str
    at: tuple[float, float] | None = None   # where on the page, in PDF points, when known

    def as_dict(self) -> dict[str, object]:
        shown = asdict(self)
        if self.at is None:
            del shown["at"]
        else:
            shown["at"] = [round(self.at[0], 2), round(self.at[1], 2)]
        return shown

    def line(self) -> str:
        where = f"page {self.page}" if self.page is not None else "document"
        return f"{self.severity} {self.rule} {where}: {self.detail}"


def page_ranges(pages: Iterable[int]) -> str:
    """3, 4, 5, 9, 12, 13 → "3–5, 9, 12–13"."""
    ordered = sorted(set(pages))
    runs: list[list[int]] = []
    for page in ordered:
        if runs and page == runs[-1][-1] + 1:
            runs[-1].append(page)
        else:
            runs.append([page])
    return ", ".join(f"{run[0]}–{run[-1]}" if len(run) > 1 else str(run[0]) for run in runs)


def where(pages: list[int], whole_document: bool) -> str:
    if not pages:
        return "document"
    shown = ("page " if len(pages) == 1 else "pages ") + page_ranges(pages)
    return shown + (" and document" if whole_document else "")


def _counted(detail: str, pages: tuple[int, ...]) -> str:
    """The detail, with how many times when it was found more than once on a page."""
    repeats = len(pages) - len(set(pages))
    return f"{detail} ({len(pages)} times)" if repeats else detail


@dataclass(frozen=True)
class Group:
    """One rule's findings of one severity: the pages, and each distinct detail with its pages."""

    severity: str
    rule: str
    pages: tuple[int, ...]
    document: bool                                    # also found for the whole document
    details: tuple[tuple[str, tuple[int, ...], bool], ...]

    def lines(self) -> list[str]:
        details = tuple((_counted(detail, pages), pages, document) for detail, pages, document in self.details)
        head = f"{self.severity} {self.rule}"
        if self.pages or self.severity != Severity.INFO:
            head += f" {where(list(self.pages), self.document and bool(self.pages))}"
        if len(details) == 1:
            return [f"{head}: {details[0][0]}"]
        return [f"{head}:"] + [f"  {where(list(pages), document and bool(pages))}: {detail}"
                               for detail, pages, document in details]

    def as_dict(self) -> dict[str, object]:
        return {"severity": self.severity, "rule": self.rule, "pages": list(self.pages),
                "where": where(list(self.pages), self.document and bool(self.pages)),
                "details": [{"detail": detail, "pages": list(pages), "document": document}
                            for detail, pages, document in self.details]}


def group(findings: list[Finding]) -> list[Group]:
    """Findings by severity (errors first) and rule, details in the order first seen."""
    order = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
    keyed: dict[tuple[str, str], dict[str, tuple[list[int], list[bool]]]] = {}
    for finding in sorted(findings, key=lambda f: (order.get(f.severity, 3), f.rule, f.page or 0)):
        details = keyed.setdefault((finding.severity, finding.rule), {})
        pages, document = details.setdefault(finding.detail, ([], []))
        if finding.page is None:
            document.append(True)
        else:
            pages.append(finding.page)
    groups = []
    for (severity, rule), details in keyed.items():
        all_pages = sorted({page for pages, _ in details.values() for page in pages})
        groups.append(Group(severity, rule, tuple(all_pages), any(doc for _, doc in details.values()),
                            tuple((detail, tuple(pages), bool(doc)) for detail, (pages, doc) in details.items())))
    return groups


@dataclass
class Report:
    file: str
    profile: str
    pages: int = 0
    findings: list[Finding] = field(default_factory=list)       # errors and warnings
    measurements: list[Finding] = field(default_factory=list)   # measured values (INFO)
    checks_run: list[str] = field(default_factory=list)

    def add(self, findings: Iterable[Finding]) -> None:
        for finding in findings:
            (self.measurements if finding.severity == Severity.INFO else self.findings).append(finding)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == Severity.WARNING]

    @property
    def internal(self) -> list[Finding]:
        return [f for f in self.findings if f.rule == "internal"]

    @property
    def passed(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        verdict = "PASS" if self.passed else "FAIL"
        rules = len({finding.rule for finding in self.errors})
        in_rules = f" in {rules} rule{'s' if rules > 1 else ''}" if rules else ""
        return (f"{verdict}: {self.file}: {len(self.errors)} errors{in_rules}, {len(self.warnings)} warnings, "
                f"{self.pages} pages, profile {self.profile}")

    def text(self) -> str:
        lines = [line for found in group(self.findings) for line in found.lines()]
        if self.measurements:
            lines.append("measured:")
            lines += [f"  {line}" for found in group(self.measurements)
                      for line in found.lines()]
        lines = [line.replace("INFO ", "", 1) if line.startswith(("  INFO ", "INFO ")) else line for line in lines]
        # the PDF's own strings (output condition, fonts' names) cannot act on a terminal
        return "\n".join(printable(line) for line in lines + [self.summary()]) + "\n"

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file, "profile": self.profile, "pages": self.pages,
            "passed": self.passed, "errors": len(self.errors), "warnings": len(self.warnings),
            "checks": self.checks_run,
            "findings": [finding.as_dict() for finding in self.findings],
            "groups": [found.as_dict() for found in group(self.findings)],
            "measured": [finding.as_dict() for finding in self.measurements],
        }

    def as_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2) + "\n"
