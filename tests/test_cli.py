"""Command line: exit codes, one line per problem, previous output left intact."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow


def run(*arguments, cwd=None):
    return subprocess.run([sys.executable, "-m", "brochure", *arguments], capture_output=True,
                          text=True, cwd=cwd)


def test_build_writes_the_pdf(project_copy):
    result = run("build", str(project_copy))
    assert result.returncode == 0, result.stderr
    assert (project_copy / "output" / "aix-international-strategy.pdf").read_bytes().startswith(b"%PDF-")
    assert "16 pages" in result.stdout and "(print)" in result.stdout


def test_user_error_exits_2_with_one_line_and_keeps_the_previous_pdf(project_copy):
    assert run("build", str(project_copy)).returncode == 0
    pdf = project_copy / "output" / "aix-international-strategy.pdf"
    before = pdf.read_bytes()
    cities = project_copy / "content" / "cities.yaml"
    cities.write_text(cities.read_text(encoding="utf-8").replace("population: 84000", "popluation: 84000"),
                      encoding="utf-8")
    result = run("build", str(project_copy))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: content/cities.yaml:")
    assert "Traceback" not in result.stderr
    assert pdf.read_bytes() == before


def test_missing_content_folder_is_a_user_error(tmp_path):
    result = run("build", str(tmp_path))
    assert result.returncode == 2
    assert "no brochure.yaml" in result.stderr


def test_problems_in_content_and_layout_are_listed_together(project_copy):
    cities = project_copy / "content" / "cities.yaml"
    cities.write_text(cities.read_text(encoding="utf-8").replace("population: 84000", "popluation: 84000"),
                      encoding="utf-8")
    document = project_copy / "layout" / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace("bleed: 3mm ", "bleed: 3 millimetres "),
                        encoding="utf-8")
    result = run("build", str(project_copy))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("error: content/cities.yaml:") and "did you mean 'population'" in lines[0]
    assert lines[1].startswith("error: layout/document.yaml:") and "'page.bleed'" in lines[1]
