"""Days as the figures count them: a number per local day, and runs of days.

The user's local day of a moment, and the UTC moment a local day starts, are in
:mod:`studyapp.clock`; each review keeps its own local day (:mod:`studyapp.analytics.daily`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


@dataclass(frozen=True, slots=True)
class DayCount:
    """A number for one local day (reviews made, reviews due)."""

    day: date
    count: int


def days_between(first: date, last: date) -> list[date]:
    """Every day from ``first`` to ``last``, both included (none if ``last`` is earlier)."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]
