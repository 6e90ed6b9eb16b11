"""Bounded build, import and preview: a text, a section, an exchange file or a page too large for
any brochure is refused before the work starts, with a clear error at its file and line (exit 2),
within seconds and under a memory cap; a flood of warnings prints the first few and a count."""

from __future__ import annotations

from pathlib import Path

import pytest

from brochure.exit_codes import EXIT_OK, EXIT_USER
from brochure.limits import MAX_SECTION_BLOCKS, MAX_TEXT_CHARACTERS, MAX_WARNINGS_PRINTED
from brochure.load.yaml_source import MAX_NODES
from tests import preflight_bombs as bombs
from tests.conftest import copy_project

MIB = 1024 * 1024
SECTION = "content/sections/01-strategy.yaml"
PO_HEADER = ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: en\\n"\n'
             '"X-Brochure: strategie-internationale\\n"\n"X-Source-Language: fr\\n"\n\n')


@pytest.fixture
def brochure(tmp_path) -> Path:
    return copy_project(tmp_path / "brochure")


def refused(run: bombs.Run, *words: str) -> str:
    """The one error line of a refused command: exit 2, no traceback, every word in it."""
    assert run.code == EXIT_USER, (run.code, run.err[-3000:])
    assert "Traceback" not in run.err and "internal error" not in run.err
    line = next(line for line in run.err.splitlines() if line.startswith("error"))
    for word in words:
        assert word in line, (word, line)
    if run.peak_kib != -1:  # run in a capped child: under 512 MB (the cap is 1 GB)
        assert 0 < run.peak_kib < 512 * 1024
    return line


def build(brochure: Path, tmp_path: Path) -> bombs.Run:
    return bombs.run_capped(["build", str(brochure), "--edition", "fr-en", "--no-preflight"], tmp_path, timeout=120)


def test_a_1_mb_paragraph_is_refused_at_its_line(brochure, tmp_path):
    section = brochure / SECTION
    section.write_text(section.read_text(encoding="utf-8").replace(
        "blocks:\n", f"blocks:\n  - paragraph:\n      fr: {'mot ' * 250_000}\n      en: word\n", 1), encoding="utf-8")
    run = build(brochure, tmp_path)
    refused(run, f"{SECTION}:6:11", f"[fr] the text is 999,999 characters long, more than the "
                                    f"{MAX_TEXT_CHARACTERS:,} one text may have", "split it into paragraphs")


def test_a_section_of_150_000_blocks_is_refused_before_it_is_parsed(brochure, tmp_path):
    blocks = "  - paragraph: {fr: un, en: one}\n" * 150_000
    (brochure / SECTION).write_text(f"id: strategy\nblocks:\n{blocks}", encoding="utf-8")
    assert (brochure / SECTION).stat().st_size > 4 * MIB
    run = build(brochure, tmp_path)
    # the 200 001st value: three lines in, the file's first two values, then five a block
    refused(run, f"{SECTION}:", f"more than {MAX_NODES:,} values in one file")


def test_a_section_of_too_many_blocks_is_refused_at_the_first_past_the_limit(brochure, tmp_path):
    blocks = "  - paragraph: {fr: un, en: one}\n" * (MAX_SECTION_BLOCKS + 1)
    (brochure / SECTION).write_text(f"id: strategy\nblocks:\n{blocks}", encoding="utf-8")
    # in this process: 2 001 blocks are no threat to memory (the file of 150 000 above is run capped)
    run = bombs.run_here(["build", str(brochure), "--edition", "fr-en", "--no-preflight"])
    refused(run, f"{SECTION}:{MAX_SECTION_BLOCKS + 3}:", f"more than {MAX_SECTION_BLOCKS:,} blocks in one section")


def test_a_1_mb_translation_is_refused_at_its_line_before_it_is_matched(brochure, tmp_path):
    exchange = tmp_path / "en.po"
    exchange.write_text(PO_HEADER + f'msgctxt "strategy.big"\nmsgid "Texte"\nmsgstr "{"a" * MIB}"\n',
                        encoding="utf-8")
    run = bombs.run_here(["translate", "import", str(exchange), str(brochure)])  # 1 MB: no threat in itself
    refused(run, f"{exchange}:8", "unit strategy.big: the text is 1,048,576 characters long")
    assert "Texte" not in (brochure / SECTION).read_text(encoding="utf-8")


def test_thousands_of_unknown_units_print_the_first_warnings_and_a_count(brochure, tmp_path):
    exchange = tmp_path / "en.po"
    ghosts = "".join(f'msgctxt "ghost.{number}"\nmsgid "Texte {number}"\nmsgstr "Text {number}"\n\n'
                     for number in range(2_000))
    known = 'msgid "DIRECTION ATTRACTIVITÉ ET COOPÉRATION INTERNATIONALE"\nmsgstr "INTERNATIONAL DEPARTMENT"\n\n'
    exchange.write_text(PO_HEADER + known + ghosts, encoding="utf-8")
    run = bombs.run_here(["translate", "import", str(exchange), str(brochure)])
    assert run.code == EXIT_OK, run.err
    shown = [line for line in run.err.splitlines() if "is not in the content" in line]
    assert len(shown) == MAX_WARNINGS_PRINTED
    assert f"… and {2_000 - MAX_WARNINGS_PRINTED:,} more like these (not shown)" in run.err
    assert "imported 1 [en] translations" in run.out


def test_a_preview_of_a_200_inch_page_is_refused_before_it_is_rendered(brochure, tmp_path):
    pdf = bombs.large_pages(tmp_path / "poster.pdf", 1, 200)
    run = bombs.run_capped(["preview", str(brochure), "--file", str(pdf), "--output", str(tmp_path / "preview")],
                           tmp_path)
    refused(run, "page 1 is 200 × 200 in", "more than the 60 million a preview renders", "--dpi")
    assert not list((tmp_path / "preview").glob("*.png"))


def test_prepared_images_held_in_memory_stay_within_the_pixel_budget(tmp_path: Path, monkeypatch) -> None:
    """Prepared images are kept for reuse up to a budget of pixels in all, the oldest forgotten:
    kept by count alone, large images placed without a box were all held at full size."""
    from PIL import Image

    from brochure import images, limits

    monkeypatch.setattr(limits, "MAX_KEPT_IMAGE_PIXELS", 2_500_000)
    repository = Path(__file__).resolve().parents[1]
    assets = images.ImageAssets(tmp_path, str(repository / "profiles" / "FOGRA39.icc"))
    for index in range(4):  # line art (a few colours): its CMYK pixels are what is kept
        Image.new("RGB", (1000, 1000), (40 * index, 90, 200)).save(tmp_path / f"art-{index}.png")
        prepared = assets.prepare(f"art-{index}.png", None, None)
        assert isinstance(prepared.source, Image.Image) and prepared.source.size == (1000, 1000)
        assert assets.kept.held_pixels() <= 2_500_000
    assert len(assets.kept.kept) == 2  # the two most recent
    assert assets.prepare("art-3.png", None, None) is assets.prepare("art-3.png", None, None)
    Image.new("RGB", (2000, 1500), "white").save(tmp_path / "poster.png")  # larger than the budget alone
    assets.prepare("poster.png", None, None)
    assert assets.kept.held_pixels() <= 2_500_000
    assert not any("poster.png" in str(key) for key in assets.kept.kept)
