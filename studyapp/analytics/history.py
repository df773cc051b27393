"""Progress over time: mastery week by week, test scores, and matching times.

**Mastery over time** is mastery % (:mod:`studyapp.analytics.mastery`) of the scope's cards
active *today*, as it stood at the end of a local day: each card's latest self-rating given
before that day ended, 0 for a card not yet rated then. The points are today and the same
weekday of each earlier week, oldest first. A card imported later counts 0 in earlier weeks:
the line shows how much of today's material was known then.

**Test scores** and **matching times** are the finished tests and games played on the scope
(all of them in the overall view), oldest first; a game's best is the best total time (with
penalties) of its scope up to and including that game.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import Connection, case, func, select

from studyapp.analytics.days import ONE_DAY, Zone, day_start, local_day
from studyapp.analytics.selection import active_cards, played_on
from studyapp.scope import Scope
from studyapp.store.deck_list import mastery_percent
from studyapp.store.schema import card_states, exams, match_games, reviews

#: Weeks of mastery history, this week included.
MASTERY_WEEKS: Final = 12


@dataclass(frozen=True, slots=True)
class MasteryPoint:
    """Mastery % as of the end of a local day."""

    day: date
    mastery: float


@dataclass(frozen=True, slots=True)
class ExamScore:
    """A finished test."""

    finished_at: datetime
    day: date
    scope: str
    questions: int
    correct: int

    @property
    def score(self) -> float:
        """The share of questions answered right, in % (0 for a test without questions)."""
        return self.correct / self.questions * 100 if self.questions else 0.0


@dataclass(frozen=True, slots=True)
class MatchTime:
    """A finished matching game and the best time of its scope so far."""

    finished_at: datetime
    day: date
    scope: str
    pairs: int
    total_ms: int
    best_ms: int


def mastery_over_time(
    connection: Connection, scope: Scope, today: date, zone: Zone, weeks: int = MASTERY_WEEKS
) -> list[MasteryPoint]:
    """Mastery % at the end of today and of the same weekday in each of the weeks before."""
    days = [today - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    if not days:
        return []
    state = card_states.c
    totals = []
    for day in days:
        end = day_start(day + ONE_DAY, zone)
        latest_then = (
            select(reviews.c.rating)
            .where(reviews.c.card_id == state.card_id, reviews.c.reviewed_at < end)
            .order_by(reviews.c.reviewed_at.desc(), reviews.c.id.desc())
            .limit(1)
            .scalar_subquery()
        )
        rating_then = case(
            (state.last_reviewed_at.is_(None), 0),
            (state.last_reviewed_at < end, state.last_rating),
            else_=func.coalesce(latest_then, 0),
        )
        totals.append(func.sum(rating_then))
    row = connection.execute(
        select(func.count(), *totals).where(*active_cards(connection, scope))
    ).one()
    cards = int(row[0])
    return [
        MasteryPoint(day, mastery_percent(int(total or 0), cards))
        for day, total in zip(days, row[1:], strict=True)
    ]


def exam_scores(connection: Connection, scope: Scope, zone: Zone) -> list[ExamScore]:
    """The tests played on the scope, oldest first."""
    rows = connection.execute(
        select(exams.c.finished_at, exams.c.scope, exams.c.questions, exams.c.correct)
        .where(*played_on(exams.c.scope, scope))
        .order_by(exams.c.finished_at, exams.c.id)
    )
    return [
        ExamScore(finished_at, local_day(finished_at, zone), key, questions, correct)
        for finished_at, key, questions, correct in rows
    ]


def match_times(connection: Connection, scope: Scope, zone: Zone) -> list[MatchTime]:
    """The matching games played on the scope, oldest first, each with its scope's best so far."""
    games = match_games.c
    best = func.min(games.total_ms).over(
        partition_by=games.scope, order_by=(games.finished_at, games.id)
    )
    rows = connection.execute(
        select(games.finished_at, games.scope, games.pairs, games.total_ms, best)
        .where(*played_on(games.scope, scope))
        .order_by(games.finished_at, games.id)
    )
    return [
        MatchTime(finished_at, local_day(finished_at, zone), key, pairs, total, int(best_ms))
        for finished_at, key, pairs, total, best_ms in rows
    ]
