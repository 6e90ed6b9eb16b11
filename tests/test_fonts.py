"""Fonts as designers have them: CFF .otf converted, variable fonts instanced, collections and
web fonts opened, damaged and licence-restricted files refused as user errors; fonts
registered by content, so a changed file is a new font."""

from __future__ import annotations

import io
import random
import shutil
from pathlib import Path

import pytest
import uharfbuzz
from fontTools.pens.areaPen import AreaPen
from fontTools.pens.boundsPen import BoundsPen
from fontTools.pens.perimeterPen import PerimeterPen
from fontTools.ttLib import TTFont
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas

from brochure.errors import ErrorList, FontError, Location
from brochure.fonts import prepare, register_families
from brochure.fonts.prepare import prepare_face
from brochure.model.design import FontFace, FontFamily
from brochure.user_cache import cache_folder
from tests.font_files import GARAMOND_OTF, INTER_VARIABLE, LATO, LATO_BOLD, changed_font, collection, truncated

WHERE = Location("layout/styles.yaml", 20, 5)


@pytest.fixture(autouse=True)
def cache(tmp_path, monkeypatch) -> Path:
    """A cache folder of each test's own (no font is remembered in memory: prepare_face keeps
    fonts only in the session it is given)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "brochure" / "fonts"


def prepared(path: Path, **choice) -> prepare.PreparedFont:
    return prepare_face(path.parent, "Test", "regular", FontFace(path.name, **choice), WHERE)


def problem(path: Path, **choice) -> str:
    """The one error registering `path` gives, as the user reads it."""
    with pytest.raises(ErrorList) as raised:
        register_families((FontFamily("Test", FontFace(path.name, location=WHERE, **choice)),), path.parent)
    [error] = raised.value.errors
    return str(error)


def glyph_outlines(font: TTFont) -> dict[str, tuple[float, float, tuple]]:
    """Each glyph's signed area, outline length and bounds, in font units."""
    glyphs = font.getGlyphSet()
    result = {}
    for name in font.getGlyphOrder():
        area, length, bounds = AreaPen(glyphs), PerimeterPen(glyphs), BoundsPen(glyphs)
        for pen in (area, length, bounds):
            glyphs[name].draw(pen)
        result[name] = (area.value, length.value, bounds.bounds)
    return result


# -- OpenType with PostScript (CFF) outlines -------------------------------------------------------

@pytest.mark.slow  # font conversions: 1-2 s of CPU each
def test_cff_outlines_become_truetype_ones_of_the_same_shape():
    converted = TTFont(io.BytesIO(prepared(GARAMOND_OTF).data))
    original = TTFont(GARAMOND_OTF)
    assert "glyf" in converted and "CFF " not in converted and "CFF " in original
    before, after = glyph_outlines(original), glyph_outlines(converted)
    assert before.keys() == after.keys() and len(before) > 200
    drawn = [name for name, (area, _, _) in before.items() if area]
    assert len(drawn) > 150
    for name in drawn:
        (area_before, length, bounds_before), (area_after, _, bounds_after) = before[name], after[name]
        # TrueType contours run the other way round, so the signed area changes sign; the area
        # gained or lost, spread along the outline, is under half a unit (1/2000 em): 0.002 mm at 10 pt
        assert abs(area_after + area_before) <= 0.5 * length, name
        assert max(abs(a - b) for a, b in zip(bounds_before, bounds_after)) <= 1.5, name
    assert original["hmtx"].metrics.keys() == converted["hmtx"].metrics.keys()
    assert all(original["hmtx"][name][0] == converted["hmtx"][name][0] for name in before)
    assert converted.getBestCmap() == original.getBestCmap()


@pytest.mark.parametrize("text", ["« Affiche officielle » : 1 234 € — fin.", "Office affluence, AVATAR Type"])
def test_cff_conversion_shapes_as_the_original(text):
    """The same glyphs at the same advances and offsets: GSUB, GPOS and metrics were kept."""
    def shape(data: bytes) -> list[tuple[int, int, int, int]]:
        font = uharfbuzz.Font(uharfbuzz.Face(uharfbuzz.Blob(data)))
        buffer = uharfbuzz.Buffer()
        buffer.add_str(text)
        buffer.guess_segment_properties()
        uharfbuzz.shape(font, buffer, {"kern": True, "liga": True})
        return [(info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset)
                for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions)]

    original = shape(GARAMOND_OTF.read_bytes())
    assert shape(prepared(GARAMOND_OTF).data) == original
    font = TTFont(GARAMOND_OTF)
    unshaped = [(font.getGlyphID(font.getBestCmap()[ord(char)]), font["hmtx"][font.getBestCmap()[ord(char)]][0])
                for char in text]
    assert [glyph[:2] for glyph in original] != unshaped  # kerning or substitutions changed something


@pytest.mark.slow  # font conversions: 1-2 s of CPU each
def test_a_converted_font_is_kept_in_the_cache_and_made_once(cache, monkeypatch, tmp_path):
    first = prepared(GARAMOND_OTF)
    assert first.conversion and "CFF" in first.conversion
    [kept] = cache.glob("*.ttf")
    assert kept.read_bytes() == first.data
    monkeypatch.setattr(prepare, "_made", lambda *args: pytest.fail("converted again"))
    assert prepared(GARAMOND_OTF).data == first.data
    # another file (even under the same name) is another font, converted anew
    other = changed_font(GARAMOND_OTF, tmp_path / "other" / GARAMOND_OTF.name, widen=10)
    monkeypatch.undo()
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache.parent.parent))
    assert prepared(other).digest != first.digest
    assert len(list(cache.glob("*.ttf"))) == 2


def test_a_conversion_gives_the_same_bytes_every_time(tmp_path, monkeypatch):
    """No timestamp or other chance in a converted font: the same inputs give the same PDF."""
    first = prepared(GARAMOND_OTF).data
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "another-cache"))
    assert prepared(GARAMOND_OTF).data == first


@pytest.mark.slow  # font conversions: 1-2 s of CPU each
def test_a_damaged_cache_entry_is_made_again(cache, monkeypatch):
    first = prepared(GARAMOND_OTF).data
    [kept] = cache.glob("*.ttf")
    kept.write_bytes(first[:1000])  # cut short, as a full disk might leave it
    assert prepared(GARAMOND_OTF).data == first
    assert kept.read_bytes() == first


def test_an_unwritable_cache_costs_time_not_the_build(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert cache_folder().is_relative_to(blocker)
    assert TTFont(io.BytesIO(prepared(GARAMOND_OTF).data))["glyf"]


# -- variable fonts ----------------------------------------------------------------------------------

def instance(**choice) -> TTFont:
    return TTFont(io.BytesIO(prepared(INTER_VARIABLE, **choice).data))


@pytest.mark.slow  # font conversions: 1-2 s of CPU each
def test_a_named_instance_or_axis_values_make_a_static_font_with_a_name_of_its_own():
    semibold, medium = instance(instance="semi bold"), instance(axes=(("wght", 500),))
    assert not any("fvar" in font or "gvar" in font for font in (semibold, medium))
    assert semibold["name"].getDebugName(6) == "Inter-SemiBold"
    assert medium["name"].getDebugName(6) == "Inter-Medium"  # axis values of a named instance take its name
    assert medium["hmtx"]["n"][0] < semibold["hmtx"]["n"][0]  # bolder is wider in Inter


@pytest.mark.slow
def test_axis_values_between_named_instances_give_a_weight_between_theirs():
    between = prepared(INTER_VARIABLE, axes=(("wght", 450),))
    assert between.conversion == (
        "Inter-roman.var.subset.ttf: static instance 'wght450' (wght 450) made from the variable font")
    assert TTFont(io.BytesIO(between.data))["name"].getDebugName(6) == "Inter-wght450"
    advances = [font["hmtx"]["n"][0] for font in (instance(instance="Regular"), TTFont(io.BytesIO(between.data)),
                                                  instance(instance="Medium"))]
    assert advances[0] < advances[1] < advances[2]


def test_unknown_instance_or_axis_is_an_error_listing_what_the_font_has():
    instance = problem(INTER_VARIABLE, instance="Heavy")
    assert instance.startswith("layout/styles.yaml:20:5: font 'Test' regular: Inter-roman.var.subset.ttf: "
                               "the variable font has no instance 'Heavy'")
    assert "axes: wght 100–900 (default 400)" in instance and "Semi Bold, Bold, Extra Bold, Black" in instance
    assert "has no axis 'wdth'; axes: wght 100–900" in problem(INTER_VARIABLE, axes=(("wdth", 80),))
    assert "axis 'wght' goes from 100 to 900, not 1000" in problem(INTER_VARIABLE, axes=(("wght", 1000),))
    assert "is not a variable font" in problem(LATO, instance="Bold")


# -- damaged files, collections, web fonts, licences -------------------------------------------------

@pytest.mark.parametrize("fraction", [0.0005, 0.01, 0.5, 0.95])
def test_a_truncated_font_is_a_user_error_naming_the_file(tmp_path, fraction):
    cut = truncated(LATO, tmp_path / "Lato-Regular.ttf", fraction)
    message = problem(cut)
    assert message.startswith("layout/styles.yaml:20:5: font 'Test' regular: Lato-Regular.ttf: ")
    assert "cut short" in message or "damaged font" in message
    assert "(hint: copy the font file again" in message


def test_damaged_glyph_data_is_a_user_error_when_the_pdf_is_written(tmp_path):
    """The glyph index (loca) scrambled: the file opens, and fails only when its subset is written."""
    data = bytearray(LATO.read_bytes())
    loca = TTFont(LATO).reader.tables["loca"]
    data[loca.offset:loca.offset + loca.length] = bytes(range(256)) * (loca.length // 256) + bytes(
        loca.length % 256)
    (tmp_path / "Lato-Regular.ttf").write_bytes(bytes(data))
    families = register_families((FontFamily("Damaged", FontFace("Lato-Regular.ttf")),), tmp_path)
    canvas = Canvas(io.BytesIO())
    canvas.setFont(families["Damaged"].face_name(False, False), 12)
    canvas.drawString(10, 10, "Hello")
    canvas.showPage()
    with pytest.raises(FontError, match=r"font 'Damaged' regular: Lato-Regular.ttf: damaged font: cannot write"):
        canvas.save()


def test_no_damage_to_a_font_file_escapes_as_an_internal_error(tmp_path):
    """Bytes scrambled anywhere, zeroed, or the file cut: the font works or is a user error
    (FontError) when it is opened, shaped, set and written into a PDF; nothing else."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus import Paragraph

    chance = random.Random(19)
    outcomes = {"works": 0, "user error": 0}
    for number in range(40):
        source = chance.choice([GARAMOND_OTF, LATO])
        data = bytearray(source.read_bytes())
        how = number % 3
        if how == 0:
            for _ in range(chance.randint(1, 40)):
                data[chance.randrange(len(data))] = chance.randrange(256)
        elif how == 1:
            start = chance.randrange(12, 12 + 16 * 12)  # the table directory
            data[start:start + 8] = bytes(chance.randrange(256) for _ in range(8))
        else:
            data = data[:chance.randrange(len(data))]
        (tmp_path / f"{number}{source.suffix}").write_bytes(bytes(data))
        try:
            families = register_families((FontFamily("F", FontFace(f"{number}{source.suffix}")),), tmp_path)
            style = ParagraphStyle("test", fontName=families["F"].face_name(False, False), shaping=1)
            canvas = Canvas(io.BytesIO())
            paragraph = Paragraph("Affiche officielle « été » : fin", style)
            paragraph.wrapOn(canvas, 300, 100)
            paragraph.drawOn(canvas, 10, 10)
            canvas.showPage()
            canvas.save()
            outcomes["works"] += 1
        except (FontError, ErrorList):
            outcomes["user error"] += 1
    assert outcomes["user error"] > 20, outcomes


def test_a_file_that_is_not_a_font_says_so(tmp_path):
    page = tmp_path / "Lato.ttf"
    page.write_text("<!DOCTYPE html><html>404 Not Found</html>")
    assert "Lato.ttf: not a font file (it starts with b'<!DOCTYPE html><')" in problem(page)
    (tmp_path / "empty.otf").write_bytes(b"")
    assert "empty.otf: not a font file (it is empty)" in problem(tmp_path / "empty.otf")


@pytest.mark.parametrize("flavor", ["woff", "woff2"])
def test_web_fonts_are_decompressed(tmp_path, flavor):
    plain = changed_font(LATO, tmp_path / "Lato-Regular.ttf", only="Affiche « Été » 2025")
    web = changed_font(plain, tmp_path / f"Lato-Regular.{flavor}", flavor=flavor)
    font = prepared(web)
    assert f"decompressed from {flavor.upper()}" in font.conversion
    assert TTFont(io.BytesIO(font.data)).flavor is None
    assert TTFont(io.BytesIO(font.data)).getBestCmap() == TTFont(plain).getBestCmap()


def test_a_cff_woff2_is_decompressed_and_converted(tmp_path):
    web = changed_font(GARAMOND_OTF, tmp_path / "Garamond.woff2", flavor="woff2")
    conversion = prepared(web).conversion
    assert "decompressed from WOFF2" in conversion and "converted to TrueType" in conversion


def test_a_collection_face_is_picked_by_index_or_name(tmp_path):
    fonts = collection([LATO, LATO_BOLD], tmp_path / "Lato.ttc")
    message = problem(fonts)
    assert "Lato.ttc: is a collection of 2 fonts (0: Lato-Regular; 1: Lato-Bold)" in message
    assert "index: 0" in message
    by_index = TTFont(io.BytesIO(prepared(fonts, index=1).data))
    by_name = TTFont(io.BytesIO(prepared(fonts, name="Lato-Bold").data))
    assert by_index["name"].getDebugName(6) == by_name["name"].getDebugName(6) == "Lato-Bold"
    assert "no index 2" in problem(fonts, index=2)
    assert "no font named 'Lato-Black'" in problem(fonts, name="Lato-Black")
    assert "not a collection" in problem(LATO, index=0)


def test_a_font_whose_licence_forbids_embedding_is_refused_with_the_reason(tmp_path):
    restricted = changed_font(LATO, tmp_path / "Restricted.ttf", fs_type=0x0002)
    message = problem(restricted)
    assert "Restricted.ttf: its licence forbids embedding it in documents (OS/2 fsType 0x0002" in message
    assert "ask the foundry" in message
    assert "forbids subsetting" in problem(changed_font(LATO, tmp_path / "Whole.ttf", fs_type=0x0100))
    assert "bitmaps only" in problem(changed_font(LATO, tmp_path / "Bitmap.ttf", fs_type=0x0200))


@pytest.mark.parametrize(("fs_type", "said"), [(0x0004, "preview & print"), (0x0008, "editable"),
                                               (0x0006, "preview & print")])
def test_a_font_licensed_for_print_or_editing_is_embedded_and_said(tmp_path, fs_type, said):
    font = changed_font(LATO, tmp_path / "Limited.ttf", fs_type=fs_type)
    families = register_families((FontFamily("Test", FontFace(font.name)),), tmp_path)
    [licence] = families["Test"].licences
    assert licence.startswith("Limited.ttf: its licence allows " + said)


# -- registration keyed by content ---------------------------------------------------------------------

def test_a_changed_file_under_the_same_name_is_a_new_registration(tmp_path):
    path = shutil.copy(LATO, tmp_path / "Lato-Regular.ttf")
    family = (FontFamily("Lato", FontFace("Lato-Regular.ttf")),)
    before = register_families(family, tmp_path)["Lato"].face_name(False, False)
    assert register_families(family, tmp_path)["Lato"].face_name(False, False) == before
    width_before = stringWidth("n", before, 10)
    changed_font(LATO, Path(path), widen=100)
    after = register_families(family, tmp_path)["Lato"].face_name(False, False)
    assert after != before
    # 100 units of Lato's 2000 to the em: 0.5 pt wider at 10 pt
    assert stringWidth("n", after, 10) == pytest.approx(width_before + 0.5, abs=0.01)


def test_families_that_share_a_file_share_one_font(tmp_path):
    """One font object, so one subset in the PDF, whichever family's name is used."""
    shutil.copy(LATO, tmp_path / "Lato-Regular.ttf")
    families = register_families((FontFamily("Text", FontFace("Lato-Regular.ttf")),
                                  FontFamily("Captions", FontFace("Lato-Regular.ttf"))), tmp_path)
    text, captions = (families[name].face_name(False, False) for name in ("Text", "Captions"))
    assert text != captions
    assert getFont(text) is getFont(captions)


def test_two_different_fonts_with_one_name_in_one_build_are_refused(tmp_path):
    shutil.copy(LATO, tmp_path / "Lato-Regular.ttf")
    changed_font(LATO, tmp_path / "other" / "Lato-Regular.ttf", widen=20)
    families = (FontFamily("Lato", FontFace("Lato-Regular.ttf")),
                FontFamily("Text", FontFace("other/Lato-Regular.ttf", location=WHERE)),
                FontFamily("Same", FontFace("Lato-Regular.ttf")))  # the same file twice is fine
    with pytest.raises(ErrorList) as raised:
        register_families(families, tmp_path)
    [error] = raised.value.errors
    assert str(error).startswith("layout/styles.yaml:20:5: font 'Text' regular: other/Lato-Regular.ttf is named "
                                 "'Lato-Regular', like font 'Lato' regular (Lato-Regular.ttf), but is a different font")
