"""Preview: pages cut to the trim, reader spreads, a diff that finds the changed page and boxes the
change, the HTML page (loaded in headless Chromium in a slow test), and the command's errors."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from brochure.cli import main
from brochure.preview.diff import HIGHLIGHT, changed_boxes
from brochure.preview.pages import parse_page_range, render_pages
from brochure.preview.run import PreviewRequest, make_preview
from brochure.preview.spreads import Spread, reader_spreads
from tests.conftest import require_tool

PAGE = (200.0, 300.0)
BLEED = 20.0


def small_pdf(path: Path, texts: list[str]) -> Path:
    """One page per text, with a 20 pt bleed around a TrimBox, text near the top left of the trim."""
    canvas = Canvas(str(path), pagesize=(PAGE[0] + 2 * BLEED, PAGE[1] + 2 * BLEED), invariant=1)
    for text in texts:
        canvas.setFillColorRGB(0.2, 0.4, 0.8)
        canvas.rect(0, 0, PAGE[0] + 2 * BLEED, BLEED / 2, fill=1, stroke=0)  # in the bleed: cut away
        canvas.setTrimBox((BLEED, BLEED, BLEED + PAGE[0], BLEED + PAGE[1]))
        canvas.setFillColorRGB(0, 0, 0)
        canvas.setFont("Helvetica", 18)
        canvas.drawString(BLEED + 10, BLEED + PAGE[1] - 40, text)
        canvas.showPage()
    canvas.save()
    return path


def test_page_ranges():
    assert parse_page_range("3-5,8", 10) == [3, 4, 5, 8]
    assert parse_page_range("2", 2) == [2]
    assert parse_page_range("9-", 10) == [9, 10]
    with pytest.raises(ValueError, match="outside 1-4"):
        parse_page_range("3-5", 4)
    with pytest.raises(ValueError, match="not a page range"):
        parse_page_range("two", 4)


def test_reader_spreads_put_the_cover_alone_on_the_right():
    assert reader_spreads(6) == [Spread(None, 1), Spread(2, 3), Spread(4, 5), Spread(6, None)]
    assert [spread.label for spread in reader_spreads(3)] == ["–|1", "2|3"]


def test_pages_are_cut_to_the_trim_box(tmp_path):
    pdf = small_pdf(tmp_path / "a.pdf", ["Hello"]).read_bytes()
    (page,) = render_pages(pdf, 72)
    assert page.image.size == (200, 300)              # the trim, not the 240 x 340 media box
    assert page.image.getpixel((100, 295)) == (255, 255, 255)  # the blue bleed strip is cut away


def test_changed_boxes_find_the_change_and_nothing_else():
    old = Image.new("RGB", (200, 100), "white")
    new = old.copy()
    new.paste((0, 0, 0), (120, 40, 150, 60))
    (box,) = changed_boxes(old, new)
    assert box[0] <= 120 and box[1] <= 40 and box[2] >= 150 and box[3] >= 60
    assert box[2] - box[0] < 50 and box[3] - box[1] < 40
    assert changed_boxes(old, old.copy()) == []


def test_diff_names_the_changed_page_and_boxes_the_change(tmp_path):
    folder = tmp_path / "preview"
    first = small_pdf(tmp_path / "first.pdf", ["Same", "Hello", "Same"])
    result = make_preview(PreviewRequest(first, folder, dpi=72, diff=True))
    assert not result.compared and result.changed == []
    second = small_pdf(tmp_path / "second.pdf", ["Same", "Hello world", "Same"])
    result = make_preview(PreviewRequest(second, folder, dpi=72, diff=True, spreads=True))
    assert result.compared and result.changed == [2]
    assert [path.name for path in result.diffs] == ["page-002.png"]
    with Image.open(result.diffs[0]) as diff:
        red = [(x, y) for x in range(diff.width) for y in range(diff.height)
               if diff.getpixel((x, y)) == HIGHLIGHT]
    xs, ys = [x for x, _ in red], [y for _, y in red]
    # the box surrounds " world", right of "Hello", near the top of the page
    assert min(xs) >= 45 and max(xs) <= 130 and max(ys) <= 60
    assert [path.name for path in result.spreads] == ["spread-01-x-1.png", "spread-02-2-3.png"]
    with Image.open(result.spreads[1]) as spread:
        assert spread.size == (400, 300)
    assert result.contact_sheet is not None and result.contact_sheet.is_file()
    index = (folder / "index.html").read_text()
    assert 'src="page-002.png?v=' in index and 'class="changed"' in index and "changed: 2" in index


def test_preview_against_another_pdf_and_a_partial_range(tmp_path):
    first = small_pdf(tmp_path / "first.pdf", ["One", "Two", "Three"])
    second = small_pdf(tmp_path / "second.pdf", ["One", "Two", "Three!"])
    result = make_preview(PreviewRequest(second, tmp_path / "p", dpi=50, pages="2-3", diff_against=first))
    assert [path.name for path in result.pages] == ["page-002.png", "page-003.png"]
    assert result.changed == [3]


def test_command_line_preview_and_its_errors(tmp_path, capsys):
    pdf = small_pdf(tmp_path / "a.pdf", ["A", "B"])
    out = tmp_path / "out"
    assert main(["preview", "--file", str(pdf), "--output", str(out), "--dpi", "40"]) == 0
    assert "wrote 2 pages" in capsys.readouterr().out
    assert sorted(path.name for path in out.glob("page-*.png")) == ["page-001.png", "page-002.png"]
    assert main(["preview", "--file", str(pdf), "--output", str(out), "--pages", "5"]) == 2
    assert "--pages: pages 5 are outside 1-2" in capsys.readouterr().err
    assert main(["preview", "--file", str(tmp_path / "missing.pdf"), "--output", str(out)]) == 2
    assert "no PDF to preview" in capsys.readouterr().err


CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


def body_of_page(index: Path, profile: Path) -> str:
    """The <body> tag of the page after Chromium ran its scripts for 4 s of virtual time."""
    chromium = shutil.which("chromium-browser") or require_tool("chromium", "the preview page runs its scripts "
                                                                          "in a real browser")
    completed = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}",
                                "--virtual-time-budget=4000", "--dump-dom", index.as_uri()],
                               capture_output=True, text=True, timeout=120)
    assert completed.returncode == 0, completed.stderr[-2000:]
    start = completed.stdout.index("<body")
    return completed.stdout[start:completed.stdout.index(">", start) + 1]


@pytest.mark.slow
def test_the_preview_page_loads_its_pages_and_reloads_on_a_new_build(tmp_path):
    pdf = small_pdf(tmp_path / "a.pdf", ["One", "Two", "Three", "Four"])
    folder = tmp_path / "preview"
    make_preview(PreviewRequest(pdf, folder, dpi=40))
    body = body_of_page(folder / "index.html", tmp_path / "profile-1")
    assert 'data-images-loaded="4"' in body and 'data-images-broken="0"' in body
    assert 'data-reloads="0"' in body and "data-polls=" in body   # it polled build.js and stayed
    # a newer build announced by build.js: the page reloads (once for that build)
    (folder / "build.js").write_text('window.brochureBuild = "a-newer-build";\n')
    body = body_of_page(folder / "index.html", tmp_path / "profile-2")
    assert 'data-reloads="1"' in body


@pytest.mark.slow
def test_preview_of_the_real_brochure(aix_pdf, tmp_path):
    completed = subprocess.run([sys.executable, "-m", "brochure", "preview", "--file", str(aix_pdf),
                                "--output", str(tmp_path), "--spreads", "--dpi", "30"],
                               capture_output=True, text=True)
    assert completed.returncode == 0, completed.stderr
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == 16
    with Image.open(pages[0]) as cover:   # A4 trim at 30 dpi: 248 x 351
        assert abs(cover.width - 248) <= 1 and abs(cover.height - 351) <= 1
    assert len(list((tmp_path / "spreads").glob("*.png"))) == 9
