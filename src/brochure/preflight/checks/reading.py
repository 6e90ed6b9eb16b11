"""Preflight check that reports what reading the file found: malformed content,
loops, our resource limits, structure qpdf had to repair."""

from __future__ import annotations

from brochure.diagnostics import Severity
from brochure.preflight.checks import Document, check, warn
from brochure.preflight.report import Finding


@check("reading")
def reading(document: Document) -> list[Finding]:
    facts = document.facts
    findings = [Finding(Severity(problem.severity), problem.rule, None, problem.detail) for problem in facts.problems]
    for page in facts.pages:
        findings += [Finding(Severity(problem.severity), problem.rule, page.number, problem.detail)
                     for problem in page.problems]
    if facts.repairs:
        shown = "; ".join(facts.repairs[:3]) + (" …" if len(facts.repairs) > 3 else "")
        findings.append(warn("structure", None, f"damaged, read after repair: {shown}"))
    if not facts.pages and (facts.encryption is None or facts.encryption.opened):
        findings.append(Finding(Severity.ERROR, "page-count", None, "the document has no pages"))
    return findings
