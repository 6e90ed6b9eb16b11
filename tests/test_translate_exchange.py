"""Translation exchange as agencies' CAT tools round-trip it: states both ways, inline codes
for placeholders, character limits, locale codes as written, segments, translate-toolkit's
converters, TMX, and the failures each of these used to let through."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from lxml import etree

from brochure.cli import main
from brochure.load.content import load_content
from brochure.translate.inventory import inventory
from brochure.translate.workflow import assign_ids, export_translation, translation_status
from tests.harness import REPOSITORY, copy_brochure, write_brochure
from tests.test_translate import brochure_yaml, content_files

SCHEMAS = Path(__file__).resolve().parent / "fixtures" / "xliff-schemas"
X12 = "urn:oasis:names:tc:xliff:document:1.2"
X20 = "urn:oasis:names:tc:xliff:document:2.0"
NS = {"x": X12, "y": X20}
LABELS = """\
labels:
  city_facts:
    fr: "{population} habitants, {country}"
    en: "{population} inhabitants, {country}"
"""


def _with_unit_ids(root: Path) -> Path:
    """`root` with the id of every unit written, as the first export writes them (a YAML round
    trip of each content file, tested in test_translate.py): the tests here start from a copy."""
    assign_ids(root, root / "content")
    return root


@pytest.fixture(scope="module")
def project_with_ids(tmp_path_factory: pytest.TempPathFactory) -> Path:
    files = brochure_yaml()
    return _with_unit_ids(write_brochure(tmp_path_factory.mktemp("ids") / "brochure", files["content"],
                                         files["layout"]))


@pytest.fixture(scope="module")
def aix_with_ids(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped brochure's content and layout only: exports need no font nor image."""
    root = tmp_path_factory.mktemp("ids") / "aix"
    for part in ("content", "layout"):
        shutil.copytree(REPOSITORY / part, root / part)
    return _with_unit_ids(root)


@pytest.fixture
def project(tmp_path: Path, project_with_ids: Path) -> Path:
    return copy_brochure(project_with_ids, tmp_path / "brochure")


@pytest.fixture
def aix(tmp_path: Path, aix_with_ids: Path) -> Path:
    return Path(shutil.copytree(aix_with_ids, tmp_path / "aix"))


def cli(*arguments: object) -> int:
    return main([str(argument) for argument in arguments])


def export(root: Path, kind: str, language: str = "de", path: Path | None = None) -> Path:
    data, _ = export_translation(root, root / "content", language, None, kind)
    path = path or root.parent / f"{language}-{kind}.{'po' if kind == 'po' else 'xlf'}"
    path.write_bytes(data)
    return path


def status(root: Path, language: str = "de") -> dict[str, object]:
    [row] = [row.as_dict() for row in translation_status(root, root / "content") if row.language == language]
    return row


def units12(path: Path) -> dict[str, etree._Element]:
    return {unit.get("id"): unit for unit in etree.parse(str(path)).iterfind(".//x:trans-unit", NS)}


def set_target12(unit: etree._Element, text: str, state: str | None, approved: str | None = None) -> None:
    target = unit.find("x:target", NS)
    for child in list(target):
        target.remove(child)
    target.text = text
    if state is None:
        target.attrib.pop("state", None)
    else:
        target.set("state", state)
    if approved is None:
        unit.attrib.pop("approved", None)
    else:
        unit.set("approved", approved)


def save(element: etree._Element, path: Path) -> None:
    path.write_bytes(etree.tostring(element.getroottree(), xml_declaration=True, encoding="UTF-8"))


# -- 1. states both ways ---------------------------------------------------------------

def test_only_finished_targets_import_drafts_and_copied_sources_need_review(project: Path) -> None:
    path = export(project, "xliff")
    units = units12(path)
    ids = list(units)
    set_target12(units[ids[0]], "Testbroschüre", "translated")                 # finished
    set_target12(units[ids[1]], "Einleitung", "signed-off")                    # finished
    set_target12(units[ids[2]], "Unsere Partner", "needs-review-translation")  # a draft
    set_target12(units[ids[3]], "Schüleraustausch", "new")                     # a draft
    source = units[ids[4]].find("x:source", NS).text
    set_target12(units[ids[4]], source, "translated")                          # the source copied
    set_target12(units[ids[5]], units[ids[5]].find("x:source", NS).text, "final")  # the same word, confirmed
    save(units[ids[0]], path)
    before = content_files(project)["content/sections/01-intro.yaml"]
    assert cli("translate", "import", path, project) == 0
    row = status(project)
    assert row["translated"] == 3 and row["needs_review"] == 3 and row["missing"] == 7
    review = {unit["id"] for unit in row["needs_review_units"]}  # type: ignore[union-attr]
    assert review == {ids[2], ids[3], ids[4]}
    after = content_files(project)["content/sections/01-intro.yaml"]
    assert "de: Einleitung" in after and "Unsere Partner" not in after and "Schüleraustausch" not in after
    assert after.count("de: ") - before.count("de: ") == 2  # intro.title and the confirmed copy
    drafts = (project / "content" / ".translation-work.yaml").read_text(encoding="utf-8")
    assert "draft: Unsere Partner" in drafts and "draft: Schüleraustausch" in drafts
    # exported again, a draft is offered to finish, as needing review
    again = units12(export(project, "xliff", path=project.parent / "again.xlf"))
    target = again[ids[2]].find("x:target", NS)
    assert (target.text, target.get("state"), again[ids[2]].get("approved")) == \
        ("Unsere Partner", "needs-review-translation", None)
    assert [entry.msgstr for entry in polib.pofile(str(export(project, "po"))) if "fuzzy" in entry.flags] == \
        ["Unsere Partner", "Schüleraustausch", source]


def test_a_draft_revising_a_translation_is_counted_offered_and_proofed(project: Path) -> None:
    """A unit translated and finished, then sent back revised but not finished (needs review): the
    translation stays in the content, and the revision is what status counts under needs review,
    the next export offers to finish, and the draft build shows in its place."""
    from brochure.translate.draft import mark_missing, marker
    from brochure.translate.store import drafts, read_work
    from brochure.translate.workflow import load_incomplete

    path = export(project, "xliff")
    units = units12(path)
    first = next(iter(units))
    set_target12(units[first], "Testbroschüre", "final")
    save(units[first], path)
    assert cli("translate", "import", path, project) == 0
    assert status(project)["needs_review"] == 0
    revised = units12(export(project, "xliff", path=project.parent / "revised.xlf"))
    set_target12(revised[first], "Die Testbroschüre", "needs-review-translation")
    save(revised[first], project.parent / "revised.xlf")
    assert cli("translate", "import", project.parent / "revised.xlf", project) == 0
    row = status(project)
    assert [unit["id"] for unit in row["needs_review_units"]] == [first]  # type: ignore[union-attr]
    assert "Testbroschüre" in "".join(content_files(project).values())  # the translation stays
    target = units12(export(project, "xliff", path=project.parent / "again.xlf"))[first].find("x:target", NS)
    assert (target.text, target.get("state")) == ("Die Testbroschüre", "needs-review-translation")
    brochure = load_incomplete(project, project / "content")
    proofed = mark_missing(brochure, ("de",), {"de": drafts(read_work(project / "content"), "de")})
    [shown] = [unit.text for unit in inventory(proofed) if unit.id == first]
    assert shown.get("de") == marker("de") + "Die Testbroschüre" and "de" in shown.missing


@pytest.mark.parametrize("kind", ["po", "xliff2"])
def test_fuzzy_po_entries_and_initial_xliff2_segments_are_drafts(project: Path, kind: str) -> None:
    path = export(project, kind)
    if kind == "po":
        catalogue = polib.pofile(str(path))
        for entry in catalogue:
            entry.msgstr = "DE " + entry.msgid
            entry.flags.append("fuzzy")
        catalogue.save(str(path))
    else:
        root = etree.parse(str(path)).getroot()
        for segment in root.iterfind(".//y:segment", NS):
            etree.SubElement(segment, f"{{{X20}}}target").text = "DE " + segment.find("y:source", NS).text
        save(root, path)
    assert cli("translate", "import", path, project) == 0
    row = status(project)
    assert row["translated"] == 0 and row["needs_review"] == 10


def test_a_po_file_msgfmt_refuses_is_refused_at_its_line_and_nothing_is_written(project: Path, capsys) -> None:
    """polib reads through an unterminated string and took the next line as the translation
    ('unterminateThis brochure…' written into the content): the import stops at the line."""
    path = export(project, "po")
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        entry.msgstr = "DE " + entry.msgid
    catalogue.save(str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    broken = next(number for number, line in enumerate(lines) if line.startswith('msgstr "DE '))
    lines[broken] = lines[broken].rstrip('"')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    before = {file: file.read_bytes() for file in sorted((project / "content").rglob("*.yaml"))}
    assert cli("translate", "import", path, project) == 2
    said = capsys.readouterr().err
    assert f"{path}:{broken + 1}: cannot read the PO file: end of line within a string" in said, said
    assert {file: file.read_bytes() for file in sorted((project / "content").rglob("*.yaml"))} == before


def test_a_confirmed_stale_unit_is_no_longer_stale_and_exports_carry_the_previous_source(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(project, "po")
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        entry.msgstr = "DE " + entry.msgid
    catalogue.save(str(path))
    assert cli("translate", "import", path, project) == 0
    section = project / "content" / "sections" / "01-intro.yaml"
    old = "Les échanges culturels rapprochent les habitants."
    section.write_text(section.read_text(encoding="utf-8").replace(old, "Les échanges culturels rapprochent."),
                       encoding="utf-8")
    assert status(project)["stale"] == 1
    again = export(project, "po", path=project.parent / "again.po")
    [fuzzy] = [entry for entry in polib.pofile(str(again)) if "fuzzy" in entry.flags]
    assert fuzzy.previous_msgid == old  # `#| msgid`: the tool shows what changed
    xliff = export(project, "xliff")
    [alternative] = etree.parse(str(xliff)).iterfind(".//x:alt-trans/x:source", NS)
    assert alternative.text == old
    approved = [unit.get("approved") for unit in units12(xliff).values()]
    assert approved.count("yes") == 9 and approved.count(None) == 1
    xliff2 = export(project, "xliff2")
    assert f"the source this translation was made from: {old}".encode() in xliff2.read_bytes()
    # sent back still fuzzy: it stays stale; with the fuzzy flag cleared: confirmed
    assert cli("translate", "import", again, project) == 0
    assert status(project)["stale"] == 1
    catalogue = polib.pofile(str(again))
    for entry in catalogue:
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalogue.save(str(again))
    capsys.readouterr()
    assert cli("translate", "import", again, project) == 0
    assert "1 stale confirmed" in capsys.readouterr().out
    assert status(project)["stale"] == 0


def test_a_final_state_on_a_stale_xliff_unit_confirms_it(project: Path) -> None:
    path = export(project, "xliff")
    units = units12(path)
    for unit in units.values():
        set_target12(unit, "DE " + unit.find("x:source", NS).text, "translated")
    save(next(iter(units.values())), path)
    assert cli("translate", "import", path, project) == 0
    section = project / "content" / "sections" / "01-intro.yaml"
    section.write_text(section.read_text(encoding="utf-8").replace("Introduction\n", "Introduction générale\n", 1),
                       encoding="utf-8")
    assert status(project)["stale"] == 1
    again = export(project, "xliff", path=project.parent / "again.xlf")
    units = units12(again)
    [stale] = [unit for unit in units.values() if unit.find("x:target", NS).get("state") == "needs-review-translation"]
    stale.find("x:target", NS).set("state", "final")
    save(stale, again)
    assert cli("translate", "import", again, project) == 0
    assert status(project)["stale"] == 0


# -- 4. locale codes -----------------------------------------------------------------

@pytest.mark.parametrize("written", ["de-DE", "de_DE", "DE"])
def test_locale_codes_as_people_write_them_import_into_the_declared_language(project: Path, written: str) -> None:
    path = export(project, "xliff")
    root = etree.parse(str(path)).getroot()
    for file in root.iterfind("x:file", NS):
        file.set("target-language", written)
    for unit in root.iterfind(".//x:trans-unit", NS):
        set_target12(unit, "DE " + unit.find("x:source", NS).text, "translated")
    save(root, path)
    assert cli("translate", "import", path, project, "--lang", "de-DE") == 0
    assert status(project)["translated"] == 10
    assert "de-DE" not in (project / "content" / "brochure.yaml").read_text(encoding="utf-8")


def test_po_language_de_DE_imports_into_de(project: Path) -> None:
    path = export(project, "po")
    catalogue = polib.pofile(str(path))
    catalogue.metadata["Language"] = "de_DE"
    for entry in catalogue:
        entry.msgstr = "DE " + entry.msgid
    catalogue.save(str(path))
    assert cli("translate", "import", path, project) == 0
    assert status(project)["translated"] == 10


def test_a_file_in_another_language_than_asked_is_refused_and_changes_nothing(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(project, "xliff", language="en")
    for unit in (units := units12(path)).values():
        set_target12(unit, "DE " + unit.find("x:source", NS).text, "translated")
    save(next(iter(units.values())), path)
    before = content_files(project)
    capsys.readouterr()
    assert cli("translate", "import", path, project, "--lang", "de") == 2
    assert "the file translates into 'en', not into 'de' as asked (--lang)" in capsys.readouterr().err
    assert content_files(project) == before
    assert not (project / "content" / ".translations.yaml").exists()
    # without --lang: imported, but a replaced finished translation is said
    assert cli("translate", "import", path, project) == 0
    assert "10 of them replace a finished [en] translation" in capsys.readouterr().err


def test_a_file_from_another_brochure_is_refused(project: Path, aix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(aix, "xliff")
    for unit in (units := units12(path)).values():
        set_target12(unit, "DE " + (unit.find("x:source", NS).text or ""), "translated")
    save(next(iter(units.values())), path)
    before = content_files(project)
    capsys.readouterr()
    assert cli("translate", "import", path, project) == 2
    assert "the file was exported from another brochure ('strategie-internationale'" in capsys.readouterr().err
    assert content_files(project) == before


# -- 2. inline codes ---------------------------------------------------------------------

def test_placeholders_are_inline_codes_and_exports_validate(aix: Path) -> None:
    for kind, schema in (("xliff", "xliff-core-1.2-transitional.xsd"), ("xliff", "xliff-core-1.2-strict.xsd"),
                         ("xliff2", "xliff-core-2.0.xsd")):
        path = export(aix, kind)
        validator = etree.XMLSchema(etree.parse(str(SCHEMAS / schema)))
        document = etree.parse(str(path))
        assert validator.validate(document), validator.error_log
        if kind == "xliff":
            [source] = document.xpath("//x:trans-unit[@id='city_facts']/x:source", namespaces=NS)
            assert [(code.get("id"), code.get("equiv-text")) for code in source] == \
                [("1", "{population}"), ("2", "{country}")]
        else:
            [source] = document.xpath("//y:unit[@id='city_facts']//y:source", namespaces=NS)
            assert [(code.tag.split("}")[1], code.get("equiv")) for code in source] == \
                [("ph", "{population}"), ("ph", "{country}")]
    po = export(aix, "po")
    entry = polib.pofile(str(po)).find("city_facts", by="msgctxt")
    assert "python-brace-format" in entry.flags


def test_msgfmt_and_pofilter_catch_a_dropped_placeholder(aix: Path) -> None:
    path = export(aix, "po")
    if shutil.which("msgfmt"):  # the export itself passes
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert check.returncode == 0, check.stderr
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        entry.msgstr = entry.msgid.replace("{country}", "") if entry.msgctxt == "city_facts" else "X " + entry.msgid
    catalogue.save(str(path))
    pofilter = Path(sys.executable).parent / "pofilter"
    report = subprocess.run([str(pofilter), "--test=pythonbraceformat", "--test=variables", "--test=xmltags",
                             str(path)], capture_output=True, text=True)
    flagged = polib.pofile(report.stdout) if report.stdout.strip() else []
    assert [entry.msgctxt for entry in flagged if entry.msgid] == ["city_facts"], report.stderr
    if shutil.which("msgfmt"):  # gettext is no dependency: checked where it is installed
        check = subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert check.returncode != 0 and "argument 'country' doesn't exist in 'msgstr'" in check.stderr


def test_a_dropped_code_or_markup_is_refused_at_its_unit(aix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(aix, "xliff", language="ja")
    units = units12(path)
    for unit_id, unit in units.items():
        target = unit.find("x:target", NS)
        target.set("state", "translated")
        if unit_id == "city_facts":
            set_target12(unit, "人口 ", "translated")
            etree.SubElement(target, f"{{{X12}}}x", {"id": "1"})  # {country} dropped; the code without equiv-text
        elif unit_id == "bath.name":
            target.text = "<b>バース</b>"
    save(next(iter(units.values())), path)
    before = content_files(aix)
    capsys.readouterr()
    assert cli("translate", "import", path, aix) == 2
    error = capsys.readouterr().err
    assert re.search(r"content/brochure\.yaml:\d+:\d+: refused \[ja\] city_facts: the translation drops \{country\}",
                     error), error
    assert re.search(r"refused \[ja\] bath\.name: the translation holds markup '<b>'", error)
    assert content_files(aix) == before


def test_a_tools_formatting_code_dropped_from_a_target_is_refused_at_its_unit(
        aix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A CAT tool wraps text in <g> (1.2) when its source has it; a target that loses the code (or
    gains one) is refused, naming it, and nothing is written. One that keeps it imports."""
    path = export(aix, "xliff", language="ja")
    units = units12(path)
    for unit_id, unit in units.items():
        if unit_id not in ("bath.name", "coimbra.name"):
            continue
        source = unit.find("x:source", NS)
        text, source.text = source.text, None
        wrapped = etree.SubElement(source, f"{{{X12}}}g", {"id": "1"})
        wrapped.text = text
        set_target12(unit, "", "translated")
        target = unit.find("x:target", NS)
        if unit_id == "bath.name":
            target.text = "バース市"  # the <g> dropped
        else:
            kept = etree.SubElement(target, f"{{{X12}}}g", {"id": "1"})
            kept.text = "コインブラ（ポルトガル）"
    save(next(iter(units.values())), path)
    before = content_files(aix)
    capsys.readouterr()
    assert cli("translate", "import", path, aix) == 2
    error = capsys.readouterr().err
    assert re.search(r"refused \[ja\] bath\.name: the translation drops the code\(s\) <g 1>", error), error
    assert "coimbra.name" not in error
    assert content_files(aix) == before  # an import with a refused unit changes nothing
    assert cli("translate", "import", path, aix, "--partial") == 2  # the others imported; the refusal still said
    written = "".join(content_files(aix).values())
    assert "コインブラ（ポルトガル）" in written and "バース市" not in written


def test_codes_read_back_from_xliff2_ph_elements(project: Path, aix: Path) -> None:
    path = export(aix, "xliff2", language="ja")
    root = etree.parse(str(path)).getroot()
    for segment in root.iterfind(".//y:segment", NS):
        source = segment.find("y:source", NS)
        for old in segment.iterfind("y:target", NS):
            segment.remove(old)
        target = etree.SubElement(segment, f"{{{X20}}}target")
        target.text = "JA "
        for code in source:  # the codes kept, written without their equivalent text
            etree.SubElement(target, f"{{{X20}}}ph", id=code.get("id"))
        segment.set("state", "translated")
    save(root, path)
    assert cli("translate", "import", path, aix) == 0
    labels = (aix / "content" / "brochure.yaml").read_text(encoding="utf-8")
    assert "ja: JA {population}{country}" in labels or 'ja: "JA {population}{country}"' in labels


# -- 5. segments -------------------------------------------------------------------------

def test_xliff2_segments_and_ignorables_join_exactly(project: Path) -> None:
    path = export(project, "xliff2")
    root = etree.parse(str(path)).getroot()
    [unit] = root.xpath("//y:unit[starts-with(@id, 'intro.paragraph.la-ville-de-bath')]", namespaces=NS)
    [segment] = unit.iterfind("y:segment", NS)
    unit.remove(segment)
    for part, (source, target) in [("segment", ("La ville de BATH est", "Die Stadt BATH ist")),
                                   ("ignorable", (" ", None)),
                                   ("segment", ("notre plus ancienne partenaire.", "unsere älteste Partnerin."))]:
        element = etree.SubElement(unit, f"{{{X20}}}{part}")
        if part == "segment":
            element.set("state", "translated")
        etree.SubElement(element, f"{{{X20}}}source").text = source
        if target:
            etree.SubElement(element, f"{{{X20}}}target").text = target
    save(root, path)
    validator = etree.XMLSchema(etree.parse(str(SCHEMAS / "xliff-core-2.0.xsd")))
    assert validator.validate(etree.parse(str(path))), validator.error_log
    assert cli("translate", "import", path, project) == 0
    text = (project / "content" / "sections" / "01-intro.yaml").read_text(encoding="utf-8")
    assert "de: Die Stadt BATH ist unsere älteste Partnerin." in text


# -- 3. limits ---------------------------------------------------------------------------

def test_every_card_and_key_figure_unit_carries_a_character_limit(aix: Path) -> None:
    brochure = load_content(aix / "content", aix, complete=False)
    assert brochure is not None
    path = export(aix, "xliff")
    units = units12(path)
    fixed = [unit_id for unit_id in units if ".figures." in unit_id
             or unit_id.split(".")[-1] in ("name", "country", "description")]
    assert len(fixed) >= 62
    without = [unit_id for unit_id in fixed if units[unit_id].get("size-unit") != "char"]
    assert without == []
    # computed from the box: a card's description takes what its 62 mm leave (about ten lines
    # of some fifty characters), a key figure's value one line of its 20 pt style
    description = units["bath.description"]
    source = description.find("x:source", NS).text
    assert 1.5 * len(source) <= int(description.get("maxwidth")) <= 600
    value = units["city.figures.value.number-etudiants"]
    figure = "{number} étudiants"  # its source: a code and a word
    assert [code.get("equiv-text") for code in value.find("x:source", NS)] == ["{number}"]
    assert len(figure) <= int(value.get("maxwidth")) <= 20
    from brochure.translate.pseudo import pseudo_text  # the pseudo text, which overflows, is beyond it
    assert len(pseudo_text(figure)) > int(value.get("maxwidth"))
    japanese = units12(export(aix, "xliff", language="ja"))["bath.description"]
    assert int(japanese.get("maxwidth")) < int(description.get("maxwidth")) * 0.6  # ideographs are wider
    po = polib.pofile(str(export(aix, "po")))
    assert any(flag.startswith("max-length:") for flag in po.find("bath.description", by="msgctxt").flags)
    assert b'category="max-length"' in export(aix, "xliff2").read_bytes()


# -- 6. translate-toolkit's converters ----------------------------------------------------

def test_xliff2po_and_po2xliff_outputs_import(project: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bin_folder = Path(sys.executable).parent
    po = export(project, "po")
    catalogue = polib.pofile(str(po))
    for entry in catalogue:
        entry.msgstr = "DE " + entry.msgid
    catalogue.save(str(po))
    converted = tmp_path / "converted.xlf"
    subprocess.run([str(bin_folder / "po2xliff"), str(po), str(converted)], check=True, capture_output=True)
    assert b'version="1.1"' in converted.read_bytes()  # numeric ids, XLIFF 1.1, source-language en-US
    assert cli("translate", "import", converted, project) == 0
    assert status(project)["translated"] == 10
    # xliff2po drops msgctxt and X-Source-Language: matched on the source text
    other = export(project, "xliff", path=tmp_path / "x.xlf")
    back = tmp_path / "back.po"
    subprocess.run([str(bin_folder / "xliff2po"), str(other), str(back)], check=True, capture_output=True)
    catalogue = polib.pofile(str(back))
    assert not any(entry.msgctxt for entry in catalogue)
    for entry in catalogue:
        entry.msgstr = "NEU " + entry.msgid
    catalogue.save(str(back))
    capsys.readouterr()
    assert cli("translate", "import", back, project) == 2  # no Language header: said, nothing done
    assert "the PO file does not say its language" in capsys.readouterr().err
    assert cli("translate", "import", back, project, "--lang", "de") == 0
    assert "de: NEU Introduction" in (project / "content" / "sections" / "01-intro.yaml").read_text(encoding="utf-8")


def test_nothing_matched_is_an_error_and_duplicates_and_keyless_entries_are_warned(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = export(project, "po")
    catalogue = polib.pofile(str(po))
    for entry in catalogue:
        entry.msgstr = "DE " + entry.msgid
    twice = polib.POEntry(msgctxt=catalogue[1].msgctxt, msgid=catalogue[1].msgid, msgstr="Noch einmal")
    keyless = polib.POEntry(msgid="Un texte inconnu", msgstr="Ein unbekannter Text")
    catalogue.append(twice)
    catalogue.append(keyless)
    catalogue.save(str(po))
    capsys.readouterr()
    assert cli("translate", "import", po, project) == 0
    error = capsys.readouterr().err
    assert f"unit {catalogue[1].msgctxt} is in the file twice" in error
    assert "an entry without a unit id (msgctxt) whose source is not found once in the content" in error
    strange = project.parent / "strange.po"
    other = polib.POFile()
    other.metadata = {"Language": "de", "Content-Type": "text/plain; charset=UTF-8"}
    other.append(polib.POEntry(msgid="Nothing of this brochure", msgstr="Nichts"))
    other.save(str(strange))
    assert cli("translate", "import", strange, project) == 2
    assert "none of the file's 1 units is a unit of this brochure" in capsys.readouterr().err


# -- 7. TMX ------------------------------------------------------------------------------

def test_tmx_holds_every_translated_pair(aix: Path) -> None:
    output = aix / "memory.tmx"
    assert cli("translate", "export", aix, "--format", "tmx", "-o", output) == 0
    document = etree.parse(str(output))  # well-formed XML
    root = document.getroot()
    assert root.tag == "tmx" and root.get("version") == "1.4"
    assert root.find("header").get("srclang") == "fr"
    units = inventory(load_content(aix / "content", aix, complete=False))
    pairs = {(unit.id, code) for unit in units for code in ("en", "ja", "ar", "he")
             if unit.has(code) and not unit.text.shared}  # one string for all: no translation
    found = {(tu.get("tuid"), tuv.get("{http://www.w3.org/XML/1998/namespace}lang"))
             for tu in root.iter("tu") for tuv in tu.iter("tuv")}
    assert pairs and pairs <= found
    assert all((tu.get("tuid"), "fr") in found for tu in root.iter("tu"))
    [facts] = [tu for tu in root.iter("tu") if tu.get("tuid") == "city_facts"]
    assert [ph.text for ph in facts.find("tuv").iter("ph")] == ["{population}", "{country}"]


# -- 8. small things ---------------------------------------------------------------------

def test_status_json_survives_a_closed_pipe(aix: Path) -> None:
    """`brochure translate status --json | head -1`: the reader stops after a line; the status
    ends quietly with exit 0 (it ended in a traceback and exit 3)."""
    import fcntl

    read, write = os.pipe()
    fcntl.fcntl(write, fcntl.F_SETPIPE_SZ, 4096)  # a small pipe: the JSON (tens of kB) cannot all wait in it
    script = "import sys; from brochure.cli import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen([sys.executable, "-c", script, "translate", "status", str(aix), "--json"],
                               stdout=write, stderr=subprocess.PIPE)
    os.close(write)
    with os.fdopen(read, "rb") as reader:
        first = reader.readline()  # what `head -1` reads, then it closes the pipe
    _, error = process.communicate(timeout=120)
    assert first == b"[\n"
    assert process.returncode == 0, error.decode()
    assert b"Traceback" not in error and b"BrokenPipe" not in error


def test_whitespace_in_targets_is_normalised_and_no_blank_line_is_added(project: Path) -> None:
    section = project / "content" / "sections" / "01-intro.yaml"
    section.write_text(section.read_text(encoding="utf-8") + "# A closing comment, after the last unit.\n",
                       encoding="utf-8")
    path = export(project, "po")
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        entry.msgstr = "  DE\t" + entry.msgid.replace(" ", "\n  ", 1) + " \n"
        if entry.msgid.startswith("La coopération"):  # long: written folded (>-) before the comment
            entry.msgstr = " ".join(["Die dezentrale Zusammenarbeit unterstützt konkrete Projekte."] * 3)
    catalogue.save(str(path))
    before = content_files(project)
    assert cli("translate", "import", path, project) == 0
    after = content_files(project)
    section = after["content/sections/01-intro.yaml"]
    assert "de: DE Introduction\n" in section
    assert re.search(r"      de: >-\n(        \S.*\n){2,}      id: \S+\n# A closing comment", section), section[-400:]
    for name, text in after.items():
        assert text.count("\n\n") == before.get(name, "").count("\n\n"), name
    assert json.dumps(status(project))  # the status still reads the content


def test_a_draft_build_shows_the_drafts_as_needing_review(project: Path, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    from tests.test_translate import pdf_text, set_columns

    path = export(project, "po")
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        if entry.msgid == "Introduction":
            entry.msgstr = "Einführung"
            entry.flags.append("fuzzy")
    catalogue.save(str(path))
    assert cli("translate", "import", path, project) == 0
    set_columns(project, "[fr, de]")
    capsys.readouterr()
    assert cli("build", project, "--output", tmp_path / "output", "--draft", "--no-preflight") == 0
    out = capsys.readouterr().out
    assert out.count("draft: 'de' needs review") == 1 and out.count("draft: 'de' missing") == 9
    [draft] = (tmp_path / "output").glob("*-draft.pdf")
    assert "[DE?] Einführung" in pdf_text(draft).replace("\n", " ")


def test_export_needs_only_the_content_and_names_the_file_by_the_declared_code(
        aix: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert not (aix / "fonts").exists() and not (aix / "images").exists()
    assert cli("translate", "export", aix, "--lang", "ja_JP", "--format", "xliff2") == 0
    captured = capsys.readouterr()
    assert "wrote " + str(aix / "output" / "translations" / "ja.xlf") in captured.out
    assert "note: the layout could not be set" in captured.err and len(captured.err.splitlines()) == 1
    assert b'trgLang="ja"' in (aix / "output" / "translations" / "ja.xlf").read_bytes()


def test_xliff12_sentence_segments_keep_working(project: Path) -> None:
    """A CAT tool's 1.2 segmentation: <seg-source> and a target of <mrk mtype="seg"> sentences."""
    path = export(project, "xliff")
    units = units12(path)
    [unit] = [unit for unit_id, unit in units.items() if unit_id.startswith("intro.paragraph.la-ville-de-bath")]
    target = unit.find("x:target", NS)
    target.text = None
    target.set("state", "translated")
    for number, sentence in enumerate(("Die Stadt BATH ist", " ", "unsere älteste Partnerin."), 1):
        if sentence == " ":
            target[-1].tail = " "
            continue
        etree.SubElement(target, f"{{{X12}}}mrk", mtype="seg", mid=str(number)).text = sentence
    save(unit, path)
    assert cli("translate", "import", path, project) == 0
    text = (project / "content" / "sections" / "01-intro.yaml").read_text(encoding="utf-8")
    assert "de: Die Stadt BATH ist unsere älteste Partnerin." in text


def test_an_undeclared_language_is_refused_with_the_declaration_to_add(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(project, "po")
    catalogue = polib.pofile(str(path))
    catalogue.metadata["Language"] = "it-IT"
    catalogue.save(str(path))
    capsys.readouterr()
    assert cli("translate", "import", path, project) == 2
    assert "(hint: add 'it: {locale: it_IT, name: …}' under 'languages:'" in capsys.readouterr().err


def test_a_file_sent_back_unfilled_is_an_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    unfilled = export(project, "xliff")  # as it went out: nothing translated
    before = content_files(project)
    capsys.readouterr()
    assert cli("translate", "import", unfilled, project) == 2
    assert "nothing to import: 10 units of the file have no translation" in capsys.readouterr().err
    assert content_files(project) == before


def test_xliff2po_dropping_placeholders_is_refused_at_those_units(aix: Path, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    """xliff2po drops the inline codes: `{number} étudiants` comes out as `étudiants`. Those
    units are matched all the same and refused with what to keep; the others import."""
    exported = export(aix, "xliff", language="ar")
    converted = tmp_path / "ar.po"
    subprocess.run([str(Path(sys.executable).parent / "xliff2po"), str(exported), str(converted)], check=True,
                   capture_output=True)
    catalogue = polib.pofile(str(converted))
    for entry in catalogue:
        if entry.msgid and not entry.msgstr:
            entry.msgstr = "AR " + entry.msgid
    catalogue.save(str(converted))
    capsys.readouterr()
    assert cli("translate", "import", converted, aix, "--lang", "ar") == 2
    error = capsys.readouterr().err
    assert re.search(r"refused \[ar\] city\.figures\.value\.number-etudiants: the translation drops \{number\}", error)
    assert "is not in the content" not in error and "not found" not in error
    assert cli("translate", "import", converted, aix, "--lang", "ar", "--partial") == 2
    assert status(aix, "ar")["missing"] == 2
