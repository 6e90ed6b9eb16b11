"""Make the committed Arabic, Hebrew and Japanese fonts (fonts/noto-arabic, fonts/noto-hebrew,
fonts/mplus) from the full upstream files, subset so that the repository stays small.

    python3 tools/subset_script_fonts.py SOURCE_FOLDER [noto-arabic|noto-hebrew|mplus]

SOURCE_FOLDER holds NotoSansArabic-{Regular,Bold}.ttf, NotoSansHebrew-{Regular,Bold}.ttf
(Debian fonts-noto-core) and Mplus1-{Regular,Bold}.otf (Debian fonts-mplus, M+ FONTS 063,
OFL-1.1). Arabic and Hebrew keep their whole Unicode blocks; the Japanese font keeps kana,
CJK punctuation, full-width forms and Latin, and of the ideographs only those the content
and the test fixtures use (run again after adding Japanese text). M+ is CFF-flavoured,
which reportlab cannot embed: its outlines are converted to TrueType quadratic curves.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

REPOSITORY = Path(__file__).resolve().parent.parent
LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x180), 0x2010, 0x2011, 0x2013, 0x2014, 0x2018, 0x2019,
         0x201C, 0x201D, 0x2026, 0x202F, 0x2022, 0x00B7]
ARABIC = [*range(0x0600, 0x0700), 0x200C, 0x200D, 0x200E, 0x200F, 0x25CC]
HEBREW = [*range(0x0590, 0x0600), 0xFB1D, *range(0xFB1F, 0xFB50), 0x200E, 0x200F, 0x25CC]
JAPANESE = [*range(0x3000, 0x3040), *range(0x3040, 0x3100), *range(0xFF00, 0xFFF0), 0x30FB]


def ideographs_used() -> list[int]:
    """Every CJK ideograph in the content and the test fixtures' YAML."""
    found: set[int] = set()
    for folder in (REPOSITORY / "content", REPOSITORY / "tests" / "fixtures"):
        for path in folder.rglob("*.yaml"):
            found.update(ord(char) for char in path.read_text(encoding="utf-8")
                         if unicodedata.name(char, "").startswith("CJK UNIFIED IDEOGRAPH"))
    return sorted(found)


def subset_font(source: Path, target: Path, codepoints: list[int]) -> None:
    options = subset.Options()
    options.layout_features = ["*"]  # keep every OpenType feature (init/medi/fina, kern, vert...)
    options.name_IDs = ["*"]
    options.name_legacy = True
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.glyph_names = False
    options.hinting = False
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    if "CFF " in font:
        cff_to_truetype(font)
    target.parent.mkdir(parents=True, exist_ok=True)
    subset.save_font(font, str(target), options)


def cff_to_truetype(font: TTFont) -> None:
    """Replace CFF outlines by TrueType ones (cubic curves approximated by quadratics)."""
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = font.getGlyphOrder()
    glyf.glyphs = {}
    for name in font.getGlyphOrder():
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    maxp = newTable("maxp")
    maxp.tableVersion = 0x00010000
    for attribute in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                      "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
                      "maxComponentElements"):
        setattr(maxp, attribute, 0)
    maxp.maxZones = 1
    maxp.numGlyphs = len(font.getGlyphOrder())
    font["maxp"] = maxp
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True


def main(source_folder: str, only: str | None = None) -> None:
    """Subset every font, or with `only` one folder of fonts/ (mplus after adding Japanese text:
    the Arabic and Hebrew subsets keep whole blocks and need no redoing)."""
    source = Path(source_folder)
    fonts = REPOSITORY / "fonts"
    for weight in ("Regular", "Bold"):
        if only in (None, "noto-arabic"):
            subset_font(source / f"NotoSansArabic-{weight}.ttf",
                        fonts / "noto-arabic" / f"NotoSansArabic-{weight}.ttf", LATIN[:95] + ARABIC)
        if only in (None, "noto-hebrew"):
            subset_font(source / f"NotoSansHebrew-{weight}.ttf",
                        fonts / "noto-hebrew" / f"NotoSansHebrew-{weight}.ttf", LATIN[:95] + HEBREW)
        if only in (None, "mplus"):
            subset_font(source / f"Mplus1-{weight}.otf", fonts / "mplus" / f"Mplus1-{weight}.ttf",
                        LATIN + JAPANESE + ideographs_used())


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3) or sys.argv[2:] not in ([], ["noto-arabic"], ["noto-hebrew"], ["mplus"]):
        sys.exit("usage: python3 tools/subset_script_fonts.py SOURCE_FOLDER [noto-arabic|noto-hebrew|mplus]")
    main(*sys.argv[1:])
