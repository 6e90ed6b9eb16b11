"""Typeset: the per-language hyphenator reportlab is given (pyphen, bounded by the layout)."""

from __future__ import annotations

from brochure.model.design import Hyphenation
from brochure.typeset.hyphenation import make_hyphenator

SETTINGS = Hyphenation(min_word_length=6, min_before=2, min_after=3)


def test_breaks_come_longest_head_first_and_respect_the_fragment_limits():
    hyphenate = make_hyphenator("fr_FR", SETTINGS)
    pairs = hyphenate("international")
    assert pairs, "a French dictionary exists"
    assert [len(head) for head, _ in pairs] == sorted((len(head) for head, _ in pairs), reverse=True)
    assert all(head + tail == "international" for head, tail in pairs)
    assert all(len(head) >= 2 and len(tail) >= 3 for head, tail in pairs)


def test_an_elided_article_stays_with_the_head():
    hyphenate = make_hyphenator("fr_FR", SETTINGS)
    for word in ("l’attractivité", "d'accompagnement"):
        pairs = hyphenate(word)
        assert pairs, word
        elided = word[:2]
        assert all(head.startswith(elided) and len(head) > len(elided) for head, _ in pairs), pairs
        assert all(head + tail == word for head, tail in pairs)


def test_short_words_numbers_addresses_and_unbreakable_names_stay_whole():
    hyphenate = make_hyphenator("fr_FR", SETTINGS, frozenset({"Marseille"}))
    assert hyphenate("ville") == []            # under min_word_length
    assert hyphenate("2030-2040") == []        # digits
    assert hyphenate("international@aix.fr") == []
    assert hyphenate("www.example.org") == []
    assert hyphenate("MARSEILLE") == []        # unbreakable, any case
    assert hyphenate("marseillaise") != []


def test_a_language_without_a_dictionary_has_no_hyphenator():
    assert make_hyphenator("xx_XX", SETTINGS) is None


def test_english_and_french_break_the_same_word_differently():
    english = make_hyphenator("en_GB", SETTINGS)("international")
    french = make_hyphenator("fr_FR", SETTINGS)("international")
    assert english and french and english != french


def test_a_compound_breaks_after_its_own_slash_or_hyphen_with_no_hyphen_added():
    hyphenate = make_hyphenator("en_GB", SETTINGS)
    pairs = hyphenate("efforts/involvement")
    assert ("efforts/", "involvement") in pairs
    assert ("efforts/in", "volvement") in pairs            # and inside each part
    assert all(head + tail == "efforts/involvement" for head, tail in pairs)
    assert ("savoir-", "faire") in make_hyphenator("fr_FR", SETTINGS)("savoir-faire")
    assert ("and/", "or") not in hyphenate("and/or")         # parts shorter than the fragment limits
    assert hyphenate("https://example.org/path/to") == []    # addresses stay whole


def test_an_english_possessive_stays_with_the_tail_and_the_word_before_it_breaks():
    hyphenate = make_hyphenator("en_GB", SETTINGS)
    for word in ("collectivity’s", "partnerships’"):
        pairs = hyphenate(word)
        assert pairs, word
        suffix = word[word.rindex("’"):]
        assert all(tail.endswith(suffix) and "’" not in head for head, tail in pairs), pairs
        assert all(head + tail == word for head, tail in pairs)
