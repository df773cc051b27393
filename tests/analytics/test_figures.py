"""The figures over a fabricated history, every expected number worked out by hand.

The user lives at UTC+01:00 and today is Tuesday 2026-03-10 (the clock stops at 09:00). Deck
``alpha`` has cards a–h (a, b and f tagged ``t``); deck ``other`` has one card, z, never
studied. Card f is retired at the end. The log (local times; ms = response time):

====================  ====  ======================================  ======  ================
when                  card  what                                    ms      SM-2 afterwards
====================  ====  ======================================  ======  ================
2025-01-02 10:00      f     spaced 4                                10000   (retired later)
2026-01-05 10:00      a     spaced 5                                1000    I 1, EF 2.6
2026-01-05 10:00      b     spaced 3                                2000    I 1, EF 2.36
2026-01-06 10:00      a     spaced 5                                1000    I 6, EF 2.7
2026-01-06 10:00      b     spaced 1 (lapse)                        2000    I 1, EF 1.82
2026-01-07 10:00      b     spaced 2 (lapse)                        2000    I 1, EF 1.50, due 01-08
2026-01-07 10:05      b     spaced 4, a same-session repeat         500     unchanged
2026-01-12 10:00      a     spaced 5                                1000    I 17, EF 2.8
2026-01-29 10:00      a     spaced 4                                1000    I 48, due 03-18
2026-03-02 10:00      f     spaced 5                                3000
2026-03-05 10:02      –     test on alpha, 3 of 4, 10:00–10:02      120000
2026-03-08 18:00      –     matching on alpha, 30 s + 2 s penalty   30000
2026-03-09 12:00      –     matching on alpha, 25 s + 4 s penalty   25000
2026-03-09 20:00      c     learn: an answer (7 s) and a rating 3   7000    none (learn)
2026-03-09 23:30      d     spaced 2 (lapse), 22:30 UTC             4000    I 1, EF 2.18, due 03-10
2026-03-10 00:30      e     spaced 5, 23:30 UTC on 03-09            6000    I 1, due 03-11
2026-03-10 08:01      –     test on all decks, 5 of 5, 08:00–08:01  60000
2026-03-10 08:30      –     matching on alpha, 40 s                 40000
====================  ====  ======================================  ======  ================

So today the active cards a b c d e g h z have latest ratings 4 4 3 2 5 – – –.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from studyapp.analytics.activity import (
    Streaks,
    TimeStudied,
    heatmap,
    reviews_per_day,
    streaks,
    time_studied,
)
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
from studyapp.analytics.report import stats_report
from studyapp.analytics.retention import Retention, retention
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.results import AnswerRecord, MatchResult
from studyapp.store.schema import card_states, reviews
from tests.conftest import LOCAL, START, WriteDeck

TODAY = date(2026, 3, 10)
ALL = Scope()
ALPHA = Scope(decks=("alpha",))
OTHER = Scope(decks=("other",))
TAG = Scope(tag="t")
KEYS = "abcdefgh"


def alpha_deck(keys: str) -> str:
    """Deck alpha with the cards ``keys``; a, b and f carry the tag ``t``."""
    cards = [
        f"## Question {key}\nAnswer {key}\n\nid:: {key}\n" + ("tags:: t\n" if key in "abf" else "")
        for key in keys
    ]
    return "---\nid: alpha\ntitle: Alpha\n---\n\n" + "\n".join(cards)


def at(clock: FixedClock, when: str) -> datetime:
    """Set the clock to a local time ``YYYY-MM-DD HH:MM`` (UTC+01:00) and return it."""
    clock.moment = datetime.fromisoformat(when).replace(tzinfo=LOCAL)
    return clock.moment


@pytest.fixture
def ids(collection: Collection, clock: FixedClock, write_deck: WriteDeck) -> dict[str, int]:
    """The history of the module docstring; the ids of cards a–h."""
    alpha = write_deck("alpha.md", alpha_deck(KEYS))
    collection.import_file(alpha)
    collection.import_file(write_deck("other.md", "---\nid: other\ntitle: Other\n---\n\n## Z\nz\n"))
    ids = {
        view.question.removeprefix("Question "): view.id for view in collection.scope_cards(ALPHA)
    }

    def rate(
        when: str, key: str, rating: int, ms: int | None, mode: str = "spaced", repeat: bool = False
    ) -> None:
        at(clock, when)
        collection.rate(ids[key], rating, mode=mode, response_ms=ms, scheduled=not repeat)

    def game(when: str, elapsed: int, penalty: int) -> None:
        finished = at(clock, when)
        collection.record_match_game(MatchResult(ALPHA, finished, 4, 1, elapsed, penalty), [])

    rate("2025-01-02 10:00", "f", 4, 10000)
    for day, a, b in (("2026-01-05", 5, 3), ("2026-01-06", 5, 1), ("2026-01-07", None, 2)):
        if a is not None:
            rate(f"{day} 10:00", "a", a, 1000)
        rate(f"{day} 10:00", "b", b, 2000)
    rate("2026-01-07 10:05", "b", 4, 500, repeat=True)
    rate("2026-01-12 10:00", "a", 5, 1000)
    rate("2026-01-29 10:00", "a", 4, 1000)
    rate("2026-03-02 10:00", "f", 5, 3000)
    at(clock, "2026-03-05 10:02")
    collection.record_test(
        ALPHA, datetime(2026, 3, 5, 10, 0, tzinfo=LOCAL), ["choice"], [], questions=4, correct=3
    )
    game("2026-03-08 18:00", 30000, 2000)
    game("2026-03-09 12:00", 25000, 4000)
    answered = at(clock, "2026-03-09 20:00")
    collection.record_answer(AnswerRecord(ids["c"], "learn", "written", True, answered, "x", 7000))
    rate("2026-03-09 20:00", "c", 3, None, mode="learn")
    rate("2026-03-09 23:30", "d", 2, 4000)
    rate("2026-03-10 00:30", "e", 5, 6000)
    at(clock, "2026-03-10 08:01")
    collection.record_test(
        ALL, datetime(2026, 3, 10, 8, 0, tzinfo=LOCAL), ["choice"], [], questions=5, correct=5
    )
    game("2026-03-10 08:30", 40000, 0)
    collection.import_file(write_deck("alpha.md", alpha_deck(KEYS.replace("f", ""))))  # retire f
    clock.moment = START
    return ids


def test_the_history_is_as_the_table_says(collection: Collection, ids: dict[str, int]) -> None:
    state = card_states.c
    with collection.engine.connect() as connection:
        rows = connection.execute(
            select(
                state.card_id,
                state.active,
                state.interval,
                state.easiness,
                state.due,
                state.lapses,
                state.last_rating,
            )
        ).all()
    found = {row.card_id: tuple(row[1:]) for row in rows}
    assert found[ids["a"]] == (True, 48, Decimal("2.8"), date(2026, 3, 18), 0, 4)
    assert found[ids["b"]] == (True, 1, Decimal("1.5"), date(2026, 1, 8), 2, 4)
    assert found[ids["c"]] == (True, 0, Decimal("2.5"), None, 0, 3)
    assert found[ids["d"]] == (True, 1, Decimal("2.18"), TODAY, 1, 2)
    assert found[ids["e"]] == (True, 1, Decimal("2.6"), date(2026, 3, 11), 0, 5)
    assert found[ids["f"]][0] is False
    assert found[ids["g"]] == (True, 0, Decimal("2.5"), None, 0, None)


def test_cards_by_stage_and_mastery(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.connect() as connection:
        overall = card_counts(connection, ALL)
        alpha = card_counts(connection, ALPHA)
        other = card_counts(connection, OTHER)
        tagged = card_counts(connection, TAG)
    # active: a b c d e g h z (f retired); new: g h z; mastered: a (latest 4, interval 48);
    # learning: b (interval 1), c (learn only, interval 0), d, e (interval 1)
    assert overall == CardCounts(cards=8, new=3, learning=4, mastered=1, ratings=(0, 1, 1, 2, 1))
    assert overall.rating_total == 18  # 4 + 4 + 3 + 2 + 5
    assert overall.mastery == 45.0  # 18 / (5 x 8)
    assert alpha == CardCounts(cards=7, new=2, learning=4, mastered=1, ratings=(0, 1, 1, 2, 1))
    assert alpha.mastery == pytest.approx(18 / 35 * 100)
    assert other == CardCounts(cards=1, new=1, learning=0, mastered=0, ratings=(0, 0, 0, 0, 0))
    assert other.mastery == 0.0
    # tag t: a (mastered) and b (learning); f is retired
    assert tagged == CardCounts(cards=2, new=0, learning=1, mastered=1, ratings=(0, 0, 0, 2, 0))
    assert tagged.mastery == 80.0  # 8 / (5 x 2)


def test_mastery_is_the_deck_lists(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.connect() as connection:
        mastery = {
            key: card_counts(connection, Scope(decks=(key,))).mastery for key in ("alpha", "other")
        }
    assert {summary.key: summary.mastery for summary in collection.deck_summaries()} == mastery


def test_retention_counts_scheduled_spaced_reviews(
    collection: Collection, ids: dict[str, int]
) -> None:
    with collection.engine.connect() as connection:
        overall = retention(daily_work(connection, ALL), TODAY)
        tagged = retention(daily_work(connection, TAG), TODAY)
    # 7 days (03-04…03-10): d 2, e 5. 30 days (from 02-09): and f 5 (retired, still counted).
    # 365 days (from 2025-03-11): and a 5 5 5 4, b 3 1 2 (not the repeat, not c's learn rating);
    # f's review of 2025-01-02 is older.
    assert overall == [Retention(7, 2, 1), Retention(30, 3, 2), Retention(365, 10, 7)]
    assert [period.rate for period in overall] == [0.5, 2 / 3, 0.7]
    # tag t: a, b, f
    assert tagged == [Retention(7, 0, 0), Retention(30, 1, 1), Retention(365, 8, 6)]
    assert tagged[0].rate is None


def test_forecast_puts_overdue_cards_on_today(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.connect() as connection:
        overall = due_forecast(connection, ALL, TODAY)
        tagged = due_forecast(connection, TAG, TODAY)
    # b was due 01-08, d is due today and c, rated only in learn, awaits its first review: 3
    # today, as home's "Due today"; e on 03-11; a on 03-18 (01-29 + 48 days); g, h, z are new
    # (never rated); f is retired
    expected = {TODAY: 3, date(2026, 3, 11): 1, date(2026, 3, 18): 1}
    assert len(overall) == 30
    assert overall[0].day == TODAY
    assert overall[-1].day == date(2026, 4, 8)
    assert {point.day: point.count for point in overall if point.count} == expected
    assert {point.day: point.count for point in tagged if point.count} == {
        TODAY: 1,  # b
        date(2026, 3, 18): 1,  # a
    }


def test_reviews_per_day_are_local_days(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.connect() as connection:
        work = daily_work(connection, ALL)
        days = heatmap(work, TODAY)
        two_days = reviews_per_day(work, date(2026, 3, 9), TODAY)
        kept_days = dict(connection.execute(select(reviews.c.card_id, reviews.c.day)).all())
    assert len(days) == 365
    assert (days[0].day, days[-1].day) == (date(2025, 3, 11), TODAY)
    # every rating, any mode, repeats and retired cards included; 2025-01-02 is too old
    assert {point.day: point.count for point in days if point.count} == {
        date(2026, 1, 5): 2,  # a, b
        date(2026, 1, 6): 2,  # a, b
        date(2026, 1, 7): 2,  # b and its repeat
        date(2026, 1, 12): 1,
        date(2026, 1, 29): 1,
        date(2026, 3, 2): 1,  # f
        date(2026, 3, 9): 2,  # c (learn), d at 23:30
        TODAY: 1,  # e at 00:30, on 03-09 in UTC
    }
    assert two_days == [DayCount(date(2026, 3, 9), 2), DayCount(TODAY, 1)]
    # each review keeps the local day it was given: d (22:30 UTC) and e (23:30 UTC) both fell
    # on 03-09 in UTC, but on 03-09 and 03-10 where the user was
    assert (kept_days[ids["d"]], kept_days[ids["e"]]) == (date(2026, 3, 9), TODAY)


def test_streaks(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.connect() as connection:
        work = daily_work(connection, ALL)
        overall = streaks(work, TODAY)
        tagged = streaks(daily_work(connection, TAG), TODAY)
        tomorrow = streaks(work, TODAY + timedelta(days=1))
        later = streaks(work, TODAY + timedelta(days=2))
    # study days: 2025-01-02, 2026-01-05 06 07, 01-12, 01-29, 03-02, 03-09 03-10
    assert overall == Streaks(current=2, longest=3)
    # tag t (a, b, f): the last study day is 03-02
    assert tagged == Streaks(current=0, longest=3)
    # tomorrow the streak still stands until the day is over; the day after, it is broken
    assert tomorrow == Streaks(current=2, longest=3)
    assert later == Streaks(current=0, longest=3)


def test_time_studied(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.connect() as connection:
        overall, alpha, tagged = (
            time_studied(connection, scope, daily_work(connection, scope), TODAY, LOCAL)
            for scope in (ALL, ALPHA, TAG)
        )
    # today: e 6000 + test 60000 + game 40000 = 106000
    # 7 days: + d 4000 + c's answer 7000 + test 120000 + games 30000 + 25000 = 292000
    # 30 days: + f 3000 = 295000; 365 days: + a 4 x 1000 + b 3 x 2000 + 500 = 305500
    # all time: + f 10000 = 315500
    assert overall == [
        TimeStudied(1, 106000),
        TimeStudied(7, 292000),
        TimeStudied(30, 295000),
        TimeStudied(365, 305500),
        TimeStudied(None, 315500),
    ]
    # alpha: the test on all decks (60000) is not alpha's
    assert [period.milliseconds for period in alpha] == [46000, 232000, 235000, 245500, 255500]
    # tag t: a, b and f's reviews only
    assert [period.milliseconds for period in tagged] == [0, 0, 3000, 13500, 23500]


def test_hardest_cards(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.connect() as connection:
        overall = hardest_cards(connection, ALL)
        top = hardest_cards(connection, ALL, limit=1)
        other = hardest_cards(connection, OTHER)
    # b lapsed twice (EF 1.50), d once (EF 2.18); the rest never lapsed, EF >= 2.5
    b = HardCard(ids["b"], "alpha", "Question b", 2, Decimal("1.5"), 4)
    d = HardCard(ids["d"], "alpha", "Question d", 1, Decimal("2.18"), 2)
    assert overall == [b, d]
    assert top == [b]
    assert other == []


def test_mastery_over_time(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.connect() as connection:
        work, counts = daily_work(connection, ALL), card_counts(connection, ALL)
        weekly = mastery_over_time(connection, ALL, work, counts, TODAY, weeks=10)
        last_night = mastery_over_time(connection, ALL, work, counts, date(2026, 3, 9), weeks=1)
        tagged = mastery_over_time(
            connection, TAG, daily_work(connection, TAG), card_counts(connection, TAG), TODAY, 10
        )
    # latest ratings summed over today's 8 active cards, then / 40 x 100:
    # end of 01-06: a 5, b 1 = 6; 01-13…01-27: a 5, b 4 (the repeat) = 9;
    # 02-03…03-03: a 4, b 4 = 8 (f is not one of today's cards); today: 18
    sums = [6, 9, 9, 9, 8, 8, 8, 8, 8, 18]
    days = [date(2026, 1, 6) + timedelta(weeks=week) for week in range(10)]
    assert weekly == [
        MasteryPoint(day, total / 40 * 100) for day, total in zip(days, sums, strict=True)
    ]
    # at the end of 03-09 d (23:30) had its rating and e (00:30 on 03-10) not: 4+4+3+2 = 13
    assert last_night == [MasteryPoint(date(2026, 3, 9), 32.5)]
    # tag t over a and b: 6, 9, …, 8, …, 8 out of 10
    assert [point.mastery for point in tagged] == [60.0, 90.0, 90.0, 90.0] + [80.0] * 6


def test_test_scores_and_matching_times(collection: Collection, ids: dict[str, int]) -> None:
    first = datetime(2026, 3, 5, 10, 2, tzinfo=LOCAL)
    second = datetime(2026, 3, 10, 8, 1, tzinfo=LOCAL)
    with collection.engine.connect() as connection:
        overall = scores_of_tests(connection, ALL, LOCAL)
        alpha = scores_of_tests(connection, ALPHA, LOCAL)
        tagged = scores_of_tests(connection, TAG, LOCAL)
        games = match_times(connection, ALL, LOCAL)
        alpha_games = match_times(connection, ALPHA, LOCAL)
        other_games = match_times(connection, OTHER, LOCAL)
        latest_test = scores_of_tests(connection, ALL, LOCAL, limit=1)
        latest_game = match_times(connection, ALL, LOCAL, limit=1)
    assert latest_test == [TestScore(second, TODAY, "all", 5, 5)]
    # only the last game is listed, but its best so far counts the earlier ones
    assert [(game.total_ms, game.best_ms) for game in latest_game] == [(40000, 29000)]
    assert overall == [
        TestScore(first, date(2026, 3, 5), "deck:alpha", 4, 3),
        TestScore(second, TODAY, "all", 5, 5),
    ]
    assert [test.score for test in overall] == [75.0, 100.0]
    assert alpha == overall[:1]
    assert tagged == []
    # totals with penalties 32000, 29000, 40000: the best so far 32000, 29000, 29000
    assert games == [
        MatchTime(
            datetime(2026, 3, 8, 18, 0, tzinfo=LOCAL),
            date(2026, 3, 8),
            "deck:alpha",
            4,
            32000,
            32000,
        ),
        MatchTime(
            datetime(2026, 3, 9, 12, 0, tzinfo=LOCAL),
            date(2026, 3, 9),
            "deck:alpha",
            4,
            29000,
            29000,
        ),
        MatchTime(datetime(2026, 3, 10, 8, 30, tzinfo=LOCAL), TODAY, "deck:alpha", 4, 40000, 29000),
    ]
    assert alpha_games == games
    assert other_games == []


def test_the_report_holds_every_figure(collection: Collection, ids: dict[str, int]) -> None:
    with collection.engine.connect() as connection:
        report = stats_report(connection, ALPHA, START, LOCAL)
        assert report.cards == card_counts(connection, ALPHA)
        work = daily_work(connection, ALPHA)
        assert list(report.retention) == retention(work, TODAY)
        assert list(report.heatmap) == heatmap(work, TODAY)
        assert list(report.hardest) == hardest_cards(connection, ALPHA)
        assert list(report.test_scores) == scores_of_tests(connection, ALPHA, LOCAL)
    assert (report.scope, report.today) == (ALPHA, TODAY)
    assert [period.days for period in report.retention] == [7, 30, 365]
    assert [period.days for period in report.time_studied] == [1, 7, 30, 365, None]
    assert report.streaks == Streaks(2, 3)
    assert (len(report.forecast), len(report.heatmap), len(report.mastery_history)) == (30, 365, 12)
    assert report.mastery_history[0] == MasteryPoint(date(2025, 12, 23), 0.0)  # nothing rated yet
    assert report.mastery_history[-1] == MasteryPoint(TODAY, 18 / 35 * 100)
    assert len(report.match_times) == 3
    assert collection.stats(ALPHA) == report  # the facade reads the same figures by its clock
    assert collection.stats().cards.cards == 8  # overall by default
