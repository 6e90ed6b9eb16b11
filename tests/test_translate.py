"""Translated editions: unit ids, status, XLIFF/PO round trip, draft and pseudo builds, fit."""

from __future__ import annotations

import difflib
import json
import re
import shutil
from pathlib import Path

import polib
import pytest
from babel.messages import pofile as babel_pofile
from lxml import etree
from pypdf import PdfReader

from brochure.cli import main
from brochure.errors import ErrorList
from brochure.load.content import load_content
from brochure.pipeline import Project, build
from brochure.translate.inventory import inventory
from brochure.translate.pseudo import pseudo_text
from tests.harness import REPOSITORY, write_brochure

SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "xliff-schemas"
PARAGRAPHS = [("Une ville ouverte sur le monde, qui accueille chaque année des étudiants de nombreux pays.",
               "A city open to the world, which welcomes students from many countries every year."),
              ("La ville de BATH est notre plus ancienne partenaire.", "The city of BATH is our oldest partner."),
              ("Les échanges culturels rapprochent les habitants.", "Cultural exchanges bring residents together."),
              ("Chaque printemps, un festival réunit les villes jumelles.",
               "Every spring, a festival brings the twin cities together."),
              ("La coopération décentralisée soutient des projets concrets.",
               "Decentralised cooperation supports practical projects.")]
GERMAN = {"Introduction": "Einleitung", "Brochure d’essai": "Testbroschüre"}


def brochure_yaml(columns: str = "[fr, en]") -> dict[str, dict[str, str | None]]:
    """Ten text units with comments, a flow mapping and a list; `de` declared, not written."""
    paragraphs = "".join(f"""
  - paragraph:
      fr: >-
        {fr}
      en: >-
        {en}""" for fr, en in PARAGRAPHS)
    content = {
        "brochure.yaml": """\
            # The test brochure.
            title:
              fr: Brochure d’essai
              en: Test brochure
            languages:
              fr: {locale: fr_FR, name: Français}
              en: {locale: en_GB, name: English}
              de: {locale: de_DE, name: Deutsch}
            """,
        "sections/01-intro.yaml": """\
# Introduction: a comment the import keeps.
id: intro
title:
  fr: Introduction
  en: Introduction
blocks:
  - heading: {fr: Nos partenaires, en: Our partners}
  - list:
      - fr: Des échanges scolaires
        en: School exchanges
      - fr: Des jumelages      # a trailing comment
        en: Twinnings
""" + paragraphs + "\n",
    }
    document = (REPOSITORY / "tests" / "fixtures" / "minimal" / "layout" / "document.yaml").read_text(
        encoding="utf-8").replace("columns: [fr, en]", f"columns: {columns}")
    return {"content": content, "layout": {"document.yaml": document}}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    files = brochure_yaml()
    return write_brochure(tmp_path / "brochure", files["content"], files["layout"])


def set_columns(root: Path, columns: str) -> None:
    path = root / "layout" / "document.yaml"
    path.write_text(re.sub(r"columns: \[[a-z, ]+\]", f"columns: {columns}", path.read_text(encoding="utf-8")),
                    encoding="utf-8")


def content_files(root: Path) -> dict[str, str]:
    return {str(path.relative_to(root)): path.read_text(encoding="utf-8")
            for path in sorted((root / "content").rglob("*.yaml"))}


def cli(*arguments: object) -> int:
    return main([str(argument) for argument in arguments])


def german(source: str) -> str:
    return GERMAN.get(source, "DE " + source)


def fill(path: Path, kind: str, keep: int | None = None) -> None:
    """Translate an exported file with an independent tool, as a translator would: polib for
    PO, translate-toolkit for XLIFF 1.2 and 2.0; `keep` translates only that many units."""
    if kind == "po":
        catalogue = polib.pofile(str(path))
        for number, entry in enumerate(catalogue):
            if keep is None or number < keep:
                entry.msgstr = german(entry.msgid)
        catalogue.save(str(path))
        return
    from translate.storage import xliff, xliff2

    store = (xliff2.Xliff2File if kind == "xliff2" else xliff.xlifffile).parsefile(str(path))
    units = [unit for unit in store.units if not unit.isheader()]
    for number, unit in enumerate(units):
        if keep is None or number < keep:
            unit.target = german(str(unit.source))
            unit.markfuzzy(False)  # what a CAT tool does when the translator confirms a unit
    path.write_bytes(bytes(store))


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


# -- unit ids -----------------------------------------------------------------

def unit_sources(root: Path) -> dict[str, str]:
    return {unit.id: unit.source("fr") for unit in inventory(load_content(root / "content", root, complete=False))}


def test_unit_ids_survive_reordering_and_are_unique(project: Path) -> None:
    before = unit_sources(project)
    section = project / "content" / "sections" / "01-intro.yaml"
    text = section.read_text(encoding="utf-8")
    heading = "  - heading: {fr: Nos partenaires, en: Our partners}\n"
    section.write_text(text.replace(heading, "") + heading, encoding="utf-8")  # the heading moves last
    after = unit_sources(project)
    assert after == before
    assert len(before) == 10
    assert "intro.heading.nos-partenaires" in before and "intro.title" in before


def test_unit_ids_given_by_the_author_are_checked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    section = project / "content" / "sections" / "01-intro.yaml"
    text = section.read_text(encoding="utf-8")
    section.write_text(text.replace("  fr: Introduction\n", "  id: intro title\n  fr: Introduction\n"),
                       encoding="utf-8")
    assert cli("translate", "status", project) == 2
    assert "content/sections/01-intro.yaml:4:7: 'title.id': 'intro title' is not a unit id" in capsys.readouterr().err
    section.write_text(text.replace("  fr: Introduction\n", "  id: intro.start\n  fr: Introduction\n")
                       .replace("      - fr: Des jumelages", "      - id: intro.start\n        fr: Des jumelages"),
                       encoding="utf-8")
    assert cli("translate", "status", project) == 2
    error = capsys.readouterr().err
    assert "01-intro.yaml:12:9: unit id 'intro.start' is used twice" in error
    assert "the other is at content/sections/01-intro.yaml:4:3" in error


# -- export, fill with another tool, import, build ----------------------------------

@pytest.mark.parametrize("kind", ["po", "xliff", "xliff2"])
def test_round_trip_imports_a_translation_made_elsewhere(project: Path, tmp_path: Path, kind: str) -> None:
    exported = tmp_path / f"de.{kind}"
    assert cli("translate", "export", project, "--lang", "de", "--format", kind, "-o", exported) == 0
    check_exported(exported, kind)
    before = content_files(project)  # with the unit ids the export wrote once
    fill(exported, kind)
    assert cli("translate", "import", exported, project) == 0
    after = content_files(project)
    for name, text in before.items():
        diff = [line for line in difflib.ndiff(text.splitlines(), after[name].splitlines())
                if line[:1] in "+-"]
        assert diff, f"{name} unchanged"
        # a unit written on one line, `{fr: …, en: …}`, can only grow on its line: the old
        # line must be kept whole up to its closing brace; every other change is an added line
        added = [line[2:] for line in diff if line.startswith("+")]
        for line in (line[2:] for line in diff if line.startswith("-")):
            assert line.endswith("}") and any(new.startswith(line[:-1] + ", de: ") for new in added), \
                f"{name}: a line was changed, not only added to: {line}"
    assert "# Introduction: a comment the import keeps." in after["content/sections/01-intro.yaml"]
    assert "      - fr: Des jumelages      # a trailing comment\n" in after["content/sections/01-intro.yaml"]
    set_columns(project, "[fr, de]")
    result = build(Project.at(project, output=tmp_path / "output"), run_preflight=False)
    text = pdf_text(result.pdf_path)
    assert "Einleitung" in text and "DE La ville de BATH" in text and "Testbroschüre" in text


def test_a_translation_from_the_second_language_imports_and_is_fingerprinted_on_the_first(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "de.xlf"
    assert cli("translate", "export", project, "--lang", "de", "--source", "en", "--format", "xliff2",
               "-o", exported) == 0
    assert b'srcLang="en"' in exported.read_bytes() and b"School exchanges" in exported.read_bytes()
    fill(exported, "xliff2")
    assert cli("translate", "import", exported, project) == 0
    assert "      de: DE School exchanges\n" in (project / "content" / "sections" / "01-intro.yaml").read_text()
    capsys.readouterr()
    assert cli("translate", "status", project, "--json") == 0
    [german_status] = [entry for entry in json.loads(capsys.readouterr().out) if entry["language"] == "de"]
    assert (german_status["translated"], german_status["stale"], german_status["missing"]) == (10, 0, 0)


def check_exported(path: Path, kind: str) -> None:
    if kind == "po":
        # what msgfmt --check verifies, by Babel (an implementation independent of polib, which
        # wrote the file): the syntax (abort_invalid), the header, each message's format checks
        with path.open("rb") as stream:
            catalog = babel_pofile.read_po(stream, abort_invalid=True)
        assert catalog.charset.lower() == "utf-8" and len(catalog) > 0
        assert [(message.id, errors) for message, errors in catalog.check()] == []
        entry = polib.pofile(str(path)).find("La ville de BATH est notre plus ancienne partenaire.")
        assert entry is not None and entry.msgctxt.startswith("intro.paragraph.")
        assert "content/sections/01-intro.yaml" in entry.occurrences[0][0]
        assert "keep the translation in capitals" not in entry.comment  # only some words are capitals
        assert re.search(r"^room: [1-3] lines? in its column, as the source takes", entry.comment, re.M)
        return
    schema = "xliff-core-2.0.xsd" if kind == "xliff2" else "xliff-core-1.2-transitional.xsd"
    validator = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
    document = etree.parse(str(path))
    assert validator.validate(document), validator.error_log
    assert b"intro.heading.nos-partenaires" in path.read_bytes()
    if kind == "xliff":  # the room in the layout as XLIFF 1.2's size restriction
        [unit] = document.xpath("//x:trans-unit[starts-with(@id, 'intro.paragraph.une-ville')]",
                                namespaces={"x": "urn:oasis:names:tc:xliff:document:1.2"})
        assert unit.get("size-unit") == "row" and int(unit.get("maxheight")) >= 2


# -- stale units ------------------------------------------------------------------

def test_a_source_edit_makes_exactly_that_unit_stale_and_an_old_export_is_refused(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    exported = tmp_path / "de.po"
    assert cli("translate", "export", project, "--lang", "de", "--format", "po", "-o", exported) == 0
    fill(exported, "po")
    assert cli("translate", "import", exported, project) == 0
    section = project / "content" / "sections" / "01-intro.yaml"
    old = "Les échanges culturels rapprochent les habitants."
    section.write_text(section.read_text(encoding="utf-8").replace(old, old[:-1] + " des deux villes."),
                       encoding="utf-8")
    capsys.readouterr()
    assert cli("translate", "status", project, "--json") == 0
    status = {entry["language"]: entry for entry in json.loads(capsys.readouterr().out)}
    assert status["de"]["stale"] == 1 and status["de"]["missing"] == 0 and status["de"]["translated"] == 9
    [stale] = status["de"]["stale_units"]
    assert stale["id"] == "intro.paragraph.les-echanges-culturels-rapprochent-les"
    assert stale["where"].startswith("content/sections/01-intro.yaml:")
    before = content_files(project) | {"store": (project / "content" / ".translations.yaml").read_text()}
    assert cli("translate", "import", exported, project) == 2
    error = capsys.readouterr().err
    assert "refused [de] intro.paragraph.les-echanges-culturels-rapprochent-les" in error
    assert "the source changed since the export" in error and "nothing imported" in error
    assert content_files(project) | {"store": (project / "content" / ".translations.yaml").read_text()} == before
    # exported again, the stale unit is offered for review; sent back unchanged, it stays stale
    again = tmp_path / "again.po"
    assert cli("translate", "export", project, "--lang", "de", "--format", "po", "-o", again) == 0
    [fuzzy] = [entry for entry in polib.pofile(str(again)) if "fuzzy" in entry.flags]
    assert fuzzy.msgctxt == stale["id"] and fuzzy.msgstr.startswith("DE Les échanges")
    assert cli("translate", "import", again, project) == 0
    capsys.readouterr()
    assert cli("translate", "status", project, "--json") == 0
    [german_status] = [entry for entry in json.loads(capsys.readouterr().out) if entry["language"] == "de"]
    assert german_status["stale"] == 1


# -- draft builds -----------------------------------------------------------------

def test_draft_builds_with_most_units_missing_and_marks_them(
        project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "output"
    build(Project.at(project, output=output), run_preflight=False)  # `de` declared, not in the edition: fine
    exported = tmp_path / "de.po"
    assert cli("translate", "export", project, "--lang", "de", "--format", "po", "-o", exported) == 0
    fill(exported, "po", keep=1)  # one unit of ten translated: 90 % missing
    assert cli("translate", "import", exported, project) == 0
    set_columns(project, "[fr, de]")
    with pytest.raises(ErrorList) as caught:
        build(Project.at(project, output=output), run_preflight=False)
    messages = [str(error) for error in caught.value.errors]
    assert len(messages) == 9
    assert all(re.match(r"content/(sections/01-intro|brochure)\.yaml:\d+:\d+: missing language 'de'", message)
               for message in messages), messages
    capsys.readouterr()
    assert cli("build", project, "--output", output, "--no-preflight") == 2
    assert capsys.readouterr().err.count("missing language 'de'") == 9
    assert cli("build", project, "--output", output, "--draft", "--no-preflight") == 0  # 1 page: no booklet
    summary = capsys.readouterr().out
    assert summary.count("draft: 'de' missing") == 9
    assert "aix" not in summary
    [draft] = output.glob("*-draft.pdf")
    text = pdf_text(draft)
    assert text.count("[DE?]") >= 9
    assert "[DE?] Les échanges culturels" in text.replace("\n", " ")
    streams = b"".join(page.get_contents().get_data() for page in PdfReader(draft).pages)
    assert b"0 1 0 0 k" in streams  # the proof colour, process magenta


# -- pseudo-localisation and fit ---------------------------------------------------------

def test_pseudo_text_is_longer_accented_bracketed_and_keeps_placeholders() -> None:
    source = "{population} habitants, une ville ouverte sur le monde"
    pseudo = pseudo_text(source)
    assert pseudo.startswith("[{population} ") and pseudo.endswith("]")
    assert len(pseudo) >= 1.3 * len(source)
    assert "é" in pseudo and "à" in pseudo
    assert all(ord(char) < 256 for char in pseudo)  # Latin-1: every text face has the glyphs
    named = pseudo_text("Aix-en-Provence, une ville", keep=("Aix-en-Provence",))  # names stay as written
    assert named.startswith("[Aix-en-Provence, ") and len(named) >= 1.3 * len("Aix-en-Provence, une ville")


def test_pseudo_build_and_fit_on_a_small_brochure(project: Path, tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "output"
    assert cli("build", project, "--output", output, "--pseudo", "--no-preflight") == 0
    [pseudo] = output.glob("*-pseudo.pdf")
    assert "[Îñtrõdüçtîõñ" in pdf_text(pseudo).replace("\n", "") or "Îñtr" in pdf_text(pseudo)
    capsys.readouterr()
    code = cli("translate", "fit", project, "--pseudo")
    out = capsys.readouterr().out
    assert code in (0, 1)
    assert out.splitlines()[-1].startswith("fit [fr/en]: ")
    for line in out.splitlines()[:-1]:
        assert re.match(r"content/\S+\.yaml:\d+:\d+: page \d+: \[en\] \S+: \d+ lines where the \[fr\] text takes \d+",
                        line), line


def test_fit_names_the_unit_that_overflows_a_card(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    section = project / "content" / "sections" / "01-intro.yaml"
    long_label = " ".join(["Partnerstädte und Austauschprogramme"] * 12)
    section.write_text(section.read_text(encoding="utf-8") + f"""\
  - figures:
      items:
        - value: {{fr: "15 villes", en: "15 cities", de: "15 Städte"}}
          label: {{fr: "partenaires", en: "partners", de: "{long_label}"}}
""", encoding="utf-8")
    styles = project / "layout" / "styles.yaml"
    figure_styles = ("  figure-value: {parent: body, bold: true, size: 12pt, leading: 14pt}\n"
                     "  figure-label: {parent: body, align: left}\n  figures-title: {parent: heading}\n")
    styles.write_text(styles.read_text(encoding="utf-8").replace("styles:\n", "styles:\n" + figure_styles, 1)
                      + "boxes:\n  key-figures: {padding: 2mm, max_height: 25mm}\n", encoding="utf-8")
    line = len(section.read_text(encoding="utf-8").splitlines())
    capsys.readouterr()
    assert cli("translate", "fit", project, "--lang", "de") == 1
    out = capsys.readouterr().out.splitlines()
    assert re.match(rf"content/sections/01-intro\.yaml:{line}:\d+: page 1: \[de\] intro\.figures\.label\.\S+: "
                    r"key figures .* does not fit its frame", out[0]), out
    assert "1 overflowing" in out[-1] and "could not be set" not in out[-1]  # the rest is measured still
    assert re.search(r": \d+ pages \(the edition as it is: \d+\)", out[-1])


@pytest.mark.slow
def test_pseudo_and_fit_run_on_the_aix_brochure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "aix"
    for part in ("content", "layout", "fonts", "profiles", "images"):
        shutil.copytree(REPOSITORY / part, root / part)
    capsys.readouterr()
    # the pseudo proof is written whatever overflows; a key figure's bound number and word, 35 %
    # longer, is wider than its column: a warning naming its unit, set in the source in the proof
    assert cli("build", root, "--pseudo", "-v") == 0
    out = capsys.readouterr()
    assert list((root / "output").glob("*-pseudo.pdf"))
    assert re.search(r"warning: content/sections/02-city\.yaml:\d+:\d+: page \d+: \[en\] city\.figures\.value\.\S+: "
                     r"the word .* is wider than its column", out.err + out.out)
    code = cli("translate", "fit", root, "--pseudo")
    lines = capsys.readouterr().out.splitlines()
    summary = lines[-1]
    assert summary.startswith("fit [fr/en]: ")
    pages = re.search(r": (\d+) pages \(the edition as it is: (\d+)\); (\d+) overflowing", summary)
    assert pages is not None and int(pages[3]) >= 1 and code == 1  # every row listed, not "could not be set"
    assert any(re.match(r"content/sections/\S+\.yaml:\d+:\d+: page \d+: ", line) for line in lines)
    # the cards that grow are listed, at their description
    assert any(re.match(r"content/cards/cities\.yaml:\d+:\d+: page \d+: \[en\] bath\.description: its card takes "
                        r"(\d+) lines where the \[fr\] one takes \d+", line) for line in lines), lines


def test_card_texts_are_exported_and_imported_and_shared_lines_are_not(tmp_path: Path,
                                                                        capsys: pytest.CaptureFixture[str]) -> None:
    """The partner cities are cards typed by the layout: their texts go to translators and
    come back into content/cards/; an address line written once for every language goes too
    (its translation may differ: France, Frankreich) and comes back as a text per language.
    The content and layout only: the export needs no font (without them it skips measuring each
    unit's room in lines, which would lay out the whole brochure; the room is checked on a small one)."""
    root = tmp_path / "aix"
    for part in ("content", "layout"):
        shutil.copytree(REPOSITORY / part, root / part)
    exported = tmp_path / "he.po"
    assert cli("translate", "export", root, "--lang", "he", "--format", "po", "-o", exported) == 0
    entries = {entry.msgctxt: entry for entry in polib.pofile(str(exported))}
    assert "bath.description" in entries and "bath.name" in entries
    address = [entry for entry in entries.values() if entry.msgctxt.startswith("contact.address.")]
    assert [entry.msgid for entry in address] == ["Hôtel de Ville d’Aix-en-Provence", "13616 Aix-en-Provence Cedex 1",
                                                  "France"]
    assert all(entry.msgstr == entry.msgid and "written once for every language" in entry.comment
               for entry in address)
    polib_file = polib.pofile(str(exported))
    for entry in polib_file:
        if entry.msgctxt == "bath.description":
            entry.msgstr = "עיר מורשת עולמית של אונסק״ו."
        if entry.msgid == "France":
            entry.msgstr = "צרפת"
    polib_file.save(str(exported))
    assert cli("translate", "import", exported, root) == 0
    cities = (root / "content" / "cards" / "cities.yaml").read_text(encoding="utf-8")
    assert "he: עיר מורשת עולמית של אונסק״ו." in cities
    back_cover = (root / "content" / "back-cover.yaml").read_text(encoding="utf-8")
    assert "  - {fr: France, en: France, ja: France, ar: France, he: צרפת}\n" in back_cover
    assert "  - 13616 Aix-en-Provence Cedex 1\n" in back_cover  # unchanged: still one string
    capsys.readouterr()
    assert cli("translate", "status", root, "--json") == 0
    status = {row["language"]: row for row in json.loads(capsys.readouterr().out)}
    assert status["he"]["units"] == status["ja"]["units"] > 140  # the 45 card texts counted


def test_placeholders_are_read_as_the_loader_reads_them():
    """A card field may be named area_km2 or Name: a translator is told to keep it, an import that
    drops it is refused, and a pseudo-localised text keeps it as it is."""
    from brochure.translate.exchange import placeholders_of
    from brochure.translate.pseudo import pseudo_text

    assert placeholders_of("{area_km2} km², {Name}") == ["{area_km2}", "{Name}"]
    assert placeholders_of("unpaired { brace") == []
    pseudo = pseudo_text("{area_km2} km² and {population} people")
    assert "{area_km2}" in pseudo and "{population}" in pseudo
