"""Removing a deck: its rows read into a backup, then deleted, summaries kept consistent.

A deck's rows are its ``decks`` row, its cards with their states (marks included), every review
and answer of those cards, and the tests, matching games and unfinished sessions played on the
deck alone (scope ``deck:<id>``). Tests and games over several decks stay, without this deck's
answers. Deleting the reviews first lets the ``review_days`` triggers take them back from their
days; the deck's emptied days then go. The caller commits, after writing the backup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, delete, func, or_, select

from studyapp.store.deck_backup import BACKUP_TABLES, DeckBackup, Row
from studyapp.store.deck_rename import forget_renames_to
from studyapp.store.removed_bundled import note_removed
from studyapp.store.schema import (
    answers,
    card_states,
    cards,
    decks,
    match_games,
    review_days,
    reviews,
    test_results,
    unfinished_sessions,
)


class UnknownDeckError(ValueError):
    """No deck has the id given."""


@dataclass(frozen=True, slots=True)
class DeckSize:
    """What removing a deck takes away: its cards (retired ones too) and reviews."""

    key: str
    title: str
    cards: int
    reviews: int


def deck_size(connection: Connection, key: str) -> DeckSize:
    """How many cards and reviews deck ``key`` has; UnknownDeckError if there is none."""
    found = connection.execute(
        select(decks.c.id, decks.c.title).where(decks.c.key == key)
    ).one_or_none()
    if found is None:
        raise UnknownDeckError(f'no deck "{key}"')
    deck_cards = select(cards.c.id).where(cards.c.deck_id == found.id)
    card_count = connection.scalar(select(func.count()).select_from(deck_cards.subquery()))
    review_count = connection.scalar(
        select(func.count()).select_from(reviews).where(reviews.c.card_id.in_(deck_cards))
    )
    return DeckSize(key, found.title, int(card_count or 0), int(review_count or 0))


def deck_rows(connection: Connection, key: str, now: datetime) -> DeckBackup:
    """Every row of deck ``key`` (see the module), as a backup written ``now``."""
    deck_id = connection.scalar(select(decks.c.id).where(decks.c.key == key))
    if deck_id is None:
        raise UnknownDeckError(f'no deck "{key}"')
    deck_cards = select(cards.c.id).where(cards.c.deck_id == deck_id)
    scope = f"deck:{key}"
    wheres = {
        "decks": decks.c.id == deck_id,
        "cards": cards.c.deck_id == deck_id,
        "card_states": card_states.c.deck_id == deck_id,
        "test_results": test_results.c.scope == scope,
        "reviews": reviews.c.card_id.in_(deck_cards),
        "answers": answers.c.card_id.in_(deck_cards),
        "match_games": match_games.c.scope == scope,
        "unfinished_sessions": unfinished_sessions.c.scope == scope,
    }
    rows: dict[str, list[Row]] = {}
    for table in BACKUP_TABLES:
        order = table.primary_key.columns.values()
        found = connection.execute(select(table).where(wheres[table.name]).order_by(*order))
        rows[table.name] = [dict(row) for row in found.mappings()]
    return DeckBackup(now, rows)


def delete_deck(connection: Connection, key: str) -> None:
    """Delete every row of deck ``key`` (see the module); UnknownDeckError if there is none."""
    deck = connection.execute(
        select(decks.c.id, decks.c.origin_kind).where(decks.c.key == key)
    ).first()
    if deck is None:
        raise UnknownDeckError(f'no deck "{key}"')
    deck_id, kind = deck
    if kind == "bundled":  # the app's next update of its decks must not bring it back
        note_removed(connection, key)
    deck_cards = select(cards.c.id).where(cards.c.deck_id == deck_id)
    scope = f"deck:{key}"
    deck_tests = select(test_results.c.id).where(test_results.c.scope == scope)
    connection.execute(
        delete(answers).where(
            or_(answers.c.card_id.in_(deck_cards), answers.c.test_id.in_(deck_tests))
        )
    )
    connection.execute(delete(test_results).where(test_results.c.scope == scope))
    connection.execute(delete(reviews).where(reviews.c.card_id.in_(deck_cards)))
    connection.execute(delete(review_days).where(review_days.c.deck_id == deck_id))
    connection.execute(delete(card_states).where(card_states.c.deck_id == deck_id))
    connection.execute(delete(cards).where(cards.c.deck_id == deck_id))
    connection.execute(delete(match_games).where(match_games.c.scope == scope))
    connection.execute(delete(unfinished_sessions).where(unfinished_sessions.c.scope == scope))
    connection.execute(delete(decks).where(decks.c.id == deck_id))
    forget_renames_to(connection, key)
