"""Command-line conventions: --version, -q/-v, warnings that name a file (and a line where the
text is), shell completion generated from the parser."""

from __future__ import annotations

import os
import pty
import re
import shutil
import subprocess
import sys

import pytest

from brochure import __version__
from brochure.cli import main
from tests.harness import write_brochure

LOOSE = """
id: intro
title: {fr: Introduction, en: Introduction}
blocks:
  - paragraph:
      fr: Un texte avec des mots anticonstitutionnellement interminables.
      en: A text with extraordinarily incomprehensible unbreakable wordings.
"""
NARROW = """
name: narrow
page:
  trim: {width: 110mm, height: 160mm}
  bleed: 3mm
  slug: 12mm
  margins: {inner: 12mm, outer: 12mm, top: 15mm, bottom: 18mm}
  columns: 2
  gutter: 5mm
edition:
  columns: [fr, en]
hyphenation: {min_word_length: 40}
print:
  output_intent: {profile: profiles/FOGRA39.icc, condition: FOGRA39, description: Coated FOGRA39}
"""


def test_version(capsys):
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert re.fullmatch(r"brochure \d+\.\d+\.\d+\S*\n", capsys.readouterr().out)
    assert __version__ in subprocess.run([sys.executable, "-m", "brochure", "--version"],
                                         capture_output=True, text=True).stdout


def test_quiet_verbose_and_warnings_at_file_and_line(tmp_path, capsys):
    folder = write_brochure(tmp_path / "b", content={"sections/01-intro.yaml": LOOSE},
                            layout={"document.yaml": NARROW})
    assert main(["build", str(folder), "--no-preflight"]) == 0
    captured = capsys.readouterr()
    assert "edition in" in captured.out
    warnings = [line for line in captured.err.splitlines() if line.startswith("warning:")]
    assert any("loose line" in line for line in warnings), captured.err
    for line in warnings:   # every warning names a file, line and column: the text's, or the edition's binding
        assert re.match(r"warning: (content/sections/01-intro|layout/(document|editions))\.yaml:\d+:\d+: ", line), line
    assert main(["build", str(folder), "--no-preflight", "-q"]) == 0
    assert capsys.readouterr() == ("", "")
    assert main(["-v", "build", str(folder), "--no-preflight"]) == 0
    verbose = capsys.readouterr()
    assert re.search(r"^stages: load \d+\.\d+ s, render \d+\.\d+ s", verbose.out, re.MULTILINE)
    assert "more warnings" not in verbose.err


def test_bash_completion_knows_commands_and_options():
    bash = shutil.which("bash")
    assert bash is not None
    script = subprocess.run([sys.executable, "-m", "brochure", "completion", "bash"],
                            capture_output=True, text=True, check=True).stdout
    probe = (script + '\nCOMP_WORDS=(brochure pre); COMP_CWORD=1; _brochure; echo "${COMPREPLY[*]}"'
             '\nCOMP_WORDS=(brochure preview --sp); COMP_CWORD=2; _brochure; echo "${COMPREPLY[*]}"')
    lines = subprocess.run([bash, "-c", probe], capture_output=True, text=True, check=True).stdout.splitlines()
    assert lines == ["preflight preview", "--spreads"]


@pytest.mark.slow  # a build in a new process on a terminal
def test_progress_on_a_terminal_only(tmp_path):
    folder = write_brochure(tmp_path / "b")
    command = [sys.executable, "-m", "brochure", "build", str(folder), "--no-preflight"]
    piped = subprocess.run(command, capture_output=True, text=True)
    assert piped.returncode == 0 and "rendering" not in piped.stderr      # a log stays clean
    leader, follower = pty.openpty()                                      # stderr on a terminal
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:   # the terminal closed with the process
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    assert process.wait(timeout=60) == 0
    assert re.search(rb"\rrendering +\d+ % \(page \d+\)", seen), seen
    assert b"\r\x1b[K" in seen      # the line is wiped at the end
