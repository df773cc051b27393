"""What one rating does to a card's schedule: the one rule every writer of ratings follows.

A spaced-mode rating that is the card's first spaced rating of the local day (``scheduled``:
the store checks the day's log, a session its own order) moves the schedule: the scheduler gives
the card's new memory state and due day, the card counts as introduced on the day of its first
such rating, and a failed recall counts as a lapse. Any other rating (learn, test and matching,
or a repeat of the day) only becomes the card's latest rating. Pure: the store maps its rows
to a `CardSchedule` and back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final, Generic

from studyapp.scheduling.rating import Rating
from studyapp.scheduling.scheduler import Scheduler, StateT

#: The one study mode whose ratings move the schedule.
SCHEDULING_MODE: Final = "spaced"
#: The review log's mode of a custom study session's self-ratings when the student chose not
#: to reschedule: logged (``scheduled`` false) but never a spaced rating of the day, so they
#: neither move a schedule nor make a card relearning or its next spaced rating a repeat.
CUSTOM_STUDY_MODE: Final = "custom"


@dataclass(frozen=True, slots=True)
class CardSchedule(Generic[StateT]):
    """The part of a card's state that a rating reads and moves."""

    memory: StateT  # the scheduler's state of the card
    due: date | None  # None: a new card, never scheduled
    introduced_on: date | None  # the day of its first scheduled rating
    last_rating: int | None  # its latest rating in any mode, None before the first


@dataclass(frozen=True, slots=True)
class RatingEffect(Generic[StateT]):
    """A card's schedule before and after one rating, and what the rating counted as."""

    rating: Rating
    before: CardSchedule[StateT]
    after: CardSchedule[StateT]
    moves: bool  # the memory state and due day moved (a scheduled spaced rating)
    lapse: bool  # a moving rating that was a failed recall


def rating_effect(
    scheduler: Scheduler[StateT],
    before: CardSchedule[StateT],
    rating: Rating,
    *,
    mode: str,
    today: date,
    scheduled: bool = True,
) -> RatingEffect[StateT]:
    """The effect of ``rating``, given in ``mode`` on the local day ``today``, on a card whose
    schedule is ``before`` (see the module's rule)."""
    if not scheduled or mode != SCHEDULING_MODE:
        after = CardSchedule(before.memory, before.due, before.introduced_on, rating)
        return RatingEffect(rating, before, after, moves=False, lapse=False)
    outcome = scheduler.review(before.memory, rating, today)
    after = CardSchedule(outcome.state, outcome.due, before.introduced_on or today, rating)
    return RatingEffect(rating, before, after, moves=True, lapse=outcome.lapse)
