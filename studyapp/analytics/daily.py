"""The review log day by day: what the activity figures are computed from.

Each review carries its local day (``reviews.day``, the user's date where and when the rating
was given), so a day is never re-cut by a later change of zone. The figures that count reviews
(heatmap, streaks, retention, time spent rating, mastery over time) all read one list of
per-day sums. The overall and deck views take it from the per-deck daily sums the store keeps
(:mod:`studyapp.store.review_days`), a tag view from the per-tag ones
(:mod:`studyapp.store.tag_days`): a few rows per day however many reviews there are. Summing
the log itself gives the same rows. Retired cards' reviews count: that work happened.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Connection, case, func, select

from studyapp.scope import Scope
from studyapp.store.review_days import PASS_RATING, SHARES
from studyapp.store.schema import cards, decks, review_days, reviews, tag_days
from studyapp.store.scope import in_scope
from studyapp.store.triggers import triggers_kept


@dataclass(frozen=True, slots=True)
class DayWork:
    """The sums of one local day's reviews."""

    day: date
    #: Ratings given, in any mode.
    reviews: int
    #: Scheduled spaced ratings (recall after an interval) and how many of them were 3 or more.
    recalls: int
    recalled: int
    #: Response times summed (a missing time counts 0).
    response_ms: int
    #: How far the day moved the total of the cards' latest ratings.
    rating_change: int


def daily_work(connection: Connection, scope: Scope) -> list[DayWork]:
    """The scope's days with at least one review, oldest first."""
    if not triggers_kept(connection):
        rows = connection.execute(_from_the_log(connection, scope))
    elif scope.tag is not None:
        sums = tag_days.c
        rows = connection.execute(
            select(sums.day, *(sums[column] for column in SHARES))
            .where(sums.tag == scope.tag, sums.reviews > 0)
            .order_by(sums.day)
        )
    else:
        sums = review_days.c
        deck_filter: list[ColumnElement[bool]] = []
        if scope.decks is not None:
            chosen = select(decks.c.id).where(decks.c.key.in_(list(scope.decks)))
            deck_filter.append(sums.deck_id.in_(chosen.scalar_subquery()))
        rows = connection.execute(
            select(sums.day, *(func.sum(sums[column]) for column in SHARES))
            .where(*deck_filter)
            .group_by(sums.day)
            .having(func.sum(sums.reviews) > 0)
            .order_by(sums.day)
        )
    return [DayWork(day, *(int(value or 0) for value in figures)) for day, *figures in rows]


def _from_the_log(connection: Connection, scope: Scope) -> Any:
    """The same sums read from ``reviews`` itself."""
    log = reviews.c
    recall = (log.mode == "spaced") & log.scheduled.is_(True)
    condition = in_scope(connection, log.card_id, _deck_of(log.card_id), scope)
    return (
        select(
            log.day,
            func.count(),
            func.sum(case((recall, 1), else_=0)),
            func.sum(case((recall & (log.rating >= PASS_RATING), 1), else_=0)),
            func.sum(func.coalesce(log.response_ms, 0)),
            func.sum(log.rating - func.coalesce(log.rating_before, 0)),
        )
        .where(*([] if condition is None else [condition]))
        .group_by(log.day)
        .order_by(log.day)
    )


def _deck_of(card_id: ColumnElement[int]) -> ColumnElement[int]:
    """The deck of the card a log row points to."""
    return select(cards.c.deck_id).where(cards.c.id == card_id).scalar_subquery()


def period_start(days: int | None, today: date) -> date | None:
    """The first day of the last ``days`` days, today included (None: all time)."""
    if days is not None and days < 1:
        raise ValueError("a period is at least one day")
    return None if days is None else today - timedelta(days=days - 1)


def between(work: Sequence[DayWork], first: date | None, last: date) -> list[DayWork]:
    """The days of ``work`` from ``first`` (None: the beginning) to ``last``, both included."""
    return [day for day in work if (first is None or day.day >= first) and day.day <= last]
