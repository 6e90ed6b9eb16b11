"""The small-brochure harness builds what it is given, and nothing of the Aix brochure."""

from __future__ import annotations

import pytest

from brochure.errors import ErrorList
from tests.harness import build_from_yaml
from tests.pdf_reading import squash, text_lines


def test_the_minimal_brochure_builds_its_one_section(tmp_path):
    result = build_from_yaml(tmp_path, run_preflight=False)
    lines = text_lines(result.pdf_path)
    text = squash(" ".join(line.text for line in lines))
    assert squash("Une ville ouverte sur le monde") in text
    assert squash("A city open to the world") in text
    assert "Aix" not in text
    french = [line for line in lines if line.text.startswith("Une ville")]
    english = [line for line in lines if line.text.startswith("A city")]
    assert french and english and french[0].x < english[0].x
    assert abs(french[0].y - english[0].y) < 0.01  # the pair starts level


def test_inline_yaml_replaces_a_file(tmp_path):
    section = """
        id: intro
        blocks:
          - heading: {fr: Chiffres, en: Figures}
          - list:
              - {fr: Premier point, en: First point}
              - {fr: Second point, en: Second point}
    """
    result = build_from_yaml(tmp_path, content={"sections/01-intro.yaml": section}, run_preflight=False)
    text = squash(" ".join(line.text for line in text_lines(result.pdf_path)))
    assert squash("Premier point") in text and squash("Second point") in text
    assert squash("Une ville ouverte") not in text


def test_a_mistake_in_inline_yaml_names_the_file_and_line(tmp_path):
    with pytest.raises(ErrorList) as caught:
        build_from_yaml(tmp_path, layout={"styles.yaml": "palette: {}\nfonts: {}\nstyles:\n  body: {size: 9pt}\n"})
    assert "layout/styles.yaml:4" in str(caught.value)
