"""Preflight checks: small functions over the document's facts, each registered under
the name of what it checks; a check only reads, so the order they run in changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from brochure.diagnostics import Severity
from brochure.preflight.facts import DocumentFacts
from brochure.preflight.profiles import Profile
from brochure.preflight.report import Finding

if TYPE_CHECKING:
    from brochure.preflight.rendering import InkRendering


@dataclass(frozen=True)
class Document:
    """What every check may read: the file, its facts, the profile."""

    path: Path
    facts: DocumentFacts
    profile: Profile
    ink: InkRendering | None = None  # a rendering already under way, when the caller started one


Check = Callable[[Document], list[Finding]]
REGISTRY: list[tuple[str, Check]] = []


def check(name: str) -> Callable[[Check], Check]:
    def register(function: Check) -> Check:
        REGISTRY.append((name, function))
        return function
    return register


def error(rule: str, page: int | None, detail: str, at: tuple[float, float] | None = None) -> Finding:
    return Finding(Severity.ERROR, rule, page, detail, at)


def warn(rule: str, page: int | None, detail: str, at: tuple[float, float] | None = None) -> Finding:
    return Finding(Severity.WARNING, rule, page, detail, at)


def measured(rule: str, page: int | None, detail: str, at: tuple[float, float] | None = None) -> Finding:
    """A measured value shown on PASS too (highest ink, lowest ppi, fonts, separations)."""
    return Finding(Severity.INFO, rule, page, detail, at)


def all_checks() -> list[tuple[str, Check]]:
    # importing the modules registers their checks
    from brochure.preflight.checks import (  # noqa: F401
        boxes,
        colour,
        fonts,
        images,
        ink,
        production,
        reading,
        structure,
    )
    return list(REGISTRY)
