"""A quote keeps its attribution and a note keeps the block it belongs to (issue 24): the
filler before them grows line by line across a page's foot, so that some layouts would have
left the attribution or the note alone at the top of the next page."""

from __future__ import annotations

from brochure.layout.geometry import text_frame
from brochure.pipeline import Project, load_project, render_pdf
from tests.harness import write_brochure

FILLER = ("  - paragraph:\n      fr: Une ligne de texte courante.\n"
          "      en: A running line of text.\n")
QUOTE = ("  - quote:\n      text: {fr: La ville est un livre ouvert., en: The city is an open book.}\n"
         "      by: {fr: Une maire, en: A mayor}\n")
LONG = ("  - paragraph:\n      fr: " + "Une ville ouverte sur le monde, qui accueille des étudiants. " * 4
        + "\n      en: " + "A city open to the world, which welcomes students from many countries. " * 4 + "\n")
NOTE = "  - note: {fr: Source – archives de la ville., en: Source – the city's archives.}\n"


def laid_out(tmp_path, name: str, blocks: str):
    root = write_brochure(tmp_path / name, content={
        "sections/01-intro.yaml": "id: intro\nblocks:\n" + blocks})
    brochure, design = load_project(Project.at(root))
    rendered = render_pdf(brochure, design, root)
    frame_bottom = text_frame(design.page, design.template("page"), True).y
    return rendered.page_map.placed, frame_bottom


def test_a_quote_and_its_attribution_stay_on_one_page(tmp_path):
    would_have_split = 0
    for fillers in range(26, 40):
        placed, frame_bottom = laid_out(tmp_path, f"q{fillers}", FILLER * fillers + QUOTE)
        quote = [p for p in placed if p.unit.endswith(f"quote[{fillers}]")]
        by = [p for p in placed if p.unit.endswith(".by")]
        assert quote and by and {p.page for p in quote} == {p.page for p in by}, fillers
        assert by[0].text.startswith("— ") and min(p.top for p in quote) > max(p.top for p in by)
        before = [p for p in placed if p.page == quote[0].page - 1]
        if before:  # the quote went over: would it alone have fitted above the foot?
            room = min(p.top - p.height for p in before) - frame_bottom
            would_have_split += room >= max(p.height for p in quote) + 4
    assert would_have_split  # some layout left room for the quote but not its attribution


def test_a_note_is_never_alone_at_the_top_of_a_page(tmp_path):
    tail_moved = 0
    for fillers in range(22, 40):
        placed, _ = laid_out(tmp_path, f"n{fillers}", FILLER * fillers + LONG + NOTE)
        note = [p for p in placed if ".note[" in p.unit]
        paragraph = [p for p in placed if f"paragraph[{fillers}]" in p.unit]
        assert note and {p.page for p in note} == {note[0].page}
        # the lines of the paragraph it belongs to go on with it
        assert any(p.page == note[0].page for p in paragraph), fillers
        tail_moved += len({p.page for p in paragraph}) == 2
    assert tail_moved  # some layout split the paragraph and its last lines went on with the note
