"""Every YAML example of the README validates against the shipped JSON Schema of the file it
belongs to, so that the documentation cannot teach a key or a form the build refuses."""

from __future__ import annotations

import json
import re
import textwrap
from typing import Any

import jsonschema
import pytest
import yaml

from brochure.starter.create import schema_name
from tests.conftest import REPOSITORY
from tests.test_schema import EditorLoader

SCHEMAS = REPOSITORY / "src" / "brochure" / "data" / "schema"
README = (REPOSITORY / "README.md").read_text(encoding="utf-8")
HEADER = re.compile(r"^# ((?:content|layout)/\S+\.yaml)[^\n]*$", re.M)

# An example that does not start with `# content/…yaml` or `# layout/…yaml` (naming its file):
# its first line -> (its file's schema, the list it is an item of, if it is one). A new example
# must be added here or name its file on its first line.
FRAGMENTS: dict[str, tuple[str, str | None]] = {
    "- paragraph:": ("content-section", "blocks"),
    "- map:": ("content-section", "blocks"),
    "- image:": ("content-section", "blocks"),
    "de:": ("layout-typography", None),
    "home:": ("content-brochure", None),
    "qr:": ("layout-styles", None),
    "editions:": ("layout-editions", None),
    "styles:": ("layout-styles", None),
    "fonts:": ("layout-styles", None),
    "languages:": ("content-brochure", None),
}


def examples() -> list[tuple[str, str, str, str | None]]:
    """(README line, YAML text, schema name, list key) of each example, one per file it shows."""
    found = []
    for match in re.finditer(r"^( *)```yaml\n(.*?)^ *```", README, re.S | re.M):
        line = README[:match.start()].count("\n") + 1
        text = textwrap.dedent(match.group(2))
        parts = HEADER.split(text)
        if len(parts) > 1:
            for file, part in zip(parts[1::2], parts[2::2]):
                found.append((f"README.md:{line} {file}", part, schema_name(file), None))
            continue
        first = text.lstrip("\n").splitlines()[0].split("#")[0].rstrip()
        first = first.split(":")[0] + ":" if first.startswith("- ") else first  # a block: its kind
        if first not in FRAGMENTS:
            pytest.fail(f"README.md:{line}: a YAML example starting {first!r} names no file: start it with "
                        "'# layout/<file>.yaml' (or add it to FRAGMENTS in this test)")
        found.append((f"README.md:{line}", text, *FRAGMENTS[first]))
    return found


def without_required(schema: Any) -> Any:
    """The schema with no key required anywhere: an example shows part of a file."""
    if isinstance(schema, dict):
        return {key: without_required(value) for key, value in schema.items() if key != "required"}
    if isinstance(schema, list):
        return [without_required(value) for value in schema]
    return schema


EXAMPLES = examples()


def test_the_readme_has_examples_of_most_files():
    assert len(EXAMPLES) >= 15
    assert {"layout-styles", "layout-editions", "layout-cards", "content-cards", "content-section"} <= \
        {schema for _, _, schema, _ in EXAMPLES}


@pytest.mark.parametrize(("where", "text", "schema", "list_key"), EXAMPLES, ids=[example[0] for example in EXAMPLES])
def test_a_readme_example_validates(where, text, schema, list_key):
    document = yaml.load(text, Loader=EditorLoader)  # a SafeLoader, dates read as an editor's schema does
    if list_key is not None:
        document = {list_key: document}
    full = json.loads((SCHEMAS / f"{schema}.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(without_required(full))
    problems = [f"{'.'.join(map(str, error.absolute_path))}: {error.message[:200]}"
                for error in validator.iter_errors(document)]
    assert problems == [], where


def test_a_wrong_key_in_an_example_would_fail():
    """The check can fail: an example with a misspelt key is flagged."""
    full = json.loads((SCHEMAS / "layout-styles.schema.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(without_required(full))
    assert list(validator.iter_errors({"qr": {"size": "25mm", "gpa": "4mm"}}))
    assert not list(validator.iter_errors({"qr": {"size": "25mm", "gap": "4mm"}}))
