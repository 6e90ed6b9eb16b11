"""Preflight over a corpus of broken and unusual PDFs (tests/preflight_corpus.py): no
internal error, no hang, the right rule named for each defect, no false FAIL on files
every other tool reads; and a few hundred random mutants with a fixed seed."""

from __future__ import annotations

import io
import signal
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pikepdf
import pytest

from brochure.preflight.profiles import profile_named
from brochure.preflight.reader import UnreadablePdf
from brochure.preflight.run import preflight
from tests import preflight_corpus as corpus
from tests.conftest import require_tool

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
    # pdfx4 passes it with a warning naming the plate and its alternate; a CMYK-only house refuses it
    assert report.passed
    assert [f.detail for f in report.warnings if f.rule == "colour-spot"] == [
        "spot colour plates PANTONE 185 C (alternate DeviceCMYK) in content: each prints as an extra plate"]
    refused = checked(path, PROFILES["process-only"])
    assert [(f.rule, f.page) for f in refused.errors] == [("colour-spot", 1)], refused.text()
    assert "PANTONE 185 C (alternate DeviceCMYK)" in refused.errors[0].detail


def test_device_n_plates_are_named_and_refused_without_spot_colours(tmp_path):
    path = tmp_path / "device-n.pdf"
    path.write_bytes(corpus.device_n_plain())
    warned = checked(path, replace(PDFX4, check_ink=False))  # ink coverage needs Ghostscript: not the subject
    assert warned.passed and [f.rule for f in warned.warnings] == ["colour-spot"], warned.text()
    assert "PANTONE 300 C (alternate DeviceCMYK), Varnish (alternate DeviceCMYK)" in warned.warnings[0].detail
    assert not checked(path, PROFILES["process-only"]).passed


def test_pdfx1a_refuses_jpeg2000_and_object_streams_that_pdfx4_allows(tmp_path):
    for name, rule, make in (("jpeg2000", "image-jpeg2000", corpus.grey_jpeg2000_in_pdfx1a),
                             ("object-streams", "object-streams", corpus.object_streams_in_pdfx1a)):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(make())
        x1a = checked(path, PROFILES["pdfx1a"])
        assert [finding.rule for finding in x1a.errors] == [rule], x1a.text()
        assert rule not in {finding.rule for finding in checked(path, replace(PDFX4, check_ink=False)).findings}


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
        for index in range(2000):
            parts = []
            for _ in range(generator.randint(1, 40)):
                parts += [generator.choice(operands) for _ in range(generator.randint(0, 6))]
                parts.append(generator.choice(operators).encode())
            page.obj.Contents = pdf.make_stream(b" ".join(parts))
            facts, _ = _page(page, 1, with_fills=bool(index % 2))  # both walks: without fills, and with them
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


def recording_renders(monkeypatch, runs: list[list[int]] | None = None) -> list[int]:
    """The pages the preflight asks Ghostscript to render, filled in as it starts each chunk (and
    each Ghostscript run's pages in `runs`)."""
    from brochure.preflight import rendering

    rendered: list[int] = []
    started = rendering._Chunk.__init__

    def record(self, ghostscript, pdf, folder, pages):
        rendered.extend(pages)
        if runs is not None:
            runs.append(list(pages))
        started(self, ghostscript, pdf, folder, pages)
    monkeypatch.setattr(rendering._Chunk, "__init__", record)
    return rendered


def test_pages_drawn_alike_are_read_and_rendered_once_and_judged_alike(tmp_path, monkeypatch):
    """A file that repeats its pages (qpdf --pages, a printer's step-and-repeat): each distinct page
    is read once and rendered once; every copy gets the same findings under its own number."""
    from brochure.preflight import rendering

    require_tool("gs", "the preflight's ink coverage check renders the pages with Ghostscript")

    def repeated(pdf):
        for _ in range(60):
            pdf.pages.append(pdf.pages[len(pdf.pages) % 4])
    path = tmp_path / "repeated.pdf"
    path.write_bytes(corpus.edit(repeated, corpus.rgb_inline_image()))
    rendered = recording_renders(monkeypatch)
    report = checked(path)
    assert report.pages == 64
    assert sorted({finding.page for finding in report.errors if finding.rule == "colour-rgb"}) == list(range(1, 65, 4))
    # the early chunk (pages 1-4, started before the reading) and nothing more: pages 5-64 repeat 1-4
    assert sorted(set(rendered)) == list(range(1, rendering.EARLY_PAGES + 1)), rendered
    assert any(finding.rule == "ink-coverage" and finding.severity == "INFO" for finding in report.measurements)


def test_path_construction_and_fills_never_reach_python_unless_white_may_overprint():
    from brochure.preflight.content import ContentWalker

    with pikepdf.open(io.BytesIO(corpus.heavy_page())) as pdf:
        page = pdf.pages[0]
        walker = ContentWalker()
        walker.page(page, page.obj.Resources)
        assert walker.operations < 1_000 and not walker.white_fill_overprints  # of 600 000 and more
    white = corpus.draw(b"/OP gs 0 0 0 0 k 0 0 5 5 re f", {"/ExtGState": {"/OP": pikepdf.Dictionary(op=True, OP=True)}})
    with pikepdf.open(io.BytesIO(white)) as pdf:
        page = pdf.pages[0]
        walker = ContentWalker()
        walker.page(page, page.obj.Resources)
        assert walker.white_fill_overprints and walker.found.white_overprint == 0
        again = ContentWalker(with_fills=True)
        again.page(page, page.obj.Resources)
        assert again.found.white_overprint == 1


def tint_pages(pages: int, also: bytes = b"") -> Callable[[pikepdf.Pdf], None]:
    """The clean file's edit up to `pages` pages: each page after the 4th a tint of cyan (a bounded
    page), page 9 a 370 % rich black (over the limit); `also`, drawn on each added page."""
    def more_pages(pdf: pikepdf.Pdf) -> None:
        first = pdf.pages[0].obj
        for number in range(5, pages + 1):
            colour = b"0.9 0.9 0.9 1 k" if number == 9 else b"%.2f 0.2 0 0.1 k" % (number % 14 / 20)
            pdf.add_blank_page(page_size=(float(first.MediaBox[2]), float(first.MediaBox[3])))
            page = pdf.pages[-1].obj
            page.TrimBox, page.BleedBox = first.TrimBox, first.BleedBox
            page.Contents = pdf.make_stream(colour + b" 0 0 600 800 re f" + also)
    return more_pages


def test_pages_painted_in_device_colours_below_the_limit_are_not_rendered(tmp_path, monkeypatch):
    """Past the first 4 pages (rendered while the file is read) of a file longer than a chunk, a page
    painted only in device CMYK and grey is rendered only when its colours could reach the warning
    level: 35 tint pages are not, a 370 % rich black page is, and fails."""
    from brochure.preflight import rendering

    path = tmp_path / "tints.pdf"
    require_tool("gs", "the preflight's ink coverage check renders the pages with Ghostscript")
    path.write_bytes(corpus.edit(tint_pages(40, b" 0 g 0.5 w 10 10 m 100 100 l S")))
    rendered = recording_renders(monkeypatch)
    report = checked(path)
    assert report.pages == 40 > rendering.SHORT_FILE
    assert sorted(set(rendered)) == [1, 2, 3, 4, 9], rendered
    assert [(f.rule, f.page) for f in report.errors] == [("ink-coverage", 9)], report.text()
    assert any("35 page(s) not rendered: at most 100 %" in f.detail for f in report.measurements), report.text()


def test_a_short_file_is_rendered_whole_by_one_ghostscript_run_started_before_the_reading(tmp_path, monkeypatch):
    """A file of at most a chunk's pages: every page in the one early run (each run starts Ghostscript
    and reads the file and fonts again), bounded tint pages too; the findings as a file read in parts."""
    from brochure.preflight import rendering

    path = tmp_path / "short.pdf"
    require_tool("gs", "the preflight's ink coverage check renders the pages with Ghostscript")
    path.write_bytes(corpus.edit(tint_pages(13)))
    runs: list[list[int]] = []
    recording_renders(monkeypatch, runs)
    report = checked(path)
    assert report.pages == 13 <= rendering.SHORT_FILE
    assert runs == [list(range(1, 14))]
    assert [(f.rule, f.page) for f in report.errors] == [("ink-coverage", 9)], report.text()
