"""Another app's review history written into the store, as if each rating had been given here.

Each imported rating goes through :func:`studyapp.store.reviews.record_rating`, in time order,
so the review log, the card's SM-2 state and every running total stay exactly as this app
keeps them. The rules:

- A card's first rating on each local day moves its SM-2 schedule (as a spaced review here
  would); later ratings that day are logged without moving it, like the repeats of a session.
- A rating at or before the card's latest rating in the store is not replayed: the store has
  seen it already, or has newer history of its own. Importing the same history twice adds
  nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Connection, bindparam, select

from studyapp.clock import Zone, local_day
from studyapp.store.reviews import record_rating
from studyapp.store.schema import card_states

#: Anki's answer buttons (1 Again, 2 Hard, 3 Good, 4 Easy) as this app's 1–5 ratings:
#: Again is a failed recall; Hard is recalled with serious difficulty (3, SM-2's lowest
#: pass); Good and Easy are the upper two.
ANKI_BUTTON_RATINGS = {1: 1, 2: 3, 3: 4, 4: 5}

_LATEST = select(card_states.c.last_reviewed_at).where(card_states.c.card_id == bindparam("target"))


@dataclass(frozen=True, slots=True)
class ImportedRating:
    """One rating from another app's history, for a card of this store."""

    card_id: int
    reviewed_at: datetime
    rating: int
    response_ms: int | None = None


def replay_ratings(connection: Connection, ratings: Iterable[ImportedRating], zone: Zone) -> int:
    """Write ratings into the review log and schedules (see the module's rules).

    Returns how many were written. The caller owns the transaction.
    """
    by_card: dict[int, list[ImportedRating]] = {}
    for rating in ratings:
        by_card.setdefault(rating.card_id, []).append(rating)
    written = 0
    for card_id, history in by_card.items():
        latest = connection.execute(_LATEST, {"target": card_id}).scalar_one_or_none()
        previous_day: date | None = local_day(latest, zone) if latest else None
        for rating in sorted(history, key=lambda r: r.reviewed_at):
            if latest is not None and rating.reviewed_at <= latest:
                continue
            day = local_day(rating.reviewed_at, zone)
            record_rating(
                connection,
                card_id,
                rating.rating,
                mode="spaced",
                now=rating.reviewed_at,
                today=day,
                response_ms=rating.response_ms,
                scheduled=day != previous_day,
            )
            previous_day = day
            written += 1
    return written
