"""Translate: the fingerprints of the source each translation was made from.

Kept beside the content in `content/.translations.yaml` (one mapping per language: unit id ->
fingerprint of the source text the translator saw), written by `brochure translate import`.
A translation whose recorded fingerprint differs from today's source is stale.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from brochure.errors import ContentError, Location
from brochure.load.yaml_source import safe_data

STORE_NAME = ".translations.yaml"
HEADER = ("# Written by `brochure translate import`: for each language, the fingerprint of the\n"
          "# source text each translation was made from (a different one today means stale).\n"
          "# Keep this file with the content; do not edit it by hand.\n")

Fingerprints = dict[str, dict[str, str]]  # language -> unit id -> fingerprint


def store_path(content: Path) -> Path:
    return content / STORE_NAME


def read_fingerprints(content: Path) -> Fingerprints:
    path = store_path(content)
    if not path.is_file():
        return {}
    try:
        data = safe_data(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"cannot read the translation fingerprints: {error}", Location(f"content/{STORE_NAME}"),
                           "restore the file from version control") from None
    if not isinstance(data, dict) or not all(isinstance(value, dict) for value in data.values()):
        raise ContentError("expected one mapping of unit id -> fingerprint per language",
                           Location(f"content/{STORE_NAME}"), "restore the file from version control")
    return {str(language): {str(key): str(value) for key, value in units.items()}
            for language, units in data.items()}


def dump_fingerprints(fingerprints: Fingerprints) -> str:
    ordered = {language: dict(sorted(units.items())) for language, units in sorted(fingerprints.items()) if units}
    return HEADER + yaml.safe_dump(ordered, allow_unicode=True, sort_keys=False, width=4096)


WORK_NAME = ".translation-work.yaml"
WORK_HEADER = ("# Written by `brochure translate import`: for each language and unit, the source a\n"
               "# translation was made from (exports offer it when the source changes) and the drafts\n"
               "# a translator sent back not finished (fuzzy, needs review, a copied source).\n"
               "# Keep this file with the content; do not edit it by hand.\n")

Work = dict[str, dict[str, dict[str, str]]]  # language -> unit id -> {"source": …, "draft": …}


def work_path(content: Path) -> Path:
    return content / WORK_NAME


def read_work(content: Path) -> Work:
    path = work_path(content)
    if not path.is_file():
        return {}
    try:
        data = safe_data(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as error:
        raise ContentError(f"cannot read the translation drafts: {error}", Location(f"content/{WORK_NAME}"),
                           "restore the file from version control") from None
    if not isinstance(data, dict) or not all(isinstance(units, dict) and all(isinstance(entry, dict)
                                                                            for entry in units.values())
                                             for units in data.values()):
        raise ContentError("expected, per language, unit id -> {source, draft}", Location(f"content/{WORK_NAME}"),
                           "restore the file from version control")
    return {str(language): {str(key): {str(name): str(value) for name, value in entry.items()}
                            for key, entry in units.items()} for language, units in data.items()}


def drafts(work: Work, language: str) -> dict[str, str]:
    """unit id -> the draft waiting for review in `language`."""
    return {unit_id: entry["draft"] for unit_id, entry in work.get(language, {}).items() if entry.get("draft")}


def dump_work(work: Work) -> str:
    ordered = {language: {unit_id: dict(sorted(entry.items())) for unit_id, entry in sorted(units.items()) if entry}
               for language, units in sorted(work.items())}
    return WORK_HEADER + yaml.safe_dump({language: units for language, units in ordered.items() if units},
                                        allow_unicode=True, sort_keys=False, width=4096)
