"""`brochure watch`: a real process watching a brochure folder; an edit gives a new PDF and names the
changed page, an invalid edit prints file:line:column and leaves the last good PDF as it was."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time

import pytest

from brochure.watch.changes import changed_pages, worth_a_rebuild
from tests.harness import write_brochure
from tests.pdf_reading import text_lines


def test_changed_pages_and_ignored_files(tmp_path):
    assert changed_pages(["a", "b", "c"], ["a", "x", "c", "d"]) == [2, 4]
    assert changed_pages([], ["a"]) == [1]
    output = tmp_path / "output"
    assert worth_a_rebuild(tmp_path / "content" / "a.yaml", (output,))
    assert not worth_a_rebuild(tmp_path / "content" / ".a.yaml.swp", (output,))
    assert not worth_a_rebuild(tmp_path / "content" / "a.yaml~", (output,))
    assert not worth_a_rebuild(output / "x.pdf", (output,))


class Lines:
    """The output of a process, line by line, waited for with a timeout."""

    def __init__(self, process: subprocess.Popen[str]):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        assert process.stdout is not None
        stream = process.stdout
        self.reader = threading.Thread(target=lambda: [self.lines.put(line) for line in stream], daemon=True)
        self.reader.start()

    def wait_for(self, pattern: str, timeout: float = 60) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if re.search(pattern, line):
                return line
        raise AssertionError(f"no line matching {pattern!r} in {timeout} s; seen:\n" + "".join(self.seen))


@pytest.mark.slow
def test_watch_rebuilds_on_save_and_keeps_the_last_good_pdf(tmp_path):
    folder = write_brochure(tmp_path / "brochure")
    section = folder / "content" / "sections" / "01-intro.yaml"
    pdf = folder / "output" / "minimal.pdf"
    # Ctrl-C as a terminal sends it: a test run as a background job inherits SIGINT ignored
    process = subprocess.Popen([sys.executable, "-m", "brochure", "watch", str(folder)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"},
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    lines = Lines(process)
    try:
        lines.wait_for(r"built \d+ pages in \d+\.\d+ s")
        lines.wait_for(r"^watching ")
        first = pdf.read_bytes()
        section.write_text(section.read_text().replace("many countries", "many countries, Zanzibar included"))
        changed = lines.wait_for(r"rebuilt \d+ pages in \d+\.\d+ s, pages changed: ")
        assert "01-intro.yaml" in changed and re.search(r"pages changed: 1\b", changed), changed
        assert re.search(r"; laid out pages? [\d-]+, \d+ reused", changed), changed  # what it had to lay out
        good = pdf.read_bytes()
        assert good != first
        assert "Zanzibar" in " ".join(line.text for line in text_lines(pdf))
        # an invalid edit: the English text removed; the error names the file and line, the PDF stays
        broken = "\n".join(line for line in section.read_text().splitlines() if "en: A city" not in line)
        section.write_text(broken + "\n")
        error = lines.wait_for(r"error: ")
        assert re.search(r"error: content/sections/01-intro\.yaml:\d+:\d+: ", error), error
        lines.wait_for(r"kept the last good PDF")
        assert pdf.read_bytes() == good
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        lines.reader.join(timeout=10)   # the end of the stream: then the pipe can be closed
        assert process.stdout is not None
        process.stdout.close()


def test_a_live_process_writes_the_tagged_screen_file_a_build_writes(tmp_path):
    """Issue 31: the screen file of a rebuild is tagged like the build's (drawn whole after the print
    file, which reuses pages), and is the build's byte for byte."""
    import pikepdf
    from pdfua import validate

    from brochure.pipeline import Project, build
    from brochure.watch.session import WatchSession

    folder = write_brochure(tmp_path / "brochure")
    section = folder / "content" / "sections" / "01-intro.yaml"
    session = WatchSession(Project.at(folder), formats=("print", "screen"))
    assert session.rebuild().ok
    section.write_text(section.read_text().replace("many countries", "many countries, Zanzibar included"))
    rebuild = session.rebuild()
    assert rebuild.ok and rebuild.laid_out is not None  # the print file reused pages
    screen = folder / "output" / "minimal-screen.pdf"
    with pikepdf.open(screen) as pdf:
        assert "/StructTreeRoot" in pdf.Root and pdf.Root.MarkInfo.Marked is True
    assert not validate(str(screen)).findings
    watched = screen.read_bytes()
    build(Project.at(folder, output=tmp_path / "built"), formats=("screen",), run_preflight=False)
    assert (tmp_path / "built" / "minimal-screen.pdf").read_bytes() == watched
