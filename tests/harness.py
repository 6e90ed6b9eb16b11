"""Test harness: small brochures written from inline YAML into a temporary folder and built.

    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": "id: intro\\nblocks: …"},
                             layout={"document.yaml": …})

starts from the one-section brochure in tests/fixtures/minimal/ (A5, FR/EN, Lato), replaces
or adds the files given (relative to content/ and layout/; None deletes one), copies the fonts
and the output profile beside them, and builds. Tests of layout rules stay small and fast
instead of building the whole Aix brochure.
"""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from brochure.pipeline import BuildResult, Project, build

REPOSITORY = Path(__file__).resolve().parent.parent
MINIMAL = Path(__file__).resolve().parent / "fixtures" / "minimal"


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
            shutil.copytree(REPOSITORY / shared, folder / shared)
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
