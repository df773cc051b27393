"""A spaced-repetition (SM-2) session: today's due cards, rated 1–5, missed cards coming back.

Every rating is handed to the session's :class:`~studyapp.modes.saving.Saver` the moment it is
given (with the moment it was given), and the next card shows at once: the session's order is
its own, so it never waits for the database. Only a card's first spaced rating of the day moves
its schedule; a card rated below 4 returns once the session's other cards (new and due) have
been shown, until it is rated 4 or 5, and, if the session is left before, in any later session
that day, a learning step after that rating (the store derives it from the log). The last
ratings can be undone, schedule and log both restored: a rating not yet written is simply
never written, a written one is taken back after it.

The student may also suspend or bury the card shown (it leaves the session: an undo brings it
back and takes the mark away), star it or flag it (shown on the card, kept as it is by an undo).
A rating that makes a card a leech and suspends it (the store's leech rule) takes it out of the
session once that rating is written; undoing the rating brings it back.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from studyapp.modes.drawn import draw_card
from studyapp.modes.marking import CardMarker
from studyapp.modes.saving import Saver
from studyapp.scheduling.effect import CUSTOM_STUDY_MODE, SCHEDULING_MODE
from studyapp.scheduling.rating import Rating
from studyapp.scheduling.relearning import NextReview, relearns
from studyapp.scheduling.session import SessionQueue

if TYPE_CHECKING:
    from studyapp.collection import Collection
    from studyapp.scope import Scope
    from studyapp.store.cards import CardView
    from studyapp.store.marks import CardMarks
    from studyapp.store.reviews import RatingOutcome


@dataclass(frozen=True, slots=True)
class GivenRating:
    """A rating given in this session; ``saved`` resolves once it is in the review log."""

    card_id: int
    rating: Rating
    scheduled: bool
    saved: Future[RatingOutcome] = field(compare=False, repr=False)
    at: datetime  # when it was given


@dataclass(frozen=True, slots=True)
class SetAside:
    """A card the student suspended or buried in this session; ``saved`` resolves to the ids
    whose mark the write changed (none if the card was so marked already)."""

    card_id: int
    how: str  # "suspended" or "buried"
    saved: Future[list[int]] = field(compare=False, repr=False)


#: What :meth:`SpacedSession.undo` takes back: a rating or a card set aside.
SessionStep = GivenRating | SetAside


@dataclass(frozen=True, slots=True)
class SessionSummary:
    """What a finished (or left) session did."""

    cards: int  # distinct cards rated
    ratings: int  # ratings given, repeats included
    by_rating: dict[int, int]  # how many of each 1–5
    seconds: float
    left: int  # cards still waiting when the session ended (all still due today)
    relearning: int = 0  # of those, cards rated below 4 today: they come back after a step
    back_at: datetime | None = None  # when the first of those is due again
    left_new: int = 0  # of those, new cards (never rated in any mode)
    #: a custom study session (its cards chosen, not today's queue), and whether its ratings
    #: moved schedules (the student chose to reschedule)
    custom: bool = False
    rescheduled: bool = True
    suspended: int = 0  # cards the student suspended in the session (and did not undo)
    buried: int = 0  # cards the student buried in the session


@dataclass
class SpacedSession:
    """One sitting of SM-2 reviews over today's queue (of some decks, or all)."""

    collection: Collection
    order: SessionQueue
    cards: dict[int, CardView]
    started: datetime
    learning_step: timedelta = timedelta(0)
    #: when the cards failed in an earlier session today are due again
    relearning_at: dict[int, datetime] = field(default_factory=dict)
    #: the queue's new cards (never rated in any mode)
    new_cards: frozenset[int] = frozenset()
    revealed: bool = False
    given: list[GivenRating] = field(default_factory=list)
    saver: Saver = field(default_factory=Saver.inline)
    #: a custom study session (cards chosen by the student); ``reschedule`` False: its
    #: ratings are logged in custom mode and move no schedule (no card relearns after them)
    custom: bool = False
    reschedule: bool = True
    _shown_at: datetime | None = None
    #: the stars and flags the student gives the cards shown
    marker: CardMarker = field(init=False)
    #: the card shown, drawn (numeric cards), by its showing: (card id, ratings given before)
    _drawn: tuple[tuple[int, int] | None, CardView | None] = (None, None)
    #: the ratings and settings aside an undo takes back, latest last
    _steps: list[SessionStep] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.marker = CardMarker(self.collection, self.saver)

    @classmethod
    def start(
        cls,
        collection: Collection,
        scope: Scope | Sequence[str] | None = None,
        *,
        saver: Saver | None = None,
    ) -> SpacedSession:
        """A session over today's queue (reviews, then new cards, within the daily limits).

        ``scope`` is a :class:`~studyapp.store.scope.Scope`, deck ids, or None for all decks;
        ``saver`` writes the ratings (default: each at once, on this thread).
        """
        queue = collection.due_queue(scope)
        now = collection.clock.now()
        return cls(
            collection=collection,
            order=SessionQueue.of(queue.card_ids, rated_today=queue.relearning_ids),
            cards=collection.cards(queue.card_ids),
            started=now,
            learning_step=collection.learning_step,
            relearning_at=dict(queue.relearning_at),
            new_cards=frozenset(queue.new) - queue.practised,
            saver=saver if saver is not None else Saver.inline(),
            _shown_at=now,
        )

    @classmethod
    def start_custom(
        cls,
        collection: Collection,
        scope: Scope,
        *,
        reschedule: bool = False,
        saver: Saver | None = None,
    ) -> SpacedSession:
        """A custom study session over every card of ``scope`` that may be studied today (due
        or not, in deck and file order). Its ratings move schedules by the spaced rules only
        with ``reschedule``; otherwise they are logged in custom mode, schedules untouched.
        """
        card_ids = [card.id for card in collection.scope_cards(scope)]
        now = collection.clock.now()
        return cls(
            collection=collection,
            order=SessionQueue.of(card_ids),
            cards=collection.cards(card_ids),
            started=now,
            learning_step=collection.learning_step,
            saver=saver if saver is not None else Saver.inline(),
            custom=True,
            reschedule=reschedule,
            _shown_at=now,
        )

    @property
    def moves_schedules(self) -> bool:
        """Whether this session's ratings may move schedules (not a custom session that
        leaves them alone)."""
        return self.reschedule

    @property
    def current(self) -> CardView | None:
        """The card to show, or None when the session is over; a numeric card drawn afresh
        for each showing, its numbers fixed while it is shown (an undo shows them again)."""
        card_id = self.order.current
        if card_id is None:
            return None
        showing = (card_id, len(self.given))
        if self._drawn[0] != showing:
            drawn = draw_card(self.cards[card_id], "spaced", self.started, *showing)
            self._drawn = (showing, drawn)
        return self._drawn[1]

    @property
    def done(self) -> bool:
        """Whether every card has been rated 4 or 5."""
        return self.order.current is None

    @property
    def remaining(self) -> int:
        """Cards still to show, those to repeat included."""
        return self.order.remaining

    @property
    def to_repeat(self) -> int:
        """Of the cards still to show, those rated below 4 today and not passed since: they
        come after the others (those relearning from an earlier session and due now, first)."""
        return self.order.to_repeat

    def reveal(self) -> None:
        """Show the current card's answer."""
        self.revealed = True

    def reload_card(self, card_id: int) -> None:
        """Read a card's content again (it was edited during the session); shown anew, a
        numeric card drawn afresh."""
        self.cards[card_id] = self.collection.cards([card_id])[card_id]
        self._drawn = (None, None)

    def next_reviews(self) -> dict[Rating, NextReview]:
        """When the current card would come back after each rating given now (the rule the
        rating is recorded by; a repeat of the day leaves its due day)."""
        card = self.current
        if card is None:
            raise RuntimeError("the session is over")
        now = self.collection.clock.now()
        return self.collection.next_reviews(card.id, repeat=self._repeat_today(card.id, now))

    def _repeat_today(self, card_id: int, now: datetime) -> bool:
        """Whether a rating of the card at ``now`` repeats one of the same local day: given in
        this session, or before it on the day it started (the cards relearning then). A
        session left open past midnight schedules each card's first rating of the new day."""
        day = now.date()
        if card_id in self.relearning_at and self.started.date() == day:
            return True
        return any(given.card_id == card_id and given.at.date() == day for given in self.given)

    def rate(self, rating: Rating) -> GivenRating:
        """Rate the current card (after revealing it); handed to the saver at once."""
        card = self.current
        if card is None:
            raise RuntimeError("the session is over")
        if not self.revealed:
            raise RuntimeError("reveal the answer before rating")
        now = self.collection.clock.now()
        shown = self._shown_at or now
        response_ms = max(0, int((now - shown).total_seconds() * 1000))
        repeat = self._repeat_today(card.id, now)
        self.order.rate(rating)
        scheduled = not repeat and self.reschedule
        mode = SCHEDULING_MODE if self.reschedule else CUSTOM_STUDY_MODE
        collection = self.collection
        saved = self.saver.submit(
            "rating",
            lambda: collection.rate(
                card.id, rating, mode=mode, response_ms=response_ms, scheduled=scheduled, at=now
            ),
        )
        given = GivenRating(card.id, rating, scheduled, saved, now)
        self.given.append(given)
        self._steps.append(given)
        self._next_card(now)
        return given

    def set_aside(self, how: str) -> SetAside:
        """Suspend (``how="suspended"``) or bury until tomorrow (``"buried"``) the current card:
        it leaves the session; the write is handed to the saver at once."""
        if how not in ("suspended", "buried"):
            raise ValueError(f"a card is set aside suspended or buried, not {how!r}")
        if self.current is None:
            raise RuntimeError("the session is over")
        collection = self.collection
        card_id = self.order.set_aside()
        if how == "suspended":
            saved = self.saver.submit("suspend", lambda: collection.suspend([card_id]))
        else:
            saved = self.saver.submit("bury", lambda: collection.bury([card_id]))
        step = SetAside(card_id, how, saved)
        self._steps.append(step)
        self._next_card(collection.clock.now())
        return step

    def marks(self) -> CardMarks:
        """The current card's marks (as this session set them)."""
        return self.marker.marks(self._current_id())

    def toggle_star(self) -> bool:
        """Star the current card, or unstar it if starred; whether it is starred now."""
        return self.marker.toggle_star(self._current_id())

    def set_flag(self, flag: int) -> None:
        """Give the current card flag 1–7, or none (0); ValueError for another number."""
        self.marker.set_flag(self._current_id(), flag)

    def _current_id(self) -> int:
        card_id = self.order.current
        if card_id is None:
            raise RuntimeError("the session is over")
        return card_id

    def undo(self) -> SessionStep | None:
        """Take back the last rating (schedule and log restored) or setting aside (the card
        unsuspended or unburied, if this session marked it); None if there is none.

        A write still waiting is cancelled; one being written or written is undone by a write
        queued after it (so it runs once the first is in the store).
        """
        if not self._steps:
            return None
        last = self._steps.pop()
        collection = self.collection
        if isinstance(last, GivenRating):
            self.given.pop()
            if not self.saver.cancel(last.saved):
                self.saver.submit("undo", lambda: collection.undo(last.saved.result().review_id))
        elif not self.saver.cancel(last.saved):
            if last.how == "suspended":
                self.saver.submit(
                    "unsuspend", lambda: collection.suspend(last.saved.result(), on=False)
                )
            else:
                self.saver.submit("unbury", lambda: collection.unbury(last.saved.result()))
        self.order.undo()
        self._next_card(collection.clock.now())
        return last

    def leeches(self) -> list[GivenRating]:
        """The ratings of this session, written, that suspended their card as a leech."""
        return [given for given in self.given if _suspended_leech(given)]

    def settle(self) -> None:
        """Take the cards a written rating suspended as leeches out of the cards to show (call
        when a rating's write is done; each rating and undo does)."""
        leeches = {given.card_id for given in self.leeches()}
        if leeches:
            showing = self.order.current
            self.order.drop(leeches)
            if self.order.current != showing:  # the card shown was the leech: the next one
                self.revealed = False
                self._shown_at = self.collection.clock.now()

    def summary(self) -> SessionSummary:
        """Counts and time of the session so far."""
        counts = Counter(given.rating for given in self.given)
        seconds = (self.collection.clock.now() - self.started).total_seconds()
        latest = {given.card_id: given for given in self.given}
        back = sorted(
            at for card_id in self.order.pending if (at := self._back_at(latest, card_id))
        )
        return SessionSummary(
            cards=len({given.card_id for given in self.given}),
            ratings=len(self.given),
            by_rating={rating: counts.get(rating, 0) for rating in Rating},
            seconds=max(0.0, seconds),
            left=self.order.remaining,
            relearning=len(back),
            back_at=back[0] if back else None,
            left_new=sum(
                card_id in self.new_cards and card_id not in latest
                for card_id in self.order.pending
            ),
            custom=self.custom,
            rescheduled=self.reschedule,
            suspended=sum(isinstance(s, SetAside) and s.how == "suspended" for s in self._steps),
            buried=sum(isinstance(s, SetAside) and s.how == "buried" for s in self._steps),
        )

    def _back_at(self, latest: dict[int, GivenRating], card_id: int) -> datetime | None:
        """When a waiting card is due again if it is relearning (failed here, or in an earlier
        session today and not rated here since), else None."""
        given = latest.get(card_id)
        if not self.reschedule:  # its ratings leave the card as it was: it does not relearn
            return None
        if given is None:
            return self.relearning_at.get(card_id)
        return given.at + self.learning_step if relearns(given.rating) else None

    def _next_card(self, now: datetime) -> None:
        self.revealed = False
        self._shown_at = now
        self.settle()


def _suspended_leech(given: GivenRating) -> bool:
    """Whether a rating is written and suspended its card as a leech."""
    saved = given.saved
    if not saved.done() or saved.cancelled() or saved.exception() is not None:
        return False
    return saved.result().leech == "suspended"
