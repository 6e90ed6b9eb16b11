"""Preflight checks: small functions, each registered under the rules it reports."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

from brochure.preflight.facts import PageFacts
from brochure.preflight.profiles import Profile
from brochure.preflight.report import Finding


@dataclass
class Document:
    """What every check may read: the file, its parsed form, the page facts, the profile."""

    path: Path
    data: bytes
    reader: PdfReader
    pages: list[PageFacts]
    profile: Profile
    ink: object | None = None  # an InkRendering already under way, when the caller started one


Check = Callable[[Document], list[Finding]]
REGISTRY: list[tuple[str, Check]] = []


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        REGISTRY.append((name, function))
        return function
    return register


def error(rule: str, page: int | None, detail: str) -> Finding:
    return Finding("ERROR", rule, page, detail)


def warn(rule: str, page: int | None, detail: str) -> Finding:
    return Finding("WARN", rule, page, detail)


def all_checks() -> list[tuple[str, Check]]:
    # importing the modules registers their checks
    from brochure.preflight.checks import boxes, colour, fonts, images, ink, production, structure  # noqa: F401
    return list(REGISTRY)
