"""Importing a validated deck into the store: one transaction, idempotent, keyed by card id.

Cards new to the deck are added, changed ones updated, unchanged ones left alone. A card that
disappeared from its file is retired (its history stays) and comes back with that history if it
returns.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from studyapp.store.schema import card_states, cards, decks

if TYPE_CHECKING:
    from studyapp.decks.models import CardSpec, DeckSpec


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
    #: more to tell about the import (a package's history, media, notes it skipped)
    remarks: tuple[str, ...] = ()

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


_CONTENT_COLUMNS = ("question", "answer", "type", "short", "tags", "distractors", "demo", "source")
_UPDATE_CARD = (
    update(cards)
    .where(cards.c.id == bindparam("target"))
    .values(
        {name: bindparam(name) for name in _CONTENT_COLUMNS}
        | {
            "position": bindparam("position"),
            "content_hash": bindparam("content_hash"),
            "updated_at": bindparam("updated_at"),
            "retired_at": None,
        }
    )
)
_MOVE_CARD = (
    update(cards).where(cards.c.id == bindparam("target")).values(position=bindparam("position"))
)


def import_deck(
    connection: Connection,
    deck: DeckSpec,
    *,
    origin: str,
    fmt: str,
    now: datetime,
    digest: str | None = None,
) -> ImportReport:
    """Bring the store's copy of ``deck`` in line with the file; the caller owns the transaction.

    ``digest`` identifies the file's exact content (see :func:`unchanged_file_report`).
    """
    fields = {
        "title": deck.title,
        "description": deck.description,
        "tags": list(deck.tags),
        "source": deck.source,
        "origin": origin,
        "origin_digest": digest,
        "imported_at": now,
    }
    found_deck = connection.execute(
        select(decks.c.id, decks.c.origin).where(decks.c.key == deck.id)
    ).one_or_none()
    previous_origin = None
    if found_deck is None:
        deck_id = connection.execute(
            insert(decks).values(key=deck.id, **fields).returning(decks.c.id)
        ).scalar_one()
    else:
        deck_id, old_origin = found_deck
        if old_origin not in (None, origin):
            previous_origin = old_origin
        connection.execute(update(decks).where(decks.c.id == deck_id).values(**fields))

    existing = {
        key: (card_id, digest, retired_at is not None, position)
        for key, card_id, digest, retired_at, position in connection.execute(
            select(
                cards.c.key, cards.c.id, cards.c.content_hash, cards.c.retired_at, cards.c.position
            ).where(cards.c.deck_id == deck_id)
        )
    }
    to_insert: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    restored_ids: list[int] = []
    added = updated = unchanged = 0
    for position, card in enumerate(deck.cards):
        digest = content_hash(card)
        found = existing.pop(card.id or "", None)
        if found is None:
            to_insert.append(
                {**card_row(card), "deck_id": deck_id, "key": card.id, "position": position,
                 "content_hash": digest, "created_at": now, "updated_at": now}
            )  # fmt: skip
            added += 1
            continue
        card_id, old_digest, retired, old_position = found
        if retired or old_digest != digest:
            changed.append(
                {**card_row(card), "target": card_id, "position": position,
                 "content_hash": digest, "updated_at": now}
            )  # fmt: skip
            if retired:
                restored_ids.append(card_id)
            else:
                updated += 1
        else:
            unchanged += 1
            if old_position != position:
                moved.append({"target": card_id, "position": position})
    retired_ids = [card_id for card_id, _, retired, _ in existing.values() if not retired]

    if to_insert:
        connection.execute(insert(cards), to_insert)
        # every new card gets its schedule row (new: due is NULL) in one statement
        connection.execute(
            insert(card_states).from_select(
                ["card_id", "deck_id"],
                select(cards.c.id, cards.c.deck_id)
                .outerjoin(card_states, card_states.c.card_id == cards.c.id)
                .where(cards.c.deck_id == deck_id, card_states.c.card_id.is_(None)),
            )
        )
    if changed:
        connection.execute(_UPDATE_CARD, changed)
    if moved:
        connection.execute(_MOVE_CARD, moved)
    for chunk in _chunks(retired_ids):
        connection.execute(update(cards).where(cards.c.id.in_(chunk)).values(retired_at=now))
    for ids, active in ((retired_ids, False), (restored_ids, True)):
        for chunk in _chunks(ids):
            connection.execute(
                update(card_states).where(card_states.c.card_id.in_(chunk)).values(active=active)
            )
    return ImportReport(
        deck=deck.id,
        path=origin,
        format=fmt,
        added=added,
        updated=updated,
        unchanged=unchanged,
        retired=len(retired_ids),
        restored=len(restored_ids),
        previous_origin=previous_origin,
    )


def unchanged_file_report(
    connection: Connection, origin: str, digest: str, fmt: str
) -> ImportReport | None:
    """The report of re-importing a file whose exact content was the last import of its deck.

    Such an import would change nothing, so it is answered without parsing: every active card
    of the deck is unchanged. None when the file is new, changed, or another file has been
    imported into that deck since.
    """
    found = connection.execute(
        select(decks.c.id, decks.c.key).where(
            decks.c.origin == origin, decks.c.origin_digest == digest
        )
    ).one_or_none()
    if found is None:
        return None
    deck_id, key = found
    active = connection.scalar(
        select(func.count())
        .select_from(card_states)
        .where(card_states.c.deck_id == deck_id, card_states.c.active.is_(True))
    )
    return ImportReport(deck=key, path=origin, format=fmt, unchanged=int(active or 0))


def _chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    """Split ids into lists small enough for any database's limit on bound parameters."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]
