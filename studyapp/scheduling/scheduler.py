"""The scheduler protocol: what a rating does to a card's memory, and when the card is next due.

A scheduler is pure: given a card's memory state, a `Rating` and the user's local day, it says
the state after that rating and the day the card is next due. SM-2
(:mod:`studyapp.scheduling.sm2_scheduler`) is the first; the registry
(:mod:`studyapp.scheduling.registry`) names each one, so another scheduler is another module
with its entry there.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Generic, Protocol, TypeVar

from studyapp.scheduling.rating import Rating

StateT = TypeVar("StateT")


@dataclass(frozen=True, slots=True)
class Scheduled(Generic[StateT]):
    """The outcome of one scheduled rating: the card's new memory state and its next due day."""

    state: StateT
    due: date
    lapse: bool  # the rating was a failed recall (it counts as one of the card's lapses)


class Scheduler(Protocol[StateT]):
    """Moves a card's memory state (of type ``StateT``) by a rating given on a local day."""

    @property
    def name(self) -> str:
        """The name the registry and the scheduler setting know it by (``"sm2"``)."""
        ...

    def review(self, state: StateT, rating: Rating, today: date) -> Scheduled[StateT]:
        """The state after ``rating`` given on ``today``, and the day the card is next due."""
        ...

    def preview(self, state: StateT, today: date) -> Mapping[Rating, Scheduled[StateT]]:
        """What each rating, from 1 to 5, would do if given on ``today`` (nothing is changed)."""
        ...
