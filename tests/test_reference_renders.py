"""Reference renders: a few pages of the harness brochures and of Aix rendered at 50 dpi by PDFium
and compared, with a tolerance, with the PNGs under tests/ref/. A layout change that moves what a
page shows fails here, and writes the page as rendered and a diff image (changed pixels in magenta)
under tests/ref/failed/. When the change is meant, accept it with

    python3 -m pytest -q tests/test_reference_renders.py --update-refs      (add -m slow for Aix's)

and commit tests/ref/ (look at the new PNGs first). Each page is cut to its trim box, so the slug's
date and file name never count."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageChops

from brochure.pipeline import BuildResult, build
from tests.conftest import REPOSITORY
from tests.harness import build_from_yaml
from tests.pdf_reading import page_boxes, render_page
from tests.test_second_brochure import leaflet_root
from tests.test_second_brochure import project as leaflet_project

REFERENCES = REPOSITORY / "tests" / "ref"
FAILED = REFERENCES / "failed"
DPI = 50
CHANNEL_TOLERANCE = 64      # a pixel counts as changed when a channel moves more than this (of 255)
PIXEL_TOLERANCE = 0.002     # the share of changed pixels a page may have (anti-aliasing, hinting)


def trimmed_render(pdf: Path, page: int) -> Image.Image:
    image = render_page(pdf, page, DPI)
    left, bottom, right, top = page_boxes(pdf, page)["TrimBox"]
    media = page_boxes(pdf, page)["CropBox"]
    scale = DPI / 72
    box = (round((left - media[0]) * scale), round((media[3] - top) * scale),
           round((right - media[0]) * scale), round((media[3] - bottom) * scale))
    return image.crop(box)


def compare_with_reference(request: pytest.FixtureRequest, name: str, image: Image.Image,
                           failed: Path = FAILED) -> None:
    """Fail, writing the render and a diff image under `failed`, when `image` differs from
    tests/ref/<name>.png beyond the tolerance; with --update-refs, write it as the new reference."""
    reference = REFERENCES / f"{name}.png"
    if request.config.getoption("--update-refs"):
        REFERENCES.mkdir(exist_ok=True)
        image.save(reference, optimize=True)
        return
    assert reference.is_file(), f"no reference render {reference.relative_to(REPOSITORY)}: run with --update-refs"
    expected = Image.open(reference).convert("RGB")
    if expected.size != image.size:
        changed_share = 1.0
        mask = None
    else:
        difference = ImageChops.difference(expected, image).convert("L")
        mask = difference.point(lambda value: 255 if value > CHANNEL_TOLERANCE else 0)
        changed_share = mask.histogram()[255] / (image.width * image.height)
    if changed_share <= PIXEL_TOLERANCE:
        return
    failed.mkdir(parents=True, exist_ok=True)
    image.save(failed / f"{name}.png")
    if mask is not None:
        diff = Image.composite(Image.new("RGB", image.size, (255, 0, 255)), image.convert("L").convert("RGB"), mask)
        diff.save(failed / f"{name}-diff.png")
    pytest.fail(f"{name}: {changed_share:.2%} of the pixels differ from tests/ref/{name}.png (tolerance "
                f"{PIXEL_TOLERANCE:.2%}); see tests/ref/failed/{name}.png and {name}-diff.png. If the change "
                "is meant: python3 -m pytest tests/test_reference_renders.py --update-refs, then commit tests/ref/")


@pytest.fixture(scope="module")
def minimal(tmp_path_factory) -> BuildResult:
    return build_from_yaml(tmp_path_factory.mktemp("minimal"), run_preflight=False)


@pytest.fixture(scope="module")
def leaflet(tmp_path_factory) -> BuildResult:
    folder = leaflet_root(tmp_path_factory.mktemp("leaflet"))
    return build(leaflet_project(folder), formats=("print",), run_preflight=False)


def test_the_minimal_brochure_page_looks_as_it_did(request, minimal):
    compare_with_reference(request, "minimal-1", trimmed_render(minimal.pdf_path, 1))


@pytest.mark.parametrize("page", [1, 2, 4])
def test_the_leaflet_pages_look_as_they_did(request, leaflet, page):
    compare_with_reference(request, f"leaflet-{page}", trimmed_render(leaflet.pdf_path, page))


@pytest.mark.slow
@pytest.mark.parametrize("page", [1, 2, 5, 14, 15, 16])  # 14-15: text and notes, the map page
def test_the_aix_pages_look_as_they_did(request, aix_pdf, page):
    compare_with_reference(request, f"aix-{page}", trimmed_render(aix_pdf, page))


def test_a_moved_page_fails_and_writes_its_diff(request, minimal, tmp_path):
    """The comparison can fail: the page shifted by 5 px is beyond the tolerance."""
    if request.config.getoption("--update-refs"):
        pytest.skip("references being updated")
    shifted = ImageChops.offset(trimmed_render(minimal.pdf_path, 1), 5, 0)
    with pytest.raises(pytest.fail.Exception, match="of the pixels differ"):
        compare_with_reference(request, "minimal-1", shifted, failed=tmp_path)
    assert (tmp_path / "minimal-1.png").is_file() and (tmp_path / "minimal-1-diff.png").is_file()
