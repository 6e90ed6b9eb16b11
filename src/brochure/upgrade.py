"""`brochure upgrade [FOLDER]`: a brochure written for an older format rewritten to the current one.

The format is `format:` in layout/document.yaml (absent: the first format). Each step rewrites
the files with ruamel.yaml's round trip, so that comments, key order and quoting stay as the
author wrote them, and says what it changed, one line each. `brochure build` on a brochure that
still holds a construct of an older format stops with exit 2 naming this command
(`pending_changes`), instead of failing on the construct with a message that does not say why.

Format 1 -> 2 (card kinds, issue 11): the partner cities of `content/cities.yaml` (a `cities:`
list) become the card list `content/cards/cities.yaml` of the kind `city`, declared in
layout/cards.yaml with the fields and lines format 1 set by hand; the `cities:` item of
layout/pages.yaml's sequence becomes a `- cards: cities` block at the end of the section before
it; `{year}` in a label is the card's `{partner_since}`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from brochure.errors import DesignError, Location
from brochure.load.design import CURRENT_FORMAT

UPGRADE_HINT = "run 'brochure upgrade{folder}': it rewrites the files to the current format, comments kept"

# What format 1 drew for a city, by hand: the kind the upgrade declares for it.
CITY_KIND = """\
# Card kinds (written by brochure upgrade from the first format's partner cities): the fields a
# card of each kind holds, and the lines of the card, top to bottom.
kinds:
  city:
{box}    per_page: {per_page}
    fields:
      name: text
      country: text
      population: integer
      partner_since: year
      description: text
      coordinates: {{type: coordinates, optional: true}}
      image: {{type: image, optional: true}}
    lines:
      - {{style: city-name, show: "{{name}}"}}
      - {{style: city-facts, label: city_facts}}
      - {{style: city-facts, label: partner_since}}
      - {{style: city-text, show: "{{description}}"}}
"""


@dataclass(frozen=True)
class Change:
    file: str      # relative to the brochure folder
    what: str

    def __str__(self) -> str:
        return f"{self.file}: {self.what}"


def _yaml() -> Any:
    from ruamel.yaml import YAML  # imported here: `brochure build` reads YAML with PyYAML only
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never refold a long line
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _read(path: Path) -> Any:
    return _yaml().load(path.read_text(encoding="utf-8"))


def _safe_read(path: Path) -> Any:
    """A file read to see what would change (PyYAML: no round trip needed, ruamel not imported)."""
    import yaml

    from brochure.load.yaml_source import safe_data
    try:
        return safe_data(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return None  # the loader reports it, at its line


def _write(path: Path, data: Any) -> None:
    stream = io.StringIO()
    _yaml().dump(data, stream)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stream.getvalue(), encoding="utf-8")


def declared_format(folder: Path) -> int:
    """layout/document.yaml's `format:`, 1 when absent (read without loading the whole layout)."""
    import yaml

    from brochure.load.yaml_source import safe_data
    path = folder / "layout" / "document.yaml"
    if not path.is_file():
        return CURRENT_FORMAT
    try:
        document = safe_data(path.read_text(encoding="utf-8"))
    except yaml.YAMLError:
        return CURRENT_FORMAT  # the loader reports it, at its line
    value = document.get("format", 1) if isinstance(document, dict) else 1
    return value if isinstance(value, int) else CURRENT_FORMAT


def pending_changes(folder: Path) -> list[Change]:
    """What `brochure upgrade` would change in the brochure at `folder` (nothing for a brochure
    in the current format, or one of format 1 holding nothing format 2 reads otherwise)."""
    return _upgrade(folder, write=False)


def check_format(folder: Path) -> None:
    """Raise a DesignError naming the upgrade command when the brochure needs it, or when it was
    written for a newer brochure than this one."""
    document = folder / "layout" / "document.yaml"
    declared = declared_format(folder)
    if declared > CURRENT_FORMAT:
        raise DesignError(f"this brochure is written in format {declared}; this brochure program reads "
                          f"formats up to {CURRENT_FORMAT}", Location(_shown(document, folder), 1, 1),
                          "install a newer version of brochure")
    changes = pending_changes(folder)
    if changes:
        where = "" if folder.resolve() == Path.cwd().resolve() else f" {folder}"
        raise DesignError(f"written for format {declared} of the brochure files ({changes[0].what}"
                          + (f", and {len(changes) - 1} more change" + "s" * (len(changes) > 2) if len(changes) > 1
                             else "") + ")",
                          Location(changes[0].file, 1, 1), UPGRADE_HINT.format(folder=where))


def upgrade(folder: Path) -> list[Change]:
    """Rewrite the brochure at `folder` to the current format; the changes made, in order."""
    return _upgrade(folder, write=True)


def _shown(path: Path, folder: Path) -> str:
    try:
        return str(path.relative_to(folder))
    except ValueError:
        return str(path)


def _upgrade(folder: Path, write: bool) -> list[Change]:
    changes: list[Change] = []
    if declared_format(folder) < 2:
        changes += _cards(folder, write)
        if write or changes:  # the format line itself is no reason to stop a build
            document = folder / "layout" / "document.yaml"
            if write:
                data = _read(document)
                data.insert(0, "format", CURRENT_FORMAT)
                _write(document, data)
            changes.append(Change("layout/document.yaml", f"format: {CURRENT_FORMAT} added"))
    return changes


def _cards(folder: Path, write: bool) -> list[Change]:
    """Format 1 -> 2: partner cities as cards of the kind `city`."""
    changes: list[Change] = []
    content, layout = folder / "content", folder / "layout"
    cities = content / "cities.yaml"
    target = content / "cards" / "cities.yaml"
    per_page = 4
    pages = layout / "pages.yaml"
    pages_text = pages.read_text(encoding="utf-8") if pages.is_file() else ""
    # card kinds already (format 2 without its `format:` line): a {year} of a label is a kind's field
    old_labels = cities.is_file() or not (layout / "cards.yaml").is_file()
    if not write and not cities.is_file() and not re.search(r"^\s*-\s*\{?\s*cities\s*:", pages_text, re.M):
        return _labels(folder, write) if old_labels else []  # before each build: nothing parsed when nothing is old
    pages_data = (_read(pages) if write else _safe_read(pages)) if pages_text else None
    sequence = pages_data.get("sequence") if pages_data is not None else None
    item_index = next((index for index, item in enumerate(sequence or [])
                       if hasattr(item, "keys") and "cities" in item), None)
    if item_index is not None:
        assert sequence is not None and pages_data is not None
        options = sequence[item_index]["cities"] or {}
        per_page = int(options.get("per_page", per_page))
        section = next((item["section"] for item in reversed(sequence[:item_index])
                        if hasattr(item, "keys") and "section" in item), None)
        if section is None:
            raise DesignError("the 'cities:' item of the first format has no section before it to hold the cards",
                              Location("layout/pages.yaml", 1, 1), "add a section before it, then upgrade")
        section_file = _section_file(content, str(section))
        if write:
            del sequence[item_index]
            _write(pages, pages_data)
            data = _read(section_file)
            data.setdefault("blocks", []).append({"cards": "cities"})
            _write(section_file, data)
        changes.append(Change("layout/pages.yaml", f"the 'cities:' page item is now a '- cards: cities' block at "
                              f"the end of section '{section}'"))
        changes.append(Change(_shown(section_file, folder), "'- cards: cities' added to its blocks"))
    if cities.is_file() and not target.exists():
        if write:
            data = _read(cities)
            position = list(data.keys()).index("cities") if "cities" in data else 0
            comment = data.ca.items.pop("cities", None)
            data.insert(position, "cards", data.pop("cities", []))
            if comment is not None:
                data.ca.items["cards"] = comment
            data.insert(0, "kind", "city")
            _write(target, data)
            cities.unlink()
        changes.append(Change("content/cities.yaml", "moved to content/cards/cities.yaml, 'cities:' is now "
                              "'cards:' of the kind 'city'"))
    kinds = layout / "cards.yaml"
    if (cities.is_file() or item_index is not None) and not kinds.exists():
        if write:
            styles = _read(layout / "styles.yaml") if (layout / "styles.yaml").is_file() else {}
            boxes = styles.get("boxes") or {}
            box = "    box: city-card\n" if "city-card" in boxes else ""
            kinds.write_text(CITY_KIND.format(box=box, per_page=per_page), encoding="utf-8")
        changes.append(Change("layout/cards.yaml", "written: the card kind 'city' (the fields and lines the "
                              "first format set by hand)"))
    if old_labels:
        changes += _labels(folder, write)
    return changes


def _section_file(content: Path, section: str) -> Path:
    import yaml
    for path in sorted((content / "sections").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("id") == section:
            return path
    raise DesignError(f"no section '{section}' in content/sections/ to hold the cities' cards",
                      Location("layout/pages.yaml", 1, 1))


def _labels(folder: Path, write: bool) -> list[Change]:
    """`{year}` in a label: the card's field is `{partner_since}` since format 2."""
    path = folder / "content" / "brochure.yaml"
    if not path.is_file() or "{year}" not in path.read_text(encoding="utf-8"):
        return []
    data = _read(path) if write else _safe_read(path)
    changed = []
    for name, texts in ((data.get("labels") or {}) if isinstance(data, dict) else {}).items():
        for language in list(texts.keys()) if hasattr(texts, "keys") else []:
            text = texts[language]
            if isinstance(text, str) and "{year}" in text:
                texts[language] = type(text)(text.replace("{year}", "{partner_since}")) \
                    if type(text) is not str else text.replace("{year}", "{partner_since}")
                changed.append(f"{name}.{language}")
    if changed and write:
        _write(path, data)
    return [Change("content/brochure.yaml", f"{{year}} is now {{partner_since}} in the label {label}")
            for label in changed]
