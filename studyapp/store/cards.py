"""Reading cards for study: what a study screen shows of each card."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select

from studyapp.numeric.drawing import NumericInstance
from studyapp.store.schema import cards, decks


@dataclass(frozen=True, slots=True)
class CardView:
    """One card's content, as the study modes use it."""

    id: int
    deck: str
    question: str
    answer: str
    type: str
    short: str | None
    tags: tuple[str, ...]
    distractors: tuple[str, ...]
    demo: dict[str, Any] | None
    #: typed answers accepted besides ``short``
    accepted: tuple[str, ...] = ()
    #: where and why the card departs from its source (paragraphs), shown after the answer
    note: str | None = None
    #: a numeric card's spec as stored (compute, params, tolerance); None for other cards
    numeric: dict[str, Any] | None = None
    #: the drawn instance of a numeric card being asked (see studyapp.modes.drawn)
    drawn: NumericInstance | None = None


def load_cards(connection: Connection, card_ids: Iterable[int]) -> dict[int, CardView]:
    """The cards with these ids (retired ones included: a session may still hold them)."""
    wanted = list(dict.fromkeys(card_ids))
    found: dict[int, CardView] = {}
    for start in range(0, len(wanted), 5000):
        rows = connection.execute(
            select(
                cards.c.id, decks.c.key, cards.c.question, cards.c.answer, cards.c.type,
                cards.c.short, cards.c.tags, cards.c.distractors, cards.c.demo,
                cards.c.accepted, cards.c.note, cards.c.numeric_spec,
            )
            .join(decks, decks.c.id == cards.c.deck_id)
            .where(cards.c.id.in_(wanted[start : start + 5000]))
        )  # fmt: skip
        for row in rows:
            found[row.id] = CardView(
                row.id, row.key, row.question, row.answer, row.type, row.short,
                tuple(row.tags), tuple(row.distractors), row.demo, tuple(row.accepted), row.note,
                row.numeric_spec,
            )  # fmt: skip
    return found
