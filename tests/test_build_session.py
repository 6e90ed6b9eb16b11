"""Build sessions (pipeline/session.py): what a build caches belongs to the session it is given,
never to a module. A build changes no module-level container of brochure; a session kept across
builds (as `brochure watch` keeps one) is where the caches fill; two sessions build side by side."""

from __future__ import annotations

import sys
from collections import OrderedDict
from pathlib import Path

from reportlab.pdfbase import pdfmetrics

from brochure.pipeline import BuildSession, Project, build
from tests.harness import write_brochure

# reportlab's own font registry is the process's by reportlab's design (fonts/registry.py names
# each font by its content's digest, so no build changes what another draws): the one boundary
REPORTLAB_REGISTRY = (pdfmetrics._fonts, pdfmetrics._dynFaceNames)  # type: ignore[attr-defined]

SECTION = """\
id: intro
title:
  fr: {title_fr}
  en: {title_en}
blocks:
  - paragraph:
      fr: {fr}
      en: {en}
"""


def module_containers() -> dict[str, tuple[int, int]]:
    """Every dict, list, set and OrderedDict held by a module of brochure: its identity and size."""
    found = {}
    for name, module in list(sys.modules.items()):
        if name != "brochure" and not name.startswith("brochure."):
            continue
        for attribute, value in list(vars(module).items()):
            if isinstance(value, (dict, list, set, OrderedDict)) and not attribute.startswith("__") \
                    and not any(value is registry for registry in REPORTLAB_REGISTRY):
                found[f"{name}.{attribute}"] = (id(value), len(value))
    return found


def brochure_with(folder: Path, **texts: str) -> Project:
    """The minimal brochure with its one section's title and paragraph as given."""
    root = write_brochure(folder, content={"sections/01-intro.yaml": SECTION.format(**texts)})
    return Project.at(root, output=folder / "output")


def two_brochures(tmp_path: Path) -> tuple[Project, Project]:
    first = brochure_with(tmp_path / "first", title_fr="Introduction", title_en="Introduction",
                          fr="Une ville ouverte sur le monde, qui accueille des étudiants.",
                          en="A city open to the world, which welcomes students.")
    second = brochure_with(tmp_path / "second", title_fr="Partenaires", title_en="Partners",
                           fr="Des jumelages anciens, des coopérations nouvelles et de nombreux échanges.",
                           en="Long-standing twinnings, new partnerships and many exchanges between schools.")
    return first, second


def test_a_build_changes_no_module_level_container(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = two_brochures(tmp_path)
    build(first, run_preflight=False)  # every module a build uses is imported
    before = module_containers()
    build(second, run_preflight=False)  # other words, other files: a module-level cache would grow
    after = module_containers()
    changed = {name: (before.get(name), size) for name, size in after.items() if before.get(name) != size}
    assert changed == {}


def test_the_check_sees_a_module_level_cache(tmp_path, monkeypatch):
    """The test above can fail: a module's dict filled during a build is seen."""
    from brochure.typeset import total_fit

    before = module_containers()
    monkeypatch.setattr(total_fit, "_KEPT", {}, raising=False)
    middle = module_containers()
    total_fit._KEPT["word"] = 1  # type: ignore[attr-defined]
    after = module_containers()
    assert "brochure.typeset.total_fit._KEPT" not in before
    assert middle["brochure.typeset.total_fit._KEPT"][1] == 0 and after["brochure.typeset.total_fit._KEPT"][1] == 1


def test_a_kept_session_holds_the_caches_and_gives_the_same_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = two_brochures(tmp_path)
    alone = {project.root: build(project, run_preflight=False).pdf_path.read_bytes() for project in (first, second)}
    session = BuildSession()
    for project in (first, second, first, second):  # side by side in one session, alternately
        assert build(project, run_preflight=False, session=session).pdf_path.read_bytes() == alone[project.root]
    assert session.trees.trees and session.fonts and session.typesetting.shaped_words
    assert session.typesetting.breaks and session.typesetting.hyphenators
    other = BuildSession()  # a second session starts empty: nothing is shared through a module
    assert not (other.trees.trees or other.fonts or other.typesetting.shaped_words)
    assert build(second, run_preflight=False, session=other).pdf_path.read_bytes() == alone[second.root]


def test_an_editions_renderings_in_one_session_lay_the_paragraphs_another_broke(tmp_path, monkeypatch):
    """One process rendering several editions (a worker, or one core) keeps their broken lines in
    its session: en-fr lays most of fr-en's paragraphs as fr-en broke them, and its file is the one
    a session of its own makes."""
    from brochure.pipeline import load_project, render_pdf
    from tests.conftest import copy_project

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = Project.at(copy_project(tmp_path / "aix"))
    brochure, design = load_project(project, draft=True)

    def rendered(name: str, session: BuildSession) -> bytes:
        return render_pdf(brochure, design.for_edition(design.edition_named(name)), project.root, "print",
                          session=session).pdf

    shared = BuildSession()
    rendered("fr-en", shared)
    before = shared.laid_lines.replayed
    after_another = rendered("en-fr", shared)
    assert shared.laid_lines.replayed - before > 300
    assert after_another == rendered("en-fr", BuildSession())


def test_a_one_shot_build_lets_its_typesetting_caches_go_before_finishing(tmp_path, monkeypatch):
    """After the last layout of a one-shot build the session's shaped words, breaks and laid lines
    go (finishing and preflight reuse their memory), with the same file; a kept session keeps them."""
    from brochure.pipeline import load_project, make_renderings

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project, _ = two_brochures(tmp_path)
    brochure, design = load_project(project, draft=True)
    files = {}
    for one_shot in (False, True):
        session = BuildSession()
        made = make_renderings(project, brochure, [(design, "print")], ("print",), False, session=session,
                               one_shot=one_shot)
        files[one_shot] = made[0].finished["print"]
        caches = session.typesetting
        held = [len(caches.shaped_words), len(caches.breaks), len(session.laid_lines.records)]
        assert (held == [0, 0, 0]) == one_shot, held
    assert files[True] == files[False]


def test_forgetting_the_typesetting_caches_can_collect_the_layouts_cycles():
    """A catalogue's last layout leaves its unchosen trials in reference cycles: collected when
    asked (COLLECT_AFTER_PAGES), left to Python's collector otherwise."""
    import gc
    import weakref

    class Layout:
        pass

    was_enabled = gc.isenabled()
    gc.disable()  # only the forgetting may collect here
    try:
        freed = {}
        for collect in (False, True):
            layout = Layout()
            layout.itself = layout  # type: ignore[attr-defined]  # a cycle, as a document and its canvas
            reference = weakref.ref(layout)
            del layout
            BuildSession().forget_typesetting(collect=collect)
            freed[collect] = reference() is None
            gc.collect()
        assert freed == {False: False, True: True}
    finally:
        if was_enabled:
            gc.enable()
