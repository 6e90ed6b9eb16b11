"""Balanced flow columns (render/document.py) meet blocks they must set whole: floats waiting for a
column's top, cards carried over from the column before, notes run on under the content."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from pypdf import PdfReader
from reportlab.lib.colors import black
from reportlab.platypus import Frame, Spacer

from brochure.cli import main
from brochure.layout.flowables import RuledLines
from brochure.pipeline import Project, build
from brochure.render.document import BrochureDocument


@pytest.mark.slow
def test_an_image_at_the_column_top_in_two_flow_columns_of_one_language_builds(tmp_path):
    """A one-language edition in two flow columns, its picture placed at a column's top: the cards
    carried over to the next page met a first column balanced short and pushed down by the picture
    (reportlab gave up: "a block is too large for its frame"). The column takes its foot back."""
    folder = tmp_path / "float"
    assert main(["init", str(folder), "--languages", "en", "--trim", "A5"]) == 0
    document = folder / "layout" / "document.yaml"
    document.write_text(document.read_text().replace("  columns: 1", "  columns: 2"))
    partners = folder / "content" / "sections" / "02-partners.yaml"
    text = partners.read_text()
    assert "  - image: images/sample-landscape.png\n" in text
    partners.write_text(text.replace("  - image: images/sample-landscape.png\n",
                                     "  - image: images/sample-landscape.png\n    width: column\n"
                                     "    height: 40mm\n    fit: cover\n    place: top\n"))
    result = build(Project.at(folder), run_preflight=False)
    [edition] = result.editions.values()
    assert result.pages % 4 == 0 and not edition.blank_pages
    text = " ".join(page.extract_text() for page in PdfReader(next((folder / "output").glob("*.pdf"))).pages)
    assert all(city in text for city in ("LISBON", "MONTREAL", "KRAKOW")), text


def _page(columns: int, current: int, room: float) -> SimpleNamespace:
    frames = [Frame(0, 0, 100, 500) for _ in range(columns)]
    frames[current]._y = frames[current]._y1p + room
    return SimpleNamespace(frame=frames[current], pageTemplate=SimpleNamespace(frames=frames))


def test_notes_run_on_in_the_flow_columns_left_on_the_page_never_a_page_more():
    """Notes at the foot of the last page of content have a set of ruled lines per flow column:
    only those left on this page (the current one when a title and two lines fit), else the
    lines went on to a page the binding had not counted (9 pages of a saddle-stitched booklet)."""
    def notes() -> list:
        return [Spacer(1, 10), *(RuledLines(20, black, "notes") for _ in range(2))]

    def ruled(page: SimpleNamespace) -> int:
        return sum(isinstance(item, RuledLines) for item in BrochureDocument._notes_on_this_page(page, notes()))

    assert ruled(_page(2, 0, 300)) == 2   # the first column has room: both columns
    assert ruled(_page(2, 0, 30)) == 1    # no room left in the first: the second column only
    assert ruled(_page(2, 1, 300)) == 1   # in the last column: that one
    assert ruled(_page(2, 1, 10)) == 1    # never none: the run-on rule chose a page with room
    assert ruled(_page(1, 0, 300)) == 1
