"""Test harness: small brochures written from inline YAML into a temporary folder and built.

    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": "id: intro\\nblocks: …"},
                             layout={"document.yaml": …})

starts from the one-section brochure in tests/fixtures/minimal/ (A5, FR/EN, Lato), replaces
or adds the files given (relative to content/ and layout/; None deletes one), puts the fonts
and the output profile beside them (`linked_assets`), and builds. Tests of layout rules stay small and fast
instead of building the whole Aix brochure.
"""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
import textwrap
from pathlib import Path

from brochure.pipeline import BuildResult, Project, build

REPOSITORY = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


_PRISTINE: dict[str, Path] = {}  # folder -> its copy in this test process


def _pristine(relative: str) -> Path:
    """One copy per test process of the repository's folder `relative` (fonts, profiles): the
    files brochure folders link to. Never the repository's own files: a test that wrote into a
    linked file in place would change this copy, not the repository (and conftest's check at the
    end of the session names it)."""
    if relative not in _PRISTINE:
        folder = Path(tempfile.mkdtemp(prefix="brochure-test-assets-"))
        atexit.register(shutil.rmtree, folder, ignore_errors=True)
        _PRISTINE[relative] = Path(shutil.copytree(REPOSITORY / relative, folder / relative))
    return _PRISTINE[relative]


def linked_assets(relative: str, destination: Path) -> Path:
    """`destination` as a copy of the repository's read-only folder `relative` (fonts, profiles):
    its files hard links to one copy per test process, so that a brochure folder costs no 4.5 MB
    of fonts written and deleted again (the fast suite writes two hundred of them). A test that
    changes such a file replaces it (font_files unlinks first), as a user copying a file does;
    new files go into the folder itself. Copied where links cannot be made."""
    return Path(shutil.copytree(_pristine(relative), destination, copy_function=_link_or_copy))


def copy_brochure(source: Path, destination: Path) -> Path:
    """A copy of the brochure folder `source`: the files of its fonts and profiles folders linked
    (as write_brochure links them), everything else copied."""
    shared = tuple(source / folder for folder in ("fonts", "profiles"))

    def copy(file: str, target: str) -> None:
        linked = any(Path(file).is_relative_to(folder) for folder in shared)
        (_link_or_copy if linked else shutil.copy2)(file, target)

    return Path(shutil.copytree(source, destination, copy_function=copy))


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without links
        shutil.copy2(source, target)


def changed_assets() -> list[str]:
    """The linked files whose shared copy no longer equals the repository's: a test wrote into
    one in place (conftest fails the session naming them)."""
    return sorted(str(path.relative_to(copy.parent)) for relative, copy in _PRISTINE.items()
                  for path in copy.rglob("*") if path.is_file()
                  and path.read_bytes() != (REPOSITORY / relative / path.relative_to(copy)).read_bytes())


def write_brochure(folder: Path, content: dict[str, str | None] | None = None,
                   layout: dict[str, str | None] | None = None, base: Path = MINIMAL,
                   files: dict[str, Path] | None = None) -> Path:
    """A brochure folder: `base` with the given files replaced, and `files` (relative
    destination -> source file, e.g. fonts) copied in; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    for part in ("content", "layout"):
        shutil.copytree(base / part, folder / part, dirs_exist_ok=True)
    for shared in ("fonts", "profiles"):
        if not (folder / shared).exists():
            linked_assets(shared, folder / shared)
    (folder / "images").mkdir(exist_ok=True)
    for destination, source in (files or {}).items():
        (folder / destination).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, folder / destination)
    for part, texts in (("content", content or {}), ("layout", layout or {})):
        for relative, text in texts.items():
            path = folder / part / relative
            if text is None:
                path.unlink()
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return folder


def build_from_yaml(folder: Path, content: dict[str, str | None] | None = None,
                    layout: dict[str, str | None] | None = None, files: dict[str, Path] | None = None,
                    **options: object) -> BuildResult:
    """Write a brochure with `write_brochure` and build it (options go to `build`)."""
    root = write_brochure(folder / "brochure", content, layout, files=files)
    return build(Project.at(root, output=folder / "output"), **options)  # type: ignore[arg-type]
