"""Importing a validated deck into the store: one transaction, idempotent, keyed by card id.

Cards new to the deck are added, changed ones updated, unchanged ones left alone. A card that
disappeared from its file is retired (its history stays) and comes back with that history if it
returns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from studyapp.decks.models import CardSpec, DeckSpec
from studyapp.store.models import Card, CardState, Deck


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What importing one file did."""

    deck: str
    path: str
    format: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    restored: int = 0
    previous_origin: str | None = None  # set when the deck was last imported from another file

    @property
    def total(self) -> int:
        """Cards now active in the deck from this file."""
        return self.added + self.updated + self.unchanged + self.restored

    def summary(self) -> str:
        """One line for the import report."""
        parts = [
            f"{self.added} added",
            f"{self.updated} updated",
            f"{self.unchanged} unchanged",
            f"{self.retired} retired",
        ]
        if self.restored:
            parts.append(f"{self.restored} restored")
        return f"{self.path}: deck {self.deck} ({self.format}): {', '.join(parts)}"


def card_row(card: CardSpec) -> dict[str, Any]:
    """The stored columns of a card's content (everything but identity and bookkeeping)."""
    return {
        "question": card.question,
        "answer": card.answer,
        "type": card.type,
        "short": card.short,
        "tags": list(card.tags),
        "distractors": list(card.distractors),
        "demo": card.demo.model_dump() if card.demo else None,
        "source": card.source,
    }


def content_hash(card: CardSpec) -> str:
    """A digest of a card's content (not its id or position), to tell unchanged cards quickly."""
    demo = (card.demo.name, sorted(card.demo.params.items())) if card.demo else None
    content = (
        card.question, card.answer, card.type, card.short,
        card.tags, card.distractors, demo, card.source,
    )  # fmt: skip
    return hashlib.sha1(repr(content).encode()).hexdigest()


def import_deck(
    session: Session, deck: DeckSpec, *, origin: str, fmt: str, now: datetime
) -> ImportReport:
    """Bring the store's copy of ``deck`` in line with the file; the caller owns the transaction."""
    stored = session.scalar(select(Deck).where(Deck.key == deck.id))
    previous_origin = None
    if stored is None:
        stored = Deck(key=deck.id, title=deck.title, imported_at=now)
        session.add(stored)
    elif stored.origin not in (None, origin):
        previous_origin = stored.origin
    stored.title = deck.title
    stored.description = deck.description
    stored.tags = list(deck.tags)
    stored.source = deck.source
    stored.origin = origin
    stored.imported_at = now
    session.flush()

    existing = {
        key: (card_id, digest, retired_at, position)
        for key, card_id, digest, retired_at, position in session.execute(
            select(Card.key, Card.id, Card.content_hash, Card.retired_at, Card.position).where(
                Card.deck_id == stored.id
            )
        )
    }
    to_insert: list[dict[str, Any]] = []
    to_update: list[dict[str, Any]] = []
    counts = {"added": 0, "updated": 0, "unchanged": 0, "restored": 0}
    for position, card in enumerate(deck.cards):
        assert card.id is not None
        digest = content_hash(card)
        found = existing.pop(card.id, None)
        if found is None:
            row = card_row(card)
            to_insert.append(
                {
                    **row,
                    "deck_id": stored.id,
                    "key": card.id,
                    "position": position,
                    "content_hash": digest,
                    "created_at": now,
                    "updated_at": now,
                    "retired_at": None,
                }
            )
            counts["added"] += 1
            continue
        card_id, old_digest, retired_at, old_position = found
        if retired_at is not None or old_digest != digest:
            row = card_row(card)
        if retired_at is not None:
            counts["restored"] += 1
            to_update.append(
                {
                    **row,
                    "id": card_id,
                    "position": position,
                    "content_hash": digest,
                    "updated_at": now,
                    "retired_at": None,
                }
            )
        elif old_digest != digest:
            counts["updated"] += 1
            to_update.append(
                {
                    **row,
                    "id": card_id,
                    "position": position,
                    "content_hash": digest,
                    "updated_at": now,
                }
            )
        else:
            counts["unchanged"] += 1
            if old_position != position:
                to_update.append({"id": card_id, "position": position})
    to_retire = [
        {"id": card_id, "retired_at": now}
        for card_id, _, retired_at, _ in existing.values()
        if retired_at is None
    ]
    if to_insert:
        new_ids = session.scalars(insert(Card).returning(Card.id), to_insert).all()
        session.execute(insert(CardState), [{"card_id": card_id} for card_id in new_ids])
    for rows in _same_columns(to_update + to_retire):
        session.execute(update(Card), rows)
    return ImportReport(
        deck=deck.id,
        path=origin,
        format=fmt,
        retired=len(to_retire),
        previous_origin=previous_origin,
        **counts,
    )


def _same_columns(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group rows by their set of columns (a bulk UPDATE needs the same columns in each row)."""
    groups: dict[frozenset[str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(frozenset(row), []).append(row)
    return list(groups.values())
