"""`brochure package`: a folder and a zip per edition for the printer, verified by
`brochure package --check` (checksums, nothing missing or added, job ticket facts those of
the PDF read back with pypdf), the same bytes from the same inputs."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pypdf
import pytest
from reportlab.pdfgen.canvas import Canvas

from brochure.cli import main
from brochure.package.bundle import check_package, write_package
from brochure.package.proof import reading_spreads

MM = 72 / 25.4
MOMENT = datetime(2023, 11, 14, 22, 13, 20, tzinfo=UTC)


def small_pdf(pages: int = 4) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=(216 * MM, 303 * MM), invariant=1)
    for _ in range(pages):
        canvas.setTrimBox((3 * MM, 3 * MM, 213 * MM, 300 * MM))
        canvas.setBleedBox((0, 0, 216 * MM, 303 * MM))
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def small_package(folder: Path) -> Path:
    ticket = {"file": "job.pdf", "pages": 4, "trim_mm": [210.0, 297.0], "bleed_mm": 3.0}
    return write_package(folder, {"job.pdf": small_pdf(), "job.json": json.dumps(ticket).encode()}, MOMENT)


def test_a_package_passes_its_check_and_fails_naming_the_file_changed_missing_or_added(tmp_path):
    folder = tmp_path / "job"
    archive = small_package(folder)
    assert check_package(folder) == ([], 2) and check_package(archive) == ([], 2)
    data = bytearray((folder / "job.pdf").read_bytes())
    data[100] ^= 1
    (folder / "job.pdf").write_bytes(bytes(data))
    (folder / "notes.txt").write_text("extra")
    (folder / "job.json").unlink()
    problems, _ = check_package(folder)
    assert problems == ["job.json: missing", "job.pdf: changed (its SHA-256 is not the one SHA256SUMS lists)",
                        "notes.txt: not listed in SHA256SUMS"]


def test_the_check_compares_the_job_ticket_with_the_pdf(tmp_path):
    folder = tmp_path / "job"
    ticket = {"file": "job.pdf", "pages": 8, "trim_mm": [210.0, 297.0], "bleed_mm": 3.0}  # the PDF has 4
    write_package(folder, {"job.pdf": small_pdf(), "job.json": json.dumps(ticket).encode()}, MOMENT)
    assert check_package(folder)[0] == ["job.json: pages is 8 but job.pdf has 4"]


def test_the_zip_is_the_same_bytes_each_time_with_the_build_date(tmp_path):
    first = small_package(tmp_path / "a" / "job").read_bytes()
    again = small_package(tmp_path / "b" / "job").read_bytes()
    assert first == again
    with zipfile.ZipFile(io.BytesIO(first)) as bundle:
        assert bundle.namelist() == ["job/SHA256SUMS", "job/job.json", "job/job.pdf"]
        assert {entry.date_time for entry in bundle.infolist()} == {(2023, 11, 14, 22, 13, 20)}


def test_proof_spreads_pair_pages_as_a_reader_sees_them():
    assert reading_spreads(6) == [(None, 1), (2, 3), (4, 5), (6, None)]
    assert reading_spreads(4, right_to_left=True) == [(1, None), (3, 2), (None, 4)]


@pytest.mark.slow
def test_brochure_package_on_aix_writes_folder_and_zip_that_check(project_copy, monkeypatch, capsys):
    document = project_copy / "layout" / "document.yaml"
    document.write_text(document.read_text(encoding="utf-8").replace(
        "  creep: 0mm", "  paper: Coated silk 150 g/m²\n  quantity: 2500\n  creep: 0mm"), encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert main(["package", str(project_copy), "--edition", "fr-en"]) == 0
    folder = project_copy / "output" / "package" / "aix-international-strategy"
    archive = folder.with_suffix(".zip")
    assert sorted(path.name for path in folder.iterdir()) == [
        "SHA256SUMS", "aix-international-strategy-imposed.pdf", "aix-international-strategy-proof.pdf",
        "aix-international-strategy.pdf", "aix-international-strategy.preflight.html",
        "aix-international-strategy.preflight.json", "job-ticket.pdf", "job.json"]
    # the job ticket's facts are the PDF's, read here with pypdf, and the layout's
    ticket = json.loads((folder / "job.json").read_text(encoding="utf-8"))
    printed = pypdf.PdfReader(folder / ticket["file"])
    trim, bleed = printed.pages[0].trimbox, printed.pages[0].bleedbox
    assert ticket["pages"] == len(printed.pages) == 16
    assert ticket["trim_mm"] == [round(float(trim.width) / MM, 1), round(float(trim.height) / MM, 1)] == [210, 297]
    assert ticket["bleed_mm"] == round((float(trim.left) - float(bleed.left)) / MM, 1) == 3.0
    assert (ticket["paper"], ticket["quantity"], ticket["binding"]) == ("Coated silk 150 g/m²", 2500, "saddle-stitch")
    assert ticket["output_intent"] == "FOGRA39" and ticket["spot_plates"] == []
    human = pypdf.PdfReader(folder / "job-ticket.pdf")
    assert len(human.pages) == 1
    words = human.pages[0].extract_text()
    assert "210 × 297 mm" in words and "Coated silk 150 g/m²" in words and "2 500" in words and "16" in words
    proof = pypdf.PdfReader(folder / "aix-international-strategy-proof.pdf")
    assert len(proof.pages) == 9  # the cover, 7 spreads, the back cover
    report = json.loads((folder / "aix-international-strategy.preflight.json").read_text(encoding="utf-8"))
    assert report["passed"] and report["pages"] == 16
    # what the printer receives checks, and one byte changed anywhere is named
    capsys.readouterr()
    assert main(["package", "--check", str(folder)]) == 0
    assert main(["package", "--check", str(archive)]) == 0
    pdf = folder / "aix-international-strategy.pdf"
    data = bytearray(pdf.read_bytes())
    data[len(data) // 2] ^= 0x01
    pdf.write_bytes(bytes(data))
    assert main(["package", "--check", str(folder)]) == 1
    assert "aix-international-strategy.pdf: changed" in capsys.readouterr().err
    # the same inputs give the same bytes
    first = archive.read_bytes()
    assert main(["package", str(project_copy), "--edition", "fr-en"]) == 0
    assert archive.read_bytes() == first
