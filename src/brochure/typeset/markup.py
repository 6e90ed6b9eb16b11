"""Typeset stage: content text to reportlab paragraph markup; the text is always escaped."""

from __future__ import annotations

from html import escape


def escape_text(text: str) -> str:
    """Content is text, never markup: & < > appear literally in the PDF. (html.escape rather than
    xml.sax.saxutils.escape, the same for these three, whose module imports urllib and the HTTP
    client into every build.)"""
    return escape(text, quote=False)


def font_run(text: str, font_name: str | None = None, colour: str | None = None) -> str:
    """Escaped text in another font and colour (StyleBook.colour_markup), inside a paragraph."""
    attributes = ""
    if font_name:
        attributes += f' face="{font_name}"'
    if colour:
        attributes += f' color="{colour}"'
    return f"<font{attributes}>{escape_text(text)}</font>" if attributes else escape_text(text)


def font_markup(markup: str, font_name: str, colour: str | None = None) -> str:
    """Paragraph markup (already escaped) set in another font and colour."""
    colour_attribute = f' color="{colour}"' if colour else ""
    return f'<font face="{font_name}"{colour_attribute}>{markup}</font>'


def link(markup: str, href: str) -> str:
    """Paragraph markup made a link (screen edition only: print files carry no links)."""
    return f'<a href="{escape(href, quote=False).replace(chr(34), "&quot;")}">{markup}</a>'
