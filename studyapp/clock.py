"""Time as the app sees it: an injectable clock, and the user's local day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Something that tells the current time as a timezone-aware datetime in the user's zone."""

    def now(self) -> datetime:
        """The current moment (timezone-aware)."""
        ...


class SystemClock:
    """The real clock, in the machine's local time zone."""

    def now(self) -> datetime:
        """The current moment in local time."""
        return datetime.now(UTC).astimezone()


@dataclass
class FixedClock:
    """A clock that stands still until moved: for tests and benchmarks."""

    moment: datetime

    def __post_init__(self) -> None:
        if self.moment.tzinfo is None:
            raise ValueError("FixedClock needs a timezone-aware datetime")

    def now(self) -> datetime:
        """The moment the clock is set to."""
        return self.moment

    def advance(self, **delta: float) -> None:
        """Move the clock forward by a ``timedelta(**delta)``."""
        self.moment += timedelta(**delta)
