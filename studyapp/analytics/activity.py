"""Activity: reviews per day (the calendar heatmap), streaks, and time studied.

These figures count work done, so the reviews of retired cards count too. A review is any
self-rating in any mode (same-session repeats included); a day is the user's local day
(:mod:`studyapp.analytics.days`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import ColumnElement, Connection, exists, func, select

from studyapp.analytics.days import ONE_DAY, DayCount, Zone, day_tables, local_day
from studyapp.analytics.periods import period_sums
from studyapp.analytics.selection import logged_cards, played_on
from studyapp.scope import Scope
from studyapp.store.schema import answers, exams, match_games, reviews

#: Days the heatmap covers, today included.
HEATMAP_DAYS: Final = 365
#: The periods, in days (None: all time), time studied is given for.
TIME_PERIODS: Final = (1, 7, 30, 365, None)


@dataclass(frozen=True, slots=True)
class Streaks:
    """Runs of consecutive local days with at least one review."""

    #: The run that ends today, or yesterday while today has no review yet (0: none).
    current: int
    #: The longest run ever.
    longest: int


@dataclass(frozen=True, slots=True)
class TimeStudied:
    """Time spent studying over the last ``days`` days (None: all time), in milliseconds."""

    days: int | None
    milliseconds: int


def reviews_per_day(
    connection: Connection, scope: Scope, first: date, last: date, zone: Zone
) -> list[DayCount]:
    """How many reviews were made on each day from ``first`` to ``last``."""
    found: list[DayCount] = []
    in_scope = logged_cards(connection, reviews.c.card_id, scope)
    for bounds in day_tables(connection, first, last, zone):
        counted = (
            select(func.count())
            .select_from(reviews)
            .where(
                reviews.c.reviewed_at >= bounds.c.start,
                reviews.c.reviewed_at < bounds.c.end,
                *in_scope,
            )
            .scalar_subquery()
        )
        rows = connection.execute(select(bounds.c.day, counted))
        found.extend(DayCount(date.fromordinal(day), int(count)) for day, count in rows)
    return sorted(found, key=lambda counted: counted.day)


def heatmap(
    connection: Connection, scope: Scope, today: date, zone: Zone, days: int = HEATMAP_DAYS
) -> list[DayCount]:
    """Reviews per day over the last ``days`` days, oldest first, today last."""
    return reviews_per_day(connection, scope, today - timedelta(days=days - 1), today, zone)


def study_days(connection: Connection, scope: Scope, last: date, zone: Zone) -> list[date]:
    """Every day up to ``last`` with at least one review, in order."""
    in_scope = logged_cards(connection, reviews.c.card_id, scope)
    earliest = connection.scalar(
        select(reviews.c.reviewed_at).where(*in_scope).order_by(reviews.c.reviewed_at).limit(1)
    )
    if earliest is None:
        return []
    found: list[date] = []
    for bounds in day_tables(connection, local_day(earliest, zone), last, zone):
        reviewed = exists().where(
            reviews.c.reviewed_at >= bounds.c.start,
            reviews.c.reviewed_at < bounds.c.end,
            *in_scope,
        )
        found.extend(
            map(date.fromordinal, connection.scalars(select(bounds.c.day).where(reviewed)))
        )
    return sorted(found)


def streaks(connection: Connection, scope: Scope, today: date, zone: Zone) -> Streaks:
    """The current and the longest streak of study days."""
    return streaks_of(study_days(connection, scope, today, zone), today)


def streaks_of(days: Sequence[date], today: date) -> Streaks:
    """The streaks in ``days`` (sorted study days, none after today)."""
    longest = run = 0
    previous: date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == ONE_DAY else 1
        longest = max(longest, run)
        previous = day
    current = run if previous is not None and today - previous <= ONE_DAY else 0
    return Streaks(current, longest)


def time_studied(
    connection: Connection,
    scope: Scope,
    today: date,
    zone: Zone,
    periods: Sequence[int | None] = TIME_PERIODS,
) -> list[TimeStudied]:
    """Time studied in each period: rating and answer times, tests and matching games.

    It adds the response time of every review (a card shown until rated) and of every answer
    (learn mode), the duration of every test and the play time of every matching game (their
    answers carry no time of their own), each on the day it ended. Missing times count 0.
    """
    sources: list[tuple[ColumnElement[datetime], ColumnElement[int], list[ColumnElement[bool]]]]
    sources = [
        (
            reviews.c.reviewed_at,
            reviews.c.response_ms,
            logged_cards(connection, reviews.c.card_id, scope),
        ),
        (
            answers.c.answered_at,
            answers.c.response_ms,
            logged_cards(connection, answers.c.card_id, scope),
        ),
        (exams.c.finished_at, exams.c.duration_ms, played_on(exams.c.scope, scope)),
        (
            match_games.c.finished_at,
            match_games.c.elapsed_ms,
            played_on(match_games.c.scope, scope),
        ),
    ]
    totals = [0] * len(periods)
    for moment, milliseconds, conditions in sources:
        sums = period_sums(
            connection, moment, [func.sum(milliseconds)], conditions, periods, today, zone
        )
        totals = [total + found for total, (found,) in zip(totals, sums, strict=True)]
    return [TimeStudied(days, ms) for days, ms in zip(periods, totals, strict=True)]
