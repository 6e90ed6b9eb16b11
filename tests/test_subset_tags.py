"""Font subset tags made from each subset's content (finish/subset_tags.py): read back with
pikepdf from files as reportlab writes them (every subset `AAAAAA+` in invariant mode) and
from two editions of the brochure."""

from __future__ import annotations

import io
import re

import pikepdf
import pytest
from pypdf import PdfReader, PdfWriter
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from brochure.finish.subset_tags import tag_subsets
from brochure.pipeline import Project, build
from tests.conftest import REPOSITORY

LATO = REPOSITORY / "fonts" / "lato" / "Lato-Regular.ttf"


def subsets(pdf: bytes) -> dict[str, bytes]:
    """Every font's BaseFont with its font program, read with pikepdf."""
    found = {}
    with pikepdf.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for _, font in page.obj.Resources.get("/Font", pikepdf.Dictionary()).items():
                descriptor = font.get("/FontDescriptor")
                if descriptor is None:
                    continue  # reportlab's standard Helvetica, listed and not embedded
                assert str(descriptor.FontName) == str(font.BaseFont)  # the descriptor says the same
                found[str(font.BaseFont)[1:]] = bytes(descriptor.FontFile2.read_bytes())
    return found


def rendered(text: str) -> bytes:
    pdfmetrics.registerFont(TTFont("LatoTagTest", str(LATO)))
    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=1)
    canvas.setFont("LatoTagTest", 12)
    canvas.drawString(72, 720, text)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def tagged(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    tag_subsets(writer)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def test_reportlab_alone_tags_every_first_subset_alike():
    """What the finishing mends: two different subsets, one name."""
    one, other = subsets(rendered("Aix été")), subsets(rendered("Aix à Kyōto"))
    assert list(one) == list(other) == ["AAAAAA+Lato-Regular"] and one != other


def test_the_same_subset_gets_the_same_tag_and_different_subsets_differ():
    # reportlab's first subset holds all of ASCII: letters past it make subsets differ
    first, again, other = (subsets(tagged(rendered(text))) for text in ("Aix été", "Aix été", "Aix à Kyōto"))
    (name,), (name_again,), (other_name,) = first, again, other
    assert re.fullmatch(r"[A-Z]{6}\+Lato-Regular", name) and name != "AAAAAA+Lato-Regular"
    assert name == name_again
    assert name != other_name and first[name] != other[other_name]


def test_tagging_twice_changes_nothing():
    once = tagged(rendered("Marseille"))
    assert subsets(tagged(once)) == subsets(once)


@pytest.mark.slow
def test_two_editions_tag_their_different_subsets_differently(tmp_path):
    """The French and the English editions set their text in the same faces with other letters: a
    font's subset has one name wherever its program is the same, and a name never stands for two programs."""
    result = build(Project.at(REPOSITORY, output=tmp_path), editions=("fr", "en"))
    fonts = {name: subsets(output.outputs["print"].read_bytes()) for name, output in result.editions.items()}
    names_by_program: dict[bytes, set[str]] = {}
    for edition_fonts in fonts.values():
        assert not any(name.startswith("AAAAAA+") for name in edition_fonts), edition_fonts
        for name, program in edition_fonts.items():
            names_by_program.setdefault(program, set()).add(name)
    assert all(len(names) == 1 for names in names_by_program.values()), names_by_program
    assert len({name for names in names_by_program.values() for name in names}) == len(names_by_program)
    # a face both editions use with different subsets (which faces differ follows the text set in each)
    by_face = {edition: {name.split("+", 1)[1]: (name, program) for name, program in edition_fonts.items()}
               for edition, edition_fonts in fonts.items()}
    differing = [face for face in by_face["fr"].keys() & by_face["en"].keys()
                 if by_face["fr"][face][1] != by_face["en"][face][1]]
    assert differing, by_face
    assert all(by_face["fr"][face][0] != by_face["en"][face][0] for face in differing), differing
