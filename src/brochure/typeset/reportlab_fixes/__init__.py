"""Typeset stage: the corrections reportlab 5.1 needs, split by concern (line breaking,
shaping, ToUnicode), each a named `Fix` checked against the installed reportlab and
applied once by `apply()` before any text is measured, and nowhere else."""

from __future__ import annotations

from functools import cache

from reportlab import rl_config

from brochure.typeset.reportlab_fixes.line_breaking import (
    AUTHORS_HYPHENS_KEPT,
    CJK_JUSTIFIED_BETWEEN_CHARACTERS,
    ELIDED_WORDS_HYPHENATE,
    NO_BREAK_SPACES_ARE_NOT_BREAKS,
)
from brochure.typeset.reportlab_fixes.patching import Fix, Patch, ReportlabChanged, apply_fix
from brochure.typeset.reportlab_fixes.shaping import SHAPED_WORDS_FROM_PLAIN_TEXT
from brochure.typeset.reportlab_fixes.text_drawing import SHAPED_TEXT_IN_ONE_PASS
from brochure.typeset.reportlab_fixes.tounicode import LIGATURES_READ_AS_LETTERS, NO_BREAK_SPACE_KEEPS_ITS_CODE

# page streams compressed only, not also ASCII85-armoured (a quarter larger, slower)
PLAIN_COMPRESSED_STREAMS = Fix(
    "plain-compressed-streams",
    "reportlab armours compressed streams in ASCII85 by default: a quarter larger and slower.",
    lambda: [Patch(rl_config, "useA85", 0, int)])

FIXES: tuple[Fix, ...] = (
    NO_BREAK_SPACES_ARE_NOT_BREAKS,
    ELIDED_WORDS_HYPHENATE,
    SHAPED_WORDS_FROM_PLAIN_TEXT,
    LIGATURES_READ_AS_LETTERS,
    NO_BREAK_SPACE_KEEPS_ITS_CODE,
    PLAIN_COMPRESSED_STREAMS,
    CJK_JUSTIFIED_BETWEEN_CHARACTERS,
    AUTHORS_HYPHENS_KEPT,
    SHAPED_TEXT_IN_ONE_PASS,
)


@cache
def apply() -> None:
    """Apply every fix, once per process; raises ReportlabChanged if reportlab moved."""
    for fix in FIXES:
        apply_fix(fix)


__all__ = ["FIXES", "Fix", "ReportlabChanged", "apply"]
