"""Typeset stage: display text set a little tighter so that its last line keeps two words (issue 23).

A balanced heading, title or lead whose last line would still hold one word alone, because no
break of it keeps two words there (a name too long to share the line: `de Saint-Jean-de-Luz` after
`partenaires` in a 20 pt title), may be set with tighter letters, then smaller, within the limits
its style declares (`fit_tracking`, `fit_size`), as a typesetter does by hand. The least change
that works is taken, and each paragraph so set is reported with what was changed; one that
still ends with a word alone is reported too. The texts a title faces in the other language
columns (its translations, in the same style) are set alike, so the row reads as one level.
Pure: the paragraph tries the settings (paragraph.py), the facing row matches them (layout/flowables.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

TRACKING_STEP = 0.01   # letters tightened a hundredth of the em at a time
SIZE_STEP = 0.01       # then the size reduced a hundredth at a time

_WORD_SPACES = re.compile(r"[ \u00a0]+")
_LETTER_OR_DIGIT = re.compile(r"\w")


@dataclass(frozen=True)
class Fit:
    """The size and tracking a display paragraph was set at, and its style's."""

    size: float            # points
    style_size: float
    tracking: float        # a share of the em
    style_tracking: float
    facing: bool = False   # set as the paragraph of its style it faces was (a facing row's titles alike)

    def describe(self) -> str:
        """What was changed and why, e.g. `set at 18 pt (90% of 20 pt), letters tightened by
        0.03 em so that its last line is not one word alone`."""
        changes = []
        if self.size != self.style_size:
            changes.append(f"set at {self.size:g} pt ({self.size / self.style_size:.0%} of {self.style_size:g} pt)")
        if self.tracking != self.style_tracking:
            changes.append(f"letters tightened by {self.style_tracking - self.tracking:.2f} em")
        why = "as the text it faces, so that the two read alike" if self.facing else \
            "so that its last line is not one word alone"
        return ", ".join(changes) + " " + why


def trials(size: float, tracking: float, fit_size: float, fit_tracking: float) -> Iterator[Fit]:
    """The settings to try, the least change first: tighter letters at the style's size, then each
    smaller size, its letters as loose as will do."""
    sizes = round(fit_size / SIZE_STEP + 1e-9)
    trackings = round(fit_tracking / TRACKING_STEP + 1e-9)
    for size_step in range(sizes + 1):
        for tracking_step in range(trackings + 1):
            if size_step or tracking_step:
                yield Fit(round(size * (1 - size_step * SIZE_STEP), 2), size,
                          round(tracking - tracking_step * TRACKING_STEP, 4), tracking)


def words_on(line: str) -> int:
    """The words a line shows: runs between word spaces (U+0020, U+00A0) that hold a letter or a
    digit. A number's narrow no-break space (`24 000`) parts no words, nor does a mark set off by
    a space (`villes :`)."""
    return sum(1 for token in _WORD_SPACES.split(line) if _LETTER_OR_DIGIT.search(token))


def ends_with_lone_word(lines: Sequence[str]) -> bool:
    """Whether the last of several lines holds one word alone."""
    return len(lines) >= 2 and words_on(lines[-1]) < 2
