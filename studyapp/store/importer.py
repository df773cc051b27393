"""Importing a validated deck into the store: one transaction, idempotent, keyed by card id.

The comparison with the stored deck and the rows to write are worked out first, reading only
(:func:`plan_deck`); the write itself (:func:`write_deck`) is then short, so the write lock
other processes wait for is held briefly (see :mod:`studyapp.store.planned_write`).

Cards new to the deck are added, changed ones updated, unchanged ones left alone. A card that
disappeared from its file is retired (its history stays) and comes back with that history if it
returns. A card the user edited in the app keeps that edit: the import neither changes nor
retires it. A deck of another source (:mod:`studyapp.store.deck_source`) is not touched: the
import is refused unless ``replace`` is given.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from sqlalchemy import Connection, and_, bindparam, func, insert, select, update

from studyapp.store.bulk_rows import BulkStatement, DriverRow
from studyapp.store.deck_source import DeckSource, DeckTakenError, StoredDeck, same_source
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
    #: cards the user edited in the app, whose content the import left as edited
    kept_edits: int = 0
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
        if self.kept_edits:
            parts.append(f"{self.kept_edits} kept as you added or edited them")
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
        "accepted": list(card.accepted),
        "note": card.note,
        "numeric_spec": numeric.data() if (numeric := card.numeric) else None,
    }


def content_hash(card: CardSpec) -> str:
    """A digest of a card's content (not its id or position), to tell unchanged cards quickly.

    Accepted answers, the note and a numeric card's spec count only when a card has them, so a
    card without them keeps the digest it had before they existed (and a store's cards are not
    all "updated" by the next import). A note added or changed makes the card updated; its
    history stays.
    """
    demo = (card.demo.name, sorted(card.demo.params.items())) if card.demo else None
    content: tuple[object, ...] = (
        card.question, card.answer, card.type, card.short,
        card.tags, card.distractors, demo, card.source,
    )  # fmt: skip
    if card.accepted:
        content += (card.accepted,)
    if card.note:
        content += (("note", card.note),)
    if card.numeric:
        content += (("numeric", card.numeric.data()),)
    return hashlib.sha1(repr(content).encode()).hexdigest()


_CONTENT_COLUMNS = (
    "question", "answer", "type", "short", "tags", "distractors", "demo", "source", "accepted",
    "note", "numeric_spec",
)  # fmt: skip
_NEW_CARD_KEYS = (
    *_CONTENT_COLUMNS, "deck_id", "key", "position", "content_hash", "created_at", "updated_at"
)  # fmt: skip
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

#: A stored card as an import compares it: its id, content digest, whether retired, position,
#: whether the user edited it in the app.
StoredCard = tuple[int, str, bool, int, bool]


@dataclass(slots=True)
class DeckPlan:
    """What importing a deck will write, worked out (and its rows converted) beforehand.

    :func:`plan_deck` does the heavy part, reading only; :func:`write_deck` writes it in a
    short write transaction, valid as long as :func:`deck_plan_still_valid` says the deck's
    stored rows are still the ones the plan read.
    """

    key: str
    fields: dict[str, Any]
    found: StoredDeck | None  # the stored deck, if any
    existing: dict[str, StoredCard]  # the deck's stored cards by key, as read
    inserts: BulkStatement
    new_cards: list[DriverRow]
    updates: BulkStatement
    changed: list[DriverRow]
    moves: BulkStatement
    moved: list[DriverRow]
    retired_ids: list[int]
    restored_ids: list[int]
    report: ImportReport
    #: cards edited in the app that a replacing import takes back to the source's content
    replaced_edits: list[int] = field(default_factory=list)


def import_deck(
    connection: Connection,
    deck: DeckSpec,
    *,
    origin: str,
    fmt: str,
    now: datetime,
    digest: str | None = None,
    source: DeckSource | None = None,
    replace: bool = False,
) -> ImportReport:
    """Bring the store's copy of ``deck`` in line with the file; the caller owns the transaction.

    ``digest`` identifies the file's exact content (see :func:`unchanged_file_report`);
    ``source`` and ``replace`` are :func:`plan_deck`'s.
    """
    plan = plan_deck(
        connection, deck, origin=origin, fmt=fmt, now=now, digest=digest, source=source,
        replace=replace,
    )  # fmt: skip
    return write_deck(connection, plan)


def plan_deck(
    connection: Connection,
    deck: DeckSpec,
    *,
    origin: str,
    fmt: str,
    now: datetime,
    digest: str | None = None,
    source: DeckSource | None = None,
    replace: bool = False,
    returning: bool = False,
) -> DeckPlan:
    """Compare ``deck`` with the store's copy and prepare every row to write; reads only.

    ``source`` is where the deck comes from (default: a deck file at ``origin``). Raises
    :class:`~studyapp.store.deck_source.DeckTakenError` when the stored deck of that id comes
    from another source, unless ``replace``: then this import takes the deck over, edits made
    in the app included. A ``returning`` deck is one this app exported coming back (an Anki
    package of notes exported from it): it updates its deck, which keeps its source.
    """
    source = source or DeckSource("file", origin)
    fields = {
        "title": deck.title,
        "description": deck.description,
        "tags": list(deck.tags),
        "source": deck.source,
        "origin": origin,
        "origin_digest": digest,
        "imported_at": now,
        "origin_kind": source.kind,
    }
    found = _stored_deck(connection, deck.id)
    if found is not None and returning and not replace:
        for kept in ("origin", "origin_digest", "origin_kind"):
            del fields[kept]
    elif found is not None and not replace and not same_source(found, source):
        raise DeckTakenError(origin, deck.id, found)
    previous_origin = None
    if found is not None and found.origin not in (None, origin) and "origin" in fields:
        previous_origin = found.origin
    deck_id = found.id if found is not None else 0  # a new deck's id is set when written
    stored = _stored_cards(connection, deck_id) if found is not None else {}
    existing = dict(stored)
    dialect = connection.dialect
    inserts = BulkStatement(insert(cards), dialect, _NEW_CARD_KEYS)
    updates = BulkStatement(_UPDATE_CARD, dialect, ())
    moves = BulkStatement(_MOVE_CARD, dialect, ())
    new_cards: list[dict[str, Any]] = []
    changed: list[dict[str, Any]] = []
    moved: list[dict[str, Any]] = []
    restored_ids: list[int] = []
    added = updated = unchanged = kept_edits = 0
    for position, card in enumerate(deck.cards):
        card_digest = content_hash(card)
        known = existing.pop(card.id or "", None)
        if known is None:
            row = card_row(card)
            row.update(
                deck_id=deck_id, key=card.id, position=position, content_hash=card_digest,
                created_at=now, updated_at=now,
            )  # fmt: skip
            new_cards.append(row)
            added += 1
            continue
        card_id, old_digest, retired, old_position, edited = known
        if edited and not replace and not retired:
            kept_edits += 1
            if old_position != position:
                moved.append({"target": card_id, "position": position})
        elif retired or old_digest != card_digest:
            row = card_row(card)
            row.update(target=card_id, position=position, content_hash=card_digest, updated_at=now)
            changed.append(row)
            if retired:
                restored_ids.append(card_id)
            else:
                updated += 1
        else:
            unchanged += 1
            if old_position != position:
                moved.append({"target": card_id, "position": position})
    retired_ids = [
        card_id
        for card_id, _, retired, _, edited in existing.values()
        if not retired and (replace or not edited)
    ]
    kept_edits += sum(
        1
        for _, _, retired, _, edited in existing.values()
        if edited and not retired and not replace
    )
    report = ImportReport(
        deck=deck.id,
        path=origin,
        format=fmt,
        added=added,
        updated=updated,
        unchanged=unchanged,
        retired=len(retired_ids),
        restored=len(restored_ids),
        kept_edits=kept_edits,
        previous_origin=previous_origin,
    )
    replaced_edits = [card[0] for card in stored.values() if card[4]] if replace else []
    return DeckPlan(
        deck.id, fields, found, stored, inserts, inserts.rows(new_cards), updates,
        updates.rows(changed), moves, moves.rows(moved), retired_ids, restored_ids, report,
        replaced_edits,
    )  # fmt: skip


def deck_plan_still_valid(connection: Connection, plan: DeckPlan) -> bool:
    """Whether the deck's stored rows are still those the plan was made from."""
    found = _stored_deck(connection, plan.key)
    if found != plan.found:
        return False
    return found is None or _stored_cards(connection, found.id) == plan.existing


def write_deck(connection: Connection, plan: DeckPlan) -> ImportReport:
    """Write a planned import (the caller holds the write transaction); its report."""
    new_cards = plan.new_cards
    if plan.found is None:
        deck_id = connection.execute(
            insert(decks).values(key=plan.key, **plan.fields).returning(decks.c.id)
        ).scalar_one()
        new_cards = plan.inserts.set_value(new_cards, "deck_id", [deck_id] * len(new_cards))
    else:
        deck_id = plan.found.id
        connection.execute(update(decks).where(decks.c.id == deck_id).values(**plan.fields))
    report = plan.report
    released = release_file(connection, deck_id, plan.fields)
    if released:
        report = replace(report, remarks=(*report.remarks, *map(_released_remark, released)))
    if new_cards:
        plan.inserts.execute(connection, new_cards)
        # every new card gets its schedule row (new: due is NULL) in one statement
        connection.execute(
            insert(card_states).from_select(
                ["card_id", "deck_id"],
                select(cards.c.id, cards.c.deck_id)
                .outerjoin(card_states, card_states.c.card_id == cards.c.id)
                .where(cards.c.deck_id == deck_id, card_states.c.card_id.is_(None)),
            )
        )
    plan.updates.execute(connection, plan.changed)
    if plan.replaced_edits:
        for chunk in _chunks(plan.replaced_edits):
            connection.execute(update(cards).where(cards.c.id.in_(chunk)).values(edited_at=None))
    plan.moves.execute(connection, plan.moved)
    now = plan.fields["imported_at"]
    for chunk in _chunks(plan.retired_ids):
        connection.execute(update(cards).where(cards.c.id.in_(chunk)).values(retired_at=now))
    for ids, active in ((plan.retired_ids, False), (plan.restored_ids, True)):
        for chunk in _chunks(ids):
            connection.execute(
                update(card_states).where(card_states.c.card_id.in_(chunk)).values(active=active)
            )
    return report


#: The sources of which a file feeds one deck (a package's file feeds each of its decks).
ONE_DECK_KINDS: Final = ("file", "export")


def release_file(connection: Connection, deck_id: int, fields: Mapping[str, Any]) -> list[str]:
    """Make the deck ``deck_id`` the only one that the file it was just written from feeds:
    any other deck that followed that deck file or export (imported into another deck with
    ``--deck`` since, or a backup restored beside it) keeps its cards with no file. Their ids.
    """
    origin, kind = fields.get("origin"), fields.get("origin_kind")
    if not origin or kind not in ONE_DECK_KINDS:
        return []
    others = and_(
        decks.c.origin == origin, decks.c.origin_kind.in_(ONE_DECK_KINDS), decks.c.id != deck_id
    )
    released = list(connection.scalars(select(decks.c.key).where(others).order_by(decks.c.key)))
    if released:
        connection.execute(
            update(decks).where(others).values(origin=None, origin_digest=None, origin_kind="app")
        )
    return released


def _released_remark(key: str) -> str:
    return (
        f"note: deck {key} no longer follows this file; its cards stay "
        f"(studyapp deck adopt {key} PATH gives it a file of its own)"
    )


def _stored_deck(connection: Connection, key: str) -> StoredDeck | None:
    found = connection.execute(
        select(decks.c.id, decks.c.origin, decks.c.origin_kind).where(decks.c.key == key)
    ).one_or_none()
    return None if found is None else StoredDeck(found[0], found[1], found[2])


def _stored_cards(connection: Connection, deck_id: int) -> dict[str, StoredCard]:
    """The deck's stored cards by key; whether retired or edited is asked of the database, so
    no time is read (a 10,000-card deck: 20,000 fewer values converted)."""
    return {
        key: (card_id, digest, bool(retired), position, bool(edited))
        for key, card_id, digest, retired, position, edited in connection.execute(
            select(
                cards.c.key, cards.c.id, cards.c.content_hash, cards.c.retired_at.is_not(None),
                cards.c.position, cards.c.edited_at.is_not(None),
            ).where(cards.c.deck_id == deck_id)
        )
    }  # fmt: skip


def unchanged_file_report(
    connection: Connection, origin: str, digest: str, fmt: str
) -> ImportReport | None:
    """The report of re-importing a file whose exact content was the last import of its deck.

    Such an import would change nothing, so it is answered without parsing: every active card
    of the deck is unchanged. None when the file is new, changed, or another file has been
    imported into that deck since.
    """
    found = connection.execute(
        select(decks.c.id, decks.c.key)
        .where(decks.c.origin == origin, decks.c.origin_digest == digest)
        .limit(2)
    ).all()
    if len(found) != 1:  # none, or (a store from before a file fed one deck) several
        return None
    deck_id, key = found[0]
    active = connection.scalar(
        select(func.count())
        .select_from(card_states)
        .where(card_states.c.deck_id == deck_id, card_states.c.active.is_(True))
    )
    return ImportReport(deck=key, path=origin, format=fmt, unchanged=int(active or 0))


def _chunks(ids: list[int], size: int = 5000) -> list[list[int]]:
    """Split ids into lists small enough for any database's limit on bound parameters."""
    return [ids[start : start + size] for start in range(0, len(ids), size)]
