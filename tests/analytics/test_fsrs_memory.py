"""Memories worked out from recalls in one call of the engine are those the FSRS scheduler
reaches reviewing the same recalls one by one."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.analytics.fsrs_memory import memories_from_recalls
from studyapp.scheduling.fsrs_scheduler import FSRSScheduler, FSRSState
from studyapp.scheduling.rating import Rating
from studyapp.store.recall_history import Recalls

START = date(2025, 1, 6)


def reviewed_one_by_one(history: Recalls) -> FSRSState:
    state = FSRSState()
    for day, rating in history:
        state = FSRSScheduler().review(state, Rating(rating), day).state
    return state


recall_lists = st.lists(
    st.tuples(st.integers(1, 5), st.integers(1, 200)), min_size=1, max_size=12
).map(
    lambda steps: [
        (START + timedelta(days=sum(gap for _, gap in steps[: i + 1])), rating)
        for i, (rating, _gap) in enumerate(steps)
    ]
)


@settings(max_examples=40, deadline=None)
@given(st.lists(recall_lists, min_size=1, max_size=6))
def test_the_engines_memories_are_the_schedulers_one_by_one(histories: list[Recalls]) -> None:
    found = memories_from_recalls(list(enumerate(histories)))
    assert list(found) == list(range(len(histories)))
    for card, history in enumerate(histories):
        expected = reviewed_one_by_one(history)
        assert found[card].last_review == history[-1][0] == expected.last_review
        assert found[card].stability == pytest.approx(expected.stability, rel=1e-5)
        assert found[card].difficulty == pytest.approx(expected.difficulty, rel=1e-5)


def test_no_recalls_no_memories() -> None:
    assert memories_from_recalls([]) == {}
    assert memories_from_recalls([(1, [])]) == {}
