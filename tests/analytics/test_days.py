"""Local days: a review belongs to the user's local date, across midnights and DST changes.

A review keeps the local day it was given on; tests, games and learn answers are counted on
the local day of their moment in the zone of the clock reading them (:mod:`periods`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from studyapp.analytics.activity import Streaks, reviews_per_day, streaks
from studyapp.analytics.daily import daily_work
from studyapp.analytics.periods import period_sums
from studyapp.clock import FixedClock, SystemClock, day_start, local_day, zone_of
from studyapp.collection import Collection
from studyapp.scope import Scope
from studyapp.store.schema import reviews
from tests.conftest import LOCAL, WriteDeck

BERLIN = ZoneInfo("Europe/Berlin")
ALL = Scope()


def test_a_day_starts_at_local_midnight() -> None:
    assert day_start(date(2026, 3, 10), LOCAL) == datetime(2026, 3, 9, 23, 0, tzinfo=UTC)
    assert local_day(datetime(2026, 3, 9, 23, 30, tzinfo=UTC), LOCAL) == date(2026, 3, 10)
    # Berlin: 2026-03-29 lasts 23 hours (02:00 CET becomes 03:00 CEST), 2026-10-25 25 hours
    assert day_start(date(2026, 3, 29), BERLIN) == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert day_start(date(2026, 3, 30), BERLIN) == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)
    assert day_start(date(2026, 10, 26), BERLIN) == datetime(2026, 10, 25, 23, 0, tzinfo=UTC)
    # Santiago skips 00:00–01:00 on 2026-09-06: the day starts at 01:00 (-03:00)
    santiago = ZoneInfo("America/Santiago")
    start = day_start(date(2026, 9, 6), santiago)
    assert start == datetime(2026, 9, 6, 4, 0, tzinfo=UTC)
    assert local_day(start, santiago) == date(2026, 9, 6)
    assert local_day(start - timedelta(seconds=1), santiago) == date(2026, 9, 5)


def test_the_zone_is_the_clocks_or_the_machines() -> None:
    assert zone_of(FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=LOCAL))) is LOCAL
    assert zone_of(FixedClock(datetime(2026, 3, 10, 9, 0, tzinfo=BERLIN))) is BERLIN
    assert zone_of(SystemClock()) is None  # its now() has only today's offset: use the rules
    moment = datetime(2026, 1, 15, 23, 59, tzinfo=UTC)
    assert local_day(moment, None) == moment.astimezone().date()
    day = date(2026, 7, 1)
    assert day_start(day, None) == datetime.combine(day, time()).astimezone()


@pytest.fixture
def berlin(db_url: str, write_deck: WriteDeck) -> Iterator[tuple[Collection, FixedClock]]:
    """A collection of a user in Berlin with one deck of two cards."""
    clock = FixedClock(datetime(2026, 3, 1, 9, 0, tzinfo=BERLIN))
    collection = Collection.open(db_url, clock, bundled=False)
    collection.import_file(write_deck("d.md", "## One\n1\n\n## Two\n2\n"))
    yield collection, clock
    collection.close()


def _rate_at(collection: Collection, clock: FixedClock, moments: list[datetime]) -> None:
    card = collection.scope_cards(ALL)[0].id
    for moment in moments:
        clock.moment = moment
        collection.rate(card, 4, mode="learn", response_ms=1000)


def test_days_around_a_daylight_saving_change(berlin: tuple[Collection, FixedClock]) -> None:
    collection, clock = berlin
    local = [
        datetime(2026, 3, 28, 23, 30, tzinfo=BERLIN),  # 22:30 UTC on 03-28
        datetime(2026, 3, 29, 0, 30, tzinfo=BERLIN),  # 23:30 UTC on 03-28
        datetime(2026, 3, 29, 23, 30, tzinfo=BERLIN),  # CEST now: 21:30 UTC on 03-29
        datetime(2026, 3, 30, 0, 30, tzinfo=BERLIN),  # 22:30 UTC on 03-29
    ]
    _rate_at(collection, clock, local)
    first, last = date(2026, 3, 27), date(2026, 3, 31)
    with collection.engine.connect() as connection:
        work = daily_work(connection, ALL)
    # the user then travels: a clock in another zone reads the same days
    clock.moment = datetime(2026, 3, 31, 12, 0, tzinfo=LOCAL)
    report = collection.stats()
    assert [point.count for point in reviews_per_day(work, first, last)] == [0, 1, 2, 1, 0]
    assert [point.count for point in report.heatmap[-5:]] == [0, 1, 2, 1, 0]
    assert streaks(work, last) == Streaks(current=3, longest=3)


def test_a_25_hour_day(berlin: tuple[Collection, FixedClock]) -> None:
    collection, clock = berlin
    _rate_at(
        collection,
        clock,
        [
            datetime(2026, 10, 25, 0, 30, tzinfo=BERLIN),  # CEST: 22:30 UTC on 10-24
            datetime(2026, 10, 25, 23, 30, tzinfo=BERLIN),  # CET: 22:30 UTC on 10-25
        ],
    )
    with collection.engine.connect() as connection:
        work = daily_work(connection, ALL)
        counted = reviews_per_day(work, date(2026, 10, 24), date(2026, 10, 26))
        time_spent = period_sums(
            connection,
            reviews.c.reviewed_at,
            [reviews.c.response_ms],
            [],
            [1],
            date(2026, 10, 25),
            BERLIN,
        )
    assert [point.count for point in counted] == [0, 2, 0]
    assert time_spent == [(2000,)]


def test_a_period_is_at_least_a_day(collection: Collection) -> None:
    with collection.engine.connect() as connection, pytest.raises(ValueError, match="one day"):
        period_sums(connection, reviews.c.reviewed_at, [], [], [0], date(2026, 3, 10), LOCAL)


def test_a_scopes_periods_in_one_pass_sum_as_the_slices_of_time_do(
    berlin: tuple[Collection, FixedClock],
) -> None:
    """Rows selected by a condition (a deck or tag view) are summed in one pass, each period
    from its start; all rows (the overall view) slice by slice: the same sums, the last 25-hour
    day's and a future row's edges included."""
    collection, clock = berlin
    _rate_at(
        collection,
        clock,
        [
            datetime(2026, 3, 1, 10, 0, tzinfo=BERLIN),  # 239 days before today: in 365, all
            datetime(2026, 10, 19, 0, 30, tzinfo=BERLIN),  # the first day of the last 7
            datetime(2026, 10, 18, 23, 30, tzinfo=BERLIN),  # the day before it: in 30 only
            datetime(2026, 10, 25, 0, 30, tzinfo=BERLIN),  # today, before the clocks go back
            datetime(2026, 10, 25, 23, 30, tzinfo=BERLIN),  # today, its last hour (CET)
            datetime(2026, 10, 26, 0, 30, tzinfo=BERLIN),  # tomorrow: in no period
        ],
    )
    periods = [7, None, 1, 30, 365, 7]
    with collection.engine.connect() as connection:
        found = [
            period_sums(
                connection,
                reviews.c.reviewed_at,
                [reviews.c.response_ms, reviews.c.rating],
                conditions,
                periods,
                date(2026, 10, 25),
                BERLIN,
            )
            for conditions in ([], [reviews.c.card_id.is_not(None)])
        ]
    assert (
        found[0]
        == found[1]
        == [
            (3000, 12),
            (5000, 20),
            (2000, 8),
            (4000, 16),
            (5000, 20),
            (3000, 12),
        ]
    )
