"""The hardest cards: those the student forgets most in spaced review.

Of the scope's active cards that have lapsed at least once (a spaced rating below 3) or whose
SM-2 easiness has fallen below its starting 2.5, the most lapses first, then the lowest
easiness, then import order.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from sqlalchemy import Connection, or_, select

from studyapp.analytics.selection import active_cards
from studyapp.scheduling.sm2 import INITIAL_EASINESS
from studyapp.scope import Scope
from studyapp.store.schema import card_states, cards, decks

#: How many cards the list holds.
HARDEST_COUNT: Final = 10


@dataclass(frozen=True, slots=True)
class HardCard:
    """A card the student finds hard, with the figures that say so."""

    card_id: int
    deck: str
    question: str
    lapses: int
    easiness: Decimal
    last_rating: int | None


def hardest_cards(
    connection: Connection, scope: Scope, limit: int = HARDEST_COUNT
) -> list[HardCard]:
    """Up to ``limit`` of the scope's hardest active cards, hardest first."""
    state = card_states.c
    hardest = (
        select(state.card_id, state.lapses, state.easiness, state.last_rating)
        .where(
            *active_cards(connection, scope),
            or_(state.lapses > 0, state.easiness < INITIAL_EASINESS),
        )
        .order_by(state.lapses.desc(), state.easiness, state.card_id)
        .limit(limit)
    ).subquery()
    rows = connection.execute(
        select(
            hardest.c.card_id,
            decks.c.key,
            cards.c.question,
            hardest.c.lapses,
            hardest.c.easiness,
            hardest.c.last_rating,
        )
        .join(cards, cards.c.id == hardest.c.card_id)
        .join(decks, decks.c.id == cards.c.deck_id)
        .order_by(hardest.c.lapses.desc(), hardest.c.easiness, hardest.c.card_id)
    )
    return [HardCard(*row) for row in rows]
