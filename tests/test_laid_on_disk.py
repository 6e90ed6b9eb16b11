"""Lines kept from build to build (typeset/laid_on_disk.py): the next build of an edition lays the
paragraphs the last one laid from the user's cache and writes the same bytes as a build that breaks
them all; a changed paragraph is broken anew; a damaged or foreign file is read as none; a paragraph
whose glyphs reportlab names by codes of its own is not kept."""

from __future__ import annotations

import os
import pickle
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from reportlab.lib import colors
from reportlab.lib.enums import TA_JUSTIFY
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

import brochure.pipeline.render as render
from brochure.pipeline import Project, build
from brochure.typeset import laid_on_disk, reportlab_fixes
from brochure.typeset.caches import TypesetCaches, typesetting
from brochure.typeset.laid_lines import LaidLines, LaidParagraph, lines_laid_kept
from brochure.typeset.paragraph import TypesetParagraph
from tests.conftest import REPOSITORY
from tests.harness import write_brochure

SECTION = """\
id: intro
title:
  fr: Introduction
  en: Introduction
blocks:
  - paragraph:
      fr: Une ville ouverte sur le monde, qui accueille chaque année des étudiants de nombreux pays.
      en: A city open to the world, which welcomes students from many countries every year.
  - paragraph:
      fr: {fr}
      en: Partnerships with cities on four continents, in culture, research, economy and sport.
"""
FIRST = "Des partenariats avec des villes de quatre continents, en culture, recherche, économie et sport."
EDITED = "Des partenariats avec des villes de cinq continents, pour la culture, la recherche et le sport."


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache folder of this test's own (and the files' dates fixed, to compare their bytes)."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    return folder


@pytest.fixture
def taken(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, int]]:
    """For each rendering of the builds to come: how many records its kept file held, and how many it took."""
    counts: list[tuple[int, int]] = []
    kept_between_builds = render.kept_between_builds

    @contextmanager
    def counting(laid: LaidLines, path: Path | None) -> Iterator[None]:
        with kept_between_builds(laid, path):
            held = len(laid.earlier)
            yield
            counts.append((held, laid.from_earlier))
    monkeypatch.setattr(render, "kept_between_builds", counting)
    return counts


def brochure_with(folder: Path, fr: str) -> Project:
    """The minimal brochure with two paragraphs, the second's French as given."""
    root = write_brochure(folder, content={"sections/01-intro.yaml": SECTION.format(fr=fr)})
    return Project.at(root, output=folder / "output")


def built(folder: Path, fr: str) -> bytes:
    return build(brochure_with(folder, fr), run_preflight=False).pdf_path.read_bytes()


def test_the_next_build_lays_every_paragraph_from_the_kept_lines_and_writes_the_same_bytes(
        tmp_path, cache, taken):
    first = built(tmp_path / "brochure", FIRST)
    assert taken[0][0] == 0 and list((cache / "brochure" / "lines").glob("*.lines"))
    again = built(tmp_path / "brochure", FIRST)
    held, laid = taken[1]
    assert held > 4 and laid == held  # titles, paragraphs, folios… every one taken
    assert again == first


def test_a_changed_paragraph_is_broken_anew_and_the_file_is_a_fresh_builds(tmp_path, cache, taken, monkeypatch):
    built(tmp_path / "brochure", FIRST)
    edited = built(tmp_path / "brochure", EDITED)
    held, laid = taken[1]
    assert 0 < laid < held  # the edited paragraph's French was not in the kept file
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "empty"))
    assert built(tmp_path / "fresh", EDITED) == edited


def test_a_build_that_laid_what_was_kept_leaves_the_file_as_it_is(tmp_path, cache, taken):
    built(tmp_path / "brochure", FIRST)
    [path] = (cache / "brochure" / "lines").glob("*.lines")
    written = path.read_bytes()
    os.utime(path, (1_000_000, 1_000_000))
    built(tmp_path / "brochure", FIRST)
    assert path.read_bytes() == written and path.stat().st_mtime > 1_000_000  # used now: pruned last


def kept_file(tmp_path: Path, records: object) -> Path:
    path = tmp_path / "kept.lines"
    laid_on_disk.keep_laid(path, records)  # type: ignore[arg-type]
    return path


def test_a_damaged_file_is_read_as_none(tmp_path, cache, taken):
    first = built(tmp_path / "brochure", FIRST)
    [path] = (cache / "brochure" / "lines").glob("*.lines")
    assert laid_on_disk.read_laid(path)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    assert laid_on_disk.read_laid(path) == {}
    assert built(tmp_path / "brochure", FIRST) == first
    assert taken[1] == (0, 0)


class _Calls:
    """A pickle that calls a function when loaded (os.system): what a kept file must never do."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return os.system, (f"touch {self.marker}",)


def written_as_kept(path: Path, pickled: bytes) -> Path:
    """A file at `path` with the header and compression of a kept file, holding `pickled`."""
    body = zlib.compress(pickled)
    path.write_bytes(laid_on_disk._header(body) + b"\n" + body)
    return path


def test_a_file_naming_anything_but_the_parts_of_lines_is_refused_unread(tmp_path):
    marker = tmp_path / "called"
    assert laid_on_disk.read_laid(written_as_kept(tmp_path / "a.lines", pickle.dumps({"key": _Calls(marker)}))) == {}
    assert not marker.exists()
    assert laid_on_disk.read_laid(tmp_path / "none.lines") == {}
    # a class of the parts of lines is not handed out either: pickle could set attributes on it
    equal = colors.Color.__eq__
    color_class = b"creportlab.lib.colors\nColor\n(N}S'__eq__'\nI1\nstb."  # BUILD (None, {...}): setattr
    assert laid_on_disk.read_laid(written_as_kept(tmp_path / "b.lines", color_class)) == {}
    assert colors.Color.__eq__ is equal
    # what it hands out is a function of its own for each name read: setting an attribute on it
    # changes nothing that outlives the reading
    constructor = b"cbrochure.typeset.laid_on_disk\n_object\n(N}S'marker'\nI1\nstb."
    assert laid_on_disk.read_laid(written_as_kept(tmp_path / "c.lines", constructor)) == {}
    assert not hasattr(laid_on_disk._object, "marker")


def test_records_that_are_not_records_are_read_as_none(tmp_path):
    for records in ({"key": "not a record"}, ["not", "a", "dict"]):
        assert laid_on_disk.read_laid(written_as_kept(tmp_path / "d.lines", pickle.dumps(records))) == {}


@pytest.fixture
def fonts() -> None:
    reportlab_fixes.apply()
    pdfmetrics.registerFont(TTFont("Kept-Lato", str(REPOSITORY / "fonts/lato/Lato-Regular.ttf")))
    pdfmetrics.registerFont(TTFont("Kept-Arabic", str(REPOSITORY / "fonts/noto-arabic/NotoSansArabic-Regular.ttf")))


@pytest.mark.parametrize(("font", "text", "kept"), [
    ("Kept-Lato", "Partner towns on four shores, in culture and sport.", True),
    ("Kept-Lato", "The office of the first affluent fifty, finely filed.", False),  # ligatures: ﬀ ﬁ ﬂ
    ("Kept-Arabic", "مدينة منفتحة على العالم", False),  # joining forms: private-use codes
])
def test_a_paragraph_whose_glyphs_reportlab_names_itself_is_laid_again_in_this_process_only(
        fonts, font, text, kept):
    style = ParagraphStyle("body", fontName=font, fontSize=10, leading=12, alignment=TA_JUSTIFY)
    with typesetting(TypesetCaches(), ligatures=True), lines_laid_kept() as laid:
        laid.laid_now = {}
        TypesetParagraph(text, style).wrap(120, 1000)
        assert len(laid.records) == 1
        assert len(laid.laid_now) == (1 if kept else 0)


def drawn(record: LaidParagraph) -> list[list[tuple[object, ...]]]:
    """Each line's frags: text, glyph records and font."""
    return [[(frag.text, getattr(frag.text, "__shapeData__", None), frag.fontName) for frag in line.words]
            for line in record.lines]


def test_the_kept_records_are_written_and_read_back_alike(tmp_path, fonts):
    style = ParagraphStyle("body", fontName="Kept-Lato", fontSize=10, leading=12, alignment=TA_JUSTIFY)
    with typesetting(TypesetCaches()), lines_laid_kept() as laid:
        laid.laid_now = {}
        TypesetParagraph("Partner cities on four continents, in culture and sport.", style).wrap(120, 1000)
        path = kept_file(tmp_path, laid.laid_now)
        [(digest, record)] = laid.laid_now.items()
    [(digest_read, read)] = laid_on_disk.read_laid(path).items()
    assert digest_read == digest
    assert drawn(read) == drawn(record)
    assert [kind for kind, _, _ in read.fragment_words] == [kind for kind, _, _ in record.fragment_words]
    assert read.chosen == record.chosen and read.width_max == record.width_max


def test_records_pickle_cannot_write_are_not_kept_and_the_build_goes_on(tmp_path):
    path = tmp_path / "kept.lines"
    laid_on_disk.keep_laid(path, {"key": lambda: None})  # type: ignore[dict-item]
    assert not path.exists()
