"""Typeset stage: content text to reportlab paragraph markup; the text is always escaped."""

from __future__ import annotations

from xml.sax.saxutils import escape


def escape_text(text: str) -> str:
    """Content is text, never markup: & < > appear literally in the PDF."""
    return escape(text)


def cmyk_markup(cyan: float, magenta: float, yellow: float, black: float) -> str:
    """A colour for paragraph markup that stays CMYK (a hex colour would be RGB)."""
    return f"cmyk({cyan:g},{magenta:g},{yellow:g},{black:g})"


def font_run(text: str, font_name: str | None = None, colour: str | None = None) -> str:
    """Escaped text in another font and colour (see cmyk_markup), inside a paragraph."""
    attributes = ""
    if font_name:
        attributes += f' face="{font_name}"'
    if colour:
        attributes += f' color="{colour}"'
    return f"<font{attributes}>{escape_text(text)}</font>" if attributes else escape_text(text)
