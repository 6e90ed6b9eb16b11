"""Right-to-left and Japanese editions (issue 17): direction and line breaking per language,
visual order of right-to-left lines, kinsoku, and whole builds of fr-ar and fr-ja read back."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont
from reportlab.pdfgen.canvas import Canvas

from brochure.cli import main as cli_main
from brochure.load.typography import shipped_typography
from brochure.pipeline import Project, build
from brochure.typeset import reportlab_fixes
from brochure.typeset.kinsoku import may_break_before
from brochure.typeset.locale_rules import apply_rules
from brochure.typeset.numbers import format_integer, format_year
from brochure.typeset.paragraph import TypesetParagraph
from brochure.typeset.rtl import direction_of, visual_order
from brochure.typeset.scripts import script_rules
from tests.harness import REPOSITORY, write_brochure
from tests.pdf_reading import TextBox, extract_text, text_boxes

SAMPLE = REPOSITORY / "tests" / "fixtures" / "partners" / "content"
CLOSING = "、。，．」』）】〕］｝〉》ー"
OPENING = "「『（【〔［｛〈《"


def test_direction_and_line_breaking_come_from_the_locale() -> None:
    assert script_rules("ar_MA").right_to_left and script_rules("he_IL").right_to_left
    assert script_rules("fa").right_to_left
    assert not script_rules("fr_FR").right_to_left and not script_rules("fr_FR").breaks_between_characters
    assert script_rules("ja_JP").breaks_between_characters and not script_rules("ja_JP").right_to_left
    assert script_rules("xx_unknown") == script_rules("en_GB")


def test_japanese_arabic_and_hebrew_ship_typography_rules() -> None:
    japanese, arabic, hebrew = (shipped_typography(locale) for locale in ("ja_JP", "ar_MA", "he_IL"))
    assert japanese.has_rules and arabic.has_rules and hebrew.has_rules
    assert apply_rules('"毎年、学生が..." 2016-2020', japanese) == "「毎年、学生が…」 2016\u20132020"
    assert apply_rules("צ'יפס ...", hebrew) == "צ'יפס …"  # a geresh is not an apostrophe to curl


def test_rtl_runs_read_right_to_left_with_latin_and_numbers_left_to_right() -> None:
    # logical: ARABIC1 ARABIC2 1985 ، Aix-Marseille Université ARABIC3
    pieces = ["ترتبط", " ", "مدينة", " ", "1985", "،", " ", "Aix-Marseille", " ", "Université", " ", "عام"]
    kinds = [direction_of(piece) for piece in pieces]
    assert kinds[:5] == ["R", "", "R", "", "N"]
    drawn = visual_order(pieces, kinds)
    assert drawn == ["عام", " ", "Aix-Marseille", " ", "Université", " ", "،", "1985", " ", "مدينة", " ", "ترتبط"]


def test_a_number_in_digit_groups_or_with_its_sign_reads_whole_in_a_right_to_left_line() -> None:
    """145 000 (groups joined by a no-break space, as the Arabic and Hebrew rules join them) and 38%:
    one number left to right, not "000 145" and "%38" (the bidi algorithm's rules W4 and W5)."""
    arabic = shipped_typography("ar_MA")
    assert apply_rules("سكانها 145 000 نسمة", arabic) == "سكانها 145\u00a0000\u00a0نسمة"
    pieces = ["سكانها", " ", "145", "\u00a0", "000", "\u00a0", "نسمة", " ", "38", "%", "."]
    drawn = visual_order(pieces, [direction_of(piece) for piece in pieces])
    assert drawn == [".", "38", "%", " ", "نسمة", "\u00a0", "145", "\u00a0", "000", " ", "سكانها"]
    separated = ["عام", " ", "1985", "،", " ", "2016"]  # two numbers apart: each its own run, right to left
    assert visual_order(separated, [direction_of(piece) for piece in separated]) == [
        "2016", " ", "،", "1985", " ", "عام"]


def test_brackets_in_a_right_to_left_run_are_drawn_mirrored() -> None:
    pieces = ["قرطاج", " ", "(", "تونس", ")", "،"]
    drawn = visual_order(pieces, [direction_of(piece) for piece in pieces])
    assert drawn == ["،", "(", "تونس", ")", " ", "قرطاج"]  # read right to left: قرطاج (تونس)،
    hebrew = ["אשקלון", " ", "(", "ישראל", "),", " ", "1995"]
    assert visual_order(hebrew, [direction_of(piece) for piece in hebrew]) == [
        "1995", " ", ",(", "ישראל", ")", " ", "אשקלון"]
    latin = ["Erasmus", " ", "(", "Europe", ")", " ", "عام"]  # around Latin after Latin: as written
    assert visual_order(latin, [direction_of(piece) for piece in latin]) == [
        "عام", " ", "Erasmus", " ", "(", "Europe", ")"]


def test_rtl_runs_in_a_left_to_right_line_are_turned_round() -> None:
    pieces = ["Stratégie", " ", "·", " ", "الاستراتيجية", " ", "الدولية", " ", "2016"]
    drawn = visual_order(pieces, [direction_of(piece) for piece in pieces], right_to_left=False)
    assert drawn == ["Stratégie", " ", "·", " ", "الدولية", " ", "الاستراتيجية", " ", "2016"]


def test_kinsoku_breaks() -> None:
    text = list("です。」「毎年Aix 2013年")
    assert not may_break_before(text, 2)   # before 。
    assert not may_break_before(text, 3)   # before 」
    assert may_break_before(text, 4)       # after 」, before 「
    assert not may_break_before(text, 5)   # after 「
    assert not may_break_before(text, 8)   # inside "Aix"
    assert not may_break_before(text, 12)  # inside "2013"
    assert may_break_before(text, 7)       # before a Latin word


def test_japanese_lines_obey_kinsoku_at_every_width() -> None:
    pdfmetrics.registerFont(ReportlabFont("MplusTest", str(REPOSITORY / "fonts/mplus/Mplus1-Regular.ttf")))
    style = ParagraphStyle("ja", fontName="MplusTest", fontSize=9, leading=13, wordWrap="CJK")
    text = ("2013年に提携した熊本市とは、文化、教育、経済の分野で交流を続けています。"
            "「毎年、Aix-Marseille Université の学生が日本を訪れます。」（熊本市）。")
    for width in range(60, 200, 3):
        paragraph = TypesetParagraph(text, style)
        paragraph.wrap(width, 1000)
        lines = ["".join(str(frag.text) for frag in line.words) for line in paragraph.blPara.lines]
        assert "".join(lines).replace(" ", "") == text.replace(" ", ""), width
        for word in ("Aix-Marseille", "Université", "2013"):
            assert any(word in line for line in lines), (width, lines)  # Latin words kept whole
        for line in lines:
            assert line and line[0] not in CLOSING, (width, lines)
            assert line[-1] not in OPENING, (width, lines)
        widest = max(sum(pdfmetrics.stringWidth(str(frag.text), frag.fontName, frag.fontSize)
                         for frag in line.words) for line in paragraph.blPara.lines)
        assert widest <= width + 0.01 or len(text) < 3, (width, lines)


PARTNERS = REPOSITORY / "tests" / "fixtures" / "partners"


def _build_editions(folder: Path, brochure_yaml: str | None = None) -> dict[str, Path]:
    """The partner brochure's editions (layout/editions.yaml) built: edition -> screen PDF."""
    content = {"brochure.yaml": brochure_yaml} if brochure_yaml else {}
    root = write_brochure(folder / "brochure", content=content, base=PARTNERS)
    result = build(Project.at(root, output=folder / "output"), formats=("screen",))
    return {name: Path(edition.outputs["screen"]) for name, edition in result.editions.items()}


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    built = _build_editions(tmp_path_factory.mktemp("partners"))
    assert sorted(built) == ["ar-fr", "fr-ar", "fr-he", "fr-ja"]
    return built


@pytest.fixture(scope="module")
def arabic(editions: dict[str, Path]) -> Path:
    return editions["ar-fr"]


@pytest.fixture(scope="module")
def japanese(editions: dict[str, Path]) -> Path:
    return editions["fr-ja"]


def _text(pdf: Path) -> str:
    return extract_text(pdf)


def _arabic_words(text: str) -> list[str]:
    """The Arabic words of a text in order, without the Arabic comma, semicolon and question mark
    (a reader may attach them to the word before or after in a mixed-direction line)."""
    return re.findall(r"[\u0600-\u060B\u060D-\u061A\u061C-\u061E\u0620-\u06FF]+", text)


RIGHT_TO_LEFT = re.compile(r"[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]")
LEFT_TO_RIGHT = re.compile(r"[^\W\d_]")


def _logical_lines(text: str) -> list[str]:
    """Extracted lines (tests/pdf_reading.extract_text) in logical order. PDFium writes a line
    it takes as right to left (its first strong letter is) in logical order; in a line it takes
    as left to right, each run of right-to-left words lies as drawn, from left to right: those
    runs are read right to left."""
    lines = []
    for line in text.splitlines():
        first = next((c for c in line if LEFT_TO_RIGHT.match(c)), "")
        if not first or RIGHT_TO_LEFT.match(first):
            lines.append(line)
            continue
        words, run, ordered = line.split(" "), [], []
        for word in [*words, None]:
            if word is not None and (RIGHT_TO_LEFT.search(word) or (run and not LEFT_TO_RIGHT.search(word))):
                run.append(word)
                continue
            trailing = []   # neutrals after the last right-to-left word stay where they are
            while run and not RIGHT_TO_LEFT.search(run[-1]):
                trailing.insert(0, run.pop())
            ordered += [*reversed(run), *trailing] + ([word] if word is not None else [])
            run = []
        lines.append(" ".join(ordered))
    return lines


def test_arabic_extracts_in_logical_order(arabic: Path) -> None:
    source = (SAMPLE / "sections/04-partners.yaml").read_text(encoding="utf-8")
    sentence = "منذ عام 1998، تتعاون المدينتان في مجالات الثقافة والتعليم والاقتصاد"
    assert sentence in source
    words = _arabic_words(" ".join(_logical_lines(_text(arabic))))
    wanted = _arabic_words(sentence)
    assert any(words[start:start + len(wanted)] == wanted for start in range(len(words))), words
    assert "المدن الشريكة" in _text(arabic)
    assert any("الاستراتيجية الدولية" in line for line in _logical_lines(_text(arabic)))  # the running footer
    # letters joined into ligatures (lam-alef) read back as their letters, in order
    assert "مجالات" in words and "والاقتصاد" in words and "إلى" in words


def _lines(pdf: Path) -> list[tuple[float, float, str]]:
    """(xMin, xMax, text) of each line of page 1 (tests/pdf_reading.text_boxes); the runs of one
    line within a language column joined (brackets set in another face than the words around them
    make runs of their own, which PDFium may leave apart)."""
    lines: list[TextBox] = []
    for box in text_boxes(pdf, 1):
        overlap = [line for line in lines if min(line.y_max, box.y_max) - max(line.y_min, box.y_min)
                   > 0.5 * min(line.y_max - line.y_min, box.y_max - box.y_min)
                   and line.x_min - 10 < box.x_max and box.x_min < line.x_max + 10]
        if not overlap:
            lines.append(box)
            continue
        same = overlap[0]
        lines[lines.index(same)] = TextBox(min(same.x_min, box.x_min), max(same.x_max, box.x_max),
                                           min(same.y_min, box.y_min), max(same.y_max, box.y_max),
                                           f"{same.text} {box.text}")
    return [(line.x_min, line.x_max, line.text) for line in lines]


def test_an_edition_led_by_french_keeps_left_to_right_page_order(editions: dict[str, Path]) -> None:
    with pikepdf.open(editions["fr-ar"]) as pdf:
        assert "/Direction" not in pdf.Root.get("/ViewerPreferences", {}) and str(pdf.Root.Lang) == "fr-FR"
    assert "المدن الشريكة" in "\n".join(_logical_lines(_text(editions["fr-ar"])))


def test_arabic_is_right_aligned_and_rtl_edition_reads_right_to_left(arabic: Path) -> None:
    lines = [line for line in _lines(arabic) if _arabic_words(line[2]) and "Stratégie" not in line[2]]
    assert len(lines) >= 6
    right = max(x_max for _, x_max, _ in lines)
    short = [line for line in lines if line[1] - line[0] < 0.6 * (right - min(x for x, _, _ in lines))]
    assert short, lines  # the last lines of paragraphs and the title are short...
    for _x_min, x_max, text in short:
        assert abs(x_max - right) < 1.0, (text, x_max, right)  # ...and end at the right
    bullets = [line for line in _lines(arabic) if line[2].endswith("•")]
    assert len(bullets) == 2 and all(abs(x_max - right) < 1.0 for _, x_max, _ in bullets), bullets
    with pikepdf.open(arabic) as pdf:
        assert pdf.Root.ViewerPreferences.Direction == "/R2L"
        assert str(pdf.Root.Lang) == "ar-MA"


def test_japanese_extracts_without_added_spaces_and_no_line_starts_with_a_closing_mark(japanese: Path) -> None:
    text = _text(japanese)
    joined = text.replace("\n", "")
    assert "熊本市とは、文化、教育、経済の分野で交流を続けています。" in joined
    assert "「毎年、Aix-Marseille Université の学生が日本を訪れます。」" in joined
    for line in text.splitlines():
        assert not line or line[0] not in CLOSING, line
        assert not line or line[-1] not in OPENING, line
    # justified between characters: the full lines of the first paragraph end at the column's edge
    lines = [line for line in _lines(japanese) if line[2].startswith(("エクス", "年から", "を結ん", "熊本市、"))]
    assert len(lines) == 4 and max(line[1] for line in lines) - min(line[1] for line in lines) < 0.5, lines


def _drawn_notdef(pdf_bytes: bytes) -> list[str]:
    """Where a reportlab PDF draws glyph 0 (.notdef, the empty box): reportlab gives every
    character its font lacks code 0 of a TrueType subset, and code 0 of every subset is glyph 0."""
    found = []
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            fonts = page.Resources.get("/Font", {})
            truetype = {name for name, font in fonts.items() if font.get("/Subtype") == "/TrueType"}
            assert truetype or not fonts
            current = None
            for operands, operator in pikepdf.parse_content_stream(page):
                if str(operator) == "Tf":
                    current = str(operands[0])
                elif str(operator) in ("Tj", "TJ", "'", '"') and current in truetype:
                    strings = operands[-1] if str(operator) == "TJ" else [operands[-1]]
                    if any(isinstance(string, pikepdf.String) and 0 in bytes(string) for string in strings):
                        found.append(f"page {number}: {current}")
    return found


def test_no_glyph_zero_is_drawn(arabic: Path, japanese: Path) -> None:
    assert _drawn_notdef(arabic.read_bytes()) == []
    assert _drawn_notdef(japanese.read_bytes()) == []
    # the check finds one: Japanese drawn in Lato, which lacks it
    pdfmetrics.registerFont(ReportlabFont("LatoNotdefTest", str(REPOSITORY / "fonts/lato/Lato-Regular.ttf")))
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    canvas.setFont("LatoNotdefTest", 12)
    canvas.drawString(72, 72, "Aix 熊本")
    canvas.save()
    assert _drawn_notdef(buffer.getvalue()) == ["page 1: /F2+0"]


def test_hebrew_reads_in_logical_order(editions: dict[str, Path]) -> None:
    text = _text(editions["fr-he"])
    words = re.findall(r"[\u0590-\u05FF\u05BE]+", " ".join(_logical_lines(text)))
    wanted = re.findall(r"[\u0590-\u05FF]+", "אשקלון, עיר חוף בדרום ישראל, שותפה של")
    assert any(words[start:start + len(wanted)] == wanted for start in range(len(words))), words


def test_eastern_arabic_digits_as_an_option() -> None:
    assert format_integer(669540, "ar_MA") == "669.540"
    assert format_integer(669540, "ar_MA", "native") == "٦٦٩٬٥٤٠"
    assert format_year(1985, "ar_MA", "native") == "١٩٨٥" and format_year(1985, "ar_MA") == "1985"
    assert format_integer(84000, "fr_FR", "native") == format_integer(84000, "fr_FR")  # French has no other digits


def test_unknown_digits_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    brochure = (SAMPLE / "brochure.yaml").read_text(encoding="utf-8").replace(
        "ar: {locale: ar_MA, name: العربية}", "ar: {locale: ar_MA, name: العربية, digits: eastern}")
    folder = write_brochure(tmp_path / "b", content={"brochure.yaml": brochure}, base=PARTNERS)
    assert cli_main(["build", str(folder)]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "content/brochure.yaml:" in error[0] and "unknown digits 'eastern'" in error[0], error


def test_rtl_and_japanese_paragraphs_split_across_frames_keep_their_order(tmp_path: Path) -> None:
    reportlab_fixes.apply()  # shaped glyphs read back as their letters
    pdfmetrics.registerFont(ReportlabFont("LatoSplitTest", str(REPOSITORY / "fonts/lato/Lato-Regular.ttf")))
    pdfmetrics.registerFont(ReportlabFont("ArabicSplitTest",
                                          str(REPOSITORY / "fonts/noto-arabic/NotoSansArabic-Regular.ttf")))
    pdfmetrics.registerFont(ReportlabFont("MplusSplitTest", str(REPOSITORY / "fonts/mplus/Mplus1-Regular.ttf")))
    arabic = "ترتبط مدينة إكس أون بروفانس منذ عام 1985 بعلاقات توأمة مع 15 مدينة في العالم، منها وجدة في المغرب"
    japanese = ("2013年に提携した熊本市とは、文化、教育、経済の分野で交流を続けています。"
                "「毎年、学生が日本を訪れます。」")
    rtl = ParagraphStyle("ar", fontName="LatoSplitTest", fontSize=9, leading=12, shaping=1, alignment=4,
                         wordWrap="RTL", rightToLeft=True)
    cjk = ParagraphStyle("ja", fontName="MplusSplitTest", fontSize=9, leading=12, wordWrap="CJK")
    pdf = tmp_path / "split.pdf"
    canvas = Canvas(str(pdf))
    arabic_markup = " ".join(f'<font face="ArabicSplitTest">{word}</font>' if not word.isdigit() else word
                             for word in arabic.split(" "))
    for paragraph in (TypesetParagraph(arabic_markup, rtl), TypesetParagraph(japanese, cjk)):
        parts = paragraph.split(120, 30)
        assert len(parts) == 2
        for part in parts:
            part.wrap(120, 1000)
            part.drawOn(canvas, 72, 600)
            canvas.showPage()
    canvas.save()
    text = _text(pdf)
    # (the comma is a neutral: poppler may set it apart as a run of its own)
    assert _arabic_words(" ".join(_logical_lines(text)).replace("،", "")) == _arabic_words(arabic.replace("،", ""))
    assert japanese in text.replace("\n", "").replace("\f", "")


def test_no_character_before_the_first_right_to_left_one_is_read_right_to_left():
    import unicodedata

    from brochure.typeset.rtl import FIRST_RIGHT_TO_LEFT, readable

    assert unicodedata.bidirectional(FIRST_RIGHT_TO_LEFT) == "R"
    assert all(unicodedata.bidirectional(chr(code)) not in ("R", "AL") for code in range(ord(FIRST_RIGHT_TO_LEFT)))
    assert readable("Aix-en-Provence, 1957", "Helvetica") == "Aix-en-Provence, 1957"
    assert readable("\u05e9\u05dc\u05d5\u05dd Aix", "Helvetica") == "\u05dd\u05d5\u05dc\u05e9 Aix"
