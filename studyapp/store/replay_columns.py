"""A whole review history replayed in time order, straight into the review log's columns.

An Anki package brings hundreds of thousands of ratings. :class:`CardReplay` gives each its
effect through the scheduling objects (a `CardSchedule` of a `CardMemory`, a `RatingEffect`,
a log row as a dict): about 25 µs a rating. :class:`ColumnReplay` keeps each card's state as
plain numbers instead, moves SM-2 in whole hundredths of EF
(:func:`~studyapp.scheduling.sm2.review_in_hundredths`) and FSRS with one question to the
engine (:meth:`~studyapp.scheduling.fsrs_scheduler.FSRSScheduler.step`), the very arithmetic
the schedulers use, and puts each rating's row straight into columns. The rows and states are
exactly those :class:`CardReplay` gives (a property test holds them to it), in a fraction of the
time.

A card whose state it does not follow (an EF finer than hundredths, an FSRS memory not yet
known while FSRS is the chosen scheduler, or an SM-2 other than the built-in one) is replayed
by :class:`CardReplay`, its rows put in the same columns in their turn.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, Final

from fsrs_rs_python import MemoryState

from studyapp.clock import Zone, local_day
from studyapp.scheduling.effect import SCHEDULING_MODE, CardSchedule
from studyapp.scheduling.fsrs_scheduler import FSRSState, fsrs_grade
from studyapp.scheduling.paired import FSRS, CardMemory, PairedScheduler
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.sm2 import (
    easiness_hundredths,
    easiness_of_hundredths,
    review_in_hundredths,
)
from studyapp.scheduling.sm2_scheduler import SM2Scheduler
from studyapp.store.review_import import CardReplay, ImportedRating

#: The review-log columns a replayed rating fills, in the order of the values of the rows
#: :meth:`ColumnReplay.replay` gives (all of the log's but its id and card).
LOG_COLUMNS: Final = (
    "reviewed_at", "mode", "rating", "response_ms", "scheduled",
    "repetitions_before", "easiness_before", "interval_before", "due_before",
    "repetitions_after", "easiness_after", "interval_after", "due_after",
    "day", "rating_before", "sm2_due_before",
    "fsrs_stability_before", "fsrs_difficulty_before", "fsrs_reviewed_on_before",
    "fsrs_due_before", "fsrs_stability_after", "fsrs_difficulty_after",
)  # fmt: skip

#: The lowest quality SM-2 counts as recalled (a lower one is a lapse).
_PASS_QUALITY: Final = 3
_LAST_ORDINAL: Final = date.max.toordinal()


class _Card:
    """A card's state as plain values, as :class:`ColumnReplay` moves it."""

    __slots__ = ("count", "difficulty", "due", "easiness", "fsrs_due", "fsrs_known",
                 "hundredths", "interval", "introduced_on", "lapses", "last_rating", "latest",
                 "latest_written", "previous_day", "rating_sum", "repetitions", "reviewed_on",
                 "sm2_due", "stability")  # fmt: skip

    def __init__(
        self,
        schedule: CardSchedule[CardMemory],
        latest: datetime | None,
        hundredths: int,
        zone: Zone,
    ) -> None:
        memory = schedule.memory
        self.repetitions, self.interval = memory.sm2.repetitions, memory.sm2.interval
        self.hundredths, self.easiness = hundredths, memory.sm2.easiness
        self.sm2_due = memory.sm2_due
        fsrs = memory.fsrs
        self.fsrs_known = fsrs is not None
        known = fsrs or FSRSState()
        self.stability, self.difficulty = known.stability, known.difficulty
        self.reviewed_on: date | None = known.last_review
        self.fsrs_due = memory.fsrs_due
        self.due, self.introduced_on = schedule.due, schedule.introduced_on
        self.last_rating = schedule.last_rating
        self.latest = latest
        self.previous_day = local_day(latest, zone) if latest is not None else None
        self.count = self.lapses = self.rating_sum = 0
        self.latest_written: datetime | None = None


class ColumnReplay:
    """Many cards' histories replayed side by side, a rating at a time in time order (see the
    module): :meth:`replay` gives each rating's log row as a tuple of :data:`LOG_COLUMNS`'
    values, :meth:`state` each card's new state; pure, no database."""

    def __init__(self, scheduler: PairedScheduler, zone: Zone) -> None:
        self._scheduler, self._zone = scheduler, zone
        self._fast = type(scheduler.sm2) is SM2Scheduler
        self._fsrs_chosen = scheduler.chosen == FSRS
        self._step = scheduler.fsrs.step
        self._cards: dict[int, _Card | CardReplay] = {}
        self._days: dict[int, timedelta] = {}

    def start(self, card: int, current: tuple[CardSchedule[CardMemory], datetime | None]) -> None:
        """Follow card ``card`` from its ``current`` schedule and latest rating time."""
        schedule, latest = current
        hundredths = easiness_hundredths(schedule.memory.sm2.easiness) if self._fast else None
        unknown_under_fsrs = schedule.memory.fsrs is None and self._fsrs_chosen
        if hundredths is None or unknown_under_fsrs:
            self._cards[card] = CardReplay(self._scheduler, current, self._zone)
        else:
            self._cards[card] = _Card(schedule, latest, hundredths, self._zone)

    def replay(
        self, card: int, reviewed_at: datetime, rating: Rating, response_ms: int | None
    ) -> tuple[Any, ...] | None:
        """The log row of the card's next rating, values in :data:`LOG_COLUMNS`' order (None:
        the store has seen it)."""
        state = self._cards[card]
        if type(state) is CardReplay:
            row = state.replay(ImportedRating(0, reviewed_at, rating, response_ms))
            return None if row is None else tuple(row[name] for name in LOG_COLUMNS)
        assert type(state) is _Card
        if state.latest is not None and reviewed_at <= state.latest:
            return None
        day = local_day(reviewed_at, self._zone)
        state.count += 1
        state.rating_sum += rating
        state.latest_written = reviewed_at
        rating_before, state.last_rating = state.last_rating, rating
        repetitions, easiness, interval = state.repetitions, state.easiness, state.interval
        due, sm2_due, fsrs_due = state.due, state.sm2_due, state.fsrs_due
        stability, difficulty, reviewed_on = state.stability, state.difficulty, state.reviewed_on
        if day == state.previous_day:  # a repeat of the day: the schedule stays
            return (reviewed_at, SCHEDULING_MODE, int(rating), response_ms, False,
                    repetitions, easiness, interval, due,
                    repetitions, easiness, interval, due,
                    day, rating_before, sm2_due,
                    stability, difficulty, reviewed_on, fsrs_due,
                    stability, difficulty)  # fmt: skip
        state.previous_day = day
        self._move(state, rating, day)
        if state.introduced_on is None:
            state.introduced_on = day
        return (reviewed_at, SCHEDULING_MODE, int(rating), response_ms, True,
                repetitions, easiness, interval, due,
                state.repetitions, state.easiness, state.interval, state.due,
                day, rating_before, sm2_due,
                stability, difficulty, reviewed_on, fsrs_due,
                state.stability, state.difficulty)  # fmt: skip

    def _move(self, state: _Card, rating: Rating, day: date) -> None:
        """Move both memories of a card by a scheduled ``rating`` on ``day``, as
        :meth:`PairedScheduler.review` does, and set its due day and lapses by the chosen one."""
        quality = int(rating)
        state.repetitions, hundredths, state.interval = review_in_hundredths(
            state.repetitions, state.hundredths, state.interval, quality
        )
        if hundredths != state.hundredths:
            state.hundredths, state.easiness = hundredths, easiness_of_hundredths(hundredths)
        # SM-2's next due day, ending on the last day Python knows (as `sm2.next_due`)
        room = _LAST_ORDINAL - day.toordinal()
        state.sm2_due = date.max if state.interval > room else day + self._in(state.interval)
        lapse = quality < _PASS_QUALITY
        due = state.sm2_due
        if state.fsrs_known:
            grade = fsrs_grade(rating)
            memory = None
            elapsed = 0
            stability, difficulty = state.stability, state.difficulty
            reviewed_on = state.reviewed_on
            if stability is not None and difficulty is not None and reviewed_on is not None:
                memory = MemoryState(stability, difficulty)
                elapsed = max(0, (day - reviewed_on).days)
            stability, difficulty, days = self._step(memory, elapsed, grade)
            if stability <= 0:  # refused as `FSRSState` refuses it
                FSRSState(stability, difficulty, day)
            state.stability, state.difficulty, state.reviewed_on = stability, difficulty, day
            state.fsrs_due = day + self._in(days)
            if self._fsrs_chosen:
                lapse, due = grade == 1 and memory is not None, state.fsrs_due
        else:  # FSRS's memory stays unknown (SM-2 is chosen), and so its due day
            state.fsrs_due = None
        state.due = due
        state.lapses += lapse

    def _in(self, days: int) -> timedelta:
        """``days`` as a timedelta (the few intervals of a history made once each)."""
        delta = self._days.get(days)
        if delta is None:
            delta = self._days[days] = timedelta(days=days)
        return delta

    def state(self, card: int) -> dict[str, Any] | None:
        """The card's new ``card_states`` values and increments (None: nothing replayed), as
        :meth:`CardReplay.state` gives them."""
        state = self._cards.get(card)
        if state is None or type(state) is CardReplay:
            return None if state is None else state.state()
        assert type(state) is _Card
        if not state.count:
            return None
        return {"repetitions": state.repetitions, "easiness": state.easiness,
                "interval": state.interval, "sm2_due": state.sm2_due,
                "fsrs_stability": state.stability, "fsrs_difficulty": state.difficulty,
                "fsrs_reviewed_on": state.reviewed_on, "fsrs_due": state.fsrs_due,
                "due": state.due, "introduced_on": state.introduced_on,
                "last_rating": state.last_rating, "last_reviewed_at": state.latest_written,
                "lapses_added": state.lapses, "reviews_added": state.count,
                "rating_sum_added": state.rating_sum}  # fmt: skip
