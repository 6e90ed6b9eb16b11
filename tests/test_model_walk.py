"""The one walk over the content's texts (model/walk.py), and the words of the model as enums.

The explain listing, the translation inventory, the quote check and the draft proofs find their
texts through the same walk; the listing shows a key figure as the layout prints it."""

from __future__ import annotations

import json

import pytest

from brochure.diagnostics import Diagnostic, DiagnosticSink, Severity
from brochure.errors import DesignError
from brochure.explain import content_texts
from brochure.load.yaml_source import load_yaml
from brochure.model.content import Brochure, KeyFigure, KeyFigures, Language, Paragraph, Quote, Section, Text
from brochure.model.design import Binding, SequenceKind
from brochure.model.walk import map_texts, texts, walk_texts
from brochure.translate.inventory import inventory
from brochure.typeset.numbers import figure_text
from brochure.typeset.quotes import unbalanced_in

FRENCH = Language("fr", "fr_FR", "Français")
ARABIC = Language("ar", "ar_EG", "العربية", digits="native")


def brochure() -> Brochure:
    figure = KeyFigure(Text.of(fr="{number} étudiants", ar="{number} طالب"), Text.of(fr="inscrits", ar="مسجلون"),
                       number=12000)
    quote = Quote(Text.of(fr='Une ville "ouverte', ar="مدينة"), by=Text.of(fr="Le maire", ar="العمدة"))
    blocks = (Paragraph(Text.of(fr="Bienvenue.", ar="مرحبا."), lead=Text.of(fr="Aix", ar="إكس")),
              KeyFigures((figure,), title=Text.of(fr="Chiffres", ar="أرقام")), quote)
    return Brochure(Text.of(fr="Titre", ar="عنوان"), (FRENCH, ARABIC),
                    (Section("intro", blocks, title=Text.of(fr="Introduction", ar="مقدمة")),), None)


def test_the_walk_finds_every_text_with_its_owner_field_and_trail():
    found = list(walk_texts(brochure()))
    assert [text.get("fr") for text in texts(brochure())] == [item.text.get("fr") for item in found]
    by_text = {item.text.get("fr"): item for item in found}
    figure = by_text["{number} étudiants"]
    assert isinstance(figure.owner, KeyFigure) and figure.field == "value"
    assert figure.trail == ("sections", 0, "blocks", 1, "items", 0, "value")
    assert figure.scope == "intro" and figure.positional
    attribution = by_text["Le maire"]
    assert isinstance(attribution.owner, Quote) and attribution.field == "by"


def test_explain_inventory_and_the_quote_check_walk_the_same_texts():
    content = brochure()
    walked = {id(text) for text in texts(content)}
    units = inventory(content)
    assert {id(unit.text) for unit in units} == walked  # the inventory: every text
    listed = content_texts(content)
    assert [name for name, _ in listed] == ["title", "intro.title", "intro[0].lead", "intro[0]", "intro[1].title",
                                            "intro[1].figure[0].value", "intro[1].figure[0].label", "intro[2]"]
    assert all(id(text) in walked for name, text in listed if "figure" not in name)  # what the columns set
    [quote] = unbalanced_in(content, ["fr"])
    assert quote.excerpt == 'Une ville "ouverte'


def test_explain_shows_a_figure_as_the_layout_prints_it_in_the_language_digits():
    listed = dict(content_texts(brochure()))
    value = listed["intro[1].figure[0].value"]
    assert value.get("ar") == figure_text("{number} طالب", 12000, ARABIC)
    assert "١٢" in value.get("ar") and "12" not in value.get("ar")  # Eastern Arabic digits, as printed
    assert value.get("fr").replace("\u202f", " ") == "12 000 étudiants"


def test_map_texts_rebuilds_with_every_text_changed():
    shouted = map_texts(brochure(), lambda text: Text(tuple((code, value.upper()) for code, value in text.values)))
    assert [text.get("fr") for text in texts(shouted)] == [text.get("fr").upper() for text in texts(brochure())]
    assert shouted.sections[0].title == Text.of(fr="INTRODUCTION", ar="مقدمة")


def test_words_of_the_yaml_are_coerced_to_enums_and_a_typo_is_refused_at_its_line(tmp_path):
    path = tmp_path / "editions.yaml"
    path.write_text("binding: saddle-stich\nother: perfect\n", encoding="utf-8")
    fields = load_yaml(path, "layout/editions.yaml", DesignError).mapping()
    assert fields["other"].choice(Binding, "binding") is Binding.PERFECT
    with pytest.raises(DesignError) as refused:
        fields["binding"].choice(Binding, "binding")
    assert str(refused.value).startswith("layout/editions.yaml:1:10: 'binding': no binding named 'saddle-stich'")
    assert "did you mean 'saddle-stitch'" in str(refused.value)
    assert SequenceKind("back_cover") is SequenceKind.BACK_COVER


def test_one_severity_vocabulary_for_diagnostics_and_the_preflight_report():
    sink = DiagnosticSink()
    sink.warn("layout", "page 3", "loose line")
    sink.info("fonts", "font 'Lato'", "licence allows embedding")
    assert [item.severity for item in sink.items] == [Severity.WARNING, Severity.INFO]
    assert str(sink.items[0]) == "warning: page 3: loose line" and sink.warnings == sink.items[:1]
    assert json.dumps({"severity": Severity.WARNING}) == '{"severity": "WARN"}'  # the report's word, unchanged
    assert str(Diagnostic(Severity.ERROR, "x", "here", "bad")).startswith("error: here")
