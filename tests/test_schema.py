"""JSON Schemas of the YAML files: generated from the loader (the shipped files are what it gives
today), one for every kind of file a brochure has, referenced from the files they describe; they
accept every real file (Aix, the test fixtures, `brochure init` output) and flag the mistakes the
loader rejects."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from brochure.starter.schema import SAMPLE, SHIPPED, generate_schemas, schema_name, schema_text

REPOSITORY = Path(__file__).resolve().parent.parent
FIXTURES = REPOSITORY / "tests" / "fixtures"
MODELINE = re.compile(r"# yaml-language-server: \$schema=(\S+)")
KINDS = {"content-brochure", "content-section", "content-back-cover", "content-cards", "layout-document",
         "layout-styles", "layout-pages", "layout-cards", "layout-editions", "layout-typography", "layout-preflight"}


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's schema check reads it (YAML 1.2 core schema): `2024-06-21` is a string,
    not a date (JSON has no dates; the loader reads the text)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}


def read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)  # a SafeLoader


@pytest.fixture(scope="module")
def schemas() -> dict[str, dict]:
    return generate_schemas()


def validator(schemas: dict[str, dict], name: str) -> jsonschema.Draft202012Validator:
    """The schema checked against the metaschema (once per schema of this module's `schemas`: the
    check walks the whole metaschema) and made a validator."""
    kept = _validators.get(name)
    if kept is None or kept[0] is not schemas[name]:
        jsonschema.Draft202012Validator.check_schema(schemas[name])
        kept = _validators[name] = (schemas[name], jsonschema.Draft202012Validator(schemas[name]))
    return kept[1]


_validators: dict[str, tuple[dict, jsonschema.Draft202012Validator]] = {}


def problems(schemas: dict[str, dict], name: str, data: Any) -> list[str]:
    return [f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
            for error in validator(schemas, name).iter_errors(data)]


def brochure_files(root: Path) -> list[Path]:
    """Every YAML file of a brochure folder (content/ and its subfolders, layout/)."""
    return sorted([*root.glob("content/**/*.yaml"), *root.glob("layout/*.yaml")])


def repository_files() -> list[Path]:
    # (first-format/ is a brochure of the first format, for tests/test_upgrade.py: the schemas are the current one's)
    roots = [REPOSITORY, *sorted(path for path in FIXTURES.iterdir()
                                 if (path / "content").is_dir() and path.name != "first-format"), SAMPLE]
    return [path for root in roots for path in brochure_files(root)]


def schema_kind(path: Path) -> str:
    root = next(parent for parent in path.parents if parent.name in ("content", "layout")).parent
    return schema_name(path.relative_to(root))


def test_the_shipped_schemas_are_what_the_loader_gives(schemas):
    shipped = {path.name: path.read_text(encoding="utf-8") for path in SHIPPED.glob("*.schema.json")}
    generated = {f"{name}.schema.json": schema_text(schema) for name, schema in schemas.items()}
    assert shipped == generated, "run `brochure schema src/brochure/data/schema` after changing the loader"
    assert set(schemas) == KINDS


def untyped(schema: Any, path: str = "") -> list[str]:
    """The keys of a schema that accept anything (`{}`): a key the loader names but never read."""
    if schema == {}:
        return [path or "(the file)"]
    found = [key for name, value in schema.get("properties", {}).items() for key in untyped(value, f"{path}.{name}")]
    if isinstance(schema.get("additionalProperties"), dict):
        found += untyped(schema["additionalProperties"], path + ".*")
    if "items" in schema:
        found += untyped(schema["items"], path + "[]")
    return found + [key for alternative in schema.get("anyOf", []) for key in untyped(alternative, path)]


def test_every_key_has_a_type(schemas):
    """The starter and the schema sample make the loader read every key it knows: a key added to
    the loader but to neither would accept anything here; add it to starter/schema_sample/."""
    assert {name: untyped(schema) for name, schema in schemas.items() if untyped(schema)} == {}


def test_every_kind_of_file_is_checked_here():
    """Aix, the fixtures and the schema sample hold a file of every kind (the next test checks them)."""
    assert {schema_kind(path) for path in repository_files()} == KINDS
    assert len(repository_files()) >= 50


@pytest.mark.parametrize("path", repository_files(), ids=lambda path: str(path.relative_to(REPOSITORY)))
def test_the_brochure_files_validate_and_name_their_schema(path, schemas):
    name = schema_kind(path)
    assert problems(schemas, name, read(path)) == []
    named = MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert named, f"{path.relative_to(REPOSITORY)} has no yaml-language-server modeline"
    target = (path.parent / named.group(1)).resolve()
    assert target.is_file() and target.name == f"{name}.schema.json"


def test_the_packaged_rules_are_written_as_a_brochure_writes_its_own(schemas):
    """brochure/data/typography/<language>.yaml is one language of layout/typography.yaml;
    preflight/profiles.yaml is the `profiles:` of layout/preflight.yaml."""
    typography = {"$defs": {}, **schemas["layout-typography"]["additionalProperties"]}
    for path in sorted((REPOSITORY / "src" / "brochure" / "data" / "typography").glob("*.yaml")):
        assert list(jsonschema.Draft202012Validator(typography).iter_errors(read(path))) == [], path.name
    packaged = read(REPOSITORY / "src" / "brochure" / "preflight" / "profiles.yaml")
    assert problems(schemas, "layout-preflight", {"profiles": packaged}) == []


def test_a_new_brochure_validates_and_names_its_schemas(tmp_path, schemas):
    from brochure.cli import main

    assert main(["init", str(tmp_path / "new"), "-q"]) == 0
    files = brochure_files(tmp_path / "new")
    assert {schema_kind(path) for path in files} >= {"content-brochure", "content-section", "content-back-cover",
                                                     "content-cards", "layout-document", "layout-styles",
                                                     "layout-pages", "layout-cards"}
    for path in files:
        named = MODELINE.match(path.read_text(encoding="utf-8").splitlines()[0])
        assert named, f"{path.relative_to(tmp_path)} has no yaml-language-server modeline"
        target = (path.parent / named.group(1)).resolve()
        assert target.parent == tmp_path / "new" / "schema" and target.name == f"{schema_kind(path)}.schema.json"
        schema = json.loads(target.read_text(encoding="utf-8"))
        assert schema == schemas[schema_kind(path)]
        assert list(jsonschema.Draft202012Validator(schema).iter_errors(read(path))) == [], path


def test_the_schema_flags_what_the_loader_rejects(schemas):
    section = validator(schemas, "content-section")
    good = {"id": "x", "title": {"fr": "T", "en": "T"},
            "blocks": [{"paragraph": {"fr": "a", "en": "b"}}, {"map": None}]}
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
    assert problems(schemas, "layout-styles", {"palette": {}, "fonts": {}, "styles": {"body": {"size": "9"}}})
    assert problems(schemas, "layout-styles", {"palette": {}, "fonts": {}, "styles": {"body": {"align": "centre"}}})


CARDS = {"kind": "event", "cards": [{"id": "opening", "title": {"fr": "Concert", "en": "Concert"},
                                     "date": "2024-06-21", "price": {"amount": 12.5, "currency": "EUR"},
                                     "seats": 1200, "place": {"lat": 47.6, "lon": 9.4}}]}
EDITIONS = {"editions": [{"name": "fr-en", "languages": ["fr", "en"], "binding": "saddle-stitch",
                          "page": {"margins": {"inner": "15mm", "outer": "12mm", "top": "17mm", "bottom": "18mm"}},
                          "styles": {"body": {"size": "9.5pt"}}, "maps": {"partners": {"label": None}}}]}
TYPOGRAPHY = {"fr": {"quotes": "cldr", "thousands": "narrow", "space_before": {"!": None}, "apostrophe": True}}
PREFLIGHT = {"profiles": {"house": {"parent": "pdfx4", "ink_error": 320, "min_bleed": "3mm", "allow_rgb": False}}}


def changed(data: dict, path: tuple[Any, ...], value: Any) -> dict:
    """A deep copy of `data` with the value at `path` replaced (or added)."""
    copy = json.loads(json.dumps(data))
    node = copy
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return copy


@pytest.mark.parametrize(("name", "good", "path", "wrong", "expected"), [
    # a card file: unknown key, wrong types, a missing id, a field value no field type takes
    ("content-cards", CARDS, ("cardz",), [], "'cardz' was unexpected"),
    ("content-cards", CARDS, ("cards",), {"opening": {}}, "is not of type 'array'"),
    ("content-cards", CARDS, ("kind",), 3, "is not of type 'string'"),
    ("content-cards", CARDS, ("cards", 0, "id"), None, "is not of type 'string'"),
    ("content-cards", CARDS, ("cards", 0, "seats"), [1200], "is not valid under any of the given schemas"),
    ("content-cards", CARDS, ("cards", 0, "price"), {"amount": "12.50", "currency": "EUR"},
     "is not valid under any of the given schemas"),
    ("content-cards", CARDS, ("cards", 0, "place"), {"lat": 147.6, "lon": 9.4},
     "is not valid under any of the given schemas"),
    # editions
    ("layout-editions", EDITIONS, ("editions", 0, "langauges"), ["fr"], "'langauges' was unexpected"),
    ("layout-editions", EDITIONS, ("editions", 0, "languages"), "fr", "is not of type 'array'"),
    ("layout-editions", EDITIONS, ("editions", 0, "binding"), "sadle-stitch", "is not one of"),
    ("layout-editions", EDITIONS, ("editions", 0, "page", "gutter"), 6, "is not of type 'string'"),
    ("layout-editions", EDITIONS, ("editions", 0, "page", "columns"), 20, "greater than the maximum of 12"),
    ("layout-editions", EDITIONS, ("editions", 0, "styles", "body", "sise"), "9pt", "'sise' was unexpected"),
    ("layout-editions", EDITIONS, ("editions", 0, "maps", "partners", "lable"), None, "'lable' was unexpected"),
    # typography
    ("layout-typography", TYPOGRAPHY, ("fr", "quote"), "cldr", "'quote' was unexpected"),
    ("layout-typography", TYPOGRAPHY, ("fr", "thousands"), "thin", "is not valid under any of the given schemas"),
    ("layout-typography", TYPOGRAPHY, ("fr", "apostrophe"), "yes", "is not of type 'boolean'"),
    ("layout-typography", TYPOGRAPHY, ("fr", "units"), "km", "is not of type 'array'"),
    # preflight house rules
    ("layout-preflight", PREFLIGHT, ("profiles", "house", "ink_max"), 320, "'ink_max' was unexpected"),
    ("layout-preflight", PREFLIGHT, ("profiles", "house", "min_bleed"), "3", "does not match"),
    ("layout-preflight", PREFLIGHT, ("profiles", "house", "allow_rgb"), "no", "is not of type 'boolean'"),
    ("layout-preflight", PREFLIGHT, ("profile",), {}, "'profile' was unexpected"),
])
def test_a_wrong_file_of_each_new_kind_fails(schemas, name, good, path, wrong, expected):
    assert problems(schemas, name, good) == []
    found = problems(schemas, name, changed(good, path, wrong))
    assert any(expected in problem for problem in found), found


def test_the_loader_rejects_what_the_schema_flags(tmp_path):
    """The same mistakes, fed to the loader: it stops at them too (the schema says no more than it)."""
    from brochure.errors import BrochureError, ErrorList
    from brochure.load.typography import load_typography
    from brochure.preflight.profiles import load_profiles

    layout = tmp_path / "layout"
    layout.mkdir()
    for wrong in ({"fr": {"quote": "cldr"}}, {"fr": {"thousands": "thin"}}, {"fr": {"apostrophe": "yes"}}):
        (layout / "typography.yaml").write_text(yaml.safe_dump(wrong), encoding="utf-8")
        with pytest.raises((BrochureError, ErrorList)):
            load_typography(layout, {"fr": "fr_FR"}, tmp_path)
    for wrong in ({"ink_max": 320}, {"min_bleed": "3"}, {"allow_rgb": "no"}):
        (layout / "preflight.yaml").write_text(yaml.safe_dump({"profiles": {"house": wrong}}), encoding="utf-8")
        with pytest.raises(BrochureError):
            load_profiles(layout / "preflight.yaml")
