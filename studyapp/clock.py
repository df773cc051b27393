"""Time as the app sees it: an injectable clock, and the user's local days.

The app's day is the local date of the clock's ``now``; ``card_states.due``, ``introduced_on``
and each review's ``day`` are such days. The zone is the clock's (``clock.now().tzinfo``): a
fixed offset in the tests, or a ``ZoneInfo`` with its daylight-saving rules. The system clock's
``now()`` carries only today's UTC offset, which would move every moment before a
daylight-saving change by an hour; for it the zone is the machine's own rules (``None``, as
``datetime.astimezone()`` reads them), which give the true midnight of every day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import Protocol

#: A user's time zone; None means the machine's local rules.
Zone = tzinfo | None


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


def zone_of(clock: Clock) -> Zone:
    """The zone whose days the app uses: the clock's, or the machine's for the real clock."""
    return None if isinstance(clock, SystemClock) else clock.now().tzinfo


def local_day(moment: datetime, zone: Zone) -> date:
    """The user's local date of an aware moment."""
    return moment.astimezone(zone).date()


def day_start(day: date, zone: Zone) -> datetime:
    """The UTC moment at which a local day begins (its first instant, even across a DST gap)."""
    midnight = datetime.combine(day, time())
    local = midnight.astimezone() if zone is None else midnight.replace(tzinfo=zone)
    return local.astimezone(UTC)
