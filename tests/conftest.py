"""Shared fixtures: the real brochure built once per test session into a temporary folder."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings


def _bytecode_kept() -> None:
    """A machine that sets PYTHONDONTWRITEBYTECODE would have every test session compile the
    package and rewrite every test module again, and every `brochure` child process compile the
    package again (seconds of the fast suite's CPU): the tests write it as Python does by default,
    in `__pycache__/` folders that git ignores. (Not PYTHONPYCACHEPREFIX: with it, Python reads no
    bytecode next to the sources, so a cold run would compile the whole standard library and every
    installed package again.)"""
    sys.dont_write_bytecode = False
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # the child processes the tests start


_bytecode_kept()

# The package is imported once bytecode may be written, so that it is kept.
from brochure.pipeline import BuildResult, Project, build  # noqa: E402
from tests.harness import changed_assets, linked_assets  # noqa: E402

REPOSITORY = Path(__file__).resolve().parent.parent


# How many inputs each fuzz test tries: a few dozen in a developer's run, hundreds in CI
# (`pytest --hypothesis-profile=thorough`, as .ci/run does). Seeded by Hypothesis's own database.
settings.register_profile("fast", max_examples=40, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.register_profile("thorough", max_examples=300, deadline=None,
                          suppress_health_check=[HealthCheck.function_scoped_fixture])
settings.load_profile("fast")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-refs", action="store_true",
                     help="accept the pages rendered now as the reference renders (tests/ref/*.png)")


def copy_project(destination: Path) -> Path:
    """A copy of the repository's brochure (content, layout, fonts, images) to change freely (the
    fonts and the profile as links: replace such a file, do not write into it)."""
    for folder in ("content", "layout", "images"):
        shutil.copytree(REPOSITORY / folder, destination / folder)
    for folder in ("fonts", "profiles"):
        linked_assets(folder, destination / folder)
    return destination


@pytest.fixture(scope="session", autouse=True)
def linked_assets_unchanged() -> Iterator[None]:
    """Fonts and profiles in the tests' brochure folders are hard links to one copy
    (tests/harness.py): a test that wrote into one in place would have changed it for the tests
    after it. Said here, naming the files."""
    yield
    changed = changed_assets()
    assert not changed, f"a test wrote into these linked files in place (replace a file instead): {changed}"


@pytest.fixture(scope="session", autouse=True)
def font_cache(tmp_path_factory) -> Iterator[Path]:
    """Fonts converted by the tests go to a cache folder of the test session, not the user's
    (subprocess builds inherit the variable)."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(folder))
        yield folder


@pytest.fixture(scope="session")
def aix_build(tmp_path_factory) -> BuildResult:
    output = tmp_path_factory.mktemp("output")
    return build(Project.at(REPOSITORY, output=output), editions=("fr-en",))


@pytest.fixture(scope="session")
def aix_pdf(aix_build) -> Path:
    return aix_build.pdf_path


@pytest.fixture
def project_copy(tmp_path) -> Path:
    return copy_project(tmp_path / "brochure")


def require_tool(name: str, needed_for: str = "this test needs it") -> str:
    """The path of a system tool only a few tests truly need (Ghostscript as a second, independent
    PDF interpreter; Chromium to run the preview page's scripts), or skip saying why and how to
    install it. Every other check reads PDFs with pip packages (tests/pdf_reading.py), so that the
    README's test command passes on a machine with Python only; .ci/run runs these tests too."""
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed ({needed_for}); apt-get install {APT_PACKAGES.get(name, name)}")
    return path


APT_PACKAGES = {"gs": "ghostscript", "chromium": "chromium"}
