"""Errors: one hierarchy for everything a user can mend, each with a place and a hint."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)  # slots: every text of the content carries one
class Location:
    """Where a problem is: a file, and when known a line, a column and a key path."""

    file: str
    line: int | None = None
    column: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        text = self.file
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class BrochureError(Exception):
    """A problem in the user's input or environment: reported in one line, exit code 2."""

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f" (hint: {self.hint})"
        return text


class ContentError(BrochureError):
    """The content files are malformed or incomplete."""


class DesignError(BrochureError):
    """The layout files are malformed or inconsistent."""


class FontError(BrochureError):
    """A font is missing, unreadable or lacks a glyph the text needs."""


class OversetError(BrochureError):
    """Text does not fit a fixed frame."""


class OutputError(BrochureError):
    """The output cannot be written."""


class ErrorList(BrochureError):
    """Several problems found in one pass, reported together."""

    def __init__(self, errors: list[BrochureError]):
        unique = list({str(error): error for error in errors}.values())  # one line per problem
        super().__init__(f"{len(unique)} problems")
        self.errors = unique

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)
