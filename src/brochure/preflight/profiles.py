"""Preflight stage: profiles as data: packaged defaults (profiles.yaml) and a studio's
house rules (layout/preflight.yaml), each naming a parent and what differs."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from brochure.errors import DesignError
from brochure.load.yaml_source import Node, did_you_mean, load_yaml, note_shape
from brochure.units import parse_length

PACKAGED = Path(__file__).with_name("profiles.yaml")
LENGTHS = ("min_bleed", "min_line_width", "min_text_size", "small_text_size")


@dataclass(frozen=True)
class Profile:
    name: str
    description: str = ""
    pdfx: str | None = None               # "PDF/X-4", "PDF/X-1a" or None (no PDF/X claim checked)
    max_pdf_version: str = "1.7"
    output_channels: int = 4
    allow_rgb: bool = False
    allow_icc: bool = True
    allow_transparency: bool = True
    min_bleed: float = 8.504              # points
    image_ppi_error: float = 150
    image_ppi_warn: float = 300
    ink_warn: float = 300                 # total area coverage, percent
    ink_error: float = 330
    min_line_width: float = 0.25
    min_text_size: float = 6.0
    small_text_size: float = 9.0          # below it: at most two inks, no rich black, K overprints
    page_multiple: int = 1                # from the binding (the build passes its own) or a house profile
    allow_spot: bool = True               # spot plates: a warning naming each; False: an error (CMYK-only house)
    allow_links: bool = False             # link annotations in the page (screen editions)
    allow_16bit_images: bool = True       # 16 bits per component (PDF 1.5 and later)
    allow_jpeg2000: bool = True           # JPXDecode images (PDF 1.5 and later; PDF/X-1a forbids them)
    allow_object_streams: bool = True     # object and cross-reference streams (PDF 1.5; PDF/X-1a forbids them)
    require_trim_box: bool = True
    require_id: bool = True
    check_ink: bool = True                # total ink coverage rendered by Ghostscript


Setting = str | float | bool


def _read_profiles(root: Node, into: dict[str, dict[str, Setting]], shown: str) -> None:
    names = [f.name for f in fields(Profile) if f.name != "name"] + ["parent"]
    for name, node in root.items():
        values: dict[str, Setting] = {}
        for key, value in node.mapping(optional=tuple(names)).items():
            if key in LENGTHS:
                note_shape(value, "length")
                try:
                    values[key] = parse_length(value.node.value)
                except ValueError as error:
                    raise value.fail(str(error)) from None
            elif key in ("parent", "description", "pdfx", "max_pdf_version"):
                values[key] = value.string()
            elif key.startswith(("allow_", "require_", "check_")):
                values[key] = value.boolean()
            else:
                values[key] = value.number()
        into[name] = values


def load_profiles(house_rules: Path | None = None) -> dict[str, Profile]:
    """Every profile by name; a house rules file may add profiles or override packaged ones."""
    raw: dict[str, dict[str, Setting]] = {}
    _read_profiles(load_yaml(PACKAGED, "preflight/profiles.yaml", DesignError), raw, "packaged")
    if house_rules is not None and house_rules.is_file():
        root = load_yaml(house_rules, str(house_rules), DesignError)
        _read_profiles(root.mapping(required=("profiles",))["profiles"], raw, str(house_rules))
    resolved: dict[str, Profile] = {}

    def resolve(name: str, chain: tuple[str, ...]) -> Profile:
        if name in resolved:
            return resolved[name]
        values: dict[str, Any] = dict(raw[name])
        parent = values.pop("parent", None)
        parent = str(parent) if parent is not None else None
        base = Profile(name)
        if parent is not None:
            if parent not in raw or parent in chain:
                raise DesignError(f"preflight profile '{name}': parent '{parent}' is unknown or a loop",
                                  hint=did_you_mean(parent, sorted(raw)))
            base = replace(resolve(parent, chain + (name,)), name=name)
        for key in ("output_channels", "page_multiple"):
            if key in values:
                values[key] = int(values[key])
        resolved[name] = replace(base, **values)
        return resolved[name]

    for name in raw:
        resolve(name, ())
    return resolved


def profile_named(name: str, house_rules: Path | None = None) -> Profile:
    profiles = load_profiles(house_rules)
    if name not in profiles:
        raise DesignError(f"no preflight profile named '{name}'", hint=did_you_mean(name, sorted(profiles)))
    return profiles[name]
