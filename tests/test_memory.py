"""Memory: what a build keeps is bounded (issue 16: N=100 peak memory), and sharing never changes what is drawn."""

from __future__ import annotations

from brochure.cartography.scene import MapPlace, compose_scene
from brochure.load.yaml_source import CACHED_TEXT, WATCHED_TEXT, ParsedTrees


def test_small_yaml_trees_are_kept_and_a_large_file_is_parsed_again():
    trees = ParsedTrees()  # a build's budget
    small = "title: a brochure\n"
    assert trees.composed(small) is trees.composed(small)  # kept for `brochure watch`
    large = "cards:\n" + "".join(f"  - id: card-{n}\n" for n in range(CACHED_TEXT // 16))
    assert len(large) > CACHED_TEXT
    first = trees.composed(large)
    assert first is not None and trees.composed(large) is not first  # not held through the build
    assert large not in trees


def test_the_kept_trees_never_exceed_the_budget():
    trees = ParsedTrees()
    texts = [f"n{index}: {'x' * (CACHED_TEXT // 4)}\n" for index in range(8)]
    for text in texts:
        trees.composed(text)
    assert trees.kept_text <= CACHED_TEXT
    assert texts[-1] in trees and texts[0] not in trees  # the oldest go first


def test_a_watch_keeps_a_larger_brochure_parsed(tmp_path):
    from brochure.pipeline import Project
    from brochure.watch.session import WatchSession

    trees = WatchSession(Project.at(tmp_path))._session.trees
    texts = [f"n{index}: {'x' * (CACHED_TEXT // 4)}\n" for index in range(8)]  # twice a build's budget
    composed = [trees.composed(text) for text in texts]
    assert all(trees.composed(text) is tree for text, tree in zip(texts, composed))
    assert CACHED_TEXT < trees.kept_text <= WATCHED_TEXT


def test_places_at_one_point_share_one_arc_and_keep_their_order():
    home = MapPlace("HOME", 5.45, 43.53, home=True)
    granada, oxford = MapPlace("", -3.6, 37.18), MapPlace("", -1.26, 51.75)
    scene = compose_scene([home, granada, oxford, granada, oxford], 300, 200, labels=False)
    alone = compose_scene([home, granada, oxford], 300, 200, labels=False)
    assert len(scene.arcs) == 4
    assert scene.arcs[0] is scene.arcs[2] and scene.arcs[1] is scene.arcs[3]
    assert scene.arcs[:2] == alone.arcs and scene.arcs[0] != scene.arcs[1]


def test_a_paragraph_is_parsed_when_first_measured_and_sets_as_one_parsed_at_once():
    from reportlab.lib.styles import ParagraphStyle

    from brochure.typeset.paragraph import TypesetParagraph, line_infos

    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)
    markup = "Aix-en-Provence and its <b>partner cities</b>, twinned since 1957 &amp; still."
    lazy = TypesetParagraph(markup, style, bulletText="•")
    assert "frags" not in lazy.__dict__  # a story of thousands of paragraphs holds their markup only
    eager = TypesetParagraph(markup, style, bulletText="•", encoding="utf8")  # another argument: parsed at once
    assert "frags" in eager.__dict__
    assert lazy.wrap(120, 500) == eager.wrap(120, 500)
    assert lazy.bulletText == eager.bulletText and lazy.text == eager.text
    assert line_infos(lazy) == line_infos(eager) and len(line_infos(lazy)) > 1


def test_finishing_reads_the_rendered_pdf_without_keeping_its_objects_and_writes_the_same_bytes():
    import io

    from pypdf import PdfReader, PdfWriter
    from reportlab.pdfgen.canvas import Canvas

    from brochure.finish.pdfx import OnePassReader

    buffer = io.BytesIO()
    canvas = Canvas(buffer, invariant=True)
    for number in range(3):
        canvas.drawString(72, 720, f"page {number + 1}")
        canvas.showPage()
    canvas.save()
    written = []
    for reader in (PdfReader(io.BytesIO(buffer.getvalue())), OnePassReader(io.BytesIO(buffer.getvalue()))):
        output = io.BytesIO()
        PdfWriter(clone_from=reader).write(output)
        written.append(output.getvalue())
        kept = len(reader.resolved_objects)
    assert kept == 0  # the one-pass reader: nothing parsed is kept
    assert written[0] == written[1]


def test_kept_line_breaks_are_packed_and_read_back_as_they_were():
    from brochure.typeset.total_fit import _PackedPieces, _Piece

    pieces = [_Piece(0, 0, 16, False), None, _Piece(1, 0, 5, True), _Piece(1, 5, 5, True, is_break=True),
              None, _Piece(70_000, 3, 1_000, False)]
    packed = _PackedPieces.pack(pieces)
    assert isinstance(packed, _PackedPieces) and len(packed) == len(pieces)
    assert [packed[index] for index in range(len(pieces))] == pieces
    assert packed[1:4] == pieces[1:4] and packed[4:] == pieces[4:]
    huge = [_Piece(0, 0, _PackedPieces.SPAN, False)]
    assert _PackedPieces.pack(huge) is huge  # a word past the packed range stays as it was


def test_the_line_break_cache_forgets_its_oldest_entries_first():
    from brochure.typeset.total_fit import _remember

    cache: dict[int, int] = {}
    for number in range(10):
        _remember(cache, number, number, 4)
    assert list(cache) == [6, 7, 8, 9]
    _remember(cache, 10, 10, 0)  # no cache at all
    assert 10 not in cache
