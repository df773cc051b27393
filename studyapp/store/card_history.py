"""One card in full, for its detail page: its content, its deck and where that deck comes
from, its schedule and marks, and its whole history (every rating and every answer).

A card's history is everything the store has of it in time order: each self-rating (any mode)
with the schedule before and after it, and each objective answer in learn, test and matching.
Retired cards have their detail too: their history is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Connection, select

from studyapp.store.cards import CardView, load_cards
from studyapp.store.reviews import UnknownCardError, fsrs_memory
from studyapp.store.scheduler_choice import collection_scheduler
from studyapp.store.schema import answers, card_states, cards, decks, reviews


@dataclass(frozen=True, slots=True)
class CardOrigin:
    """The card's deck and where it comes from: the deck's kind of source (bundled, file,
    export, package, app; None before schema 8) and its file, if any."""

    deck: str
    deck_title: str
    kind: str | None
    path: str | None
    #: the card's stable id within its deck (written in the file, or derived from the question)
    key: str
    #: where the card says its content comes from (a book, a paper), if it says
    source: str | None


@dataclass(frozen=True, slots=True)
class CardState:
    """The card's schedule and the user's marks on it, as stored now."""

    active: bool
    due: date | None
    interval: int
    easiness: Decimal
    repetitions: int
    lapses: int
    reviews: int
    answers: int
    answers_right: int
    last_rating: int | None
    last_reviewed_at: datetime | None
    suspended: bool
    buried_until: date | None
    starred: bool
    flag: int
    leech: bool
    # each scheduler's due day and FSRS's memory (see studyapp.scheduling.paired)
    sm2_due: date | None = None
    fsrs_stability: float | None = None
    fsrs_difficulty: float | None = None
    fsrs_reviewed_on: date | None = None
    fsrs_due: date | None = None


#: The ``card_states`` columns a :class:`CardState` holds (its fields are named after them).
_STATE_FIELDS = tuple(field.name for field in fields(CardState))


@dataclass(frozen=True, slots=True)
class ReviewEntry:
    """One self-rating of the card, with its schedule before and after it."""

    at: datetime
    day: date
    mode: str
    rating: int
    response_ms: int | None
    #: False for a rating that left the schedule alone (a repeat of the day, another mode)
    scheduled: bool
    interval_before: int
    easiness_before: Decimal
    interval_after: int
    easiness_after: Decimal
    due_after: date | None


@dataclass(frozen=True, slots=True)
class AnswerEntry:
    """One answer to the card's question in learn, a test or a matching game."""

    at: datetime
    mode: str
    kind: str
    correct: bool
    #: graded wrong, then marked right by the student ("I was right")
    overridden: bool
    given: str | None
    response_ms: int | None


@dataclass(frozen=True, slots=True)
class CardDetail:
    """Everything the store knows of one card."""

    card: CardView
    origin: CardOrigin
    state: CardState
    created_at: datetime
    updated_at: datetime
    #: when the user last edited the card's content in the app (an import then keeps it)
    edited_at: datetime | None
    retired_at: datetime | None
    reviews: tuple[ReviewEntry, ...]
    answers: tuple[AnswerEntry, ...]
    #: the line the card starts on in its deck's file (None: no file, or not found in it)
    line: int | None = None
    #: the scheduler whose due day the card has (``sm2`` or ``fsrs``)
    scheduler: str = "sm2"
    #: FSRS's predicted chance of recalling the card today (None: no FSRS memory)
    recall: float | None = None

    @property
    def in_file(self) -> bool:
        """Whether the card lives in a deck file the user keeps (not a bundled deck's, not an
        export's or a package's): editing it means editing that file."""
        return self.origin.kind == "file" and self.origin.path is not None


def card_detail(connection: Connection, card_id: int, today: date) -> CardDetail:
    """The card's detail (see :class:`CardDetail`) on the local day ``today``;
    UnknownCardError if there is none."""
    row = connection.execute(
        select(
            cards.c.key, cards.c.source, cards.c.created_at, cards.c.updated_at,
            cards.c.edited_at, cards.c.retired_at, decks.c.key.label("deck"), decks.c.title,
            decks.c.origin, decks.c.origin_kind, card_states,
        )
        .join(decks, decks.c.id == cards.c.deck_id)
        .join(card_states, card_states.c.card_id == cards.c.id)
        .where(cards.c.id == card_id)
    ).one_or_none()  # fmt: skip
    if row is None:
        raise UnknownCardError(f"no card with id {card_id}")
    scheduler = collection_scheduler(connection)
    state = CardState(**{name: row._mapping[name] for name in _STATE_FIELDS})
    memory = fsrs_memory(
        state.sm2_due, state.fsrs_stability, state.fsrs_difficulty, state.fsrs_reviewed_on
    )
    return CardDetail(
        card=load_cards(connection, [card_id])[card_id],
        origin=CardOrigin(row.deck, row.title, row.origin_kind, row.origin, row.key, row.source),
        state=state,
        created_at=row.created_at,
        updated_at=row.updated_at,
        edited_at=row.edited_at,
        retired_at=row.retired_at,
        reviews=card_reviews(connection, card_id),
        answers=card_answers(connection, card_id),
        scheduler=scheduler.name,
        recall=None if memory is None else scheduler.fsrs.retrievability(memory, today),
    )


def card_reviews(connection: Connection, card_id: int) -> tuple[ReviewEntry, ...]:
    """Every self-rating of the card, oldest first."""
    rows = connection.execute(
        select(
            reviews.c.reviewed_at, reviews.c.day, reviews.c.mode, reviews.c.rating,
            reviews.c.response_ms, reviews.c.scheduled, reviews.c.interval_before,
            reviews.c.easiness_before, reviews.c.interval_after, reviews.c.easiness_after,
            reviews.c.due_after,
        )
        .where(reviews.c.card_id == card_id)
        .order_by(reviews.c.reviewed_at, reviews.c.id)
    )  # fmt: skip
    return tuple(ReviewEntry(*row) for row in rows)


def card_answers(connection: Connection, card_id: int) -> tuple[AnswerEntry, ...]:
    """Every answer to the card in learn, test and matching, oldest first."""
    rows = connection.execute(
        select(
            answers.c.answered_at, answers.c.mode, answers.c.kind, answers.c.correct,
            answers.c.overridden, answers.c.given, answers.c.response_ms,
        )
        .where(answers.c.card_id == card_id)
        .order_by(answers.c.answered_at, answers.c.id)
    )  # fmt: skip
    return tuple(AnswerEntry(*row) for row in rows)
