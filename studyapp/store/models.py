"""Typed SQLAlchemy ORM classes over the store's tables (see :mod:`studyapp.store.schema`).

They give typed, object-style access for code that reads a few rows at a time; bulk and hot
paths use Core statements on the same tables.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy.orm import DeclarativeBase, Mapped, relationship

from studyapp.store import schema
from studyapp.store.schema import MODES, SCHEMA_VERSION

__all__ = [
    "MODES",
    "SCHEMA_VERSION",
    "Answer",
    "Base",
    "Card",
    "CardState",
    "Deck",
    "Exam",
    "MatchGame",
    "Meta",
    "Review",
]


class Base(DeclarativeBase):
    """Base of every mapped class; its metadata is the schema module's."""

    metadata = schema.metadata


class Meta(Base):
    """Key/value facts about the database itself (schema version, settings)."""

    __table__ = schema.meta

    key: Mapped[str]
    value: Mapped[str]


class Deck(Base):
    """A deck, identified by the id written in (or derived from) its file."""

    __table__ = schema.decks

    id: Mapped[int]
    key: Mapped[str]
    title: Mapped[str]
    description: Mapped[str]
    tags: Mapped[list[str]]
    source: Mapped[str | None]
    origin: Mapped[str | None]
    origin_digest: Mapped[str | None]
    imported_at: Mapped[datetime]

    cards: Mapped[list[Card]] = relationship(back_populates="deck", order_by="Card.position")


class Card(Base):
    """A card; ``key`` is its stable id within the deck."""

    __table__ = schema.cards

    id: Mapped[int]
    deck_id: Mapped[int]
    key: Mapped[str]
    position: Mapped[int]
    question: Mapped[str]
    answer: Mapped[str]
    type: Mapped[str]
    short: Mapped[str | None]
    tags: Mapped[list[str]]
    distractors: Mapped[list[str]]
    demo: Mapped[dict[str, Any] | None]
    source: Mapped[str | None]
    content_hash: Mapped[str]
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]

    deck: Mapped[Deck] = relationship(back_populates="cards")
    state: Mapped[CardState] = relationship(back_populates="card")


class CardState(Base):
    """A card's SM-2 schedule and its latest self-rating (from any mode)."""

    __table__ = schema.card_states

    card_id: Mapped[int]
    deck_id: Mapped[int]
    active: Mapped[bool]
    repetitions: Mapped[int]
    easiness: Mapped[Decimal]
    interval: Mapped[int]
    due: Mapped[date | None]
    introduced_on: Mapped[date | None]
    lapses: Mapped[int]
    reviews: Mapped[int]
    rating_sum: Mapped[int]
    answers: Mapped[int]
    answers_right: Mapped[int]
    last_rating: Mapped[int | None]
    last_reviewed_at: Mapped[datetime | None]

    card: Mapped[Card] = relationship(back_populates="state")


class Review(Base):
    """One rating, written the moment it is given; never changed afterwards."""

    __table__ = schema.reviews

    id: Mapped[int]
    card_id: Mapped[int]
    reviewed_at: Mapped[datetime]
    mode: Mapped[str]
    rating: Mapped[int]
    response_ms: Mapped[int | None]
    scheduled: Mapped[bool]
    repetitions_before: Mapped[int]
    easiness_before: Mapped[Decimal]
    interval_before: Mapped[int]
    due_before: Mapped[date | None]
    repetitions_after: Mapped[int]
    easiness_after: Mapped[Decimal]
    interval_after: Mapped[int]
    due_after: Mapped[date | None]
    day: Mapped[date]
    rating_before: Mapped[int | None]


class Exam(Base):
    """A finished test over a scope (``all``, ``deck:<id>`` or ``tag:<tag>``)."""

    __table__ = schema.exams

    id: Mapped[int]
    scope: Mapped[str]
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime]
    duration_ms: Mapped[int]
    questions: Mapped[int]
    correct: Mapped[int]
    kinds: Mapped[list[str]]

    answers: Mapped[list[Answer]] = relationship(back_populates="exam", order_by="Answer.id")


class Answer(Base):
    """An objective result: one card's question answered right or wrong."""

    __table__ = schema.answers

    id: Mapped[int]
    card_id: Mapped[int]
    answered_at: Mapped[datetime]
    mode: Mapped[str]
    kind: Mapped[str]
    correct: Mapped[bool]
    overridden: Mapped[bool]
    given: Mapped[str | None]
    response_ms: Mapped[int | None]
    exam_id: Mapped[int | None]

    exam: Mapped[Exam | None] = relationship(back_populates="answers")


class MatchGame(Base):
    """A finished matching game and its time, penalties included."""

    __table__ = schema.match_games

    id: Mapped[int]
    scope: Mapped[str]
    finished_at: Mapped[datetime]
    pairs: Mapped[int]
    mistakes: Mapped[int]
    elapsed_ms: Mapped[int]
    penalty_ms: Mapped[int]
    total_ms: Mapped[int]
