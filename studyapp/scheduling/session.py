"""One study session's order: a card rated below 4 comes back until it is rated 4 or 5, once
every card not yet shown in the session has been (like Anki's learning cards: a failed card
waits its learning step, and the session's other cards fill that wait).

Only a card's first rating of the day moves its SM-2 schedule; the repeats that follow a low
rating, in this session or after an earlier one that day, are practice and leave the schedule
alone.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field

from studyapp.scheduling.rating import Rating

#: A card rated below this comes back later in the same session.
PASS_TO_LEAVE = Rating.FOUR


@dataclass
class SessionQueue:
    """The order of cards in one session, with missed cards re-queued last."""

    pending: deque[int] = field(default_factory=deque)
    rated: set[int] = field(default_factory=set)
    _history: list[tuple[deque[int], set[int]]] = field(default_factory=list, repr=False)

    @classmethod
    def of(
        cls,
        card_ids: Iterable[int],
        *,
        rated_today: Iterable[int] = (),
    ) -> SessionQueue:
        """A session over these cards, in this order; ``rated_today`` are the cards already
        rated earlier that day (relearning), whose ratings here are repeats."""
        return cls(pending=deque(dict.fromkeys(card_ids)), rated=set(rated_today))

    @property
    def current(self) -> int | None:
        """The card to show now, or None when the session is over."""
        return self.pending[0] if self.pending else None

    @property
    def remaining(self) -> int:
        """Cards still to show (a re-queued card counts once)."""
        return len(self.pending)

    @property
    def to_repeat(self) -> int:
        """Of the cards still to show, those to repeat: rated below 4 today (here or in an
        earlier session) and not rated 4 or 5 since."""
        return sum(card_id in self.rated for card_id in self.pending)

    def rate(self, rating: Rating) -> bool:
        """Rate the current card; True if this rating should move its schedule.

        A rating below 4 puts the card last: after every card not yet shown, and after the
        cards failed before it (due back sooner).
        """
        if not self.pending:
            raise RuntimeError("the session is over; there is no card to rate")
        self._history.append((deque(self.pending), set(self.rated)))
        card_id = self.pending.popleft()
        first_time = card_id not in self.rated
        self.rated.add(card_id)
        if rating < PASS_TO_LEAVE:
            self.pending.append(card_id)
        return first_time

    def set_aside(self) -> int:
        """Take the current card out of the session (suspended or buried by the student), as a
        step :meth:`undo` takes back; its id."""
        if not self.pending:
            raise RuntimeError("the session is over; there is no card to set aside")
        self._history.append((deque(self.pending), set(self.rated)))
        return self.pending.popleft()

    def drop(self, card_ids: Iterable[int]) -> None:
        """Take these cards out of the cards still to show, as no step of its own (a card a
        rating suspended as a leech leaves with that rating: undoing it brings the card back)."""
        gone = set(card_ids)
        if any(card_id in gone for card_id in self.pending):
            self.pending = deque(card_id for card_id in self.pending if card_id not in gone)

    def undo(self) -> bool:
        """Put the order back as it was before the last rating or setting aside; False if
        nothing to undo."""
        if not self._history:
            return False
        self.pending, self.rated = self._history.pop()
        return True
