"""Preflight: each broken fixture is caught by its rule and only that rule; a clean file
passes; the verdict agrees with poppler's tools on a PDF made by another tool."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from brochure.diagnostics import Severity
from brochure.preflight.profiles import load_profiles, profile_named
from brochure.preflight.reader import read_document, scan
from brochure.preflight.run import preflight
from tests import preflight_fixtures as fixtures
from tests.conftest import REPOSITORY, require_tool
from tests.pdf_reading import fonts, images, page_boxes

# The ink coverage check renders each file with Ghostscript (0.3 s of CPU), and without Ghostscript
# reports "not checked" (a warning): the tests of the other rules leave it out (PDFX4), the tests of
# ink coverage check with it (WITH_INK) and skip, saying why, where Ghostscript is missing.
GHOSTSCRIPT = shutil.which("gs") is not None
WITH_INK = profile_named("pdfx4")
PDFX4 = replace(WITH_INK, check_ink=False)
INK_NEEDS = "the ink coverage check renders the pages with Ghostscript"


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(data)
    return path


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("preflight")


def test_a_clean_pdfx4_file_passes(folder):
    report = preflight(write(folder, "clean", fixtures.clean()), PDFX4)
    assert report.passed and report.errors == [], report.text()
    assert report.warnings == [], report.text()


@pytest.mark.parametrize("name", sorted(fixtures.BROKEN))
def test_each_broken_fixture_fails_on_its_own_rule(folder, name):
    maker, rule = fixtures.BROKEN[name]
    if rule == "ink-coverage":
        require_tool("gs", INK_NEEDS)
    report = preflight(write(folder, name, maker()), WITH_INK if rule == "ink-coverage" else PDFX4)
    assert not report.passed
    assert {finding.rule for finding in report.errors} == {rule}, report.text()


@pytest.mark.parametrize("name", sorted(fixtures.WARNED))
def test_production_details_are_warned(folder, name):
    maker, rule = fixtures.WARNED[name]
    report = preflight(write(folder, name, maker()), PDFX4)
    assert report.passed, report.text()
    assert {finding.rule for finding in report.warnings} == {rule}, report.text()


def test_page_count_comes_from_the_binding_not_from_pdfx4(folder):
    three = write(folder, "three-pages", fixtures.three_pages())
    assert preflight(three, PDFX4).passed  # a leaflet or a folder is fine as PDF/X-4
    booklet = replace(PDFX4, page_multiple=4)
    report = preflight(three, booklet)
    assert {finding.rule for finding in report.errors} == {"page-count"}, report.text()
    assert "multiple of 4" in report.errors[0].detail


def test_pdfx1a_refuses_transparency_and_icc_colour(folder):
    pdfx1a = profile_named("pdfx1a")
    report = preflight(write(folder, "transparency", fixtures.transparency()), pdfx1a)
    rules = {finding.rule for finding in report.errors}
    assert "transparency" in rules and "pdfx-version" in rules and "pdf-version" in rules
    assert preflight(write(folder, "transparency4", fixtures.transparency()), PDFX4).passed


@pytest.mark.slow
def test_the_brochure_passes_its_own_profile(aix_pdf):
    report = preflight(aix_pdf, PDFX4)
    assert report.passed, report.text()
    assert len(report.checks_run) >= 8


def test_house_rules_inherit_from_a_packaged_profile():
    profiles = load_profiles(REPOSITORY / "layout" / "preflight.yaml")
    house = profiles["imprimerie-coated"]
    assert house.ink_error == 320 and house.image_ppi_warn == 250
    assert house.pdfx == "PDF/X-4" and house.min_bleed == PDFX4.min_bleed


def cli(*arguments):
    return subprocess.run([sys.executable, "-m", "brochure", "preflight", *map(str, arguments)],
                          capture_output=True, text=True)


@pytest.mark.slow
def test_command_line_exit_codes_lines_and_json(folder):
    require_tool("gs", INK_NEEDS + " (the command line checks a file with 400 % ink)")
    clean = write(folder, "clean-cli", fixtures.clean())
    broken = write(folder, "ink-cli", fixtures.ink_400())
    passed = cli(clean)
    assert passed.returncode == 0 and passed.stdout.strip().splitlines()[-1].startswith("PASS:")
    failed = cli(broken)
    assert failed.returncode == 1
    assert re.match(r"ERROR ink-coverage page 1: 400 % total ink", failed.stdout)
    report = json.loads(cli(broken, "--json").stdout)
    assert report["passed"] is False and report["errors"] == 1
    first = report["findings"][0]
    assert {key: first[key] for key in ("severity", "rule", "page")} == {"severity": "ERROR", "rule": "ink-coverage",
                                                                         "page": 1}
    assert len(first["at"]) == 2  # where on the page, in points
    assert report["groups"][0]["where"] == "page 1"
    assert any(m["rule"] == "ink-coverage" and m["detail"].startswith("highest 400 %") for m in report["measured"])
    assert json.loads(cli(broken, "--format", "json").stdout) == report
    page = cli(broken, "--format", "html").stdout
    assert page.startswith("<!DOCTYPE html>") and page.count("data:image/png;base64,") == 1
    assert 'class="mark"' in page and "ink-coverage" in page and "FAIL" in page
    (folder / "junk.pdf").write_text("not a pdf")
    unreadable = cli(folder / "junk.pdf")
    assert unreadable.returncode == 2 and "not a PDF" in unreadable.stderr
    # several files (a printer's `brochure preflight output/*.pdf`): each report in turn, the worst exit
    both = cli(clean, broken)
    assert both.returncode == 1
    verdicts = [line.split(":")[0] for line in both.stdout.splitlines() if line.startswith(("PASS:", "FAIL:"))]
    assert verdicts == ["PASS", "FAIL"], both.stdout
    assert [each["passed"] for each in json.loads(cli(clean, broken, "--json").stdout)] == [True, False]
    with_junk = cli(clean, folder / "junk.pdf")
    assert with_junk.returncode == 2 and "not a PDF" in with_junk.stderr and "PASS:" in with_junk.stdout
    assert cli(clean, broken, "--format", "html").returncode == 2


GHOSTSCRIPT_PAGE = """%!PS
<< /PageSize [595 842] >> setpagedevice
[ /TrimBox [28.35 28.35 566.65 813.65] /BleedBox [19.84 19.84 575.16 822.16] /PAGE pdfmark
/Times-Roman findfont 14 scalefont setfont
72 760 moveto (Made by Ghostscript, not by brochure) show
gsave 72 400 translate 216 144 scale
60 40 8 [60 0 0 -40 0 40] currentfile /ASCIIHexDecode filter false 3 colorimage
{hex}>
grestore
showpage
"""


@pytest.fixture(scope="module")
def foreign_pdf(folder):
    """A PDF made by another tool: Ghostscript's pdfwrite from PostScript."""
    gs = require_tool("gs", "a file written by another program, Ghostscript's pdfwrite")
    pixels = b"".join(bytes(p) for p in ((x * 4 % 256, y * 6 % 256, (x + y) % 256)
                                         for y in range(40) for x in range(60)))
    source = folder / "foreign.ps"
    source.write_text(GHOSTSCRIPT_PAGE.replace("{hex}", pixels.hex()))
    target = folder / "foreign.pdf"
    subprocess.run([gs, "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-sDEVICE=pdfwrite", f"-sOutputFile={target}",
                    str(source)], check=True, capture_output=True)
    return target


def listed_fonts(path: Path) -> dict[str, bool]:
    return {row.name: row.embedded for row in fonts(path)}


@pytest.mark.parametrize("source", ["foreign", "base14"])
def test_same_verdict_as_other_readers_on_fonts_images_and_boxes(request, folder, source):
    """Fonts, image resolutions and boxes as pdffonts, pdfimages -list and pdfinfo -box would give
    them, read by PDFium and pikepdf (tests/pdf_reading.py)."""
    import pypdf

    path = (request.getfixturevalue("foreign_pdf") if source == "foreign"
            else write(folder, "base14-x", fixtures.base14_font()))
    report = preflight(path, PDFX4)
    # fonts: embedded or not, as pdffonts says
    unembedded = {re.match(r"(\S+) is not embedded", f.detail).group(1) for f in report.findings
                  if f.rule == "fonts-embedded"}
    for name, embedded in listed_fonts(path).items():
        assert (name not in unembedded) == embedded, (name, embedded)
    # images: effective ppi as pdfimages -list computes it
    facts = read_document(path, scan(path))
    ours = sorted(round(image.ppi) for page in facts.pages for image in page.images)
    theirs = sorted(round(min(row.x_ppi, row.y_ppi)) for row in images(path))
    assert ours and all(abs(a - b) <= 1 for a, b in zip(ours, theirs)) and len(ours) == len(theirs)
    # boxes: the TrimBox pdfinfo reads is the one we judge
    trim = page_boxes(path, 1)["TrimBox"]
    ours_trim = [float(v) for v in pypdf.PdfReader(path).pages[0].trimbox]
    assert all(abs(a - b) < 0.01 for a, b in zip(trim, ours_trim))
    rules = {f.rule for f in report.errors}
    assert ("fonts-embedded" in rules) == (not all(listed_fonts(path).values()))
    if source == "foreign":
        # Ghostscript's file: an RGB image at 20 ppi and no PDF/X output intent
        assert {"colour-rgb", "image-resolution", "output-intent"} <= rules


def test_the_report_groups_pages_by_rule_and_shows_measured_values_on_pass(folder):
    from brochure.preflight.report import Finding, Report, page_ranges

    assert page_ranges([12, 3, 4, 5, 6, 7, 8, 9]) == "3–9, 12"
    report = Report("x.pdf", "pdfx4", pages=12)
    report.add([Finding(Severity.ERROR, "colour-rgb", page, "RGB colour in content") for page in (*range(3, 10), 12)])
    report.add([Finding(Severity.INFO, "ink-coverage", 4, "highest 290 %")])
    assert report.text().splitlines()[:3] == ["ERROR colour-rgb pages 3–9, 12: RGB colour in content", "measured:",
                                              "  ink-coverage page 4: highest 290 %"]
    clean = preflight(write(folder, "clean-measured", fixtures.clean()), WITH_INK)
    measured = {finding.rule for finding in clean.measurements}
    assert {"image-resolution", "fonts", "boxes", "output-intent"} <= measured, clean.text()
    assert ("ink-coverage" in measured) == GHOSTSCRIPT, clean.text()


def test_a_check_that_raises_becomes_an_internal_finding_and_the_file_still_gets_a_verdict(folder, monkeypatch):
    from brochure.preflight import checks

    def broken(document):
        raise ZeroDivisionError("a bug in a check")

    monkeypatch.setattr(checks, "REGISTRY", [*checks.all_checks(), ("broken-check", broken)])
    monkeypatch.setattr(checks, "all_checks", lambda: list(checks.REGISTRY))
    report = preflight(write(folder, "isolated", fixtures.ink_400()), WITH_INK)
    rules = {finding.rule for finding in report.errors}
    assert rules == ({"internal", "ink-coverage"} if GHOSTSCRIPT else {"internal"}), report.text()
    assert "the broken-check check failed: ZeroDivisionError" in report.internal[0].detail


def test_checks_do_not_change_the_facts_so_order_does_not_matter(folder):
    from brochure.preflight import checks

    path = write(folder, "order", fixtures.bleed_2mm())
    forward = preflight(path, PDFX4)
    registry = list(checks.all_checks())
    try:
        checks.REGISTRY[:] = list(reversed(registry))
        backward = preflight(path, PDFX4)
    finally:
        checks.REGISTRY[:] = registry
    assert sorted(forward.findings, key=repr) == sorted(backward.findings, key=repr)
    assert {finding.rule for finding in forward.errors} == {"bleed"}
