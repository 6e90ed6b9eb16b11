"""Test helpers: text read back from a PDF with its position, as a printer's tools would."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdf


@dataclass(frozen=True)
class Line:
    page: int      # 1-based
    x: float       # start of the text, media-box points
    y: float       # baseline, media-box points
    text: str


def text_lines(pdf: Path | bytes) -> list[Line]:
    """Every shown text run with its page and position, in content-stream order."""
    reader = pypdf.PdfReader(pdf if isinstance(pdf, Path) else __import__("io").BytesIO(pdf))
    lines: list[Line] = []
    for number, page in enumerate(reader.pages, start=1):
        def visit(text, cm, tm, font, size, number=number):
            if text.strip():
                x = cm[0] * tm[4] + cm[2] * tm[5] + cm[4]
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                lines.append(Line(number, x, y, text))
        page.extract_text(visitor_text=visit)
    return lines


def squash(text: str) -> str:
    """Text reduced to its letters and signs, so that line breaks, hyphenation and
    the kind of space used do not matter when comparing content with the PDF."""
    return re.sub(r"[\s\u00a0\u202f\u00ad\-‐]+", "", text)


def column_stream(lines: list[Line], left: float, right: float) -> str:
    """The text of every run starting between `left` and `right`, pages in order."""
    return "".join(line.text for line in lines if left <= line.x < right)
