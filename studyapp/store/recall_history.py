"""Each card's recalls as a memory model reads them: its scheduled spaced ratings, one a day.

A *recall* is a rating in spaced mode that moved the card's schedule (``scheduled``): the
first spaced rating of the card's local day, imported Anki reviews included. Same-day repeats,
custom study left unscheduled and the other modes are practice, not recall after an interval,
and are left out, as retention leaves them out (:mod:`studyapp.analytics.retention`). FSRS is
fitted to and judged on these (:mod:`studyapp.analytics.fsrs_fit`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from sqlalchemy import Connection, Select, select

from studyapp.scheduling.effect import SCHEDULING_MODE
from studyapp.store.schema import reviews

#: One card's recalls in order: (its local day, the rating 1–5).
Recalls = list[tuple[date, int]]


def recall_histories(
    connection: Connection, cards: Select[int] | None = None
) -> Iterator[tuple[int, Recalls]]:
    """Each card with a recall (of those ``cards`` selects, if given), by card id, and its
    recalls in the order they were given."""
    query = (
        select(reviews.c.card_id, reviews.c.day, reviews.c.rating)
        .where(reviews.c.mode == SCHEDULING_MODE, reviews.c.scheduled.is_(True))
        .order_by(reviews.c.card_id, reviews.c.reviewed_at, reviews.c.id)
    )
    if cards is not None:
        query = query.where(reviews.c.card_id.in_(cards))
    rows = connection.execute(query)
    card_id: int | None = None
    history: Recalls = []
    for row_card, day, rating in rows:
        if row_card != card_id:
            if card_id is not None:
                yield card_id, history
            card_id, history = row_card, []
        history.append((day, int(rating)))
    if card_id is not None:
        yield card_id, history
