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

from studyapp.analytics.daily import DayWork, between, period_start

#: The periods, in days, retention is given for.
RETENTION_PERIODS: Final = (7, 30, 365)


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
    work: Sequence[DayWork], today: date, periods: Sequence[int] = RETENTION_PERIODS
) -> list[Retention]:
    """Retention over each period of days ending today, in the order asked."""
    found = []
    for days in periods:
        kept = between(work, period_start(days, today), today)
        found.append(Retention(days, sum(d.recalls for d in kept), sum(d.recalled for d in kept)))
    return found
