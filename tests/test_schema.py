"""JSON Schemas of the YAML files: generated from the loader (the shipped files are what it gives
today), referenced from the files they describe, and they accept the real brochure and flag the
mistakes the loader rejects."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from brochure.starter.schema import SHIPPED, generate_schemas, schema_name, schema_text

REPOSITORY = Path(__file__).resolve().parent.parent
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    return generate_schemas()


def validator(schemas: dict[str, dict], name: str) -> jsonschema.Draft202012Validator:
    jsonschema.Draft202012Validator.check_schema(schemas[name])
    return jsonschema.Draft202012Validator(schemas[name])


def test_the_shipped_schemas_are_what_the_loader_gives(schemas):
    shipped = {path.name: path.read_text(encoding="utf-8") for path in SHIPPED.glob("*.schema.json")}
    generated = {f"{name}.schema.json": schema_text(schema) for name, schema in schemas.items()}
    assert shipped == generated, "run `brochure schema src/brochure/data/schema` after changing the loader"
    assert set(schemas) >= {"content-brochure", "content-section", "content-back-cover",
                            "layout-document", "layout-styles", "layout-pages", "layout-cards"}


def aix_files() -> list[Path]:
    return sorted([*REPOSITORY.glob("content/*.yaml"), *REPOSITORY.glob("content/sections/*.yaml"),
                   *(REPOSITORY / "layout" / name for name in ("document.yaml", "styles.yaml", "pages.yaml",
                                                               "cards.yaml"))])


@pytest.mark.parametrize("path", aix_files(), ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_the_brochure_files_validate_and_name_their_schema(path, schemas):
    relative = str(path.relative_to(REPOSITORY))
    errors = [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
              for error in validator(schemas, schema_name(relative)).iter_errors(yaml.safe_load(path.read_text()))]
    assert errors == []
    named = MODELINE.match(path.read_text().splitlines()[0])
    assert named, f"{relative} has no yaml-language-server modeline"
    target = (path.parent / named.group(1)).resolve()
    assert target.is_file() and target.name == f"{schema_name(relative)}.schema.json"


def test_the_schema_flags_what_the_loader_rejects(schemas):
    section = validator(schemas, "content-section")
    good = {"id": "x", "title": {"fr": "T", "en": "T"}, "blocks": [{"paragraph": {"fr": "a", "en": "b"}}]}
    assert list(section.iter_errors(good)) == []
    typo = {**good, "blocks": [{"paragrahp": {"fr": "a", "en": "b"}}]}
    assert any("'paragrahp' was unexpected" in error.message for error in section.iter_errors(typo))
    assert list(section.iter_errors({"blocks": []}))  # no id
    brochure = validator(schemas, "content-brochure")
    messages = [error.message for error in brochure.iter_errors({"title": {"fr": "T"}, "languages": "fr"})]
    assert any("is not of type 'object'" in message for message in messages), messages
    styles = validator(schemas, "layout-styles")
    errors = list(styles.iter_errors({"palette": {}, "fonts": {}, "styles": {"body": {"sise": "9pt"}}}))
    assert any("'sise' was unexpected" in error.message for error in errors)


def test_a_new_brochure_carries_its_schemas(tmp_path, schemas):
    from brochure.cli import main

    assert main(["init", str(tmp_path / "new"), "-q"]) == 0
    section = tmp_path / "new" / "content" / "sections" / "01-welcome.yaml"
    named = MODELINE.match(section.read_text().splitlines()[0])
    assert named and (section.parent / named.group(1)).resolve().is_file()
    schema = json.loads((section.parent / named.group(1)).read_text())
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(yaml.safe_load(section.read_text()))) == []
