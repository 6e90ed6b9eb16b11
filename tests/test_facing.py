"""Layout: the facing-columns flowables split level and keep headings with their text."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from brochure.errors import OversetError
from brochure.fonts import register_families
from brochure.layout.flowables import FacingRow, Panel, RowGroup
from brochure.model.design import FontFace, FontFamily
from brochure.typeset import reportlab_fixes
from tests.conftest import REPOSITORY

LONG_FR = " ".join(["Le territoire d’Aix-Marseille se caractérise à la fois par des centres de recherche."] * 8)
LONG_EN = " ".join(["The territory of Aix-Marseille is characterised by research centres."] * 5)


@pytest.fixture(scope="module")
def body() -> ParagraphStyle:
    reportlab_fixes.apply()
    families = register_families((FontFamily("Lato", FontFace("fonts/lato/Lato-Regular.ttf")),), REPOSITORY, "test")
    return ParagraphStyle("body", fontName=families["Lato"].face_name(False, False), fontSize=10,
                          leading=12, allowWidows=0, allowOrphans=0, shaping=1)


def row(body, french=LONG_FR, english=LONG_EN, splittable=True) -> FacingRow:
    return FacingRow([Paragraph(french, body), Paragraph(english, body)], ["fr", "en"], 20, "unit",
                     splittable=splittable)


def test_both_columns_split_at_the_same_height(body):
    pair = row(body)
    _, height = pair.wrap(400, 1000)
    first, rest = pair.split(400, 60)
    assert first.wrap(400, 60)[1] <= 60
    # each column continues in the second part when it had more than fits
    assert all(cell is not None for cell in first.cells)
    assert first.wrap(400, 60)[1] + rest.wrap(400, 1000)[1] >= height - 1e-6


def test_a_column_that_fits_is_not_continued(body):
    pair = row(body, english="Short text in English.")
    _first, rest = pair.split(400, 60)
    assert rest.cells[1] is None and rest.cells[0] is not None


def test_no_split_that_would_leave_a_single_line(body):
    pair = row(body)
    pair.wrap(400, 1000)
    assert pair.split(400, 13) == []  # one line only: an orphan, so the pair moves on whole


def test_a_heading_is_never_left_alone_at_the_foot(body):
    heading = row(body, "TITRE", "TITLE", splittable=False)
    group = RowGroup([heading, row(body)])
    assert group.split(400, 20) == []          # room for the heading only
    first, _rest = group.split(400, 60)         # room for the heading and some lines
    assert isinstance(first, RowGroup) and first.rows[0] is heading


def test_overset_panel_names_itself_and_the_words_that_do_not_fit(body):
    panel = Panel([row(body, splittable=False)], "partner city 'x'", max_height=30)
    with pytest.raises(OversetError) as caught:
        panel.wrap(400, 1000)
    assert "partner city 'x' does not fit its frame" in str(caught.value)
