"""Typeset: per-language typographic rules, as plain strings."""

from brochure.load.typography import shipped_typography
from brochure.typeset.locale_rules import apply_rules

NBSP, NNBSP = "\u00a0", "\u202f"


def fr(text: str) -> str:
    return apply_rules(text, shipped_typography("fr_FR"))


def en(text: str) -> str:
    return apply_rules(text, shipped_typography("en_GB"))


def test_french_colon_takes_a_no_break_space():
    assert fr("deux axes moteurs de l’action :") == f"deux axes moteurs de l’action{NBSP}:"
    assert fr("FRENCH TECH  : un label") == f"FRENCH TECH{NBSP}: un label"


def test_french_colon_is_added_when_missing_but_not_in_times_or_urls():
    assert fr("note: voir") == f"note{NBSP}: voir"
    assert fr("à 12:30, https://www.aixenprovence.fr") == "à 12:30, https://www.aixenprovence.fr"


def test_french_high_punctuation_takes_a_narrow_no_break_space():
    assert fr("Vraiment ? Oui ! Bien ; donc") == f"Vraiment{NNBSP}? Oui{NNBSP}! Bien{NNBSP}; donc"


def test_french_quotes():
    assert fr('surnommée "The Beautiful City", dans') == f"surnommée «{NNBSP}The Beautiful City{NNBSP}», dans"
    assert fr("Master « Marketing »") == f"Master «{NNBSP}Marketing{NNBSP}»"


def test_french_apostrophe_and_thousands():
    assert fr("l'office d'Aix") == "l’office d’Aix"
    assert fr("près de 400 000 habitants") == f"près de 400{NNBSP}000{NBSP}habitants"
    assert fr("14 % d’étrangers") == f"14{NNBSP}% d’étrangers"


def test_numbers_stay_with_their_unit_but_years_may_break():
    assert fr("3 heures de Paris") == f"3{NBSP}heures de Paris"
    assert fr("plus de 300 jours") == f"plus de 300{NBSP}jours"
    assert en("under 3 hours from Paris") == f"under 3{NBSP}hours from Paris"
    assert en("in 2015 in order") == "in 2015 in order"


def test_ranges_take_an_en_dash():
    assert fr("la période 2016-2020.") == "la période 2016\u20132020."
    assert en("the 2016-2020 period") == "the 2016\u20132020 period"


def test_english_quotes_and_apostrophes_are_curly():
    assert en('the "Station classée" label') == "the “Station classée” label"
    # issue 23: marks the author typed are kept as typed, held to their words by no-break spaces
    assert en("« Prix de la ville »") == "«\u202fPrix de la ville\u202f»"
    assert en("the City's 'own' centres") == "the City’s ‘own’ centres"


def test_english_has_no_space_before_punctuation():
    assert en("a unique ecosystem : students") == "a unique ecosystem: students"


def test_spaces_and_ellipsis():
    assert fr("sport....") == "sport…"
    assert en("two  spaces\nand a break") == "two spaces and a break"


def test_a_language_without_rules_gets_its_cldr_quotes_and_the_common_rules_only():
    greek = shipped_typography("el_GR")  # (Japanese has rules since issue 17: ja.yaml)
    assert not greek.has_rules
    assert apply_rules('a  b 2016-2020 "x" 3 %', greek) == "a b 2016\u20132020 «x» 3 %"


def test_an_abbreviation_that_numbers_what_follows_keeps_its_number():
    """Notruf Nr. 112, auf S. 12, n. 5, n° 5, p. 12: never a line end between them; a word that
    merely ends like one (Top. 12), or a number written against it, is left as written."""
    def text(locale: str, written: str) -> str:
        return apply_rules(written, shipped_typography(locale))

    assert text("de_DE", "Notruf Nr. 112, Amt") == f"Notruf Nr.{NBSP}112, Amt"
    assert text("de_DE", "siehe S. 12, Abs. 3.") == f"siehe S.{NBSP}12, Abs.{NBSP}3."
    assert text("it_IT", "la legge n. 5, p. 7") == f"la legge n.{NBSP}5, p.{NBSP}7"
    assert fr("le décret n° 5, p. 12") == f"le décret n°{NBSP}5, p.{NBSP}12"
    assert en("see No. 5, p. 12") == f"see No.{NBSP}5, p.{NBSP}12"
    assert text("de_DE", "Top. 12, Nr.112") == "Top. 12, Nr.112"
