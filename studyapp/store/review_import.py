"""Another app's review history written into the store, as if each rating had been given here.

Each imported rating has the effect :func:`studyapp.scheduling.effect.rating_effect` gives it
under the collection's scheduler, in time order, so the review log, the card's schedule and
every running total are exactly what rating the card here would have made them (the per-day
sums follow through their triggers).
The log rows are written in one batch and each card's state once, so a collection's whole
history imports in seconds. The rules:

- A card's first rating on each local day moves its schedule (as a spaced review here
  would); later ratings that day are logged without moving it, like the repeats of a session.
- A rating at or before the card's latest rating in the store is not replayed: the store has
  seen it already, or has newer history of its own. Importing the same history twice adds
  nothing.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final, Generic, TypeVar

from sqlalchemy import Connection, bindparam, insert, select, update

from studyapp.clock import Zone, local_day
from studyapp.scheduling.effect import SCHEDULING_MODE, CardSchedule, rating_effect
from studyapp.scheduling.paired import CardMemory, PairedScheduler
from studyapp.scheduling.rating import Rating
from studyapp.store.reviews import SCHEDULE_COLUMNS, log_row, schedule_columns, schedule_of_row
from studyapp.store.schema import card_states, reviews

#: Anki's answer buttons (1 Again, 2 Hard, 3 Good, 4 Easy) as this app's 1–5 ratings:
#: Again is a failed recall; Hard is recalled with serious difficulty (3, SM-2's lowest
#: pass); Good and Easy are the upper two.
ANKI_BUTTON_RATINGS: Final = {
    1: Rating.NOT_AT_ALL,
    2: Rating.THREE,
    3: Rating.FOUR,
    4: Rating.PERFECTLY,
}

#: How many cards' states are read in one query (under any database's parameter limit).
_CHUNK = 5000

_SCHEDULES = select(card_states.c.card_id, *SCHEDULE_COLUMNS, card_states.c.last_reviewed_at)

#: A card's state after its replayed history (the card is ``target``).
WRITE_STATE = (
    update(card_states)
    .where(card_states.c.card_id == bindparam("target"))
    .values(
        repetitions=bindparam("repetitions"),
        easiness=bindparam("easiness"),
        interval=bindparam("interval"),
        due=bindparam("due"),
        introduced_on=bindparam("introduced_on"),
        sm2_due=bindparam("sm2_due"),
        fsrs_stability=bindparam("fsrs_stability"),
        fsrs_difficulty=bindparam("fsrs_difficulty"),
        fsrs_reviewed_on=bindparam("fsrs_reviewed_on"),
        fsrs_due=bindparam("fsrs_due"),
        last_rating=bindparam("last_rating"),
        last_reviewed_at=bindparam("last_reviewed_at"),
        lapses=card_states.c.lapses + bindparam("lapses_added"),
        reviews=card_states.c.reviews + bindparam("reviews_added"),
        rating_sum=card_states.c.rating_sum + bindparam("rating_sum_added"),
    )
)


@dataclass(frozen=True, slots=True)
class ImportedRating:
    """One rating from another app's history, for a card of this store."""

    card_id: int
    reviewed_at: datetime
    rating: Rating
    response_ms: int | None = None


#: The schedule of a card just imported (its ``card_states`` row's defaults) and no history.
NEW_CARD: tuple[CardSchedule[CardMemory], datetime | None] = (
    CardSchedule(CardMemory(), None, None, None),
    None,
)

K = TypeVar("K", bound=Hashable)


@dataclass(slots=True)
class Replay(Generic[K]):
    """What replaying a history writes: review-log rows and each card's new state, by card."""

    log: list[tuple[K, dict[str, Any]]] = field(default_factory=list)
    states: list[tuple[K, dict[str, Any]]] = field(default_factory=list)


def replay_ratings(
    connection: Connection,
    scheduler: PairedScheduler,
    ratings: Iterable[ImportedRating],
    zone: Zone,
) -> int:
    """Write ratings into the review log and schedules by ``scheduler`` (see the module's
    rules).

    Returns how many were written. The caller owns the transaction.
    """
    histories: dict[int, list[ImportedRating]] = {}
    for rating in ratings:
        histories.setdefault(rating.card_id, []).append(rating)
    current = current_schedules(connection, list(histories))
    replay = replay_histories(scheduler, histories, current, zone)
    if replay.log:
        connection.execute(insert(reviews), [{"card_id": key, **row} for key, row in replay.log])
        connection.execute(WRITE_STATE, [{"target": key, **row} for key, row in replay.states])
    return len(replay.log)


def current_schedules(
    connection: Connection, card_ids: list[int]
) -> dict[int, tuple[CardSchedule[CardMemory], datetime | None]]:
    """The stored schedule and latest rating time of each of these cards."""
    current: dict[int, tuple[CardSchedule[CardMemory], datetime | None]] = {}
    for start in range(0, len(card_ids), _CHUNK):
        chunk = card_ids[start : start + _CHUNK]
        for card_id, *columns, latest in connection.execute(
            _SCHEDULES.where(card_states.c.card_id.in_(chunk))
        ):
            current[card_id] = (schedule_of_row(*columns), latest)
    return current


def replay_histories(
    scheduler: PairedScheduler,
    histories: Mapping[K, list[ImportedRating]],
    current: Mapping[K, tuple[CardSchedule[CardMemory], datetime | None]],
    zone: Zone,
) -> Replay[K]:
    """The review-log rows and new states of replaying each card's history (``histories``,
    by card) over its ``current`` schedule and latest rating time; pure, no database."""
    replay: Replay[K] = Replay()
    for key, history in histories.items():
        log, new_state = replay_card(scheduler, history, current[key], zone)
        replay.log.extend((key, row) for row in log)
        if new_state is not None:
            replay.states.append((key, new_state))
    return replay


class CardReplay:
    """One card's history replayed a rating at a time, in time order, over its ``current``
    schedule and latest rating time (see the module's rules); pure, no database.

    Cards can be replayed side by side, so a whole history is replayed in time order and its
    log rows come out in the order they were given."""

    __slots__ = ("_latest", "_previous_day", "_scheduler", "_zone", "count", "lapses",
                 "latest_written", "rating_sum", "schedule")  # fmt: skip

    def __init__(
        self,
        scheduler: PairedScheduler,
        current: tuple[CardSchedule[CardMemory], datetime | None],
        zone: Zone,
    ) -> None:
        self._scheduler, self._zone = scheduler, zone
        self.schedule, self._latest = current
        self._previous_day: date | None = local_day(self._latest, zone) if self._latest else None
        self.count = self.lapses = self.rating_sum = 0
        self.latest_written: datetime | None = None

    def replay(self, rating: ImportedRating) -> dict[str, Any] | None:
        """The review-log row of the card's next rating (None: the store has seen it)."""
        if self._latest is not None and rating.reviewed_at <= self._latest:
            return None
        day = local_day(rating.reviewed_at, self._zone)
        effect = rating_effect(
            self._scheduler,
            self.schedule,
            rating.rating,
            mode=SCHEDULING_MODE,
            today=day,
            scheduled=day != self._previous_day,
        )
        self.schedule, self._previous_day = effect.after, day
        self.count += 1
        self.lapses += effect.lapse
        self.rating_sum += rating.rating
        self.latest_written = rating.reviewed_at
        return log_row(
            effect,
            mode=SCHEDULING_MODE,
            now=rating.reviewed_at,
            today=day,
            response_ms=rating.response_ms,
        )

    def state(self) -> dict[str, Any] | None:
        """The card's new ``card_states`` values and increments (None: nothing replayed)."""
        if not self.count:
            return None
        schedule = self.schedule
        return {**schedule_columns(schedule), "last_rating": schedule.last_rating,
                "last_reviewed_at": self.latest_written, "lapses_added": self.lapses,
                "reviews_added": self.count, "rating_sum_added": self.rating_sum}  # fmt: skip


def replay_card(
    scheduler: PairedScheduler,
    history: Iterable[ImportedRating],
    current: tuple[CardSchedule[CardMemory], datetime | None],
    zone: Zone,
) -> tuple[list[dict[str, Any]], dict[str, Any] | None]:
    """One card's review-log rows and new state (None: nothing replayed) from replaying its
    ``history`` over its ``current`` schedule and latest rating time by ``scheduler``; pure,
    no database."""
    replay = CardReplay(scheduler, current, zone)
    log = [
        row
        for rating in sorted(history, key=lambda r: r.reviewed_at)
        if (row := replay.replay(rating)) is not None
    ]
    return log, replay.state()
