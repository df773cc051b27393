"""A big scope's cards for a session that reads only some of them: ids in order, content
loaded when a card is first read.

A learn session over "All decks" of 100,000 cards asks seven at a time: it needs every card's
id (to know what is left), the content of the cards it asks, and some others' short answers
to offer as wrong options. :class:`ScopeCards` is that list: a ``Sequence`` of the scope's
cards in deck and file order whose content is read from the store a few cards at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, overload

from studyapp.modes.questions import LOAD_CHUNK

if TYPE_CHECKING:
    from studyapp.store.cards import CardView

Loader = Callable[[Sequence[int]], Mapping[int, "CardView"]]


class ScopeCards(Sequence["CardView"]):
    """The cards with these ids, in this order, each loaded (with ``load``) when first read;
    a card gone from the store since its id was read is read as it was last stored (``load``
    gives retired cards too)."""

    def __init__(self, card_ids: Sequence[int], load: Loader) -> None:
        self.ids = list(card_ids)
        self._load = load
        self._cards: dict[int, CardView] = {}

    def __len__(self) -> int:
        return len(self.ids)

    @overload
    def __getitem__(self, index: int) -> CardView: ...
    @overload
    def __getitem__(self, index: slice) -> list[CardView]: ...
    def __getitem__(self, index: int | slice) -> CardView | list[CardView]:
        if isinstance(index, slice):
            return list(self.cards(self.ids[index]))
        return self.card(self.ids[index])

    def __iter__(self) -> Iterator[CardView]:
        """Every card, loaded a chunk at a time (all of them: avoid on a big scope)."""
        for start in range(0, len(self.ids), LOAD_CHUNK * 32):
            yield from self.cards(self.ids[start : start + LOAD_CHUNK * 32])

    def card(self, card_id: int) -> CardView:
        """The card with this id (loaded now if it was not)."""
        return self.cards([card_id])[0]

    def cards(self, card_ids: Sequence[int]) -> list[CardView]:
        """The cards with these ids, in this order, those not loaded yet in one read."""
        missing = [card_id for card_id in card_ids if card_id not in self._cards]
        if missing:
            self._cards.update(self._load(missing))
        return [self._cards[card_id] for card_id in card_ids]

    def loaded(self) -> Mapping[int, CardView]:
        """The cards read so far, by id."""
        return self._cards
