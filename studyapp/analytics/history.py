"""Progress over time: mastery week by week, test scores, and matching times.

**Mastery over time** is mastery % (:mod:`studyapp.analytics.mastery`) of the scope's cards
active *today*, as it stood at the end of a local day: each card's latest self-rating given
on or before that day, 0 for a card not yet rated then. The points are today and the same
weekday of each earlier week, oldest first. A card imported later counts 0 in earlier weeks:
the line shows how much of today's material was known then.

**Test scores** and **matching times** are the latest finished tests and games played on the
scope (all of them in the overall view; at most :data:`RESULTS_LISTED`), oldest first; a game's
best is the best total time (with penalties) of its scope up to and including that game.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from sqlalchemy import Connection, and_, func, or_, select

from studyapp.analytics.daily import DayWork
from studyapp.analytics.mastery import CardCounts
from studyapp.analytics.selection import played_on
from studyapp.clock import Zone, local_day
from studyapp.scope import Scope
from studyapp.store.deck_list import mastery_percent
from studyapp.store.schema import card_states, match_games, reviews, test_results
from studyapp.store.scope import in_scope

#: Weeks of mastery history, this week included.
MASTERY_WEEKS: Final = 12
#: How many of the latest tests and matching games the history lists.
RESULTS_LISTED: Final = 200


@dataclass(frozen=True, slots=True)
class MasteryPoint:
    """Mastery % as of the end of a local day."""

    day: date
    mastery: float


@dataclass(frozen=True, slots=True)
class TestScore:
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
    connection: Connection,
    scope: Scope,
    work: Sequence[DayWork],
    counts: CardCounts,
    today: date,
    weeks: int = MASTERY_WEEKS,
) -> list[MasteryPoint]:
    """Mastery % at the end of today and of the same weekday in each of the weeks before.

    ``counts`` are the scope's active cards today and ``work`` its days. Each review moved the
    total of latest ratings by ``rating - rating_before``, so the total at the end of a day is
    today's minus what the active cards' later reviews added: the days' sums, less the part
    that retired cards' reviews contributed.
    """
    days = [today - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    if not days:
        return []
    retired = _retired_changes(connection, scope, days[0])
    points = []
    for day in days:
        later = sum(d.rating_change for d in work if d.day > day)
        later -= sum(change for changed_on, change in retired if changed_on > day)
        points.append(MasteryPoint(day, mastery_percent(counts.rating_total - later, counts.cards)))
    return points


def _retired_changes(connection: Connection, scope: Scope, after: date) -> list[tuple[date, int]]:
    """The rating changes of the scope's retired cards, per day after ``after``."""
    log, state = reviews.c, card_states.c
    conditions = [state.active.is_(False), log.day > after]
    condition = in_scope(connection, state.card_id, state.deck_id, scope)
    if condition is not None:
        conditions.append(condition)
    rows = connection.execute(
        select(log.day, func.sum(log.rating - func.coalesce(log.rating_before, 0)))
        .join(card_states, state.card_id == log.card_id)
        .where(*conditions)
        .group_by(log.day)
    )
    return [(day, int(change)) for day, change in rows]


def scores_of_tests(
    connection: Connection, scope: Scope, zone: Zone, limit: int = RESULTS_LISTED
) -> list[TestScore]:
    """The latest ``limit`` tests played on the scope, oldest first."""
    latest = (
        select(
            test_results.c.id,
            test_results.c.finished_at,
            test_results.c.scope,
            test_results.c.questions,
            test_results.c.correct,
        )
        .where(*played_on(test_results.c.scope, scope))
        .order_by(test_results.c.finished_at.desc(), test_results.c.id.desc())
        .limit(limit)
        .subquery()
    )
    rows = connection.execute(
        select(latest.c.finished_at, latest.c.scope, latest.c.questions, latest.c.correct).order_by(
            latest.c.finished_at, latest.c.id
        )
    )
    return [
        TestScore(finished_at, local_day(finished_at, zone), key, questions, correct)
        for finished_at, key, questions, correct in rows
    ]


def match_times(
    connection: Connection, scope: Scope, zone: Zone, limit: int = RESULTS_LISTED
) -> list[MatchTime]:
    """The latest ``limit`` matching games played on the scope, oldest first, each with its
    scope's best so far (over all its games, the earlier unlisted ones included)."""
    games = match_games.c
    played = played_on(games.scope, scope)
    latest = connection.execute(
        select(games.id, games.finished_at, games.scope, games.pairs, games.total_ms)
        .where(*played)
        .order_by(games.finished_at.desc(), games.id.desc())
        .limit(limit)
    ).all()
    if not latest:
        return []
    oldest = latest[-1]
    earlier = or_(
        games.finished_at < oldest.finished_at,
        and_(games.finished_at == oldest.finished_at, games.id < oldest.id),
    )
    best: dict[str, int] = dict(
        connection.execute(
            select(games.scope, func.min(games.total_ms))
            .where(*played, earlier)
            .group_by(games.scope)
        ).all()
    )
    found = []
    for _, finished_at, key, pairs, total in reversed(latest):
        best[key] = min(best.get(key, total), total)
        found.append(
            MatchTime(finished_at, local_day(finished_at, zone), key, pairs, total, best[key])
        )
    return found
