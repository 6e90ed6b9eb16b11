"""A 20-page brochure with six photographs as a camera makes them (issue 24): the print file
within 10 MB and the screen file within 3 MB, photographs as JPEG at the resolution aimed at."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import build_from_yaml
from tests.photos import photograph
from tests.test_photographs import A4_COLUMN_MM, A4_TWO_COLUMNS, STYLES, image_block, placed_images

PAGES = 20
PARAGRAPH = ("  - paragraph:\n      fr: " + "Une ville ouverte sur le monde, qui accueille chaque année des étudiants "
             "de nombreux pays et des chercheurs venus de loin. " * 6
             + "\n      en: " + "A city open to the world, which welcomes students from many countries every "
             "year, and researchers from far away. " * 6 + "\n")
WIDTHS = ("frame", "column", "0.5", "column", "frame", "0.6")  # frame 174 mm, column 82.5 mm, shares of 174 mm


def six_photographs(folder: Path) -> tuple[dict[str, str | None], dict[str, Path]]:
    """The brochure's section (content files) and its six 4000 × 3000 px photographs, drawn into
    `folder` (files to copy in); also benchmarks/photos.py's brochure."""
    files, blocks = {}, []
    for index, width in enumerate(WIDTHS):
        name = f"images/photo-{index}.jpg"
        files[name] = photograph(folder / f"photo-{index}.jpg", 4000, 3000, face=(0.3 + index / 10, 0.4),
                                 black_shadows=index % 2 == 0, seed=index)
        blocks += [PARAGRAPH * 9, image_block(name, width=width, fit="contain")]
    blocks.append(PARAGRAPH * 20)
    return {"sections/01-intro.yaml": "id: intro\nblocks:\n" + "".join(blocks)}, files


@pytest.mark.slow
def test_six_photographs_in_twenty_pages_fit_the_file_sizes(tmp_path):
    content, files = six_photographs(tmp_path)
    result = build_from_yaml(tmp_path, content=content,
        layout={"document.yaml": A4_TWO_COLUMNS, "styles.yaml": STYLES}, files=files,
        formats=("print", "screen"))
    assert result.pages >= PAGES
    print_size, screen_size = (result.outputs[name].stat().st_size for name in ("print", "screen"))
    assert print_size <= 10_000_000 and screen_size <= 3_000_000, (print_size, screen_size)
    column = A4_COLUMN_MM * 72 / 25.4
    frame = 174 * 72 / 25.4
    placed = {"frame": frame, "column": column, "0.5": frame * 0.5, "0.6": frame * 0.6}
    for output, target in ((result.outputs["print"], 300), (result.outputs["screen"], 150)):
        embedded = placed_images(output)
        assert len(embedded) == 6
        assert {image.filter for image in embedded} == {"/DCTDecode"}  # photographs as JPEG
        widths = sorted(image.width for image in embedded)
        # each resampled to the target at its placed width (rounded up: never a hair under it)
        assert widths == sorted(-(-placed[width] / 72 * target // 1) for width in WIDTHS), widths
