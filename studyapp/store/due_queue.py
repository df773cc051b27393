"""Today's due queue: relearning cards due now, overdue cards oldest first, then new cards up
to a daily limit.

A card is *relearning* when its latest spaced rating of today is below 4 (the review log says
so; nothing else is kept): it is due again that rating's time plus the learning step. Relearning
cards due now come first; those whose step has not passed yet come last, after the new cards
(like Anki's "learn ahead": a session holds every card still due today, and one that starts
soon after a failure shows the failed card once the others are done). Both go soonest first.
They are outside the daily limits: the rating that failed them was already counted, and their
repeats do not move the schedule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final, TypeVar

from sqlalchemy import Connection, Select, and_, bindparam, exists, func, or_, select

from studyapp.scheduling.effect import SCHEDULING_MODE
from studyapp.scheduling.relearning import DEFAULT_LEARNING_STEP_MINUTES
from studyapp.scheduling.session import PASS_TO_LEAVE
from studyapp.store.reviews import earliest_moment_of
from studyapp.store.schema import card_states, cards, reviews
from studyapp.store.scope import Scope, in_scope
from studyapp.store.settings import DEFAULT_NEW_PER_DAY, DEFAULT_REVIEWS_PER_DAY
from studyapp.store.studiable import studiable

ALL = Scope()


@dataclass(frozen=True, slots=True)
class DueQueue:
    """Card ids to study today, in order: relearning cards due now, reviews (most overdue
    first), new cards, then relearning cards due later today."""

    reviews: tuple[int, ...]
    new: tuple[int, ...]
    relearning: tuple[int, ...] = ()  # due again now
    relearning_later: tuple[int, ...] = ()  # due again later today
    #: when each relearning card is due again
    relearning_at: Mapping[int, datetime] = field(default_factory=dict, compare=False)
    #: the cards of ``new`` already rated in another mode: not new (never rated), but due for
    #: their first spaced review, as home's "Due today" counts them
    practised: frozenset[int] = field(default_factory=frozenset, compare=False)

    @property
    def card_ids(self) -> tuple[int, ...]:
        """Every card of the queue in study order."""
        return self.relearning + self.reviews + self.new + self.relearning_later

    @property
    def relearning_ids(self) -> tuple[int, ...]:
        """The relearning cards of the queue (rated in spaced review earlier today)."""
        return self.relearning + self.relearning_later

    def __len__(self) -> int:
        return len(self.card_ids)


_Query = TypeVar("_Query", bound=Select[Any])


def _in_scope(connection: Connection, query: _Query, scope: Scope) -> _Query:
    condition = in_scope(connection, card_states.c.card_id, card_states.c.deck_id, scope)
    return query if condition is None else query.where(condition)


def _relearning_ratings() -> Select[int, datetime]:
    later = reviews.alias()
    return select(reviews.c.card_id, reviews.c.reviewed_at).where(
        reviews.c.reviewed_at >= bindparam("relearning_since"),
        reviews.c.day == bindparam("relearning_day"),
        reviews.c.mode == SCHEDULING_MODE,
        reviews.c.rating < int(PASS_TO_LEAVE),
        ~exists().where(
            later.c.card_id == reviews.c.card_id,
            later.c.reviewed_at >= reviews.c.reviewed_at,
            later.c.mode == SCHEDULING_MODE,
            later.c.day == reviews.c.day,
            or_(
                later.c.reviewed_at > reviews.c.reviewed_at,
                and_(later.c.reviewed_at == reviews.c.reviewed_at, later.c.id > reviews.c.id),
            ),
        ),
    )


#: The failing ratings that leave cards relearning on a local day: each card's latest spaced
#: rating of the day, when it is below 4, as (card id, time of the rating). Built once (the
#: due queue reads it every time); its parameters come from `relearning_parameters`.
RELEARNING_RATINGS: Final = _relearning_ratings()


def relearning_parameters(today: date, since: datetime | None = None) -> dict[str, Any]:
    """The parameters of `RELEARNING_RATINGS` for the local day ``today``.

    ``since`` is the start of ``today`` where the user is now, to read only today's reviews
    from the time index; without it, reviews from the day before are read too (any zone's
    ``today`` starts after `earliest_moment_of` it) and the ``day`` column picks today's.
    """
    return {
        "relearning_day": today,
        "relearning_since": earliest_moment_of(today) if since is None else since,
    }


def relearning_due(
    connection: Connection,
    today: date,
    step: timedelta,
    scope: Scope = ALL,
    *,
    since: datetime | None = None,
) -> dict[int, datetime]:
    """The active cards relearning on ``today``, each with the moment it is due again (its
    failing rating's time plus ``step``), soonest first (``since``: see
    `relearning_parameters`)."""
    # the day's reviews first (found by their time index), then which of those few cards are
    # active and in scope: driven from the cards, the query would visit every card's reviews
    failed = connection.execute(RELEARNING_RATINGS, relearning_parameters(today, since)).all()
    if not failed:
        return {}
    kept = set(
        connection.scalars(
            _in_scope(
                connection,
                select(card_states.c.card_id).where(
                    card_states.c.active.is_(True),
                    studiable(today),
                    card_states.c.card_id.in_([card_id for card_id, _ in failed]),
                ),
                scope,
            )
        )
    )
    return {
        card_id: at + step
        for card_id, at in sorted(failed, key=lambda row: (row[1], row[0]))
        if card_id in kept
    }


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
    learning_step: timedelta = timedelta(minutes=DEFAULT_LEARNING_STEP_MINUTES),
) -> DueQueue:
    """The cards to study on the user's local day of ``now``, deterministic for a given store.

    Relearning: the cards whose latest spaced rating today is below 4, due ``learning_step``
    after it; those due by ``now`` first, those due later today last (see the module), soonest
    first, outside the limits. Reviews: cards whose due
    day is today or earlier, the longest overdue first (ties by card), up to
    ``reviews_per_day`` minus the reviews already made today. New: cards never reviewed in
    spaced mode, in import order (deck, then file order), up to ``new_per_day`` minus the new
    cards already started today. Retired, suspended and buried cards never appear. ``now`` is
    timezone-aware.
    """
    if new_per_day < 0 or reviews_per_day < 0:
        raise ValueError("daily limits cannot be negative")
    today = now.date()
    start_of_day = now.replace(hour=0, minute=0, second=0, microsecond=0)
    active = and_(card_states.c.active.is_(True), studiable(today))
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
    relearning = relearning_due(connection, today, learning_step, scope, since=start_of_day)
    now_due = tuple(card_id for card_id, at in relearning.items() if at <= now)
    later = tuple(card_id for card_id, at in relearning.items() if at > now)
    return DueQueue(tuple(due), tuple(new), now_due, later, relearning, _practised(connection, new))


def _practised(connection: Connection, new: Sequence[int]) -> frozenset[int]:
    """Which of these unscheduled cards were rated in another mode (a few hundred at most:
    the day's new cards)."""
    practised: set[int] = set()
    for start in range(0, len(new), 500):
        practised.update(
            connection.scalars(
                select(card_states.c.card_id).where(
                    card_states.c.card_id.in_(new[start : start + 500]),
                    card_states.c.last_rating.is_not(None),
                )
            )
        )
    return frozenset(practised)
