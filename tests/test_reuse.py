"""Rebuilds in a live process (`brochure watch`): an edit lays out and draws only the pages from
the last page-starting item before it to the next one after it; the pages before and after are
the previous build's, and the result is byte-identical to a full build of the edited files."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from brochure.pipeline import Project, Rendered, load_project, render_pdf
from brochure.render.reuse import ReuseStore
from tests.conftest import copy_project
from tests.pdf_reading import text_lines
from tests.test_second_brochure import leaflet_root
from tests.test_second_brochure import project as leaflet_project


def render(project: Project, store: ReuseStore | None, edition: str, rendering: str = "print",
           tagged: bool | None = None) -> Rendered:
    brochure, design = load_project(project, draft=True)
    return render_pdf(brochure, design.for_edition(design.edition_named(edition)), project.root, rendering,
                      reuse=store, tagged=tagged)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def same_as_full_build(project: Project, store: ReuseStore, edition: str, rendering: str = "print") -> Rendered:
    """A rebuild reusing the store, checked against a build from nothing: same bytes, same page map."""
    reused = render(project, store, edition, rendering)
    full = render(project, None, edition, rendering, tagged=False)  # a live process's are untagged
    assert reused.pdf == full.pdf
    assert reused.pages == full.pages
    assert reused.blank_pages == full.blank_pages
    assert reused.page_map == full.page_map
    return reused


@pytest.fixture
def project_copy(project_copy: Path) -> Path:
    """The Aix brochure with each section starting a page, where an edit's pages end; sections
    that run on (the layout's default) make an edit lay out every page after it."""
    pages = project_copy / "layout" / "pages.yaml"
    text = pages.read_text(encoding="utf-8")
    text = re.sub(r"\n    new_page: auto.*", "", text)
    text = re.sub(r"(\n    template: \w+)\n", r"\1\n    new_page: true\n", text)
    pages.write_text(re.sub(r"fillers:\n(  - .*\n)+", "", text), encoding="utf-8")
    return project_copy


def section_file(project: Project, position: int) -> Path:
    return sorted((project.content / "sections").glob("*.yaml"))[position]


@pytest.mark.slow  # whole Aix builds
def test_an_edit_lays_out_only_the_pages_of_its_section(project_copy):
    project = Project.at(project_copy)
    store = ReuseStore()
    first = render(project, store, "fr-en")
    assert first.laid_out == (1, first.pages)  # nothing to reuse yet
    edit(section_file(project, 0), "mondialisation", "globalisation")  # the first section, page 2
    assert same_as_full_build(project, store, "fr-en").laid_out == (2, 2)
    # a later section: the pages before it and after it are the previous build's
    edit(section_file(project, 2), " la ", " toute la ")
    middle = same_as_full_build(project, store, "fr-en")
    assert 2 < middle.laid_out[0] <= middle.laid_out[1] < first.pages - 2
    edit(section_file(project, -1), " la ", " toute la ")
    last = same_as_full_build(project, store, "fr-en")
    assert last.laid_out[0] > middle.laid_out[1]
    nothing = same_as_full_build(project, store, "fr-en")  # saved again unchanged: nothing laid out
    assert nothing.laid_out[0] > nothing.laid_out[1]


@pytest.mark.slow  # whole Aix builds
def test_an_edit_that_moves_the_pages_after_it_lays_them_out_again(project_copy):
    project = Project.at(project_copy)
    store = ReuseStore()
    first = render(project, store, "fr-en")
    path = section_file(project, 0)
    text = path.read_text(encoding="utf-8")
    french = "Ce paragraphe est ajouté pour allonger la section d’une page entière. " * 30
    english = "This paragraph is added to lengthen the section by a whole page. " * 30
    assert "blocks:\n" in text
    path.write_text(text.replace("blocks:\n", f"blocks:\n  - paragraph:\n      fr: {french}\n      en: {english}\n", 1),
                    encoding="utf-8")
    moved = same_as_full_build(project, store, "fr-en")
    assert moved.pages > first.pages
    # every later page moved: at most the cover is reused (none when the page plan chooses a budget
    # the last build never tried: there is no earlier layout of it to take pages from)
    assert moved.laid_out[0] in (1, 2) and moved.laid_out[1] == moved.pages
    path.write_text(text, encoding="utf-8")  # and back: the pages return to where they were
    back = same_as_full_build(project, store, "fr-en")
    assert back.pages == first.pages


def leaflet_copy(folder: Path) -> Project:
    """The leaflet (images, three languages, another trim and fonts) with content and layout to edit."""
    leaflet = leaflet_project(leaflet_root(folder))
    shutil.copytree(leaflet.content, folder / "content")
    shutil.copytree(leaflet.layout, folder / "layout")
    return Project.at(folder)


@pytest.mark.slow
def test_edits_that_reach_other_pages_or_files_are_rebuilt_as_a_full_build_would(tmp_path):
    """Found by a review that tried to break reuse: a credit in a section shows on the back cover;
    swapping images between sections changes which page registers an image first; an image
    replaced under content/ (outside images/) with no text edited."""
    from PIL import Image, ImageOps

    leaflet = leaflet_copy(tmp_path / "leaflet")
    _, design = load_project(leaflet, draft=True)
    edition = design.editions[0].name
    store = ReuseStore()
    render(leaflet, store, edition)
    welcome, practical = section_file(leaflet, 0), section_file(leaflet, -1)
    edit(welcome, "(CC0)", "(CC BY)")  # the back cover gathers every credit
    assert "(CC BY)" in " ".join(line.text for line in text_lines(same_as_full_build(leaflet, store, edition).pdf))
    image = next(word for word in welcome.read_text(encoding="utf-8").split() if word.startswith("images/"))
    other = leaflet.root / "images" / "other.png"
    picture = Image.open(leaflet.root / image).convert("RGB")
    picture.putpixel((0, 0), (255, 0, 0))
    picture.save(other)
    edit(practical, "blocks:\n",
         "blocks:\n  - image: images/other.png\n    caption: {de: Bild., fr: Image., en: Picture.}\n")
    same_as_full_build(leaflet, store, edition)
    edit(welcome, image, "images/other.png")  # now the first page to draw it is another
    same_as_full_build(leaflet, store, edition)
    photos = leaflet.content / "photos"
    photos.mkdir()
    shutil.copy(other, photos / "stage.png")
    edit(welcome, "images/other.png", "content/photos/stage.png")
    same_as_full_build(leaflet, store, edition)
    ImageOps.flip(Image.open(photos / "stage.png")).save(photos / "stage.png")  # replaced, no text edited
    same_as_full_build(leaflet, store, edition)


@pytest.mark.slow
def test_reused_pages_with_links_images_and_three_languages(tmp_path, project_copy):
    """The screen rendering (link annotations) of Aix, and the leaflet (images on its cover and in a
    section, three languages, another trim and fonts)."""
    project = Project.at(project_copy)
    store = ReuseStore()
    render(project, store, "fr-en", "screen")
    edit(section_file(project, 0), "mondialisation", "globalisation")
    assert same_as_full_build(project, store, "fr-en", "screen").laid_out == (2, 2)
    edit(section_file(project, -1), " la ", " toute la ")
    assert same_as_full_build(project, store, "fr-en", "screen").laid_out[0] > 2

    leaflet = leaflet_project(leaflet_root(tmp_path / "leaflet"))
    content = tmp_path / "leaflet-content"
    shutil.copytree(leaflet.content, content)
    leaflet = Project.at(leaflet.root, content=content, layout=leaflet.layout, output=leaflet.output)
    _, design = load_project(leaflet, draft=True)
    edition = design.editions[0].name
    store = ReuseStore()
    pages = render(leaflet, store, edition).pages
    for position in (0, 2, -1):
        edit(section_file(leaflet, position), "en: ", "en: New ")
        laid_out = same_as_full_build(leaflet, store, edition).laid_out
        assert laid_out is not None and laid_out[1] - laid_out[0] < pages - 2


@pytest.mark.slow
def test_a_run_of_random_edits_stays_byte_identical_to_full_builds(project_copy):
    """Seeded random edits, one after the other as a designer saves them: a word doubled or
    dropped, a paragraph emptied of half its words, in any section; after each, the rebuild that
    reuses pages is the full build, byte for byte."""
    assert random_edits(Project.at(project_copy), 16) > 5 * 16  # most pages of most rebuilds were reused


@pytest.mark.slow
def test_sections_that_run_on_reuse_the_pages_after_an_edit_byte_for_byte(tmp_path):
    """The layout as shipped: sections run on, so a page after an edit begins inside a section.
    Where a page begins with the same flowable of an unchanged section, in the same state, the
    rest is the previous build's; random edits stay byte-identical to full builds."""
    project = Project.at(copy_project(tmp_path / "aix"))
    store = ReuseStore()
    first = render(project, store, "fr-en")
    edit(section_file(project, 0), "mondialisation", "globalisation")  # the first section, page 2
    rebuilt = same_as_full_build(project, store, "fr-en")
    assert rebuilt.laid_out is not None and rebuilt.laid_out[1] - rebuilt.laid_out[0] < 6 < first.pages
    assert random_edits(project, 27, store) > 5 * 12


def test_a_rebuild_lays_the_paragraphs_its_last_build_broke_as_they_were(tmp_path):
    """Sections that run on: an edit far down the brochure lays out again every page before it.
    The store keeps the lines each paragraph was broken into (typeset/laid_lines.py), so the
    rebuild breaks only what changed, and its file is a full build's."""
    project = Project.at(copy_project(tmp_path / "aix"))
    store = ReuseStore()
    render(project, store, "fr-en")
    [laid] = store.laid_lines.values()
    path = section_file(project, -1)
    text = path.read_text(encoding="utf-8")
    word = re.search(r"(?<= )[a-zà-ÿ]{9,}(?=[ ,.])", text)
    assert word is not None
    path.write_text(f"{text[:word.end()]} {word.group()}{text[word.end():]}", encoding="utf-8")  # doubled
    before = laid.replayed
    rebuilt = same_as_full_build(project, store, "fr-en")
    assert rebuilt.laid_out is not None and rebuilt.laid_out[1] - rebuilt.laid_out[0] >= 4  # pages laid out again
    assert laid.replayed - before >= 40  # their paragraphs laid as the last build broke them


@pytest.mark.slow
@pytest.mark.parametrize("trim", ["A4", "A5"])
def test_a_starters_edits_reuse_pages_after_them_and_count_its_padding_once(tmp_path, trim):
    """`brochure init`'s brochure: sections that run on, cards, a map filler page, a page of notes
    and a blank page before the back cover. A page may begin after the padding was decided (the
    blank page): the rebuild converges there and counts the padding once, so that the page plan
    weighs its layouts as a full build does (it chose another layout when the blank page counted
    twice)."""
    from brochure.starter.create import create_brochure, parse_trim

    create_brochure(tmp_path / "starter", ["fr", "en"], parse_trim(trim))
    project = Project.at(tmp_path / "starter")
    store = ReuseStore()
    first = render(project, store, "fr-en")
    import random

    chance = random.Random(3)  # (the seed that found the padding counted twice)
    sections = sorted((project.content / "sections").glob("*.yaml"))
    words = re.compile(r"(?<= )[a-zà-ÿ]{5,}(?=[ ,.])")
    laid = []
    for _ in range(8):
        path = chance.choice(sections)
        text = path.read_text(encoding="utf-8")
        word = chance.choice(list(words.finditer(text)))
        twice = chance.choice((True, False))  # a word doubled, or dropped
        path.write_text(text[:word.start()] + (f"{word.group()} {word.group()}" if twice else "")
                        + text[word.end():], encoding="utf-8")
        rebuilt = same_as_full_build(project, store, "fr-en")
        assert rebuilt.laid_out is not None
        laid.append(rebuilt.laid_out[1] - rebuilt.laid_out[0] + 1)
    assert sorted(laid)[len(laid) // 2] < first.pages // 2  # most rebuilds lay out a few pages only


@pytest.mark.slow
def test_a_one_language_editions_balanced_columns_measure_the_items_made_late(tmp_path):
    """A one-language edition flows through columns, balanced where the text ends before a page
    break: an unchanged item a rebuild makes late (DeferredItem) is made when the balancing
    measures it, so the columns come out as in a full build (they were balanced on a page that
    looked empty, and the rebuild differed from the build)."""
    project = Project.at(copy_project(tmp_path / "aix"))
    assert random_edits(project, 1, edition="fr") > 10


def random_edits(project: Project, seed: int, store: ReuseStore | None = None, edition: str = "fr-en") -> int:
    """Ten seeded random edits, each rebuild checked against a full build; the pages reused."""
    import random

    if store is None:
        store = ReuseStore()
        render(project, store, edition)
    chance = random.Random(seed)
    sections = sorted((project.content / "sections").glob("*.yaml"))
    reused = 0
    for _ in range(10):
        path = chance.choice(sections)
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        # lines inside folded text (indented, no key, no list item, no comment)
        prose = [index for index, line in enumerate(lines) if line.startswith("        ") and len(line.split()) > 4
                 and ":" not in line and not line.strip().startswith(("-", "#", "'", '"'))]
        index = chance.choice(prose)
        words = lines[index].split()
        action = chance.choice(("double", "drop", "halve"))
        if action == "double":
            position = chance.randrange(len(words))
            words.insert(position, words[position])
        elif action == "drop":
            words.pop(chance.randrange(len(words)))
        else:
            words = words[: len(words) // 2 + 1]
        indent = lines[index][: len(lines[index]) - len(lines[index].lstrip())]
        lines[index] = indent + " ".join(words) + "\n"
        path.write_text("".join(lines), encoding="utf-8")
        rebuilt = same_as_full_build(project, store, edition)
        assert rebuilt.laid_out is not None
        reused += rebuilt.pages - (rebuilt.laid_out[1] - rebuilt.laid_out[0] + 1)
    return reused


@pytest.mark.slow  # whole Aix builds
def test_a_fault_in_reuse_builds_in_full_and_the_watch_goes_on(project_copy, monkeypatch):
    from brochure.render import reuse
    from brochure.watch.session import WatchSession

    session = WatchSession(Project.at(project_copy), editions=("fr-en",))
    assert session.rebuild().ok

    def broken(self, canvas, page_map):
        if self.previous is not None:  # only where something is reused
            raise RuntimeError("a fault of ours")

    monkeypatch.setattr(reuse.PageRecorder, "fast_forward", broken)
    edit(section_file(Project.at(project_copy), 0), "mondialisation", "globalisation")
    rebuilt = session.rebuild()
    assert rebuilt.ok and rebuilt.changed == [2]
    notes = [note for note in rebuilt.warnings if note.startswith("pages could not be reused (RuntimeError: ")]
    assert len(notes) == 1 and "a fault of ours): built in full" in notes[0] and "\n" not in notes[0], notes
