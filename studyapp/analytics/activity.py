"""Activity: reviews per day (the calendar heatmap), streaks, and time studied.

These figures count work done, so the reviews of retired cards count too. A review is any
self-rating in any mode (repeats of the same day included), on the local day it was given
(:mod:`studyapp.analytics.daily`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from sqlalchemy import ColumnElement, Connection

from studyapp.analytics.daily import DayWork, between, period_start
from studyapp.analytics.days import ONE_DAY, DayCount, days_between
from studyapp.analytics.periods import period_sums
from studyapp.analytics.selection import logged_cards, played_on
from studyapp.clock import Zone
from studyapp.scope import Scope
from studyapp.store.schema import answers, match_games, test_results

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


def reviews_per_day(work: Sequence[DayWork], first: date, last: date) -> list[DayCount]:
    """How many reviews were made on each day from ``first`` to ``last`` (none: 0)."""
    made = {day.day: day.reviews for day in between(work, first, last)}
    return [DayCount(day, made.get(day, 0)) for day in days_between(first, last)]


def heatmap(work: Sequence[DayWork], today: date, days: int = HEATMAP_DAYS) -> list[DayCount]:
    """Reviews per day over the last ``days`` days, oldest first, today last."""
    return reviews_per_day(work, period_start(days, today) or today, today)


def streaks(work: Sequence[DayWork], today: date) -> Streaks:
    """The current and the longest streak of study days up to today."""
    return streaks_of([day.day for day in between(work, None, today) if day.reviews], today)


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
    work: Sequence[DayWork],
    today: date,
    zone: Zone,
    periods: Sequence[int | None] = TIME_PERIODS,
) -> list[TimeStudied]:
    """Time studied in each period: rating and answer times, tests and matching games.

    It adds the response time of every review (a card shown until rated: from ``work``, on
    the review's day) and of every answer (learn mode), the duration of every test and the
    play time of every matching game (their answers carry no time of their own), each on the
    local day in ``zone`` it ended. Missing times count 0.
    """
    sources: list[tuple[ColumnElement[datetime], ColumnElement[int], list[ColumnElement[bool]]]]
    sources = [
        (
            answers.c.answered_at,
            answers.c.response_ms,
            logged_cards(connection, answers.c.card_id, scope),
        ),
        (
            test_results.c.finished_at,
            test_results.c.duration_ms,
            played_on(test_results.c.scope, scope),
        ),
        (
            match_games.c.finished_at,
            match_games.c.elapsed_ms,
            played_on(match_games.c.scope, scope),
        ),
    ]
    totals = [
        sum(day.response_ms for day in between(work, period_start(days, today), today))
        for days in periods
    ]
    for moment, milliseconds, conditions in sources:
        sums = period_sums(connection, moment, [milliseconds], conditions, periods, today, zone)
        totals = [total + found for total, (found,) in zip(totals, sums, strict=True)]
    return [TimeStudied(days, ms) for days, ms in zip(periods, totals, strict=True)]
