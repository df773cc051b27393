"""Today's due queue: overdue cards oldest first, then new cards up to a daily limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, func, select

from studyapp.store.schema import card_states, cards, decks, reviews

DEFAULT_NEW_PER_DAY = 20
#: Like Anki's "maximum reviews/day": a backlog is worked off over several days.
DEFAULT_REVIEWS_PER_DAY = 200


@dataclass(frozen=True, slots=True)
class DueQueue:
    """Card ids to study today, in order: reviews (most overdue first), then new cards."""

    reviews: tuple[int, ...]
    new: tuple[int, ...]

    @property
    def card_ids(self) -> tuple[int, ...]:
        """Every card of the queue in study order."""
        return self.reviews + self.new

    def __len__(self) -> int:
        return len(self.reviews) + len(self.new)


_Query = TypeVar("_Query", bound=Select[Any])


def _in_decks(query: _Query, deck_keys: Sequence[str] | None) -> _Query:
    if deck_keys is None:
        return query
    return query.where(
        card_states.c.deck_id.in_(
            select(decks.c.id).where(decks.c.key.in_(list(deck_keys))).scalar_subquery()
        )
    )


def new_cards_introduced(
    connection: Connection, today: date, deck_keys: Sequence[str] | None = None
) -> int:
    """How many new cards had their first spaced review on ``today``."""
    query = select(func.count()).where(card_states.c.introduced_on == today)
    return int(connection.scalar(_in_decks(query, deck_keys)) or 0)


def reviews_done(
    connection: Connection,
    since: datetime,
    deck_keys: Sequence[str] | None = None,
) -> int:
    """How many scheduled spaced reviews of already-learned cards were made since ``since``."""
    query = (
        select(func.count())
        .select_from(reviews)
        .where(
            reviews.c.reviewed_at >= since,
            reviews.c.mode == "spaced",
            reviews.c.scheduled.is_(True),
            reviews.c.due_before.is_not(None),
        )
    )
    if deck_keys is not None:
        query = query.join(cards, cards.c.id == reviews.c.card_id).where(
            cards.c.deck_id.in_(
                select(decks.c.id).where(decks.c.key.in_(list(deck_keys))).scalar_subquery()
            )
        )
    return int(connection.scalar(query) or 0)


def build_due_queue(
    connection: Connection,
    now: datetime,
    *,
    deck_keys: Sequence[str] | None = None,
    new_per_day: int = DEFAULT_NEW_PER_DAY,
    reviews_per_day: int = DEFAULT_REVIEWS_PER_DAY,
) -> DueQueue:
    """The cards to study on the user's local day of ``now``, deterministic for a given store.

    Reviews: cards whose due day is today or earlier, the longest overdue first (ties by card),
    up to ``reviews_per_day`` minus the reviews already made today. New: cards never reviewed in
    spaced mode, in import order (deck, then file order), up to ``new_per_day`` minus the new
    cards already started today. Retired cards never appear. ``now`` is timezone-aware.
    """
    if new_per_day < 0 or reviews_per_day < 0:
        raise ValueError("daily limits cannot be negative")
    today = now.date()
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    active = card_states.c.active.is_(True)
    room_for_reviews = max(0, reviews_per_day - reviews_done(connection, start_of_day, deck_keys))
    due: Sequence[int] = ()
    if room_for_reviews:
        due = connection.scalars(
            _in_decks(
                select(card_states.c.card_id)
                .where(active, card_states.c.due <= today)
                .order_by(card_states.c.due, card_states.c.card_id)
                .limit(room_for_reviews),
                deck_keys,
            )
        ).all()
    room = max(0, new_per_day - new_cards_introduced(connection, today, deck_keys))
    new: Sequence[int] = ()
    if room:
        new = connection.scalars(
            _in_decks(
                select(card_states.c.card_id)
                .where(active, card_states.c.due.is_(None))
                .order_by(card_states.c.card_id)
                .limit(room),
                deck_keys,
            )
        ).all()
    return DueQueue(tuple(due), tuple(new))
