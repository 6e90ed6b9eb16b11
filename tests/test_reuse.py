"""Rebuilds in a live process (`brochure watch`): the pages an edit cannot move are taken from
the previous build, and the result is byte-identical to a full build of the edited files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from brochure.pipeline import Project, Rendered, load_project, render_pdf
from brochure.render.reuse import ReuseStore
from tests.test_second_brochure import leaflet_root
from tests.test_second_brochure import project as leaflet_project


def render(project: Project, store: ReuseStore | None, edition: str, rendering: str = "print") -> Rendered:
    brochure, design = load_project(project, draft=True)
    return render_pdf(brochure, design.for_edition(design.edition_named(edition)), project.root, rendering,
                      reuse=store)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def same_as_full_build(project: Project, store: ReuseStore, edition: str, rendering: str = "print") -> Rendered:
    """A rebuild reusing the store, checked against a build from nothing: same bytes, same page map."""
    reused = render(project, store, edition, rendering)
    full = render(project, None, edition, rendering)
    assert reused.pdf == full.pdf
    assert reused.pages == full.pages
    assert reused.blank_pages == full.blank_pages
    assert reused.page_map == full.page_map
    return reused


def section_file(project: Project, position: int) -> Path:
    return sorted((project.content / "sections").glob("*.yaml"))[position]


def test_an_edit_lays_out_the_pages_up_to_the_next_section_only(project_copy):
    project = Project.at(project_copy)
    store = ReuseStore()
    first = render(project, store, "fr-en")
    assert first.reused_from is None  # nothing to reuse yet
    edit(section_file(project, 0), "mondialisation", "globalisation")  # the first section, page 2
    reused = same_as_full_build(project, store, "fr-en")
    # the next section starts a page: from there on, the previous build's pages stand
    assert reused.reused_from is not None and 2 < reused.reused_from <= 4
    # an edit in a later section reuses from a later page; the pages before it are laid out again
    edit(section_file(project, 2), "mondialisation", "globalisation") \
        if "mondialisation" in section_file(project, 2).read_text(encoding="utf-8") \
        else edit(section_file(project, 2), " la ", " toute la ")
    later = same_as_full_build(project, store, "fr-en")
    assert later.reused_from is not None and later.reused_from > reused.reused_from


def test_an_edit_that_moves_the_pages_after_it_is_a_full_build(project_copy):
    project = Project.at(project_copy)
    store = ReuseStore()
    render(project, store, "fr-en")
    path = section_file(project, 0)
    text = path.read_text(encoding="utf-8")
    french = "Ce paragraphe est ajouté pour allonger la section d’une page entière. " * 30
    english = "This paragraph is added to lengthen the section by a whole page. " * 30
    assert "blocks:\n" in text
    path.write_text(text.replace("blocks:\n", f"blocks:\n  - paragraph:\n      fr: {french}\n      en: {english}\n", 1),
                    encoding="utf-8")
    moved = same_as_full_build(project, store, "fr-en")
    assert moved.reused_from is None  # every later page moved: nothing could be reused
    before = render(project, None, "fr-en")
    path.write_text(text, encoding="utf-8")  # and back: the pages return to where they were
    back = same_as_full_build(project, store, "fr-en")
    assert back.pages < before.pages


@pytest.mark.slow
def test_reused_pages_with_links_images_and_three_languages(tmp_path, project_copy):
    """The screen rendering (link annotations) of Aix, and the leaflet (images on its cover and in a
    section, three languages, another trim and fonts)."""
    project = Project.at(project_copy)
    store = ReuseStore()
    render(project, store, "fr-en", "screen")
    edit(section_file(project, 0), "mondialisation", "globalisation")
    assert same_as_full_build(project, store, "fr-en", "screen").reused_from is not None

    leaflet = leaflet_project(leaflet_root(tmp_path / "leaflet"))
    content = tmp_path / "leaflet-content"
    shutil.copytree(leaflet.content, content)
    leaflet = Project.at(leaflet.root, content=content, layout=leaflet.layout, output=leaflet.output)
    _, design = load_project(leaflet, draft=True)
    edition = design.editions[0].name
    store = ReuseStore()
    render(leaflet, store, edition)
    welcome = section_file(leaflet, 0)
    text = welcome.read_text(encoding="utf-8")
    word = next(word for word in ("the ", "The ", "die ", "der ") if word in text)
    edit(welcome, word, word + "very " if word.lower() == "the " else word + "ganz ")
    assert same_as_full_build(leaflet, store, edition).reused_from is not None
