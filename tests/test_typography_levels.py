"""Issue 23: quotes by level, numbers that are not quantities, names that stay whole, no-break
groups that hyphenate inside their words, per shipped language."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import pytest
from fontTools.ttLib import TTFont

from brochure.errors import Location
from brochure.load.typography import load_typography, shipped_typography
from brochure.model.content import Text
from brochure.model.design import Hyphenation
from brochure.typeset.hyphenation import make_hyphenator
from brochure.typeset.locale_rules import apply_rules
from brochure.typeset.quotes import unbalanced_in, unbalanced_quotes
from tests.harness import MINIMAL, REPOSITORY, build_from_yaml
from tests.pdf_reading import text_lines

NBSP, NNBSP = "\u00a0", "\u202f"
SETTINGS = Hyphenation(min_word_length=6, min_before=2, min_after=3)


def typeset(text: str, locale: str) -> str:
    return apply_rules(text, shipped_typography(locale))


def in_quote_block(text: str, locale: str) -> str:
    """As layout/story.py sets a quote block: the text inside straight quotes."""
    return typeset(f'"{text}"', locale)


# a quotation inside a quote block: the block's marks outside, the second level inside
NESTED = {
    "fr_FR": ('La directrice : "regardez en haut, pas par terre".',
              f"«{NNBSP}La directrice{NBSP}: “regardez en haut, pas par terre”.{NNBSP}»"),
    "en_GB": ('The director said: "look up, not at the ground".',
              "“The director said: ‘look up, not at the ground’.”"),
    "de_DE": ('Die Direktorin sagte: "Schaut nach oben".', "„Die Direktorin sagte: ‚Schaut nach oben‘.“"),
    "it_IT": ('La direttrice: "guardate in alto, non a terra".', "«La direttrice: “guardate in alto, non a terra”.»"),
    "es_ES": ('La directora: "mirad arriba".', "«La directora: “mirad arriba”.»"),
    "pt_PT": ('A diretora: "olhem para cima".', "«A diretora: “olhem para cima”.»"),
    "nl_NL": ('De directeur zei: "kijk omhoog".', "‘De directeur zei: ‘kijk omhoog’.’"),  # CLDR 48: ‘ ’ both
    "hu_HU": ('Az igazgató: "nézzetek fel".', "„Az igazgató: »nézzetek fel«.”"),
    "ja_JP": ('館長は"上を見て"と言った。', "「館長は『上を見て』と言った。」"),
    "ar": ('قالت المديرة: "انظروا إلى الأعلى".', "”قالت المديرة: ’انظروا إلى الأعلى‘.“"),
    "he_IL": ('המנהלת אמרה: "הביטו למעלה".', "”המנהלת אמרה: ’הביטו למעלה’.”"),
}


@pytest.mark.parametrize("locale", sorted(NESTED))
def test_a_quotation_inside_a_quote_block_takes_the_second_level(locale):
    written, expected = NESTED[locale]
    assert in_quote_block(written, locale) == expected


def test_marks_the_author_typed_are_kept_as_typed():
    # the translator's «…» in an Arabic text stays «…»; a German text's „…“ stays in English
    assert typeset("قال «مرحبا» لنا", "ar") == "قال «مرحبا» لنا"
    assert typeset("the „Stadtfest“ of Aix", "en_GB") == "the „Stadtfest“ of Aix"
    # a straight quotation inside typed marks is nested
    assert typeset('«Il a dit "oui"»', "fr_FR") == f"«{NNBSP}Il a dit “oui”{NNBSP}»"


def test_an_unbalanced_straight_quote_is_left_as_written_and_found():
    for locale in NESTED:
        assert '"' in typeset('an "open quotation', locale), locale
    assert unbalanced_quotes('an "open quotation') == [3]
    assert unbalanced_quotes('he said "yes" and "no"') == []
    assert unbalanced_quotes('a closing one" here') == [13]


@pytest.mark.parametrize("locale", sorted(NESTED))
def test_an_unbalanced_quote_in_each_language_is_found_at_its_text(locale):
    @dataclass(frozen=True)
    class Block:
        text: Text

    code = locale.split("_")[0]
    written, _ = NESTED[locale]
    opened = written.replace('"', "", 1)   # the quotation's opening mark left out
    where = Location("content/sections/01.yaml", 4, 9)
    found = unbalanced_in((Block(Text(((code, opened),), where)),), (code,))
    assert [(str(problem.where), problem.language) for problem in found] == [("content/sections/01.yaml:4:9", code)]
    assert '"' in typeset(opened, locale)   # left as written, never guessed at


def test_a_build_warns_of_an_unbalanced_quote_at_its_file_and_line(tmp_path):
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": """
        id: intro
        title: {fr: Introduction, en: Introduction}
        blocks:
          - paragraph: {fr: "Il a dit \\"oui et il est parti.", en: "He said yes."}
        """}, run_preflight=False)
    warned = [item for item in result.diagnostics.warnings if "unbalanced straight quote" in item.message]
    assert len(warned) == 1 and warned[0].where.startswith("content/sections/01-intro.yaml:4"), warned
    assert "[fr]" in warned[0].message


def test_the_build_warns_at_the_texts_file_and_line():
    @dataclass(frozen=True)
    class Block:
        text: Text

    where = Location("content/sections/01.yaml", 12, 7)
    block = (Block(Text((("fr", 'il a dit "oui'), ("en", 'he said "yes"')), where)),)
    found = unbalanced_in(block, ("fr", "en"))
    assert [(str(problem.where), problem.language) for problem in found] == [("content/sections/01.yaml:12:7", "fr")]
    assert "oui" in found[0].excerpt


# real addresses: the phone number and the postcode are left as written, a quantity is grouped
ADDRESSES = {
    "fr_FR": ("Tél. +33 4 42 91 99 73, 04 42 91 99 73, 13100 Aix-en-Provence ; 143 000 habitants",
              f"143{NNBSP}000"),
    "de_DE": ("Tel. +49 89 233 00, 089 233 96500, 80331 München; 24 000 Studierende", f"24{NNBSP}000"),
    "it_IT": ("Tel. +39 0733 555 0142, 62100 Macerata; 230 000 abitanti", f"230{NNBSP}000"),
    "es_ES": ("Tel. +34 915 88 10 00, tel. 915 881 000, 28013 Madrid; 230 000 habitantes", f"230{NNBSP}000"),
    "hu_HU": ("Tel. +36 1 327 1000, 1051 Budapest; 1 700 000 lakos", f"1{NNBSP}700{NNBSP}000"),
    "en_GB": ("Tel. +44 20 7946 0958, SW1A 1AA London; 84,000 people", "84,000"),
    "pt_PT": ("Tel. +351 21 322 7000, 1100-148 Lisboa; 500 000 habitantes", f"500{NNBSP}000"),
    "nl_NL": ("Tel. +31 20 624 1111, 1012 JS Amsterdam; 870.000 inwoners", "870.000"),
    "ja_JP": ("電話 +81 3 5321 1111、〒163-8001", ""),
    "ar": ("هاتف +212 522 22 41 22، 60000 وجدة", ""),
    "he_IL": ("טל' +972 2 629 7777, 9414101 ירושלים", ""),
}


@pytest.mark.parametrize("locale", sorted(ADDRESSES))
def test_phone_numbers_and_postcodes_are_left_alone(locale):
    written, quantity = ADDRESSES[locale]
    result = typeset(written, locale)
    phone = written[written.index("+"):].split(",")[0].split(";")[0]
    assert phone in result, (phone, result)  # not a narrow no-break space inside
    postcodes = [postcode for postcode in ("13100", "80331", "62100", "28013", "1051", "SW1A 1AA", "1100-148",
                                           "1012 JS", "163-8001", "60000", "9414101") if postcode in written]
    assert postcodes, locale   # every shipped language: a real postcode
    for postcode in postcodes:
        assert postcode in result
    assert quantity in result


# --- names ----------------------------------------------------------------------------------

LANGUAGES_WITH_PATTERNS = ("fr_FR", "en_GB", "de_DE", "it_IT", "es_ES", "pt_PT", "nl_NL", "hu_HU")
ELIDED = {"fr_FR": "d’Aix-en-Provence", "it_IT": "dell’Aix-en-Provence", "en_GB": "Aix-en-Provence’s",
          "nl_NL": "Aix-en-Provence’s", "de_DE": "d’Aix-en-Provence", "es_ES": "d’Aix-en-Provence",
          "pt_PT": "d’Aix-en-Provence", "hu_HU": "Aix-en-Provence’"}


@pytest.mark.parametrize("locale", LANGUAGES_WITH_PATTERNS)
def test_an_unbreakable_name_stays_whole_after_an_elision_or_before_a_possessive(locale):
    rules = shipped_typography(locale)
    hyphenate = make_hyphenator(locale, SETTINGS, frozenset({"Aix-en-Provence"}), rules.hyphenate_capitalised)
    assert hyphenate is not None
    assert hyphenate(ELIDED[locale]) == []
    assert hyphenate("Aix-en-Provence") == []
    assert make_hyphenator(locale, SETTINGS, frozenset(), True)("d’Aix-en-Provence")  # without the entry it breaks


@pytest.mark.parametrize("locale", ["ar", "he_IL", "ja_JP"])
def test_languages_without_hyphenation_patterns_never_break_a_name(locale):
    """Arabic, Hebrew and Japanese ship no patterns: no word of theirs is hyphenated, a name
    (unbreakable, after an elision, capitalised) no more than any."""
    assert make_hyphenator(locale, SETTINGS, frozenset({"Aix-en-Provence"}), True) is None
    assert make_hyphenator(locale, SETTINGS, frozenset(), False) is None


@pytest.mark.parametrize("locale", LANGUAGES_WITH_PATTERNS)
def test_a_capitalised_name_is_not_hyphenated_unless_allowed(locale):
    capitalised = shipped_typography(locale).hyphenate_capitalised
    hyphenate = make_hyphenator(locale, SETTINGS, frozenset(), False)
    for name in ("Madagascar", "Antananarivo"):
        assert hyphenate(name) == [], name
    assert make_hyphenator(locale, SETTINGS, frozenset(), True)("Antananarivo")  # a style may allow it
    assert hyphenate.with_names("Antananarivo")  # the breaker's last resort before a too loose line
    assert capitalised == (locale == "de_DE")  # German capitalises every noun: its words break


def test_known_bad_breaks_follow_the_exceptions_shipped_and_the_layouts(tmp_path):
    english = shipped_typography("en_GB")
    hyphenate = make_hyphenator("en_GB", SETTINGS, frozenset(), False, english.hyphenation_exceptions)
    assert ("innovat", "ive") not in hyphenate("innovative")
    assert ("inno", "vative") in hyphenate("innovative")
    (tmp_path / "typography.yaml").write_text("en:\n  hyphenation_exceptions: [strat-egy, ecosystem]\n")
    rules = dict(load_typography(tmp_path, {"en": "en_GB"}, tmp_path))["en"]
    assert "in-no-va-tive" in rules.hyphenation_exceptions  # shipped ones kept
    hyphenate = make_hyphenator("en_GB", SETTINGS, frozenset(), False, rules.hyphenation_exceptions)
    assert hyphenate("ecosystem") == []
    assert hyphenate("strategy") == [("strat", "egy")]  # the dictionary has no break in it
    assert make_hyphenator("en_GB", Hyphenation(min_word_length=6, min_before=2, min_after=4), frozenset(),
                           False, rules.hyphenation_exceptions)("strategy") == []  # within the limits only


def test_a_no_break_group_hyphenates_inside_its_words_never_at_its_space():
    hyphenate = make_hyphenator("de_DE", SETTINGS, frozenset(), True)
    group = f"24.000{NBSP}Studierende"
    pairs = hyphenate(group)
    assert pairs and all(head + tail == group for head, tail in pairs)
    assert all(NBSP in head and not head.endswith(NBSP) for head, _ in pairs)  # inside the noun only


# --- a face without no-break spaces ---------------------------------------------------------

def _lato_without_no_break_spaces(folder):
    """Lato Regular with U+00A0 and U+202F taken out of its cmap, as many display faces come."""
    font = TTFont(REPOSITORY / "fonts/lato/Lato-Regular.ttf")
    for table in font["cmap"].tables:
        for code in (0xA0, 0x202F):
            table.cmap.pop(code, None)
    path = folder / "Lato-NoNbsp.ttf"
    font.save(path)
    return path


def test_a_face_without_no_break_spaces_draws_its_own_space_and_keeps_the_words_together(tmp_path):
    face = _lato_without_no_break_spaces(tmp_path)
    styles = ((MINIMAL / "layout/styles.yaml").read_text(encoding="utf-8")
              .replace("regular: fonts/lato/Lato-Regular.ttf", "regular: fonts/display/Lato-NoNbsp.ttf"))
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": """
        id: intro
        title: {fr: Introduction, en: Introduction}
        blocks:
          - paragraph:
              fr: "Près de 400 000 habitants : une ville ouverte sur le monde ; vraiment ?"
              en: "Nearly 400,000 people live here."
        """}, layout={"styles.yaml": styles}, files={"fonts/display/Lato-NoNbsp.ttf": face})
    notes = [item for item in result.diagnostics.items if "has no U+202F" in item.message]
    assert notes and notes[0].where.startswith("content/sections/01-intro.yaml:"), notes
    text = " ".join(line.text for line in text_lines(result.pdf_path))
    assert "400" in text and "habitants" in text



# --- optical margin alignment ---------------------------------------------------------------

def _line_ends(pdf_path):
    """(right edge, last character) of each text line drawn, from pdfium's text rectangles."""
    import pypdfium2

    ends = []
    document = pypdfium2.PdfDocument(pdf_path)
    for page in document:
        text_page = page.get_textpage()
        for index in range(text_page.count_rects()):
            left, bottom, right, top = text_page.get_rect(index)
            text = text_page.get_text_bounded(left - 0.1, bottom + 0.5, right + 0.1, top - 0.5).strip()
            if len(text) > 20:
                ends.append((right, text[-1]))
    document.close()
    return ends


@pytest.mark.parametrize("optical", [False, True])
def test_hyphens_and_commas_hang_into_the_margin_with_optical_margins(tmp_path, optical):
    sentence = ("Les collectivités territoriales accompagnent durablement l’internationalisation, "
                "la professionnalisation et la réindustrialisation des entreprises innovantes, ")
    styles = (MINIMAL / "layout/styles.yaml").read_text(encoding="utf-8").replace(
        "align: justify, space_after: 4pt}",
        f"align: justify, space_after: 4pt, optical_margin: {str(optical).lower()}}}")
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": f"""
        id: intro
        title: {{fr: Introduction, en: Introduction}}
        blocks:
          - paragraph: {{fr: "{sentence * 6}", en: "Short."}}
        """}, layout={"styles.yaml": styles})
    ends = _line_ends(result.pdf_path)
    letters = [right for right, last in ends if last.isalpha()]
    edge = max({round(right, 1) for right in letters}, key=[round(r, 1) for r in letters].count)
    hanging = [right - edge for right, last in ends if last in "-\x02\u00ad," and abs(right - edge) < 4]
    assert hanging, ends
    if optical:
        assert all(past > 0.5 for past in hanging), hanging   # partly past the column edge
    else:
        assert all(past < 0.3 for past in hanging), hanging


@pytest.mark.slow
def test_aix_body_hangs_its_line_end_hyphens_partly_past_the_column_edge(aix_build):
    """Optical margins are on in the Aix body: a hyphenated line's hyphen ends past the edge that
    the lines of its paragraph ending in a letter reach, by about 70 % of its width."""
    from collections import defaultdict

    from tests.word_spacing import set_lines

    lines = [line for line in set_lines(aix_build.pdf_path, aix_build.page_map.placed)
             if line.kind == "body" and not line.last]
    paragraphs = defaultdict(list)
    for line in lines:
        paragraphs[(line.page, line.unit, line.language)].append(line)
    lato = TTFont(REPOSITORY / "fonts/lato/Lato-Regular.ttf")
    hyphen = lato["hmtx"][lato.getBestCmap()[ord("-")]][0] / lato["head"].unitsPerEm * 9.5   # the body's 9.5 pt
    hanging = []
    for set_paragraph in paragraphs.values():
        edges = sorted(line.right for line in set_paragraph if line.text.rstrip()[-1:].isalpha())
        if not edges:
            continue
        edge = edges[len(edges) // 2]
        hanging += [line.right - edge for line in set_paragraph if line.text.endswith(("\x02", "-"))]
    assert len(hanging) >= 20
    assert all(0.4 * hyphen < past < hyphen for past in hanging), (hyphen, sorted(hanging))


def test_a_number_bound_to_its_noun_hyphenates_in_a_narrow_column(tmp_path):
    # a page 75 mm wide: language columns of about 21 mm, narrower than "143 000 internationalisations"
    document = (MINIMAL / "layout/document.yaml").read_text(encoding="utf-8").replace(
        "trim: {width: 148mm", "trim: {width: 75mm")
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": """
        id: intro
        title: {fr: Intro, en: Intro}
        blocks:
          - paragraph: {fr: "Les 143 000 internationalisations.", en: "The 143,000 internationalisations."}
        """}, layout={"document.yaml": document})
    lines = [line.text.strip() for line in text_lines(result.pdf_path)]
    # set, the noun hyphenated after the no-break space (never broken at it)
    assert any(line.startswith("143") and "000" in line and line.endswith("in-") for line in lines), lines


# --- balanced headings ------------------------------------------------------------------------

def _heading_lines(tmp_path, heading: str, balance: str) -> list[str]:
    styles = (MINIMAL / "layout/styles.yaml").read_text(encoding="utf-8").replace(
        "heading: {parent: section-title, size: 10pt,", f"heading: {{parent: section-title, {balance}size: 10pt,")
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": f"""
        id: intro
        title: {{fr: Intro, en: Intro}}
        blocks:
          - heading: {{fr: "{heading}", en: "Short"}}
        """}, layout={"styles.yaml": styles}, run_preflight=False)
    placed = [item for item in result.page_map.placed if item.kind == "heading" and item.language == "fr"]
    assert placed
    return [line.text.strip() for line in text_lines(result.pdf_path)
            if line.text.strip() and line.text.strip() in placed[0].text.replace("\u00a0", " ") + placed[0].text]


def test_a_ragged_heading_is_balanced_and_never_leaves_a_word_alone(tmp_path):
    heading = "Une stratégie internationale pour tous les acteurs"
    balanced = _heading_lines(tmp_path / "on", heading, "")             # ragged, unhyphenated: balanced
    unbalanced = _heading_lines(tmp_path / "off", heading, "balance: false, ")
    assert len(balanced) == len(unbalanced) >= 2

    def spread(lines):
        return min(map(len, lines)) / max(map(len, lines))
    assert len(balanced[-1].split()) >= 2, balanced
    assert spread(balanced) > spread(unbalanced), (balanced, unbalanced)
    assert spread(balanced) > 0.7, balanced


# --- Japanese phrase boundaries ---------------------------------------------------------------

def test_phrase_boundaries_of_japanese_come_from_budoux():
    from brochure.typeset.phrases import phrase_model, phrase_starts

    assert phrase_model("ja_JP") == "ja" and phrase_model("zh_TW") == "zh_Hant" and phrase_model("fr_FR") is None
    text = "エクス＝アン＝プロヴァンスの国際戦略"
    assert phrase_starts(text, "ja") == {len("エクス＝アン＝プロヴァンスの")}   # never inside the name


@pytest.mark.slow
def test_the_japanese_editions_headings_break_between_phrases_or_at_a_names_separator(tmp_path):
    from brochure.pipeline import Project, build
    from brochure.typeset.phrases import phrase_starts
    from tests.word_spacing import set_lines

    result = build(Project.at(REPOSITORY, output=tmp_path), editions=("fr-ja",), run_preflight=False)
    lines = set_lines(result.pdf_path, result.page_map.placed)
    paragraphs: dict[tuple[int, str, str], list[str]] = {}
    for line in lines:
        if line.language == "ja" and line.kind in ("section-title", "heading", "lead"):
            paragraphs.setdefault((line.page, line.unit, line.kind), []).append(line.text.strip())
    breaks = 0
    for texts in paragraphs.values():
        starts = phrase_starts("".join(texts), "ja")
        position = 0
        for text in texts[:-1]:
            position += len(text)
            breaks += 1
            assert position in starts or text[-1] in "＝・", texts   # never エクス＝アン＝プロヴァン|ス
    assert breaks >= 3


# --- per-script faces and line heights --------------------------------------------------------

def test_digits_and_punctuation_inside_another_scripts_text_come_from_its_face():
    from brochure.typeset.coverage import _neutrals_in_script_face

    covered = {"MPLUS": frozenset(map(ord, "人口669,540、日本"))}
    runs = [("MPLUS", "人口"), (None, "669,540"), ("MPLUS", "人、日本")]
    assert _neutrals_in_script_face(runs, covered) == [("MPLUS", "人口669,540人、日本")]
    latin = [(None, "Kumamoto "), ("MPLUS", "熊本"), (None, ", 2013")]   # mostly Latin: left alone
    assert _neutrals_in_script_face(latin, covered) == latin


@pytest.mark.slow
def test_the_arabic_editions_lines_do_not_collide_and_take_their_digits_from_the_arabic_face(tmp_path):
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_raw

    from brochure.pipeline import Project, build

    result = build(Project.at(REPOSITORY, output=tmp_path), editions=("fr-ar",), run_preflight=False)
    document = pypdfium2.PdfDocument(result.pdf_path)
    smallest, arabic_digits = None, 0
    for page in document:
        text_page = page.get_textpage()
        rows: dict[int, list[tuple[float, float, float, float]]] = {}
        for index in range(text_page.count_chars()):
            char = text_page.get_text_range(index, 1)
            if not ("\u0600" <= char <= "\u06ff" or char.isdigit()):
                continue
            left, bottom, right, top = text_page.get_charbox(index)
            baseline = round(text_page.get_charbox(index, loose=True)[1])
            rows.setdefault(baseline, []).append((left, bottom, right, top))
            if char.isdigit():
                name = ctypes.create_string_buffer(256)
                pdfium_raw.FPDFText_GetFontInfo(text_page.raw, index, name, 256, ctypes.byref(ctypes.c_int()))
                arabic_digits += b"NotoSansArabic" in name.value
        keys = sorted(rows, reverse=True)
        for upper, lower in pairwise(keys):
            if upper - lower > 30:
                continue
            for left, bottom, right, _ in rows[upper]:
                for left2, _, right2, top2 in rows[lower]:
                    if left < right2 and left2 < right:
                        gap = bottom - top2
                        smallest = gap if smallest is None else min(smallest, gap)
    document.close()
    assert smallest is not None and smallest > 1.0   # glyph boxes of adjacent lines apart (was -0.4 pt)
    assert arabic_digits >= 50


def _faces_of_digits_beside(pdf, is_script) -> dict[str, int]:
    """The faces PDFium reads for the digits of each number that touches a character of a script
    (`60年`, `15のパートナー`), counted by face name."""
    import ctypes

    import pypdfium2
    import pypdfium2.raw as pdfium_raw

    faces: dict[str, int] = {}
    document = pypdfium2.PdfDocument(pdf)
    for page in document:
        text_page = page.get_textpage()
        chars = [text_page.get_text_range(index, 1) for index in range(text_page.count_chars())]
        for index, char in enumerate(chars):
            if not char.isdigit():
                continue
            start = end = index
            while start > 0 and (chars[start - 1].isdigit() or chars[start - 1] in ",."):
                start -= 1
            while end < len(chars) - 1 and (chars[end + 1].isdigit() or chars[end + 1] in ",."):
                end += 1
            beside = chars[start - 1: start] + chars[end + 1: end + 2]
            if any(is_script(other) for other in beside):
                name = ctypes.create_string_buffer(256)
                pdfium_raw.FPDFText_GetFontInfo(text_page.raw, index, name, 256, ctypes.byref(ctypes.c_int()))
                face = name.value.decode("latin-1").split("+")[-1]
                faces[face] = faces.get(face, 0) + 1
    document.close()
    return faces


@pytest.mark.slow
def test_digits_in_the_japanese_editions_japanese_text_come_from_the_japanese_face(tmp_path):
    from brochure.pipeline import Project, build

    result = build(Project.at(REPOSITORY, output=tmp_path), editions=("fr-ja",), run_preflight=False)
    faces = _faces_of_digits_beside(result.pdf_path, lambda char: "\u3000" <= char <= "\u9fff"
                                    or "\uff00" <= char <= "\uffef")
    assert sum(faces.values()) >= 50, faces              # 60年, 15の, 669,540人…
    assert all(face.startswith("MPLUS") for face in faces), faces   # never Lato's digits


def test_a_missing_glyph_on_the_back_cover_names_its_file_and_line(tmp_path):
    from brochure.errors import BrochureError

    pages = (MINIMAL / "layout/pages.yaml").read_text(encoding="utf-8") + "  - back_cover: {template: page}\n"
    styles = (MINIMAL / "layout/styles.yaml").read_text(encoding="utf-8") + (
        "  back-department: {parent: body}\n  back-contact: {parent: body}\n")
    with pytest.raises(BrochureError) as raised:
        build_from_yaml(tmp_path, content={"back-cover.yaml": """
            department: {fr: Direction, en: Department}
            email: contact@example.org
            phone: "☎ +33 4 42 91 99 73"
            address: [France]
            website: www.example.org
            """}, layout={"pages.yaml": pages, "styles.yaml": styles}, run_preflight=False)
    assert "content/back-cover.yaml:3" in str(raised.value), str(raised.value)


def _set_alone(text: str, font: tuple[str, str], width: float, **style: object) -> list[str]:
    return _set_paragraph(text, font, width, **style)[1]


def _set_paragraph(text: str, font: tuple[str, str], width: float, **style: object):  # type: ignore[no-untyped-def]
    """A paragraph of one style wrapped on its own at `width`, and its lines."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    from brochure.typeset import reportlab_fixes
    from brochure.typeset.paragraph import TypesetParagraph, line_infos

    reportlab_fixes.apply()
    name, path = font
    if name not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(name, str(REPOSITORY / path)))
    paragraph_style = ParagraphStyle("display", fontName=name, fontSize=11, leading=14, alignment=0)
    for key, value in style.items():
        setattr(paragraph_style, key, value)
    paragraph = TypesetParagraph(text, paragraph_style)
    paragraph.wrap(width, 1000)
    return paragraph, [line.text.strip() for line in line_infos(paragraph)]


def test_balancing_a_heading_never_narrows_it_into_a_word_alone():
    """Aix's `ORGANISATION D’ÉVÉNEMENTS / INTERNATIONAUX`: the full measure sets `ORGANISATION /
    D’ÉVÉNEMENTS INTERNATIONAUX`; narrowed to balance it, the last two words no longer fitted."""
    for width in range(185, 260, 5):
        lines = _set_alone("ORGANISATION D’ÉVÉNEMENTS INTERNATIONAUX", ("LevelsLatoBold", "fonts/lato/Lato-Bold.ttf"),
                           width, balanceLines=True)
        assert len(lines) == 2 and len(lines[-1].split()) == 2, (width, lines)
    # but a short word alone on the first line is worse than a long one alone on the last
    lines = _set_alone("un aéroport international", ("LevelsLatoBold", "fonts/lato/Lato-Bold.ttf"), 234,
                       balanceLines=True, fontSize=24, leading=26)
    assert lines == ["un aéroport", "international"]


def test_ragged_right_to_left_text_leaves_no_word_alone_on_its_last_line():
    """Right-to-left paragraphs are broken by reportlab's breaker: a lone last word takes one from
    the line above (the lines broken narrower), and the lines still fill the whole measure."""
    text = ("منذ أكثر من ستين عاما، تنسج مدينة إكس أون بروفانس علاقات متميزة مع خمس عشرة مدينة في العالم، "
            "موزعة على أربع قارات. وتعتمد على هذه الشراكات لتنفيذ عملها الدولي.")
    for width in range(150, 300, 10):
        lines = _set_alone(text, ("LevelsNotoArabic", "fonts/noto-arabic/NotoSansArabic-Regular.ttf"), width,
                           wordWrap="RTL", fontSize=12, leading=20)
        assert len(lines) >= 3 and len(lines[-1].split()) >= 2, (width, lines)
