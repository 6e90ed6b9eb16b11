"""Render stage: alternative texts for the figures of a tagged edition (issue 31): an image's
`alt:` from the content, and descriptions made from the model for maps ("Map: <home city> and
its <n> partners: <each place>") and the QR code, in every language of the edition."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from brochure.cartography.scene import MapPlace
from brochure.layout.map_blocks import map_places
from brochure.model.content import Brochure, ImageBlock, Text
from brochure.model.design import Design

# A few phrases per language (by the language code's first part); others read the English one.
MAP = {
    "en": ("Map: {home} and its {count} partners: {places}", "Map: {places}"),
    "fr": ("Carte : {home} et ses {count} partenaires : {places}", "Carte : {places}"),
    "de": ("Karte: {home} und seine {count} Partner: {places}", "Karte: {places}"),
    "es": ("Mapa: {home} y sus {count} socios: {places}", "Mapa: {places}"),
    "it": ("Mappa: {home} e i suoi {count} partner: {places}", "Mappa: {places}"),
    "ja": ("地図：{home}と{count}の提携都市：{places}", "地図：{places}"),
    "zh": ("地图：{home}及其{count}个伙伴：{places}", "地图：{places}"),
    "ar": ("خريطة: {home} وشركاؤها الـ{count}: {places}", "خريطة: {places}"),
}
QR = {"en": "QR code: {data}", "fr": "Code QR : {data}", "de": "QR-Code: {data}", "es": "Código QR: {data}",
      "it": "Codice QR: {data}", "ja": "QRコード：{data}", "zh": "二维码：{data}", "ar": "رمز QR: {data}"}
PHOTO = {"en": "Photograph: {name}", "fr": "Photographie : {name}", "de": "Foto: {name}", "es": "Fotografía: {name}",
         "it": "Fotografia: {name}", "ja": "写真：{name}", "zh": "照片：{name}", "ar": "صورة: {name}"}
LIST_SEPARATOR = {"ja": "、", "zh": "、", "ar": "، "}
LANGUAGE_SEPARATOR = " / "
_WHAT = re.compile(r"^(?:image|.+ card) '(?P<name>.+)'$")


def _phrase(table: dict[str, str], code: str) -> str:
    return table.get(code.split("-")[0].split("_")[0], table["en"])


@dataclass(frozen=True)
class Descriptions:
    brochure: Brochure
    design: Design

    def _each(self, make: object) -> str:
        texts = [make(code) for code in self.design.columns]  # type: ignore[operator]
        return LANGUAGE_SEPARATOR.join(dict.fromkeys(text for text in texts if text))

    def map(self, drawn: Sequence[MapPlace]) -> str:
        """The home city and the places the map marks, named in each language of the edition."""
        def one(code: str) -> str:
            places = map_places(self.brochure, self.design, code, years=False)
            if len(places) != len(drawn):  # a map of other places than the content's: its own labels
                places = list(drawn)
            home = next((place.label for place in places if place.home), None)
            others = [place.label for place in places if not place.home]
            listed = LIST_SEPARATOR.get(code, ", ").join(others)
            with_home, without = MAP.get(code.split("-")[0], MAP["en"])
            return with_home.format(home=home, count=len(others), places=listed) if home \
                else without.format(places=listed)
        return self._each(one)

    def qr_code(self, data: str) -> str:
        shown = data.removeprefix("mailto:")
        if shown.startswith("BEGIN:VCARD") and self.brochure.contact is not None:
            shown = self.brochure.contact.website_url
        return self._each(lambda code: _phrase(QR, code).format(data=shown))

    def picture(self, what: str) -> str:
        """An image's `alt:` (else its caption); a card's photograph named after the card."""
        match = _WHAT.match(what)
        name = match.group("name") if match else what
        for block in self._image_blocks():
            if block.path == name:
                text = block.alt or block.caption
                if text is not None:
                    return self._each(text.get)
                return name.rsplit("/", 1)[-1].rsplit(".", 1)[0].replace("-", " ").replace("_", " ")
        card = next((card for card_list in self.brochure.card_lists for card in card_list.cards
                     if card.id == name), None)
        if card is None:
            return name
        title = next((value for _, value in card.values if isinstance(value, Text)), None)
        return self._each(lambda code: _phrase(PHOTO, code).format(
            name=title.get(code) if title is not None else name))

    def link(self, url: str) -> str:
        """A link annotation's /Contents: where it leads, as a reader hears it."""
        return url.removeprefix("mailto:").removeprefix("tel:")

    def _image_blocks(self) -> list[ImageBlock]:
        return [block for section in self.brochure.sections for block in section.blocks
                if isinstance(block, ImageBlock)]
