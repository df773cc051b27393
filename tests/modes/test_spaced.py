"""The spaced session without a screen: ratings written at once, repeats, undo, summary."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.spaced import SpacedSession
from studyapp.store.models import CardState, Review
from tests.conftest import WriteDeck


@pytest.fixture
def session(collection: Collection, write_deck: WriteDeck) -> SpacedSession:
    collection.import_file(write_deck("d.md", "## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n"))
    return SpacedSession.start(collection)


def _log(collection: Collection) -> list[tuple[int, int, bool]]:
    with collection.session() as db:
        return [
            (r.card_id, r.rating, r.scheduled)
            for r in db.scalars(select(Review).order_by(Review.id))
        ]


def test_a_whole_session_with_a_missed_card(
    session: SpacedSession, collection: Collection, clock: FixedClock
) -> None:
    first, second, third = (session.cards[i] for i in session.order.pending)
    assert session.current == first
    with pytest.raises(RuntimeError, match="reveal"):
        session.rate(4)
    session.reveal()
    clock.advance(seconds=3)
    assert session.rate(2).scheduled  # first rating of Q1: schedules; Q1 comes back
    session.reveal()
    session.rate(5)  # Q2
    session.reveal()
    session.rate(4)  # Q3
    assert session.current == first
    session.reveal()
    assert not session.rate(4).scheduled  # the repeat leaves the schedule alone
    assert session.done
    assert _log(collection) == [
        (first.id, 2, True), (second.id, 5, True), (third.id, 4, True), (first.id, 4, False),
    ]  # fmt: skip
    with collection.session() as db:
        assert db.scalars(select(Review.response_ms).order_by(Review.id)).first() == 3000
        state = db.get(CardState, first.id)
        assert state is not None
        assert (state.repetitions, state.interval, state.last_rating) == (0, 1, 4)
    summary = session.summary()
    assert (summary.cards, summary.ratings, summary.left) == (3, 4, 0)
    assert summary.by_rating == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    assert summary.seconds == 3.0


def test_undo_restores_schedule_log_and_order(
    session: SpacedSession, collection: Collection
) -> None:
    first = session.current
    assert first is not None
    session.reveal()
    session.rate(1)
    with collection.session() as db:
        state = db.get(CardState, first.id)
        assert state is not None
        assert (state.lapses, state.easiness, state.due is not None) == (1, Decimal("1.96"), True)
    undone = session.undo()
    assert undone is not None
    assert undone.rating == 1
    assert session.current == first
    assert not session.revealed
    assert _log(collection) == []
    with collection.session() as db:
        state = db.get(CardState, first.id)
        assert state is not None
        assert (state.repetitions, state.easiness, state.interval) == (0, Decimal("2.5"), 0)
        assert (state.due, state.introduced_on, state.lapses, state.reviews) == (None, None, 0, 0)
        assert state.last_rating is None
    assert len(collection.due_queue().new) == 3  # the card is new again
    assert session.undo() is None


def test_undo_of_a_repeat_keeps_the_first_rating(
    session: SpacedSession, collection: Collection
) -> None:
    first = session.current
    assert first is not None
    for rating in (2, 5, 5):
        session.reveal()
        session.rate(rating)
    session.reveal()
    session.rate(3)  # Q1 again: still below 4, comes back
    session.undo()
    assert session.current == first
    with collection.session() as db:
        state = db.get(CardState, first.id)
        assert state is not None
        assert (state.last_rating, state.reviews) == (2, 1)


def test_an_empty_queue_is_a_finished_session(collection: Collection) -> None:
    session = SpacedSession.start(collection)
    assert session.done
    assert session.current is None
    assert session.summary().cards == 0
