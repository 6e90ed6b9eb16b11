"""OpenType features as style settings, and text that copies as it was written whatever
glyphs the shaper chose (contextual alternates and ligatures of EB Garamond)."""

from __future__ import annotations

import re

import pytest

from brochure.errors import ErrorList
from tests.harness import REPOSITORY, build_from_yaml
from tests.pdf_reading import extract_text

GARAMOND = REPOSITORY / "tests" / "fixtures" / "fonts" / "ebgaramond"
FONTS = {"fonts/ebgaramond/EBGaramond12-Regular.ttf": GARAMOND / "EBGaramond12-Regular.ttf",
         "fonts/ebgaramond/EBGaramond12-Italic.ttf": GARAMOND / "EBGaramond12-Italic.ttf"}

# f before i/l/b/ä (calt), word-final us/is/as in the italic (clig), fi/ff/ffi (liga)
GERMAN = "Die Softwarefirmen der Stadt fliegen auf Effizienz: ein erster Schritt für Öffentlichkeit."
ENGLISH = "Software firms take the first step: office traffic, affiliated offices and fluffiest stuff."
ITALIC = "Famous thesis was: ideas for the campus, his status, various bonus menus."

CONTENT = {
    "brochure.yaml": """
        title: {fr: Essai, en: Test}
        languages:
          fr: {locale: de_DE, name: Deutsch}
          en: {locale: en_GB, name: English}
    """,
    "sections/01-intro.yaml": f"""
        id: intro
        blocks:
          - paragraph: {{fr: "{GERMAN}", en: "{ENGLISH}"}}
          - quote: {{fr: "{ITALIC}", en: "{ITALIC}"}}
    """,
}


def styles(body_features: str, quote_features: str = "{}") -> str:
    return f"""
        palette:
          black: [0, 0, 0, 100]
        fonts:
          Garamond:
            regular: fonts/ebgaramond/EBGaramond12-Regular.ttf
            italic: fonts/ebgaramond/EBGaramond12-Italic.ttf
        styles:
          body: {{font: Garamond, size: 10pt, leading: 13pt, colour: black, align: left,
                  features: {body_features}}}
          section-title: {{parent: body, size: 14pt, leading: 17pt}}
          heading: {{parent: body}}
          run-in: {{parent: body}}
          lead: {{parent: body}}
          list-item: {{parent: body, bullet: "•"}}
          quote: {{parent: body, italic: true, features: {quote_features}}}
          note: {{parent: body}}
          footer: {{parent: body, size: 7pt, leading: 8pt}}
          folio: {{parent: footer}}
    """


def build(tmp_path, body_features: str, quote_features: str = "{}"):
    return build_from_yaml(tmp_path, CONTENT, {"styles.yaml": styles(body_features, quote_features)},
                           files=FONTS, run_preflight=False)


def pdftotext(pdf) -> str:
    text = extract_text(pdf)
    return re.sub(r"(?<=[^\W\d_])-\n(?=[^\W\d_])", "", text)  # words hyphenated at a line end, whole


def page_streams(pdf) -> bytes:
    import pypdf
    return b"".join(page.get_contents().get_data() for page in pypdf.PdfReader(pdf).pages)


def words(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]+", text)


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The brochure without alternates nor ligatures: built once for each shaped one to differ from."""
    return build(tmp_path_factory.mktemp("plain"), "{calt: false, liga: false}",
                 "{calt: false, clig: false, liga: false}")


@pytest.mark.parametrize("body", ["{calt: true, liga: true}", "{calt: true, liga: true, onum: true}"])
def test_alternates_and_ligatures_copy_as_the_letters_they_stand_for(tmp_path, body, plain):
    shaped = build(tmp_path / "shaped", body, "{calt: true, clig: true, liga: true}")
    # the features changed the glyphs drawn …
    assert page_streams(shaped.pdf_path) != page_streams(plain.pdf_path)
    # … and not the text a reader copies
    for result in (shaped, plain):
        text = pdftotext(result.pdf_path)
        assert [c for c in text if 0xE000 <= ord(c) <= 0xF8FF or 0xFB00 <= ord(c) <= 0xFB4F] == []
        found = words(text)
        for sentence in (GERMAN, ENGLISH, ITALIC):
            expected = words(sentence)
            assert any(found[i:i + len(expected)] == expected for i in range(len(found))), (sentence, text)


def test_a_style_inherits_its_parents_features_and_may_change_them(tmp_path):
    result = build(tmp_path, "{calt: true, smcp: true}", "{smcp: false}")
    text = pdftotext(result.pdf_path)
    assert "Softwarefirmen" in text and "Famous thesis" in text


def test_a_feature_the_font_lacks_is_an_error_at_its_line(tmp_path):
    with pytest.raises(ErrorList) as caught:
        build(tmp_path, "{calt: true, zzzz: true}")
    # reported once per face that lacks it (the italic quote inherits it too), at the line that asks
    problem, italic = caught.value.errors
    message = str(problem)
    assert message.startswith("layout/styles.yaml:9:")
    assert "'zzzz' is not in font Garamond (fonts/ebgaramond/EBGaramond12-Italic.ttf)" in str(italic)
    assert "OpenType feature 'zzzz' is not in font Garamond (fonts/ebgaramond/EBGaramond12-Regular.ttf)" in message
    assert "calt" in problem.hint and "smcp" in problem.hint and "onum" in problem.hint


def test_a_tag_that_is_not_a_feature_tag_is_refused_at_load(tmp_path):
    with pytest.raises(ErrorList) as caught:
        build(tmp_path, "{ligatures: true}")
    assert "'ligatures' is not an OpenType feature tag" in str(caught.value)
