"""The review heatmap laid out as a calendar: one column per week, one row per weekday.

Both faces draw the same grid (the TUI in colour, ``studyapp stats`` in text): weeks start on
Monday, the first column may begin mid-week and the last ends today, so the cells outside the
heatmap's days are empty. Each day gets a shade 0–4: 0 for no review, and 1–4 by where its
count falls among the quartiles of the days with reviews, so one busy day does not wash out
the rest of the year (GitHub's and Anki's calendars shade the same way).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Final

from studyapp.analytics.days import DayCount

#: Shades of a day with reviews: 1 (few) to SHADES (many); 0 is a day without.
SHADES: Final = 4
WEEKDAYS: Final = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True, slots=True)
class CalendarCell:
    """One day of the grid."""

    day: date
    count: int
    shade: int  # 0 (none) to SHADES


@dataclass(frozen=True, slots=True)
class Calendar:
    """The heatmap as weeks (columns) of seven weekday cells, None outside the range."""

    weeks: tuple[tuple[CalendarCell | None, ...], ...]
    #: The smallest count of each shade 1..SHADES (a legend: "1+", "4+", …).
    thresholds: tuple[int, ...]

    def month_starts(self) -> list[tuple[int, str]]:
        """(week column, month abbreviation) where a month's first day falls in that week."""
        found: list[tuple[int, str]] = []
        for column, week in enumerate(self.weeks):
            for cell in week:
                if cell is not None and cell.day.day == 1:
                    found.append((column, cell.day.strftime("%b")))
        return found


def shade_thresholds(counts: Sequence[int]) -> tuple[int, ...]:
    """The lowest count of each shade 1..SHADES, from the quartiles of the non-zero counts.

    The busiest day always gets the darkest shade; with fewer than SHADES reviews on it, each
    count is its own shade. With fewer than SHADES different busy counts (the first days of
    study), quartiles mean nothing: the shades split 1 to the busiest day's count evenly.
    """
    busy = sorted(count for count in counts if count > 0)
    if not busy or busy[-1] < SHADES:
        return tuple(range(1, SHADES + 1))
    if len(set(busy)) < SHADES:
        cuts = [busy[-1] * step // SHADES for step in range(SHADES)]
    else:
        cuts = [busy[(len(busy) * step) // SHADES] for step in range(SHADES)]
    cuts[0] = 1
    cuts[-1] = min(cuts[-1], busy[-1])
    for index in range(SHADES - 2, 0, -1):  # below the next shade's, so the top is reachable
        cuts[index] = min(cuts[index], cuts[index + 1] - 1)
    for index in range(1, SHADES):  # strictly rising, so every shade means a larger count
        cuts[index] = max(cuts[index], cuts[index - 1] + 1)
    return tuple(cuts)


def shade_of(count: int, thresholds: Sequence[int]) -> int:
    """A day's shade: 0 without reviews, else the highest shade whose threshold it reaches."""
    return sum(count >= low for low in thresholds) if count > 0 else 0


def calendar(days: Sequence[DayCount]) -> Calendar:
    """Lay consecutive days (oldest first) out in Monday-first week columns."""
    if not days:
        return Calendar((), shade_thresholds(()))
    thresholds = shade_thresholds([day.count for day in days])
    first = days[0].day
    monday = first - timedelta(days=first.weekday())
    weeks: list[list[CalendarCell | None]] = []
    for counted in days:
        column, row = divmod((counted.day - monday).days, 7)
        while len(weeks) <= column:
            weeks.append([None] * 7)
        weeks[column][row] = CalendarCell(
            counted.day, counted.count, shade_of(counted.count, thresholds)
        )
    return Calendar(tuple(tuple(week) for week in weeks), thresholds)
