"""Session order: a card rated below 4 comes back; only its first rating moves the schedule."""

from __future__ import annotations

import pytest

from studyapp.scheduling.rating import Rating
from studyapp.scheduling.session import SessionQueue


def test_cards_rated_4_or_5_leave_and_only_first_ratings_schedule() -> None:
    session = SessionQueue.of([1, 2, 3, 4, 5])
    assert session.current == 1
    assert session.rate(2) is True  # 1 returns after every card not yet shown
    assert list(session.pending) == [2, 3, 4, 5, 1]
    assert (session.remaining, session.to_repeat) == (5, 1)
    assert session.rate(5) is True  # 2 done
    assert session.rate(1) is True  # 3 returns after 1, failed before it
    assert list(session.pending) == [4, 5, 1, 3]
    assert session.rate(4) is True
    assert session.rate(5) is True
    assert session.current == 1
    assert session.rate(3) is False  # a repeat: schedule untouched, still below 4
    assert list(session.pending) == [3, 1]
    assert session.to_repeat == 2
    assert session.rate(4) is False  # card 3 passes; a repeat
    assert session.rate(4) is False  # card 1 finally passes; still a repeat
    assert session.current is None
    assert (session.remaining, session.to_repeat) == (0, 0)
    with pytest.raises(RuntimeError):
        session.rate(4)


def test_failing_every_card_shows_each_once_before_any_repeat() -> None:
    # QA: with the missed card back after 3 others, failing all looped over the first four
    session = SessionQueue.of(range(1, 15))
    shown = []
    for _ in range(14):
        shown.append(session.current)
        session.rate(Rating.NOT_AT_ALL)
    assert shown == list(range(1, 15))
    assert (session.current, session.remaining, session.to_repeat) == (1, 14, 14)


def test_a_missed_card_near_the_end_comes_back_last() -> None:
    session = SessionQueue.of([7, 8])
    session.rate(5)  # 7 leaves
    assert session.rate(1) is True
    assert session.current == 8
    assert session.rate(1) is False
    assert session.rate(5) is False
    assert session.current is None


def test_duplicates_are_studied_once_and_bad_ratings_refused() -> None:
    session = SessionQueue.of([3, 3, 4])
    assert list(session.pending) == [3, 4]
    with pytest.raises(ValueError, match=r"from 1 \(Not at all\) to 5"):
        session.rate(Rating.of(0))  # a bad rating never reaches the session
    assert session.current == 3


def test_cards_rated_earlier_that_day_are_repeats() -> None:
    session = SessionQueue.of([7, 8], rated_today=[7])
    assert session.rate(4) is False  # 7 was failed in an earlier session today
    assert session.rate(4) is True


def test_a_card_set_aside_leaves_and_undo_brings_it_back() -> None:
    session = SessionQueue.of([1, 2, 3])
    session.rate(Rating.TWO)  # 1 comes back last
    assert session.set_aside() == 2
    assert list(session.pending) == [3, 1]
    assert session.undo()
    assert list(session.pending) == [2, 3, 1]
    assert session.undo()
    assert list(session.pending) == [1, 2, 3]


def test_dropped_cards_leave_without_a_step_of_their_own() -> None:
    session = SessionQueue.of([1, 2, 3])
    session.rate(Rating.NOT_AT_ALL)
    session.drop([1])
    assert list(session.pending) == [2, 3]
    assert session.undo()  # the rating: the card is back
    assert list(session.pending) == [1, 2, 3]
    with pytest.raises(RuntimeError, match="over"):
        SessionQueue.of([]).set_aside()
