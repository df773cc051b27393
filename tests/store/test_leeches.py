"""Leeches: the lapse that reaches the threshold marks the card (and suspends it), again every
half threshold after; undoing that rating takes it back; threshold 0 never."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.store.leeches import LeechRule
from studyapp.store.marks import CardMarks
from studyapp.store.reviews import RatingOutcome
from studyapp.store.schema import card_states
from tests.conftest import WriteDeck


@pytest.fixture
def card_id(collection: Collection, write_deck: WriteDeck) -> int:
    collection.import_file(write_deck("d.md", "## Q\nA\n"))
    return collection.due_queue().new[0]


def lapse_once(collection: Collection, clock: FixedClock, card_id: int) -> RatingOutcome:
    """A day later, forget the card (its first spaced rating of that day: a lapse)."""
    clock.advance(days=1)
    return collection.rate(card_id, 1)


def lapses_of(collection: Collection, card_id: int) -> int:
    with collection.engine.connect() as connection:
        found = connection.scalar(
            select(card_states.c.lapses).where(card_states.c.card_id == card_id)
        )
    assert isinstance(found, int)
    return found


@pytest.mark.parametrize(
    ("threshold", "acting"),
    [(8, [8, 12, 16, 20]), (4, [4, 6, 8, 10]), (3, [3, 4, 5, 6]), (1, [1, 2, 3, 4]), (0, [])],
)
def test_the_action_comes_at_the_threshold_then_every_half(
    threshold: int, acting: list[int]
) -> None:
    rule = LeechRule(threshold)
    assert [lapses for lapses in range(1, 21) if rule.acts_at(lapses)][: len(acting)] == acting
    if not acting:
        assert not any(rule.acts_at(lapses) for lapses in range(100))


def test_the_eighth_lapse_suspends_the_card(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    collection.rate(card_id, 5)
    outcomes = [lapse_once(collection, clock, card_id) for _ in range(8)]
    assert lapses_of(collection, card_id) == 8
    assert [outcome.leech for outcome in outcomes] == [None] * 7 + ["suspended"]
    marks = collection.card_marks(card_id)
    assert marks.leech
    assert marks.suspended
    clock.advance(days=5)
    assert card_id not in collection.due_queue().card_ids


def test_undo_of_the_leech_rating_takes_the_leech_action_back(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    collection.rate(card_id, 5)
    for _ in range(7):
        lapse_once(collection, clock, card_id)
    eighth = lapse_once(collection, clock, card_id)
    collection.undo(eighth.review_id)
    marks = collection.card_marks(card_id)
    assert (marks.leech, marks.suspended, lapses_of(collection, card_id)) == (False, False, 7)
    assert card_id in collection.due_queue().card_ids


def test_undo_of_another_rating_leaves_a_leech_alone(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    collection.leech_threshold = 2
    collection.rate(card_id, 5)
    lapse_once(collection, clock, card_id)
    lapse_once(collection, clock, card_id)  # the 2nd lapse: a leech, suspended
    collection.suspend([card_id], on=False)
    clock.advance(days=1)
    passed = collection.rate(card_id, 5)
    collection.undo(passed.review_id)
    marks = collection.card_marks(card_id)
    assert marks.leech
    assert not marks.suspended


def test_the_action_repeats_and_its_undo_keeps_the_leech_mark(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    collection.leech_threshold = 4
    collection.rate(card_id, 5)
    for _ in range(4):
        lapse_once(collection, clock, card_id)
    assert collection.card_marks(card_id).suspended
    collection.suspend([card_id], on=False)  # the student gives it another chance
    assert lapse_once(collection, clock, card_id).leech is None  # 5 lapses
    sixth = lapse_once(collection, clock, card_id)
    assert sixth.leech == "suspended"
    collection.undo(sixth.review_id)
    marks = collection.card_marks(card_id)
    assert marks.leech
    assert not marks.suspended


def test_threshold_0_never_makes_a_leech(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    collection.leech_threshold = 0
    collection.rate(card_id, 5)
    outcomes = [lapse_once(collection, clock, card_id) for _ in range(12)]
    assert all(outcome.leech is None for outcome in outcomes)
    assert collection.card_marks(card_id) == CardMarks(False, None, False, 0, False)


def test_the_tag_action_marks_without_suspending(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    collection.leech_action = "tag"
    collection.rate(card_id, 5)
    outcomes = [lapse_once(collection, clock, card_id) for _ in range(8)]
    assert outcomes[-1].leech == "marked"
    marks = collection.card_marks(card_id)
    assert marks.leech
    assert not marks.suspended
    assert card_id in collection.due_queue().card_ids
    collection.undo(outcomes[-1].review_id)
    assert not collection.card_marks(card_id).leech


def test_a_repeat_of_the_day_is_not_a_lapse_and_makes_no_leech(
    collection: Collection, clock: FixedClock, card_id: int
) -> None:
    collection.leech_threshold = 1
    collection.rate(card_id, 5)
    clock.advance(days=1)
    collection.rate(card_id, 5)  # the day's scheduled rating, a pass
    repeat = collection.rate(card_id, 1)  # a repeat: practice, not a lapse
    assert repeat.leech is None
    assert lapses_of(collection, card_id) == 0
    assert not collection.card_marks(card_id).leech


def test_other_modes_make_no_leech(collection: Collection, clock: FixedClock, card_id: int) -> None:
    collection.leech_threshold = 1
    collection.rate(card_id, 5)
    clock.advance(days=1)
    assert collection.rate(card_id, 1, mode="learn").leech is None
    assert not collection.card_marks(card_id).leech
