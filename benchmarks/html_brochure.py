"""Benchmarks: the same brochure as HTML + CSS, for WeasyPrint to set (benchmarks/weasyprint_compare.py).

Made from the brochure's loaded model (content and layout of one edition), so that WeasyPrint
does the work a typesetter does on the same text: the page size with its bleed and slug, crop
marks, margins per page side and template, the same font files (@font-face), each style's
face, size, leading, colour, alignment and spacing, hyphenation by language with the layout's
limits, justified text, the two languages side by side (one two-cell row per text unit, as our
facing rows), headings kept with what follows, lists with their marks, the key-figures panel,
the partner-city cards, images, the QR code, bands and backgrounds, the running footer with
its folio (page margin boxes).

Left out, or only approximated, because CSS has no equivalent or it would make this file a
second layout engine:
- maps: a box of the partners map's height and land colour stands where the map block is (so
  that the pages fill alike); the cover and back-cover graphics and the closing map (drawn
  when there is room) are not drawn at all;
- blank pages padding the booklet to a multiple of four, and the cards' `per_page` limit
  (four to a page): WeasyPrint puts five cards on a page where they fit, so its PDF can have
  fewer pages than ours; `new_page: auto` never breaks (ours breaks when less than a third
  of the page is free);
- the line breaker: WeasyPrint breaks lines first-fit, ours breaks each paragraph as a whole
  (total fit) within the style's word-space limits, spaces letters of loose lines and reports
  them; CSS has no limit on consecutive hyphenated lines;
- a spacing at the top of a page is kept (ours drops it); the folio is set in the footer's
  face, not in the folio style's bold;
- the page line printed in the slug, links, PDF bookmarks and our PDF/X's XMP metadata.
"""

from __future__ import annotations

import argparse
import html
import re
import string
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import segno

from brochure.layout.geometry import band_rect, page_margins
from brochure.layout.running_heads import running_title
from brochure.model.content import (
    Brochure,
    Card,
    Cards,
    Heading,
    ImageBlock,
    KeyFigures,
    Language,
    ListBlock,
    MapBlock,
    Note,
    Paragraph,
    Quote,
    Section,
    Text,
)
from brochure.model.design import PRINTABLE_TYPES, CmykColour, Design, PageTemplate, TextStyle
from brochure.pipeline import Project, load_project
from brochure.typeset.locale_rules import apply_rules, bind_phrases
from brochure.typeset.numbers import format_integer
from brochure.typeset.values import format_value

FACE_CSS = {"regular": ("400", "normal"), "bold": ("700", "normal"),
            "italic": ("400", "italic"), "bold_italic": ("700", "italic")}


def pt(value: float) -> str:
    return f"{value:.2f}pt"


def css_name(name: str) -> str:
    return re.sub(r"[^a-z0-9-]", "-", name.lower())


def cmyk(colour: CmykColour) -> str:
    return f"device-cmyk({colour.cyan:g} {colour.magenta:g} {colour.yellow:g} {colour.black:g})"


class HtmlBrochure:
    """One edition of a brochure as an HTML document with its stylesheet."""

    def __init__(self, brochure: Brochure, design: Design, root: Path):
        self.brochure, self.design, self.root = brochure, design, root
        self.languages = [brochure.language(code) for code in design.columns]
        phrases = sorted(brochure.unbreakable, key=len, reverse=True)
        self.unbreakable = re.compile("|".join(re.escape(html.escape(bind_phrases(p, brochure.unbreakable)))
                                               for p in phrases)) if phrases else None

    # -- text -----------------------------------------------------------------------------

    def text(self, raw: str, language: Language) -> str:
        """A string as the pipeline prepares it (locale rules, phrases bound), escaped; words
        never hyphenated in a span that says so."""
        typeset = bind_phrases(apply_rules(raw, self.design.typography_of(language.code)), self.brochure.unbreakable)
        escaped = html.escape(typeset)
        if self.unbreakable is not None:
            escaped = self.unbreakable.sub(lambda match: f'<span class="keep">{match.group(0)}</span>', escaped)
        return escaped

    def paragraph(self, text: Text | str, style: str, language: Language, prefix: str = "", tag: str = "p") -> str:
        raw = text if isinstance(text, str) else text.get(language.code)
        return (f'<{tag} class="s-{css_name(style)}" lang="{language.locale.replace("_", "-")}">'
                f"{prefix}{self.text(raw, language)}</{tag}>")

    @staticmethod
    def row(cells: list[str], keep: bool = False, whole: bool = False) -> str:
        """Cells side by side, one per language: a table row, which WeasyPrint splits across pages
        (unless `whole`), kept with the next row when `keep` (a title, a heading)."""
        classes = " ".join(name for name in ("row", "keep" if keep else "", "whole" if whole else "") if name)
        return f'<div class="{classes}">' + "".join(f'<div class="cell">{cell}</div>' for cell in cells) + "</div>"

    def text_row(self, text: Text, style: str, keep: bool = False, whole: bool = False, tag: str = "p") -> str:
        return self.row([self.paragraph(text, style, language, tag=tag) for language in self.languages],
                        keep=keep, whole=whole)

    # -- blocks ---------------------------------------------------------------------------

    def section(self, section: Section) -> Iterator[str]:
        if section.title is not None:
            yield self.text_row(section.title, "section-title", keep=True, whole=True, tag="h1")
        for block in section.blocks:
            yield from self.block(block)

    def block(self, block: object) -> Iterator[str]:
        if isinstance(block, Paragraph):
            yield self.paragraph_row(block)
        elif isinstance(block, Heading):
            yield self.text_row(block.text, "heading", keep=True, whole=True, tag="h2")
        elif isinstance(block, ListBlock):
            for number, item in enumerate(block.items, start=1):
                yield self.list_item(item, f"{number}." if block.numbered else None)
        elif isinstance(block, Quote):
            quoted = Text(tuple((code, f"\"{value}\"") for code, value in block.text.values))
            yield self.text_row(quoted, "quote", whole=True, tag="blockquote")
        elif isinstance(block, Note):
            yield self.text_row(block.text, "note")
        elif isinstance(block, KeyFigures):
            yield self.key_figures(block)
        elif isinstance(block, Cards):
            card_list = self.brochure.card_list(block.list)
            yield from (self.card(card, card_list.kind) for card in card_list.cards)
        elif isinstance(block, ImageBlock):
            yield self.image_block(block)
        elif isinstance(block, MapBlock):
            style = self.design.map_style(block.style)
            land = f"background: {cmyk(self.design.colour(style.land))};" if style.land else ""
            yield (f'<div class="map" style="height: {pt(style.height)}; margin: {pt(style.space_before)} 0 '
                   f'{pt(style.space_after)}; {land}"></div>')
            if block.caption is not None:
                yield self.text_row(block.caption, "map-caption", whole=True)

    def paragraph_row(self, block: Paragraph) -> str:
        style = block.style or "body"
        cells = []
        for language in self.languages:
            prefix = ""
            if block.lead is not None:
                prefix = f'<span class="s-run-in">{self.text(block.lead.get(language.code), language)}</span> '
            cells.append(self.paragraph(block.text, style, language, prefix))
        return self.row(cells)

    def list_item(self, item: Text, number: str | None) -> str:
        mark = html.escape(number or self.design.style("list-item").bullet or "•")
        return self.row([self.paragraph(item, "list-item", language, f'<span class="mark">{mark}</span>')
                         for language in self.languages])

    def key_figures(self, block: KeyFigures) -> str:
        rows = [self.text_row(block.title, "figures-title", whole=True)] if block.title is not None else []
        for figure in block.items:
            cells = []
            for language in self.languages:
                value = figure.value.get(language.code)
                if figure.number is not None:
                    value = value.format(number=format_integer(figure.number, language.locale, language.digits))
                cells.append(self.paragraph(value, "figure-value", language)
                             + self.paragraph(figure.label, "figure-label", language))
            rows.append(self.row(cells, whole=True))
        return self.panel("key-figures", rows)

    def card(self, card: Card, kind_name: str) -> str:
        kind = self.design.card_kind(kind_name)
        cells = []
        for language in self.languages:
            values = {f.name: format_value(value, f.type, language.code, language.locale, language.digits)
                      for f in kind.fields if f.type in PRINTABLE_TYPES and (value := card.get(f.name)) is not None}
            lines = []
            for line in kind.lines:
                template = line.show if line.show is not None else self.brochure.label(line.label or "").get(
                    language.code)
                names = [name for _, name, _, _ in string.Formatter().parse(template) if name]
                if all(name in values for name in names):  # a line naming an optional field the card lacks: left out
                    lines.append(self.paragraph(template.format(**values), line.style, language))
            cells.append("".join(lines))
        image = card.get(kind.image_field) if kind.image_field else None
        picture = [self.picture(image, kind.box)] if isinstance(image, str) else []
        return self.panel(kind.box, [*picture, self.row(cells, whole=True)])

    def image_block(self, block: ImageBlock) -> str:
        rows = [self.picture(block.path, "image")]
        if block.caption is not None:
            rows.append(self.text_row(block.caption, "caption", whole=True))
        return self.panel("image", rows)

    def picture(self, relative: str, box_name: str) -> str:
        box = self.design.box(box_name)
        return (f'<img src="{(self.root / relative).as_uri()}" alt="" style="display: block; width: 100%; '
                f'height: {pt(box.image_height)}; object-fit: cover; margin-bottom: {pt(box.padding)}">')

    def panel(self, box_name: str, rows: list[str]) -> str:
        box = self.design.box(box_name)
        css = [f"padding: {pt(box.padding)}", f"margin: {pt(box.space_before)} 0 {pt(box.space_after)}"]
        if box.background:
            css.append(f"background: {cmyk(self.design.colour(box.background))}")
        if box.rule:
            css.append(f"border-top: {pt(box.rule_width)} solid {cmyk(self.design.colour(box.rule))}")
        # a panel is never split across pages (as ours)
        return f'<div class="panel" style="{"; ".join(css)}">' + "".join(rows) + "</div>"

    # -- covers ---------------------------------------------------------------------------

    def stacked(self, text: Text, style: str) -> list[str]:
        names = {s.name for s in self.design.styles}
        return [self.paragraph(text, style if index == 0 or f"{style}-2" not in names else f"{style}-2", language)
                for index, language in enumerate(self.languages)]

    def each_language(self, text: Text, style: str) -> list[str]:
        seen: set[str] = set()
        paragraphs = []
        for language in self.languages:
            if (value := text.get(language.code)) not in seen:
                seen.add(value)
                paragraphs.append(self.paragraph(text, style, language))
        return paragraphs

    def cover(self) -> list[str]:
        brochure = self.brochure
        items = self.stacked(brochure.title, "cover-title")
        for text, style in ((brochure.subtitle, "cover-subtitle"), (brochure.publisher, "cover-publisher")):
            if text is not None:
                items += self.each_language(text, style)
        return items

    def back_cover(self) -> list[str]:
        contact = self.brochure.contact
        if contact is None:
            return []
        items = self.stacked(contact.department, "back-department")
        beside_qr = {"website": contact.website, "vcard": contact.website, "email": contact.email}.get(contact.qr or "")
        codes = self.design.columns
        for line in (Text.same(contact.email, codes), Text.same(contact.phone, codes), *contact.address,
                     Text.same(contact.website, codes)):
            if line.get(codes[0]) != beside_qr:
                items += self.each_language(line, "back-contact")
        if contact.qr is not None:  # a vCard's code is made of the website here
            email = contact.qr == "email"
            code = segno.make(f"mailto:{contact.email}" if email else contact.website_url, error="m")
            size, gap = pt(self.design.qr.size), pt(self.design.qr.gap)
            picture = (f'<img src="{code.svg_data_uri(border=4, light="white")}" alt="" '
                       f'style="width: {size}; height: {size}; margin-right: {gap}">')
            shown = self.paragraph(contact.email if email else contact.website, "qr-text", self.languages[0])
            items.append(f'<div class="qr">{picture}{shown}</div>')
        return items

    # -- the document ---------------------------------------------------------------------

    def document(self) -> str:
        body = []
        template = ""
        for position, item in enumerate(self.design.sequence):
            breaking = "page" if position and item.new_page and not item.auto_page else "auto"
            # a change of named page is a page break in CSS: a section that may stay on the page keeps its template
            template = item.template if breaking == "page" or not template else template
            attributes = f'class="page-{css_name(template)}" style="break-before: {breaking}"'
            if item.kind == "cover":
                parts = self.cover()
            elif item.kind == "back_cover":
                parts = self.back_cover()
            elif item.section is not None:
                parts = list(self.section(self.brochure.section(item.section)))
            else:
                continue
            body.append(f"<section {attributes}>\n" + "\n".join(parts) + "\n</section>")
        first = self.languages[0].locale.replace("_", "-")
        title = html.escape(" / ".join(self.brochure.title.get(code) for code in self.design.columns))
        return (f'<!DOCTYPE html>\n<html lang="{first}">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
                f"<style>\n{self.stylesheet()}\n</style>\n</head>\n<body>\n" + "\n".join(body) + "\n</body>\n</html>\n")

    # -- the stylesheet -------------------------------------------------------------------

    def stylesheet(self) -> str:
        design = self.design
        rules = list(self.font_faces())
        intent = design.printing.output_intent
        if intent is not None:  # device-cmyk colours are meant for it; the PDF's output intent embeds it, as ours
            rules.append(f'@color-profile device-cmyk {{ src: url("{(self.root / intent.profile).as_uri()}"); '
                         "components: cyan, magenta, yellow, black; }")
        rules += list(self.page_rules())
        hyphenation = design.hyphenation
        kerning = "normal" if design.shaping.kerning else "none"
        ligatures = "normal" if design.shaping.ligatures else "none"
        limits = f"{hyphenation.min_word_length} {hyphenation.min_before} {hyphenation.min_after}"
        rules += [
            f"html {{ font-kerning: {kerning}; font-variant-ligatures: {ligatures}; }}",
            "body { margin: 0; }",
            f"* {{ hyphenate-limit-chars: {limits}; }}",
            # a facing row: a table of one row, so that WeasyPrint splits it across pages as ours does
            "div.row { display: table; table-layout: fixed; width: 100%; border-spacing: 0; }",
            "div.row > div.cell { display: table-cell; vertical-align: top; }",
            f"div.row > div.cell + div.cell {{ padding-left: {pt(design.page.gutter)}; }}",
            "div.keep { break-after: avoid; }",
            "div.whole, div.panel { break-inside: avoid; }",
            "span.keep { hyphens: manual; white-space: nowrap; }",  # never hyphenated nor broken, as ours
            "div.qr { display: flex; align-items: center; }",
        ]
        for style in design.styles:
            rules.append(self.style_rule(style))
        return "\n".join(rules)

    def font_faces(self) -> Iterator[str]:
        for family in self.design.fonts:
            for face, spec in family.face_specs():
                weight, slant = FACE_CSS[face]
                url = (self.root / spec.file).as_uri()
                yield (f'@font-face {{ font-family: "{family.name}"; src: url("{url}"); '
                       f"font-weight: {weight}; font-style: {slant}; }}")

    def font_stack(self, name: str) -> str:
        """The family, then its fallbacks in order, as the pipeline falls back for missing glyphs."""
        families = {family.name: family for family in self.design.fonts}
        chain: list[str] = []
        while name in families and name not in chain:
            chain.append(name)
            name = families[name].fallback or ""
        return ", ".join(f'"{family}"' for family in chain)

    def style_rule(self, style: TextStyle) -> str:
        css = [f"font-family: {self.font_stack(style.font)}", f"font-size: {pt(style.size)}",
               f"line-height: {pt(style.leading)}", f"color: {cmyk(self.design.colour(style.colour))}",
               f"text-align: {style.align}", f"font-weight: {700 if style.bold else 400}",
               f"font-style: {'italic' if style.italic else 'normal'}",
               f"hyphens: {'auto' if style.hyphenate else 'manual'}"]
        if style.uppercase:
            css.append("text-transform: uppercase")
        if style.features:
            css.append("font-feature-settings: " + ", ".join(f'"{f.tag}" {int(f.on)}' for f in style.features))
        # a row is as tall as its taller cell, spacing included, as our facing rows
        css.append(f"margin: {pt(style.space_before)} 0 {pt(style.space_after)}")
        name = css_name(style.name)
        rules = [f".s-{name} {{ {'; '.join(css)}; }}"]
        if style.left_indent or style.bullet is not None:
            indent = style.left_indent
            rules.append(f".s-{name} {{ padding-left: {pt(indent)}; text-indent: {pt(style.first_indent - indent)}; }}")
            mark_colour = cmyk(self.design.colour(style.bullet_colour or style.colour))
            rules.append(f".s-{name} span.mark {{ display: inline-block; width: {pt(indent)}; text-indent: 0; "
                         f"color: {mark_colour}; }}")
        elif style.first_indent:
            rules.append(f".s-{name} {{ text-indent: {pt(style.first_indent)}; }}")
        return "\n".join(rules)

    def page_rules(self) -> Iterator[str]:
        page = self.design.page
        footer = self.design.style("footer")
        title = running_title(self.brochure, self.design).replace("\\", "\\\\").replace('"', '\\"')
        # the bleed of the CSS page is our bleed and slug: the same media box, crop marks in the slug
        yield (f"@page {{ size: {pt(page.trim_width)} {pt(page.trim_height)}; bleed: {pt(page.bleed + page.slug)}; "
               "marks: crop cross; }")
        for template in self.design.templates:
            name = css_name(template.name)
            yield f"section.page-{name} {{ page: {name}; }}"
            margins = page_margins(page, template)
            inner, outer, top, bottom = margins.inner, margins.outer, margins.top, margins.bottom
            for side, left, right in (("right", inner, outer), ("left", outer, inner)):
                background = self.page_background(template, side == "right", left, top)
                boxes = ""
                if template.running_footer or template.folio:
                    text = " ".join(part for part in (
                        f'"{title}"' if template.running_footer else "",
                        '"\\a0\\a0\\a0"' if template.running_footer and template.folio else "",
                        "counter(page)" if template.folio else "") if part)
                    if side == "left" and template.running_footer and template.folio:
                        text = f'counter(page) "\\a0\\a0\\a0" "{title}"'
                    box = "bottom-right" if side == "right" else "bottom-left"
                    boxes = (f" @{box} {{ content: {text}; font-family: {self.font_stack(footer.font)}; "
                             f"font-size: {pt(footer.size)}; color: {cmyk(self.design.colour(footer.colour))}; "
                             f"vertical-align: bottom; padding-bottom: {pt(bottom * 0.45 - footer.size * 0.2)}; "
                             f"text-align: {side}; width: 100%; }}")
                yield (f"@page {name}:{side} {{ margin: {pt(top)} {pt(right)} {pt(bottom)} {pt(left)}; "
                       f"{background}{boxes} }}")

    def page_background(self, template: PageTemplate, recto: bool, margin_left: float, margin_top: float) -> str:
        """The template's background and bands, into the bleed, as one SVG of the media box's
        size (WeasyPrint's gradients take no device-cmyk; its SVG fills do)."""
        page = self.design.page
        rects = []
        if template.background:
            rects.append((page.bleed_box, template.background))
        rects += [(band_rect(page, band.edge, band.size, recto), band.colour) for band in template.bands]
        if not rects:
            return ""
        width, height = page.media_width, page.media_height
        shapes = "".join(f'<rect x="{rect.x:.2f}" y="{height - rect.top:.2f}" width="{rect.width:.2f}" '
                         f'height="{rect.height:.2f}" fill="{cmyk(self.design.colour(colour))}"/>'
                         for rect, colour in rects)
        svg = (f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.2f}pt" height="{height:.2f}pt" '
               f'viewBox="0 0 {width:.2f} {height:.2f}">{shapes}</svg>')
        # WeasyPrint positions a page's background in its page area (inside the margins) and paints
        # it to the bleed edge: the image is moved to the media box's corner
        outside = page.bleed + page.slug
        return (f'background: url("data:image/svg+xml,{quote(svg)}") no-repeat; background-size: {pt(width)} '
                f"{pt(height)}; background-position: {pt(-outside - margin_left)} {pt(-outside - margin_top)}; ")

def brochure_html(folder: Path, edition: str = "fr-en") -> str:
    """The HTML document of one edition of the brochure in `folder`."""
    project = Project.at(folder)
    brochure, design = load_project(project)
    edition_design = design.for_edition(design.edition_named(edition))
    return HtmlBrochure(brochure, edition_design, project.root).document()


def main() -> int:
    parser = argparse.ArgumentParser(description="Write one edition of a brochure as HTML + CSS for WeasyPrint.")
    parser.add_argument("folder", type=Path, help="the brochure folder")
    parser.add_argument("output", type=Path, help="the HTML file to write")
    parser.add_argument("--edition", default="fr-en")
    arguments = parser.parse_args()
    arguments.output.write_text(brochure_html(arguments.folder, arguments.edition), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
