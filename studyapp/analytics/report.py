"""Every figure of a scope in one value: what the stats screen and ``studyapp stats`` show.

All figures are read in one transaction, so they agree with each other. Today and the days of
the log are the user's local days (:mod:`studyapp.clock`, :mod:`studyapp.analytics.daily`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection

from studyapp.analytics.activity import (
    Streaks,
    TimeStudied,
    heatmap,
    streaks,
    time_studied,
)
from studyapp.analytics.calibration import CalibrationReport, calibration_report
from studyapp.analytics.daily import daily_work
from studyapp.analytics.days import DayCount
from studyapp.analytics.forecast import due_forecast
from studyapp.analytics.hardest import HardCard, hardest_cards
from studyapp.analytics.history import (
    MasteryPoint,
    MatchTime,
    TestScore,
    mastery_over_time,
    match_times,
    scores_of_tests,
)
from studyapp.analytics.mastery import CardCounts, card_counts
from studyapp.analytics.retention import Retention, retention
from studyapp.clock import Zone, local_day
from studyapp.scope import Scope
from studyapp.store.settings import read_settings


@dataclass(frozen=True, slots=True)
class StatsReport:
    """The figures of one scope (overall, some decks, or a tag) on one day."""

    scope: Scope
    today: date
    #: Active cards by stage, their latest ratings, and mastery %.
    cards: CardCounts
    #: Retention over the last 7, 30 and 365 days.
    retention: tuple[Retention, ...]
    #: Reviews due on each of the next 30 days, today first (overdue ones on today).
    forecast: tuple[DayCount, ...]
    #: Reviews made on each of the last 365 days, today last.
    heatmap: tuple[DayCount, ...]
    streaks: Streaks
    #: Time studied today, over the last 7, 30 and 365 days, and in all.
    time_studied: tuple[TimeStudied, ...]
    #: The hardest active cards, hardest first.
    hardest: tuple[HardCard, ...]
    #: Mastery % at the end of today and of the same weekday in each earlier week.
    mastery_history: tuple[MasteryPoint, ...]
    test_scores: tuple[TestScore, ...]
    match_times: tuple[MatchTime, ...]
    #: Self-ratings against objective results, and the overrated cards.
    calibration: CalibrationReport
    #: The scheduler whose due days the cards have, and the retention FSRS schedules for
    #: (the true retention above is judged against it).
    scheduler: str = "sm2"
    desired_retention: float = 0.9


def stats_report(connection: Connection, scope: Scope, now: datetime, zone: Zone) -> StatsReport:
    """Compute every figure of ``scope`` as of ``now`` (aware), with days in ``zone``."""
    today = local_day(now, zone)
    work = daily_work(connection, scope)
    counts = card_counts(connection, scope)
    settings = read_settings(connection)
    return StatsReport(
        scope=scope,
        today=today,
        cards=counts,
        retention=tuple(retention(work, today)),
        forecast=tuple(due_forecast(connection, scope, today)),
        heatmap=tuple(heatmap(work, today)),
        streaks=streaks(work, today),
        time_studied=tuple(time_studied(connection, scope, work, today, zone)),
        hardest=tuple(hardest_cards(connection, scope)),
        mastery_history=tuple(mastery_over_time(connection, scope, work, counts, today)),
        test_scores=tuple(scores_of_tests(connection, scope, zone)),
        match_times=tuple(match_times(connection, scope, zone)),
        calibration=calibration_report(connection, scope),
        scheduler=settings.scheduler,
        desired_retention=settings.desired_retention / 100,
    )
