"""Mastery and the cards by stage: new, learning, mastered, and their latest ratings.

Rules, over the scope's *active* cards (a retired card leaves every card figure):

- **mastery %**: each card's latest self-rating (any mode) out of 5, a never-rated card 0,
  averaged: ``100 * sum(latest) / (5 * cards)``, the figure the deck list shows;
- **new**: never rated in any mode, no latest rating (:func:`studyapp.store.queries.is_new`,
  the deck list's "New" too);
- **mastered**: latest rating 4 or 5 *and* an SM-2 interval of at least 21 days (Anki calls a
  card with such an interval "mature"): known now, and remembered over weeks;
- **learning**: the rest, rated at least once but not mastered;
- **ratings**: how many cards have each latest rating, 1 to 5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy import ColumnElement, Connection, and_, case, func, select

from studyapp.analytics.selection import active_cards
from studyapp.scheduling.rating import Rating
from studyapp.scope import Scope
from studyapp.store.deck_list import mastery_percent
from studyapp.store.queries import is_new
from studyapp.store.schema import card_states

#: The lowest latest rating of a mastered card…
MASTERED_RATING: Final = 4
#: …and its shortest SM-2 interval, in days.
MASTERED_INTERVAL: Final = 21


@dataclass(frozen=True, slots=True)
class CardCounts:
    """The scope's active cards by stage, and their latest ratings."""

    cards: int
    new: int
    learning: int
    mastered: int
    #: Cards whose latest rating is 1, 2, 3, 4 and 5.
    ratings: tuple[int, int, int, int, int]

    @property
    def rating_total(self) -> int:
        """The sum of every card's latest rating (never-rated cards 0)."""
        return sum(stars * count for stars, count in enumerate(self.ratings, start=1))

    @property
    def mastery(self) -> float:
        """Mastery %, 0–100: the mean latest rating out of 5, never-rated cards 0."""
        return mastery_percent(self.rating_total, self.cards)


def card_counts(connection: Connection, scope: Scope) -> CardCounts:
    """Count the scope's active cards by latest rating, new, learning and mastered."""
    state = card_states.c

    def how_many(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.sum(case((condition, 1), else_=0))

    mastered = and_(state.last_rating >= MASTERED_RATING, state.interval >= MASTERED_INTERVAL)
    row = connection.execute(
        select(
            func.count(),
            how_many(is_new()),
            how_many(mastered),
            *(how_many(state.last_rating == rating) for rating in Rating),
        ).where(*active_cards(connection, scope))
    ).one()
    cards, new, known, *ratings = (int(value or 0) for value in row)
    return CardCounts(
        cards=cards,
        new=new,
        learning=cards - new - known,
        mastered=known,
        ratings=(ratings[0], ratings[1], ratings[2], ratings[3], ratings[4]),
    )
