"""Command line: exit codes, one line per problem, previous output left intact."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def run(*arguments, cwd=None):
    return subprocess.run([sys.executable, "-m", "brochure", *arguments], capture_output=True,
                          text=True, cwd=cwd)


def test_one_build_writes_every_declared_edition(project_copy):
    result = run("build", str(project_copy))
    assert result.returncode == 0, result.stderr
    for stem, edition, pages in (("aix-international-strategy", "fr-en", 16),
                                 ("aix-international-strategy-en-fr", "en-fr", 16),
                                 ("aix-international-strategy-fr", "fr", 8),
                                 ("aix-international-strategy-en", "en", 8),
                                 ("aix-international-strategy-fr-ja", "fr-ja", 8),
                                 ("aix-international-strategy-fr-ar", "fr-ar", 8)):
        pdf = project_copy / "output" / f"{stem}.pdf"
        assert pdf.read_bytes().startswith(b"%PDF-"), stem
        assert f"{stem}.pdf ({edition}, print, {pages} pages)" in result.stdout
    assert "6 editions in" in result.stdout


def test_the_old_edition_option_names_the_new_one(project_copy):
    result = run("build", str(project_copy), "--edition", "print,screen")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [("error: --edition print: output formats are now chosen with --format "
                      "(hint: write --format print,screen)")]


def test_an_unknown_edition_is_a_user_error_listing_the_declared_ones(project_copy):
    result = run("build", str(project_copy), "--edition", "fr-de")
    assert result.returncode == 2
    assert result.stderr.startswith("error: layout/editions.yaml:")
    assert "no edition named 'fr-de'" in result.stderr and "fr-en" in result.stderr


def test_languages_build_an_ad_hoc_edition(project_copy):
    result = run("build", str(project_copy), "--languages", "en,fr", "--no-preflight", "--format", "print,imposed")
    assert result.returncode == 0, result.stderr
    assert "aix-international-strategy-en-fr.pdf (en-fr, print, 16 pages)" in result.stdout
    # the imposed file: the same pages, two to a sheet side
    assert "aix-international-strategy-en-fr-imposed.pdf (en-fr, imposed, 16 pages on 8 sheet sides)" \
        in result.stdout, result.stdout
    assert "1 edition in" in result.stdout
    result = run("build", str(project_copy), "--languages", "de,fr")
    assert result.returncode == 2
    assert "--languages: the content has no language 'de'" in result.stderr


def test_user_error_exits_2_with_one_line_and_keeps_the_previous_pdf(project_copy):
    assert run("build", str(project_copy), "--edition", "fr-en").returncode == 0
    pdf = project_copy / "output" / "aix-international-strategy.pdf"
    before = pdf.read_bytes()
    cities = project_copy / "content" / "cards" / "cities.yaml"
    cities.write_text(cities.read_text(encoding="utf-8").replace("population: 84000", "popluation: 84000"),
                      encoding="utf-8")
    result = run("build", str(project_copy), "--edition", "fr-en")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: content/cards/cities.yaml:")
    assert "Traceback" not in result.stderr
    assert pdf.read_bytes() == before


def test_missing_content_folder_is_a_user_error(tmp_path):
    result = run("build", str(tmp_path))
    assert result.returncode == 2
    assert "no brochure.yaml" in result.stderr


def test_problems_in_content_and_layout_are_listed_together(project_copy):
    section = project_copy / "content" / "sections" / "02-city.yaml"
    section.write_text(section.read_text(encoding="utf-8").replace("  - paragraph:", "  - paragrahp:", 1),
                       encoding="utf-8")
    document = project_copy / "layout" / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("bleed: 3mm ", "bleed: 3 millimetres "),
                        encoding="utf-8")
    result = run("build", str(project_copy))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("error: content/sections/02-city.yaml:") and "paragraph" in lines[0]
    assert lines[1].startswith("error: layout/document.yaml:") and "'page.bleed'" in lines[1]
