"""Typeset stage: how a correction of reportlab is applied, checked against the
reportlab it meets before anything is changed."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import reportlab


class ReportlabChanged(RuntimeError):
    """The reportlab installed is not the one a fix was written for: stop at start-up
    rather than leave a fix silently undone or misapplied."""


@dataclass(frozen=True)
class Patch:
    """Replace `owner.attribute` (a module global or a class attribute) by `replacement`.

    `expects` describes what the original must be: for a function, its signature as
    `inspect.signature` prints it; for a value, its type. A reportlab release that
    renamed or reshaped the target makes `apply_patch` raise instead of patching.
    """

    owner: object
    attribute: str
    replacement: object
    expects: str | type

    @property
    def target(self) -> str:
        name = getattr(self.owner, "__qualname__", None) or getattr(self.owner, "__name__", repr(self.owner))
        return f"{name}.{self.attribute}"


@dataclass(frozen=True)
class Fix:
    """One correction: a name (tests refer to it), why it exists, and how it is made."""

    name: str
    why: str
    patches: Callable[[], list[Patch]]  # built when applied: some replacements read reportlab's state


def check_patch(patch: Patch) -> None:
    """Raise ReportlabChanged unless the target exists and looks as `expects` says."""
    where = f"reportlab {reportlab.Version}: {patch.target}"
    if not hasattr(patch.owner, patch.attribute):
        raise ReportlabChanged(f"{where} no longer exists; review src/brochure/typeset/reportlab_fixes/")
    original = getattr(patch.owner, patch.attribute)
    if isinstance(patch.expects, type):
        if not isinstance(original, patch.expects):
            raise ReportlabChanged(f"{where} is a {type(original).__name__}, expected a "
                                   f"{patch.expects.__name__}; review src/brochure/typeset/reportlab_fixes/")
        return
    signature = str(inspect.signature(original)) if callable(original) else None
    if signature != patch.expects:
        raise ReportlabChanged(f"{where} has signature {signature}, expected {patch.expects}; "
                               "review src/brochure/typeset/reportlab_fixes/")


def apply_fix(fix: Fix) -> None:
    """Check every target of a fix first, then change them: never half a fix."""
    patches = fix.patches()
    for patch in patches:
        check_patch(patch)
    for patch in patches:
        setattr(patch.owner, patch.attribute, patch.replacement)
