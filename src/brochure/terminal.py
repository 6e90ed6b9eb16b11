"""Shared: text from files we did not write (PDFs, XLIFF, PO) shown without its control
characters acting on the terminal.

A PDF's output condition or a PO `msgctxt` may hold ESC sequences that clear the screen and print
a forged "PASS", a carriage return that overwrites a line, or a bidirectional override that
reorders what is read. Every line the command line prints goes through `printable`: control
characters are shown as Python writes them (`\\x1b`), line breaks and tabs are kept.
"""

from __future__ import annotations

import re

# C0 but tab and line feed, DEL and C1; the bidirectional embeddings, overrides and isolates
CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: str) -> str:
    """`text` with its control characters written out (ESC -> `\\x1b`, CR -> `\\r`)."""
    escaped = CONTROLS.sub(_escaped, text)
    return escaped.replace("\\x0d", "\\r")
