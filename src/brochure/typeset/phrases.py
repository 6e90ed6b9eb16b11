"""Typeset stage: phrase boundaries of Japanese and Chinese text (BudouX), where a heading
set between characters may break: エクス＝アン＝プロヴァンスの|国際戦略, never inside the name."""

from __future__ import annotations

from functools import cache

import budoux

# BudouX's models by language (and script for Chinese)
_MODELS = {"ja": budoux.load_default_japanese_parser, "zh_Hans": budoux.load_default_simplified_chinese_parser,
           "zh_Hant": budoux.load_default_traditional_chinese_parser}


def phrase_model(locale: str) -> str | None:
    """The BudouX model for `locale` (ja_JP -> ja, zh_TW -> zh_Hant), None for other languages."""
    parts = locale.replace("-", "_").split("_")
    if parts[0] == "ja":
        return "ja"
    if parts[0] == "zh":
        return "zh_Hant" if any(part in ("Hant", "TW", "HK", "MO") for part in parts[1:]) else "zh_Hans"
    return None


@cache
def _parser(model: str) -> budoux.Parser:
    return _MODELS[model]()


def phrase_starts(text: str, model: str) -> frozenset[int]:
    """The positions in `text` where a phrase begins (0 aside): the places a line may start."""
    starts, position = set(), 0
    for phrase in _parser(model).parse(text):
        if position:
            starts.add(position)
        position += len(phrase)
    return frozenset(starts)
