"""The FSRS scheduler against the engine's own outputs: each grade, a history over months, the
longest interval, the desired retention, lapses, and any history staying in range."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, MemoryState
from hypothesis import given, settings
from hypothesis import strategies as st

from studyapp.scheduling.fsrs_scheduler import (
    DEFAULT_DESIRED_RETENTION,
    FSRSScheduler,
    FSRSState,
    fsrs_grade,
)
from studyapp.scheduling.rating import Rating

TODAY = date(2026, 3, 10)
ENGINE = FSRS(list(DEFAULT_PARAMETERS))


def engine_step(
    memory: MemoryState | None, grade: int, elapsed: int, retention: float = 0.9
) -> tuple[MemoryState, float]:
    """The engine's own next memory and interval (days, unrounded) for a grade 1–4."""
    states = ENGINE.next_states(memory, retention, elapsed)
    chosen = (states.again, states.hard, states.good, states.easy)[grade - 1]
    return chosen.memory, chosen.interval


def test_ratings_are_anki_grades() -> None:
    assert [fsrs_grade(rating) for rating in Rating] == [1, 1, 2, 3, 4]


@pytest.mark.parametrize("rating", list(Rating))
def test_a_new_cards_first_rating_is_the_engines(rating: Rating) -> None:
    outcome = FSRSScheduler().review(FSRSState(), rating, TODAY)
    memory, interval = engine_step(None, fsrs_grade(rating), 0)
    assert outcome.state == FSRSState(memory.stability, memory.difficulty, TODAY)
    assert outcome.due == TODAY + timedelta(days=max(1, round(interval)))
    assert not outcome.lapse  # a new card has nothing to forget


def test_a_history_over_months_follows_the_engine_step_by_step() -> None:
    """Ratings given on each due day, then late and early: the same memory and due days as
    the engine's, its intervals rounded to whole days."""
    scheduler = FSRSScheduler()
    state, day = FSRSState(), TODAY
    memory: MemoryState | None = None
    last = TODAY
    for rating, shift in [(4, 0), (4, 0), (3, 0), (1, 0), (4, 2), (5, -1), (4, 10), (2, 0)]:
        grade = fsrs_grade(Rating(rating))
        outcome = scheduler.review(state, Rating(rating), day)
        memory, interval = engine_step(memory, grade, (day - last).days if memory else 0)
        assert outcome.state.stability == pytest.approx(memory.stability, rel=1e-6)
        assert outcome.state.difficulty == pytest.approx(memory.difficulty, rel=1e-6)
        assert outcome.due == day + timedelta(days=max(1, round(interval)))
        assert outcome.lapse == (grade == 1 and not state.is_new)
        state, last = outcome.state, day
        day = max(day + timedelta(days=1), outcome.due + timedelta(days=shift))


def test_the_longest_interval_holds_the_due_day() -> None:
    scheduler = FSRSScheduler(maximum_interval=5)
    strong = FSRSState(stability=400.0, difficulty=3.0, last_review=TODAY - timedelta(days=300))
    assert scheduler.review(strong, Rating.PERFECTLY, TODAY).due == TODAY + timedelta(days=5)


def test_a_higher_desired_retention_never_lengthens_an_interval() -> None:
    state = FSRSState(stability=20.0, difficulty=5.0, last_review=TODAY - timedelta(days=20))
    dues = [
        FSRSScheduler(desired_retention=retention).review(state, Rating.FOUR, TODAY).due
        for retention in (0.70, 0.80, DEFAULT_DESIRED_RETENTION, 0.97)
    ]
    assert dues == sorted(dues, reverse=True)
    assert dues[0] > dues[-1]


def test_the_preview_is_each_rating_given_now() -> None:
    scheduler = FSRSScheduler()
    state = FSRSState(stability=3.0, difficulty=6.0, last_review=TODAY - timedelta(days=3))
    preview = scheduler.preview(state, TODAY)
    assert preview == {rating: scheduler.review(state, rating, TODAY) for rating in Rating}
    assert preview[Rating.NOT_AT_ALL] == preview[Rating.TWO]  # both Again
    assert preview[Rating.NOT_AT_ALL].lapse


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"desired_retention": 0.5}, "desired retention is 0.70 to 0.97"),
        ({"desired_retention": 0.99}, "desired retention is 0.70 to 0.97"),
        ({"maximum_interval": 0}, "at least 1 day"),
    ],
)
def test_settings_out_of_range_are_refused(kwargs: dict[str, float], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        FSRSScheduler(**kwargs)  # type: ignore[arg-type]


def test_a_state_is_whole_or_new() -> None:
    with pytest.raises(ValueError, match="a stability, a difficulty and a last review"):
        FSRSState(stability=2.0)
    with pytest.raises(ValueError, match="positive"):
        FSRSState(stability=0.0, difficulty=5.0, last_review=TODAY)
    assert FSRSState().is_new


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 5), st.integers(0, 400)), min_size=1, max_size=25))
def test_any_history_keeps_the_memory_in_range(history: list[tuple[int, int]]) -> None:
    scheduler = FSRSScheduler()
    state, day = FSRSState(), TODAY
    for rating, gap in history:
        outcome = scheduler.review(state, Rating(rating), day)
        assert outcome.due > day
        assert outcome.state.stability is not None
        assert outcome.state.stability > 0
        assert outcome.state.difficulty is not None
        assert 1.0 <= outcome.state.difficulty <= 10.0
        state, day = outcome.state, day + timedelta(days=gap)
    again = FSRSScheduler().review(FSRSState(), Rating(history[0][0]), TODAY)
    first = scheduler.review(FSRSState(), Rating(history[0][0]), TODAY)
    assert again == first  # the same history, the same schedule
