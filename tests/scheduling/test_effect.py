"""The effect of one rating: only a scheduled spaced rating moves the schedule, by the scheduler."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from studyapp.scheduling.effect import SCHEDULING_MODE, CardSchedule, rating_effect
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.sm2 import SM2State
from studyapp.scheduling.sm2_scheduler import SM2Scheduler
from tests.scheduling.states import days, ratings, sm2_states

SM2 = SM2Scheduler()
TODAY = date(2026, 3, 10)
NEW = CardSchedule(SM2State(), None, None, None)

optional_days = st.none() | days
schedules = st.builds(
    CardSchedule,
    memory=sm2_states,
    due=optional_days,
    introduced_on=optional_days,
    last_rating=st.none() | ratings,
)


@given(schedules, ratings, days)
def test_a_scheduled_spaced_rating_moves_by_the_scheduler(
    before: CardSchedule[SM2State], rating: Rating, today: date
) -> None:
    effect = rating_effect(SM2, before, rating, mode=SCHEDULING_MODE, today=today)
    outcome = SM2.review(before.memory, rating, today)
    assert effect.before == before
    assert effect.after == CardSchedule(
        outcome.state, outcome.due, before.introduced_on or today, rating
    )
    assert (effect.moves, effect.lapse) == (True, outcome.lapse)


@given(schedules, ratings, days, st.sampled_from(["learn", "test", "matching", "spaced"]))
def test_any_other_rating_only_becomes_the_latest(
    before: CardSchedule[SM2State], rating: Rating, today: date, mode: str
) -> None:
    scheduled = mode != SCHEDULING_MODE  # spaced only as a same-session repeat
    effect = rating_effect(SM2, before, rating, mode=mode, today=today, scheduled=scheduled)
    assert effect.after == CardSchedule(before.memory, before.due, before.introduced_on, rating)
    assert (effect.moves, effect.lapse) == (False, False)


def test_a_new_card_is_introduced_on_its_first_scheduled_day_and_keeps_it() -> None:
    first = rating_effect(SM2, NEW, Rating.FOUR, mode="spaced", today=TODAY)
    assert (first.after.introduced_on, first.after.due) == (TODAY, TODAY + timedelta(days=1))
    later = TODAY + timedelta(days=1)
    second = rating_effect(SM2, first.after, Rating.PERFECTLY, mode="spaced", today=later)
    assert second.after.introduced_on == TODAY
    assert second.after.due == later + timedelta(days=6)


@pytest.mark.parametrize(("rating", "lapse"), [(1, True), (2, True), (3, False), (5, False)])
def test_a_failed_scheduled_recall_is_a_lapse(rating: int, lapse: bool) -> None:
    effect = rating_effect(SM2, NEW, Rating(rating), mode="spaced", today=TODAY)
    assert effect.lapse is lapse
    assert effect.after.memory.repetitions == (0 if lapse else 1)


def test_a_learn_rating_of_a_new_card_leaves_it_new() -> None:
    effect = rating_effect(SM2, NEW, Rating.NOT_AT_ALL, mode="learn", today=TODAY)
    assert effect.after == CardSchedule(SM2State(), None, None, Rating.NOT_AT_ALL)
