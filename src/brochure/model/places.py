"""Model: the cards a map shows: those whose card kind has a coordinates field."""

from __future__ import annotations

from dataclasses import dataclass

from brochure.model.content import Brochure, Card, Coordinates, Text
from brochure.model.design import Design


@dataclass(frozen=True)
class MappedCard:
    """A card as a place on a map: its name (the kind's field 'name', else its first
    text field), its year (the first year field, for labels such as "Kyoto 1958")."""

    card: Card
    kind: str
    name: Text | None
    year: int | None
    coordinates: Coordinates | None  # None: the card leaves the optional field out


def mapped_cards(brochure: Brochure, design: Design) -> list[MappedCard]:
    """Every card of a kind with a coordinates field, in content order."""
    kinds = {kind.name: kind for kind in design.card_kinds}
    mapped = []
    for card_list in brochure.card_lists:
        kind = kinds.get(card_list.kind)
        if kind is None or not any(f.type == "coordinates" for f in kind.fields):
            continue
        texts = [f.name for f in kind.fields if f.type == "text"]
        name_field = "name" if "name" in texts else (texts[0] if texts else None)
        year_field = next((f.name for f in kind.fields if f.type == "year"), None)
        place_field = next(f.name for f in kind.fields if f.type == "coordinates")
        for card in card_list.cards:
            name = card.get(name_field) if name_field else None
            year = card.get(year_field) if year_field else None
            place = card.get(place_field)
            mapped.append(MappedCard(card, kind.name, name if isinstance(name, Text) else None,
                                     year if isinstance(year, int) else None,
                                     place if isinstance(place, Coordinates) else None))
    return mapped
