"""Switching between SM-2 and FSRS: both memories are kept all along, so a switch only chooses
the other due day (FSRS memories not known yet are worked out from the history first), and
switching back restores every SM-2 state exactly."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import select, update

from studyapp.analytics.fsrs_memory import memories_from_recalls
from studyapp.clock import FixedClock
from studyapp.collection import Collection
from studyapp.scheduling.fsrs_scheduler import FSRSScheduler, FSRSState
from studyapp.scheduling.rating import Rating
from studyapp.store.fsrs_states import unknown_memories
from studyapp.store.recall_history import recall_histories
from studyapp.store.schema import card_states
from tests.conftest import WriteDeck

CARDS = 8
DAYS = 70


@pytest.fixture
def studied(collection: Collection, clock: FixedClock, write_deck: WriteDeck) -> Collection:
    """A collection studied in spaced review for ten weeks (with repeats and a learn rating),
    a seeded learner who forgets now and then."""
    deck = "".join(f"## Question {number}\nAnswer {number}\n\n" for number in range(CARDS))
    collection.import_file(write_deck("d.md", deck))
    learner = random.Random(19)
    for _day in range(DAYS):
        queue = collection.due_queue()
        for card_id in [*queue.reviews, *queue.new]:
            rating = Rating(learner.choice([1, 3, 4, 4, 5, 5]))
            collection.rate(card_id, rating)
            if rating < Rating.FOUR:
                collection.rate(card_id, Rating.FOUR)  # the same day's repeat
        if queue.reviews:
            collection.rate(queue.reviews[0], Rating.TWO, mode="learn")
        clock.advance(days=1)
    return collection


def _states(collection: Collection) -> dict[int, dict[str, Any]]:
    with collection.engine.connect() as connection:
        rows = connection.execute(select(card_states).order_by(card_states.c.card_id))
        return {row.card_id: row._asdict() for row in rows}


def _memories_from_history(collection: Collection) -> dict[int, FSRSState]:
    with collection.engine.connect() as connection:
        return memories_from_recalls(recall_histories(connection))


def test_every_rating_keeps_fsrs_memory_as_its_history_gives_it(studied: Collection) -> None:
    states = _states(studied)
    expected = _memories_from_history(studied)
    assert len(expected) == CARDS
    for card, memory in expected.items():
        state = states[card]
        assert state["fsrs_reviewed_on"] == memory.last_review
        assert state["fsrs_stability"] == pytest.approx(memory.stability, rel=1e-5)
        assert state["fsrs_difficulty"] == pytest.approx(memory.difficulty, rel=1e-5)
        assert state["due"] == state["sm2_due"] is not None
        assert state["fsrs_due"] == FSRSScheduler().due_day(memory)


def test_sm2_to_fsrs_and_back_restores_every_state_exactly(studied: Collection) -> None:
    before = _states(studied)
    studied.scheduler_name = "fsrs"
    on_fsrs = _states(studied)
    for card, state in on_fsrs.items():
        assert state["due"] == state["fsrs_due"] == before[card]["fsrs_due"]
        assert {**state, "due": None} == {**before[card], "due": None}  # nothing else moved
    assert any(before[card]["due"] != on_fsrs[card]["due"] for card in before)
    studied.scheduler_name = "sm2"
    assert _states(studied) == before


def test_switching_works_out_the_memories_sm2_kept_without_them(studied: Collection) -> None:
    """As a store upgraded from schema 9 has them: SM-2 states, no FSRS memory."""
    with studied.writer.begin() as connection:
        connection.execute(
            update(card_states).values(
                fsrs_stability=None, fsrs_difficulty=None, fsrs_reviewed_on=None, fsrs_due=None
            )
        )
    sm2_before = _states(studied)
    studied.scheduler_name = "fsrs"
    states = _states(studied)
    fsrs = FSRSScheduler()
    for card, memory in _memories_from_history(studied).items():
        state = states[card]
        assert (state["fsrs_stability"], state["fsrs_difficulty"]) == (
            memory.stability,
            memory.difficulty,
        )
        assert state["due"] == state["fsrs_due"] == fsrs.due_day(memory)
        assert state["sm2_due"] == sm2_before[card]["sm2_due"]
    with studied.engine.connect() as connection:
        assert connection.execute(unknown_memories()).all() == []


def test_a_card_with_sm2_progress_and_no_history_starts_from_its_sm2_state(
    collection: Collection, write_deck: WriteDeck
) -> None:
    collection.import_file(write_deck("d.md", "## Q\nA\n"))
    card = collection.due_queue().new[0]
    due = date(2026, 3, 20)
    with collection.writer.begin() as connection:  # progress as an import can bring it
        connection.execute(
            update(card_states).values(repetitions=3, easiness=2.2, interval=12, due=due)
        )
        connection.execute(update(card_states).values(sm2_due=due))
    collection.scheduler_name = "fsrs"
    state = _states(collection)[card]
    assert state["due"] == state["fsrs_due"] == due  # due when SM-2 had it due
    assert state["fsrs_reviewed_on"] == due - timedelta(days=12)
    assert state["fsrs_stability"] == pytest.approx(12, rel=0.05)  # SM-2 kept 90 % at 12 days
