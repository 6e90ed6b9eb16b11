"""Load stage: content/cards/*.yaml, each a list of cards typed by a card kind of layout/cards.yaml."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import partial
from pathlib import Path

import yaml

from brochure.errors import BrochureError, ContentError, ErrorList
from brochure.load.content import ContentReader, focus
from brochure.load.yaml_source import Node, ParsedTrees, ProblemCollector, did_you_mean, load_yaml, note_shape
from brochure.model.content import Card, CardList, Coordinates, FieldValue, Focus, ImageRef, Money
from brochure.model.design import CardField, CardKind, Design

CARDS_FOLDER = "cards"


class CardReader(ProblemCollector):
    def __init__(self, texts: ContentReader, design: Design, required: Callable[[str], tuple[str, ...]] | None = None):
        super().__init__()
        self.texts = texts  # reads text units in the brochure's languages
        self.design = design
        self.required = required

    def read(self, folder: Path) -> tuple[CardList, ...]:
        lists = []
        for path in sorted((folder / CARDS_FOLDER).glob("*.yaml")):
            card_list = self.collect(partial(self._list, path))
            if card_list is not None:
                lists.append(card_list)
        if self.errors:
            raise ErrorList(self.errors)
        return tuple(lists)

    def _list(self, path: Path) -> CardList:
        root = load_yaml(path, self.texts.shown(path), ContentError, self.texts.trees, self.texts.confined_to)
        if self.required is not None:  # a translation missing in an edition's language is an error
            self.texts.required = self.required(path.stem)
        fields = root.mapping(required=("kind", "cards"))
        kind_name = fields["kind"].string()
        kinds = [kind.name for kind in self.design.card_kinds]
        if kind_name not in kinds:
            raise fields["kind"].fail(f"no card kind '{kind_name}' in layout/cards.yaml",
                                      did_you_mean(kind_name, kinds) if kinds else
                                      "describe the kind's fields and lines in layout/cards.yaml")
        kind = self.design.card_kind(kind_name)
        seen: dict[str, Node] = {}
        cards = [self.collect(partial(self._named_card, node, kind, seen)) for node in fields["cards"].sequence()]
        return CardList(name=path.stem, kind=kind_name, cards=tuple(card for card in cards if card is not None),
                        location=root.location)

    def _named_card(self, node: Node, kind: CardKind, seen: dict[str, Node]) -> Card:
        """A card, with every problem in it prefixed by the card's kind and id."""
        card_id = card_id_of(node)
        try:
            return self._card(node, kind, seen)
        except ErrorList as errors:
            raise ErrorList([in_card(kind.name, card_id, error) for error in errors.errors]) from None
        except BrochureError as error:
            raise in_card(kind.name, card_id, error) from None

    def _card(self, node: Node, kind: CardKind, seen: dict[str, Node]) -> Card:
        # an id, and the fields the layout's card kind names (for a JSON Schema: keys of any name)
        note_shape(node, "fields", ("id",), tuple(f.name for f in kind.fields))
        fields = node.mapping(required=("id", *(f.name for f in kind.fields if not f.optional)),
                              optional=tuple(f.name for f in kind.fields if f.optional))
        card_id = fields["id"].string()
        if card_id in seen:
            raise fields["id"].fail(f"card id '{card_id}' is used twice", f"the other is at {seen[card_id].location}")
        seen[card_id] = fields["id"]
        problems: list[BrochureError] = []
        values: list[tuple[str, FieldValue]] = []
        for field in kind.fields:
            if field.name not in fields:
                continue
            try:
                values.append((field.name, self._value(fields[field.name], field)))
            except BrochureError as error:
                problems.append(error)
        if problems:
            raise ErrorList(problems)
        return Card(id=card_id, values=tuple(values), location=node.location)

    def _value(self, node: Node, field: CardField) -> FieldValue:
        if field.type == "text":
            return self.texts.text(node)
        if field.type == "integer":
            return node.integer()
        if field.type == "year":
            return node.integer(1, 9999)
        if field.type == "date":
            return date(node)
        if field.type == "money":
            return money(node)
        if field.type == "coordinates":
            place = node.mapping(required=("lat", "lon"))
            return Coordinates(place["lat"].number(-90, 90), place["lon"].number(-180, 180))
        if field.type == "image" and isinstance(node.node, yaml.MappingNode):
            fields = node.mapping(required=("path",), optional=("focus",))  # {path, focus: {x, y}}
            return ImageRef(fields["path"].string(), focus(fields["focus"]) if "focus" in fields else Focus())
        return node.string()  # url, image


def date(node: Node) -> datetime.date:
    text = node.string() if node.node.tag.endswith(("str", "timestamp")) else ""
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise node.fail(f"expected a date, got {text or 'a ' + node.node.tag.rsplit(':', 1)[-1]!r}",
                        "write it as YYYY-MM-DD, e.g. 2024-06-21") from None


def money(node: Node) -> Money:
    fields = node.mapping(required=("amount", "currency"))
    amount_node = fields["amount"]
    note_shape(amount_node, "number")  # read as a decimal (not a float) to keep every cent
    try:
        amount = Decimal(amount_node.node.value if amount_node.node.tag.endswith(("int", "float")) else "x")
    except InvalidOperation:
        raise amount_node.fail("expected a number", "write digits, e.g. 12.50") from None
    currency = fields["currency"].string()
    if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
        raise fields["currency"].fail(f"'{currency}' is not a currency code", "write an ISO 4217 code, e.g. EUR")
    return Money(amount, currency)


def card_id_of(node: Node) -> str:
    if node.node.tag.endswith(":map"):
        for key, value in node.node.value:
            if key.value == "id" and isinstance(getattr(value, "value", None), str):
                return str(value.value)
    return node.key


def in_card(kind: str, card_id: str, error: BrochureError) -> BrochureError:
    prefix = f"{kind} card '{card_id}': "
    if error.message.startswith(prefix):
        return error
    return type(error)(prefix + error.message, error.location, error.hint)


def load_cards(content: Path, shown_root: Path, design: Design, languages: tuple[str, ...],
               required: Callable[[str], tuple[str, ...]] | None = None,
               trees: ParsedTrees | None = None) -> tuple[CardList, ...]:
    """Every card list of the content folder, typed by the layout's card kinds. Its texts must
    be written in the languages `required(list name)` gives (those of the editions that set the
    list), else in every language; a text lacking another language lists it in Text.missing."""
    texts = ContentReader(content, shown_root, trees=trees)
    texts.languages = languages
    return CardReader(texts, design, required).read(content)
