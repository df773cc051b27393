"""The spaced session without a screen: ratings written at once, repeats, undo, summary."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.saving import Saver
from studyapp.modes.spaced import SpacedSession
from studyapp.scheduling.rating import Rating
from studyapp.store.schema import card_states, reviews
from tests.conftest import WriteDeck
from tests.modes.saving_tools import store_path, write_lock
from tests.store_rows import all_rows, get_row, one_row


@pytest.fixture
def session(collection: Collection, write_deck: WriteDeck) -> SpacedSession:
    collection.import_file(write_deck("d.md", "## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n"))
    return SpacedSession.start(collection)


def _log(collection: Collection) -> list[tuple[int, int, bool]]:
    with collection.engine.connect() as db:
        return [(r.card_id, r.rating, r.scheduled) for r in all_rows(db, reviews)]


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
    with collection.engine.connect() as db:
        assert db.scalars(select(reviews.c.response_ms).order_by(reviews.c.id)).first() == 3000
        state = get_row(db, card_states, first.id)
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
    with collection.engine.connect() as db:
        state = get_row(db, card_states, first.id)
        assert state is not None
        assert (state.lapses, state.easiness, state.due is not None) == (1, Decimal("1.96"), True)
    undone = session.undo()
    assert undone is not None
    assert undone.rating == 1
    assert session.current == first
    assert not session.revealed
    assert _log(collection) == []
    with collection.engine.connect() as db:
        state = get_row(db, card_states, first.id)
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
    with collection.engine.connect() as db:
        state = get_row(db, card_states, first.id)
        assert state is not None
        assert (state.last_rating, state.reviews) == (2, 1)


def test_an_empty_queue_is_a_finished_session(collection: Collection) -> None:
    session = SpacedSession.start(collection)
    assert session.done
    assert session.current is None
    assert session.summary().cards == 0


@pytest.fixture
def saver() -> Iterator[Saver]:
    made = Saver(retry_delays=(0.01,))
    yield made
    made.close()


@pytest.fixture
def impatient(db_url: str, clock: FixedClock, write_deck: WriteDeck) -> Iterator[Collection]:
    """The store with three new cards, opened to give up on a held lock after 0.1 s (the
    saver then tries again), so a rating can be seen waiting."""
    opened = Collection.open(db_url, clock, bundled=False, lock_wait=0.1)
    opened.import_file(write_deck("d.md", "## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n"))
    yield opened
    opened.close()


def _until(condition: Callable[[], bool]) -> None:
    for _ in range(500):
        if condition():
            return
        time.sleep(0.01)
    raise AssertionError("the condition never held")


@pytest.mark.sqlite_only  # holds SQLite's write lock
def test_ratings_wait_for_a_locked_store_and_the_session_moves_on(
    impatient: Collection, saver: Saver
) -> None:
    collection = impatient
    session = SpacedSession.start(collection, saver=saver)
    with write_lock(store_path(collection.engine)):
        for rating in (5, 4, 5):
            session.reveal()
            session.rate(rating)
        assert session.done  # the order is the session's own
        _until(lambda: saver.status().busy)
        assert saver.status().pending == 3
        assert _log(collection) == []
    assert saver.flush(5)
    assert [rating for _card, rating, _scheduled in _log(collection)] == [5, 4, 5]


@pytest.mark.sqlite_only  # holds SQLite's write lock
def test_a_rating_saved_late_keeps_the_moment_it_was_given(
    impatient: Collection, saver: Saver, clock: FixedClock
) -> None:
    collection = impatient
    session = SpacedSession.start(collection, saver=saver)
    given = clock.now()
    with write_lock(store_path(collection.engine)):
        session.reveal()
        session.rate(4)
        _until(lambda: saver.status().busy)
        clock.advance(hours=20)  # saved the next day: still the day it was given
    assert saver.flush(5)
    with collection.engine.connect() as db:
        review = one_row(db, reviews)
    assert review.reviewed_at == given
    assert review.day == given.date()


@pytest.mark.sqlite_only  # holds SQLite's write lock
def test_undo_of_a_rating_still_waiting_cancels_it(impatient: Collection, saver: Saver) -> None:
    collection = impatient
    session = SpacedSession.start(collection, saver=saver)
    first = session.current
    assert first is not None
    with write_lock(store_path(collection.engine)):
        session.reveal()
        being_written = session.rate(2)  # tried, and retried while the store is locked
        _until(lambda: saver.status().busy)
        second = session.current
        session.reveal()
        waiting = session.rate(5)  # queued behind it, not started
        assert session.undo() == waiting
        assert waiting.saved.cancelled()
        assert session.current == second
        assert session.undo() == being_written  # started: undone by a write after it
        assert session.current == first
        assert saver.status().kinds == {"rating": 1, "undo": 1}
    assert saver.flush(5)
    assert _log(collection) == []
    with collection.engine.connect() as db:
        state = get_row(db, card_states, first.id)
        assert state is not None
        assert (state.reviews, state.lapses, state.last_rating) == (0, 0, None)


def test_a_session_open_past_midnight_schedules_the_first_rating_of_the_new_day(
    collection: Collection, write_deck: WriteDeck, clock: FixedClock
) -> None:
    """Failed at 23:58 and shown again after midnight, a card's 4 is the new day's first
    rating: it moves the schedule (it was logged as a repeat, and the card stayed due all day,
    every later rating a repeat too)."""
    collection.import_file(write_deck("d.md", "## Q1\nA1\n\n## Q2\nA2\n"))
    clock.moment = clock.moment.replace(hour=23, minute=58)
    session = SpacedSession.start(collection)
    session.reveal()
    failed = session.rate(1)
    assert failed.scheduled
    session.reveal()
    session.rate(5)
    clock.advance(minutes=12)  # 00:10 the next day: the failed card is back
    assert session.current is not None
    assert session.current.id == failed.card_id
    session.reveal()
    tomorrow = clock.now().date()
    assert session.next_reviews()[Rating.FOUR].due == tomorrow + timedelta(days=1)
    passed = session.rate(4)
    assert passed.scheduled
    with collection.engine.connect() as db:
        state = get_row(db, card_states, failed.card_id)
    assert state is not None
    assert state.due == tomorrow + timedelta(days=1)
    assert failed.card_id not in collection.due_queue().card_ids  # not due again all day
    assert _log(collection) == [
        (failed.card_id, 1, True), (failed.card_id + 1, 5, True), (failed.card_id, 4, True)
    ]  # fmt: skip


def test_a_card_failed_in_an_earlier_session_is_a_repeat_with_its_return_time(
    session: SpacedSession, collection: Collection, clock: FixedClock
) -> None:
    failed_at = clock.now()
    session.reveal()
    failed = session.rate(1)
    clock.advance(minutes=4)
    later = SpacedSession.start(collection)  # its step has not passed: it comes last
    assert list(later.order.pending)[-1] == failed.card_id
    summary = later.summary()  # left before rating anything
    assert (summary.left, summary.relearning) == (3, 1)
    assert summary.back_at == failed_at + timedelta(minutes=10)
    clock.advance(minutes=6)
    again = SpacedSession.start(collection)
    assert again.current is not None
    assert again.current.id == failed.card_id  # due now: first
    again.reveal()
    assert again.next_reviews()[Rating.PERFECTLY].due == failed.saved.result().due_after
    assert not again.rate(5).scheduled  # a repeat of the day
    assert again.summary().relearning == 0
    assert _log(collection) == [(failed.card_id, 1, True), (failed.card_id, 5, False)]


def test_the_waiting_cards_are_counted_as_home_counts_them(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("d.md", "## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n\n## Q4\nA4\n"))
    first, second, third, fourth = collection.due_queue().new
    collection.rate(fourth, 4, mode="learn")  # practised: due for its first review, not new
    session = SpacedSession.start(collection)
    assert session.new_cards == {first, second, third}
    session.reveal()
    session.rate(Rating(2))  # Q1: to repeat
    summary = session.summary()
    # waiting: Q2 and Q3 new, Q4 due (practised), Q1 to repeat
    assert (summary.left, summary.left_new, summary.relearning) == (4, 2, 1)
    [deck] = collection.deck_summaries()
    assert (deck.new, deck.due) == (2, 2)  # the same on home: Q2, Q3 new; Q4 and Q1 due


def _fail_current(session: SpacedSession) -> int:
    """Rate the card shown 1 (not at all); its id."""
    card = session.current
    assert card is not None
    session.reveal()
    session.rate(Rating.NOT_AT_ALL)
    return card.id


def test_failed_cards_come_back_after_every_other_card_of_the_session(
    collection: Collection, clock: FixedClock, write_deck: WriteDeck
) -> None:
    # QA: failing each card of #adaptive-methods looped over the first four for ever
    collection.import_file(write_deck("d.md", "".join(f"## Q{i}\nA{i}\n\n" for i in range(8))))
    *new, reviewed = collection.due_queue().new
    collection.rate(reviewed, Rating.FOUR)
    clock.advance(days=1)  # due again
    for practised in new[:2]:  # due for their first review, as home counts them
        collection.rate(practised, Rating.FOUR, mode="learn")
    session = SpacedSession.start(collection)
    order = list(session.order.pending)
    assert order == [reviewed, *new]
    shown = []
    for failed in range(8):
        assert (session.remaining, session.to_repeat) == (8, failed)
        shown.append(_fail_current(session))
        clock.advance(minutes=3)  # past the first one's step long before the rest are shown
        if failed == 3:  # what the summary says when left now: what happened
            summary = session.summary()
            assert (summary.cards, summary.ratings, summary.left) == (4, 4, 8)
            assert (summary.left_new, summary.relearning) == (4, 4)  # 4 new, 0 due, 4 to repeat
    assert shown == order  # every card once before any repeat
    assert session.to_repeat == session.remaining == 8
    for failed in shown:  # then the repeats, in the order they were failed
        assert session.current is not None
        assert session.current.id == failed
        session.reveal()
        assert not session.rate(Rating.PERFECTLY).scheduled
    assert session.done
    summary = session.summary()
    assert (summary.cards, summary.ratings, summary.left, summary.relearning) == (8, 16, 0, 0)


def test_a_card_failed_again_waits_behind_the_rest_and_earlier_failures(
    collection: Collection, clock: FixedClock, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("d.md", "".join(f"## Q{i}\nA{i}\n\n" for i in range(5))))
    first, second, *rest = collection.due_queue().new
    _fail_current(SpacedSession.start(collection))  # Q0 at 09:00, then left
    clock.advance(minutes=4)
    session = SpacedSession.start(collection)  # Q0 not due yet: last, to repeat
    assert list(session.order.pending) == [second, *rest, first]
    assert (session.remaining, session.to_repeat) == (5, 1)
    assert _fail_current(session) == second
    assert list(session.order.pending) == [*rest, first, second]  # Q0 is due back sooner
    clock.advance(minutes=10)
    again = SpacedSession.start(collection)  # both due now: first, soonest first
    assert list(again.order.pending) == [first, second, *rest]
    assert again.to_repeat == 2
    assert _fail_current(again) == first
    assert list(again.order.pending) == [second, *rest, first]  # after all the others
    assert again.to_repeat == 2
    again.undo()
    assert list(again.order.pending) == [first, second, *rest]


def test_a_card_edited_during_the_session_is_read_again(
    session: SpacedSession, collection: Collection
) -> None:
    card = session.current
    assert card is not None
    collection.edit_card(card.id, {"answer": "A1, edited"})
    assert session.current is not None
    assert session.current.answer == "A1"  # the session's copy, until it is read again
    session.reload_card(card.id)
    assert session.current is not None
    assert (session.current.id, session.current.answer) == (card.id, "A1, edited")
