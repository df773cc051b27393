"""The figures with nothing to count, with a single review, and the streak rule on its own."""

from __future__ import annotations

from datetime import date, timedelta

from studyapp.analytics.activity import Streaks, TimeStudied, streaks_of
from studyapp.analytics.days import DayCount
from studyapp.analytics.history import MasteryPoint
from studyapp.analytics.mastery import CardCounts
from studyapp.analytics.report import StatsReport
from studyapp.analytics.retention import Retention
from studyapp.collection import Collection
from studyapp.scope import Scope
from tests.conftest import WriteDeck

TODAY = date(2026, 3, 10)  # the conftest clock: 2026-03-10 09:00 UTC+01:00


def _days(first: date, count: int) -> list[date]:
    return [first + timedelta(days=n) for n in range(count)]


def _assert_nothing_studied(report: StatsReport, cards: int) -> None:
    assert report.cards == CardCounts(cards, cards, 0, 0, (0, 0, 0, 0, 0))
    assert report.cards.mastery == 0.0
    assert report.retention == (Retention(7, 0, 0), Retention(30, 0, 0), Retention(365, 0, 0))
    assert all(period.rate is None for period in report.retention)
    assert report.forecast == tuple(DayCount(day, 0) for day in _days(TODAY, 30))
    assert report.heatmap == tuple(DayCount(day, 0) for day in _days(date(2025, 3, 11), 365))
    assert report.streaks == Streaks(0, 0)
    assert report.time_studied == tuple(TimeStudied(days, 0) for days in (1, 7, 30, 365, None))
    assert report.hardest == ()
    assert report.mastery_history == tuple(
        MasteryPoint(date(2025, 12, 23) + timedelta(weeks=n), 0.0) for n in range(12)
    )
    assert (report.test_scores, report.match_times) == ((), ())


def test_an_empty_collection(collection: Collection) -> None:
    _assert_nothing_studied(collection.stats(), cards=0)
    _assert_nothing_studied(collection.stats(Scope(decks=("nope",))), cards=0)
    _assert_nothing_studied(collection.stats(Scope(tag="nope")), cards=0)


def test_a_deck_never_studied(collection: Collection, deck: Scope) -> None:
    _assert_nothing_studied(collection.stats(deck), cards=10)
    _assert_nothing_studied(collection.stats(Scope(tag="optimizers")), cards=6)


def test_one_review(collection: Collection, write_deck: WriteDeck) -> None:
    collection.import_file(write_deck("one.md", "## Q\nA\n"))
    card = collection.due_queue().new[0]
    collection.rate(card, 4, response_ms=1500)  # today 09:00: interval 1, due tomorrow
    report = collection.stats()
    assert report.cards == CardCounts(1, 0, 1, 0, (0, 0, 0, 1, 0))
    assert report.cards.mastery == 80.0
    assert report.retention == (Retention(7, 1, 1), Retention(30, 1, 1), Retention(365, 1, 1))
    assert [point.count for point in report.forecast] == [0, 1] + [0] * 28
    assert report.heatmap[-1] == DayCount(TODAY, 1)
    assert sum(point.count for point in report.heatmap) == 1
    assert report.streaks == Streaks(1, 1)
    assert [period.milliseconds for period in report.time_studied] == [1500] * 5
    assert report.hardest == ()  # no lapse, and a 4 leaves the easiness at 2.5
    assert report.mastery_history[-1] == MasteryPoint(TODAY, 80.0)
    assert report.mastery_history[-2] == MasteryPoint(date(2026, 3, 3), 0.0)


def test_streak_rule() -> None:
    assert streaks_of([], TODAY) == Streaks(0, 0)
    yesterday, before = TODAY - timedelta(days=1), TODAY - timedelta(days=2)
    assert streaks_of([TODAY], TODAY) == Streaks(1, 1)
    assert streaks_of([yesterday], TODAY) == Streaks(1, 1)  # today is not over yet
    assert streaks_of([before], TODAY) == Streaks(0, 1)
    # runs 3 and 2, with a gap; the current one is the last
    days = [date(2026, 3, 1), date(2026, 3, 2), date(2026, 3, 3), yesterday, TODAY]
    assert streaks_of(days, TODAY) == Streaks(2, 3)
