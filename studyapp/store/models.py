"""SQLAlchemy 2.x typed ORM models of the store.

Cards are never deleted: a card that leaves its file is retired and keeps its history.
Every card has one ``CardState`` row (SM-2 schedule plus latest self-rating) from import on;
``due IS NULL`` marks a card never reviewed in spaced mode (a new card).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator

from studyapp.scheduling.sm2 import INITIAL_EASINESS

#: Bumped whenever the schema changes; see ``studyapp.store.database`` for upgrades.
SCHEMA_VERSION = 1

MODES = ("spaced", "learn", "test", "matching")


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes stored as UTC and read back as aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("store only timezone-aware datetimes")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, _dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Easiness(TypeDecorator[Decimal]):
    """An SM-2 easiness factor stored exactly, as an integer number of thousandths."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Any, _dialect: Dialect) -> int | None:
        if value is None:
            return None
        thousandths = (Decimal(str(value)) * 1000).to_integral_value(ROUND_HALF_EVEN)
        return int(thousandths)

    def process_result_value(self, value: int | None, _dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value) / 1000


class Base(DeclarativeBase):
    """Base of every table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        Decimal: Easiness,
        date: Date,
    }


class Meta(Base):
    """Key/value facts about the database itself (schema version, bundled decks digest)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Deck(Base):
    """A deck, identified by the id written in (or derived from) its file."""

    __tablename__ = "decks"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    source: Mapped[str | None] = mapped_column(Text)
    origin: Mapped[str | None] = mapped_column(Text)  # file last imported from
    imported_at: Mapped[datetime]

    cards: Mapped[list[Card]] = relationship(back_populates="deck", order_by="Card.position")


class Card(Base):
    """A card; ``key`` is its stable id within the deck."""

    __tablename__ = "cards"
    __table_args__ = (
        UniqueConstraint("deck_id", "key"),
        Index("ix_cards_deck_position", "deck_id", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    deck_id: Mapped[int] = mapped_column(ForeignKey("decks.id", ondelete="RESTRICT"))
    key: Mapped[str] = mapped_column(String(120))
    position: Mapped[int]
    question: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16))
    short: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    distractors: Mapped[list[str]] = mapped_column(JSON, default=list)
    demo: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    source: Mapped[str | None] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    retired_at: Mapped[datetime | None]

    deck: Mapped[Deck] = relationship(back_populates="cards")
    state: Mapped[CardState] = relationship(back_populates="card")


class CardState(Base):
    """A card's SM-2 schedule and its latest self-rating (from any mode)."""

    __tablename__ = "card_states"
    __table_args__ = (
        Index("ix_card_states_due", "due", "card_id"),
        Index("ix_card_states_introduced", "introduced_on"),
    )

    card_id: Mapped[int] = mapped_column(
        ForeignKey("cards.id", ondelete="CASCADE"), primary_key=True
    )
    repetitions: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    easiness: Mapped[Decimal] = mapped_column(
        default=INITIAL_EASINESS, server_default=text(str(int(INITIAL_EASINESS * 1000)))
    )
    interval: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    due: Mapped[date | None]
    introduced_on: Mapped[date | None]  # local day of the first spaced review
    lapses: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    reviews: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    last_rating: Mapped[int | None]
    last_reviewed_at: Mapped[datetime | None]

    card: Mapped[Card] = relationship(back_populates="state")


class Review(Base):
    """One rating, written the moment it is given; never changed afterwards."""

    __tablename__ = "reviews"
    __table_args__ = (
        Index("ix_reviews_card_time", "card_id", "reviewed_at"),
        Index("ix_reviews_time", "reviewed_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    card_id: Mapped[int] = mapped_column(ForeignKey("cards.id", ondelete="RESTRICT"))
    reviewed_at: Mapped[datetime]
    mode: Mapped[str] = mapped_column(String(16))
    rating: Mapped[int]
    response_ms: Mapped[int | None]
    #: False for ratings that leave the schedule alone (same-session repeats, non-spaced modes).
    scheduled: Mapped[bool]
    repetitions_before: Mapped[int]
    easiness_before: Mapped[Decimal]
    interval_before: Mapped[int]
    due_before: Mapped[date | None]
    repetitions_after: Mapped[int]
    easiness_after: Mapped[Decimal]
    interval_after: Mapped[int]
    due_after: Mapped[date | None]
