"""SM-2 through the scheduler protocol gives exactly what the published algorithm gives."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from hypothesis import given

from studyapp.scheduling import sm2
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.scheduler import Scheduled, Scheduler
from studyapp.scheduling.sm2_scheduler import SM2Scheduler, quality_of
from tests.scheduling.states import days, ratings, sm2_states

SM2 = SM2Scheduler()


def test_sm2_is_a_scheduler_named_sm2() -> None:
    scheduler: Scheduler[sm2.SM2State] = SM2
    assert scheduler.name == "sm2"


@pytest.mark.parametrize("rating", list(Rating))
def test_the_quality_is_the_rating(rating: Rating) -> None:
    assert quality_of(rating) == int(rating)


@pytest.mark.parametrize("value", [0, 6, -1, 100, True, False])
def test_no_quality_outside_the_ratings_reaches_sm2(value: object) -> None:
    with pytest.raises(ValueError, match="rating"):
        Rating.of(value)


@given(sm2_states, ratings, days)
def test_review_is_sm2s_review_and_next_due(
    state: sm2.SM2State, rating: Rating, today: date
) -> None:
    expected = sm2.review(state, int(rating))
    outcome = SM2.review(state, rating, today)
    assert outcome == Scheduled(
        expected, sm2.next_due(today, expected), not sm2.is_pass(int(rating))
    )


@given(sm2_states, days)
def test_preview_is_every_ratings_review(state: sm2.SM2State, today: date) -> None:
    preview = SM2.preview(state, today)
    assert list(preview) == list(Rating)
    assert all(preview[rating] == SM2.review(state, rating, today) for rating in Rating)


def test_a_new_cards_preview_by_hand() -> None:
    today = date(2026, 3, 10)
    preview = SM2.preview(sm2.SM2State(), today)
    tomorrow = today + timedelta(days=1)
    assert [(outcome.due, outcome.lapse) for outcome in preview.values()] == [
        (tomorrow, True),
        (tomorrow, True),
        (tomorrow, False),
        (tomorrow, False),
        (tomorrow, False),
    ]
    assert [outcome.state.easiness for outcome in preview.values()] == [
        Decimal("1.96"),
        Decimal("2.18"),
        Decimal("2.36"),
        Decimal("2.5"),
        Decimal("2.6"),
    ]
    # a second pass: 6 days, whatever the rating from 3 up
    second = SM2.preview(preview[Rating.FOUR].state, tomorrow)
    assert second[Rating.THREE].due == second[Rating.PERFECTLY].due == date(2026, 3, 17)
    assert second[Rating.TWO].due == date(2026, 3, 12)
