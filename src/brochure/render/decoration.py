"""Render stage: what a page template draws under the text: backgrounds, bands, footer, folio."""

from __future__ import annotations

from dataclasses import dataclass, field

from reportlab.pdfgen.canvas import Canvas

from brochure.cartography.scene import Scene
from brochure.images import Fitting, ImageAssets
from brochure.layout.flowables import draw_cropped
from brochure.layout.geometry import band_rect, is_recto, page_margins, text_frame
from brochure.layout.map_blocks import map_paint, map_places
from brochure.layout.running_heads import page_line, running_title
from brochure.layout.world_map import MapPaint, draw_scene, map_scene
from brochure.model.content import Brochure
from brochure.model.design import Design, Marks, PageGeometry, PageTemplate, TemplateImage
from brochure.render.marks import draw_marks
from brochure.typeset.coverage import GlyphCheck
from brochure.typeset.markup import escape_text
from brochure.typeset.paragraph import TypesetParagraph
from brochure.typeset.styles import StyleBook
from brochure.units import Rect


def graphic_box(page: PageGeometry, template: PageTemplate, recto: bool) -> Rect:
    """The bleed box less the template's bands: where a cover graphic is drawn."""
    box = page.bleed_box
    for band in template.bands:
        rect = band_rect(page, band.edge, band.size, recto)
        if rect.width >= box.width - 1e-6:  # a band across the page: top or bottom
            if rect.y <= box.y + 1e-6:
                box = Rect(box.x, rect.top, box.width, box.top - rect.top)
            else:
                box = Rect(box.x, box.y, box.width, rect.y - box.y)
        elif rect.x <= box.x + 1e-6:  # a band down the left edge
            box = Rect(rect.right, box.y, box.right - rect.right, box.height)
        else:
            box = Rect(box.x, box.y, rect.x - box.x, box.height)
    return box


@dataclass(frozen=True)
class PageDecorator:
    design: Design
    brochure: Brochure
    styles: StyleBook
    marks: Marks | None = None  # printer's marks in the slug (print edition)
    images: ImageAssets | None = None  # template images and logos, prepared for the edition
    glyphs: GlyphCheck | None = None  # sets characters the footer face lacks in its fallback
    # per template and page side: the scene, its paint, its labels and where it goes
    _graphics: dict[str, tuple[Scene, MapPaint, list[str], Rect]] = field(default_factory=dict, compare=False)

    def __call__(self, canvas: Canvas, template: PageTemplate) -> None:
        page_number = canvas.getPageNumber()
        recto = is_recto(page_number)
        page = self.design.page
        canvas.saveState()
        if template.background:
            canvas.setFillColor(self.styles.colour(template.background))
            bleed = page.bleed_box
            canvas.rect(bleed.x, bleed.y, bleed.width, bleed.height, stroke=0, fill=1)
        if template.image is not None and self.images is not None:
            self._image(canvas, template.image, template, recto)
        if template.graphic is not None:
            self._graphic(canvas, template, recto)
        for band in template.bands:
            rect = band_rect(page, band.edge, band.size, recto)
            canvas.setFillColor(self.styles.colour(band.colour))
            canvas.rect(rect.x, rect.y, rect.width, rect.height, stroke=0, fill=1)
        if template.logo is not None and self.images is not None:
            self._logo(canvas, template.logo, template, recto)
        if template.running_footer or template.folio:
            self._footer(canvas, template, page_number, recto)
        canvas.restoreState()
        if self.marks is not None:
            first = self.brochure.language(self.design.columns[0])
            info = page_line(self.design, page_number, template.name)
            draw_marks(canvas, page, self.marks, info,
                       self.styles.paragraph_style("footer", first).fontName)

    def section_bands(self, canvas: Canvas, template: PageTemplate, section_template: PageTemplate) -> None:
        """Drawn as the page ends, over the template's bands: each band on an edge where the template of
        the last section opening on this page has one, in that section's colour (running_heads.SectionOpenings)."""
        recto = is_recto(canvas.getPageNumber())
        colours = {band.edge: band.colour for band in section_template.bands}
        canvas.saveState()
        for band in template.bands:
            colour = colours.get(band.edge)
            if colour is None or colour == band.colour:
                continue
            rect = band_rect(self.design.page, band.edge, band.size, recto)
            canvas.setFillColor(self.styles.colour(colour))
            canvas.rect(rect.x, rect.y, rect.width, rect.height, stroke=0, fill=1)
        canvas.restoreState()

    def _image(self, canvas: Canvas, image: TemplateImage, template: PageTemplate, recto: bool) -> None:
        """A photograph filling the page to the bleed edge, or the text frame; cropped, never distorted."""
        page = self.design.page
        area = page.bleed_box if image.fit == "bleed" else text_frame(page, template, recto)
        where = image.location
        assert self.images is not None
        prepared = self.images.prepare(image.path, Fitting(area.width, area.height), where)
        draw_cropped(canvas, prepared.drawable, prepared.width_px, prepared.height_px,
                     area.x, area.y, area.width, area.height, prepared.xobject_name)

    def _logo(self, canvas: Canvas, logo: TemplateImage, template: PageTemplate, recto: bool) -> None:
        """A logo at its height, its width following, at the foot of the text frame's outer side."""
        page = self.design.page
        frame = text_frame(page, template, recto)
        where = logo.location
        assert self.images is not None
        # at most the page's width at its height: resampled for the size it is drawn at
        prepared = self.images.prepare(logo.path, Fitting(page.trim_width, logo.height, "contain"), where)
        width = logo.height * prepared.width_px / prepared.height_px
        x = frame.right - width if recto else frame.x
        bottom = page.trim_box.y + (frame.y - page.trim_box.y - logo.height) / 2
        draw_cropped(canvas, prepared.drawable, prepared.width_px, prepared.height_px, x, bottom, width, logo.height,
                     prepared.xobject_name)
    def _graphic(self, canvas: Canvas, template: PageTemplate, recto: bool) -> None:
        """A map made from the content, full-bleed behind the text, between the template's bands."""
        assert template.graphic is not None
        key = f"{template.name}:{recto}"
        if key not in self._graphics:  # made once per template and side, drawn on each of its pages
            style = self.design.map_style(template.graphic)
            language = self.brochure.language(self.design.columns[0])
            paint = map_paint(style, self.styles, language)
            places = map_places(self.brochure, self.design, language.code, style.years)
            box = graphic_box(self.design.page, template, recto)
            scene = map_scene(places, box.width, box.height, style.extent, style.margin, style.mark_size,
                              paint, style.align)
            self._graphics[key] = (scene, paint, [place.label for place in places], box)
        scene, paint, labels, box = self._graphics[key]
        draw_scene(canvas, scene, paint, labels, box.x, box.y)

    def _footer(self, canvas: Canvas, template: PageTemplate, page_number: int, recto: bool) -> None:
        """Folio at the outer edge, running title beside it, on the footer's baseline."""
        page = self.design.page
        margins = page_margins(page, template)
        trim = page.trim_box
        first = self.brochure.language(self.design.columns[0])
        baseline = trim.y + margins.bottom * 0.45
        left = trim.x + (margins.inner if recto else margins.outer)
        width = trim.width - margins.inner - margins.outer
        parts = []
        if template.folio:
            parts.append(escape_text(str(page_number)))
        style = self.styles.paragraph_style("footer", first)
        if template.running_footer:
            title = running_title(self.brochure, self.design)
            parts.append(self.glyphs.markup(title, style.fontName, None) if self.glyphs else escape_text(title))
        folio_style = self.styles.paragraph_style("folio", first)
        if template.folio:
            parts[0] = f'<font face="{folio_style.fontName}">{parts[0]}</font>'
        text = "&nbsp;&nbsp;&nbsp;".join(parts if not recto else reversed(parts))
        alignment = 2 if recto else 0
        # a TypesetParagraph: Arabic or Hebrew titles in the footer read right to left (issue 17)
        # a template's footer_colour (e.g. white over a dark background) replaces the footer style's
        side = style.clone("footer-side", alignment=alignment) if template.footer_colour is None else \
            style.clone("footer-side", alignment=alignment, textColor=self.styles.colour(template.footer_colour))
        paragraph = TypesetParagraph(text, side)
        _, _height = paragraph.wrap(width, 100)
        paragraph.drawOn(canvas, left, baseline)
