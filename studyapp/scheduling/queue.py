"""Today's due queue: overdue cards oldest first, then new cards up to a daily limit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from studyapp.store.models import Card, CardState, Deck

DEFAULT_NEW_PER_DAY = 20


@dataclass(frozen=True, slots=True)
class DueQueue:
    """Card ids to study today, in order: reviews (most overdue first), then new cards."""

    reviews: tuple[int, ...]
    new: tuple[int, ...]

    @property
    def card_ids(self) -> tuple[int, ...]:
        """Every card of the queue in study order."""
        return self.reviews + self.new

    def __len__(self) -> int:
        return len(self.reviews) + len(self.new)


_Query = TypeVar("_Query", bound=Select[Any])


def _in_decks(query: _Query, deck_keys: Sequence[str] | None) -> _Query:
    if deck_keys is None:
        return query
    return query.where(
        Card.deck_id.in_(select(Deck.id).where(Deck.key.in_(list(deck_keys))).scalar_subquery())
    )


def new_cards_introduced(
    session: Session, today: date, deck_keys: Sequence[str] | None = None
) -> int:
    """How many new cards had their first spaced review on ``today``."""
    query = (
        select(func.count())
        .select_from(CardState)
        .join(Card, Card.id == CardState.card_id)
        .where(CardState.introduced_on == today)
    )
    if deck_keys is not None:
        query = query.join(Deck, Deck.id == Card.deck_id).where(Deck.key.in_(list(deck_keys)))
    return int(session.scalar(query) or 0)


def build_due_queue(
    session: Session,
    today: date,
    *,
    deck_keys: Sequence[str] | None = None,
    new_per_day: int = DEFAULT_NEW_PER_DAY,
) -> DueQueue:
    """The cards due on ``today`` (the user's local day), deterministic for a given store.

    Reviews: cards whose due day is today or earlier, the longest overdue first (ties by card).
    New: cards never reviewed in spaced mode, in deck and file order, up to ``new_per_day``
    minus the new cards already started today. Retired cards never appear.
    """
    if new_per_day < 0:
        raise ValueError("new_per_day cannot be negative")
    reviews = session.scalars(
        _in_decks(
            select(CardState.card_id)
            .join(Card, Card.id == CardState.card_id)
            .where(CardState.due <= today, Card.retired_at.is_(None))
            .order_by(CardState.due, CardState.card_id),
            deck_keys,
        )
    ).all()
    room = max(0, new_per_day - new_cards_introduced(session, today, deck_keys))
    new: Sequence[int] = ()
    if room:
        new = session.scalars(
            _in_decks(
                select(CardState.card_id)
                .join(Card, Card.id == CardState.card_id)
                .where(CardState.due.is_(None), Card.retired_at.is_(None))
                .order_by(CardState.card_id)
                .limit(room),
                deck_keys,
            )
        ).all()
    return DueQueue(tuple(reviews), tuple(new))
