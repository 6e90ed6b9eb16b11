"""Laid lines (typeset/laid_lines.py): a later layout lays a paragraph its rendering broke before
as it was broken, and what is drawn is byte for byte what breaking it again draws."""

from __future__ import annotations

import io

import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas

from brochure.typeset import laid_lines
from brochure.typeset.caches import TypesetCaches, typesetting
from brochure.typeset.hyphenation import make_hyphenator
from brochure.typeset.laid_lines import lines_laid_kept
from brochure.typeset.paragraph import TypesetParagraph, line_infos
from brochure.typeset.total_fit import break_paragraph
from tests.test_hyphenation import SETTINGS

MARKUP = ("Aix-en-Provence and its <b>partner cities</b> have been twinned since 1957 &amp; still "
          "exchange students, orchestras and <i>ideas</i> every year, in both directions, at length.")


def style(**changes: object) -> ParagraphStyle:
    settings: dict[str, object] = {"fontName": "Helvetica", "fontSize": 10, "leading": 12,
                                   "alignment": TA_JUSTIFY, "textColor": CMYKColor(0, 0, 0, 1)}
    return ParagraphStyle("body", **{**settings, **changes})


def drawn(paragraphs: list[TypesetParagraph], width: float = 150) -> bytes:
    """The page stream of the paragraphs wrapped at `width` and drawn one under the other."""
    canvas = Canvas(io.BytesIO(), pageCompression=0, invariant=1)
    top = 800.0
    for paragraph in paragraphs:
        _, height = paragraph.wrap(width, 1000)
        paragraph.drawOn(canvas, 20, top - height)
        top -= height + 10
    return canvas.getpdfdata()


def test_a_paragraph_broken_again_is_laid_from_the_record_and_draws_the_same():
    with typesetting(TypesetCaches()):
        unrecorded = drawn([TypesetParagraph(MARKUP, style()), TypesetParagraph(MARKUP, style())])
    with typesetting(TypesetCaches()), lines_laid_kept() as laid:
        first, again = TypesetParagraph(MARKUP, style()), TypesetParagraph(MARKUP, style())
        recorded = drawn([first, again])
        assert laid.replayed == 1 and len(laid.records) == 1
    assert recorded == unrecorded
    assert [line.text for line in line_infos(again)] == [line.text for line in line_infos(first)]
    assert again.blPara.lines[0] is not first.blPara.lines[0]  # lines of its own, to draw and split


def test_the_laid_frag_words_carry_the_later_paragraphs_own_frags():
    with typesetting(TypesetCaches()), lines_laid_kept():
        first, again = TypesetParagraph(MARKUP, style()), TypesetParagraph(MARKUP, style())
        first.wrap(150, 1000)
        sources = list(again.frags)  # parsed from its markup
        again.wrap(150, 1000)
    owners = {id(frag) for frag in sources}
    assert all(id(item[0]) in owners for word in again.frags for item in word[1:])
    assert not any(id(item[0]) in owners for word in first.frags for item in word[1:])


@pytest.mark.parametrize("change", [{"width": 140}, {"fontSize": 10.5}, {"textColor": CMYKColor(1, 0, 0, 0)},
                                    {"markup": MARKUP.replace("1957", "1958")}])
def test_a_paragraph_that_differs_in_what_the_breaker_reads_is_broken_again(change):
    change = dict(change)
    width = change.pop("width", 150)
    markup = change.pop("markup", MARKUP)
    with typesetting(TypesetCaches()), lines_laid_kept() as laid:
        drawn([TypesetParagraph(MARKUP, style())])
        other = drawn([TypesetParagraph(markup, style(**change))], width)
        assert laid.replayed == 0
    with typesetting(TypesetCaches()):
        assert other == drawn([TypesetParagraph(markup, style(**change))], width)


def test_no_line_is_kept_past_the_budget():
    with typesetting(TypesetCaches()), lines_laid_kept(budget=1_000) as laid:
        drawn([TypesetParagraph(MARKUP, style()), TypesetParagraph(MARKUP, style())])
        assert not laid.records and laid.replayed == 0 and laid.size == 0


class ReadStyle:
    """A style that notes each attribute read of it."""

    def __init__(self, style: ParagraphStyle, read: set[str]):
        self._style, self._read = style, read

    def __getattr__(self, name: str) -> object:
        self._read.add(name)
        return getattr(self._style, name)


@pytest.mark.parametrize("changes", [{}, {"alignment": TA_LEFT, "balanceLines": True},
                                     {"opticalMargin": True, "letterSpacing": 0.05}])
def test_the_breaker_reads_of_a_style_only_what_the_records_key_holds(changes):
    read: set[str] = set()
    with typesetting(TypesetCaches()):
        hyphenate = make_hyphenator("en_GB", SETTINGS)
        paragraph = TypesetParagraph(MARKUP, style(hyphenationLang=hyphenate, **changes), bulletText="•")
        assert paragraph.frags  # parsed with the style itself
        paragraph.style = ReadStyle(paragraph.style, read)
        assert break_paragraph(paragraph, [150.0, 160.0]) is not None
    assert read and read <= set(laid_lines.BREAKER_STYLE)


def test_values_equal_in_python_but_not_alike_on_the_page_are_keyed_apart():
    from reportlab.lib.abag import ABag

    from brochure.typeset.laid_lines import _fingerprint

    values = [0.0, -0.0, 0, False, None, "", 1, 1.0, True, [], ()]
    keys = [_fingerprint(value, []) for value in values]
    assert len(set(keys)) == len(values)
    bags = [ABag(rise=value, text="x") for value in values]
    assert len({_fingerprint(bag, []) for bag in bags}) == len(values)
    assert _fingerprint(ABag(rise=0, text="x"), []) == _fingerprint(ABag(rise=0, text="x"), [])


def test_a_record_kept_from_build_to_build_starts_again_when_nearly_full():
    """A live process's record (render/reuse.py) is taken by each rebuild; once past FULL_SHARE of
    its budget it starts again empty, so an edited brochure's new paragraphs find room."""
    from brochure.typeset.laid_lines import FULL_SHARE, LaidLines, lines_laid_kept

    kept = LaidLines(1000)
    kept.records["a paragraph"] = None  # type: ignore[assignment]
    kept.size = int(FULL_SHARE * 1000) - 1
    with lines_laid_kept(kept=kept) as laid:
        assert laid is kept and "a paragraph" in laid.records
    kept.size = int(FULL_SHARE * 1000) + 1
    with lines_laid_kept(kept=kept) as laid:
        assert laid is kept and not laid.records and laid.size == 0


def test_words_of_one_frag_join_as_reportlab_joins_them():
    """A line's words of one frag make one frag (as reportlab's sameFrag decides, without asking it);
    a frag that ends in a line break keeps each word apart, as sameFrag keeps it."""
    from reportlab.lib.colors import black
    from reportlab.platypus.paraparser import ParaFrag

    from brochure.typeset.total_fit import _assemble

    for line_break in (False, True):
        frag = ParaFrag(fontName="Helvetica", fontSize=9.5, textColor=black, rise=0, us_lines=[], link=None,
                        backColor=None, nobr=False, text="")
        if line_break:
            frag.lineBreak = True
        words = [[20.0, (frag, "Une")], [25.0, (frag, "ville")], [30.0, (frag, "ouverte")]]
        texts = [piece.text for piece in _assemble(words, [True, True, False])]
        assert texts == (["Une ", "ville ", "ouverte"] if line_break else ["Une ville ouverte"])
    # another frag: alike in what sameFrag compares, it joins; in another font, it does not
    alike = ParaFrag(fontName="Helvetica", fontSize=9.5, textColor=black, rise=0, us_lines=[], link=None,
                     backColor=None, nobr=False, text="")
    bold = alike.clone(fontName="Helvetica-Bold")
    words = [[20.0, (alike, "Une")], [25.0, (alike.clone(), "ville")], [30.0, (bold, "ouverte")]]
    assert [piece.text for piece in _assemble(words, [True, True, False])] == ["Une ville ", "ouverte"]
