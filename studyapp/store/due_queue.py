"""Today's due queue: overdue cards oldest first, then new cards up to a daily limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import Connection, Select, func, select

from studyapp.store.schema import card_states, cards, reviews
from studyapp.store.scope import Scope, in_scope

ALL = Scope()
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


def _in_scope(connection: Connection, query: _Query, scope: Scope) -> _Query:
    condition = in_scope(connection, card_states.c.card_id, card_states.c.deck_id, scope)
    return query if condition is None else query.where(condition)


def new_cards_introduced(connection: Connection, today: date, scope: Scope = ALL) -> int:
    """How many new cards had their first spaced review on ``today``."""
    query = select(func.count()).where(card_states.c.introduced_on == today)
    return int(connection.scalar(_in_scope(connection, query, scope)) or 0)


def reviews_done(connection: Connection, since: datetime, scope: Scope = ALL) -> int:
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
    condition = in_scope(connection, reviews.c.card_id, cards.c.deck_id, scope)
    if condition is not None:
        query = query.join(cards, cards.c.id == reviews.c.card_id).where(condition)
    return int(connection.scalar(query) or 0)


def build_due_queue(
    connection: Connection,
    now: datetime,
    *,
    scope: Scope = ALL,
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
    room_for_reviews = max(0, reviews_per_day - reviews_done(connection, start_of_day, scope))
    due: Sequence[int] = ()
    if room_for_reviews:
        due = connection.scalars(
            _in_scope(
                connection,
                select(card_states.c.card_id)
                .where(active, card_states.c.due <= today)
                .order_by(card_states.c.due, card_states.c.card_id)
                .limit(room_for_reviews),
                scope,
            )
        ).all()
    room = max(0, new_per_day - new_cards_introduced(connection, today, scope))
    new: Sequence[int] = ()
    if room:
        new = connection.scalars(
            _in_scope(
                connection,
                select(card_states.c.card_id)
                .where(active, card_states.c.due.is_(None))
                .order_by(card_states.c.card_id)
                .limit(room),
                scope,
            )
        ).all()
    return DueQueue(tuple(due), tuple(new))
