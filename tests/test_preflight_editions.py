"""Preflight of our own editions: print, imposed and screen each pass their profile
(the imposed spreads stay PDF/X-4 like the print file: output intent, XMP, ID, no
unembedded font; the screen edition passes `screen`, which allows RGB and links)."""

from __future__ import annotations

import shutil
from dataclasses import replace

import pytest

from brochure.pipeline import Project, build
from brochure.preflight.profiles import profile_named
from brochure.preflight.run import preflight
from tests.conftest import REPOSITORY


@pytest.fixture(scope="module")
def editions(tmp_path_factory):
    output = tmp_path_factory.mktemp("editions")
    return build(Project.at(REPOSITORY, output=output), formats=("print", "screen", "imposed"),
                 editions=("fr-en",)).outputs


@pytest.mark.slow
@pytest.mark.parametrize(("edition", "profile"), [("print", "pdfx4"), ("imposed", "imposed"), ("screen", "screen")])
def test_each_edition_passes_its_profile(editions, edition, profile):
    checked = profile_named(profile)
    if shutil.which("gs") is None:  # ink coverage "not checked" would be a warning: leave it out
        checked = replace(checked, check_ink=False)
    report = preflight(editions[edition], checked)
    assert report.passed and report.warnings == [], report.text()
    fonts = next(f.detail for f in report.measurements if f.rule == "fonts")
    assert "not embedded" not in fonts and "Helvetica" not in fonts
    if edition == "screen":
        assert "DeviceRGB" in next(f.detail for f in report.measurements if f.rule == "colour")
    else:
        assert any(f.rule == "pdfx-version" and f.detail.startswith("PDF/X-4") for f in report.measurements)


@pytest.mark.slow
def test_the_screen_edition_fails_a_print_profile_on_rgb_grouped_by_rule(editions):
    report = preflight(editions["screen"], profile_named("pdfx4"))
    rgb = [line for line in report.text().splitlines() if line.startswith("ERROR colour-rgb")]
    assert len(rgb) == 1 and rgb[0].startswith("ERROR colour-rgb pages 1–16"), report.text()
