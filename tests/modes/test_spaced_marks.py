"""Marks in a spaced session: a card suspended or buried leaves it (an undo brings it back and
takes the mark away), star and flag show on the card, a leech suspended by a rating leaves."""

from __future__ import annotations

from datetime import date

import pytest

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.modes.spaced import GivenRating, SetAside, SpacedSession
from tests.conftest import WriteDeck


@pytest.fixture
def session(collection: Collection, write_deck: WriteDeck) -> SpacedSession:
    collection.import_file(write_deck("d.md", "## Q1\nA1\n\n## Q2\nA2\n\n## Q3\nA3\n"))
    return SpacedSession.start(collection)


def _rate(session: SpacedSession, rating: int) -> GivenRating:
    session.reveal()
    return session.rate(rating)


def test_a_suspended_card_leaves_the_session_and_undo_brings_it_back(
    session: SpacedSession, collection: Collection
) -> None:
    first, second, third = session.order.pending
    _rate(session, 2)  # Q1 comes back later
    step = session.set_aside("suspended")  # Q2
    assert step == SetAside(second, "suspended", step.saved)
    assert collection.card_marks(second).suspended
    assert list(session.order.pending) == [third, first]
    assert session.remaining == 2
    _rate(session, 5)
    _rate(session, 5)
    assert session.done
    assert second not in collection.due_queue().card_ids
    assert (session.summary().suspended, session.summary().buried) == (1, 0)
    session.undo()  # the last rating (Q1 again)
    session.undo()  # Q3's rating
    assert session.undo() == step
    assert session.current is not None
    assert session.current.id == second
    assert not collection.card_marks(second).suspended
    assert session.summary().ratings == 1


def test_a_buried_card_leaves_until_tomorrow(
    session: SpacedSession, collection: Collection, clock: FixedClock
) -> None:
    first = session.order.current
    assert first is not None
    session.set_aside("buried")
    assert session.current is not None
    assert session.current.id != first
    assert collection.card_marks(first).buried_until == date(2026, 3, 11)
    assert first not in SpacedSession.start(collection).order.pending
    clock.advance(days=1)
    assert first in SpacedSession.start(collection).order.pending


def test_undo_of_a_bury(session: SpacedSession, collection: Collection) -> None:
    first = session.order.current
    assert first is not None
    session.set_aside("buried")
    session.undo()
    assert session.order.current == first
    assert collection.card_marks(first).buried_until is None


def test_setting_aside_needs_a_known_way(session: SpacedSession) -> None:
    with pytest.raises(ValueError, match="suspended or buried"):
        session.set_aside("deleted")
    assert session.remaining == 3


def test_star_and_flag_stay_on_the_card(session: SpacedSession, collection: Collection) -> None:
    first = session.order.current
    assert first is not None
    assert session.toggle_star()
    session.set_flag(4)
    assert session.marks().starred
    assert session.marks().flag_colour == "blue"
    marks = collection.card_marks(first)
    assert (marks.starred, marks.flag) == (True, 4)
    assert session.order.current == first  # still the card shown
    assert not session.toggle_star()
    assert not collection.card_marks(first).starred
    with pytest.raises(ValueError, match="1–7"):
        session.set_flag(9)
    assert collection.card_marks(first).flag == 4


def test_a_rating_that_suspends_a_leech_takes_it_out(
    session: SpacedSession, collection: Collection
) -> None:
    collection.leech_threshold = 1  # a new card's first 1 is its first lapse
    first, second, third = session.order.pending
    given = _rate(session, 1)
    assert given.saved.result().leech == "suspended"
    assert session.leeches() == [given]
    assert list(session.order.pending) == [second, third]  # not queued to repeat
    _rate(session, 5)
    _rate(session, 5)
    assert session.done
    session.undo()
    session.undo()
    session.undo()  # the leech rating: the card is back, unsuspended
    assert session.order.current == first
    assert not collection.card_marks(first).suspended
    assert not collection.card_marks(first).leech


def test_a_leech_that_is_only_marked_stays(session: SpacedSession, collection: Collection) -> None:
    collection.leech_threshold = 1
    collection.leech_action = "tag"
    first = session.order.current
    given = _rate(session, 1)
    assert given.saved.result().leech == "marked"
    assert session.leeches() == []
    assert first in session.order.pending
