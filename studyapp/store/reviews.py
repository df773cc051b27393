"""Recording a rating: the schedule moves (spaced mode) and the review log gains a row.

This is the hottest write in the app, so its three statements are built once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, and_, bindparam, insert, or_, select, update

from studyapp.scheduling import sm2
from studyapp.store.schema import MODES, card_states, reviews


class UnknownCardError(LookupError):
    """A rating was given for a card that is not in the store."""


@dataclass(frozen=True, slots=True)
class RatingOutcome:
    """What a rating did to a card's schedule."""

    card_id: int
    review_id: int
    scheduled: bool
    before: sm2.SM2State
    after: sm2.SM2State
    due_before: date | None
    due_after: date | None


#: The ``card_states`` columns of a :class:`CardSchedule`, in its fields' order.
SCHEDULE_COLUMNS = (
    card_states.c.repetitions,
    card_states.c.easiness,
    card_states.c.interval,
    card_states.c.due,
    card_states.c.introduced_on,
    card_states.c.last_rating,
)

# FOR UPDATE: on PostgreSQL a rating's read-then-write locks the card's row, so two machines
# rating the same card queue up (SQLite's write transaction already holds the database lock).
_STATE = (
    select(*SCHEDULE_COLUMNS).where(card_states.c.card_id == bindparam("target")).with_for_update()
)

# Every rating notes itself on the card; a scheduling rating also moves the SM-2 state.
_NOTE_RATING = (
    update(card_states)
    .where(card_states.c.card_id == bindparam("target"))
    .values(
        last_rating=bindparam("rating"),
        last_reviewed_at=bindparam("now"),
        reviews=card_states.c.reviews + 1,
        rating_sum=card_states.c.rating_sum + bindparam("rating"),
    )
)
_MOVE_SCHEDULE = _NOTE_RATING.values(
    repetitions=bindparam("repetitions"),
    easiness=bindparam("easiness"),
    interval=bindparam("interval"),
    due=bindparam("due"),
    introduced_on=bindparam("introduced_on"),
    lapses=card_states.c.lapses + bindparam("lapse"),
)

_LOG = insert(reviews).returning(reviews.c.id)


@dataclass(frozen=True, slots=True)
class CardSchedule:
    """The part of a card's ``card_states`` row that a rating reads and moves."""

    repetitions: int
    easiness: Decimal
    interval: int
    due: date | None
    introduced_on: date | None
    last_rating: int | None


@dataclass(frozen=True, slots=True)
class RatingEffect:
    """What one rating does: the card's schedule after it, and its review-log row."""

    schedule: CardSchedule
    moves: bool  # whether the SM-2 state moved (a scheduled spaced rating)
    lapse: int  # 1 for a moving rating that failed, else 0
    log: dict[str, Any]  # the ``reviews`` row, without the card


def rating_effect(
    before: CardSchedule,
    rating: int,
    *,
    mode: str,
    now: datetime,
    today: date,
    response_ms: int | None = None,
    scheduled: bool = True,
) -> RatingEffect:
    """The effect of a 1–5 rating on a card's schedule: the one rule both writers use.

    In spaced mode a ``scheduled`` rating moves SM-2 and sets the due day; any other rating
    changes only the card's latest rating. Raises ValueError for a bad rating, mode or time.
    """
    quality = sm2.quality_from_rating(rating)
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    if response_ms is not None and response_ms < 0:
        raise ValueError("response time cannot be negative")
    state = sm2.SM2State(before.repetitions, before.easiness, before.interval)
    moves = scheduled and mode == "spaced"
    after = sm2.review(state, quality) if moves else state
    due_after = sm2.next_due(today, after) if moves else before.due
    schedule = CardSchedule(
        after.repetitions,
        after.easiness,
        after.interval,
        due_after,
        (before.introduced_on or today) if moves else before.introduced_on,
        rating,
    )
    log = {
        "reviewed_at": now,
        "mode": mode,
        "rating": rating,
        "response_ms": response_ms,
        "scheduled": moves,
        "repetitions_before": state.repetitions,
        "easiness_before": state.easiness,
        "interval_before": state.interval,
        "due_before": before.due,
        "repetitions_after": after.repetitions,
        "easiness_after": after.easiness,
        "interval_after": after.interval,
        "due_after": due_after,
        "day": today,
        "rating_before": before.last_rating,
    }
    return RatingEffect(schedule, moves, 0 if not moves or sm2.is_pass(quality) else 1, log)


def record_rating(
    connection: Connection,
    card_id: int,
    rating: int,
    *,
    mode: str,
    now: datetime,
    today: date,
    response_ms: int | None = None,
    scheduled: bool = True,
) -> RatingOutcome:
    """Log one 1–5 rating and, in spaced mode when ``scheduled``, move the SM-2 schedule.

    ``today`` is the user's local day of ``now``, kept as the review's day. Ratings in other
    modes, and same-session repeats (``scheduled=False``), update only the card's latest
    rating. The caller commits.
    """
    sm2.quality_from_rating(rating)  # a bad rating is refused before the card is looked up
    row = connection.execute(_STATE, {"target": card_id}).one_or_none()
    if row is None:
        raise UnknownCardError(f"no card with id {card_id}")
    before = CardSchedule(*row)
    effect = rating_effect(
        before, rating, mode=mode, now=now, today=today, response_ms=response_ms,
        scheduled=scheduled,
    )  # fmt: skip
    after = effect.schedule
    if effect.moves:
        connection.execute(
            _MOVE_SCHEDULE,
            {
                "target": card_id,
                "rating": rating,
                "now": now,
                "repetitions": after.repetitions,
                "easiness": after.easiness,
                "interval": after.interval,
                "due": after.due,
                "introduced_on": after.introduced_on,
                "lapse": effect.lapse,
            },
        )
    else:
        connection.execute(_NOTE_RATING, {"target": card_id, "rating": rating, "now": now})
    review_id = connection.execute(_LOG, {"card_id": card_id, **effect.log}).scalar_one()
    return RatingOutcome(
        card_id,
        review_id,
        effect.moves,
        sm2.SM2State(before.repetitions, before.easiness, before.interval),
        sm2.SM2State(after.repetitions, after.easiness, after.interval),
        before.due,
        after.due,
    )


class NothingToUndoError(LookupError):
    """The review to undo is not in the log."""


def undo_rating(connection: Connection, review_id: int) -> int:
    """Take back one rating: its log row goes and the card's state is as it was before it.

    Returns the card's id. The caller commits.
    """
    row = connection.execute(select(reviews).where(reviews.c.id == review_id)).one_or_none()
    if row is None:
        raise NothingToUndoError(f"no review with id {review_id}")
    connection.execute(reviews.delete().where(reviews.c.id == review_id))
    # the card's next rating, if any, now follows the one before the rating taken back
    following = (
        select(reviews.c.id)
        .where(
            reviews.c.card_id == row.card_id,
            or_(
                reviews.c.reviewed_at > row.reviewed_at,
                and_(reviews.c.reviewed_at == row.reviewed_at, reviews.c.id > row.id),
            ),
        )
        .order_by(reviews.c.reviewed_at, reviews.c.id)
        .limit(1)
        .scalar_subquery()
    )
    connection.execute(
        update(reviews).where(reviews.c.id == following).values(rating_before=row.rating_before)
    )
    previous = connection.execute(
        select(reviews.c.rating, reviews.c.reviewed_at)
        .where(reviews.c.card_id == row.card_id)
        .order_by(reviews.c.reviewed_at.desc(), reviews.c.id.desc())
        .limit(1)
    ).one_or_none()
    changes: dict[str, object] = {
        "reviews": card_states.c.reviews - 1,
        "rating_sum": card_states.c.rating_sum - row.rating,
        "last_rating": previous.rating if previous else None,
        "last_reviewed_at": previous.reviewed_at if previous else None,
    }
    if row.scheduled:
        changes.update(
            repetitions=row.repetitions_before,
            easiness=row.easiness_before,
            interval=row.interval_before,
            due=row.due_before,
        )
        if row.due_before is None:  # it was a new card: it is new again
            changes["introduced_on"] = None
        if not sm2.is_pass(row.rating):
            changes["lapses"] = card_states.c.lapses - 1
    connection.execute(
        update(card_states).where(card_states.c.card_id == row.card_id).values(**changes)
    )
    return int(row.card_id)
