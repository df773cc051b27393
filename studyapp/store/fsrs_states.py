"""FSRS memories kept in the store beside SM-2's, and the switch between the two schedulers.

Every rating moves both memories (:mod:`studyapp.scheduling.paired`); ``card_states.due`` is the
chosen scheduler's due day, and switching copies the other one's into it. What is kept here is
what that needs: which cards have an FSRS memory still to be worked out (SM-2 scheduled them
before memories were kept), their SM-2 states, and writing memories and due days.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Final

from sqlalchemy import ColumnElement, Connection, Select, bindparam, select, update

from studyapp.scheduling.fsrs_scheduler import FSRSState
from studyapp.scheduling.paired import FSRS
from studyapp.scheduling.sm2 import SM2State
from studyapp.store.schema import card_states

#: A card SM-2 has scheduled whose FSRS memory is not known.
UNKNOWN_MEMORY: Final = card_states.c.sm2_due.is_not(None) & card_states.c.fsrs_stability.is_(None)

_WRITE_MEMORY = (
    update(card_states)
    .where(card_states.c.card_id == bindparam("target"))
    .values(
        fsrs_stability=bindparam("stability"),
        fsrs_difficulty=bindparam("difficulty"),
        fsrs_reviewed_on=bindparam("reviewed_on"),
    )
)
_WRITE_MEMORY_AND_DUE = _WRITE_MEMORY.values(fsrs_due=bindparam("due_day"))
# (no parameter is named after a column: SQLAlchemy sets a column whose name a parameter has)


def cards_where(condition: ColumnElement[bool], deck_id: int | None = None) -> Select[int]:
    """The ids of the cards whose state meets ``condition`` (of one deck, if given)."""
    query = select(card_states.c.card_id).where(condition)
    if deck_id is not None:
        query = query.where(card_states.c.deck_id == deck_id)
    return query


def unknown_memories(deck_id: int | None = None) -> Select[int]:
    """The cards (of one deck, if given) whose FSRS memory is still to be worked out."""
    return cards_where(UNKNOWN_MEMORY, deck_id)


def every_scheduled_card() -> Select[int]:
    """Every card SM-2 has scheduled (those with a memory to work out from their history)."""
    return cards_where(card_states.c.sm2_due.is_not(None))


def sm2_memories(connection: Connection, cards: Select[int]) -> dict[int, tuple[SM2State, date]]:
    """The SM-2 state and due day of the ``cards`` SM-2 has scheduled, by card."""
    rows = connection.execute(
        select(
            card_states.c.card_id,
            card_states.c.repetitions,
            card_states.c.easiness,
            card_states.c.interval,
            card_states.c.sm2_due,
        ).where(card_states.c.card_id.in_(cards), card_states.c.sm2_due.is_not(None))
    )
    return {
        card: (SM2State(n, easiness, interval), due) for card, n, easiness, interval, due in rows
    }


def write_memories(
    connection: Connection,
    memories: Mapping[int, tuple[FSRSState, date | None]],
    *,
    with_due: bool,
) -> None:
    """Keep each card's FSRS memory, and its FSRS due day too ``with_due`` (else the due day
    it has stays)."""
    if not memories:
        return
    rows = [
        {
            "target": card,
            "stability": state.stability,
            "difficulty": state.difficulty,
            "reviewed_on": state.last_review,
        }
        for card, (state, _due) in memories.items()
    ]
    if with_due:
        for row, (_state, due) in zip(rows, memories.values(), strict=True):
            row["due_day"] = due
    connection.execute(_WRITE_MEMORY_AND_DUE if with_due else _WRITE_MEMORY, rows)


def use_due_days_of(connection: Connection, scheduler: str, deck_id: int | None = None) -> int:
    """Make each card's due day the one ``scheduler`` gives it (of one deck, if given); how
    many cards changed."""
    chosen = card_states.c.fsrs_due if scheduler == FSRS else card_states.c.sm2_due
    differs = card_states.c.due.is_distinct_from(chosen)
    condition = differs if deck_id is None else differs & (card_states.c.deck_id == deck_id)
    changed = connection.execute(update(card_states).where(condition).values(due=chosen))
    return int(changed.rowcount)
