"""Cards added in the app to a deck that has no deck file to add them to.

Such a card is stored as an import stores one (its row, its content digest, a new card's
``card_states`` row) and marked as made here (``edited_at``), so that a later import from the
deck's source (an export, a package, the bundled decks) keeps it rather than retiring it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, func, insert, select

from studyapp.decks.models import CardSpec
from studyapp.store.deck_source import DeckSource
from studyapp.store.importer import card_row, content_hash
from studyapp.store.schema import card_states, cards, decks


class UnknownDeckError(LookupError):
    """A card was added to a deck that is not in the store."""


def deck_source_of(connection: Connection, key: str) -> DeckSource | None:
    """Where the deck ``key`` comes from (its kind and file), None if there is no such deck.

    A deck stored before decks recorded their kind is taken as made in the app.
    """
    row = connection.execute(
        select(decks.c.origin_kind, decks.c.origin).where(decks.c.key == key)
    ).one_or_none()
    if row is None:
        return None
    kind, origin = row
    return DeckSource(kind or "app", origin)


def card_keys(connection: Connection, key: str) -> set[str]:
    """The ids of every card of the deck ``key``, retired ones included."""
    return set(
        connection.scalars(
            select(cards.c.key).join(decks, decks.c.id == cards.c.deck_id).where(decks.c.key == key)
        )
    )


def store_added_card(connection: Connection, key: str, card: CardSpec, now: datetime) -> int:
    """Store ``card`` (its ``id`` set, new to the deck) last in the deck ``key``, as made in
    the app; its id in the store. UnknownDeckError for no such deck. The caller commits."""
    if card.id is None:
        raise ValueError("a card added in the app needs its id")
    deck_id = connection.scalar(select(decks.c.id).where(decks.c.key == key))
    if deck_id is None:
        raise UnknownDeckError(f"no deck {key!r}")
    position = connection.scalar(
        select(func.coalesce(func.max(cards.c.position) + 1, 0)).where(cards.c.deck_id == deck_id)
    )
    card_id = connection.execute(
        insert(cards)
        .values(
            **card_row(card),
            deck_id=deck_id,
            key=card.id,
            position=position,
            content_hash=content_hash(card),
            created_at=now,
            updated_at=now,
            edited_at=now,
        )
        .returning(cards.c.id)
    ).scalar_one()
    connection.execute(insert(card_states).values(card_id=card_id, deck_id=deck_id))
    return int(card_id)
