"""Bad input never costs a PDF: each mistake gives exit 2 and one line naming the file
(and line), no traceback, and leaves the previous PDF byte for byte."""

from __future__ import annotations

import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pypdf
import pytest

from brochure import cli
from tests.pdf_reading import squash, text_lines

pytestmark = pytest.mark.slow
PDF = Path("output") / "aix-international-strategy.pdf"


def run_build(folder: Path):
    return subprocess.run([sys.executable, "-m", "brochure", "build", str(folder), "--edition", "fr-en"],
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """A brochure folder built once; each test copies it with its previous PDF."""
    from tests.conftest import copy_project
    folder = copy_project(tmp_path_factory.mktemp("built") / "brochure")
    assert run_build(folder).returncode == 0
    return folder


@pytest.fixture
def brochure(built, tmp_path):
    import shutil
    target = tmp_path / "brochure"
    shutil.copytree(built, target)
    return target


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims a size and holds no pixels (as a bomb would)."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)) + \
        chunk(b"IEND", b"")


def add_image(folder: Path, city: str, relative: str) -> None:
    replace(folder / "content" / "cards" / "cities.yaml", f"  - id: {city}\n",
            f"  - id: {city}\n    image: {relative}\n")


BILLION_LAUGHS = "\n".join(["a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]"] +
                           [f"{chr(98 + i)}: &{chr(98 + i)} [{','.join(['*' + chr(97 + i)] * 9)}]" for i in range(8)])


def mistake(name: str, folder: Path) -> str:
    """Make one mistake in the folder; return the file the message must name."""
    content = folder / "content"
    if name == "yaml-syntax":
        replace(content / "cards" / "cities.yaml", "    population: 84000", "    population: [84000")
        return "content/cards/cities.yaml:"
    if name == "missing-language":
        replace(content / "sections" / "02-city.yaml",
                "      en: >-\n        A university city of culture, art, history, and entrepreneurial\n"
                "        innovation, Aix-en-Provence combines quality of life with economic\n"
                "        innovation.\n", "")
        return "content/sections/02-city.yaml:"
    if name == "misspelt-key":
        replace(content / "cards" / "cities.yaml", "    population: 84000", "    popluation: 84000")
        return "content/cards/cities.yaml:"
    if name == "population-as-text":
        replace(content / "cards" / "cities.yaml", "    population: 84000", '    population: "84 000"')
        return "content/cards/cities.yaml:"
    if name == "missing-image":
        add_image(folder, "bath", "images/bath.jpg")
        return "content/cards/cities.yaml:"
    if name == "corrupt-image":
        (folder / "images" / "bath.jpg").write_bytes(b"\xff\xd8\xff\xe0 this is not really a JPEG")
        add_image(folder, "bath", "images/bath.jpg")
        return "content/cards/cities.yaml:"
    if name == "image-outside":
        add_image(folder, "bath", "../../etc/passwd")
        return "content/cards/cities.yaml:"
    if name == "image-link-outside":
        (folder / "images" / "elsewhere.png").symlink_to("/usr/share/pixmaps/debian-logo.png")
        add_image(folder, "bath", "images/elsewhere.png")
        return "content/cards/cities.yaml:"
    if name == "huge-image":
        (folder / "images" / "huge.png").write_bytes(png_header_only(50_000, 50_000))
        add_image(folder, "bath", "images/huge.png")
        return "content/cards/cities.yaml:"
    if name == "unknown-locale":
        replace(content / "brochure.yaml", "locale: fr_FR", "locale: fr_XX")
        return "content/brochure.yaml:"
    if name == "unknown-placeholder":
        replace(content / "brochure.yaml", '"{population} inhabitants', '"{inhabitants} inhabitants')
        return "content/brochure.yaml:"
    if name == "unpaired-brace":
        replace(content / "brochure.yaml", '"since {partner_since}"', '"since {partner_since"')
        return "content/brochure.yaml:"
    if name == "duplicate-edition":
        replace(folder / "layout" / "editions.yaml", "name: en-fr", "name: fr-en")
        return "layout/editions.yaml:"
    if name == "duplicate-output-file":
        replace(folder / "layout" / "editions.yaml", "  - name: en\n",
                "  - name: en\n    file: aix-international-strategy-fr\n")
        return "layout/editions.yaml:"
    if name == "edition-language-not-in-content":
        replace(folder / "layout" / "editions.yaml", "languages: [en]", "languages: [de]")
        return "layout/editions.yaml:"
    if name == "unknown-binding":
        replace(folder / "layout" / "editions.yaml", "binding: saddle-stitch", "binding: saddle")
        return "layout/editions.yaml:"
    if name == "four-languages":
        replace(folder / "layout" / "editions.yaml", "languages: [en]", "languages: [en, fr, en, fr]")
        return "layout/editions.yaml:"
    if name == "alias-bomb":
        (content / "brochure.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
        return "content/brochure.yaml:"
    raise ValueError(name)


@pytest.mark.parametrize("name", ["yaml-syntax", "missing-language", "misspelt-key", "population-as-text",
                                  "missing-image", "corrupt-image", "image-outside", "image-link-outside",
                                  "huge-image", "alias-bomb", "unknown-locale", "unknown-placeholder",
                                  "unpaired-brace", "duplicate-edition", "duplicate-output-file",
                                  "edition-language-not-in-content", "unknown-binding", "four-languages"])
def test_a_mistake_gives_exit_2_one_line_and_keeps_the_previous_pdf(brochure, name):
    before = (brochure / PDF).read_bytes()
    names = mistake(name, brochure)
    result = run_build(brochure)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: {names}"), lines[0]
    if name not in ("alias-bomb",):
        assert re.search(r":\d+:\d+: ", lines[0]), lines[0]  # the line and column
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert (brochure / PDF).read_bytes() == before
    assert not list((brochure / "output").glob(".*.tmp"))


HINTS = {
    "unknown-locale": "such as fr_FR",
    "unknown-placeholder": "known placeholders: {name}, {country}, {population}, {partner_since}, {description}",
    "duplicate-edition": "the other is at layout/editions.yaml:",
    "duplicate-output-file": "each edition needs its own output file",
    "edition-language-not-in-content": "expected one of: fr, en",
    "unknown-binding": "did you mean 'saddle-stitch'?",
}


@pytest.mark.parametrize("name", sorted(HINTS))
def test_a_mistake_in_editions_locales_and_labels_has_a_hint(brochure, name):
    mistake(name, brochure)
    result = run_build(brochure)
    assert result.returncode == 2, result.stderr
    assert "(hint: " in result.stderr and HINTS[name] in result.stderr, result.stderr


def test_a_layout_without_a_blank_template_pads_with_plain_pages(brochure):
    pages = brochure / "layout" / "pages.yaml"
    replace(pages, "  blank: {}", "")
    # no filler pages either (notes): the pages the binding needs are left blank, and said so
    pages.write_text(re.sub(r"^fillers:.*\n(  - .*\n)+", "", pages.read_text(encoding="utf-8"), flags=re.M),
                     encoding="utf-8")
    editions = brochure / "layout" / "editions.yaml"
    editions.write_text(editions.read_text(encoding="utf-8") +
                        "  - {name: short, languages: [fr, en], sections: [strategy]}\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "brochure", "build", str(brochure), "--edition", "short",
                             "--no-preflight"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    # cover, the strategy section, back cover: three pages, padded to four
    # the warning points at the edition, whose binding asks for the page multiple
    line = len(editions.read_text(encoding="utf-8").splitlines())
    assert re.search(rf"^warning: layout/editions\.yaml:{line}:\d+: pages [0-9, ]+: left blank", result.stderr,
                     re.MULTILINE), result.stderr
    assert len(pypdf.PdfReader(brochure / "output" / "aix-international-strategy-short.pdf").pages) % 4 == 0


def test_imposing_an_edition_that_is_not_saddle_stitched_says_why_not(brochure):
    replace(brochure / "layout" / "editions.yaml", "binding: saddle-stitch\n  - name: fr\n",
            "binding: flat\n  - name: fr\n")
    result = subprocess.run([sys.executable, "-m", "brochure", "build", str(brochure), "--edition", "en-fr",
                             "--format", "print,imposed"], capture_output=True, text=True)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert re.match(r"error: layout/editions\.yaml:\d+:\d+: edition 'en-fr' is bound flat", line), line
    assert "binding: saddle-stitch" in line



def test_markup_characters_in_content_print_literally(brochure):
    replace(brochure / "content" / "sections" / "01-strategy.yaml",
            "Dans un contexte de compétition entre les territoires",
            "R&D <b>bold</b> & <unknown> &amp; dans un contexte de compétition entre les territoires")
    result = run_build(brochure)
    assert result.returncode == 0, result.stderr
    text = squash("".join(line.text for line in text_lines(brochure / PDF)))
    assert squash("R&D <b>bold</b> & <unknown> &amp; dans un contexte") in text


def test_an_output_file_that_cannot_be_written_is_a_clear_error(brochure):
    """A folder where the PDF should go cannot be replaced, by root or anyone (a
    permission test would pass vacuously as root)."""
    target = brochure / PDF
    target.unlink()
    (target / "kept").mkdir(parents=True)
    result = run_build(brochure)
    assert result.returncode == 2, result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "cannot write" in line and "aix-international-strategy.pdf" in line and "Traceback" not in line
    assert (target / "kept").is_dir()


def test_an_output_path_that_is_a_file_is_a_clear_error(brochure):
    result = subprocess.run([sys.executable, "-m", "brochure", "build", str(brochure), "--edition", "fr-en", "--output",
                             str(brochure / "content" / "brochure.yaml")], capture_output=True, text=True)
    assert result.returncode == 2
    [line] = result.stderr.strip().splitlines()
    assert "cannot write" in line


def test_an_internal_error_exits_3_with_the_traceback_saved(monkeypatch, capsys, tmp_path):
    def broken(*arguments, **options):
        raise RuntimeError("something we did not foresee")
    monkeypatch.setattr("brochure.pipeline.build", broken)
    assert cli.main(["build", str(tmp_path)]) == 3
    error = capsys.readouterr().err
    assert "internal error" in error and "traceback saved in" in error
    saved = Path(re.search(r"traceback saved in (\S+);", error).group(1))
    assert "something we did not foresee" in saved.read_text()
    saved.unlink()
