"""`brochure upgrade`: a brochure of the first format (tests/fixtures/first-format: content/cities.yaml,
a `cities:` page item, `{year}` in a label) is rewritten to the current format with its comments, and
builds; `brochure build` on it stops naming the command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from brochure.cli import main
from brochure.commands import build as build_command
from brochure.load.design import CURRENT_FORMAT
from brochure.upgrade import pending_changes
from tests.conftest import REPOSITORY
from tests.harness import write_brochure
from tests.pdf_reading import extract_text

FIRST_FORMAT = REPOSITORY / "tests" / "fixtures" / "first-format"


@pytest.fixture
def first_format(tmp_path) -> Path:
    return write_brochure(tmp_path / "brochure", base=FIRST_FORMAT)


def comments(folder: Path) -> list[str]:
    """Every comment of the brochure's YAML files (what follows a #), in no particular file."""
    found = []
    for path in sorted([*(folder / "content").rglob("*.yaml"), *(folder / "layout").rglob("*.yaml")]):
        found += [match.strip() for match in re.findall(r"(?:^|\s)#\s?(.*)$", path.read_text(encoding="utf-8"), re.M)]
    return found


def test_a_build_of_the_first_format_stops_naming_the_upgrade(first_format, capsys):
    assert main(["build", str(first_format), "--no-preflight"]) == 2
    error = capsys.readouterr().err
    assert "written for format 1" in error and f"brochure upgrade {first_format}" in error, error
    assert "a sequence item needs exactly one of" not in error  # not the construct's own failure
    assert not (first_format / "output").exists()


def test_the_upgrade_prints_each_change_keeps_the_comments_and_the_brochure_builds(first_format, capsys):
    before = comments(first_format)
    assert main(["upgrade", str(first_format)]) == 0
    printed = capsys.readouterr().out.splitlines()
    assert printed[:-1] == [
        "layout/pages.yaml: the 'cities:' page item is now a '- cards: cities' block at the end of section 'intro'",
        "content/sections/01-intro.yaml: '- cards: cities' added to its blocks",
        "content/cities.yaml: moved to content/cards/cities.yaml, 'cities:' is now 'cards:' of the kind 'city'",
        "layout/cards.yaml: written: the card kind 'city' (the fields and lines the first format set by hand)",
        "content/brochure.yaml: {year} is now {partner_since} in the label partner_since.fr",
        "content/brochure.yaml: {year} is now {partner_since} in the label partner_since.en",
        f"layout/document.yaml: format: {CURRENT_FORMAT} added"]
    # every comment the author wrote is still there, but the one of the page item that is gone
    after = comments(first_format)
    lost = [comment for comment in before if comment not in after]
    assert lost == ["the first format's card pages"], lost
    cities = (first_format / "content/cards/cities.yaml").read_text(encoding="utf-8")
    assert cities.startswith("# The partner cities, as data") and "# capitals, as on the map" in cities
    assert not (first_format / "content/cities.yaml").exists()
    assert yaml.safe_load(cities)["kind"] == "city"
    labels = (first_format / "content/brochure.yaml").read_text(encoding="utf-8")
    assert '"depuis {partner_since}"' in labels and "# the year of the first exchange" in labels
    assert pending_changes(first_format) == []

    assert main(["build", str(first_format), "--no-preflight"]) == 0
    text = extract_text(first_format / "output" / "first-format.pdf")
    for printed_text in ("BATH", "84 000 habitants, Royaume-Uni", "84,000 inhabitants, United Kingdom",
                         "depuis 1985", "since 1985", "COÏMBRA", "COIMBRA"):
        assert printed_text in text.replace("\u202f", " ").replace("\u00a0", " "), printed_text

    capsys.readouterr()
    assert main(["upgrade", str(first_format)]) == 0  # twice: nothing more to do
    assert capsys.readouterr().out.strip().endswith("already in the current format")


def test_the_brochures_of_the_repository_need_no_upgrade():
    assert pending_changes(REPOSITORY) == []
    for fixture in (REPOSITORY / "tests" / "fixtures").iterdir():
        if (fixture / "layout").is_dir() and fixture.name != "first-format":
            assert pending_changes(fixture) == [], fixture.name


def test_a_brochure_of_a_newer_format_is_refused(tmp_path, capsys):
    folder = write_brochure(tmp_path / "brochure")
    document = folder / "layout" / "document.yaml"
    document.write_text(f"format: {CURRENT_FORMAT + 1}\n" + document.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["build", str(folder), "--no-preflight"]) == 2
    assert f"written in format {CURRENT_FORMAT + 1}" in capsys.readouterr().err


def test_init_writes_the_editions_file_and_the_current_format(tmp_path):
    folder = tmp_path / "new"
    assert main(["init", str(folder), "--languages", "de,fr"]) == 0
    editions = yaml.safe_load((folder / "layout/editions.yaml").read_text(encoding="utf-8"))
    assert editions == {"editions": [{"name": "de-fr", "file": "new", "languages": ["de", "fr"],
                                      "binding": "saddle-stitch"}]}
    document = yaml.safe_load((folder / "layout/document.yaml").read_text(encoding="utf-8"))
    assert document["format"] == CURRENT_FORMAT and "edition" not in document and "booklet" not in document
    assert pending_changes(folder) == []


def test_ctrl_c_exits_130(monkeypatch, tmp_path, capsys):
    def interrupted(_arguments):
        raise KeyboardInterrupt
    monkeypatch.setattr(build_command, "run", interrupted)
    assert main(["build", str(tmp_path)]) == 130
    assert "interrupted" in capsys.readouterr().err
