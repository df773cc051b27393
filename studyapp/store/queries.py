"""Read-only queries over the store, returning plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

if TYPE_CHECKING:
    from studyapp.decks.models import CardSpec, DeckSpec
from studyapp.store.models import Card, CardState, Deck


@dataclass(frozen=True, slots=True)
class DeckSummary:
    """One row of the deck list: counts for today and mastery."""

    key: str
    title: str
    cards: int
    new: int
    due: int
    mastery: float  # 0–100: mean of each card's latest self-rating out of 5, unseen cards 0


def deck_summaries(session: Session, today: date) -> list[DeckSummary]:
    """Every deck with active cards, new cards, cards due today and mastery %, by deck id."""
    active = Card.retired_at.is_(None)
    rows = session.execute(
        select(
            Deck.key,
            Deck.title,
            func.count(Card.id),
            func.sum(case((CardState.due.is_(None), 1), else_=0)),
            func.sum(case((CardState.due <= today, 1), else_=0)),
            func.avg(func.coalesce(CardState.last_rating, 0)),
        )
        .select_from(Deck)
        .outerjoin(Card, (Card.deck_id == Deck.id) & active)
        .outerjoin(CardState, CardState.card_id == Card.id)
        .group_by(Deck.id)
        .order_by(Deck.key)
    ).all()
    return [
        DeckSummary(key, title, count, int(new or 0), int(due or 0), float(avg or 0) / 5 * 100)
        for key, title, count, new, due, avg in rows
    ]


def deck_keys(session: Session) -> list[str]:
    """The ids of all decks, sorted."""
    return list(session.scalars(select(Deck.key).order_by(Deck.key)))


def stored_deck(session: Session, key: str) -> DeckSpec | None:
    """A deck's active cards, in file order, as a DeckSpec (for export); None if unknown."""
    from studyapp.decks.models import DeckSpec

    deck = session.scalar(select(Deck).where(Deck.key == key))
    if deck is None:
        return None
    cards = session.scalars(
        select(Card)
        .where(Card.deck_id == deck.id, Card.retired_at.is_(None))
        .order_by(Card.position)
    ).all()
    return DeckSpec.model_construct(
        id=deck.key,
        title=deck.title,
        description=deck.description,
        tags=list(deck.tags),
        source=deck.source,
        cards=[_card_spec(card) for card in cards],
    )


def _card_spec(card: Card) -> CardSpec:
    from studyapp.decks.models import CardSpec, CardType, DemoLink

    demo: dict[str, Any] | None = card.demo
    return CardSpec.model_construct(
        id=card.key,
        question=card.question,
        answer=card.answer,
        type=cast(CardType, card.type),
        short=card.short,
        tags=list(card.tags),
        distractors=list(card.distractors),
        demo=DemoLink.model_construct(name=demo["name"], params=dict(demo.get("params", {})))
        if demo
        else None,
        source=card.source,
    )
