"""Relearning, like Anki's learning steps: a card rated below 4 in spaced review comes back
the same day, a short step after that rating, until it is rated 4 or 5.

Only the day's first spaced rating of a card moves its schedule (see
:mod:`studyapp.scheduling.effect`); the repeats that follow a failure are relearning. The store
derives which cards are relearning from the review log (the latest spaced rating of today below
4), so nothing else needs keeping and undoing a rating ends its relearning by itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from studyapp.scheduling.rating import Rating
from studyapp.scheduling.session import PASS_TO_LEAVE

#: Minutes from a failing rating to the card's return, unless the setting says otherwise.
DEFAULT_LEARNING_STEP_MINUTES: Final = 10
#: The longest step accepted: a day (a card failed late comes back after midnight anyway).
MAX_LEARNING_STEP_MINUTES: Final = 24 * 60


def relearns(rating: Rating) -> bool:
    """Whether ``rating`` sends the card back to be relearned today (below 4)."""
    return rating < PASS_TO_LEAVE


@dataclass(frozen=True, slots=True)
class NextReview:
    """When a card is shown again after a rating: later today (relearning) or on a due day."""

    relearn_at: datetime | None  # relearning: due again at this moment of today
    due: date | None  # otherwise its schedule's due day (None: a card never scheduled)

    def wait(self, now: datetime) -> timedelta | None:
        """How long from ``now`` until the card is due again; None if it has no due day."""
        if self.relearn_at is not None:
            return max(timedelta(0), self.relearn_at - now)
        if self.due is None:
            return None
        return timedelta(days=max(0, (self.due - now.date()).days))


def next_review(
    rating: Rating, due_after: date | None, rated_at: datetime, step: timedelta
) -> NextReview:
    """When a card rated ``rating`` at ``rated_at`` comes back: ``step`` later if the rating
    relearns, else on ``due_after``, the due day the rating leaves it (see `rating_effect`)."""
    if relearns(rating):
        return NextReview(rated_at + step, None)
    return NextReview(None, due_after)
