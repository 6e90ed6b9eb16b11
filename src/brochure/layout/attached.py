"""Layout stage: a block and what belongs to it after it (a note, a source line), kept on one page:
what belongs is never left alone at the top of the next page."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.platypus import Flowable

from brochure.layout.flowables import Stack, gap


class WithAttached(Stack):
    """A block followed by rows that belong to it. When they do not all fit, the block splits
    so that its last lines go on with the rows (its widow and orphan rules still apply); a block
    that cannot split goes on with them whole."""

    def __init__(self, rows: Sequence[Flowable]):
        super().__init__(rows)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        first, attached = self.items[0], self.items[1:]
        first_height = first.wrap(availWidth, availHeight)[1]
        attached_height = sum(row.wrap(availWidth, availHeight)[1] for row in attached)
        attached_height += sum(gap(a, b) for a, b in zip(self.items, self.items[1:]))
        # the block fits and only what belongs to it does not: leave that much of it for the next page
        room = availHeight - attached_height if first_height <= availHeight else availHeight
        if room <= 0:
            return []
        parts = first.split(availWidth, room)
        if len(parts) != 2:
            return []
        return [parts[0], WithAttached([parts[1], *attached])]
