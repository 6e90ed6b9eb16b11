"""Builds in one process leave nothing behind that changes the next: two different brochures built
alternately, ten times each, give the bytes of their cold builds (each in a new process). Shaping
features, fonts, hyphenators, YAML trees and colour transforms are cached across builds; a cache
keyed by less than what it holds would show here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from brochure.pipeline import Project, build
from tests.harness import write_brochure
from tests.test_second_brochure import LEAFLET, leaflet_root

pytestmark = pytest.mark.slow  # 22 builds

EPOCH = "1700000000"


def cold_build(folder: Path, output: Path, *layout: str) -> bytes:
    """The brochure built by `brochure build` in a new process."""
    done = subprocess.run([sys.executable, "-m", "brochure", "build", str(folder), *layout, "--no-preflight",
                           "--output", str(output)], capture_output=True, text=True,
                          env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH})
    assert done.returncode == 0, done.stderr
    [pdf] = list(output.glob("*.pdf"))
    return pdf.read_bytes()


def test_two_brochures_built_alternately_in_one_process_match_their_cold_builds(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    minimal = write_brochure(tmp_path / "minimal")
    leaflet = leaflet_root(tmp_path / "leaflet")
    leaflet_layout = ("--content", str(LEAFLET / "content"), "--layout", str(LEAFLET / "layout"))
    cold = {"minimal": cold_build(minimal, tmp_path / "cold-minimal"),
            "leaflet": cold_build(leaflet, tmp_path / "cold-leaflet", *leaflet_layout)}
    projects = {"minimal": lambda output: Project.at(minimal, output=output),
                "leaflet": lambda output: Project.at(leaflet, content=LEAFLET / "content",
                                                     layout=LEAFLET / "layout", output=output)}
    for round_number in range(10):
        for name in ("minimal", "leaflet"):
            output = tmp_path / f"{name}-{round_number}"
            pdf = build(projects[name](output), run_preflight=False).pdf_path
            assert pdf.read_bytes() == cold[name], f"{name}, round {round_number + 1}"
