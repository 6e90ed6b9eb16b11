"""A column is exactly as wide on a recto as on a verso, so that a paragraph set on both is
broken once (typeset/laid_lines.py keys a paragraph's lines by its measure, to the last bit)."""

from __future__ import annotations

import pytest
from reportlab.platypus import Frame

from brochure.layout.geometry import column_rects, text_frame
from brochure.load.design import load_design
from brochure.render.document import ColumnFrame
from brochure.units import Rect
from tests.conftest import REPOSITORY

A4 = Rect(0.0, 0.0, 595.2755905511812, 841.8897637795276)
INNER, OUTER = 56.69291338582677, 45.35433070866142  # 20 mm, 16 mm


def test_a_text_area_is_as_wide_with_its_margins_swapped():
    recto = A4.inset(INNER, 0.0, OUTER, 0.0)
    verso = A4.inset(OUTER, 0.0, INNER, 0.0)
    assert recto.width == verso.width
    assert A4.width - INNER - OUTER != A4.width - OUTER - INNER  # what summing the margins first avoids


def test_a_column_frame_is_as_wide_wherever_it_stands():
    width = A4.width - (INNER + OUTER)
    # reportlab takes the available width as (x + width) - x: a few units in the last place apart
    assert Frame(INNER, 0, width, 100, leftPadding=0, rightPadding=0)._getAvailableWidth() != \
        Frame(OUTER, 0, width, 100, leftPadding=0, rightPadding=0)._getAvailableWidth()
    assert ColumnFrame(INNER, 0, width, 100, leftPadding=0, rightPadding=0)._getAvailableWidth() == width
    assert ColumnFrame(OUTER, 0, width, 100, leftPadding=0, rightPadding=0)._getAvailableWidth() == width
    assert ColumnFrame(INNER, 0, width, 100)._getAvailableWidth() == \
        ColumnFrame(OUTER, 0, width, 100)._getAvailableWidth()  # with reportlab's 6 pt paddings too


@pytest.mark.parametrize("columns", [1, 2, 3])
def test_the_aix_layouts_columns_are_as_wide_on_both_sides(columns):
    design = load_design(REPOSITORY / "layout", REPOSITORY)
    for template in design.templates:
        widths = {side: [ColumnFrame(rect.x, rect.y, rect.width, rect.height, leftPadding=0,
                                     rightPadding=0)._getAvailableWidth()
                         for rect in column_rects(text_frame(design.page, template, side), columns, design.page.gutter)]
                  for side in (True, False)}
        assert widths[True] == widths[False], template.name
