"""FSRS as a `Scheduler`: the memory model Anki uses by default, through ``fsrs-rs-python`` (the
Rust engine Anki itself runs), so no formula of it is written here.

A card's FSRS state is its memory (stability in days, difficulty 1–10) and the day of its last
scheduled review; a new card has none. A rating is one of FSRS's four grades, as in the Anki
export (:data:`~studyapp.scheduling.rating.ANKI_BUTTONS`): 1 and 2 Again, 3 Hard, 4 Good,
5 Easy. The engine gives the next interval in days (a fraction for a failed card); the due day
is that many whole days on (rounded, at least 1, at most ``maximum_interval``), as a day-based
scheduler keeps it. No fuzz is added, so a schedule is the same for the same history. A lapse
is Again on a card that had a memory (a new card's first Again is no lapse, as in SM-2's
counting, which starts at the first review too).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from fsrs_rs_python import DEFAULT_PARAMETERS, FSRS, MemoryState

from studyapp.scheduling.rating import ANKI_BUTTONS, Rating
from studyapp.scheduling.registry import (
    DEFAULT_DESIRED_RETENTION_PERCENT,
    DEFAULT_MAXIMUM_INTERVAL,
    MAX_RETENTION_PERCENT,
    MIN_RETENTION_PERCENT,
)
from studyapp.scheduling.scheduler import Scheduled
from studyapp.scheduling.sm2 import SM2State

#: The retention FSRS schedules for unless the collection sets another (Anki's default).
DEFAULT_DESIRED_RETENTION: Final = DEFAULT_DESIRED_RETENTION_PERCENT / 100
#: The desired retentions a collection may set (Anki allows 0.70–0.97 in its options).
RETENTION_RANGE: Final = (MIN_RETENTION_PERCENT / 100, MAX_RETENTION_PERCENT / 100)
#: The retention SM-2 is taken to have kept when an FSRS memory is made from its state.
SM2_RETENTION: Final = 0.9
#: The engine's next states, by FSRS grade (1 Again … 4 Easy).
_GRADE_STATES: Final = ("again", "hard", "good", "easy")
#: FSRS's default parameters (FSRS-6, as the engine ships them).
DEFAULT_FSRS_PARAMETERS: Final[tuple[float, ...]] = tuple(DEFAULT_PARAMETERS)


@dataclass(frozen=True, slots=True)
class FSRSState:
    """A card's FSRS memory and the day of its last scheduled review (all None: a new card)."""

    stability: float | None = None  # days until recall falls to 90 %
    difficulty: float | None = None  # 1 (easy) to 10 (hard)
    last_review: date | None = None

    def __post_init__(self) -> None:
        known = [self.stability is not None, self.difficulty is not None]
        if any(known) and not (all(known) and self.last_review is not None):
            raise ValueError("an FSRS state has a stability, a difficulty and a last review")
        if self.stability is not None and self.stability <= 0:
            raise ValueError(f"stability must be positive, not {self.stability}")

    @property
    def is_new(self) -> bool:
        """Whether the card has no memory yet (never scheduled by FSRS)."""
        return self.stability is None


def fsrs_grade(rating: Rating) -> int:
    """FSRS's grade for a 1–5 rating: 1 Again, 2 Hard, 3 Good, 4 Easy."""
    return ANKI_BUTTONS[rating]


class FSRSScheduler:
    """FSRS over `FSRSState`, with the collection's parameters, desired retention and longest
    interval."""

    name: Final = "fsrs"

    def __init__(
        self,
        parameters: Sequence[float] = DEFAULT_FSRS_PARAMETERS,
        desired_retention: float = DEFAULT_DESIRED_RETENTION,
        maximum_interval: int = DEFAULT_MAXIMUM_INTERVAL,
    ) -> None:
        low, high = RETENTION_RANGE
        if not low <= desired_retention <= high:
            raise ValueError(
                f"desired retention is {low:.2f} to {high:.2f}, not {desired_retention}"
            )
        if maximum_interval < 1:
            raise ValueError(f"the maximum interval is at least 1 day, not {maximum_interval}")
        self.parameters = tuple(float(value) for value in parameters)
        self.desired_retention = desired_retention
        self.maximum_interval = maximum_interval
        self._engine = FSRS(list(self.parameters))

    def review(self, state: FSRSState, rating: Rating, today: date) -> Scheduled[FSRSState]:
        """The state after ``rating`` given on ``today``, and the day the card is next due."""
        memory = None
        elapsed = 0
        stability, difficulty, last = state.stability, state.difficulty, state.last_review
        if stability is not None and difficulty is not None and last is not None:
            memory = MemoryState(stability, difficulty)
            elapsed = max(0, (today - last).days)
        grade = fsrs_grade(rating)
        new_stability, new_difficulty, days = self.step(memory, elapsed, grade)
        after = FSRSState(new_stability, new_difficulty, today)
        return Scheduled(after, today + timedelta(days=days), grade == 1 and not state.is_new)

    def step(
        self, memory: MemoryState | None, elapsed_days: int, grade: int
    ) -> tuple[float, float, int]:
        """The engine's answer to FSRS ``grade`` (1 Again … 4 Easy) given ``elapsed_days``
        after the last review of a card with ``memory`` (None: a new card): the new stability
        and difficulty, and the days to the next review (rounded, 1 to ``maximum_interval``).
        The one place `review` asks the engine, for callers replaying many reviews."""
        states = self._engine.next_states(memory, self.desired_retention, elapsed_days)
        # (each attribute of the engine's answer is a new object: only the grade's is read)
        chosen = getattr(states, _GRADE_STATES[grade - 1])
        new_memory = chosen.memory
        days = min(self.maximum_interval, max(1, round(chosen.interval)))
        return new_memory.stability, new_memory.difficulty, days

    def preview(self, state: FSRSState, today: date) -> dict[Rating, Scheduled[FSRSState]]:
        """What each rating would do to ``state`` if given on ``today``."""
        return {rating: self.review(state, rating, today) for rating in Rating}

    def due_day(self, state: FSRSState) -> date | None:
        """The day a card with this memory is due: its last review plus the interval at which
        recall falls to the desired retention (None for a new card)."""
        if state.stability is None or state.last_review is None:
            return None
        interval = self._engine.next_interval(state.stability, self.desired_retention, 3)
        days = min(self.maximum_interval, max(1, round(interval)))
        return state.last_review + timedelta(days=days)

    def memory_from_sm2(self, sm2: SM2State, due: date | None) -> FSRSState:
        """An FSRS memory for a card SM-2 has scheduled, from its easiness and interval alone
        (the engine's ``memory_state_from_sm2``, as Anki starts a card with no usable history:
        SM-2 is taken to have kept recall at 90 % at the end of each interval); new for a card
        SM-2 has not scheduled."""
        if due is None or sm2.interval < 1:
            return FSRSState()
        memory = self._engine.memory_state_from_sm2(
            float(sm2.easiness), float(sm2.interval), SM2_RETENTION
        )
        return FSRSState(memory.stability, memory.difficulty, due - timedelta(days=sm2.interval))

    def retrievability(self, state: FSRSState, today: date) -> float | None:
        """The probability of recalling the card on ``today`` by FSRS's forgetting curve (None
        for a new card)."""
        if state.stability is None or state.last_review is None:
            return None
        elapsed = max(0, (today - state.last_review).days)
        return recall_probability(elapsed, state.stability, self.parameters)


def recall_probability(elapsed_days: float, stability: float, parameters: Sequence[float]) -> float:
    """FSRS's power forgetting curve: R(t) = (1 + factor * t / S) ** -decay, with ``decay`` the
    parameters' last (FSRS-6's w20; 0.5 for FSRS-4.5's 19 parameters) and ``factor`` chosen so
    that R(S) = 0.9."""
    decay = parameters[20] if len(parameters) > 20 else 0.5
    factor = 0.9 ** (-1 / decay) - 1
    return float((1 + factor * elapsed_days / stability) ** -decay)
