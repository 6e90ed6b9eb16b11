"""Check a live process's rebuilds against full builds: seeded random one-word edits (a word doubled,
dropped or repeated six times) of a brochure's content, each rebuild reusing the previous build's
pages (as `brochure watch` does) compared, byte for byte and page map for page map, with a build
from nothing. Run it after a change to render/reuse.py, render/document.py or the story builder.

    python tools/reuse_check.py [FOLDER …] [--seeds 1,2] [--edits 6]

Without a folder: the Aix brochure, the A4 and A5 starters (`brochure init`), the partners fixture
and the leaflet, copied into a temporary folder, every edition of each. Prints one line per edition
and seed, each mismatch with the edit that caused it; exit 1 when any.
"""

from __future__ import annotations

import argparse
import dataclasses
import random
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPOSITORY))  # the test helpers: copies of the test brochures

from tests.conftest import copy_project  # noqa: E402
from tests.harness import write_brochure  # noqa: E402
from tests.test_reuse import render  # noqa: E402
from tests.test_second_brochure import LEAFLET, leaflet_root  # noqa: E402

from brochure.pipeline import Project, load_project  # noqa: E402
from brochure.render.reuse import ReuseStore  # noqa: E402
from brochure.starter.create import create_brochure, parse_trim  # noqa: E402

WORD = re.compile(r"(?<= )[a-zà-ÿ]{5,}(?=[ ,.])")


def test_brochures(folder: Path) -> Iterator[tuple[str, Project]]:
    yield "aix", Project.at(copy_project(folder / "aix"))
    for trim in ("A4", "A5"):
        create_brochure(folder / trim, ["fr", "en"], parse_trim(trim))
        yield f"starter {trim}", Project.at(folder / trim)
    yield "partners", Project.at(write_brochure(folder / "partners", base=REPOSITORY / "tests/fixtures/partners"))
    leaflet = leaflet_root(folder / "leaflet")
    for part in ("content", "layout"):
        shutil.copytree(LEAFLET / part, leaflet / part)
    yield "leaflet", Project.at(leaflet)


def check(name: str, project: Project, edition: str, seed: int, edits: int) -> int:
    """The mismatches of `edits` seeded edits of `project`'s content, rebuilt reusing pages."""
    store = ReuseStore()
    render(project, store, edition)
    chance = random.Random(seed)
    files = sorted(project.content.rglob("*.yaml"))
    made = mismatches = reused = 0
    for step in range(edits):
        path = chance.choice(files)
        text = path.read_text(encoding="utf-8")
        words = list(WORD.finditer(text))
        if not words:
            continue
        word = chance.choice(words)
        action = chance.choice(("double", "drop", "six times"))
        replacement = {"double": f"{word.group()} {word.group()}", "drop": "",
                       "six times": " ".join([word.group()] * 6)}[action]
        path.write_text(text[:word.start()] + replacement + text[word.end():], encoding="utf-8")
        try:
            full = render(project, None, edition)
        except Exception:  # noqa: BLE001 - an edit that makes the brochure wrong (a word a key needs): undone
            path.write_text(text, encoding="utf-8")
            continue
        rebuilt = render(project, store, edition)
        made += 1
        if rebuilt.laid_out is not None:
            reused += rebuilt.pages - (rebuilt.laid_out[1] - rebuilt.laid_out[0] + 1)
        if rebuilt.pdf != full.pdf or rebuilt.page_map != full.page_map or rebuilt.blank_pages != full.blank_pages:
            mismatches += 1
            differ = [field.name for field in dataclasses.fields(full.page_map)
                      if getattr(full.page_map, field.name) != getattr(rebuilt.page_map, field.name)]
            print(f"  MISMATCH {name} {edition} seed {seed} edit {step}: {path.relative_to(project.root)} "
                  f"{action} '{word.group()}': the file {'same' if rebuilt.pdf == full.pdf else 'differs'}, "
                  f"page map differs in {differ}", flush=True)
    print(f"{name} {edition} seed {seed}: {made} edits, {mismatches} mismatches, {reused} pages reused", flush=True)
    return mismatches


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path,
                        help="brochure folders (copied first; default: the test brochures)")
    parser.add_argument("--seeds", default="1,2", help="comma-separated seeds (default 1,2)")
    parser.add_argument("--edits", type=int, default=6, help="edits a seed (default 6)")
    arguments = parser.parse_args()
    seeds = [int(seed) for seed in arguments.seeds.split(",")]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        brochures = [(given.name, Project.at(Path(shutil.copytree(given, folder / given.name))))
                     for given in arguments.folders] if arguments.folders else list(test_brochures(folder))
        mismatches = 0
        for name, project in brochures:
            _, design = load_project(project, draft=True)
            for edition in design.editions:
                for seed in seeds:
                    mismatches += check(name, project, edition.name, seed, arguments.edits)
    print(f"{mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    raise SystemExit(main())
