"""Relearning: a rating below 4 brings the card back a step later the same day."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from studyapp.scheduling.rating import Rating
from studyapp.scheduling.relearning import NextReview, next_review, relearns

NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
STEP = timedelta(minutes=10)


@pytest.mark.parametrize("rating", list(Rating))
def test_only_ratings_below_4_relearn(rating: Rating) -> None:
    assert relearns(rating) is (rating < Rating.FOUR)


def test_a_failure_comes_back_after_the_step_and_a_pass_on_its_due_day() -> None:
    failed = next_review(Rating.TWO, date(2026, 3, 11), NOW, STEP)
    assert failed == NextReview(NOW + STEP, None)
    assert failed.wait(NOW + timedelta(minutes=4)) == timedelta(minutes=6)
    assert failed.wait(NOW + timedelta(hours=1)) == timedelta(0)  # overdue: due now
    passed = next_review(Rating.FOUR, date(2026, 3, 16), NOW, STEP)
    assert passed == NextReview(None, date(2026, 3, 16))
    assert passed.wait(NOW) == timedelta(days=6)
    assert NextReview(None, None).wait(NOW) is None  # never scheduled
