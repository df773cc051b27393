"""Recording a rating: the card's schedule moves by the rule of
:mod:`studyapp.scheduling.effect` and the review log gains a row.

The store only maps its rows to a `CardSchedule` and back. This is the hottest write in the
app, so its three statements are built once, here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Select, and_, bindparam, insert, or_, select, update

from studyapp.scheduling.effect import (
    CUSTOM_STUDY_MODE,
    SCHEDULING_MODE,
    CardSchedule,
    RatingEffect,
    rating_effect,
)
from studyapp.scheduling.fsrs_scheduler import FSRSState
from studyapp.scheduling.paired import CardMemory, PairedScheduler
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.sm2 import SM2State
from studyapp.store.leeches import leech_rule, mark_if_leech, unmark_leech
from studyapp.store.schema import MODES, card_states, meta, reviews
from studyapp.store.version import SCHEDULER_KEY


class UnknownCardError(LookupError):
    """A rating was given for a card that is not in the store."""


@dataclass(frozen=True, slots=True)
class RatingOutcome:
    """What a rating did to a card's schedule."""

    card_id: int
    review_id: int
    scheduled: bool
    before: CardMemory
    after: CardMemory
    due_before: date | None
    due_after: date | None
    #: what the rating made of the card as a leech: "suspended", "marked", or None (nothing)
    leech: str | None = None


#: The ``card_states`` columns :func:`schedule_of_row` reads, in its parameters' order.
SCHEDULE_COLUMNS = (
    card_states.c.repetitions,
    card_states.c.easiness,
    card_states.c.interval,
    card_states.c.due,
    card_states.c.introduced_on,
    card_states.c.last_rating,
    card_states.c.sm2_due,
    card_states.c.fsrs_stability,
    card_states.c.fsrs_difficulty,
    card_states.c.fsrs_reviewed_on,
    card_states.c.fsrs_due,
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
    sm2_due=bindparam("sm2_due"),
    fsrs_stability=bindparam("fsrs_stability"),
    fsrs_difficulty=bindparam("fsrs_difficulty"),
    fsrs_reviewed_on=bindparam("fsrs_reviewed_on"),
    fsrs_due=bindparam("fsrs_due"),
    lapses=card_states.c.lapses + bindparam("lapse"),
)

_LOG = insert(reviews).returning(reviews.c.id)

_SCHEDULER_SETTING = select(meta.c.value).where(meta.c.key == SCHEDULER_KEY)

# Has the card a spaced rating on the day? ``reviewed_at`` bounds it to the card's last two
# days in its index (``day_start``: that day's UTC midnight less one day, before any zone's
# midnight of it), ``day`` says which are that day's where they were given.
_RATED_ON_DAY = (
    select(reviews.c.id)
    .where(
        reviews.c.card_id == bindparam("target"),
        reviews.c.reviewed_at >= bindparam("day_start"),
        reviews.c.mode == SCHEDULING_MODE,
        reviews.c.day == bindparam("day"),
    )
    .limit(1)
)

#: A card's schedule read to show it, not to move it (no row lock, unlike a rating's read).
_SCHEDULE_SHOWN = select(*SCHEDULE_COLUMNS).where(card_states.c.card_id == bindparam("target"))


def schedule_of_row(
    repetitions: int,
    easiness: Decimal,
    interval: int,
    due: date | None,
    introduced_on: date | None,
    last_rating: int | None,
    sm2_due: date | None,
    fsrs_stability: float | None,
    fsrs_difficulty: float | None,
    fsrs_reviewed_on: date | None,
    fsrs_due: date | None,
) -> CardSchedule[CardMemory]:
    """A card's schedule from its ``card_states`` columns (`SCHEDULE_COLUMNS`)."""
    memory = CardMemory(
        SM2State(repetitions, easiness, interval),
        sm2_due,
        fsrs_memory(sm2_due, fsrs_stability, fsrs_difficulty, fsrs_reviewed_on),
        fsrs_due,
    )
    return CardSchedule(memory, due, introduced_on, last_rating)


def fsrs_memory(
    sm2_due: date | None,
    stability: float | None,
    difficulty: float | None,
    reviewed_on: date | None,
) -> FSRSState | None:
    """A card's FSRS memory from its columns: new if SM-2 has not scheduled it either, None
    (not known) if SM-2 has but FSRS has no memory of it."""
    if stability is not None and difficulty is not None and reviewed_on is not None:
        return FSRSState(stability, difficulty, reviewed_on)
    return FSRSState() if sm2_due is None else None


def memory_columns(memory: CardMemory) -> dict[str, Any]:
    """The ``card_states`` values of a card's memory under both schedulers, by column name."""
    sm2, fsrs = memory.sm2, memory.fsrs or FSRSState()
    return {
        "repetitions": sm2.repetitions,
        "easiness": sm2.easiness,
        "interval": sm2.interval,
        "sm2_due": memory.sm2_due,
        "fsrs_stability": fsrs.stability,
        "fsrs_difficulty": fsrs.difficulty,
        "fsrs_reviewed_on": fsrs.last_review,
        "fsrs_due": memory.fsrs_due,
    }


def schedule_columns(schedule: CardSchedule[CardMemory]) -> dict[str, Any]:
    """The ``card_states`` values of a schedule, by column name (its latest rating aside)."""
    return {
        **memory_columns(schedule.memory),
        "due": schedule.due,
        "introduced_on": schedule.introduced_on,
    }


def log_row(
    effect: RatingEffect[CardMemory],
    *,
    mode: str,
    now: datetime,
    today: date,
    response_ms: int | None,
) -> dict[str, Any]:
    """The ``reviews`` row of one rating and its effect, without the card."""
    before, after = effect.before, effect.after
    fsrs_before = before.memory.fsrs or FSRSState()
    fsrs_after = after.memory.fsrs or FSRSState()
    return {
        "reviewed_at": now,
        "mode": mode,
        "rating": int(effect.rating),
        "response_ms": response_ms,
        "scheduled": effect.moves,
        "repetitions_before": before.memory.sm2.repetitions,
        "easiness_before": before.memory.sm2.easiness,
        "interval_before": before.memory.sm2.interval,
        "due_before": before.due,
        "repetitions_after": after.memory.sm2.repetitions,
        "easiness_after": after.memory.sm2.easiness,
        "interval_after": after.memory.sm2.interval,
        "due_after": after.due,
        "day": today,
        "rating_before": before.last_rating,
        "sm2_due_before": before.memory.sm2_due,
        "fsrs_stability_before": fsrs_before.stability,
        "fsrs_difficulty_before": fsrs_before.difficulty,
        "fsrs_reviewed_on_before": fsrs_before.last_review,
        "fsrs_due_before": before.memory.fsrs_due,
        "fsrs_stability_after": fsrs_after.stability,
        "fsrs_difficulty_after": fsrs_after.difficulty,
    }


def scheduler_setting(connection: Connection) -> str | None:
    """The name of the scheduler the store's setting holds, None if it holds none (read by
    every rating, so its statement is built once)."""
    return connection.scalar(_SCHEDULER_SETTING)


def card_schedule(connection: Connection, card_id: int) -> CardSchedule[CardMemory]:
    """A card's stored schedule, to show (a preview); UnknownCardError if there is no such
    card."""
    return _read_schedule(connection, _SCHEDULE_SHOWN, card_id)


def earliest_moment_of(day: date) -> datetime:
    """A moment no later than the start of ``day`` in any time zone (UTC midnight of the day
    before): the lower bound on ``reviewed_at`` that lets the review index find a day's
    ratings, whose ``day`` column then says which are that day's."""
    return datetime.combine(day - timedelta(days=1), time(), UTC)


def rated_in_spaced_on(connection: Connection, card_id: int, day: date) -> bool:
    """Whether the card has a spaced rating on the local ``day`` (then another that day is a
    repeat, which leaves its schedule alone)."""
    found = connection.scalar(
        _RATED_ON_DAY, {"target": card_id, "day_start": earliest_moment_of(day), "day": day}
    )
    return found is not None


def _read_schedule(
    connection: Connection, statement: Select[Any], card_id: int
) -> CardSchedule[CardMemory]:
    row = connection.execute(statement, {"target": card_id}).one_or_none()
    if row is None:
        raise UnknownCardError(f"no card with id {card_id}")
    return schedule_of_row(*row)


def record_rating(
    connection: Connection,
    scheduler: PairedScheduler,
    card_id: int,
    rating: Rating,
    *,
    mode: str,
    now: datetime,
    today: date,
    response_ms: int | None = None,
    scheduled: bool = True,
    leeches: bool = False,
) -> RatingOutcome:
    """Log one rating and, in spaced mode when ``scheduled`` and the card's first spaced
    rating of the day, move the card's schedule by ``scheduler``.

    ``today`` is the user's local day of ``now``, kept as the review's day. Ratings in other
    modes (custom study's that leave schedules alone among them), repeats of the day (in this
    session or an earlier one) and ratings the caller marks ``scheduled=False`` update only the
    card's latest rating. With ``leeches``, a lapse that makes the card a leech under the
    store's settings takes the leech action (:mod:`studyapp.store.leeches`; the settings are
    read only on a lapse). ValueError for an unknown mode or a negative response time. The
    caller commits.
    """
    if mode not in MODES and mode != CUSTOM_STUDY_MODE:
        modes = ", ".join((*MODES, CUSTOM_STUDY_MODE))
        raise ValueError(f"mode must be one of {modes}, not {mode!r}")
    if response_ms is not None and response_ms < 0:
        raise ValueError("response time cannot be negative")
    before = _read_schedule(connection, _STATE, card_id)
    if scheduled and mode == SCHEDULING_MODE:
        scheduled = not rated_in_spaced_on(connection, card_id, today)
    effect = rating_effect(scheduler, before, rating, mode=mode, today=today, scheduled=scheduled)
    number = int(rating)
    if effect.moves:
        connection.execute(
            _MOVE_SCHEDULE,
            {
                "target": card_id,
                "rating": number,
                "now": now,
                **schedule_columns(effect.after),
                "lapse": int(effect.lapse),
            },
        )
    else:
        connection.execute(_NOTE_RATING, {"target": card_id, "rating": number, "now": now})
    log = log_row(effect, mode=mode, now=now, today=today, response_ms=response_ms)
    review_id = connection.execute(_LOG, {"card_id": card_id, **log}).scalar_one()
    leech_done = None
    if leeches and effect.lapse:
        leech_done = mark_if_leech(connection, card_id, leech_rule(connection))
    return RatingOutcome(
        card_id,
        review_id,
        effect.moves,
        before.memory,
        effect.after.memory,
        before.due,
        effect.after.due,
        leech_done,
    )


class NothingToUndoError(LookupError):
    """The review to undo is not in the log."""


def memory_before(row: Any) -> CardMemory:
    """A card's memory under both schedulers before the rating of a ``reviews`` row."""
    sm2_due = row.sm2_due_before
    return CardMemory(
        SM2State(row.repetitions_before, row.easiness_before, row.interval_before),
        sm2_due,
        fsrs_memory(
            sm2_due,
            row.fsrs_stability_before,
            row.fsrs_difficulty_before,
            row.fsrs_reviewed_on_before,
        ),
        row.fsrs_due_before,
    )


def undo_rating(
    connection: Connection,
    scheduler: PairedScheduler,
    review_id: int,
    *,
    leeches: bool = False,
) -> int:
    """Take back one rating: its log row goes and the card's state is as it was before it
    (its lapses too, a lapse being what ``scheduler`` counts as one, and, with ``leeches``,
    the leech action the lapse took under the store's settings, if it took one).

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
        before = scheduler.settled(memory_before(row))
        changes.update(memory_columns(before), due=before.due_under(scheduler.name))
        if before.sm2_due is None:  # it was a new card: it is new again
            changes["introduced_on"] = None
        if scheduler.review(before, Rating.of(row.rating), row.day).lapse:
            changes["lapses"] = card_states.c.lapses - 1
            if leeches:
                unmark_leech(connection, row.card_id, leech_rule(connection))
    connection.execute(
        update(card_states).where(card_states.c.card_id == row.card_id).values(**changes)
    )
    return int(row.card_id)
