"""Both schedulers at once: every scheduled rating moves a card's SM-2 memory and its FSRS
memory, and the collection's chosen scheduler says which of the two due days is the card's.

So a collection switches from SM-2 to FSRS and back without losing anything and without
replaying its history: each scheduler's memory and due day were kept all along, and the switch
only chooses the other due day. The lapse a rating counts as is the chosen scheduler's too.

A card scheduled by SM-2 before FSRS memories were kept (before schema 10) has an FSRS memory
that is not known (``fsrs`` None): ratings leave it unknown, until switching to FSRS works it
out from the card's history. If FSRS is chosen and a card's memory is still unknown (a deck
restored from an old backup, say), the rating starts it from the card's SM-2 state, as Anki
does for a card without a usable history.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from typing import Final

from studyapp.scheduling.fsrs_scheduler import FSRSScheduler, FSRSState
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.registry import checked_scheduler
from studyapp.scheduling.scheduler import Scheduled, Scheduler
from studyapp.scheduling.sm2 import SM2State
from studyapp.scheduling.sm2_scheduler import SM2Scheduler

SM2: Final = "sm2"
FSRS: Final = "fsrs"


@dataclass(frozen=True, slots=True)
class CardMemory:
    """A card's memory under each scheduler, and the day each would have it due (None: new)."""

    sm2: SM2State = field(default_factory=SM2State)
    sm2_due: date | None = None
    #: None: not known (an SM-2 card from before FSRS memories were kept)
    fsrs: FSRSState | None = field(default_factory=FSRSState)
    fsrs_due: date | None = None

    def due_under(self, scheduler: str) -> date | None:
        """The card's due day under the scheduler called ``scheduler``."""
        return self.fsrs_due if scheduler == FSRS else self.sm2_due


class PairedScheduler:
    """A `Scheduler` of `CardMemory`: moves both memories, and gives the chosen one's due day
    and lapse."""

    def __init__(
        self,
        chosen: str = SM2,
        sm2: Scheduler[SM2State] | None = None,
        fsrs: FSRSScheduler | None = None,
    ) -> None:
        self.chosen = checked_scheduler(chosen)
        self.sm2 = sm2 if sm2 is not None else SM2Scheduler()
        self.fsrs = fsrs if fsrs is not None else FSRSScheduler()

    @property
    def name(self) -> str:
        """The chosen scheduler's name."""
        return self.chosen

    def review(self, state: CardMemory, rating: Rating, today: date) -> Scheduled[CardMemory]:
        """Both memories after ``rating`` on ``today``; the chosen scheduler's due day and
        lapse."""
        state = self.settled(state)
        sm2 = self.sm2.review(state.sm2, rating, today)
        fsrs = None if state.fsrs is None else self.fsrs.review(state.fsrs, rating, today)
        after = CardMemory(
            sm2.state,
            sm2.due,
            None if fsrs is None else fsrs.state,
            None if fsrs is None else fsrs.due,
        )
        chosen = fsrs if self.chosen == FSRS and fsrs is not None else sm2
        return Scheduled(after, chosen.due, chosen.lapse)

    def settled(self, state: CardMemory) -> CardMemory:
        """``state``, its unknown FSRS memory started from its SM-2 state if FSRS is chosen
        (due when SM-2 has it due)."""
        if state.fsrs is not None or self.chosen != FSRS:
            return state
        fsrs = self.fsrs.memory_from_sm2(state.sm2, state.sm2_due)
        return replace(state, fsrs=fsrs, fsrs_due=None if fsrs.is_new else state.sm2_due)

    def preview(self, state: CardMemory, today: date) -> dict[Rating, Scheduled[CardMemory]]:
        """What each rating would do to ``state`` if given on ``today``."""
        return {rating: self.review(state, rating, today) for rating in Rating}
