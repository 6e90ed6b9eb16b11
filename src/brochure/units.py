"""Units: lengths in PDF points, parsed from strings such as "3mm" or "9.5pt"."""

from __future__ import annotations

import re
from dataclasses import dataclass

POINTS_PER_UNIT = {
    "pt": 1.0,
    "mm": 72.0 / 25.4,
    "cm": 72.0 / 2.54,
    "in": 72.0,
}

_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(pt|mm|cm|in)\s*$")


def mm(value: float) -> float:
    """Millimetres to points."""
    return value * POINTS_PER_UNIT["mm"]


def parse_length(text: str | int | float) -> float:
    """Parse "3mm", "9.5pt", "1in" into points; a bare number is points.

    Raises ValueError with a message fit for a user when the text is not a length.
    """
    if isinstance(text, bool):  # a user's `true` where a length belongs: a value error, reported as such
        raise ValueError(  # noqa: TRY004
            f"expected a length such as '3mm' or '9pt', got {text!r}")
    if isinstance(text, (int, float)):
        return float(text)
    match = _LENGTH.match(str(text))
    if not match:
        raise ValueError(f"expected a length such as '3mm' or '9pt', got {text!r}")
    number, unit = match.groups()
    return float(number) * POINTS_PER_UNIT[unit]


@dataclass(frozen=True)
class Rect:
    """An axis-aligned rectangle in points, origin at the bottom left."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    def overlaps(self, other: Rect, clearance: float = 0.0) -> bool:
        """Whether the two overlap, or come closer than `clearance`."""
        return (self.x < other.right + clearance and other.x < self.right + clearance
                and self.y < other.top + clearance and other.y < self.top + clearance)

    def inside(self, other: Rect) -> bool:
        return (self.x >= other.x - 1e-9 and self.y >= other.y - 1e-9
                and self.right <= other.right + 1e-9 and self.top <= other.top + 1e-9)

    def nearest_point(self, point: tuple[float, float]) -> tuple[float, float]:
        """The point of the rectangle nearest to `point` (itself when inside)."""
        return (min(max(point[0], self.x), self.right), min(max(point[1], self.y), self.top))

    def inset(self, left: float, bottom: float, right: float, top: float) -> Rect:
        return Rect(self.x + left, self.y + bottom,
                    self.width - (left + right), self.height - (bottom + top))

    def outset(self, amount: float) -> Rect:
        return Rect(self.x - amount, self.y - amount,
                    self.width + 2 * amount, self.height + 2 * amount)

    def as_box(self) -> tuple[float, float, float, float]:
        """The (x0, y0, x1, y1) form that PDF page boxes use."""
        return (self.x, self.y, self.right, self.top)
