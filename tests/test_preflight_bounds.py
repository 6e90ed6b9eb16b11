"""Preflight of files made to exhaust it: each limit hit is an ERROR in the report naming the
limit, within 60 s and under a 1 GB memory cap (measured in a child process), never memory
exhaustion, a crash or Ghostscript left writing; what is not a PDF is a clean exit 2."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from brochure.exit_codes import EXIT_PREFLIGHT, EXIT_USER
from brochure.preflight import content, reader, streams
from tests import preflight_bombs as bombs
from tests.conftest import require_tool

MIB = 1024 * 1024


def failed_on(run: bombs.Run, *words: str) -> str:
    """The report's ERROR lines; the run ended as a failed preflight, not a crash, with every word in them."""
    assert run.code == EXIT_PREFLIGHT, (run.code, run.err[-2000:], run.out[-2000:])
    errors = "\n".join(line for line in run.out.splitlines() if "ERROR" in line)
    for word in words:
        assert word in errors, (word, errors)
    assert "internal" not in run.out
    return errors


def test_a_page_of_75_million_operators_is_an_error_naming_the_content_limit(tmp_path):
    pdf = bombs.operator_bomb(tmp_path / "operators.pdf", 75_000_000)
    assert pdf.stat().st_size < 1 * MIB
    run = bombs.run_capped(["preflight", str(pdf)], tmp_path)
    failed_on(run, "limits", "decodes to more than 64 MB")
    assert 0 < run.peak_kib < 1024 * 1024


@pytest.mark.slow  # a capped child process parsing 16 million operators: 3 s
def test_operators_past_the_limit_are_an_error_and_are_parsed_a_slice_at_a_time(tmp_path):
    # 16 million operators in 32 MB (under the content limit), against a limit lowered to 300 000: pikepdf
    # would hold 16 million operator objects (4 GB) if the page were parsed at once
    pdf = bombs.operator_bomb(tmp_path / "operators.pdf", 8_000_000, b"q Q\n")
    run = bombs.run_capped(["preflight", str(pdf)], tmp_path, memory=bombs.GIB,
                           setup="from brochure.preflight import content; content.MAX_OPERATIONS = 300_000")
    failed_on(run, "limits", "more than 300,000 operators")
    assert 0 < run.peak_kib < 1024 * 1024


def test_operators_past_a_lowered_limit_are_an_error_naming_it(tmp_path, monkeypatch):
    pdf = bombs.operator_bomb(tmp_path / "operators.pdf", 200_000, b"q Q\n")
    monkeypatch.setattr(content, "MAX_OPERATIONS", 30_000)
    monkeypatch.setattr(streams, "SLICE_BYTES", 4096)  # parsed a slice at a time
    failed_on(bombs.run_here(["preflight", str(pdf)]), "limits", "more than 30,000 operators")


@pytest.mark.slow  # four capped child processes, each refusing a 2 GB stream
@pytest.mark.parametrize("where", ["xmp", "icc", "page", "font"])
def test_a_2_gb_flate_stream_is_an_error_naming_the_stream_limit(tmp_path, where):
    pdf = bombs.zeros_in(tmp_path / f"{where}.pdf", where)
    assert pdf.stat().st_size < 3 * MIB
    run = bombs.run_capped(["preflight", str(pdf)], tmp_path)
    failed_on(run, "limits", "decodes to more than 64 MB")
    assert 0 < run.peak_kib < 1024 * 1024


@pytest.mark.parametrize("where", ["xmp", "icc", "page", "font"])
def test_a_stream_past_a_lowered_limit_is_an_error_naming_it(tmp_path, monkeypatch, where):
    pdf = bombs.zeros_in(tmp_path / f"{where}.pdf", where, size=4 * MIB)
    monkeypatch.setattr(streams, "MAX_STREAM_BYTES", MIB)
    monkeypatch.setattr(streams, "MAX_PAGE_CONTENT_BYTES", MIB)
    monkeypatch.setattr(content, "MAX_PAGE_CONTENT_BYTES", MIB)
    failed_on(bombs.run_here(["preflight", str(pdf)]), "limits", "decodes to more than 1 MB")


def test_a_font_program_of_zero_bytes_only_is_not_an_embedded_font(tmp_path):
    pdf = bombs.zeros_in(tmp_path / "font.pdf", "font", size=4 * MIB)
    run = bombs.run_here(["preflight", str(pdf)])
    failed_on(run, "fonts-embedded", "ABCDEF+Zero: the embedded font program is empty (no bytes, or zero bytes only)")


def test_pages_of_200_by_200_inches_are_an_error_naming_the_area_limit_and_are_not_rendered(tmp_path):
    pdf = bombs.large_pages(tmp_path / "large.pdf", 40, 200)
    assert pdf.stat().st_size < 64 * 1024
    run = bombs.run_capped(["preflight", str(pdf)], tmp_path)
    errors = failed_on(run, "limits", "the page is 25.8 m², more than the 4 m² rendered (the limit on page area)")
    assert "ERROR limits pages 1–40: ink not checked" in errors
    assert run.temporary_peak < MIB


def test_temporary_files_stay_within_the_budget(tmp_path):
    require_tool("gs", "Ghostscript renders the pages whose temporary files are measured")
    # 12 pages of 20 × 20 in (4.1 MB rendered each) against a budget lowered to 12 MB: chunks of one page
    pdf = bombs.large_pages(tmp_path / "pages.pdf", 12, 20)
    run = bombs.run_capped(["preflight", str(pdf)], tmp_path,
                           setup="from brochure.preflight import rendering; rendering.MAX_TEMPORARY_BYTES = 12 * 2**20")
    assert run.code == EXIT_PREFLIGHT, run.err  # not PDF/X: but every page rendered
    assert "ink-coverage" in run.out and "not checked" not in run.out
    # pages rendered to disk (4.1 MB each, sampled every 50 ms), never past the budget
    assert MIB < run.temporary_peak <= 12 * MIB


def test_pages_past_the_limit_are_an_error_naming_it(tmp_path, monkeypatch):
    pdf = bombs.many_pages(tmp_path / "many.pdf", 150)
    monkeypatch.setattr(reader, "MAX_PAGES", 100)
    failed_on(bombs.run_here(["preflight", str(pdf)]), "limits",
              "150 pages: only the first 100 are checked (the limit on pages)")


@pytest.mark.slow
def test_the_real_limits_hold_on_100_001_pages_and_a_page_at_the_operator_limit(tmp_path):
    pdf = bombs.many_pages(tmp_path / "many.pdf", 100_001)
    run = bombs.run_capped(["preflight", str(pdf)], tmp_path, timeout=120)
    failed_on(run, "limits", f"100,001 pages: only the first {reader.MAX_PAGES:,} are checked")
    assert 0 < run.peak_kib < 1024 * 1024
    # past the operator limit, in the operators slowest to parse and walk (a matrix each): every slice
    # parsed, nothing held
    over = bombs.operator_bomb(tmp_path / "operators.pdf", 1_100_000, b"1 0 0 1 0 0 cm\n")
    run = bombs.run_capped(["preflight", str(over)], tmp_path, timeout=120)
    failed_on(run, "limits", f"more than {content.MAX_OPERATIONS:,} operators")
    assert 0 < run.peak_kib < 1024 * 1024


def test_graphics_states_saved_without_end_are_an_error_naming_the_limit(tmp_path):
    pdf = bombs.operator_bomb(tmp_path / "operators.pdf", 200_000)  # q q q …: 200 000 states saved
    run = bombs.run_here(["preflight", str(pdf)])
    failed_on(run, "limits", "graphics states saved more than 1,000 deep (q without Q)")


@pytest.mark.slow  # writes 1.2 GB
def test_a_1_2_gb_file_is_checked_without_being_read_into_memory(tmp_path):
    pdf = bombs.huge_file(tmp_path / "huge.pdf", 1200 * MIB)
    run = bombs.run_capped(["preflight", str(pdf)], tmp_path, memory=bombs.GIB, timeout=120)
    failed_on(run, "limits", "the XMP metadata decodes to more than 64 MB")
    assert 0 < run.peak_kib < 512 * 1024  # the file is 1.2 GB


@pytest.mark.parametrize("target", ["/dev/zero", "folder", "text"])
def test_what_is_not_a_pdf_is_exit_2_with_a_clear_message(tmp_path, target):
    # /dev/zero in a capped child: were it read to its end, the cap would stop it, not the machine
    path = Path(target)
    if target == "folder":
        path = tmp_path / "folder.pdf"
        path.mkdir()
    elif target == "text":
        path = tmp_path / "notes.pdf"
        path.write_text("hello\n" * 1000)
    run = (bombs.run_capped(["preflight", str(path)], tmp_path, timeout=30) if target == "/dev/zero"
           else bombs.run_here(["preflight", str(path)]))
    assert run.code == EXIT_USER, run.err
    assert f"error: {path}: not a PDF file" in run.err
    assert "Traceback" not in run.err


def test_content_cut_into_slices_reads_as_a_whole(tmp_path, monkeypatch):
    """Strings, arrays and an inline image that cross the end of a slice are read whole."""
    import pikepdf

    from brochure.preflight.content import WALKED

    monkeypatch.setattr(streams, "SLICE_BYTES", 64)
    content = (b"q\nBT /F1 12 Tf (a string\nacross lines) Tj [(an) -20\n(array)] TJ ET\n" * 3 +
               b"BI /W 2 /H 1 /BPC 8 /CS /G ID \n\n\n\nEI Q\n" + b"0 0 1 rg\n" * 20)
    scratch = pikepdf.new()
    whole = [(str(op.operator), str(op.operands) if not isinstance(op, pikepdf.ContentStreamInlineImage) else "")
             for op in pikepdf.parse_content_stream(pikepdf.Stream(scratch, content), WALKED)]
    sliced = [(str(op.operator), str(op.operands) if not isinstance(op, pikepdf.ContentStreamInlineImage) else "")
              for op in streams.instructions(content, WALKED)]
    assert sliced == whole
    assert len(whole) == 3 * 6 + 2 + 20  # q BT Tf Tj TJ ET, the image and Q, the colours


def ghostscripts_of(parent: int) -> list[int]:
    """Ghostscript processes whose parent is `parent` (its own session: found by parent id)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":\t", 1) for line in status.splitlines() if ":\t" in line)
        if fields.get("PPid", "").strip() == str(parent) and fields.get("Name", "").strip() == "gs":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return False
    return "\nState:\tZ" not in status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux /proc")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_ghostscript_does_not_outlive_a_killed_preflight(tmp_path, how):
    require_tool("gs", "the Ghostscript a killed preflight must not leave running")
    pdf = bombs.large_pages(tmp_path / "pages.pdf", 24, 70)  # 24 pages of 3.2 m²: seconds of rendering
    # Ctrl-C as a terminal sends it (a test run as a background job inherits SIGINT ignored)
    process = subprocess.Popen([sys.executable, "-m", "brochure", "preflight", str(pdf)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                               env={**os.environ, "TMPDIR": str(tmp_path)},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    try:
        deadline = time.monotonic() + 30
        children: list[int] = []
        while not children and time.monotonic() < deadline and process.poll() is None:
            children = ghostscripts_of(process.pid)
            time.sleep(0.02)
        assert children, "Ghostscript never started"
        process.send_signal(how)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while any(alive(child) for child in children) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(alive(child) for child in children)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
