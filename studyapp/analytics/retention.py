"""Retention: the share of spaced reviews the student still knew.

Over the last 7, 30 and 365 local days (today included), of the *scheduled spaced* reviews
(mode ``spaced``, the first rating of a card in a session, which moves its SM-2 schedule) the
share rated 3 or more (an SM-2 pass). Same-session repeats and the ratings of the other modes
are practice, not recall after an interval, and are left out. Retired cards' reviews count:
they were real recalls.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

from sqlalchemy import Connection, case, func

from studyapp.analytics.days import Zone
from studyapp.analytics.periods import period_sums
from studyapp.analytics.selection import logged_cards
from studyapp.scope import Scope
from studyapp.store.schema import reviews

#: The periods, in days, retention is given for.
RETENTION_PERIODS: Final = (7, 30, 365)
#: The lowest rating that counts as remembered.
PASS_RATING: Final = 3


@dataclass(frozen=True, slots=True)
class Retention:
    """Retention over the last ``days`` days."""

    days: int
    reviews: int
    passed: int

    @property
    def rate(self) -> float | None:
        """The share passed, 0–1; None when there was no review to judge."""
        return self.passed / self.reviews if self.reviews else None


def retention(
    connection: Connection,
    scope: Scope,
    today: date,
    zone: Zone,
    periods: Sequence[int] = RETENTION_PERIODS,
) -> list[Retention]:
    """Retention over each period of days ending today, in the order asked."""
    passed = case((reviews.c.rating >= PASS_RATING, 1), else_=0)
    sums = period_sums(
        connection,
        reviews.c.reviewed_at,
        [func.count(), func.sum(passed)],
        [
            reviews.c.mode == "spaced",
            reviews.c.scheduled.is_(True),
            *logged_cards(connection, reviews.c.card_id, scope),
        ],
        periods,
        today,
        zone,
    )
    return [Retention(days, count, ok) for days, (count, ok) in zip(periods, sums, strict=True)]
