"""Recording ratings: the schedule, the latest rating, and the review log with before/after."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import Row, select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.store.reviews import UnknownCardError
from studyapp.store.schema import card_states, reviews
from tests.conftest import WriteDeck
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


def test_a_lapse_counts_and_restarts_the_repetitions(collection: Collection, card_id: int) -> None:
    collection.rate(card_id, 4)
    collection.rate(card_id, 4)
    outcome = collection.rate(card_id, 2)
    assert (outcome.after.repetitions, outcome.after.interval) == (0, 1)
    assert outcome.after.easiness == Decimal("2.18")
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


@pytest.mark.parametrize(("rating", "mode"), [(0, "spaced"), (6, "spaced"), (3, "cram")])
def test_invalid_ratings_and_modes_are_refused_and_nothing_is_written(
    collection: Collection, card_id: int, rating: int, mode: str
) -> None:
    with pytest.raises(ValueError, match="must be"):
        collection.rate(card_id, rating, mode=mode)
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
