"""Starter: write a new brochure folder from the template beside this module: content with every
block kind in the chosen languages, a layout for the chosen trim, Lato (OFL), the FOGRA39
output profile and a sample image drawn here with Pillow."""

from __future__ import annotations

import re
import shutil
import string
from dataclasses import dataclass
from pathlib import Path

import yaml

from brochure.errors import OutputError

HERE = Path(__file__).resolve().parent
TEMPLATE = HERE / "template"
TRIMS_MM = {"A4": (210.0, 297.0), "A5": (148.0, 210.0), "A6": (105.0, 148.0), "letter": (215.9, 279.4)}
TEXT_LINE = re.compile(r"^(?P<indent>\s*)(?P<dash>- )?@(?P<key>[\w-]+)\s*$")
SAMPLE_IMAGE = "images/sample-landscape.png"


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
    return {
        "trim_width": mm(trim.width_mm), "trim_height": mm(trim.height_mm), "trim_name": trim.name,
        "margin_inner": mm(15 * scale_w), "margin_outer": mm(12 * scale_w),
        "margin_top": mm(17 * scale_h), "margin_bottom": mm(18 * scale_h),
        "page_columns": str(max(1, len(languages))), "gutter": mm(6 * scale_w),
        "columns": "[" + ", ".join(languages) + "]",
        "edition_name": "-".join(languages),
        "languages": "\n".join(f"  {code}: {{locale: {locale}, name: {yaml_string(name)}}}"
                               for code, (locale, name) in entries.items()),
        "band": mm(12 * scale_h), "top_band": mm(7 * scale_h),
        "cover_side": mm(15 * scale_w), "cover_top": mm(55 * scale_h), "cover_bottom": mm(28 * scale_h),
        "back_top": mm(95 * scale_h),
        # at most six cards to a page on a tall page with two columns, else four (narrow columns,
        # long texts); they flow by the room left, the last two together
        "per_page": "6" if four_cards else "4",
        # a card's text, and its picture as tall as the trim makes it (a card with a picture overset at A4)
        "card_height": mm(62.0 + 24 * (scale_h - 1) if four_cards else 78 * scale_h),
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


def sample_image(path: Path) -> None:
    """A landscape drawn with Pillow (sky, sun, hills, a river): the same bytes every time."""
    from PIL import Image, ImageDraw

    width, height = 1200, 600
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):  # sky: a vertical gradient
        mix = y / height
        draw.line([(0, y), (width, y)], fill=(int(120 + 100 * mix), int(170 + 60 * mix), int(225 + 20 * mix)))
    draw.ellipse((860, 70, 1000, 210), fill=(255, 205, 90))
    for top, colour in ((330, (96, 150, 92)), (390, (70, 122, 70)), (450, (52, 98, 58))):
        points = [(x, top + int(40 * ((x * 7 + top) % 300 - 150) ** 2 / 22500)) for x in range(0, width + 1, 40)]
        draw.polygon([(0, height), *points, (width, height)], fill=colour)
    draw.polygon([(540, height), (610, 470), (660, 470), (760, height)], fill=(90, 150, 200))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG", dpi=(300, 300))


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
    sample_image(folder / SAMPLE_IMAGE)
    (folder / "images" / "SOURCE.md").write_text(
        "# Images\n\n- `sample-landscape.png`: drawn by `brochure init` with Pillow (no source image);\n"
        "  public domain (CC0 1.0). Replace it with your own, noting each image's source and licence here.\n",
        encoding="utf-8")
    written += [folder / SAMPLE_IMAGE, folder / "images" / "SOURCE.md"]
    return written
