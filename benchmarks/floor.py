"""Benchmarks: the floor, a bare reportlab script setting the same text (every text
unit of the content, FR and EN) with the same fonts, shaping and hyphenation, in two
columns on A4. No locale rules, no facing pairs, no PDF/X: what reportlab alone costs.

Run: python benchmarks/floor.py BROCHURE_FOLDER OUTPUT.pdf
"""

from __future__ import annotations

import sys
from pathlib import Path
from xml.sax.saxutils import escape

import pyphen
import yaml
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate, Paragraph


def texts(value, language):
    """Every string of a language in a content file, in order."""
    if isinstance(value, dict):
        if language in value and isinstance(value[language], str):
            yield value[language]
        for key, item in value.items():
            if key != language:
                yield from texts(item, language)
    elif isinstance(value, list):
        for item in value:
            yield from texts(item, language)


def allow_rewrapping() -> None:
    """The one change bare reportlab 5.1 needs to set split paragraphs with shaping at all:
    a paragraph wrapped twice passes ShapedStr to uharfbuzz, which refuses it."""
    from reportlab.pdfbase import ttfonts
    from reportlab.platypus import paragraph

    original = ttfonts.shapeFragWord

    def shape(word, features=None, force=False):
        if isinstance(word, ttfonts.ShapedFragWord):
            return word
        plain = type(word)([word[0]] + [(item[0], str.__str__(item[1])) + tuple(item[2:]) for item in word[1:]])
        return original(plain, **({"features": features} if features else {}), force=force)

    paragraph.shapeFragWord = shape


def main(folder: Path, output: Path) -> int:
    allow_rewrapping()
    fonts = folder / "fonts" / "lato"
    for name in ("Regular", "Bold", "Italic", "Black", "Light"):
        pdfmetrics.registerFont(TTFont(f"Lato-{name}", str(fonts / f"Lato-{name}.ttf")))
    files = [folder / "content" / "brochure.yaml", *sorted((folder / "content" / "sections").glob("*.yaml")),
             folder / "content" / "cards" / "cities.yaml", folder / "content" / "back-cover.yaml"]
    documents = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in files]
    story = []
    for language, locale in (("fr", "fr_FR"), ("en", "en_GB")):
        hyphenate = pyphen.Pyphen(lang=locale, left=2, right=3).iterate
        style = ParagraphStyle(language, fontName="Lato-Regular", fontSize=9.5, leading=13.4, alignment=4,
                               shaping=1, hyphenationLang=hyphenate, spaceAfter=5)
        for document in documents:
            story += [Paragraph(escape(text), style) for text in texts(document, language)]
    width, height = A4
    column = (width - 36 * mm - 9 * mm) / 2
    frames = [Frame(20 * mm, 26 * mm, column, height - 50 * mm, id="left"),
              Frame(20 * mm + column + 9 * mm, 26 * mm, column, height - 50 * mm, id="right")]
    document = BaseDocTemplate(str(output), pagesize=A4, invariant=1,
                               pageTemplates=[PageTemplate("page", frames)])
    document.build(story)
    print(document.page)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1]), Path(sys.argv[2])))
