"""Starter: write a new brochure folder from the template beside this module: content with every
block kind in the chosen languages, a layout for the chosen trim, Lato (OFL), the FOGRA39
output profile and a sample image drawn here with Pillow."""

from __future__ import annotations

import math
import re
import shutil
import string
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from brochure.errors import OutputError

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "template"
TRIMS_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "A6": (105.0, 148.0), "letter": (215.9, 279.4)}
TEXT_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>- )?@(?P<key>[\w-]+)\s*$")
SAMPLE_IMAGE = "images/sample-landscape.png"
SAMPLE_VIEW = "images/sample-view.png"  # a page's picture: the filler page of layout/pages.yaml
BLEED_MM = 3.0  # the template's bleed (layout/document.yaml)
BODY_SIZE = 9.0            # points: the template's body style (layout/styles.yaml)
JUSTIFIED_MIN_EMS = 22     # a column this many ems of the body wide or wider is justified
MM_PER_POINT = 25.4 / 72
MIN_CARD_HEIGHT = 72.0     # mm: a card with its picture and the sample text at the body's size
BACK_TEXT_HEIGHT = 75.0    # mm: the back cover's department, contact, QR code and credits
SKY_SIDE = 256             # pixels across the sample pictures' sky as computed, before it is enlarged
SAMPLE_PPI = 300           # the sample picture is drawn this fine across the type area


@dataclass(frozen=True)
class Trim:
    name: str
    width_mm: float
    height_mm: float


def parse_trim(text: str) -> Trim:
    """A4, A5, A6, letter, or WIDTHxHEIGHT in millimetres (e.g. 170x240)."""
    for name, (width, height) in TRIMS_MM.items():
        if text.lower() == name.lower():
            return Trim(name, width, height)
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*x\s*(\d+(?:\.\d+)?)(?:mm)?", text.strip().lower())
    if match is None:
        raise ValueError(f"unknown trim {text!r}: A4, A5, A6, letter or WIDTHxHEIGHT in mm (e.g. 170x240)")
    width, height = float(match.group(1)), float(match.group(2))
    if not (90 <= width <= 420 and 120 <= height <= 600):
        raise ValueError(f"trim {text} is outside 90-420 mm wide and 120-600 mm high")
    return Trim(f"{width:g} x {height:g} mm", width, height)


def mm(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".") + "mm"


def language_entry(code: str) -> tuple[str, str]:
    """The locale and display name of a language code, from the CLDR data Babel ships."""
    from babel import Locale, UnknownLocaleError
    from babel.core import LOCALE_ALIASES

    try:
        locale = Locale.parse(LOCALE_ALIASES.get(code, code))
    except (ValueError, UnknownLocaleError):
        raise ValueError(f"unknown language code {code!r} (use ISO 639 codes such as fr, en, de)") from None
    name = locale.get_language_name(str(locale)) or code
    return str(locale), name[:1].upper() + name[1:]


def fill_texts(template: str, texts: dict[str, dict[str, str]], languages: list[str]) -> str:
    """Replace each `@key` line with one `code: "text"` line per language (same indentation)."""
    lines = []
    for line in template.splitlines():
        match = TEXT_LINE.match(line)
        if match is None:
            lines.append(line)
            continue
        unit = texts[match["key"]]
        indent = match["indent"] + ("  " if match["dash"] else "")
        for position, code in enumerate(languages):
            text = unit.get(code) or f"[{code}] {unit['en']}"
            prefix = match["indent"] + "- " if match["dash"] and position == 0 else indent
            lines.append(f"{prefix}{code}: {yaml_string(text)}")
    return "\n".join(lines) + "\n"


def yaml_string(text: str) -> str:
    """A double-quoted YAML scalar (JSON strings are valid YAML)."""
    import json

    return json.dumps(text, ensure_ascii=False)


def geometry(trim: Trim, languages: list[str]) -> dict[str, str]:
    """Margins, bands, map and card sizes scaled from an A5 design to the trim."""
    scale_w, scale_h = trim.width_mm / 148.0, trim.height_mm / 210.0
    entries = {code: language_entry(code) for code in languages}
    four_cards = trim.height_mm >= 260 and len(languages) <= 2
    columns = max(1, len(languages))
    inner, outer, gutter = 15 * scale_w, 12 * scale_w, 6 * scale_w
    column_width = (trim.width_mm - inner - outer - (columns - 1) * gutter) / columns
    return {
        "trim_width": mm(trim.width_mm), "trim_height": mm(trim.height_mm), "trim_name": trim.name,
        "margin_inner": mm(inner), "margin_outer": mm(outer),
        "margin_top": mm(17 * scale_h), "margin_bottom": mm(18 * scale_h),
        "page_columns": str(columns), "gutter": mm(gutter),
        # justified text needs room for its spaces: a column narrower than JUSTIFIED_MIN_EMS of
        # the body (about 45 characters) is set ragged right, as a designer sets narrow columns
        "body_align": "justify" if column_width / MM_PER_POINT >= JUSTIFIED_MIN_EMS * BODY_SIZE else "left",
        "columns": "[" + ", ".join(languages) + "]",
        "edition_name": "-".join(languages),
        "languages": "\n".join(f"  {code}: {{locale: {locale}, name: {yaml_string(name)}}}"
                               for code, (locale, name) in entries.items()),
        "band": mm(12 * scale_h), "top_band": mm(7 * scale_h),
        "cover_side": mm(15 * scale_w), "cover_top": mm(55 * scale_h), "cover_bottom": mm(28 * scale_h),
        # the back cover's contact text is not scaled either: below A5 it starts higher
        "back_top": mm(min(95 * scale_h, trim.height_mm - 28 * scale_h - BACK_TEXT_HEIGHT)),
        # at most six cards to a page on a tall page with two columns, else four (narrow columns,
        # long texts); they flow by the room left, the last two together
        "per_page": "6" if four_cards else "4",
        # a card's text, and its picture as tall as the trim makes it (a card with a picture overset at A4)
        # the cards' type is not scaled: below A5 a card keeps the height its text and picture need
        "card_height": mm(62.0 + 24 * (scale_h - 1) if four_cards else max(78 * scale_h, MIN_CARD_HEIGHT)),
        "image_height": mm(24 * scale_h),
        "map_height": mm(62 * scale_h),
    }


def schema_name(shown_file: str | Path) -> str:
    """content/sections/01-x.yaml -> content-section; content/cards/x.yaml -> content-cards;
    layout/styles.yaml -> layout-styles."""
    parts = Path(shown_file).parts
    for folder, name in (("sections", "content-section"), ("cards", "content-cards")):
        if folder in parts[:-1]:
            return name
    return f"{parts[-2]}-{Path(parts[-1]).stem}" if len(parts) >= 2 else Path(parts[-1]).stem


def modeline(relative: Path) -> str:
    """The comment that points YAML editors (yaml-language-server) at the file's JSON Schema, which
    `brochure init` copies into schema/: editors complete keys and flag mistakes as one types."""
    up = "../" * (len(relative.parts) - 1)
    return f"# yaml-language-server: $schema={up}schema/{schema_name(relative)}.schema.json\n"


def sample_width(trim: Trim) -> int:
    """Pixels across the sample landscape: SAMPLE_PPI over the type area's width (an image block
    spans it), in hundreds, at least 1200."""
    type_width = trim.width_mm * (148.0 - 15 - 12) / 148.0
    return max(1200, math.ceil(type_width / 25.4 * SAMPLE_PPI / 100) * 100)


def view_size(trim: Trim) -> tuple[int, int]:
    """Pixels of the sample view, a page's picture: SAMPLE_PPI over the page and its bleed."""
    return tuple(math.ceil((side + 2 * BLEED_MM) / 25.4 * SAMPLE_PPI / 100) * 100  # type: ignore[return-value]
                 for side in (trim.width_mm, trim.height_mm))


def sample_image(path: Path, width: int, height: int) -> None:
    """A landscape drawn with Pillow (sky, sun, hills, a river), the same bytes every time for a
    size: the hills in the lower half, the sky's light changing across as well as down (a
    photograph's many colours, so that it is embedded as one: JPEG)."""
    from PIL import Image, ImageDraw, ImageMath

    # the sky computed small and enlarged: a smooth gradient loses nothing, and the arithmetic on
    # a page's millions of pixels took most of `brochure init`
    small = (SKY_SIDE, max(2, round(SKY_SIDE * height / width)))
    down = Image.linear_gradient("L").resize(small)
    across = Image.linear_gradient("L").rotate(90).resize(small)

    def sky(base: int, depth: int, side: int) -> Image.Image:
        """One channel of the sky: `base` at the top left, `depth` more at the foot, `side` more at the right."""
        def channel(ink: dict[str, Any]) -> Any:
            return ink["d"] * depth / 255 + ink["a"] * side / 255 + base

        value: Image.Image = ImageMath.lambda_eval(channel, d=down, a=across)
        return value.convert("L")

    skies = Image.merge("RGB", [sky(105, 115, 30), sky(155, 75, 12), sky(225, 25, -12)])
    image = skies.resize((width, height), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(image)
    unit = width / 1200  # drawn on a grid 1200 wide, as tall as the picture

    def at(x: float, y: float) -> tuple[int, int]:
        return round(x * unit), round(y * unit)

    ground = height / unit  # the grid's height
    sun_top = ground * 0.12
    draw.ellipse((*at(860, sun_top), *at(1000, sun_top + 140)), fill=(255, 205, 90))
    for share, colour in ((0.55, (96, 150, 92)), (0.65, (70, 122, 70)), (0.75, (52, 98, 58))):
        top = ground * share
        points = [at(x, top + 40 * ((x * 7 + int(top)) % 300 - 150) ** 2 / 22500) for x in range(0, 1201, 40)]
        draw.polygon([(0, height), *points, (width, height)], fill=colour)
    river = ground * 0.78
    draw.polygon([at(540, ground), at(610, river), at(660, river), at(760, ground)], fill=(90, 150, 200))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", dpi=(SAMPLE_PPI, SAMPLE_PPI))


def create_brochure(folder: Path, languages: list[str], trim: Trim) -> list[Path]:
    """Write the new brochure into `folder` (new or empty); the files written, in order."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise OutputError(f"{folder} already exists and is not empty",
                          hint="choose a new folder name: brochure init never overwrites files")
    if not languages:
        raise ValueError("give at least one language (--languages fr,en)")
    texts: dict[str, dict[str, str]] = yaml.safe_load((HERE / "texts.yaml").read_text(encoding="utf-8"))
    values = geometry(trim, languages)
    values["name"] = re.sub(r"[^a-z0-9]+", "-", folder.resolve().name.lower()).strip("-") or "brochure"
    written = []
    for source in sorted(TEMPLATE.rglob("*.yaml")):
        relative = source.relative_to(TEMPLATE)
        text = string.Template(source.read_text(encoding="utf-8")).substitute(values)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        has_schema = (HERE.parent / "data" / "schema" / f"{schema_name(relative)}.schema.json").is_file()
        target.write_text((modeline(relative) if has_schema else "") + fill_texts(text, texts, languages),
                          encoding="utf-8")
        written.append(target)
    schemas = HERE.parent / "data" / "schema"
    if schemas.is_dir():  # absent only while the schemas themselves are generated from this brochure
        shutil.copytree(schemas, folder / "schema")
        written.extend(sorted((folder / "schema").glob("*.json")))
    for shipped in ("fonts", "profiles"):
        shutil.copytree(HERE / shipped, folder / shipped)
        written.extend(sorted(path for path in (folder / shipped).rglob("*") if path.is_file()))
    landscape_width = sample_width(trim)
    sample_image(folder / SAMPLE_IMAGE, landscape_width, landscape_width // 2)
    sample_image(folder / SAMPLE_VIEW, *view_size(trim))
    (folder / "images" / "SOURCE.md").write_text(
        "# Images\n\n- `sample-landscape.png`, `sample-view.png`: drawn by `brochure init` with Pillow (no\n"
        "  source image); public domain (CC0 1.0). Replace them with your own, noting each image's source\n"
        "  and licence here.\n",
        encoding="utf-8")
    written += [folder / SAMPLE_IMAGE, folder / SAMPLE_VIEW, folder / "images" / "SOURCE.md"]
    return written
