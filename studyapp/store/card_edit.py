"""A card's content edited in the app (for a card whose deck has no file to edit).

The card keeps its id, its key and its history; its content and content digest change, and
``edited_at`` records the edit, so that an import from the deck's source never overwrites it
(:mod:`studyapp.store.importer`) unless the user asks to replace the deck.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select, update

from studyapp.store.importer import card_row, content_hash
from studyapp.store.queries import card_spec_of_row
from studyapp.store.reviews import UnknownCardError
from studyapp.store.schema import cards

if TYPE_CHECKING:
    from studyapp.decks.models import CardSpec


def stored_card_spec(connection: Connection, card_id: int) -> CardSpec:
    """The card's content as a CardSpec (its key as id); UnknownCardError if there is none."""
    row = connection.execute(select(cards).where(cards.c.id == card_id)).mappings().one_or_none()
    if row is None:
        raise UnknownCardError(f"no card with id {card_id}")
    return card_spec_of_row(row)


def write_card_edit(connection: Connection, card_id: int, card: CardSpec, now: datetime) -> bool:
    """Store ``card`` (validated) as the card's content, edited ``now``; whether anything
    changed (an edit that changes nothing is not recorded). UnknownCardError for no card."""
    digest = connection.scalar(select(cards.c.content_hash).where(cards.c.id == card_id))
    if digest is None:
        raise UnknownCardError(f"no card with id {card_id}")
    new_digest = content_hash(card)
    if new_digest == digest:
        return False
    connection.execute(
        update(cards)
        .where(cards.c.id == card_id)
        .values(**card_row(card), content_hash=new_digest, updated_at=now, edited_at=now)
    )
    return True
