"""Recording ratings: the schedule, the latest rating, and the review log with before/after."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sqlalchemy import Row, select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scheduling.effect import CardSchedule, rating_effect
from studyapp.scheduling.fsrs_scheduler import FSRSScheduler, FSRSState
from studyapp.scheduling.paired import CardMemory, PairedScheduler
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.registry import DEFAULT_SCHEDULER
from studyapp.scheduling.scheduler import Scheduled
from studyapp.scheduling.sm2 import SM2State
from studyapp.store.database import get_meta
from studyapp.store.reviews import UnknownCardError, card_schedule, record_rating, undo_rating
from studyapp.store.schema import card_states, reviews
from studyapp.store.version import SCHEDULER_KEY
from tests.conftest import START, WriteDeck
from tests.scheduling.states import ratings
from tests.store_rows import all_rows, get_row


@pytest.fixture
def card_id(collection: Collection, write_deck: WriteDeck) -> int:
    collection.import_file(write_deck("d.md", "## Q\nA\n"))
    return collection.due_queue().new[0]


def _state(collection: Collection, card_id: int) -> Row[Any]:
    with collection.engine.connect() as connection:
        state = get_row(connection, card_states, card_id)
        assert state is not None
        return state


def test_a_spaced_rating_moves_the_schedule_and_is_logged(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    outcome = collection.rate(card_id, 5, response_ms=1800)
    assert outcome.scheduled
    assert outcome.due_after == date(2026, 3, 11)
    state = _state(collection, card_id)
    assert (state.repetitions, state.easiness, state.interval) == (1, Decimal("2.6"), 1)
    assert (state.due, state.introduced_on, state.last_rating) == (
        date(2026, 3, 11),
        date(2026, 3, 10),
        5,
    )
    clock.advance(days=1)
    collection.rate(card_id, 4)
    clock.advance(days=6)
    collection.rate(card_id, 5)  # third pass: ceil(6 x 2.6) = 16 days
    state = _state(collection, card_id)
    assert (state.repetitions, state.easiness, state.interval) == (3, Decimal("2.7"), 16)
    assert state.due == date(2026, 3, 17) + timedelta(days=16)
    with collection.engine.connect() as connection:
        log = connection.execute(
            select(
                reviews.c.rating,
                reviews.c.mode,
                reviews.c.response_ms,
                reviews.c.scheduled,
                reviews.c.interval_before,
                reviews.c.interval_after,
                reviews.c.easiness_before,
                reviews.c.due_after,
            ).order_by(reviews.c.id)
        ).all()
    assert log == [
        (5, "spaced", 1800, True, 0, 1, Decimal("2.5"), date(2026, 3, 11)),
        (4, "spaced", None, True, 1, 6, Decimal("2.6"), date(2026, 3, 17)),
        (5, "spaced", None, True, 6, 16, Decimal("2.6"), date(2026, 4, 2)),
    ]


def test_a_lapse_counts_and_restarts_the_repetitions(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    collection.rate(card_id, 4)
    clock.advance(days=1)  # only the day's first spaced rating moves the schedule
    collection.rate(card_id, 4)
    clock.advance(days=1)
    outcome = collection.rate(card_id, 2)
    assert (outcome.after.sm2.repetitions, outcome.after.sm2.interval) == (0, 1)
    assert outcome.after.sm2.easiness == Decimal("2.18")
    state = _state(collection, card_id)
    assert (state.lapses, state.reviews, state.last_rating) == (1, 3, 2)


def test_repeats_and_other_modes_log_the_rating_but_leave_the_schedule(
    collection: Collection, card_id: int
) -> None:
    collection.rate(card_id, 3)
    before = _state(collection, card_id)
    repeat = collection.rate(card_id, 2, scheduled=False)
    learn = collection.rate(card_id, 5, mode="learn")
    assert not repeat.scheduled
    assert not learn.scheduled
    after = _state(collection, card_id)
    assert (after.repetitions, after.easiness, after.interval, after.due, after.lapses) == (
        before.repetitions,
        before.easiness,
        before.interval,
        before.due,
        before.lapses,
    )
    assert (after.last_rating, after.reviews) == (5, 3)
    with collection.engine.connect() as connection:
        rows = connection.execute(
            select(
                reviews.c.mode,
                reviews.c.scheduled,
                reviews.c.interval_before,
                reviews.c.interval_after,
            ).order_by(reviews.c.id)
        ).all()
    assert rows == [("spaced", True, 0, 1), ("spaced", False, 1, 1), ("learn", False, 1, 1)]


@pytest.mark.parametrize(
    ("rating", "mode", "refusal"),
    [
        (0, "spaced", "a rating is a whole number from 1"),
        (6, "spaced", "a rating is a whole number from 1"),
        (3, "cram", "mode must be one of"),
    ],
)
def test_invalid_ratings_and_modes_are_refused_and_nothing_is_written(
    collection: Collection, card_id: int, rating: int, mode: str, refusal: str
) -> None:
    with pytest.raises(ValueError, match=refusal):
        collection.rate(card_id, Rating.of(rating), mode=mode)
    with collection.engine.connect() as connection:
        assert all_rows(connection, reviews) == []


def test_rating_an_unknown_card(collection: Collection) -> None:
    with pytest.raises(UnknownCardError):
        collection.rate(12345, 4)


def test_a_rating_survives_a_new_connection(db_url: str, clock: FixedClock, card_id: int) -> None:
    reopened = Collection.open(db_url, clock, bundled=False)
    reopened.rate(card_id, 4)
    reopened.close()
    again = Collection.open(db_url, clock, bundled=False)
    with again.engine.connect() as connection:
        assert connection.scalars(select(reviews.c.rating)).all() == [4]
    again.close()


SM2 = PairedScheduler()

#: A rating as the store's property tests give it: the rating, its mode, whether it is the
#: card's first in its session, and how many days after the one before it comes.
steps = st.tuples(
    ratings,
    st.sampled_from(["spaced", "spaced", "learn", "test", "matching"]),
    st.booleans(),
    st.integers(min_value=0, max_value=40),
)


@contextmanager
def _one_card_store() -> Iterator[tuple[Collection, FixedClock, int]]:
    """A new store (hypothesis examples can not share the test's fixtures) with one card."""
    clock = FixedClock(START)
    with TemporaryDirectory() as folder:
        collection = Collection.open(f"sqlite:///{folder}/s.sqlite3", clock, bundled=False)
        try:
            deck = Path(folder) / "d.md"
            deck.write_text("## Q\nA\n", encoding="utf-8")
            collection.import_file(deck)
            yield collection, clock, collection.due_queue().new[0]
        finally:
            collection.close()


def _stored(collection: Collection, card_id: int) -> tuple[CardSchedule[CardMemory], int]:
    with collection.engine.connect() as connection:
        lapses = connection.scalar(
            select(card_states.c.lapses).where(card_states.c.card_id == card_id)
        )
        return card_schedule(connection, card_id), int(lapses or 0)


@settings(max_examples=25, deadline=None)
@given(st.lists(steps, min_size=1, max_size=8))
@example([(Rating(1), "spaced", False, 0), (Rating(1), "spaced", True, 0)])  # found by hypothesis
@example([(Rating(4), "spaced", True, 0), (Rating(4), "spaced", True, 0)])  # a second session
def test_recording_gives_the_state_of_the_pure_rule(
    history: list[tuple[Rating, str, bool, int]],
) -> None:
    with _one_card_store() as (collection, clock, card_id):
        expected, lapses = _stored(collection, card_id)
        assert expected == CardSchedule(CardMemory(), None, None, None)
        spaced_days: set[date] = set()  # a spaced rating on a day it had one is a repeat
        for rating, mode, scheduled, days_later in history:
            clock.advance(days=days_later)
            outcome = collection.rate(card_id, rating, mode=mode, scheduled=scheduled)
            today = clock.now().date()
            repeat = mode == "spaced" and today in spaced_days
            if mode == "spaced":
                spaced_days.add(today)
            effect = rating_effect(
                SM2, expected, rating, mode=mode, today=today, scheduled=scheduled and not repeat
            )
            expected, lapses = effect.after, lapses + effect.lapse
            assert _stored(collection, card_id) == (expected, lapses)
            assert (outcome.scheduled, outcome.after, outcome.due_after) == (
                effect.moves,
                expected.memory,
                expected.due,
            )


@settings(max_examples=15, deadline=None)
@given(
    st.lists(st.tuples(ratings, st.integers(min_value=0, max_value=30)), max_size=5),
    st.sampled_from(["sm2", "fsrs"]),
)
def test_the_preview_is_what_each_rating_then_records(
    history: list[tuple[Rating, int]], scheduler: str
) -> None:
    with _one_card_store() as (collection, clock, card_id):
        collection.scheduler_name = scheduler
        for rating, days_later in history:
            clock.advance(days=days_later)
            collection.rate(card_id, rating)
        clock.advance(days=1)
        before = _stored(collection, card_id)
        preview = collection.preview(card_id)
        assert list(preview) == list(Rating)
        for rating, promised in preview.items():
            outcome = collection.rate(card_id, rating)
            recorded, lapses = _stored(collection, card_id)
            assert (outcome.after, outcome.due_after) == (promised.state, promised.due)
            assert (recorded.memory, recorded.due) == (promised.state, promised.due)
            assert lapses == before[1] + promised.lapse
            collection.undo(outcome.review_id)
            assert _stored(collection, card_id) == before


def test_previewing_an_unknown_card(collection: Collection) -> None:
    with pytest.raises(UnknownCardError):
        collection.preview(12345)


class EveryThreeDays:
    """A second scheduler, as simple as a test can make one: a pass is due in three days, a
    failure tomorrow."""

    name = "every-3-days"

    def review(self, state: SM2State, rating: Rating, today: date) -> Scheduled[SM2State]:
        passed = rating >= Rating.THREE
        after = SM2State(state.repetitions + 1 if passed else 0, state.easiness, 3 if passed else 1)
        return Scheduled(after, today + timedelta(days=after.interval), lapse=not passed)

    def preview(self, state: SM2State, today: date) -> dict[Rating, Scheduled[SM2State]]:
        return {rating: self.review(state, rating, today) for rating in Rating}


def _lapses(collection: Collection, card_id: int) -> int:
    return _stored(collection, card_id)[1]


def test_the_store_rates_by_any_scheduler_of_the_protocol(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    """The store moves SM-2's memory by whatever scheduler of the protocol it is given."""
    scheduler = PairedScheduler(sm2=EveryThreeDays())

    def rate(rating: Rating) -> Any:
        now = clock.now()
        with collection.writer.begin() as connection:
            return record_rating(
                connection, scheduler, card_id, rating, mode="spaced", now=now, today=now.date()
            )

    passed = rate(Rating.FOUR)
    assert (passed.after.sm2, passed.due_after) == (SM2State(1, "2.5", 3), date(2026, 3, 13))
    clock.advance(days=1)  # the next day: the day's first rating moves the schedule
    failed = rate(Rating.TWO)
    assert (failed.after.sm2, failed.due_after, _lapses(collection, card_id)) == (
        SM2State(0, "2.5", 1),
        date(2026, 3, 12),
        1,
    )
    with collection.writer.begin() as connection:
        undo_rating(connection, scheduler, failed.review_id)  # the lapse it counted goes
    assert _lapses(collection, card_id) == 0
    assert collection.rate(card_id, Rating.FOUR).after.sm2 == SM2State(2, "2.5", 6)


def test_the_collection_rates_by_the_scheduler_its_setting_names(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    assert collection.scheduler_name == DEFAULT_SCHEDULER == "sm2"
    first = collection.rate(card_id, Rating.FOUR)  # both memories move; SM-2 has it due
    fsrs = FSRSScheduler()
    expected = fsrs.review(FSRSState(), Rating.FOUR, clock.now().date())
    assert first.after.fsrs == expected.state
    assert first.due_after == first.after.sm2_due == date(2026, 3, 11)
    collection.scheduler_name = "fsrs"
    assert collection.scheduler.name == "fsrs"
    assert _state(collection, card_id).due == expected.due == first.after.fsrs_due
    clock.advance(days=3)
    preview = collection.preview(card_id)[Rating.PERFECTLY]
    second = collection.rate(card_id, Rating.PERFECTLY)
    after = fsrs.review(expected.state, Rating.PERFECTLY, clock.now().date())
    assert (
        (second.after.fsrs, second.due_after)
        == (after.state, after.due)
        == (
            preview.state.fsrs,
            preview.due,
        )
    )
    assert second.after.sm2 == SM2State(2, "2.6", 6)  # SM-2 moved too
    collection.scheduler_name = "sm2"
    assert _state(collection, card_id).due == second.after.sm2_due == date(2026, 3, 19)


def test_the_scheduler_setting_is_kept_in_the_store(db_url: str, clock: FixedClock) -> None:
    first = Collection.open(db_url, clock, bundled=False)
    first.scheduler_name = "sm2"
    first.close()
    again = Collection.open(db_url, clock, bundled=False)
    with again.engine.connect() as connection:
        assert get_meta(connection, SCHEDULER_KEY) == again.scheduler_name == "sm2"
    again.close()


@pytest.mark.parametrize("name", ["FSRS", "", "SM2"])
def test_an_unknown_scheduler_is_refused_and_nothing_is_written(
    collection: Collection, name: str
) -> None:
    with pytest.raises(ValueError, match=r"no scheduler .*\(the schedulers are: sm2, fsrs\)"):
        collection.scheduler_name = name
    with collection.engine.connect() as connection:
        assert get_meta(connection, SCHEDULER_KEY) is None
    assert collection.scheduler_name == "sm2"


def test_only_the_first_spaced_rating_of_the_local_day_moves_the_schedule(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    first = collection.rate(card_id, 1)
    collection.rate(card_id, 5, mode="learn")  # other modes never count
    clock.advance(hours=2)  # a later session, the same day: a repeat
    again = collection.rate(card_id, 5)
    clock.advance(days=1)  # the next day's first rating moves it again
    next_day = collection.rate(card_id, 4)
    assert [first.scheduled, again.scheduled, next_day.scheduled] == [True, False, True]
    assert (again.before, again.after) == (first.after, first.after)
    assert next_day.after.sm2 == SM2State(1, "1.96", 1)  # moved by the 1 and this 4 only
