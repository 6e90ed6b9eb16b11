"""Preflight over a corpus of broken and unusual PDFs (tests/preflight_corpus.py): no
internal error, no hang, the right rule named for each defect, no false FAIL on files
every other tool reads; and a few hundred random mutants with a fixed seed."""

from __future__ import annotations

import signal
from dataclasses import replace
from pathlib import Path

import pytest

from brochure.preflight.profiles import profile_named
from brochure.preflight.reader import UnreadablePdf
from brochure.preflight.run import preflight
from tests import preflight_corpus as corpus

PDFX4 = profile_named("pdfx4")
# No case of the corpus is about ink coverage, and Ghostscript's rendering of each file costs 0.3 s of
# CPU (15 s over the corpus): the cases leave it out. Ink coverage is tested in test_preflight.py, and
# Ghostscript on damaged files by the random mutants (slow) and rgb-via-ghostscript.
PROFILES = {"pdfx4": replace(PDFX4, check_ink=False), "pdfx1a": replace(profile_named("pdfx1a"), check_ink=False),
            "process-only": replace(PDFX4, allow_spot=False, check_ink=False)}
LIMIT = 30  # seconds: anything longer is a hang


class Hang(Exception):
    pass


def checked(path: Path, profile=PDFX4, limit: int = LIMIT):
    """The report, failing the test if preflight takes longer than `limit` seconds."""
    def stop(signum, frame):
        raise Hang(f"{path.name} took more than {limit} s")
    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(limit)
    try:
        return preflight(path, profile)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


SLOW = {"forms-fan-out", "large-image-stream"}  # seconds each: 100 000 form draws, a 75 MB image


@pytest.mark.parametrize("name", [pytest.param(name, marks=pytest.mark.slow) if name in SLOW else name
                                  for name in sorted(corpus.CASES)])
def test_each_defect_is_named_by_its_rule(tmp_path, name):
    case = corpus.CASES[name]
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(case.make())
    if case.rule == corpus.UNREADABLE:
        with pytest.raises(UnreadablePdf, match=r"cannot be read as a PDF: .+"):
            checked(path, PROFILES[case.profile])
        return
    report = checked(path, PROFILES[case.profile])
    assert report.internal == [], report.text()
    rules = {finding.rule for finding in report.errors}
    if case.warns is not None:
        assert case.warns in {finding.rule for finding in report.warnings}, report.text()
    if case.rule is None:
        assert report.passed, report.text()
    else:
        assert case.rule in rules, report.text()
        assert rules <= {case.rule, *case.also}, report.text()


def test_a_file_that_needs_a_password_fails_on_encryption_alone(tmp_path):
    path = tmp_path / "locked.pdf"
    path.write_bytes(corpus.encrypted(6, True, user="secret")())
    report = checked(path)
    assert [finding.rule for finding in report.errors] == ["encryption"]
    assert "needs a password" in report.errors[0].detail and report.pages == 0


def test_an_encrypted_file_that_opens_is_still_inspected(tmp_path):
    path = tmp_path / "aes.pdf"
    path.write_bytes(corpus.encrypt(corpus.draw(b"1 0 0 rg 0 0 10 10 re f"), 4, aes=True))
    report = checked(path)
    assert {finding.rule for finding in report.errors} == {"encryption", "colour-rgb"}, report.text()
    assert "AES-128" in next(f.detail for f in report.errors if f.rule == "encryption")


def test_spot_colours_are_listed_by_name(tmp_path):
    path = tmp_path / "spot.pdf"
    path.write_bytes(corpus.spot_colour())
    report = checked(path)
    assert any(f.rule == "colour-spot" and "PANTONE 185 C" in f.detail for f in report.measurements), report.text()


@pytest.mark.slow
def test_a_heavy_valid_page_passes_in_reasonable_time(tmp_path):
    path = tmp_path / "heavy.pdf"
    path.write_bytes(corpus.heavy_page())
    report = checked(path, replace(PDFX4, check_ink=False))
    assert report.passed, report.text()


@pytest.mark.slow
def test_random_mutants_never_crash_nor_hang(tmp_path):
    """500 mutants: each either unreadable (exit 2) or a report without internal errors;
    the first 5 with Ghostscript's ink rendering too (about 4 s in all)."""
    quick = replace(PDFX4, check_ink=False)
    outcomes = {"unreadable": 0, "passed": 0, "failed": 0}
    for index, (name, data) in enumerate(corpus.mutants(500)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        profile = PDFX4 if index < 5 else quick
        try:
            report = checked(path, profile, limit=10)
        except UnreadablePdf:
            outcomes["unreadable"] += 1
            continue
        assert report.internal == [], (name, report.text())
        outcomes["passed" if report.passed else "failed"] += 1
    assert outcomes["failed"] > 20 and outcomes["unreadable"] > 5 and outcomes["passed"] > 100, outcomes


@pytest.mark.slow
def test_ink_is_rendered_a_chunk_at_a_time_so_the_temp_folder_stays_small(tmp_path):
    from brochure.preflight.checks import ink
    from tests.conftest import require_tool

    require_tool("gs", "the ink coverage check renders the pages with Ghostscript")

    def many_pages(pdf):
        for _ in range(2 * ink.CHUNK + 4 - len(pdf.pages)):
            pdf.pages.append(pdf.pages[0])
    path = tmp_path / "long.pdf"
    path.write_bytes(corpus.edit(many_pages, corpus.one_page()))
    count = 2 * ink.CHUNK + 4
    rendering = ink.InkRendering(path)
    try:
        most = 0
        peaks = []
        for number in range(1, count + 1):
            found = rendering.coverage(number, count)
            assert found is not None, rendering.problem
            peaks.append(round(found[0]))
            most = max(most, sum(1 for _ in Path(rendering.folder.name).rglob("*.pam")))
        assert len(set(peaks)) == 1  # the same page, the same peak, in every chunk
        assert most <= 2 * ink.CHUNK  # the chunk being read and the next one, never the whole file
    finally:
        rendering.close()


@pytest.mark.slow
def test_random_operator_streams_give_findings_never_exceptions():
    """2000 content streams of random operators and operands (right and wrong counts and
    types, resources present and missing) read by the page reader directly."""
    import io
    import random

    import pikepdf

    from brochure.preflight.reader import _page

    operators = ["q", "Q", "cm", "w", "gs", "g", "G", "rg", "RG", "k", "K", "cs", "CS", "sc", "scn", "SC", "SCN",
                 "re", "f", "S", "B", "BT", "ET", "Tf", "Tr", "Td", "TD", "Tm", "Tj", "TJ", "'", '"', "Do", "sh",
                 "d0", "d1", "BX", "EX", "n", "W", "BDC", "EMC", "ri", "i", "J", "j", "M", "d"]
    operands = [b"0", b"1", b"-3.5", b"1e9", b"/Fx", b"/F1", b"/GS", b"/Sh", b"/P", b"/Pattern", b"/DeviceRGB",
                b"/Missing", b"(text)", b"[1 (a)]", b"<< /A 1 >>", b"true", b"null", b"<00ff>"]
    generator = random.Random(14)
    with pikepdf.open(io.BytesIO(corpus.draw(b"", {
            "/XObject": {"/Fx": corpus.form(b"/Fx Do 1 0 0 rg 0 0 1 1 re f")},
            "/Pattern": {"/P": corpus.stream(b"0 0 1 rg", Type=pikepdf.Name.Pattern, PatternType=1, PaintType=1,
                                             BBox=[0, 0, 1, 1], XStep=1, YStep=1, Resources=pikepdf.Dictionary())},
            "/ExtGState": {"/GS": pikepdf.Dictionary(OP=True, ca=0.5, SMask=pikepdf.Name.None_)}},
            source=corpus.one_page()))) as pdf:
        page = pdf.pages[0]
        internal = []
        for _ in range(2000):
            parts = []
            for _ in range(generator.randint(1, 40)):
                parts += [generator.choice(operands) for _ in range(generator.randint(0, 6))]
                parts.append(generator.choice(operators).encode())
            page.obj.Contents = pdf.make_stream(b" ".join(parts))
            facts = _page(page, 1)
            internal += [problem for problem in facts.problems if problem.rule == "internal"]
        assert internal == []


@pytest.mark.slow
def test_the_command_line_gives_a_verdict_on_every_kind_of_damage(tmp_path):
    """Exit 1 with the rule for an encrypted file and a looping form, 2 with a message for
    a file that cannot be opened, never 3."""
    import subprocess
    import sys

    cases = {"locked": (corpus.encrypted(6, True, user="secret")(), 1, "encryption"),
             "loop": (corpus.form_draws_itself(), 1, "content-stream"),
             "no-root": (corpus.root_is_integer(), 2, "cannot be read as a PDF")}
    for name, (data, code, said) in cases.items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        done = subprocess.run([sys.executable, "-m", "brochure", "preflight", str(path)], capture_output=True,
                              text=True, timeout=60)
        assert done.returncode == code, (name, done.stdout, done.stderr)
        assert said in done.stdout + done.stderr and "Traceback" not in done.stderr, (name, done.stderr)
