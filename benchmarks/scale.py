"""Benchmarks: a brochure scaled up N times from the real one: partner cities and the
paired sections repeated, each copy's text changed slightly so that no cache flatters."""

from __future__ import annotations

import re
import shutil
from copy import deepcopy
from pathlib import Path

import yaml

REPOSITORY = Path(__file__).resolve().parent.parent
VARIANTS = ("", " also", " indeed", " still", " too", " again", " as well")


def vary(text: str, copy: int) -> str:
    """The same text with a small change per copy (a word added to the first sentence). Only before
    punctuation that ends a phrase: inside a number (23,340) it would glue a long word to it, wider
    than a key figure's column."""
    if copy == 0:
        return text
    word = VARIANTS[copy % len(VARIANTS)] or " now"
    return re.sub(r"([.,;:])(?=\s|$)", rf"{word}{copy % 7}\1", text, count=1)


def vary_unit(value, copy: int):
    if isinstance(value, dict) and value and all(isinstance(v, str) for v in value.values()):
        return {code: vary(text, copy) for code, text in value.items()}
    if isinstance(value, dict):
        return {key: vary_unit(item, copy) if key not in ("id", "style", "numbered") else item
                for key, item in value.items()}
    if isinstance(value, list):
        return [vary_unit(item, copy) for item in value]
    return value


def make_scaled(target: Path, copies: int) -> Path:
    """A brochure folder with every section and city repeated `copies` times."""
    if target.exists():
        shutil.rmtree(target)
    for folder in ("content", "layout", "fonts", "images", "profiles"):
        shutil.copytree(REPOSITORY / folder, target / folder)
    content = target / "content"
    cities = yaml.safe_load((content / "cards" / "cities.yaml").read_text(encoding="utf-8"))["cards"]
    scaled_cities = []
    for copy in range(copies):
        for city in cities:
            item = vary_unit(city, copy)
            item["id"] = f"{city['id']}-{copy}" if copy else city["id"]
            scaled_cities.append(item)
    (content / "cards" / "cities.yaml").write_text(
        yaml.safe_dump({"kind": "city", "cards": scaled_cities}, allow_unicode=True, sort_keys=False),
        encoding="utf-8")
    if copies > 1:  # N copies of each city share its place: a map can mark them all but label none
        styles = yaml.safe_load((target / "layout" / "styles.yaml").read_text(encoding="utf-8"))
        for style in (styles.get("maps") or {}).values():
            style.update(label=None, home_label=None)
        (target / "layout" / "styles.yaml").write_text(yaml.safe_dump(styles, allow_unicode=True, sort_keys=False),
                                                       encoding="utf-8")
    sections_folder = content / "sections"
    originals = sorted(sections_folder.glob("*.yaml"))
    sections = [yaml.safe_load(path.read_text(encoding="utf-8")) for path in originals]
    for path in originals:
        path.unlink()
    pages = yaml.safe_load((target / "layout" / "pages.yaml").read_text(encoding="utf-8"))
    sequence = pages["sequence"]
    body = sequence[1:-1]
    scaled_sequence = [sequence[0]]
    for copy in range(copies):
        for number, section in enumerate(sections):
            item = vary_unit(section, copy)
            item["id"] = f"{section['id']}-{copy}" if copy else section["id"]
            if copy:  # the first copy's card block places every city, and its map marks them all
                item["blocks"] = [block for block in item["blocks"] if "cards" not in block and "map" not in block]
            (sections_folder / f"{copy:04d}-{number:02d}.yaml").write_text(
                yaml.safe_dump(item, allow_unicode=True, sort_keys=False), encoding="utf-8")
        for original_step in body:
            step = deepcopy(original_step)  # no shared dicts: safe_dump would write them as aliases
            if "section" in step:
                step["section"] = f"{step['section']}-{copy}" if copy else step["section"]
                if copy:  # one map of all N copies' cities, not one per copy (N maps of N x 15 arcs)
                    step.pop("fill", None)
            scaled_sequence.append(step)
    scaled_sequence.append(sequence[-1])
    pages["sequence"] = scaled_sequence
    (target / "layout" / "pages.yaml").write_text(yaml.safe_dump(pages, allow_unicode=True, sort_keys=False),
                                                  encoding="utf-8")
    return target
