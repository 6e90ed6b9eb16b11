"""Files from strangers: names that would write outside the output folder, exchange files that
would wipe the source or lose another import's work, format specifications in placeholders,
control characters aimed at the terminal, hand-written files rewritten, and exits that leave
things behind. Each case is refused with exit 2 and one line naming the file (issue 28)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import polib
import pytest
from lxml import etree

from brochure.cli import main
from brochure.errors import BrochureError
from brochure.load.content import load_content
from brochure.load.design import load_design
from brochure.translate.workflow import export_translation
from tests.harness import REPOSITORY, write_brochure
from tests.test_translate import brochure_yaml, content_files

X12 = "urn:oasis:names:tc:xliff:document:1.2"
NS = {"x": X12}


def cli(*arguments: object) -> int:
    return main([str(argument) for argument in arguments])


@pytest.fixture
def project(tmp_path: Path) -> Path:
    files = brochure_yaml()
    return write_brochure(tmp_path / "brochure", files["content"], files["layout"])


def with_brochure_yaml(tmp_path: Path, added: str) -> Path:
    """The test brochure with lines added at the end of content/brochure.yaml."""
    files = brochure_yaml()
    root = write_brochure(tmp_path / "brochure", files["content"], files["layout"])
    path = root / "content" / "brochure.yaml"
    path.write_text(path.read_text(encoding="utf-8") + added, encoding="utf-8")
    return root


def export(root: Path, kind: str, language: str = "de", path: Path | None = None) -> Path:
    data, _ = export_translation(root, root / "content", language, None, kind)
    path = path or root.parent / f"{language}-{kind}.{'po' if kind == 'po' else 'xlf'}"
    path.write_bytes(data)
    return path


def fill_po(path: Path, prefix: str = "DE ") -> None:
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        entry.msgstr = prefix + entry.msgid
    catalogue.save(str(path))


def fill_xliff12(path: Path, prefix: str = "DE ") -> etree._ElementTree:
    tree = etree.parse(str(path))
    for unit in tree.iterfind(".//x:trans-unit", NS):
        target = unit.find("x:target", NS)
        for child in list(target):
            target.remove(child)
        target.text = prefix + "".join(unit.find("x:source", NS).itertext())
        target.set("state", "translated")
    tree.write(str(path), xml_declaration=True, encoding="UTF-8")
    return tree


# -- 1. confinement ------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["../../escaped", "/tmp/brochure-escaped", "sub/escaped", "..", "a\\b"])
def test_a_document_name_that_leaves_the_output_folder_is_refused_at_its_line(
        tmp_path: Path, name: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = write_brochure(tmp_path / "brochure")
    document = root / "layout" / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("name: minimal", f"name: '{name}'"),
                        encoding="utf-8")
    line = document.read_text(encoding="utf-8").splitlines().index(f"name: '{name}'") + 1
    with pytest.raises(BrochureError) as raised:
        load_design(root / "layout", root)
    assert f"layout/document.yaml:{line}:" in str(raised.value)
    assert cli("build", root, "--output", tmp_path / "out" / "deep", "--no-preflight") == 2
    error = capsys.readouterr().err
    assert f"layout/document.yaml:{line}:" in error and "Traceback" not in error
    assert not list(tmp_path.rglob("*escaped*.pdf")) and not Path("/tmp/brochure-escaped.pdf").exists()


def test_an_edition_name_that_leaves_the_output_folder_is_refused_at_its_line(tmp_path: Path) -> None:
    root = write_brochure(tmp_path / "brochure")
    document = root / "layout" / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("edition:\n  columns: [fr, en]\n", ""),
                        encoding="utf-8")
    (root / "layout" / "editions.yaml").write_text(
        "editions:\n  - name: fr-en\n    languages: [fr, en]\n  - name: ../../x\n    file: fine\n"
        "    languages: [en, fr]\n", encoding="utf-8")
    with pytest.raises(BrochureError) as raised:
        load_design(root / "layout", root)
    assert "layout/editions.yaml:4:" in str(raised.value) and "../../x" in str(raised.value)


def test_every_output_path_stays_in_the_output_folder(tmp_path: Path) -> None:
    from brochure.load.paths import output_file

    folder = tmp_path / "output"
    assert output_file(folder, "aix.pdf") == folder / "aix.pdf"
    assert output_file(folder, "packages/aix") == folder / "packages" / "aix"
    for name in ("../aix.pdf", "/etc/aix.pdf", "packages/../../aix"):
        with pytest.raises(BrochureError, match="outside the output folder"):
            output_file(folder, name)
    folder.mkdir()
    (folder / "link").symlink_to(tmp_path)
    with pytest.raises(BrochureError, match="outside the output folder"):
        output_file(folder, "link/aix.pdf")


def test_a_content_file_linked_from_outside_the_brochure_is_refused(tmp_path: Path) -> None:
    root = write_brochure(tmp_path / "brochure")
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\nblocks:\n  - paragraph: {fr: Secret, en: Secret}\n", encoding="utf-8")
    (root / "content" / "sections" / "02-secret.yaml").symlink_to(outside)
    with pytest.raises(BrochureError) as raised:
        load_content(root / "content", root)
    assert "content/sections/02-secret.yaml" in str(raised.value) and "outside the brochure" in str(raised.value)
    # a link that stays inside is read as before
    (root / "content" / "sections" / "02-secret.yaml").unlink()
    inside = root / "drafts" / "02-inside.yaml"
    inside.parent.mkdir()
    inside.write_text(outside.read_text(encoding="utf-8"), encoding="utf-8")
    (root / "content" / "sections" / "02-inside.yaml").symlink_to(inside)
    assert [section.id for section in load_content(root / "content", root).sections] == ["intro", "secret"]


# -- 2. imports that cannot destroy -------------------------------------------------------

@pytest.mark.parametrize("kind", ["xliff", "xliff2", "po"])
def test_a_file_into_the_source_language_is_refused_and_changes_nothing(
        project: Path, kind: str, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(project, kind)
    if kind == "po":
        fill_po(path, "WIPED ")
        text = path.read_text(encoding="utf-8").replace("Language: de", "Language: fr")
    elif kind == "xliff":
        fill_xliff12(path, "WIPED ")
        text = path.read_text(encoding="utf-8").replace('target-language="de"', 'target-language="fr"')
    else:
        text = path.read_text(encoding="utf-8").replace('trgLang="de"', 'trgLang="fr"')
        text = re.sub(r"(<source[^>]*>)(.*?)(</source>)", r"\1\2\3<target>WIPED \2</target>", text)
        text = text.replace('state="initial"', 'state="translated"')
    path.write_text(text, encoding="utf-8")
    before = content_files(project)
    for extra in ([], ["--lang", "fr"]):
        assert cli("translate", "import", path, project, *extra) == 2
        error = capsys.readouterr().err
        assert "source language" in error and str(path) in error
        assert content_files(project) == before


def test_a_file_whose_source_language_is_not_the_brochures_is_refused(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(project, "xliff")
    fill_xliff12(path)
    path.write_text(path.read_text(encoding="utf-8").replace('source-language="fr"', 'source-language="it"'),
                    encoding="utf-8")
    before = content_files(project)
    assert cli("translate", "import", path, project, "--lang", "de") == 2
    assert "'it'" in capsys.readouterr().err
    assert content_files(project) == before


CONCURRENT = """
import sys, time
from pathlib import Path
from brochure.cli import main
start = float(sys.argv[3])
while time.time() < start:
    time.sleep(0.001)
sys.exit(main(["translate", "import", sys.argv[1], sys.argv[2], "--lang", sys.argv[4]]))
"""


@pytest.mark.slow  # four processes started together, 4 s of CPU
def test_four_imports_at_once_all_land(tmp_path: Path) -> None:
    import time

    root = with_brochure_yaml(tmp_path, "  it: {locale: it_IT, name: Italiano}\n"
                              "  es: {locale: es_ES, name: Español}\n  nl: {locale: nl_NL, name: Nederlands}\n")
    languages = ("de", "it", "es", "nl")
    paths = []
    for language in languages:
        path = export(root, "po", language)
        fill_po(path, language.upper() + " ")
        paths.append(path)
    start = time.time() + 3
    env = {**os.environ, "PYTHONPATH": str(REPOSITORY)}
    processes = [subprocess.Popen([sys.executable, "-c", CONCURRENT, str(path), str(root), str(start), language],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
                 for path, language in zip(paths, languages, strict=True)]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0, 0, 0, 0], results
    store = (root / "content" / ".translations.yaml").read_text(encoding="utf-8")
    intro = (root / "content" / "sections" / "01-intro.yaml").read_text(encoding="utf-8")
    for language in languages:
        assert f"\n{language}:\n" in store
        assert f"{language}: {language.upper()} Introduction" in intro
    counts = {language: len(re.findall(rf"^\s+{language}: ", intro, re.M)) for language in languages}
    assert len(set(counts.values())) == 1 and counts["de"] > 5, counts
    assert not list((root / "content").rglob("*.tmp"))


def test_a_designers_save_during_an_import_does_not_misplace_a_translation(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from brochure.translate import workflow

    path = export(project, "xliff")
    fill_xliff12(path)
    section = project / "content" / "sections" / "01-intro.yaml"
    real = workflow.apply_changes

    def designer_saves_first(*arguments, **options):  # the designer adds a paragraph at the top
        text = section.read_text(encoding="utf-8")
        section.write_text(text.replace("blocks:\n", "blocks:\n  - paragraph:\n      fr: Ajouté\n"
                                        "      en: Added\n", 1), encoding="utf-8")
        monkeypatch.setattr(workflow, "apply_changes", real)
        return real(*arguments, **options)

    monkeypatch.setattr(workflow, "apply_changes", designer_saves_first)
    assert cli("translate", "import", path, project) == 0
    brochure = load_content(project / "content", project, complete=False)
    for block in brochure.sections[0].blocks:
        text = getattr(block, "text", None)
        if text is None or "de" not in text.languages or "de" in text.missing:
            continue
        assert text.get("de") == "DE " + text.get("fr"), (text.get("fr"), text.get("de"))
    assert "Ajouté" in section.read_text(encoding="utf-8")


# -- 3. placeholders are names only --------------------------------------------------------

LABELS = """\
labels:
  city_facts:
    fr: "{population} habitants, {country}"
    en: "{written} inhabitants, {country}"
"""


@pytest.mark.parametrize("written", ["{population:>1500000000}", "{population:d}", "{population!r}",
                                     "{population:{country}}", "{population.real}", "{population[0]}"])
def test_a_placeholder_with_a_format_or_conversion_is_refused_at_load(
        tmp_path: Path, written: str) -> None:
    from brochure.load.placeholders import placeholder_problems

    problems = placeholder_problems(f"{written} inhabitants", ["population", "country"])
    assert problems and "name" in problems[0][0], problems
    assert placeholder_problems("{population} inhabitants, {{braces}}", ["population"]) == []


@pytest.mark.parametrize("written", ["{population:>1500000000}", "{population:d}", "{population!r}",
                                     "{population:{country}}"])
def test_a_translation_with_a_format_spec_is_refused_at_import(
        tmp_path: Path, written: str, capsys: pytest.CaptureFixture[str]) -> None:
    root = with_brochure_yaml(tmp_path, LABELS.replace("{written}", "{population}"))
    path = export(root, "po")
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        entry.msgstr = "DE " + entry.msgid
        if "{population}" in entry.msgid:
            entry.msgstr = entry.msgid.replace("{population}", written)
    catalogue.save(str(path))
    before = content_files(root)
    assert cli("translate", "import", path, root) == 2
    error = capsys.readouterr().err
    assert "format" in error and "content/brochure.yaml:" in error
    assert content_files(root) == before


def test_a_label_with_a_format_spec_in_the_content_is_refused_with_its_line(tmp_path: Path) -> None:
    from brochure.load.validate import check_placeholders

    root = with_brochure_yaml(tmp_path, LABELS.replace("{written}", "{population:d}"))
    brochure = load_content(root / "content", root, complete=False)
    label = dict(brochure.labels)["city_facts"]
    [problem] = check_placeholders("city_facts", label, ["population", "country"])
    assert "content/brochure.yaml:" in str(problem) and "{population:d}" in str(problem)


# -- 6. nothing raw to the terminal -------------------------------------------------------

PROFILE = REPOSITORY / "profiles" / "FOGRA39.icc"
FORGED = "\x1b[2J\x1b[H\x9b31mPASS\r\x07"


def test_strings_from_a_po_file_reach_the_terminal_escaped(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(project, "po")
    catalogue = polib.pofile(str(path))
    for entry in catalogue:
        entry.msgstr = "DE " + entry.msgid
    catalogue.append(polib.POEntry(msgctxt="unknown" + FORGED, msgid="Not in the content", msgstr="Nicht"))
    catalogue.append(polib.POEntry(msgctxt="", msgid="Nowhere" + FORGED, msgstr="Nirgends"))
    catalogue.save(str(path))
    cli("translate", "import", path, project)
    printed = capsys.readouterr()
    shown = printed.out + printed.err
    assert "unknown" in shown and "Nowhere" in shown
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown), repr(shown)
    assert "\\x1b[2J" in shown


def test_strings_from_an_exchange_file_in_errors_reach_the_terminal_escaped(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(project, "xliff")
    fill_xliff12(path)
    path.write_text(path.read_text(encoding="utf-8").replace('target-language="de"',
                                                             'target-language="zz&#x9b;2J&#13;&#x202e;PASS"'),
                    encoding="utf-8")  # XML 1.0 allows C1 controls, CR and bidi overrides, not ESC
    assert cli("translate", "import", path, project) == 2
    error = capsys.readouterr().err
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", error), repr(error)
    assert "zz\\x9b2J\\r\\u202ePASS" in error


def test_strings_from_a_pdf_reach_the_terminal_escaped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    intent = pikepdf.Dictionary(Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
                                OutputConditionIdentifier=pikepdf.String(FORGED),
                                Info=pikepdf.String("Info" + FORGED),
                                DestOutputProfile=pdf.make_stream(PROFILE.read_bytes(), N=4))
    pdf.Root.OutputIntents = pikepdf.Array([intent])
    pdf.docinfo["/Title"] = "Title" + FORGED
    path = tmp_path / "forged.pdf"
    pdf.save(path)
    assert cli("preflight", path) == 1
    printed = capsys.readouterr()
    shown = printed.out + printed.err
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", shown), repr(shown)
    assert "\\x1b[2J" in shown


def test_the_escape_helper_keeps_text_and_shows_controls() -> None:
    from brochure.terminal import printable

    assert printable("Aix-en-Provence, إكس, 東京\tok") == "Aix-en-Provence, إكس, 東京\tok"
    assert printable("a\x1b[2Jb\rc\x9bd\u202ee\x00") == "a\\x1b[2Jb\\rc\\x9bd\\u202ee\\x00"
    assert printable("two\nlines") == "two\nlines"
    assert textwrap.dedent(printable("x")) == "x"


# -- 9. clean exits -----------------------------------------------------------------------

def test_a_folder_named_like_a_section_file_is_a_user_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "content" / "sections" / "02-folder.yaml").mkdir()
    assert cli("translate", "status", project) == 2
    error = capsys.readouterr().err
    assert "content/sections/02-folder.yaml" in error and "folder" in error and "internal" not in error


def blank_pdf(path: Path) -> Path:
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.save(path)
    return path


def test_preview_into_a_file_or_an_unwritable_folder_is_exit_2_naming_the_path(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import errno

    from brochure.preview import run

    pdf = blank_pdf(tmp_path / "blank.pdf")
    in_the_way = tmp_path / "in-the-way"
    in_the_way.write_text("a file where the preview folder goes", encoding="utf-8")
    assert cli("preview", tmp_path, "--file", pdf, "--output", in_the_way) == 2
    assert str(in_the_way) in capsys.readouterr().err
    for number, what in ((errno.EACCES, "Permission denied"), (errno.EROFS, "Read-only file system"),
                         (errno.ENOSPC, "No space left on device")):
        def refused(image, path, number=number, what=what):
            raise OSError(number, what, str(path))
        monkeypatch.setattr(run, "save_png", refused)
        assert cli("preview", tmp_path, "--file", pdf, "--output", tmp_path / "preview") == 2
        error = capsys.readouterr().err
        assert what in error and str(tmp_path / "preview") in error and "internal" not in error, error


def test_a_full_temporary_disk_is_exit_2_naming_the_temporary_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    import errno
    import tempfile

    pdf = blank_pdf(tmp_path / "blank.pdf")

    class FullDisk:
        def __init__(self, *arguments, **options):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", FullDisk)
    monkeypatch.setattr(tempfile, "mkdtemp", FullDisk)
    monkeypatch.setattr(tempfile, "mkstemp", FullDisk)
    assert cli("preflight", pdf) == 2
    error = capsys.readouterr().err
    assert "No space left on device" in error and tempfile.gettempdir() in error and "internal" not in error


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-8-sig"])
@pytest.mark.parametrize("kind", ["xliff", "po"])
def test_utf16_and_bom_led_exchange_files_import(project: Path, kind: str, encoding: str) -> None:
    path = export(project, kind)
    fill_po(path) if kind == "po" else fill_xliff12(path)
    text = path.read_text(encoding="utf-8")
    if kind == "xliff":
        text = text.replace("encoding='UTF-8'", f"encoding='{encoding.upper().removesuffix('-SIG')}'")
        text = text.replace('encoding="UTF-8"', f'encoding="{encoding.upper().removesuffix("-SIG")}"')
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data  # Windows' "Unicode": little-endian with its mark
    path.write_bytes(data)
    assert cli("translate", "import", path, project) == 0
    assert "de: DE Introduction" in (project / "content" / "sections" / "01-intro.yaml").read_text(encoding="utf-8")


def test_an_xliff_file_after_a_long_prolog_imports(project: Path) -> None:
    path = export(project, "xliff")
    fill_xliff12(path)
    text = path.read_text(encoding="utf-8")
    declaration, _, rest = text.partition("?>")
    comment = "<!-- " + "a translation tool's long licence notice. " * 400 + "-->\n"
    path.write_text(declaration + "?>\n" + comment + rest, encoding="utf-8")
    assert cli("translate", "import", path, project) == 0


def test_an_entity_of_the_files_dtd_is_refused_at_its_line_not_written(
        project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = export(project, "xliff")
    fill_xliff12(path)
    text = path.read_text(encoding="utf-8")
    declaration, _, rest = text.partition("?>")
    text = declaration + '?>\n<!DOCTYPE xliff [ <!ENTITY co "Gesellschaft"> ]>' + rest
    text = text.replace("DE Introduction", "DE Introduction &co;", 1)
    path.write_text(text, encoding="utf-8")
    line = next(number for number, content in enumerate(text.splitlines(), 1) if "&co;" in content)
    before = sorted((file.name, file.read_bytes()) for file in (project / "content").rglob("*.yaml"))
    assert cli("translate", "import", path, project) == 2
    error = capsys.readouterr().err
    assert f"{path}:{line}" in error and "&co;" in error and "Traceback" not in error
    assert sorted((file.name, file.read_bytes()) for file in (project / "content").rglob("*.yaml")) == before
    # a character reference is text: it imports as its character
    path.write_text(text.replace('<!DOCTYPE xliff [ <!ENTITY co "Gesellschaft"> ]>', "")
                    .replace("&co;", "&#228;"), encoding="utf-8")
    assert cli("translate", "import", path, project) == 0
    assert "DE Introduction ä" in (project / "content" / "sections" / "01-intro.yaml").read_text(encoding="utf-8")


def test_sigterm_cleans_up_like_sigint_and_exits_130(tmp_path: Path) -> None:
    import signal
    import time

    root = write_brochure(tmp_path / "brochure")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = {**os.environ, "TMPDIR": str(temporary), "PYTHONPATH": str(REPOSITORY)}
    # the `brochure` program, its preflight held up once its temporary folder is in place: the
    # signal arrives mid-build whatever the machine's speed (and with or without Ghostscript)
    code = ("import sys, time\nimport brochure.preflight.run as run\noriginal = run.preflight\n"
            "def held(*arguments, **options):\n    time.sleep(120)\n    return original(*arguments, **options)\n"
            f"run.preflight = held\nfrom brochure.cli import main\nsys.argv = ['brochure', 'build', {str(root)!r}]\n"
            "sys.exit(main())")
    process = subprocess.Popen([sys.executable, "-c", code], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not any(temporary.iterdir()) and process.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    assert process.poll() is None, "the build ended before it made a temporary file"
    time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    _, error = process.communicate(timeout=60)
    assert process.returncode == 130, error
    assert "interrupted" in error
    assert list(temporary.iterdir()) == []
    assert not [path for path in root.rglob("*") if path.name.endswith(".tmp")]


def test_watch_notices_its_folder_is_gone_and_says_so_once(tmp_path: Path) -> None:
    import threading

    from brochure.pipeline import Project
    from brochure.watch.loop import watch
    from brochure.watch.session import WatchSession

    root = write_brochure(tmp_path / "brochure")
    session = WatchSession(Project.at(root), None, ("print",), False, False)
    stop = threading.Event()
    outcome: list[BaseException | None] = []
    ready = threading.Event()

    def run() -> None:
        try:
            watch(session, lambda rebuild, paths: None, lambda folders: ready.set(), stop)
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001  # handed to the test
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(120)
    root.rename(tmp_path / "renamed")
    thread.join(20)
    stop.set()
    thread.join(5)
    assert outcome and isinstance(outcome[0], BrochureError), outcome
    assert str(root) in str(outcome[0]) and "gone" in str(outcome[0])


# -- 8. round-trip-safe writes ------------------------------------------------------------

HAND_WRITTEN = (
    "\ufeff---\r\n"
    "# Introduction, written by hand on Windows\r\n"
    "id: intro          # aligned\r\n"
    "title:\r\n"
    '  fr: "Introduction\\u00a0!"   # aligned\r\n'
    "  en: Introduction              # aligned\r\n"
    "blocks:\r\n"
    "  - heading: {fr: Nos partenaires, en: Our partners}\r\n"
    "  - paragraph:\r\n"
    "      fr: Une ville ouverte\r\n"
    "        sur le monde.\r\n"
    "      en: 'A city open\r\n"
    "        to the world.'\r\n"
    "  - paragraph:\r\n"
    "      fr: >\r\n"
    "        Plié\r\n"
    "        sur deux lignes.\r\n"
    '      en: "Folded \\\r\n'
    '        twice."\r\n'
)


def only_added(before: str, after: str) -> list[str]:
    """The lines `after` adds to `before` (and keys added at the end of a one-line `{…}` unit);
    AssertionError when it changes or drops anything else."""
    import difflib

    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "replace" and i2 - i1 == j2 - j1:
            for was, now in zip(old[i1:i2], new[j1:j2], strict=True):
                assert was.endswith("}\r\n") and now.startswith(was[:-3] + ", ") and now.endswith("}\r\n"), (was, now)
                added.append(now[len(was) - 3:])
            continue
        assert tag in ("equal", "insert"), (tag, old[i1:i2], new[j1:j2])
        if tag == "insert":
            added += new[j1:j2]
    return added


def test_the_first_export_and_an_import_keep_a_hand_written_file_but_the_lines_they_add(tmp_path: Path) -> None:
    files = brochure_yaml()
    root = write_brochure(tmp_path / "brochure", files["content"], files["layout"])
    section = root / "content" / "sections" / "01-intro.yaml"
    section.write_bytes(HAND_WRITTEN.encode("utf-8"))
    path = export(root, "po")  # writes the ids of the units
    after_export = section.read_bytes().decode("utf-8")
    ids = only_added(HAND_WRITTEN, after_export)
    assert len(ids) == 3 and all(line.lstrip(", ").startswith("id:") and line.endswith("\r\n") for line in ids), ids
    fill_po(path)
    assert cli("translate", "import", path, root) == 0
    after_import = section.read_bytes().decode("utf-8")
    added = only_added(after_export, after_import)
    assert len(added) == 4 and all(line.endswith("\r\n") for line in added), added
    assert after_import.startswith("\ufeff---\r\n")
    assert "de: DE Introduction\u00a0!" in after_import or 'de: "DE Introduction\\u00a0!"' in after_import
    brochure = load_content(root / "content", root)
    texts = [block.text for block in brochure.sections[0].blocks[1:] if hasattr(block, "text")]
    assert [text.get("de").strip() for text in texts] == ["DE Une ville ouverte sur le monde.",
                                                          "DE Plié sur deux lignes."]
    # an import that replaces translations changes only their lines
    fill_po(path, "NEU ")
    assert cli("translate", "import", path, root) == 0
    again = section.read_bytes().decode("utf-8")
    assert again.count("NEU ") == 4 and "DE " not in again and again.count("\r\n") == after_import.count("\r\n")
    assert [line for line in again.splitlines() if "NEU" not in line] == \
        [line for line in after_import.splitlines() if "DE " not in line]


def test_a_line_that_cannot_be_kept_refuses_the_write_saying_which() -> None:
    from brochure.translate.line_keeping import UnkeptLine, keep_written

    def same(text: str) -> bool:
        return text == "a: 1\nb: 3\nc: 4\n"

    with pytest.raises(UnkeptLine) as raised:
        keep_written("a: 1\r\nb: 2\r\n", "a: 1\nb: 3\nc: 4\n", same, lambda lines, start, end: False)
    assert raised.value.number == 2
    assert keep_written("a: 1\r\nb: 2\r\n", "a: 1\nb: 3\nc: 4\n", same, lambda lines, start, end: True) == \
        "a: 1\r\nb: 3\r\nc: 4\r\n"
