"""Cards named as a user writes them on the command line: ``DECK/CARD``, the deck's id and the
card's id within it (the ids of the deck file), or the card's number in the store (the ``id``
that ``studyapp cards --json`` lists)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, and_, or_, select

from studyapp.store.schema import cards, decks

#: Pairs looked up per statement: well below any database's limit on bound parameters.
_CHUNK = 250


class CardRefError(ValueError):
    """A card name that is not ``DECK/CARD``."""


def split_card_ref(ref: str) -> tuple[str, str]:
    """``DECK/CARD`` as (deck id, card id); CardRefError if it is not of that form."""
    deck, slash, card = ref.partition("/")
    if not slash or not deck or not card:
        raise CardRefError(
            f"{ref!r} is not a card: name a card DECK/CARD (deck id, card id) or by its number"
        )
    return deck, card


def card_ids_of(connection: Connection, refs: Iterable[str]) -> dict[str, int]:
    """The store ids of the cards named ``DECK/CARD`` or by number that exist (retired ones
    included); CardRefError for a name of neither form."""
    names = list(dict.fromkeys(refs))
    numbers = {ref: int(ref) for ref in names if ref.isascii() and ref.isdigit()}
    found_numbers: set[int] = set()
    listed = list(numbers.values())
    for start in range(0, len(listed), _CHUNK):
        ids = listed[start : start + _CHUNK]
        found_numbers.update(connection.scalars(select(cards.c.id).where(cards.c.id.in_(ids))))
    by_number = {ref: number for ref, number in numbers.items() if number in found_numbers}
    wanted = {ref: split_card_ref(ref) for ref in names if ref not in numbers}
    pairs = list(set(wanted.values()))
    found: dict[tuple[str, str], int] = {}
    for start in range(0, len(pairs), _CHUNK):
        chunk = pairs[start : start + _CHUNK]
        rows = connection.execute(
            select(decks.c.key, cards.c.key, cards.c.id)
            .join(decks, decks.c.id == cards.c.deck_id)
            .where(or_(*(and_(decks.c.key == deck, cards.c.key == card) for deck, card in chunk)))
        )
        found.update({(deck, card): card_id for deck, card, card_id in rows})
    by_name = {ref: found[pair] for ref, pair in wanted.items() if pair in found}
    known = {**by_number, **by_name}
    return {ref: known[ref] for ref in names if ref in known}
